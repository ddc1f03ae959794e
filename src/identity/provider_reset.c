#include "identity/provider_reset.h"

#include <stdio.h>
#include <string.h>

#include "audit/audit.h"
#include "identity/pwlink.h"
#include "identity/users.h"
#include "notify/mail.h"
#include "store/lang.h"
#include "store/tenants.h"
#include "store/users.h"

struct notify_ctx {
  const struct an_ctx *ctx;
  const struct an_tenant *t;
  const struct an_user *u;
  struct an_mail_outcome *link; /* the set-password link's mail; mail_id 0 = none sent */
};

/* Mails the user a set-password link (the mechanism of new accounts), in the user's language:
 * the operator never sees a password. No address, or one the mailer refuses: no link. */
static int link_txn(const struct notify_ctx *n, struct an_db *db)
{
  n->link->mail_id = 0;
  if (!n->u->email[0])
    return 1;
  char lang[AN_LANG_STRLEN];
  int rc = an_store_user_lang(db, n->t->id, n->u->id, lang);
  if (rc < 0)
    return rc;
  json_t *vars = json_pack("{s:s, s:s}", "name", n->u->display_name, "login", n->u->login);
  struct an_pwlink_issue in = {"user", n->u->id,        n->t->id, n->u->email,
                               lang,   "password_link", vars,     false};
  rc = vars ? an_pwlink_issue_txn(n->ctx, db, &in, n->link) : AN_DB_HARD;
  json_decref(vars);
  return rc;
}

static int notify_txn(struct an_db *db, void *cls)
{
  struct notify_ctx *n = cls;
  int rc = link_txn(n, db);
  if (rc < 0)
    return rc;
  rc = an_audit_changed(n->ctx, db, "user.provider_reset", "user", n->u->id, n->t->id,
                        json_pack("{s:s, s:s, s:b}", "login", n->u->login, "reason",
                                  n->ctx->access_reason, "link_sent", n->link->mail_id != 0));
  if (rc < 0)
    return rc;
  char lang[AN_LANG_STRLEN];
  if ((rc = an_store_tenant_lang(db, n->t->id, lang)) < 0)
    return rc;
  json_t *v = json_pack("{s:s, s:s, s:s}", "company", n->t->name, "login", n->u->login, "reason",
                        n->ctx->access_reason);
  rc = v ? an_mail_notice_msg(n->ctx, db, n->t->id, n->t->responsible_email, n->t->responsible_name,
                              lang, n->link->mail_id ? "provider_reset_link" : "provider_reset", v)
         : AN_DB_HARD;
  json_decref(v);
  return rc;
}

enum an_ec an_provider_reset(const struct an_ctx *ctx, struct an_db *db, int64_t tenant_id,
                             int64_t user_id, char *password, struct an_mail_outcome *link)
{
  link->mail_id = 0;
  link->relay = false;
  if (!an_scope_is_operator(ctx))
    return AN_EC_AUTH_FORBIDDEN;
  if (!ctx->access_reason)
    return AN_EC_ACCESS_REASON_REQUIRED;
  struct an_tenant t;
  struct an_user u;
  int rc = an_store_tenant_by_id(db, tenant_id, &t);
  if (rc > 0)
    rc = an_store_user_by_id(db, tenant_id, user_id, &u);
  if (rc <= 0)
    return an_ec_of_read(rc);
  /* The reset a tenant admin would make, on that tenant's behalf: a thin call, so a change of
   * how resets work (a set-password link) applies here too. */
  struct an_ctx as_tenant = *ctx;
  as_tenant.tenant_id = tenant_id;
  enum an_ec ec = an_user_force_reset(&as_tenant, db, user_id, password);
  if (ec != AN_EC_OK)
    return ec;
  struct notify_ctx n = {&as_tenant, &t, &u, link};
  if (an_db_txn(db, notify_txn, &n) < 0)
    return AN_EC_GENERIC_INTERNAL;
  /* With the link on its way the one-time password is nobody's: forget it. */
  if (link->mail_id)
    memset(password, 0, 25);
  return AN_EC_OK;
}
