/* Receivables (issue 17): invoices, credit notes, payments, balances, and the shop's
 * qualified-invoice registration number. */
#include <stdlib.h>
#include <string.h>

#include "api/api.h"
#include "api/bodies.h"
#include "api/kinds.h"
#include "api/market_util.h"
#include "http/json_in.h"
#include "market/dunning.h"
#include "market/receivables.h"

/* 400 naming field, with the catalogue's generic message for it. */
static an_ret bad_field(struct an_request *r, const char *field)
{
  json_t *errs = json_pack(
      "[{s:s, s:s}]", "field", field, "detail",
      an_req_text(r, "この項目の値は受け付けられません。", "This value is not accepted."));
  return an_reply_problem(r, AN_EC_GENERIC_INVALID_FIELD, NULL, errs);
}

AN_API_HANDLER(an_api_invoices, an_api_get, an_invoice_list, 200, NULL)

an_ret an_api_invoice_get(struct an_request *r)
{
  json_t *out = NULL;
  enum an_ec ec = an_invoice_get(&r->ctx, r->db, an_req_param_id(r, "id"), &out);
  return an_api_market_reply(r, ec, 200, "invoice", out);
}

an_ret an_api_invoices_issue(struct an_request *r)
{
  const struct an_in_receivables *in = r->in;
  json_t *out = NULL;
  enum an_ec ec = an_invoices_issue(&r->ctx, r->db, in->month, &out);
  if (ec == AN_EC_GENERIC_INVALID_FIELD)
    return bad_field(r, "month");
  return an_api_answer(r, ec, 200, NULL, out);
}

an_ret an_api_invoice_credit(struct an_request *r)
{
  const struct an_in_receivables *in = r->in;
  json_t *out = NULL;
  enum an_ec ec = an_invoice_credit(&r->ctx, r->db, an_req_param_id(r, "id"), in->reason, &out);
  return an_api_market_reply(r, ec, 201, "credit_note", out);
}

an_ret an_api_shop_invoice_registration(struct an_request *r)
{
  const struct an_in_receivables *in = r->in;
  json_t *out = NULL;
  enum an_ec ec = an_shop_set_invoice_registration(&r->ctx, r->db, an_req_param_id(r, "id"),
                                                   in->invoice_registration_number, &out);
  if (ec == AN_EC_GENERIC_INVALID_FIELD)
    return bad_field(r, "invoice_registration_number");
  return an_api_market_reply(r, ec, 200, "shop", out);
}

an_ret an_api_payments_import(struct an_request *r)
{
  const char *ct = an_req_header(r, "Content-Type");
  if (!ct || strncasecmp(ct, "text/csv", 8))
    return an_reply_problem(r, AN_EC_GENERIC_UNSUPPORTED_MEDIA, NULL, NULL);
  json_t *out = NULL;
  const char *bad = NULL;
  enum an_ec ec = an_payments_import(&r->ctx, r->db, r->body.data ? r->body.data : "", r->body.len,
                                     an_req_query(r, "filename"), &out, &bad);
  if (ec == AN_EC_GENERIC_INVALID_FIELD)
    return bad_field(r, bad);
  return an_api_answer(r, ec, json_is_true(json_object_get(out, "duplicate")) ? 200 : 201, NULL,
                       out);
}

an_ret an_api_payment_record(struct an_request *r)
{
  const char *number = NULL, *paid_on = NULL, *reference = NULL;
  json_int_t amount = 0;
  const struct an_jfield f[] = {{"invoice_number", AN_J_STRING, true, 1, 80, &number},
                                {"amount", AN_J_INT, true, 1, 999999999999LL, &amount},
                                {"paid_on", AN_J_STRING, true, 10, 10, &paid_on},
                                {"reference", AN_J_STRING, false, 0, 200, &reference}};
  AN_API_BODY_OR_RETURN(r, f);
  const struct an_payment_in in = {number, paid_on, reference, amount};
  json_t *out = NULL;
  const char *bad = NULL;
  enum an_ec ec = an_payment_record(&r->ctx, r->db, &in, &out, &bad);
  if (ec == AN_EC_GENERIC_INVALID_FIELD)
    return bad_field(r, bad);
  return an_api_market_reply(r, ec, 201, "payment", out);
}

AN_API_HANDLER(an_api_payments, an_api_get, an_payment_list, 200, NULL)

AN_API_HANDLER(an_api_balances, an_api_get, an_receivables_balances, 200, NULL)

an_ret an_api_invoices_csv(struct an_request *r)
{
  char *csv = NULL;
  size_t len = 0;
  enum an_ec ec = an_invoices_csv(&r->ctx, r->db, r->lang, &csv, &len);
  return an_api_csv(r, ec, csv, len);
}

an_ret an_api_balances_csv(struct an_request *r)
{
  char *csv = NULL;
  size_t len = 0;
  enum an_ec ec = an_balances_csv(&r->ctx, r->db, r->lang, &csv, &len);
  return an_api_csv(r, ec, csv, len);
}

/* ---- the invoice PDF and dunning (issue 17 items 1, 3) ---- */

an_ret an_api_invoice_pdf(struct an_request *r)
{
  unsigned char *pdf = NULL;
  size_t len = 0;
  char *filename = NULL;
  enum an_ec ec =
      an_invoice_pdf(&r->ctx, r->db, an_req_param_id(r, "id"), r->lang, &pdf, &len, &filename);
  if (ec != AN_EC_OK)
    return an_reply_problem(r, ec, NULL, NULL);
  an_ret ret = an_reply_attachment(r, "application/pdf", filename, (char *)pdf, len, NULL);
  free(filename);
  return ret;
}

AN_API_HANDLER(an_api_dunning_proposals, an_api_get, an_dunning_proposals, 200, NULL)

static an_ret decide(struct an_request *r, bool suspend)
{
  const char *reason = NULL;
  const struct an_jfield f[] = {{"reason", AN_J_STRING, suspend, suspend ? 1 : 0, 200, &reason}};
  AN_API_BODY_OR_RETURN(r, f);
  json_t *out = NULL;
  enum an_ec ec =
      an_dunning_decide(&r->ctx, r->db, an_req_param_id(r, "id"), suspend, reason, &out);
  if (ec == AN_EC_GENERIC_INVALID_FIELD)
    return bad_field(r, "reason");
  return an_api_answer(r, ec, 200, NULL, out);
}

AN_API_HANDLER(an_api_dunning_suspend, decide, true)

AN_API_HANDLER(an_api_dunning_dismiss, decide, false)
