/* The registers' shared steps: a new record gets its id the same way, an operator-only list
 * has one scope rule and one answer shape, and a reminder to the desk is sent one way. */
#include "support/registers.h"

#include "core/config.h"
#include "notify/mail.h"
#include "store/rows.h"

enum an_ec an_support_register_list(const struct an_ctx *ctx, struct an_db *db,
                                    int (*list_all)(struct an_db *db, json_t *rows), json_t **out)
{
  *out = NULL;
  if (!an_scope_is_operator(ctx))
    return AN_EC_AUTH_FORBIDDEN;
  json_t *rows = NULL;
  if (an_store_rows_from(db, list_all, &rows) < 0)
    return AN_EC_GENERIC_INTERNAL;
  *out = json_pack("{s:o}", "items", rows);
  return AN_EC_OK;
}

int an_support_insert(struct an_db *db,
                      int (*insert)(struct an_db *db, const json_t *rec, int64_t *id), json_t *rec,
                      int64_t *id)
{
  int64_t made = 0;
  int rc = insert(db, rec, &made);
  if (rc < 0)
    made = 0;
  json_object_set_new(rec, "id", json_integer(made));
  if (id)
    *id = made;
  return rc;
}

int an_support_desk_remind(const struct an_ctx *ctx, struct an_db *db, const char *key,
                           json_t *vars)
{
  int rc = an_mail_queue(ctx, db, ctx->cfg->support_privacy_email, key, "ja", vars);
  json_decref(vars);
  return rc == AN_MAIL_REFUSED ? 1 : rc;
}
