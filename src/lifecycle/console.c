#include "lifecycle/console.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/alloc.h"
#include "core/ascii.h"
#include "core/files.h"
#include "core/operator_row.h"
#include "lifecycle/erase.h"
#include "store/erase.h"
#include "store/rows.h"

enum an_ec an_erasure_list(const struct an_ctx *ctx, struct an_db *db, json_t *out)
{
  if (!an_scope_is_operator(ctx))
    return AN_EC_GENERIC_NOT_FOUND;
  return an_lifecycle_erase_list(db, out) >= 0 ? AN_EC_OK : AN_EC_GENERIC_INTERNAL;
}

static enum an_ec of_rc(int rc)
{
  switch (rc) {
  case 1:
    return AN_EC_OK;
  case AN_ERASE_SELF_APPROVAL:
    return AN_EC_ERASE_SELF_APPROVAL;
  case AN_ERASE_NOT_ADMIN:
    return AN_EC_AUTH_FORBIDDEN;
  case AN_ERASE_NOT_FOUND:
    return AN_EC_GENERIC_NOT_FOUND;
  default:
    return AN_EC_GENERIC_INTERNAL;
  }
}

enum an_ec an_erasure_create(const struct an_ctx *ctx, struct an_db *db, const char *company_code,
                             const char *reason, json_t **out)
{
  if (!an_scope_is_operator(ctx))
    return AN_EC_GENERIC_NOT_FOUND;
  if (!reason[0])
    return AN_EC_GENERIC_INVALID_FIELD;
  char *code = an_strdup(company_code);
  an_ascii_upper(code);
  int64_t id = 0;
  int rc = an_lifecycle_erase_request(ctx, db, code, reason, ctx->actor, &id);
  free(code);
  if (rc == 1) {
    json_t *e = NULL;
    if (an_store_erasure_get(db, id, &e) == 1)
      json_object_del(e, "requested_us");
    *out = json_pack("{s:o?}", "erasure", e);
  }
  return of_rc(rc);
}

enum an_ec an_erasure_approve(const struct an_ctx *ctx, struct an_db *db, int64_t id, json_t **out)
{
  if (!an_scope_is_operator(ctx))
    return AN_EC_GENERIC_NOT_FOUND;
  char err[256] = "";
  json_t *cert = NULL;
  int rc = an_lifecycle_erase_approve(ctx, db, id, ctx->actor, &cert, err, sizeof err);
  if (rc == 1) {
    json_t *e = NULL;
    if (an_store_erasure_get(db, id, &e) == 1)
      json_object_del(e, "requested_us");
    json_object_del(cert, "file"); /* a server path: not for the client */
    *out = json_pack("{s:o?, s:o?}", "erasure", e, "certificate", cert);
    return AN_EC_OK;
  }
  json_decref(cert);
  return of_rc(rc);
}

enum an_ec an_certificate_list(const struct an_ctx *ctx, struct an_db *db, json_t *out)
{
  if (!an_scope_is_operator(ctx))
    return AN_EC_GENERIC_NOT_FOUND;
  return an_store_certificate_list_all(db, out) >= 0 ? AN_EC_OK : AN_EC_GENERIC_INTERNAL;
}

enum an_ec an_certificate_get(const struct an_ctx *ctx, struct an_db *db, int64_t id, json_t **out)
{
  json_t *row = NULL;
  /* The operator's alone: others see none. */
  enum an_ec got =
      an_operator_row(ctx, AN_EC_GENERIC_NOT_FOUND, db, an_store_certificate_get_all, id, &row);
  if (got != AN_EC_OK)
    return got;
  json_t *content = json_loads(an_rec_str(row, "content"), 0, NULL);
  json_object_set_new(row, "content", content ? content : json_object());
  *out = json_pack("{s:o}", "certificate", row);
  return AN_EC_OK;
}

enum an_ec an_certificate_pdf(const struct an_ctx *ctx, struct an_db *db, int64_t id,
                              struct an_buf *out, char **file_name)
{
  json_t *row = NULL;
  enum an_ec got =
      an_operator_row(ctx, AN_EC_GENERIC_NOT_FOUND, db, an_store_certificate_get_all, id, &row);
  if (got != AN_EC_OK)
    return got;
  char *path = an_asprintf("%s/%s", ctx->cfg->certificate_dir, an_rec_str(row, "file_name"));
  enum an_ec ec = an_file_read_all(path, out) ? AN_EC_OK : AN_EC_GENERIC_NOT_FOUND;
  *file_name = an_strdup(an_rec_str(row, "file_name"));
  free(path);
  json_decref(row);
  return ec;
}
