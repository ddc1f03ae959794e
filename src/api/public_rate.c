#include "api/public_rate.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/kinds.h"
#include "core/ascii.h"
#include "core/buf.h"
#include "core/ratelimit.h"
#include "http/request.h"
#include "http/server_state.h"

static bool take(struct an_ratelimit *rl, const char *key, int64_t now, long *retry)
{
  return !rl || an_ratelimit_take(rl, key, now, retry);
}

bool an_api_public_write_or_reply(struct an_request *r, an_ret *ret)
{
  long retry = 0;
  struct an_buf key = {0};
  an_buf_printf(&key, "ip:%s", r->ctx.client_ip);
  bool ok = take(r->server->public_per_ip, key.data, r->ctx.now, &retry) &&
            take(r->server->public_global, "all", r->ctx.now, &retry);
  an_buf_free(&key);
  if (ok)
    return true;
  *ret = an_api_retry_after(r, AN_EC_GENERIC_RATE_LIMITED, retry > 0 ? retry : 1);
  return false;
}

bool an_api_public_recipient_ok(struct an_request *r, const char *addr)
{
  long retry = 0;
  struct an_buf key = {0};
  an_buf_printf(&key, "to:%s", addr ? addr : "");
  an_ascii_upper(key.data);
  bool ok = take(r->server->public_recipient, key.data, r->ctx.now, &retry);
  an_buf_free(&key);
  return ok;
}
