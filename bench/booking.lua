-- wrk: each request books a random mentee into a random one of their mentor's contested slots.
-- Data (tokens, mentors, slot times) comes from the file bench/booking-setup.py writes.
local data = dofile(os.getenv("BOOKING_DATA"))

function setup(thread)
  thread:set("id", math.random(1, 1000000))
end

function init(args)
  math.randomseed(os.time() + id)
end

function request()
  local mentee = data.mentees[math.random(#data.mentees)]
  local slots = data.slots[mentee.mentor]
  local body = string.format(
    '{"mentor_id":"%s","starts_at":"%s","duration_minutes":60,"agenda":"bench booking"}',
    mentee.mentor, slots[math.random(#slots)])
  return wrk.format("POST", nil, {
    ["Content-Type"] = "application/json",
    ["Authorization"] = "Bearer " .. mentee.token,
  }, body)
end

function done(summary, latency, requests)
  io.write(string.format("p50 %.2f ms, p95 %.2f ms, p99 %.2f ms; answers other than 2xx: %d (409 expected)\n",
    latency:percentile(50) / 1000, latency:percentile(95) / 1000, latency:percentile(99) / 1000,
    summary.errors.status))
end
