#include "market/reports.h"

#include <string.h>

#include "core/buf.h"
#include "market/contracts.h"
#include "market/market.h"
#include "store/market_ops.h"
#include "store/rows.h"

static const char *const categories[] = {"ip_infringement",
                                         "tampering",
                                         "unauthorised_use",
                                         "illegal",
                                         "defamation",
                                         "fraud",
                                         "obscene",
                                         "pyramid",
                                         "impersonation",
                                         "malware",
                                         "spam",
                                         "overload",
                                         "other"};

static bool known_category(const char *category)
{
  for (size_t i = 0; i < sizeof categories / sizeof categories[0]; i++)
    if (category && !strcmp(categories[i], category))
      return true;
  return false;
}

struct submit {
  const struct an_ctx *ctx;
  json_t *in;
  int64_t id;
};

static int submit_txn(struct an_db *db, void *cls)
{
  struct submit *s = cls;
  int rc = an_store_report_insert(db, s->in, s->ctx->now, &s->id);
  if (rc < 0)
    return rc;
  json_t *d = json_pack("{s:s}", "category", an_rec_str(s->in, "category"));
  rc = an_market_audit(s->ctx, db, "report.submit", "report", s->id, 0, d);
  json_decref(d);
  return rc;
}

static const char *or_empty(const char *s)
{
  return s ? s : "";
}

enum an_ec an_report_submit(const struct an_ctx *ctx, struct an_db *db,
                            const struct an_report_in *in, int64_t *receipt)
{
  if (!known_category(in->category))
    return AN_EC_GENERIC_INVALID_FIELD;
  json_t *rec =
      json_pack("{s:s, s:s, s:s, s:s, s:s}", "category", in->category, "description",
                or_empty(in->description), "target", or_empty(in->target), "reporter_name",
                or_empty(in->reporter_name), "reporter_email", or_empty(in->reporter_email));
  struct submit s = {ctx, rec, 0};
  int rc = an_db_txn(db, submit_txn, &s);
  json_decref(rec);
  *receipt = s.id;
  return rc < 0 ? AN_EC_GENERIC_INTERNAL : AN_EC_OK;
}

int an_report_list(const struct an_ctx *ctx, struct an_db *db, const char *status, json_t *out)
{
  (void)ctx;
  return an_store_report_list(db, status ? status : "", out);
}

struct handle {
  const struct an_ctx *ctx;
  int64_t id, contract;
  const char *resolution;
  bool found;
};

static int handle_txn(struct an_db *db, void *cls)
{
  struct handle *h = cls;
  int rc =
      an_store_report_handle(db, h->id, h->resolution, h->contract, h->ctx->actor, h->ctx->now);
  h->found = rc == 1;
  if (rc <= 0)
    return rc < 0 ? rc : AN_DB_ROLLBACK;
  json_t *d =
      json_pack("{s:s, s:I}", "resolution", h->resolution, "contract_id", (json_int_t)h->contract);
  rc = an_market_audit(h->ctx, db, "report.handle", "report", h->id, 0, d);
  json_decref(d);
  return rc;
}

/* AN_EC_OK when the report exists and is open. */
static enum an_ec open_report(struct an_db *db, int64_t id)
{
  json_t *rep = NULL;
  int rc = id ? an_store_report_get(db, id, &rep) : 0;
  bool open = rc == 1 && !strcmp(an_rec_str(rep, "status"), "open");
  json_decref(rep);
  if (rc < 0)
    return AN_EC_GENERIC_INTERNAL;
  return open ? AN_EC_OK : rc ? AN_EC_GENERIC_CONFLICT : AN_EC_GENERIC_NOT_FOUND;
}

static enum an_ec suspend_for(const struct an_ctx *ctx, struct an_db *db, int64_t id,
                              int64_t contract, const char *resolution)
{
  json_t *c = NULL;
  struct an_buf reason = {0};
  an_buf_printf(&reason, "禁止事項への該当（通報 %lld）：%s", (long long)id, resolution);
  enum an_ec ec = an_contract_suspend(ctx, db, contract, true, reason.data, &c);
  an_buf_free(&reason);
  json_decref(c);
  return ec;
}

enum an_ec an_report_handle(const struct an_ctx *ctx, struct an_db *db, int64_t id,
                            const char *resolution, int64_t contract, bool suspend, json_t **out)
{
  *out = NULL;
  if (suspend && !contract)
    return AN_EC_GENERIC_INVALID_FIELD;
  enum an_ec ec = open_report(db, id);
  if (ec == AN_EC_OK && suspend)
    ec = suspend_for(ctx, db, id, contract, resolution);
  if (ec != AN_EC_OK)
    return ec;
  struct handle h = {ctx, id, contract, resolution, false};
  int rc = an_db_txn(db, handle_txn, &h);
  if (!h.found)
    return rc < 0 && rc != AN_DB_ROLLBACK ? AN_EC_GENERIC_INTERNAL : AN_EC_GENERIC_CONFLICT;
  return an_store_report_get(db, id, out) == 1 ? AN_EC_OK : AN_EC_GENERIC_INTERNAL;
}
