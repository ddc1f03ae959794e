#include "support/plan_targets.h"

#include <stdio.h>
#include <string.h>

#include "audit/audit.h"
#include "core/spec.h"
#include "store/catalogue.h"
#include "store/contracts.h"
#include "store/rows.h"
#include "store/support_plans.h"
#include "support/desk.h"
#include "support/registers.h"

enum an_ec an_support_plan_targets_list(const struct an_ctx *ctx, struct an_db *db, json_t **out)
{
  return an_support_register_list(ctx, db, an_store_plan_targets_all, out);
}

/* Whether plan_id is a plan of the catalogue. */
static int plan_exists(struct an_db *db, int64_t plan_id)
{
  struct an_plan p = {0};
  int rc = an_store_plan_get(db, plan_id, &p);
  an_spec_clear(&an_plan_spec, &p);
  return rc;
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
  return an_audit_changed(s->ctx, db, "support.plan_target", "plan", s->plan_id, 0,
                          json_pack("{s:s, s:I, s:I}", "category", s->category,
                                    "first_response_minutes", (json_int_t)s->first,
                                    "resolution_minutes", (json_int_t)s->resolution));
}

enum an_ec an_support_plan_target_set(const struct an_ctx *ctx, struct an_db *db, int64_t plan_id,
                                      const char *category, int64_t first, int64_t resolution,
                                      const char **bad_field)
{
  *bad_field = NULL;
  if (!an_scope_is_operator(ctx))
    return AN_EC_AUTH_FORBIDDEN;
  int rc = plan_id > 0 ? plan_exists(db, plan_id) : 0;
  if (rc <= 0)
    return an_ec_of_read(rc);
  if (!an_support_category_known(category))
    return AN_EC_GENERIC_NOT_FOUND; /* the category is part of the path */
  *bad_field = "resolution_minutes";
  if (first && (first < 1 || resolution < first || resolution > 1000000))
    return AN_EC_GENERIC_INVALID_FIELD;
  *bad_field = NULL;
  struct set_txn s = {ctx, plan_id, category, first, first ? resolution : 0};
  return an_db_txn(db, set_body, &s) < 0 ? AN_EC_GENERIC_INTERNAL : AN_EC_OK;
}

/* Contract id as ctx may see it (a contractor its own, operator staff any) into *c: 1, 0 or an
 * error. (The store's read: the support desk sits beside the market, not above it.) */
static int find_contract(const struct an_ctx *ctx, struct an_db *db, int64_t id,
                         struct an_contract *c)
{
  if (an_scope_tenant(ctx))
    return an_store_contract_get(db, an_scope_tenant(ctx), id, c);
  if (an_scope_is_operator(ctx))
    return an_store_contract_get_all(db, id, c);
  return 0;
}

/* The contract a contractor's ticket is about when it names none: its only active one. */
static int only_contract(const struct an_ctx *ctx, struct an_db *db, struct an_contract *c)
{
  if (!an_scope_tenant(ctx))
    return 0;
  struct an_contract *items = NULL;
  size_t n = 0;
  int rc = an_store_contract_page(db, an_scope_tenant(ctx), "active", 0, 2, 0, &items, &n);
  if (rc >= 0 && n == 1) {
    *c = items[0]; /* moved: the array's element is not freed below */
    memset(&items[0], 0, sizeof items[0]);
  }
  an_spec_free_array(&an_contract_spec, items, n);
  return rc < 0 ? rc : n == 1;
}

int an_support_ticket_targets(const struct an_ctx *ctx, struct an_db *db, int64_t contract_id,
                              const char *category, int64_t *contract, int64_t *plan,
                              int64_t *tenant, int64_t *first, int64_t *resolution)
{
  *contract = *plan = *tenant = 0;
  an_support_targets(ctx->cfg, category, first, resolution);
  struct an_contract c = {0};
  int rc = contract_id > 0 ? find_contract(ctx, db, contract_id, &c) : only_contract(ctx, db, &c);
  if (rc > 0) {
    *contract = c.id;
    *plan = c.plan_id;
    *tenant = c.tenant_id;
  }
  an_spec_clear(&an_contract_spec, &c);
  if (rc <= 0)
    return contract_id > 0 ? rc : (rc < 0 ? rc : 1);
  rc = an_store_plan_target_get(db, *plan, category, first, resolution);
  if (rc == 0)
    an_support_targets(ctx->cfg, category, first, resolution);
  return rc < 0 ? rc : 1;
}
