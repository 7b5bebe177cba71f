-- wrk: each request books a random mentee into a random one of their mentor's contested slots.
-- Data (tokens, mentors, slot times) comes from the file bench/booking-setup.py writes.
local data = dofile(os.getenv("BOOKING_DATA"))
local threads = {}

function setup(thread)
  thread:set("id", #threads + 1)
  table.insert(threads, thread)
end

function init(args)
  math.randomseed(os.time() * 100 + id)
  created, conflicts, other = 0, 0, 0
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

function response(status, headers, body)
  if status == 201 then
    created = created + 1
  elseif status == 409 then
    conflicts = conflicts + 1
  else
    other = other + 1
  end
end

function done(summary, latency, requests)
  local c, k, o = 0, 0, 0
  for _, thread in ipairs(threads) do
    c = c + thread:get("created")
    k = k + thread:get("conflicts")
    o = o + thread:get("other")
  end
  io.write(string.format("p50 %.2f ms, p95 %.2f ms, p99 %.2f ms; 201 booked: %d, 409 conflict: %d, other: %d\n",
    latency:percentile(50) / 1000, latency:percentile(95) / 1000, latency:percentile(99) / 1000, c, k, o))
end
