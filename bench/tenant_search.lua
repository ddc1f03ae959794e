-- wrk script: the operator's tenant search, GET /api/v1/tenants?q=<prefix>&limit=20, with a
-- random company-code prefix per request: "T0" and three random digits (T0000 to T0999), each
-- of which matches the ten seeded tenants T0xxx0..T0xxx9 (T00000 does not exist, so T0000
-- matches nine). The session cookie comes from wrk's -H.

local threads = 0

function setup(thread)
  threads = threads + 1
  thread:set("id", threads)
end

function init(args)
  math.randomseed(os.time() * 1000 + (id or 0) * 7919)
end

function request()
  return wrk.format("GET", string.format("/api/v1/tenants?q=T0%03d&limit=20", math.random(0, 999)))
end
