-- wrk script: PUT /api/v1/session-policy as a tenant admin (one tenant-row update and one audit
-- event in one transaction), used by bench/writes.sh.
--   BENCH_WRITE_SESSIONS  file of "cookie csrf" lines, one per tenant (bench/write_setup.py)
--   BENCH_WRITE_TENANTS   how many of them to write to (1 = all requests on the first tenant)
-- Requests go round the tenants in turn; the policy value changes on every request.

local file = os.getenv("BENCH_WRITE_SESSIONS")
local want = tonumber(os.getenv("BENCH_WRITE_TENANTS") or "1")
local threads = 0

function setup(thread)
  threads = threads + 1
  thread:set("id", threads)
end

local sessions = {}
local n = 0

function init(args)
  for line in io.lines(file) do
    local cookie, csrf = line:match("^(%S+) (%S+)$")
    if cookie and #sessions < want then
      sessions[#sessions + 1] = {["Cookie"] = "anshin_session=" .. cookie, ["X-CSRF-Token"] = csrf,
                                 ["Content-Type"] = "application/json"}
    end
  end
  assert(#sessions > 0, "writes.lua: no sessions in " .. tostring(file))
  n = (id or 1) * 7919
end

function request()
  n = n + 1
  local h = sessions[n % #sessions + 1]
  local body = string.format('{"idle_timeout_minutes":%d,"mfa_required":false}', 5 + n % 400)
  return wrk.format("PUT", "/api/v1/session-policy", h, body)
end
