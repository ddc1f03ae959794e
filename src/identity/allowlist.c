#include "identity/allowlist.h"

#include <stdio.h>
#include <string.h>

#include "audit/audit.h"
#include "audit/audited.h"
#include "core/buf.h"
#include "core/cidr.h"
#include "core/messages.h"

bool an_allowlist_permits(const struct an_tenant *t, const char *ip)
{
  if (!t->ip_allowlist[0])
    return true;
  char err[128];
  struct an_cidr_list *l = an_cidr_parse(t->ip_allowlist, err, sizeof err);
  bool ok = l && an_cidr_contains(l, ip); /* an unreadable list admits nobody */
  an_cidr_free(l);
  return ok;
}

void an_allowlist_audit_denied(const struct an_ctx *ctx, struct an_db *db,
                               const struct an_tenant *t, const char *login)
{
  an_access_denied_audit(ctx, db, t, login, "ip_not_allowed");
}

void an_access_denied_audit(const struct an_ctx *ctx, struct an_db *db, const struct an_tenant *t,
                            const char *login, const char *reason)
{
  const struct an_audited_note n = {"access.denied", "denied", "tenant", login, t->id};
  an_audited_record(ctx, db, &n, t->id,
                    json_pack("{s:s, s:s}", "reason", reason, "login", login ? login : ""));
}

static const struct an_audited_text allowlist_update = {
    an_store_tenant_set_allowlist, "ip_allowlist.update", "tenant", "ip_allowlist"};

enum an_ec an_allowlist_set(const struct an_ctx *ctx, struct an_db *db, json_t *entries,
                            json_t **errors)
{
  struct an_buf csv = {0};
  size_t i;
  json_t *v;
  char err[160];
  *errors = json_array();
  json_array_foreach(entries, i, v)
  {
    const char *e = json_string_value(v);
    struct an_cidr_list *one = an_cidr_parse(e, err, sizeof err);
    if (!one || an_cidr_count(one) != 1) {
      /* The parser's own text is English only: the person reads the catalogue's sentence, in
       * their language, naming the entry (issue 10 item 10). */
      json_t *vars = json_pack("{s:s}", "entry", e);
      json_t *fe = an_msg_field_error("cidr", "field.ip_allowlist.entry", vars);
      json_decref(vars);
      if (fe) {
        char field[32];
        snprintf(field, sizeof field, "entries.%zu", i);
        json_object_set_new(fe, "field", json_string(field));
        json_array_append_new(*errors, fe);
      }
    }
    an_cidr_free(one);
    an_buf_printf(&csv, "%s%s", csv.len ? "," : "", e);
  }
  enum an_ec ec = AN_EC_OK;
  if (json_array_size(*errors) || csv.len >= sizeof((struct an_tenant *)0)->ip_allowlist) {
    ec = AN_EC_GENERIC_INVALID_FIELD;
  } else {
    json_decref(*errors);
    *errors = NULL;
    struct an_tenant probe = {0};
    snprintf(probe.ip_allowlist, sizeof probe.ip_allowlist, "%s", csv.data ? csv.data : "");
    if (!an_allowlist_permits(&probe, ctx->client_ip))
      ec = AN_EC_GENERIC_CONFLICT; /* the admin would lock itself out */
    else {
      if (an_audited_set_text(ctx, db, &allowlist_update, ctx->tenant_id, probe.ip_allowlist) < 0)
        ec = AN_EC_GENERIC_INTERNAL;
    }
  }
  an_buf_free(&csv);
  return ec;
}

json_t *an_allowlist_json(const struct an_tenant *t)
{
  json_t *a = json_array();
  char buf[sizeof t->ip_allowlist];
  snprintf(buf, sizeof buf, "%s", t->ip_allowlist);
  for (char *save = NULL, *tok = strtok_r(buf, ",", &save); tok; tok = strtok_r(NULL, ",", &save))
    json_array_append_new(a, json_string(tok));
  return a;
}
