/* Reports of prohibited acts (TOS-17, MARK-4-2-3): anyone reports; operator staff handle, and may
 * suspend the related contract in the same step. */

#include "market/reports.h"
#include "api/api.h"
#include "api/public_rate.h"
#include "http/json_in.h"

an_ret an_api_report_submit(struct an_request *r)
{
  struct an_report_form in;
  an_ret ret;
  if (!an_api_public_write_or_reply(r, &ret) ||
      !an_json_body_spec_or_reply(r, &an_report_form_spec, &in, &ret))
    return ret;
  int64_t receipt = 0;
  enum an_ec ec = an_report_submit(&r->ctx, r->db, &in, &receipt);
  an_spec_clear(&an_report_form_spec, &in);
  if (ec != AN_EC_OK)
    return an_reply_problem(r, ec, NULL, NULL);
  /* The reporter gets a receipt number only: reports are not readable by the public. */
  return an_reply_json(r, 201, json_pack("{s:I}", "receipt", (json_int_t)receipt));
}

an_ret an_api_report_list(struct an_request *r)
{
  const char *status = an_req_query(r, "status");
  json_t *items = json_array();
  int listed = an_report_list(&r->ctx, r->db, status, items);
  return an_reply_items(r, listed, items);
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
  json_t *rep = NULL;
  enum an_ec ec = an_report_handle(&r->ctx, r->db, an_req_param_id(r, "id"), resolution, contract,
                                   suspend, &rep);
  if (ec != AN_EC_OK)
    return an_reply_problem(r, ec, NULL, NULL);
  return an_reply_json(r, 200, json_pack("{s:o}", "report", rep));
}
