#include "compliance/attest.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit/audit.h"
#include "compliance/catalog.h"
#include "core/calendar.h"
#include "core/config.h"
#include "ops/schedule.h"
#include "store/compliance_live.h"
#include "store/rows.h"

bool an_requirement_id_valid(const char *id)
{
  size_t n = strlen(id), i = 0;
  if (n == 0 || n > 32)
    return false;
  while (i < n && id[i] >= 'A' && id[i] <= 'Z')
    i++;
  if (i == 0 || i == n)
    return false;
  while (i < n) {
    if (id[i] != '-' || i + 1 >= n || id[i + 1] < '0' || id[i + 1] > '9')
      return false;
    i++;
    while (i < n && id[i] >= '0' && id[i] <= '9')
      i++;
  }
  return true;
}

bool an_attest_item_key_valid(const char *key)
{
  const char *colon = strchr(key, ':');
  if (!colon || colon == key || colon - key >= 16 || strlen(key) > 32)
    return false;
  char cat[16];
  memcpy(cat, key, (size_t)(colon - key));
  cat[colon - key] = '\0';
  const struct an_catalog *c = an_catalog_get(cat);
  return c && an_catalog_item(c, colon + 1) != NULL;
}

/* Today in JST as "YYYY-MM-DD". */
static void today(const struct an_ctx *ctx, char out[AN_DATE_STRLEN])
{
  an_date_format(an_ops_date_of(ctx->now), out, AN_DATE_STRLEN);
}

struct add {
  const struct an_ctx *ctx;
  struct an_store_attest a;
  int64_t id;
};

static int add_txn(struct an_db *db, void *cls)
{
  struct add *x = cls;
  int rc = an_store_attest_add(db, &x->a, &x->id);
  if (rc < 0)
    return rc;
  char *target = an_audit_target("attestation", x->id);
  json_t *d =
      json_pack("{s:s, s:s, s:s, s:s, s:s, s:s}", "requirement", x->a.requirement, "attested_by",
                x->a.attested_by, "role", x->a.role, "attested_on", x->a.attested_on, "expires_on",
                x->a.expires_on, "document_ref", x->a.document_ref);
  struct an_audit_rec rec = {"compliance.attest", target, "success", d, NULL, 0};
  rc = an_audit_append(x->ctx, db, &rec);
  json_decref(d);
  free(target);
  return rc;
}

static bool filled(const char *s)
{
  return s && s[0];
}

enum an_ec an_attest_add(const struct an_ctx *ctx, struct an_db *db, const struct an_attest_in *in,
                         const char **field, json_t **out)
{
  *out = NULL;
  *field = NULL;
  if (!an_scope_is_operator(ctx))
    return AN_EC_GENERIC_NOT_FOUND;
  char now_day[AN_DATE_STRLEN], on[AN_DATE_STRLEN], until[AN_DATE_STRLEN];
  today(ctx, now_day);
  struct an_date d_on = {0, 0, 0}, d_until = {0, 0, 0};
  if (!filled(in->requirement) ||
      (!an_requirement_id_valid(in->requirement) && !an_attest_item_key_valid(in->requirement)))
    *field = "requirement";
  else if (!filled(in->attested_by))
    *field = "attested_by";
  else if (!filled(in->role))
    *field = "role";
  else if (!an_date_parse(filled(in->attested_on) ? in->attested_on : now_day, &d_on) ||
           an_date_cmp(d_on, an_ops_date_of(ctx->now)) > 0)
    *field = "attested_on";
  if (*field)
    return AN_EC_GENERIC_INVALID_FIELD;
  an_date_format(d_on, on, sizeof on);
  if (filled(in->expires_on)) {
    if (!an_date_parse(in->expires_on, &d_until) || an_date_cmp(d_until, d_on) <= 0) {
      *field = "expires_on";
      return AN_EC_GENERIC_INVALID_FIELD;
    }
  } else if (!an_date_add_days(d_on, ctx->cfg->compliance_attestation_days, &d_until))
    return AN_EC_GENERIC_INTERNAL;
  an_date_format(d_until, until, sizeof until);
  struct add x = {ctx,
                  {in->requirement, in->attested_by, in->role, on, until,
                   in->document_ref ? in->document_ref : "", in->note ? in->note : "", ctx->actor,
                   ctx->now},
                  0};
  if (an_db_txn(db, add_txn, &x) < 0)
    return AN_EC_GENERIC_INTERNAL;
  json_t *rec = NULL;
  if (an_store_attest_get(db, x.id, &rec) != 1)
    return AN_EC_GENERIC_INTERNAL;
  json_object_set_new(rec, "expired", json_boolean(strcmp(until, now_day) <= 0));
  *out = rec;
  return AN_EC_OK;
}

int an_attest_current(const struct an_ctx *ctx, struct an_db *db, json_t *out)
{
  int rc = an_store_attest_list_all(db, out);
  if (rc < 0)
    return rc;
  char now_day[AN_DATE_STRLEN];
  today(ctx, now_day);
  size_t i;
  json_t *a;
  json_array_foreach(out, i, a)
  {
    /* Counts through the day before its expiry ("YYYY-MM-DD" compares as text). */
    bool expired = strcmp(an_rec_str(a, "expires_on"), now_day) <= 0;
    json_object_set_new(a, "expired", json_boolean(expired));
  }
  return rc;
}

enum an_ec an_attest_list(const struct an_ctx *ctx, struct an_db *db, json_t **out)
{
  *out = NULL;
  if (!an_scope_is_operator(ctx))
    return AN_EC_GENERIC_NOT_FOUND;
  json_t *list = json_array();
  if (an_attest_current(ctx, db, list) < 0) {
    json_decref(list);
    return AN_EC_GENERIC_INTERNAL;
  }
  *out = json_pack("{s:o}", "attestations", list);
  return AN_EC_OK;
}

static int revoke_txn(struct an_db *db, void *cls)
{
  struct an_ctx_row *x = cls;
  json_t *rec = NULL;
  int rc = an_store_attest_get(db, x->id, &rec);
  x->found = rc == 1;
  if (rc != 1)
    return rc < 0 ? rc : 0;
  rc = an_store_attest_revoke(db, x->id, x->ctx->actor, x->ctx->now);
  if (rc >= 0) {
    char *target = an_audit_target("attestation", x->id);
    json_t *d = json_pack("{s:s, s:s}", "requirement", an_rec_str(rec, "requirement"),
                          "attested_by", an_rec_str(rec, "attested_by"));
    struct an_audit_rec ar = {"compliance.attest_revoke", target, "success", d, NULL, 0};
    rc = an_audit_append(x->ctx, db, &ar);
    json_decref(d);
    free(target);
  }
  json_decref(rec);
  return rc;
}

enum an_ec an_attest_revoke(const struct an_ctx *ctx, struct an_db *db, int64_t id)
{
  if (!an_scope_is_operator(ctx))
    return AN_EC_GENERIC_NOT_FOUND;
  struct an_ctx_row x = {ctx, id, false};
  if (an_db_txn(db, revoke_txn, &x) < 0)
    return AN_EC_GENERIC_INTERNAL;
  return x.found ? AN_EC_OK : AN_EC_GENERIC_NOT_FOUND;
}
