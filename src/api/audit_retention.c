/* The tenant's own audit retention (CHK-24): a year at least, or until the tenant is deleted. */
#include "api/api.h"
#include "api/kinds.h"
#include "audit/tenant_retention.h"
#include "http/json_in.h"

AN_API_HANDLER(an_api_audit_retention_get, an_api_get, an_audit_retention_get, 200, NULL)

an_ret an_api_audit_retention_put(struct an_request *r)
{
  json_int_t days = 0;
  bool until_deleted = false, use_default = false;
  const struct an_jfield f[] = {
      {"days", AN_J_INT, false, 1, 36500, &days},
      {"until_deleted", AN_J_BOOL, false, 0, 0, &until_deleted},
      {"default", AN_J_BOOL, false, 0, 0, &use_default},
  };
  AN_API_BODY_OR_RETURN(r, f);
  if ((days > 0) + until_deleted + use_default != 1)
    return an_api_field_text(
        r, AN_EC_GENERIC_INVALID_FIELD, "days",
        "保存日数（365日以上）、削除まで保存、既定のいずれか一つを指定してください。",
        "Give exactly one of days (365 or more), until_deleted or default.");
  int64_t stored = until_deleted ? AN_AUDIT_RETENTION_UNTIL_DELETED : (use_default ? 0 : days);
  enum an_ec ec = an_audit_retention_set(&r->ctx, r->db, stored);
  if (ec == AN_EC_GENERIC_INVALID_FIELD)
    return an_api_field_text(r, ec, "days",
                             "監査ログは365日以上保存します。365以上の日数を指定してください。",
                             "Audit events are kept at least 365 days: give 365 or more.");
  json_t *out = NULL;
  if (ec == AN_EC_OK)
    ec = an_audit_retention_get(&r->ctx, r->db, &out);
  return an_api_answer(r, ec, 200, NULL, out);
}
