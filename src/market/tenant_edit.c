#include "market/tenant_edit.h"

#include <stdlib.h>
#include <string.h>

#include "core/email.h"
#include "identity/tenants.h"
#include "market/body_fields.h"
#include "market/market.h"
#include "market/rules.h"
#include "notify/mail.h"
#include "store/lang.h"
#include "store/tenants.h"

#define T struct an_tenant_patch
static const struct an_field TENANT_PATCH[] = {
    AN_FIELD_IN(T, name, AN_F_TEXT, true, 1, 200),
    AN_CONTRACTOR_FIELDS_IN(T, true),
    AN_FIELD_IN(T, notified_on, AN_F_TEXT, true, 10, 10),
};
const struct an_spec an_tenant_patch_spec = AN_SPEC(T, TENANT_PATCH, nulls);
#undef T

struct edit {
  const struct an_ctx *ctx;
  const struct an_tenant_patch *in;
  struct an_tenant before, after;
  char *address, *phone; /* after the change */
  json_t *changed;       /* the names of the fields that changed */
  char notified_on[AN_DATE_STRLEN], today[AN_DATE_STRLEN];
  bool late;
};

static void note(json_t *changed, const char *field, const char *from, const char *to)
{
  if (to && strcmp(from, to))
    json_array_append_new(changed, json_string(field));
}

/* The responsible person (and the one replaced, by mail) is told what is registered now. */
static int tell(struct edit *x, struct an_db *db)
{
  json_t *v = json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s}", "name",
                        x->after.responsible_name, "before", x->before.responsible_name, "company",
                        x->after.name, "email", x->after.responsible_email, "address", x->address,
                        "phone", x->phone, "changed_on", x->today, "notified_on", x->notified_on);
  if (!v)
    return AN_DB_HARD;
  int rc = an_market_notify_tenant(x->ctx, db, &x->after, "change", "tenant_details_edited", v, "");
  const char *old = x->before.responsible_email;
  if (rc >= 0 && old[0] && strcmp(old, x->after.responsible_email)) {
    char lang[AN_LANG_STRLEN];
    if ((rc = an_store_tenant_lang(db, x->before.id, lang)) >= 0)
      rc = an_mail_notice_msg(x->ctx, db, x->before.id, old, x->before.responsible_name, lang,
                              "responsible_old", v);
  }
  json_decref(v);
  return rc;
}

static int edit_txn(struct an_db *db, void *cls)
{
  struct edit *x = cls;
  const struct an_tenant_patch *in = x->in;
  int64_t id = x->before.id;
  int rc = an_store_tenant_set_details(db, id, in->name, in->address, in->phone,
                                       in->responsible_name, in->responsible_email, x->ctx->now);
  if (rc <= 0)
    return rc < 0 ? rc : AN_DB_ROLLBACK;
  free(x->address); /* a retried transaction reads them again */
  free(x->phone);
  x->address = x->phone = NULL;
  if ((rc = an_store_tenant_by_id(db, id, &x->after)) <= 0 ||
      (rc = an_store_tenant_particulars(db, id, &x->address, &x->phone)) <= 0)
    return rc < 0 ? rc : AN_DB_HARD;
  json_t *d = json_pack("{s:O, s:s, s:b}", "changed", x->changed, "notified_on", x->notified_on,
                        "late_notice", x->late);
  if (d && in->name && strcmp(in->name, x->before.name)) /* public, not personal: shown as is */
    json_object_set_new(d, "name", json_pack("{s:s, s:s}", "from", x->before.name, "to", in->name));
  rc = d ? an_market_audit(x->ctx, db, "tenant.details_edit", "tenant", id, id, d) : AN_DB_HARD;
  json_decref(d);
  return rc < 0 ? rc : tell(x, db);
}

/* Checks the patch against what is registered and lists what it changes. */
static enum an_ec check(struct edit *x, struct an_db *db, const char **field)
{
  const struct an_tenant_patch *in = x->in;
  struct an_date today = an_market_today(x->ctx), on = today;
  an_date_format(today, x->today, sizeof x->today);
  if (in->notified_on && (!an_date_parse(in->notified_on, &on) || an_date_cmp(on, today) > 0))
    return *field = "notified_on", AN_EC_GENERIC_INVALID_FIELD;
  an_date_format(on, x->notified_on, sizeof x->notified_on);
  x->late = an_details_change_late(on, today);
  if (in->responsible_email && !an_email_valid(in->responsible_email))
    return *field = "responsible_email", AN_EC_GENERIC_INVALID_FIELD;
  char *address = NULL, *phone = NULL;
  if (an_store_tenant_particulars(db, x->before.id, &address, &phone) != 1)
    return AN_EC_GENERIC_INTERNAL;
  note(x->changed, "name", x->before.name, in->name);
  note(x->changed, "address", address, in->address);
  note(x->changed, "phone", phone, in->phone);
  note(x->changed, "responsible_name", x->before.responsible_name, in->responsible_name);
  note(x->changed, "responsible_email", x->before.responsible_email, in->responsible_email);
  free(address);
  free(phone);
  if (!json_array_size(x->changed))
    return *field = "name", AN_EC_GENERIC_INVALID_FIELD;
  return AN_EC_OK;
}

enum an_ec an_tenant_update(const struct an_ctx *ctx, struct an_db *db, int64_t id,
                            const struct an_tenant_patch *in, const char **field, json_t **out)
{
  *out = NULL;
  struct edit *x = calloc(1, sizeof *x); /* two tenant rows: too large for the stack */
  if (!x)
    return AN_EC_GENERIC_INTERNAL;
  x->ctx = ctx;
  x->in = in;
  x->changed = json_array();
  enum an_ec ec = AN_EC_OK;
  int rc = an_store_tenant_by_id(db, id, &x->before);
  if (rc <= 0)
    ec = rc < 0 ? AN_EC_GENERIC_INTERNAL : AN_EC_GENERIC_NOT_FOUND;
  if (ec == AN_EC_OK)
    ec = check(x, db, field);
  if (ec == AN_EC_OK && an_db_txn(db, edit_txn, x) < 0)
    ec = AN_EC_GENERIC_INTERNAL;
  if (ec == AN_EC_OK)
    *out = json_pack("{s:o, s:O, s:s, s:b}", "tenant", an_tenant_json(&x->after), "changed",
                     x->changed, "notified_on", x->notified_on, "late_notice", x->late);
  json_decref(x->changed);
  free(x->address);
  free(x->phone);
  free(x);
  if (ec == AN_EC_OK && !*out)
    ec = AN_EC_GENERIC_INTERNAL;
  return ec;
}
