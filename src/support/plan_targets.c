#include "support/plan_targets.h"

#include <stdio.h>
#include <string.h>

#include "audit/audit.h"
#include "market/contract_reads.h"
#include "market/reads.h"
#include "store/rows.h"
#include "store/support_plans.h"
#include "support/desk.h"

enum an_ec an_support_plan_targets_list(const struct an_ctx *ctx, struct an_db *db, json_t **out)
{
  *out = NULL;
  if (!an_scope_is_operator(ctx))
    return AN_EC_AUTH_FORBIDDEN;
  json_t *items = json_array();
  if (an_store_plan_targets_all(db, items) < 0) {
    json_decref(items);
    return AN_EC_GENERIC_INTERNAL;
  }
  *out = json_pack("{s:o}", "items", items);
  return AN_EC_OK;
}

/* Whether plan_id is a plan of the catalogue (read through the market's own listing). */
static int plan_exists(const struct an_ctx *ctx, struct an_db *db, int64_t plan_id)
{
  json_t *services = json_array();
  int rc = an_service_list_all(ctx, db, services);
  int found = 0;
  size_t i, j;
  json_t *s, *p;
  json_array_foreach(services, i, s) json_array_foreach(json_object_get(s, "plans"), j, p) found |=
      an_rec_int(p, "id") == plan_id;
  json_decref(services);
  return rc < 0 ? rc : found;
}

struct set_txn {
  const struct an_ctx *ctx;
  int64_t plan_id;
  const char *category;
  int64_t first, resolution;
};

static int set_body(struct an_db *db, void *cls)
{
  struct set_txn *s = cls;
  int rc = an_store_plan_target_clear(db, s->plan_id, s->category);
  if (rc >= 0 && s->first)
    rc = an_store_plan_target_set(db, s->plan_id, s->category, s->first, s->resolution,
                                  s->ctx->actor, s->ctx->now);
  if (rc < 0)
    return rc;
  char target[48];
  snprintf(target, sizeof target, "plan:%lld", (long long)s->plan_id);
  struct an_audit_rec rec = {.action = "support.plan_target",
                             .target = target,
                             .outcome = "success",
                             .details = json_pack("{s:s, s:I, s:I}", "category", s->category,
                                                  "first_response_minutes", (json_int_t)s->first,
                                                  "resolution_minutes", (json_int_t)s->resolution)};
  rc = an_audit_append(s->ctx, db, &rec);
  json_decref(rec.details);
  return rc;
}

enum an_ec an_support_plan_target_set(const struct an_ctx *ctx, struct an_db *db, int64_t plan_id,
                                      const char *category, int64_t first, int64_t resolution,
                                      const char **bad_field)
{
  *bad_field = NULL;
  if (!an_scope_is_operator(ctx))
    return AN_EC_AUTH_FORBIDDEN;
  int rc = plan_id > 0 ? plan_exists(ctx, db, plan_id) : 0;
  if (rc <= 0)
    return rc < 0 ? AN_EC_GENERIC_INTERNAL : AN_EC_GENERIC_NOT_FOUND;
  if (!an_support_category_known(category))
    return AN_EC_GENERIC_NOT_FOUND; /* the category is part of the path */
  *bad_field = "resolution_minutes";
  if (first && (first < 1 || resolution < first || resolution > 1000000))
    return AN_EC_GENERIC_INVALID_FIELD;
  *bad_field = NULL;
  struct set_txn s = {ctx, plan_id, category, first, first ? resolution : 0};
  return an_db_txn(db, set_body, &s) < 0 ? AN_EC_GENERIC_INTERNAL : AN_EC_OK;
}

/* The contract a contractor's ticket is about when it names none: its only active one. */
static int only_contract(const struct an_ctx *ctx, struct an_db *db, json_t **c)
{
  *c = NULL;
  if (!an_scope_tenant(ctx))
    return 0;
  json_t *rows = json_array();
  int64_t next = 0;
  int rc = an_contract_list_visible(ctx, db, "active", 0, 2, 0, rows, &next);
  if (rc == 1)
    *c = json_incref(json_array_get(rows, 0));
  json_decref(rows);
  return rc < 0 ? rc : rc == 1;
}

int an_support_ticket_targets(const struct an_ctx *ctx, struct an_db *db, int64_t contract_id,
                              const char *category, int64_t *contract, int64_t *plan,
                              int64_t *tenant, int64_t *first, int64_t *resolution)
{
  *contract = *plan = *tenant = 0;
  an_support_targets(ctx->cfg, category, first, resolution);
  json_t *c = NULL;
  int rc =
      contract_id > 0 ? an_contract_find(ctx, db, contract_id, &c) : only_contract(ctx, db, &c);
  if (rc <= 0)
    return contract_id > 0 ? rc : (rc < 0 ? rc : 1);
  *contract = an_rec_int(c, "id");
  *plan = an_rec_int(c, "plan_id");
  *tenant = an_rec_int(c, "tenant_id");
  json_decref(c);
  rc = an_store_plan_target_get(db, *plan, category, first, resolution);
  if (rc == 0)
    an_support_targets(ctx->cfg, category, first, resolution);
  return rc < 0 ? rc : 1;
}
