#include "audit/data_access.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit/audit.h"
#include "audit/viewer.h"
#include "core/csv.h"
#include "core/messages.h"
#include "core/time.h"

bool an_data_access_foreign(const struct an_ctx *ctx, int64_t tenant_id)
{
  return tenant_id > 0 && an_scope_tenant(ctx) != tenant_id;
}

/* The event of a read of tenant_id's data: what (resource, ref), how much, by whom, why. Returns
 * the event's target "tenant:<id>", allocated, which rec points to: the caller frees it (and
 * *details) after appending rec. */
static char *event_of(const struct an_ctx *ctx, int64_t tenant_id, const char *resource,
                      int64_t count, const char *ref, json_t **details, struct an_audit_rec *rec)
{
  char *target = an_audit_target("tenant", tenant_id);
  const char *reader = an_scope_shop(ctx) ? "shop" : "operator";
  *details =
      json_pack("{s:s, s:I, s:s, s:s?, s:s*}", "resource", resource, "count", (json_int_t)count,
                "reader", reader, "reason", ctx->access_reason, "ref", ref);
  *rec = (struct an_audit_rec){.action = "data.access",
                               .target = target,
                               .outcome = "success",
                               .details = *details,
                               .tenant_id = tenant_id};
  return target;
}

static int note(const struct an_ctx *ctx, struct an_db *db, int64_t tenant_id, const char *resource,
                int64_t count, const char *ref)
{
  if (!an_data_access_foreign(ctx, tenant_id))
    return 0;
  json_t *d;
  struct an_audit_rec rec;
  char *target = event_of(ctx, tenant_id, resource, count, ref, &d, &rec);
  int rc = an_audit_record(ctx, db, &rec);
  json_decref(d);
  free(target);
  return rc < 0 ? rc : 1;
}

int an_data_access_note(const struct an_ctx *ctx, struct an_db *db, int64_t tenant_id,
                        const char *resource, int64_t count)
{
  return note(ctx, db, tenant_id, resource, count, NULL);
}

int an_data_access_note_ref(const struct an_ctx *ctx, struct an_db *db, int64_t tenant_id,
                            const char *resource, const char *ref)
{
  return note(ctx, db, tenant_id, resource, 1, ref);
}

static int by_id(const void *a, const void *b)
{
  int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
  return (x > y) - (x < y);
}

/* The foreign tenants among tenants, sorted, into a new array (*m of them); NULL when none. */
static int64_t *foreign_sorted(const struct an_ctx *ctx, const int64_t *tenants, size_t n,
                               size_t *m)
{
  *m = 0;
  int64_t *v = n ? malloc(n * sizeof *v) : NULL;
  for (size_t i = 0; v && i < n; i++)
    if (an_data_access_foreign(ctx, tenants[i]))
      v[(*m)++] = tenants[i];
  if (*m)
    qsort(v, *m, sizeof *v, by_id);
  return v;
}

int an_data_access_append_each(const struct an_ctx *ctx, struct an_db *db, const char *resource,
                               const int64_t *tenants, size_t n)
{
  size_t m;
  int64_t *v = foreign_sorted(ctx, tenants, n, &m);
  if (n && !v)
    return AN_DB_HARD;
  int events = 0;
  for (size_t i = 0; i < m;) {
    size_t j = i;
    while (j < m && v[j] == v[i])
      j++;
    json_t *d;
    struct an_audit_rec rec;
    char *target = event_of(ctx, v[i], resource, (int64_t)(j - i), NULL, &d, &rec);
    int rc = an_audit_append(ctx, db, &rec);
    json_decref(d);
    free(target);
    if (rc < 0) {
      free(v);
      return rc;
    }
    events++;
    i = j;
  }
  free(v);
  return events;
}

struct each {
  const struct an_ctx *ctx;
  const char *resource;
  const int64_t *tenants;
  size_t n;
  int events;
};

static int each_txn(struct an_db *db, void *cls)
{
  struct each *e = cls;
  e->events = an_data_access_append_each(e->ctx, db, e->resource, e->tenants, e->n);
  return e->events < 0 ? e->events : 1;
}

int an_data_access_note_each(const struct an_ctx *ctx, struct an_db *db, const char *resource,
                             const int64_t *tenants, size_t n)
{
  bool any = false;
  for (size_t i = 0; i < n && !any; i++)
    any = an_data_access_foreign(ctx, tenants[i]);
  if (!any)
    return 0;
  struct each e = {ctx, resource, tenants, n, 0};
  int rc = an_db_txn(db, each_txn, &e);
  return rc < 0 ? rc : e.events;
}

