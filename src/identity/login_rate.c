#include "identity/login_rate.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/alloc.h"
#include "core/ascii.h"
#include "core/buf.h"
#include "core/ratelimit.h"
#include "store/ratelimits.h"

struct an_login_rate {
  struct an_ratelimit *per_ip;      /* [password] login_rate_per_ip a minute */
  struct an_ratelimit *per_account; /* [password] login_rate_per_account a minute */
};

struct an_login_rate *an_login_rate_new(const struct an_config *cfg)
{
  struct an_login_rate *lr = an_calloc(sizeof *lr);
  lr->per_ip = an_ratelimit_new(cfg->login_rate_per_ip, 60, 0);
  lr->per_account = an_ratelimit_new(cfg->login_rate_per_account, 60, 0);
  return lr;
}

void an_login_rate_free(struct an_login_rate *lr)
{
  if (!lr)
    return;
  an_ratelimit_free(lr->per_ip);
  an_ratelimit_free(lr->per_account);
  free(lr);
}

/* One shared counter: false when over limit (*retry set) or on a database error (*retry -1). */
static bool shared_take(const struct an_ctx *ctx, struct an_db *db, const char *prefix,
                        const char *id, long limit, long *retry)
{
  const int64_t window = 60 * 1000000LL, start = ctx->now / window * window;
  if (limit <= 0)
    return true;
  struct an_buf key = {0};
  an_buf_printf(&key, "%s%s", prefix, id);
  int64_t hits = 0;
  int rc = an_store_rate_hit(db, key.data, start, &hits);
  an_buf_free(&key);
  if (rc < 0) {
    *retry = -1;
    return false;
  }
  if (hits <= limit)
    return true;
  *retry = (long)((start + window - ctx->now + 999999) / 1000000);
  if (*retry < 1)
    *retry = 1;
  return false;
}

static bool shared_within(const struct an_ctx *ctx, struct an_db *db, const char *account,
                          long *retry)
{
  const struct an_config *cfg = ctx->cfg;
  bool shared = !strcmp(cfg->rate_limit_store, "database") ||
                (!strcmp(cfg->rate_limit_store, "auto") && an_db_is_postgres(db));
  return !shared || (shared_take(ctx, db, "ip:", ctx->client_ip, cfg->login_rate_per_ip, retry) &&
                     shared_take(ctx, db, "acct:", account, cfg->login_rate_per_account, retry));
}

static bool take(struct an_ratelimit *rl, const char *key, int64_t now, long *retry)
{
  return !rl || an_ratelimit_take(rl, key, now, retry);
}

bool an_login_rate_take(struct an_login_rate *lr, const struct an_ctx *ctx, struct an_db *db,
                        const char *company, const char *login, long *retry)
{
  struct an_buf key = {0};
  an_buf_printf(&key, "%s\n%s", company ? company : "", login ? login : "");
  an_ascii_upper(key.data); /* company codes and logins differ only in case here */
  *retry = 0;
  bool ok = take(lr ? lr->per_ip : NULL, ctx->client_ip, ctx->now, retry) &&
            take(lr ? lr->per_account : NULL, key.data, ctx->now, retry) &&
            shared_within(ctx, db, key.data, retry);
  an_buf_free(&key);
  return ok;
}
