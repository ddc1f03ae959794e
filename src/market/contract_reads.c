#include "market/contract_reads.h"

#include <stdlib.h>
#include <string.h>

#include "audit/data_access.h"
#include "identity/operator_profile.h"
#include "market/contract_doc.h"
#include "market/market.h"
#include "store/catalogue.h"
#include "store/contracts.h"
#include "store/market_ops.h"
#include "store/rows.h"

/* Contract id within ctx's scope, typed. */
static int find(const struct an_ctx *ctx, struct an_db *db, int64_t id, struct an_contract *c)
{
  memset(c, 0, sizeof *c);
  if (id <= 0)
    return 0;
  switch (ctx->scope.kind) {
  case AN_SCOPE_OPERATOR:
    return an_store_contract_get_all(db, id, c);
  case AN_SCOPE_TENANT:
    return an_store_contract_get(db, ctx->scope.id, id, c);
  case AN_SCOPE_SHOP:
    return an_store_contract_get_shop(db, ctx->scope.id, id, c);
  case AN_SCOPE_PUBLIC:
    break;
  }
  return 0;
}

/* A contract names its contractor (company, code; the document its responsible person): the
 * operator's or a shop's read of one is recorded in the contractor's view (WP-18). */
static int noted(const struct an_ctx *ctx, struct an_db *db, int rc, const struct an_contract *c,
                 const char *resource)
{
  if (rc == 1 && an_data_access_note_ref(ctx, db, c->tenant_id, resource, c->number) < 0)
    return AN_DB_HARD;
  return rc;
}

int an_contract_find(const struct an_ctx *ctx, struct an_db *db, int64_t id, json_t **out)
{
  struct an_contract c = {0};
  int rc = noted(ctx, db, find(ctx, db, id, &c), &c, "contract");
  *out = rc == 1 ? an_spec_to_json(&an_contract_spec, &c) : NULL;
  an_spec_clear(&an_contract_spec, &c);
  return rc;
}

int an_contract_document(const struct an_ctx *ctx, struct an_db *db, int64_t id, const char *lang,
                         json_t **out)
{
  struct an_contract c = {0};
  struct an_operator_profile op;
  int rc = noted(ctx, db, find(ctx, db, id, &c), &c, "contract_document");
  if (rc == 1 && an_operator_profile_get(db, &op) < 0)
    rc = AN_DB_HARD;
  *out = rc == 1 ? an_contract_doc(&c, &op, lang, ctx->cfg->liability_cap_months) : NULL;
  /* Art. 4 (issue 10 item 18): the version agreed at signing and the version in force now. */
  struct an_document terms = {0};
  char today[AN_DATE_STRLEN];
  an_market_date_of(ctx->now, today);
  if (*out && an_store_document_in_force(db, "terms", today, &terms) == 1)
    json_object_set_new(*out, "terms_version_in_force", json_integer(terms.version));
  an_spec_clear(&an_document_spec, &terms);
  an_spec_clear(&an_contract_spec, &c);
  return rc;
}

/* A page of the operator's or a shop's list: one event per contractor on it (WP-18). */
static int note_page(const struct an_ctx *ctx, struct an_db *db, const struct an_contract *items,
                     size_t n)
{
  if (!n || an_scope_tenant(ctx))
    return 0;
  int64_t *tenants = malloc(n * sizeof *tenants);
  if (!tenants)
    return AN_DB_HARD;
  for (size_t i = 0; i < n; i++)
    tenants[i] = items[i].tenant_id;
  int rc = an_data_access_note_each(ctx, db, "contracts", tenants, n);
  free(tenants);
  return rc;
}

int an_contract_list_visible(const struct an_ctx *ctx, struct an_db *db, const char *status,
                             int64_t before, long limit, long offset, json_t *out, int64_t *next)
{
  status = status ? status : "";
  struct an_contract *items = NULL;
  size_t n = 0;
  int rc = 0;
  *next = 0;
  /* One more than asked: whether a next page exists, without counting. */
  switch (ctx->scope.kind) {
  case AN_SCOPE_OPERATOR:
    rc = an_store_contract_page_all(db, status, before, limit + 1, offset, &items, &n);
    break;
  case AN_SCOPE_TENANT:
    rc = an_store_contract_page(db, ctx->scope.id, status, before, limit + 1, offset, &items, &n);
    break;
  case AN_SCOPE_SHOP:
    rc = an_store_contract_page_shop(db, ctx->scope.id, status, before, limit + 1, offset, &items,
                                     &n);
    break;
  case AN_SCOPE_PUBLIC:
    break;
  }
  size_t shown = n > (size_t)limit ? (size_t)limit : n;
  if (n > shown)
    *next = items[shown - 1].id;
  if (rc >= 0 && note_page(ctx, db, items, shown) < 0)
    rc = AN_DB_HARD;
  an_spec_array_to_json(&an_contract_spec, items, shown, out);
  an_spec_free_array(&an_contract_spec, items, n);
  return rc < 0 ? rc : (int)shown;
}

int an_notice_list(const struct an_ctx *ctx, struct an_db *db, const char *lang, json_t *out)
{
  return an_store_notice_list(db, an_scope_tenant(ctx), lang, out);
}

/* The fields of a contract a member may read: the service's identity and address and the
 * contract's state; no fees, no parties (SLA-19 least privilege). */
static json_t *member_view(const struct an_contract *c)
{
  return json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s?, s:s?}", "number", c->number, "status",
                   c->status, "shop_name", c->shop_name, "service_code", c->service_code,
                   "service_name", c->service_name, "plan_name", c->plan_name, "start_on",
                   c->start_on, "end_on", c->end_on, "service_url", c->service_url);
}

int an_member_services(const struct an_ctx *ctx, struct an_db *db, json_t *out)
{
  int64_t tenant = an_scope_tenant(ctx);
  /* Operator and shop staff have no company: their answer is empty, never all contracts. */
  if (!tenant)
    return 0;
  struct an_contract *items = NULL;
  size_t n = 0;
  int rc = an_store_contract_page(db, tenant, "", 0, AN_MEMBER_SERVICES_MAX, 0, &items, &n);
  int shown = 0;
  for (size_t i = 0; rc >= 0 && i < n; i++) {
    const char *st = items[i].status;
    /* Ended and terminated contracts give no access; those waiting or suspended are shown. */
    if (!strcmp(st, "ended") || !strcmp(st, "terminated"))
      continue;
    json_array_append_new(out, member_view(&items[i]));
    shown++;
  }
  an_spec_free_array(&an_contract_spec, items, n);
  return rc < 0 ? rc : shown;
}
