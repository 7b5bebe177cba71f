-- wrk: each request is a correct login for a random one of the benchmark's accounts
-- (burst0@bench.example.org … burst{N-1}@…, all with BENCH_PASSWORD). Counts answers by class.
local accounts = tonumber(os.getenv("BENCH_ACCOUNTS") or "100")
local password = os.getenv("BENCH_PASSWORD")
local threads = {}

function setup(thread)
  thread:set("id", #threads + 1)
  table.insert(threads, thread)
end

function init(args)
  math.randomseed(os.time() * 100 + id)
  ok, limited, unavailable, server_errors, other = 0, 0, 0, 0, 0
end

function request()
  local body = string.format('{"email":"burst%d@bench.example.org","password":"%s"}',
    math.random(0, accounts - 1), password)
  return wrk.format("POST", nil, { ["Content-Type"] = "application/json" }, body)
end

function response(status, headers, body)
  if status == 200 then ok = ok + 1
  elseif status == 429 then limited = limited + 1
  elseif status == 503 then unavailable = unavailable + 1
  elseif status >= 500 then server_errors = server_errors + 1
  else other = other + 1 end
end

function done(summary, latency, requests)
  local t = { ok = 0, limited = 0, unavailable = 0, server_errors = 0, other = 0 }
  for _, thread in ipairs(threads) do
    for key, _ in pairs(t) do t[key] = t[key] + thread:get(key) end
  end
  io.write(string.format(
    "logins: p50 %.0f ms, p99 %.0f ms; 200: %d, 429: %d, 503 (queue deadline): %d, other 5xx: %d, other: %d\n",
    latency:percentile(50) / 1000, latency:percentile(99) / 1000,
    t.ok, t.limited, t.unavailable, t.server_errors, t.other))
end
