#include "core/ctx.h"

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
