#include "core/ctx.h"

#include <stdio.h>
#include <string.h>

#include "core/time.h"

const char *an_subject_name(enum an_subject s)
{
  switch (s) {
  case AN_SUBJECT_STAFF:
    return "staff";
  case AN_SUBJECT_USER:
    return "user";
  case AN_SUBJECT_SYSTEM:
    return "system";
  case AN_SUBJECT_TOKEN:
    return "token";
  case AN_SUBJECT_NONE:
    break;
  }
  return "anonymous";
}

bool an_ctx_is_operator(const struct an_ctx *ctx)
{
  return ctx->subject == AN_SUBJECT_STAFF && ctx->shop_id == 0;
}

static struct an_scope scope_of(const struct an_ctx *ctx)
{
  bool person = ctx->subject == AN_SUBJECT_STAFF || ctx->subject == AN_SUBJECT_USER ||
                ctx->subject == AN_SUBJECT_TOKEN;
  if (ctx->subject == AN_SUBJECT_SYSTEM)
    return (struct an_scope){AN_SCOPE_OPERATOR, 0};
  if (!person)
    return (struct an_scope){AN_SCOPE_PUBLIC, 0};
  if (ctx->shop_id > 0 && ctx->subject != AN_SUBJECT_USER)
    return (struct an_scope){AN_SCOPE_SHOP, ctx->shop_id};
  if (ctx->tenant_id > 0 && ctx->subject != AN_SUBJECT_STAFF)
    return (struct an_scope){AN_SCOPE_TENANT, ctx->tenant_id};
  if (ctx->subject != AN_SUBJECT_USER && !ctx->tenant_id && !ctx->shop_id)
    return (struct an_scope){AN_SCOPE_OPERATOR, 0};
  return (struct an_scope){AN_SCOPE_PUBLIC, 0};
}

struct an_scope an_scope_resolve(struct an_ctx *ctx)
{
  ctx->scope = scope_of(ctx);
  return ctx->scope;
}

int64_t an_scope_tenant(const struct an_ctx *ctx)
{
  return ctx->scope.kind == AN_SCOPE_TENANT ? ctx->scope.id : 0;
}

int64_t an_scope_shop(const struct an_ctx *ctx)
{
  return ctx->scope.kind == AN_SCOPE_SHOP ? ctx->scope.id : 0;
}

bool an_scope_is_operator(const struct an_ctx *ctx)
{
  return ctx->scope.kind == AN_SCOPE_OPERATOR;
}

void an_ctx_system(struct an_ctx *ctx, const struct an_config *cfg, const struct an_keys *keys,
                   const char *actor, const char *request_id)
{
  memset(ctx, 0, sizeof *ctx);
  ctx->cfg = cfg;
  ctx->keys = keys;
  ctx->now = an_time_now_us();
  ctx->subject = AN_SUBJECT_SYSTEM;
  snprintf(ctx->actor, sizeof ctx->actor, "%s", actor);
  snprintf(ctx->client_ip, sizeof ctx->client_ip, "%s", "local");
  snprintf(ctx->request_id, sizeof ctx->request_id, "%s", request_id);
  an_scope_resolve(ctx);
}
