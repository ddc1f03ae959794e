/* Support tickets (issue 13): contractors file and follow them, operator staff answer, assign,
 * route and close them, shops read those routed to them; the public form files from outside. */

#include <sodium.h>
#include <stdlib.h>
#include <string.h>

#include "api/api.h"
#include "api/bodies.h"
#include "api/kinds.h"
#include "api/public_rate.h"
#include "http/json_in.h"
#include "store/rows.h"
#include "support/attachments.h"
#include "support/desk.h"
#include "support/tickets.h"

static an_ret open_ticket(struct an_request *r, const char *fixed_channel)
{
  const struct an_in_support_tickets *b = r->in;
  const struct an_ticket_in in = {b->category,
                                  b->subject,
                                  b->body,
                                  fixed_channel ? fixed_channel : an_api_or(b->channel, ""),
                                  an_api_or(b->requester_name, ""),
                                  an_api_or(b->requester_email, ""),
                                  r->lang,
                                  b->tenant_id,
                                  b->contract_id,
                                  NULL,
                                  NULL};
  json_t *t = NULL;
  const char *bad = NULL;
  enum an_ec ec = an_ticket_open(&r->ctx, r->db, &in, &t, &bad);
  if (ec != AN_EC_OK)
    return an_api_refusal(r, ec, bad);
  if (fixed_channel) { /* the public gets its reference, nothing more */
    json_t *receipt = json_pack("{s:O, s:O}", "ref", json_object_get(t, "ref"),
                                "first_response_due", json_object_get(t, "first_response_due"));
    json_decref(t);
    return an_reply_json(r, 201, receipt);
  }
  json_t *body_out =
      json_pack("{s:O, s:O, s:O}", "id", json_object_get(t, "id"), "first_response_due",
                json_object_get(t, "first_response_due"), "ticket", t);
  json_decref(t);
  return an_reply_json(r, 201, body_out);
}

AN_API_HANDLER(an_api_ticket_create, open_ticket, NULL)

AN_API_HANDLER(an_api_ticket_public, open_ticket, "public")

an_ret an_api_ticket_list(struct an_request *r)
{
  json_t *out = NULL;
  enum an_ec ec = an_ticket_list(&r->ctx, r->db, an_req_query(r, "status"), &out);
  return an_api_answer(r, ec, 200, NULL, out);
}

AN_API_HANDLER(an_api_ticket_get, an_api_id_get, an_ticket_get, 200, "ticket")

an_ret an_api_ticket_reply(struct an_request *r)
{
  const struct an_in_support_tickets *in = r->in;
  json_t *out = NULL;
  enum an_ec ec = an_ticket_reply(&r->ctx, r->db, an_req_param_id(r, "id"), in->body, in->internal,
                                  in->status, &out);
  return an_api_answer_field(r, ec, 200, "ticket", out, "status");
}

an_ret an_api_ticket_update(struct an_request *r)
{
  const char *status = NULL, *assignee = NULL;
  json_int_t shop = -1;
  const struct an_jfield f[] = {{"status", AN_J_STRING, false, 1, 20, &status},
                                {"assignee", AN_J_STRING, false, 0, 64, &assignee},
                                {"shop_id", AN_J_INT, false, 0, INT64_MAX, &shop}};
  AN_API_BODY_OR_RETURN(r, f);
  json_t *out = NULL;
  enum an_ec ec =
      an_ticket_update(&r->ctx, r->db, an_req_param_id(r, "id"), status, assignee, shop, &out);
  return an_api_answer_field(r, ec, 200, "ticket", out, "status");
}

an_ret an_api_ticket_history_csv(struct an_request *r)
{
  char *csv = NULL;
  size_t len = 0;
  enum an_ec ec =
      an_ticket_history_csv(&r->ctx, r->db, an_req_param_id(r, "id"), r->lang, &csv, &len);
  if (ec != AN_EC_OK)
    return an_reply_problem(r, ec, NULL, NULL);
  return an_reply_attachment(r, "text/csv; charset=utf-8", "ticket-history.csv", csv, len, NULL);
}

an_ret an_api_support_info(struct an_request *r)
{
  json_t *info = an_support_info(r->ctx.cfg);
  if (!info)
    return an_reply_problem(r, AN_EC_GENERIC_UNAVAILABLE, NULL, NULL);
  return an_reply_json(r, 200, info);
}

an_ret an_api_ticket_attachment_get(struct an_request *r)
{
  json_t *meta = NULL;
  unsigned char *data = NULL;
  size_t len = 0;
  enum an_ec ec =
      an_ticket_attachment_read(&r->ctx, r->db, an_req_param_id(r, "id"),
                                an_req_param_id(r, "attachment_id"), &meta, &data, &len);
  if (ec != AN_EC_OK)
    return an_reply_problem(r, ec, NULL, NULL);
  /* Always a download, never shown inline: the type was checked, but the browser need not
   * render what a stranger sent. */
  an_ret ret = an_reply_attachment(r, an_rec_str(meta, "content_type"),
                                   an_rec_str(meta, "filename"), (char *)data, len, NULL);
  json_decref(meta);
  return ret;
}

/* 413 naming the limit, so the person knows how far to shrink the file. */
static an_ret too_large(struct an_request *r)
{
  char ja[160], en[160];
  long max = r->ctx.cfg->support_attachment_max_bytes;
  snprintf(ja, sizeof ja, "添付ファイルは1件あたり%ldバイトまでです。", max);
  snprintf(en, sizeof en, "An attachment may have at most %ld bytes.", max);
  json_t *errs =
      json_pack("[{s:s, s:s}]", "field", "data_base64", "detail", an_req_text(r, ja, en));
  return an_reply_problem(r, AN_EC_SUPPORT_ATTACHMENT_TOO_LARGE, NULL, errs);
}

an_ret an_api_ticket_attachment_add(struct an_request *r)
{
  const char *filename = NULL, *ctype = "", *b64 = NULL;
  /* The file's size is bounded by [support] attachment_max_bytes (413 beyond, below) and the
   * body by [server] max_body_bytes; the string itself only by what those leave. */
  const struct an_jfield f[] = {{"filename", AN_J_STRING, true, 1, 200, &filename},
                                {"content_type", AN_J_STRING, false, 0, 100, &ctype},
                                {"data_base64", AN_J_STRING, true, 1, 1LL << 31, &b64}};
  AN_API_BODY_OR_RETURN(r, f);
  size_t max = strlen(b64) / 4 * 3 + 3, len = 0;
  unsigned char *bin = malloc(max);
  if (!bin || sodium_base642bin(bin, max, b64, strlen(b64), " \r\n", &len, NULL,
                                sodium_base64_VARIANT_ORIGINAL) != 0) {
    free(bin);
    return an_api_refusal(r, AN_EC_GENERIC_INVALID_FIELD, "data_base64");
  }
  json_t *meta = NULL;
  const char *why = NULL;
  enum an_ec ec = an_ticket_attachment_add(&r->ctx, r->db, an_req_param_id(r, "id"), filename,
                                           ctype, bin, len, &meta, &why);
  free(bin);
  if (ec == AN_EC_SUPPORT_ATTACHMENT_TOO_LARGE)
    return too_large(r);
  return an_api_answer_field(r, ec, 201, "attachment", meta,
                             why && !strcmp(why, "type") ? "content_type" : "data_base64");
}
