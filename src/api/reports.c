/* Reports of prohibited acts (TOS-17, MARK-4-2-3): anyone reports; operator staff handle, and may
 * suspend the related contract in the same step. The reports are tickets of the support queue
 * (support/reports.h); this API keeps its shape. */

#include "support/reports.h"
#include "api/api.h"
#include "api/bodies.h"
#include "api/kinds.h"
#include "api/public_rate.h"
#include "http/json_in.h"
#include "market/contracts.h"

an_ret an_api_report_submit(struct an_request *r)
{
  const struct an_in_reports *b = r->in;
  const struct an_report_in in = {b->category,
                                  b->description,
                                  an_api_or(b->target, ""),
                                  an_api_or(b->reporter_name, ""),
                                  an_api_or(b->reporter_email, ""),
                                  r->lang};
  int64_t receipt = 0;
  const char *bad = NULL;
  enum an_ec ec = an_report_submit(&r->ctx, r->db, &in, &receipt, &bad);
  /* The reporter gets a receipt number only: reports are not readable by the public. */
  return an_api_answer_field(r, ec, 201, NULL, json_pack("{s:I}", "receipt", (json_int_t)receipt),
                             bad);
}

an_ret an_api_report_list(struct an_request *r)
{
  json_t *items = NULL;
  enum an_ec ec = an_report_list(&r->ctx, r->db, an_req_query(r, "status"), &items);
  return an_api_answer(r, ec, 200, "items", items);
}

/* The market's sanction, handed to the support desk's handling of the report. */
static enum an_ec suspend_contract(const struct an_ctx *ctx, struct an_db *db, int64_t contract,
                                   const char *reason)
{
  json_t *c = NULL;
  enum an_ec ec = an_contract_suspend(ctx, db, contract, true, reason, &c);
  json_decref(c);
  return ec;
}

an_ret an_api_report_handle(struct an_request *r)
{
  const char *resolution = NULL;
  json_int_t contract = 0;
  bool suspend = false;
  const struct an_jfield f[] = {{"resolution", AN_J_STRING, true, 1, 2000, &resolution},
                                {"contract_id", AN_J_INT, false, 1, INT64_MAX, &contract},
                                {"suspend_contract", AN_J_BOOL, false, 0, 0, &suspend}};
  AN_API_BODY_OR_RETURN(r, f);
  json_t *rep = NULL;
  enum an_ec ec = an_report_handle(&r->ctx, r->db, an_req_param_id(r, "id"), resolution, contract,
                                   suspend ? suspend_contract : NULL, &rep);
  return an_api_answer(r, ec, 200, "report", rep);
}
