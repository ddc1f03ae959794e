#include "support/disclosure.h"

#include <stdio.h>
#include <string.h>

#include "audit/audit.h"
#include "core/calendar.h"
#include "notify/mail.h"
#include "store/lang.h"
#include "store/rows.h"
#include "store/support_breach.h"
#include "store/tenants.h"
#include "support/registers.h"

static int audit(const struct an_ctx *ctx, struct an_db *db, const char *action, int64_t id,
                 int64_t tenant_id, json_t *details)
{
  return an_audit_changed(ctx, db, action, "lawful_disclosure", id, tenant_id, details);
}

/* Mails the contractor's responsible person (in the tenant's language) about disclosure d. */
static int tell(const struct an_ctx *ctx, struct an_db *db, const json_t *d, const char *when)
{
  struct an_tenant t;
  int64_t tenant = an_rec_int(d, "tenant_id");
  int rc = an_store_tenant_by_id(db, tenant, &t);
  if (rc <= 0)
    return rc < 0 ? rc : AN_DB_HARD;
  char lang[AN_LANG_STRLEN] = "ja";
  an_store_tenant_lang(db, tenant, lang);
  json_t *vars =
      json_pack("{s:s, s:s, s:s, s:s, s:s}", "authority", an_rec_str(d, "authority"), "legal_basis",
                an_rec_str(d, "legal_basis"), "data", an_rec_str(d, "data_disclosed"),
                "disclosed_on", an_rec_str(d, "disclosed_on"), "when", when);
  rc = an_mail_notice_msg(ctx, db, tenant, t.responsible_email, t.responsible_name, lang,
                          "lawful_disclosure", vars);
  json_decref(vars);
  return rc;
}

static int record_body(struct an_db *db, void *cls)
{
  struct an_ctx_doc *r = cls;
  int64_t id;
  int rc = an_support_insert(db, an_store_disclosure_insert, r->doc, &id);
  bool prior = !an_rec_int(r->doc, "prior_notice_prohibited");
  if (rc >= 0 && prior)
    rc = tell(r->ctx, db, r->doc, "lawful.when.prior");
  if (rc >= 0 && prior)
    rc =
        an_store_disclosure_notified(db, an_rec_int(r->doc, "tenant_id"), id, "prior", r->ctx->now);
  if (rc >= 0)
    rc = audit(r->ctx, db, "disclosure.record", id, an_rec_int(r->doc, "tenant_id"),
               json_pack("{s:s, s:s, s:s}", "authority", an_rec_str(r->doc, "authority"),
                         "legal_basis", an_rec_str(r->doc, "legal_basis"), "notice",
                         prior ? "prior" : "pending"));
  return rc;
}

enum an_ec an_disclosure_record(const struct an_ctx *ctx, struct an_db *db,
                                const struct an_disclosure_in *in, json_t **out,
                                const char **bad_field)
{
  *out = NULL;
  *bad_field = NULL;
  if (!an_scope_is_operator(ctx))
    return AN_EC_AUTH_FORBIDDEN;
  struct an_date day;
  if (!in->disclosed_on || !an_date_parse(in->disclosed_on, &day)) {
    *bad_field = "disclosed_on";
    return AN_EC_GENERIC_INVALID_FIELD;
  }
  struct an_tenant t;
  int rc = in->tenant_id > 0 ? an_store_tenant_by_id(db, in->tenant_id, &t) : 0;
  if (rc <= 0) {
    *bad_field = "tenant_id";
    return rc < 0 ? AN_EC_GENERIC_INTERNAL : AN_EC_GENERIC_INVALID_FIELD;
  }
  json_t *d =
      json_pack("{s:I, s:s, s:s, s:s, s:s, s:i, s:s, s:s, s:I}", "tenant_id",
                (json_int_t)in->tenant_id, "authority", in->authority, "legal_basis",
                in->legal_basis, "data_disclosed", in->data_disclosed, "disclosed_on",
                in->disclosed_on, "prior_notice_prohibited", in->prior_notice_prohibited ? 1 : 0,
                "notice", in->prior_notice_prohibited ? "pending" : "prior", "recorded_by",
                ctx->actor, "created_us", (json_int_t)ctx->now);
  struct an_ctx_doc r = {ctx, d};
  rc = an_db_txn(db, record_body, &r);
  int64_t id = an_rec_int(d, "id");
  json_decref(d);
  if (rc < 0)
    return AN_EC_GENERIC_INTERNAL;
  return an_store_disclosure_get_all(db, id, out) == 1 ? AN_EC_OK : AN_EC_GENERIC_INTERNAL;
}

struct notify_txn {
  const struct an_ctx *ctx;
  int64_t id;
  enum an_ec ec;
};

static int notify_body(struct an_db *db, void *cls)
{
  struct notify_txn *n = cls;
  json_t *d = NULL;
  int rc = an_store_disclosure_get_all(db, n->id, &d);
  n->ec = rc < 0 ? AN_EC_GENERIC_INTERNAL : rc == 0 ? AN_EC_GENERIC_NOT_FOUND : AN_EC_OK;
  if (rc > 0 && strcmp(an_rec_str(d, "notice"), "pending"))
    n->ec = AN_EC_GENERIC_CONFLICT;
  if (n->ec != AN_EC_OK) {
    json_decref(d);
    return rc < 0 ? rc : AN_DB_ROLLBACK;
  }
  rc = tell(n->ctx, db, d, "lawful.when.after");
  if (rc >= 0)
    rc = an_store_disclosure_notified(db, an_rec_int(d, "tenant_id"), n->id, "after", n->ctx->now);
  if (rc >= 0)
    rc = audit(n->ctx, db, "disclosure.notify", n->id, an_rec_int(d, "tenant_id"),
               json_pack("{s:s}", "notice", "after"));
  json_decref(d);
  return rc;
}

enum an_ec an_disclosure_notify(const struct an_ctx *ctx, struct an_db *db, int64_t id,
                                json_t **out)
{
  *out = NULL;
  if (!an_scope_is_operator(ctx))
    return AN_EC_AUTH_FORBIDDEN;
  struct notify_txn n = {ctx, id, AN_EC_OK};
  int rc = an_db_txn(db, notify_body, &n);
  if (n.ec != AN_EC_OK)
    return n.ec;
  if (rc < 0)
    return AN_EC_GENERIC_INTERNAL;
  return an_store_disclosure_get_all(db, id, out) == 1 ? AN_EC_OK : AN_EC_GENERIC_INTERNAL;
}

enum an_ec an_disclosure_list(const struct an_ctx *ctx, struct an_db *db, json_t **out)
{
  return an_support_register_list(ctx, db, an_store_disclosure_list_all, out);
}
