/* Maintenance windows (SLA-1, SLA-2, MARK-5-2-1, TOS-5): the regular window of the [ops] rule and
 * extra windows scheduled with their notice. States follow the clock: scheduled before the start,
 * in_progress until the end, completed after; nothing needs to run to move them. */
#include <string.h>

#include "core/time.h"
#include "market/market.h"
#include "ops/ops.h"
#include "ops/schedule.h"
#include "store/ops.h"
#include "store/rows.h"

#define DAY_US (INT64_C(86400) * 1000000)

static const char *state_at(int64_t now, int64_t start, int64_t end)
{
  return now < start ? "scheduled" : now < end ? "in_progress" : "completed";
}

struct create {
  const struct an_ctx *ctx;
  json_t *rec;
  int64_t id;
};

static int create_txn(struct an_db *db, void *cls)
{
  struct create *c = cls;
  int rc = an_store_ops_maintenance_insert(db, c->rec, c->ctx->now, &c->id);
  if (rc >= 0)
    rc = an_market_audit(c->ctx, db, "maintenance.schedule", "maintenance", c->id, 0, c->rec);
  return rc;
}

static json_t *window_json(const struct an_ctx *ctx, json_t *row)
{
  int64_t s = an_rec_int(row, "start_us"), e = an_rec_int(row, "end_us");
  json_object_set_new(row, "state", json_string(state_at(ctx->now, s, e)));
  json_object_set_new(row, "regular", json_false());
  json_object_del(row, "start_us");
  json_object_del(row, "end_us");
  return row;
}

enum an_ec an_ops_maintenance_create(const struct an_ctx *ctx, struct an_db *db,
                                     const struct an_ops_maintenance_in *in, const char **field,
                                     char earliest[11], json_t **out)
{
  *out = NULL;
  earliest[0] = 0;
  enum an_ops_notice rule = AN_OPS_NOTICE_NONE;
  *field = !in->kind || (strcmp(in->kind, "maintenance") && strcmp(in->kind, "planned_stop"))
               ? "kind"
           : in->ends_at <= in->starts_at || in->ends_at - in->starts_at > 7 * DAY_US ? "ends_at"
           : in->starts_at < ctx->now                                                 ? "starts_at"
           : in->urgent && (!in->urgent_reason || !in->urgent_reason[0]) ? "urgent_reason"
           : in->service_id && an_store_ops_service_exists(db, in->service_id) != 1 ? "service_id"
                                                                                    : NULL;
  if (*field)
    return AN_EC_GENERIC_INVALID_FIELD;
  an_ops_kind_notice(in->kind, &rule);
  bool on_time = an_ops_notice_ok(rule, ctx->now, in->starts_at);
  if (!on_time && !in->urgent) {
    an_date_format(an_ops_first_allowed(rule, ctx->now), earliest, AN_DATE_STRLEN);
    *field = "starts_at";
    return AN_EC_NOTICE_PERIOD_TOO_SHORT;
  }
  json_t *rec = json_pack(
      "{s:s, s:s, s:I, s:I, s:I, s:I, s:i, s:i, s:s, s:s}", "kind", in->kind, "title", in->title,
      "service_id", (json_int_t)in->service_id, "starts_us", (json_int_t)in->starts_at, "ends_us",
      (json_int_t)in->ends_at, "announced_us", (json_int_t)ctx->now, "within_notice",
      on_time ? 1 : 0, "urgent", in->urgent ? 1 : 0, "urgent_reason",
      in->urgent && in->urgent_reason ? in->urgent_reason : "", "created_by", ctx->actor);
  struct create c = {ctx, rec, 0};
  int rc = an_db_txn(db, create_txn, &c);
  json_decref(rec);
  if (rc < 0)
    return AN_EC_GENERIC_INTERNAL;
  an_ops_changed();
  if (an_store_ops_maintenance_get(db, c.id, out) != 1)
    return AN_EC_GENERIC_INTERNAL;
  window_json(ctx, *out);
  return AN_EC_OK;
}

int an_ops_maintenance_list(const struct an_ctx *ctx, struct an_db *db, int64_t from, int64_t to,
                            json_t *out)
{
  struct an_ops_span w[32];
  size_t n = an_ops_rule_windows(an_ops_rule_from(ctx->cfg), from, to, w, 32);
  for (size_t i = 0; i < n; i++) {
    char a[40], b[40];
    an_time_format_utc(w[i].start, a, sizeof a);
    an_time_format_utc(w[i].end, b, sizeof b);
    json_array_append_new(out, json_pack("{s:s, s:s, s:s, s:s, s:b, s:i, s:s}", "kind",
                                         "maintenance", "starts_at", a, "ends_at", b, "state",
                                         state_at(ctx->now, w[i].start, w[i].end), "regular", 1,
                                         "within_notice", 1, "title", ""));
  }
  json_t *rows = json_array(), *row;
  int rc = an_store_ops_maintenance_list_all(db, from, to, 0, rows);
  size_t i;
  json_array_foreach(rows, i, row) json_array_append(out, window_json(ctx, row));
  json_decref(rows);
  return rc < 0 ? rc : (int)json_array_size(out);
}
