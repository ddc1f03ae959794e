/* Contracts: contractors see theirs, shops (by token) theirs, operator staff all; cancellation by
 * the contractor (Art. 12), suspension and termination by the operator (Art. 11, 13). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/api.h"
#include "api/bodies.h"
#include "api/kinds.h"
#include "api/market_util.h"
#include "core/ids.h"
#include "http/json_in.h"
#include "identity/language.h"
#include "market/contract_doc.h"
#include "market/contract_reads.h"
#include "market/contracts.h"
#include "market/fees_statement.h"
#include "market/handover.h"

/* Pages are keyset pages: cursor is a page's next_cursor (the last id it showed, as opaque text
 * to the client), and the next page is the index range just below it. offset still works for
 * the clients that page by it, but not together with a cursor. */
an_ret an_api_contract_list(struct an_request *r)
{
  long limit, offset;
  AN_API_OR_RETURN(an_api_paging_or_reply, r, &limit, &offset);
  const char *cur = an_req_query(r, "cursor");
  int64_t before = 0;
  if (cur && (!an_count_parse(cur, &before) || before < 1 || an_req_query(r, "offset")))
    return an_api_problem_text(r, AN_EC_GENERIC_INVALID_FIELD,
                               "cursor は前のページの next_cursor を指定してください"
                               "（offset と同時には使えません）。",
                               "cursor must be a page's next_cursor (not together with "
                               "offset).");
  json_t *items = json_array();
  int64_t next = 0;
  int listed = an_contract_list_visible(&r->ctx, r->db, an_req_query(r, "status"), before, limit,
                                        offset, items, &next);
  if (listed < 0)
    return an_reply_items(r, listed, items);
  char cursor[24];
  snprintf(cursor, sizeof cursor, "%lld", (long long)next);
  return an_reply_json(
      r, 200, json_pack("{s:o, s:s?}", "items", items, "next_cursor", next ? cursor : NULL));
}

AN_API_HANDLER(an_api_contract_get, an_api_find_reply, an_contract_find, "contract")

an_ret an_api_contract_document(struct an_request *r)
{
  json_t *doc;
  int rc = an_contract_document(&r->ctx, r->db, an_req_param_id(r, "id"), r->lang, &doc);
  return an_api_found_reply(r, rc, "document", doc);
}

an_ret an_api_contract_cancel(struct an_request *r)
{
  const char *desired = NULL;
  const struct an_jfield f[] = {{"desired_on", AN_J_STRING, false, 10, 10, &desired}};
  AN_API_BODY_OR_RETURN(r, f);
  json_t *out = NULL;
  int64_t id = an_req_param_id(r, "id");
  enum an_ec ec =
      id ? an_contract_cancel(&r->ctx, r->db, id, desired, &out) : AN_EC_GENERIC_NOT_FOUND;
  return an_api_market_reply(r, ec, 200, NULL, out);
}

an_ret an_api_contract_cancel_preview(struct an_request *r)
{
  const char *desired = an_req_query(r, "desired_on");
  if (desired && !desired[0])
    desired = NULL;
  json_t *out = NULL;
  int64_t id = an_req_param_id(r, "id");
  enum an_ec ec =
      id ? an_contract_cancel_preview(&r->ctx, r->db, id, desired, &out) : AN_EC_GENERIC_NOT_FOUND;
  if (ec == AN_EC_GENERIC_INVALID_FIELD)
    return an_api_field_text(r, ec, "desired_on", "日付は YYYY-MM-DD の形式で指定してください。",
                             "Give a date as YYYY-MM-DD.");
  return an_api_market_reply(r, ec, 200, NULL, out);
}

an_ret an_api_contract_cancel_withdraw(struct an_request *r)
{
  json_t *out = NULL;
  int64_t id = an_req_param_id(r, "id");
  enum an_ec ec =
      id ? an_contract_cancel_withdraw(&r->ctx, r->db, id, &out) : AN_EC_GENERIC_NOT_FOUND;
  return an_api_market_reply(r, ec, 200, NULL, out);
}

static an_ret suspend(struct an_request *r, bool on)
{
  const char *reason = NULL;
  const struct an_jfield f[] = {{"reason", AN_J_STRING, on, 1, 500, &reason}};
  AN_API_BODY_OR_RETURN(r, f);
  json_t *c = NULL;
  int64_t id = an_req_param_id(r, "id");
  enum an_ec ec = id ? an_contract_suspend(&r->ctx, r->db, id, on, reason ? reason : "", &c)
                     : AN_EC_GENERIC_NOT_FOUND;
  return an_api_market_reply(r, ec, 200, "contract", c);
}

AN_API_HANDLER(an_api_contract_suspend, suspend, true)

AN_API_HANDLER(an_api_contract_reinstate, suspend, false)

an_ret an_api_contract_terminate(struct an_request *r)
{
  const struct an_in_contracts *in = r->in;
  json_t *c = NULL;
  int64_t id = an_req_param_id(r, "id");
  enum an_ec ec =
      id ? an_contract_terminate(&r->ctx, r->db, id, in->cause, an_api_or(in->message, ""), &c)
         : AN_EC_GENERIC_NOT_FOUND;
  return an_api_market_reply(r, ec, 200, "contract", c);
}

an_ret an_api_fees(struct an_request *r)
{
  const char *month = an_req_query(r, "month");
  int64_t tenant = an_scope_tenant(&r->ctx);
  if (an_scope_is_operator(&r->ctx)) {
    const char *t = an_req_query(r, "tenant_id");
    tenant = 0;
    if (t && !an_id_parse(t, &tenant))
      tenant = 0;       /* answered below as missing */
  } else if (!tenant) { /* a shop's staff or token: the contractors' statements are not theirs */
    return an_reply_problem(r, AN_EC_AUTH_FORBIDDEN, NULL, NULL);
  }
  if (!tenant)
    return an_api_problem_text(r, AN_EC_GENERIC_INVALID_FIELD, "tenant_id を指定してください。",
                               "Give tenant_id.");
  json_t *out = NULL;
  enum an_ec ec = an_fees_month(&r->ctx, r->db, tenant, month, r->lang, &out);
  if (ec == AN_EC_GENERIC_INVALID_FIELD)
    return an_api_problem_text(r, ec, "month は YYYY-MM の形式で指定してください。",
                               "month must be YYYY-MM.");
  return an_api_market_reply(r, ec, 200, NULL, out);
}

an_ret an_api_fees_csv(struct an_request *r)
{
  char *csv = NULL;
  size_t len = 0;
  const char *month = an_req_query(r, "month");
  enum an_ec ec = an_fees_export_csv(&r->ctx, r->db, month, r->lang, &csv, &len);
  return an_api_csv(r, ec, csv, len);
}

an_ret an_api_notices(struct an_request *r)
{
  char lang[AN_LANG_STRLEN]; /* the reader's own language; a token's: the request's */
  if (an_language_get(&r->ctx, r->db, lang) != AN_EC_OK)
    snprintf(lang, sizeof lang, "%s", r->lang);
  json_t *items = json_array();
  int listed = an_notice_list(&r->ctx, r->db, lang, items);
  return an_reply_items(r, listed, items);
}

AN_API_HANDLER(an_api_handovers, an_api_list, an_handover_list_all)
