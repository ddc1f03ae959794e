/* Public information pages (issue 12 item 9): the privacy policy with its cookies and inquiry
 * desk (MARK-7-4-1, TOS-29, TOS-19), security advice (MARK-6-1-1), supported environments
 * (CHK-2, SLA-25), support and incident contact (TOS-24, CHK-21, CHK-19), and the operator's
 * facts (WP-2, WP-3, SLA-32, TOS-12, CHK-26, CHK-27, CHK-41), each a versioned document in
 * Japanese and English with an effective date; version 1 ships with the product (migration
 * 028). A change takes effect no earlier than the day it is published. */
#include <string.h>

#include "core/calendar.h"
#include "market/market.h"
#include "ops/ops.h"
#include "ops/schedule.h"
#include "store/ops.h"
#include "store/rows.h"

static const char *const kinds[] = {"privacy", "security", "environment",
                                    "support", "operator", NULL};

static bool known(const char *kind)
{
  for (const char *const *k = kinds; kind && *k; k++)
    if (!strcmp(*k, kind))
      return true;
  return false;
}

enum an_ec an_ops_info_get(const struct an_ctx *ctx, struct an_db *db, const char *kind,
                           json_t **out)
{
  *out = NULL;
  if (!known(kind))
    return AN_EC_GENERIC_NOT_FOUND;
  json_t *all = json_array(), *v, *in_force = NULL;
  if (an_store_ops_info_versions(db, kind, all) < 0) {
    json_decref(all);
    return AN_EC_GENERIC_INTERNAL;
  }
  char today[AN_DATE_STRLEN];
  an_date_format(an_ops_date_of(ctx->now), today, sizeof today);
  json_t *versions = json_array();
  size_t i;
  json_array_foreach(all, i, v)
  {
    /* the newest version in force today; later ones are announced, earlier ones history */
    if (!in_force && strcmp(an_rec_str(v, "effective_on"), today) <= 0)
      in_force = v;
    json_array_append(versions, v);
  }
  *out = json_pack("{s:s, s:O?, s:o}", "kind", kind, "in_force", in_force, "versions", versions);
  json_decref(all);
  return AN_EC_OK;
}

struct publish {
  const struct an_ctx *ctx;
  const char *kind;
  json_t *rec;
  int64_t version;
};

static int publish_txn(struct an_db *db, void *cls)
{
  struct publish *p = cls;
  int rc = an_store_ops_info_insert(db, p->kind, p->rec, p->ctx->now, &p->version);
  if (rc >= 0)
    rc = an_market_audit(p->ctx, db, "info.publish", "info", p->version, 0, p->rec);
  return rc;
}

enum an_ec an_ops_info_publish(const struct an_ctx *ctx, struct an_db *db, const char *kind,
                               const struct an_ops_info_in *in, const char **field,
                               char earliest[11], json_t **out)
{
  *out = NULL;
  earliest[0] = 0;
  struct an_date eff;
  *field = NULL;
  if (!known(kind))
    return AN_EC_GENERIC_NOT_FOUND;
  if (!in->effective_on || !an_date_parse(in->effective_on, &eff)) {
    *field = "effective_on";
    return AN_EC_GENERIC_INVALID_FIELD;
  }
  struct an_date today = an_ops_date_of(ctx->now);
  if (an_date_cmp(eff, today) < 0) {
    an_date_format(today, earliest, AN_DATE_STRLEN);
    *field = "effective_on";
    return AN_EC_NOTICE_PERIOD_TOO_SHORT;
  }
  json_t *rec = json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:s}", "kind", kind, "title", in->title,
                          "body", in->body, "title_en", in->title_en ? in->title_en : "", "body_en",
                          in->body_en ? in->body_en : "", "effective_on", in->effective_on,
                          "published_by", ctx->actor);
  struct publish p = {ctx, kind, rec, 0};
  int rc = an_db_txn(db, publish_txn, &p);
  json_decref(rec);
  if (rc < 0)
    return AN_EC_GENERIC_INTERNAL;
  return an_ops_info_get(ctx, db, kind, out);
}
