#include "identity/staff_networks.h"

#include <stdio.h>
#include <string.h>

#include "audit/audit.h"
#include "audit/audited.h"
#include "core/buf.h"
#include "core/cidr.h"
#include "core/config.h"

static bool list_permits(const char *csv, const char *ip)
{
  if (!csv || !csv[0])
    return true;
  char err[160];
  struct an_cidr_list *l = an_cidr_parse(csv, err, sizeof err);
  bool ok = l && an_cidr_contains(l, ip);
  an_cidr_free(l);
  return ok;
}

bool an_staff_networks_permit(const struct an_ctx *ctx, const struct an_staff *s, const char *ip)
{
  if (s->shop_id == 0 && !list_permits(ctx->cfg->staff_allowed_networks, ip))
    return false;
  return list_permits(s->allowed_networks, ip);
}

void an_staff_networks_audit_denied(const struct an_ctx *ctx, struct an_db *db,
                                    const struct an_staff *s)
{
  const struct an_audited_note n = {"access.denied", "denied", "staff", s->login, 0};
  an_audited_record(ctx, db, &n, s->id,
                    json_pack("{s:s, s:s, s:s}", "reason", "staff_network", "login", s->login,
                              "client_ip", ctx->client_ip));
}

static json_t *csv_json(const char *csv)
{
  json_t *out = json_array();
  const char *p = csv;
  while (p && *p) {
    const char *comma = strchr(p, ',');
    size_t len = comma ? (size_t)(comma - p) : strlen(p);
    while (len && *p == ' ') {
      p++;
      len--;
    }
    if (len)
      json_array_append_new(out, json_stringn(p, len));
    p = comma ? comma + 1 : NULL;
  }
  return out;
}

enum an_ec an_staff_networks_get(const struct an_ctx *ctx, struct an_db *db, int64_t id,
                                 json_t **out)
{
  struct an_staff s;
  int rc = an_store_staff_by_id(db, id, &s);
  if (rc <= 0)
    return an_ec_of_read(rc);
  *out = json_pack("{s:o, s:o}", "entries", csv_json(s.allowed_networks), "global",
                   csv_json(s.shop_id ? "" : ctx->cfg->staff_allowed_networks));
  return AN_EC_OK;
}

static const struct an_audited_text networks_update = {
    an_store_staff_set_networks, "staff.networks_update", "staff", "allowed_networks"};

enum an_ec an_staff_networks_set(const struct an_ctx *ctx, struct an_db *db, int64_t id,
                                 const json_t *entries, json_t **errors)
{
  struct an_buf csv = {0};
  size_t i;
  const json_t *v;
  char err[160];
  *errors = json_array();
  json_array_foreach(entries, i, v)
  {
    const char *e = json_string_value(v) ? json_string_value(v) : "";
    struct an_cidr_list *one = an_cidr_parse(e, err, sizeof err);
    if (!one || an_cidr_count(one) != 1)
      json_array_append_new(*errors, json_pack("{s:s, s:s, s:s, s:s}", "field", "entries", "rule",
                                               "cidr", "detail_ja", err, "detail_en", err));
    an_cidr_free(one);
    an_buf_printf(&csv, "%s%s", csv.len ? "," : "", e);
  }
  if (json_array_size(*errors) || csv.len >= sizeof((struct an_staff *)0)->allowed_networks) {
    an_buf_free(&csv);
    return AN_EC_GENERIC_INVALID_FIELD;
  }
  json_decref(*errors);
  *errors = NULL;
  int rc = an_audited_set_text(ctx, db, &networks_update, id, csv.data ? csv.data : "");
  an_buf_free(&csv);
  return an_audit_change_ec(rc, rc > 0);
}
