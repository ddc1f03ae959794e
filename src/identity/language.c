#include "identity/language.h"

#include <stdio.h>

#include "audit/audit.h"
#include "core/format.h"

/* The person's language, or AN_DB_ROLLBACK for a subject without one. */
static int get(const struct an_ctx *ctx, struct an_db *db, char out[AN_LANG_STRLEN])
{
  if (ctx->subject == AN_SUBJECT_USER && ctx->tenant_id)
    return an_store_user_lang(db, ctx->tenant_id, ctx->subject_id, out);
  if (ctx->subject == AN_SUBJECT_STAFF)
    return an_store_staff_lang(db, ctx->subject_id, out);
  return AN_DB_ROLLBACK;
}

enum an_ec an_language_get(const struct an_ctx *ctx, struct an_db *db, char out[AN_LANG_STRLEN])
{
  int rc = get(ctx, db, out);
  return an_ec_of_read(rc == AN_DB_ROLLBACK ? 0 : rc); /* a subject without a language: none */
}

struct set {
  const struct an_ctx *ctx;
  const char *lang;
  bool found;
};

static int set_txn(struct an_db *db, void *cls)
{
  struct set *s = cls;
  const struct an_ctx *ctx = s->ctx;
  char was[AN_LANG_STRLEN];
  int rc = get(ctx, db, was);
  if (rc <= 0)
    return rc < 0 ? rc : AN_DB_ROLLBACK;
  s->found = true;
  rc = ctx->subject == AN_SUBJECT_USER
           ? an_store_user_set_lang(db, ctx->tenant_id, ctx->subject_id, s->lang)
           : an_store_staff_set_lang(db, ctx->subject_id, s->lang);
  if (rc < 0)
    return rc;
  return an_audit_changed(ctx, db, "me.language",
                          ctx->subject == AN_SUBJECT_USER ? "user" : "staff", ctx->subject_id, 0,
                          json_pack("{s:s, s:s}", "from", was, "to", s->lang));
}

enum an_ec an_language_set(const struct an_ctx *ctx, struct an_db *db, const char *lang)
{
  if (!an_lang_valid(lang))
    return AN_EC_GENERIC_INVALID_FIELD;
  struct set s = {ctx, lang, false};
  int rc = an_db_txn(db, set_txn, &s);
  if (!s.found)
    return rc < 0 && rc != AN_DB_ROLLBACK ? AN_EC_GENERIC_INTERNAL : AN_EC_GENERIC_NOT_FOUND;
  return rc < 0 ? AN_EC_GENERIC_INTERNAL : AN_EC_OK;
}
