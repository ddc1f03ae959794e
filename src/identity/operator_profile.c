#include "identity/operator_profile.h"

#include <string.h>

#include "audit/audit.h"
#include "core/messages.h"
#include "core/utf8.h"

int an_operator_profile_get(struct an_db *db, struct an_operator_profile *out)
{
  int rc = an_store_operator_profile_get(db, out);
  return rc < 0 ? rc : 1; /* a missing row reads as "nothing entered yet" */
}

bool an_invoice_number_valid(const char *s)
{
  if (!s[0])
    return true;
  if (s[0] != 'T' || strlen(s) != 14)
    return false;
  for (int i = 1; i < 14; i++)
    if (s[i] < '0' || s[i] > '9')
      return false;
  return true;
}

static void field_error(json_t **errs, const char *field, const char *key)
{
  json_t *e = an_msg_field_error(field, key, NULL);
  if (!e)
    return;
  json_object_set_new(e, "field", json_string(field));
  if (!*errs)
    *errs = json_array();
  json_array_append_new(*errs, e);
}

struct set {
  const struct an_ctx *ctx;
  const struct an_operator_profile *p;
};

static int set_txn(struct an_db *db, void *cls)
{
  struct set *c = cls;
  int rc = an_store_operator_profile_put(db, c->p);
  if (rc < 0)
    return rc;
  json_t *d = an_operator_profile_json(c->p);
  struct an_audit_rec rec = {.action = "operator_profile.update",
                             .target = "operator_profile",
                             .outcome = "success",
                             .details = d};
  rc = an_audit_append(c->ctx, db, &rec);
  json_decref(d);
  return rc;
}

enum an_ec an_operator_profile_set(const struct an_ctx *ctx, struct an_db *db,
                                   const struct an_operator_profile *in, json_t **errors)
{
  *errors = NULL;
  if (!an_invoice_number_valid(in->invoice_number))
    field_error(errors, "invoice_number", "field.invoice_number.format");
  if (in->invoice_number[0] && !in->legal_name[0])
    field_error(errors, "legal_name", "field.legal_name.required");
  if (*errors)
    return AN_EC_GENERIC_INVALID_FIELD;
  struct an_operator_profile p = *in;
  p.updated_at = ctx->now;
  struct set c = {ctx, &p};
  return an_db_txn(db, set_txn, &c) < 0 ? AN_EC_GENERIC_INTERNAL : AN_EC_OK;
}

json_t *an_operator_profile_json(const struct an_operator_profile *p)
{
  return json_pack("{s:s, s:s, s:s, s:s, s:s}", "legal_name", p->legal_name, "address", p->address,
                   "representative", p->representative, "contact", p->contact, "invoice_number",
                   p->invoice_number);
}
