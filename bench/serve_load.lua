-- wrk script for bench/serve_load.sh: GET /recommend/user/{id} for a random known user
-- id per request (ids from the file in $USER_IDS, one per line), seeded per thread.
local ids = {}
local file = assert(io.open(os.getenv("USER_IDS"), "r"))
for line in file:lines() do ids[#ids + 1] = line end
file:close()
local counter = 0
math.randomseed(42)

function setup(thread)
  counter = counter + 1
  thread:set("seed", counter)
end

function init(args)
  math.randomseed(42 + (seed or 0))
end

function request()
  return wrk.format("GET", "/recommend/user/" .. ids[math.random(#ids)] .. "?n=10")
end