/* The actions a tenant's data-access page shows: reads of its data by others, and the reads of
 * its mail that the outbox records. */
static const char *const ACTIONS[] = {"data.access", "mail.read"};

struct collect {
  json_t *items;
};

static void row_cb(void *cls, const struct an_audit_row *e)
{
  struct collect *c = cls;
  char at[40];
  an_time_format_utc(e->at, at, sizeof at);
  json_error_t jerr;
  json_t *details = json_loads(e->details ? e->details : "{}", 0, &jerr);
  json_array_append_new(c->items, json_pack("{s:s, s:s, s:s, s:s, s:s, s:o}", "at", at, "actor",
                                            e->actor_label ? e->actor_label : "", "actor_kind",
                                            e->actor_kind ? e->actor_kind : "", "action", e->action,
                                            "target", e->target ? e->target : "", "details",
                                            details ? details : json_object()));
}

static int by_time_desc(const void *a, const void *b)
{
  const char *x = json_string_value(json_object_get(*(json_t *const *)a, "at"));
  const char *y = json_string_value(json_object_get(*(json_t *const *)b, "at"));
  return strcmp(y ? y : "", x ? x : "");
}

int an_data_access_list(const struct an_ctx *ctx, struct an_db *db, int64_t tenant_id,
                        int64_t limit, json_t **out)
{
  struct collect c = {json_array()};
  for (size_t i = 0; i < sizeof ACTIONS / sizeof ACTIONS[0]; i++) {
    struct an_audit_filter f = {.actor = "",
                                .action = ACTIONS[i],
                                .from = 0,
                                .to = INT64_MAX,
                                .limit = limit,
                                .before_at = INT64_MAX,
                                .before_key = INT64_MAX};
    int rc = an_audit_view(ctx, db, tenant_id, &f, row_cb, &c);
    if (rc < 0) {
      json_decref(c.items);
      return rc;
    }
  }
  /* Two newest-first lists, merged: newest first, at most limit. */
  size_t n = json_array_size(c.items);
  json_t **v = n ? calloc(n, sizeof *v) : NULL;
  for (size_t i = 0; i < n; i++)
    v[i] = json_incref(json_array_get(c.items, i));
  if (n)
    qsort(v, n, sizeof *v, by_time_desc);
  json_decref(c.items);
  *out = json_array();
  for (size_t i = 0; i < n; i++) {
    if ((int64_t)i < limit)
      json_array_append(*out, v[i]);
    json_decref(v[i]);
  }
  free(v);
  return (int)json_array_size(*out);
}

static void csv_row(struct an_buf *b, const json_t *e)
{
  const json_t *d = json_object_get(e, "details");
  const char *reason = json_string_value(json_object_get(d, "reason"));
  const char *resource = json_string_value(json_object_get(d, "resource"));
  const char *ref = json_string_value(json_object_get(d, "ref"));
  an_csv_field(b, json_string_value(json_object_get(e, "at")), false);
  an_csv_field(b, json_string_value(json_object_get(e, "actor")), false);
  an_csv_field(b, json_string_value(json_object_get(e, "actor_kind")), false);
  an_csv_field(b, json_string_value(json_object_get(e, "action")), false);
  if (resource && ref) { /* which record: "contract C-2026-000123" */
    struct an_buf what = {0};
    an_buf_printf(&what, "%s %s", resource, ref);
    an_csv_field(b, what.data ? what.data : resource, false);
    an_buf_free(&what);
  } else {
    an_csv_field(b, resource ? resource : json_string_value(json_object_get(e, "target")), false);
  }
  an_csv_int(b, json_integer_value(json_object_get(d, "count")), false);
  an_csv_field(b, reason ? reason : "", true);
}

int an_data_access_csv(const struct an_ctx *ctx, struct an_db *db, int64_t tenant_id,
                       struct an_buf *out, const char *lang)
{
  json_t *items = NULL;
  int rc = an_data_access_list(ctx, db, tenant_id, 10000, &items);
  if (rc < 0)
    return rc;
  /* UTF-8 with a byte order mark, so Excel opens the Japanese text correctly. */
  an_buf_puts(out, "\xEF\xBB\xBF");
  an_buf_puts(out, an_msg_text("csv.data_access.header", lang));
  an_buf_puts(out, "\r\n");
  size_t i;
  json_t *e;
  json_array_foreach(items, i, e) csv_row(out, e);
  json_decref(items);
  struct an_audit_filter f = {.actor = "", .action = "data.access", .from = 0, .to = INT64_MAX};
  if (an_audit_note_download(ctx, db, &f, rc) < 0)
    return AN_DB_HARD;
  return rc;
}
