/* Reports of prohibited acts (TOS-17, MARK-4-2-3): anyone reports; operator staff handle, and may
 * suspend the related contract in the same step. */
#include <stdio.h>
#include <string.h>

#include "api/api.h"
#include "api/market_util.h"
#include "api/public_rate.h"
#include "core/buf.h"
#include "http/json_in.h"
#include "market/contracts.h"
#include "market/market.h"
#include "store/market_ops.h"
#include "store/rows.h"

static const char *const categories[] = {
    "ip_infringement", "tampering",  "unauthorised_use", "illegal",     "defamation",
    "fraud",           "obscene",    "pyramid",          "impersonation", "malware",
    "spam",            "overload",   "other"};

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

an_ret an_api_report_submit(struct an_request *r)
{
  const char *category = NULL, *desc = NULL, *target = "", *name = "", *email = "";
  const struct an_jfield f[] = {
      {"category", AN_J_STRING, true, 1, 40, &category},
      {"description", AN_J_STRING, true, 1, 5000, &desc},
      {"target", AN_J_STRING, false, 0, 500, &target},
      {"reporter_name", AN_J_STRING, false, 0, 100, &name},
      {"reporter_email", AN_J_STRING, false, 0, 254, &email},
  };
  an_ret ret;
  if (!an_api_public_write_or_reply(r, &ret) || !an_json_body_or_reply(r, f, 5, &ret))
    return ret;
  bool known = false;
  for (size_t i = 0; i < sizeof categories / sizeof categories[0]; i++)
    known = known || !strcmp(categories[i], category);
  if (!known)
    return an_reply_problem(r, AN_EC_GENERIC_INVALID_FIELD, NULL, NULL);
  json_t *in = json_pack("{s:s, s:s, s:s, s:s, s:s}", "category", category, "description", desc,
                         "target", target ? target : "", "reporter_name", name ? name : "",
                         "reporter_email", email ? email : "");
  struct submit s = {&r->ctx, in, 0};
  int rc = an_db_txn(r->db, submit_txn, &s);
  json_decref(in);
  if (rc < 0)
    return an_reply_problem(r, AN_EC_GENERIC_INTERNAL, NULL, NULL);
  /* The reporter gets a receipt number only: reports are not readable by the public. */
  return an_reply_json(r, 201, json_pack("{s:I}", "receipt", (json_int_t)s.id));
}

an_ret an_api_report_list(struct an_request *r)
{
  const char *status = an_req_query(r, "status");
  json_t *items = json_array();
  int listed = an_store_report_list(r->db, status ? status : "", items);
  return an_reply_items(r, listed, items);
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
  int rc = an_store_report_handle(db, h->id, h->resolution, h->contract, h->ctx->actor,
                                  h->ctx->now);
  h->found = rc == 1;
  if (rc <= 0)
    return rc < 0 ? rc : AN_DB_ROLLBACK;
  json_t *d = json_pack("{s:s, s:I}", "resolution", h->resolution, "contract_id",
                        (json_int_t)h->contract);
  rc = an_market_audit(h->ctx, db, "report.handle", "report", h->id, 0, d);
  json_decref(d);
  return rc;
}

an_ret an_api_report_handle(struct an_request *r)
{
  const char *resolution = NULL;
  json_int_t contract = 0;
  bool suspend = false;
  const struct an_jfield f[] = {{"resolution", AN_J_STRING, true, 1, 2000, &resolution},
                                {"contract_id", AN_J_INT, false, 1, INT64_MAX, &contract},
                                {"suspend_contract", AN_J_BOOL, false, 0, 0, &suspend}};
  an_ret ret;
  if (!an_json_body_or_reply(r, f, 3, &ret))
    return ret;
  if (suspend && !contract)
    return an_reply_problem(r, AN_EC_GENERIC_INVALID_FIELD, NULL, NULL);
  int64_t id = an_req_param_id(r, "id");
  json_t *rep = NULL;
  int rc = id ? an_store_report_get(r->db, id, &rep) : 0;
  bool open = rc == 1 && !strcmp(an_rec_str(rep, "status"), "open");
  json_decref(rep);
  rep = NULL;
  if (rc < 0)
    return an_reply_problem(r, AN_EC_GENERIC_INTERNAL, NULL, NULL);
  if (!open)
    return an_reply_problem(r, rc ? AN_EC_GENERIC_CONFLICT : AN_EC_GENERIC_NOT_FOUND, NULL,
                            NULL);
  /* The suspension first: a report is marked handled only once its sanction took effect. */
  if (suspend) {
    json_t *c = NULL;
    struct an_buf reason = {0};
    an_buf_printf(&reason, "禁止事項への該当（通報 %lld）：%s", (long long)id, resolution);
    enum an_ec ec = an_contract_suspend(&r->ctx, r->db, contract, true, reason.data, &c);
    an_buf_free(&reason);
    json_decref(c);
    if (ec != AN_EC_OK)
      return an_reply_problem(r, ec, NULL, NULL);
  }
  struct handle h = {&r->ctx, id, contract, resolution, false};
  rc = an_db_txn(r->db, handle_txn, &h);
  if (!h.found)
    return an_reply_problem(r, rc < 0 && rc != AN_DB_ROLLBACK ? AN_EC_GENERIC_INTERNAL
                                                              : AN_EC_GENERIC_CONFLICT,
                            NULL, NULL);
  if (an_store_report_get(r->db, h.id, &rep) != 1)
    return an_reply_problem(r, AN_EC_GENERIC_INTERNAL, NULL, NULL);
  return an_reply_json(r, 200, json_pack("{s:o}", "report", rep));
}
