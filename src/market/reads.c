#include "market/reads.h"

#include <stdio.h>
#include <stdlib.h>

#include "audit/data_access.h"
#include "store/catalogue.h"
#include "store/contracts.h"

int an_service_list_all(const struct an_ctx *ctx, struct an_db *db, json_t *out)
{
  (void)ctx;
  struct an_service *items = NULL;
  size_t n = 0;
  int rc = an_store_service_list_all(db, &items, &n);
  for (size_t i = 0; i < n; i++)
    json_array_append_new(out, an_service_to_json(&items[i]));
  an_services_free(items, n);
  return rc;
}

int an_shop_list_all(const struct an_ctx *ctx, struct an_db *db, json_t *out)
{
  (void)ctx;
  struct an_shop *items = NULL;
  size_t n = 0;
  int rc = an_store_shop_list(db, &items, &n);
  an_spec_array_to_json(&an_shop_spec, items, n, out);
  an_spec_free_array(&an_shop_spec, items, n);
  return rc;
}

int an_shop_find(const struct an_ctx *ctx, struct an_db *db, int64_t id, json_t **out)
{
  (void)ctx;
  *out = NULL;
  return id > 0 ? an_store_shop_get(db, id, out) : 0;
}

int an_document_find(const struct an_ctx *ctx, struct an_db *db, int64_t id, json_t **out)
{
  (void)ctx;
  *out = NULL;
  struct an_document doc = {0};
  int rc = id > 0 ? an_store_document_get(db, id, &doc) : 0;
  if (rc == 1)
    *out = an_spec_to_json(&an_document_spec, &doc);
  an_spec_clear(&an_document_spec, &doc);
  return rc;
}

int an_application_list_all(const struct an_ctx *ctx, struct an_db *db, const char *status,
                            long limit, long offset, json_t *out)
{
  struct an_application *items = NULL;
  size_t n = 0;
  int rc = an_store_application_list(db, status ? status : "", limit, offset, &items, &n);
  /* An approved application is its contractor's data (WP-18): the read goes to its view. */
  int64_t *tenants = n ? malloc(n * sizeof *tenants) : NULL;
  for (size_t i = 0; tenants && i < n; i++)
    tenants[i] = items[i].tenant_id;
  if (rc >= 0 && n &&
      (!tenants || an_data_access_note_each(ctx, db, "applications", tenants, n) < 0))
    rc = AN_DB_HARD;
  free(tenants);
  an_spec_array_to_json(&an_application_spec, items, n, out);
  an_spec_free_array(&an_application_spec, items, n);
  return rc;
}

int an_application_find(const struct an_ctx *ctx, struct an_db *db, int64_t id, json_t **out)
{
  *out = NULL;
  struct an_application app = {0};
  int rc = id > 0 ? an_store_application_get(db, id, &app) : 0;
  char ref[24];
  snprintf(ref, sizeof ref, "%lld", (long long)id);
  if (rc == 1 && an_data_access_note_ref(ctx, db, app.tenant_id, "application", ref) < 0)
    rc = AN_DB_HARD;
  if (rc == 1)
    *out = an_spec_to_json(&an_application_spec, &app);
  an_spec_clear(&an_application_spec, &app);
  return rc;
}

int an_change_list_visible(const struct an_ctx *ctx, struct an_db *db, const char *status,
                           json_t *out)
{
  status = status ? status : "";
  struct an_change *items = NULL;
  size_t n = 0;
  int rc = 0;
  if (an_scope_is_operator(ctx))
    rc = an_store_change_list_all(db, status, &items, &n);
  else if (an_scope_tenant(ctx))
    rc = an_store_change_list(db, an_scope_tenant(ctx), status, &items, &n);
  an_spec_array_to_json(&an_change_spec, items, n, out);
  an_spec_free_array(&an_change_spec, items, n);
  return rc;
}
