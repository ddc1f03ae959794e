-- wrk script: POST /api/v1/auth/login with valid credentials (used by bench/bench.sh).
--
-- Two modes, chosen by the environment:
--   BENCH_LOGIN_BODY      the JSON body, sent as is on every request (one account).
--   BENCH_LOGIN_TENANTS   N: every request logs in a random member of a random seeded tenant,
--   BENCH_LOGIN_PASSWORD  company code T00001..T<N>, login u02..u10, this password.
-- Spreading the logins keeps the rows valid on any machine: a tenant user's attempt counts
-- against the account's lockout limit (5 by default) while its hash is being checked, so 5 or
-- more logins of one account in flight at once (a server with 5 or more worker threads) would
-- lock it and the rest of the run would measure 401s.

local body = os.getenv("BENCH_LOGIN_BODY")
local tenants = tonumber(os.getenv("BENCH_LOGIN_TENANTS") or "")
local password = os.getenv("BENCH_LOGIN_PASSWORD")
if body == nil or body == "" then
  body = nil
  assert(tenants and tenants > 0 and password,
         "login.lua: set BENCH_LOGIN_BODY, or BENCH_LOGIN_TENANTS and BENCH_LOGIN_PASSWORD")
end

local headers = {["Content-Type"] = "application/json"}
local threads = 0

function setup(thread)
  threads = threads + 1
  thread:set("id", threads)
end

function init(args)
  math.randomseed(os.time() * 1000 + (id or 0) * 7919)
end

function request()
  local b = body
  if b == nil then
    b = string.format('{"company_code":"T%05d","login":"u%02d","password":"%s"}',
                      math.random(1, tenants), math.random(2, 10), password)
  end
  return wrk.format("POST", nil, headers, b)
end
