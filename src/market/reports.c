#include "market/reports.h"

#include <string.h>

#include "core/buf.h"
#include "market/contracts.h"
#include "market/market.h"
#include "store/market_ops.h"

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

#define T struct an_report_form
static const struct an_field REPORT_FORM_FIELDS[] = {
    AN_FIELD_IN(T, category, AN_F_TEXT, false, 1, 40),
    AN_FIELD_IN(T, description, AN_F_TEXT, false, 1, 5000),
    AN_FIELD_IN(T, target, AN_F_TEXT, true, 0, 500),
    AN_FIELD_IN(T, reporter_name, AN_F_TEXT, true, 0, 100),
    AN_FIELD_IN(T, reporter_email, AN_F_TEXT, true, 0, 254),
};
const struct an_spec an_report_form_spec = AN_SPEC(T, REPORT_FORM_FIELDS, nulls);
#undef T

struct submit {
  const struct an_ctx *ctx;
  const struct an_report_form *in;
  int64_t id;
};

static int submit_txn(struct an_db *db, void *cls)
{
  struct submit *s = cls;
  int rc = an_store_report_insert(db, s->in, s->ctx->now, &s->id);
  if (rc < 0)
    return rc;
  json_t *d = json_pack("{s:s}", "category", s->in->category);
  rc = an_market_audit(s->ctx, db, "report.submit", "report", s->id, 0, d);
  json_decref(d);
  return rc;
}

enum an_ec an_report_submit(const struct an_ctx *ctx, struct an_db *db,
                            const struct an_report_form *in, int64_t *receipt)
{
  if (!known_category(in->category))
    return AN_EC_GENERIC_INVALID_FIELD;
  struct submit s = {ctx, in, 0};
  int rc = an_db_txn(db, submit_txn, &s);
  *receipt = s.id;
  return rc < 0 ? AN_EC_GENERIC_INTERNAL : AN_EC_OK;
}

int an_report_list(const struct an_ctx *ctx, struct an_db *db, const char *status, json_t *out)
{
  (void)ctx;
  struct an_report *items = NULL;
  size_t n = 0;
  int rc = an_store_report_list(db, status ? status : "", &items, &n);
  an_spec_array_to_json(&an_report_spec, items, n, out);
  an_spec_free_array(&an_report_spec, items, n);
  return rc;
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
  struct an_report rep = {0};
  int rc = id ? an_store_report_get(db, id, &rep) : 0;
  bool open = rc == 1 && !strcmp(rep.status, "open");
  an_spec_clear(&an_report_spec, &rep);
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
  struct an_report rep = {0};
  if (an_store_report_get(db, id, &rep) == 1)
    *out = an_spec_to_json(&an_report_spec, &rep);
  an_spec_clear(&an_report_spec, &rep);
  return *out ? AN_EC_OK : AN_EC_GENERIC_INTERNAL;
}
