-- GET <BENCH_PATH_PREFIX><slug> with a uniformly random existing slug (pl-000001 .. pl-100000).
-- The prefix defaults to the public checkout route of the catalog service.
local nrows = tonumber(os.getenv("DB_ROWS") or "100000")
local prefix = os.getenv("BENCH_PATH_PREFIX") or "/api/v1/paylinks/public/"
local counter = 0

function setup(thread)
  counter = counter + 1
  thread:set("thread_id", counter)
end

function init(args)
  math.randomseed(os.time() * 1000 + (thread_id or 0))
end

function request()
  return wrk.format("GET", string.format("%spl-%06d", prefix, math.random(1, nrows)))
end
