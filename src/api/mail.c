/* GET /api/v1/mail and /api/v1/mail/{id}: the e-mail outbox for operator staff (read only).
 * With no relay configured this is where mail is read; otherwise it shows what was sent and
 * each delivery attempt (TOS-21). */
#include <stdio.h>
#include <stdlib.h>

#include "api/api.h"
#include "api/kinds.h"
#include "core/ids.h"
#include "core/time.h"
#include "notify/outbox.h"

/* The message without its body (the list), or with it. */
static json_t *mail_json(const struct an_mail *m, bool with_body)
{
  json_t *o = json_pack(
      "{s:I, s:o, s:s, s:s, s:s, s:s, s:s, s:I, s:o, s:s, s:o, s:o}", "id", (json_int_t)m->id,
      "tenant_id", m->tenant_id ? json_integer(m->tenant_id) : json_null(), "to", m->to_addr,
      "subject", m->subject, "template", m->template_name, "lang", m->lang, "status", m->status,
      "attempts", (json_int_t)m->attempts, "next_attempt_at",
      an_time_json_or_null(m->next_attempt_at), "last_error", m->last_error ? m->last_error : "",
      "created_at", an_time_json_or_null(m->created_at), "sent_at",
      an_time_json_or_null(m->sent_at));
  if (with_body)
    json_object_set_new(o, "body_text", json_string(m->body_text));
  return o;
}

static void add_item(void *cls, const struct an_mail *m)
{
  json_array_append_new(cls, mail_json(m, false));
}

an_ret an_api_mail_list(struct an_request *r)
{
  long limit;
  int64_t before = INT64_MAX;
  AN_API_OR_RETURN(an_api_keyset_or_reply, r, &limit, &before);
  const char *tq = an_req_query(r, "tenant_id");
  int64_t tenant = 0;
  if (tq && !an_count_parse(tq, &tenant))
    return an_api_problem_text(r, AN_EC_GENERIC_INVALID_FIELD,
                               "tenant_id は数値で指定してください。",
                               "tenant_id must be a number.");
  json_t *items = json_array();
  int64_t queued = 0;
  int listed = an_outbox_list(&r->ctx, r->db, tenant, limit + 1, before, add_item, items, &queued);
  return an_api_keyset_reply(r, listed, items, limit,
                             json_pack("{s:I, s:b}", "queued", (json_int_t)queued,
                                       "relay_configured",
                                       r->ctx.cfg->mail_relay && r->ctx.cfg->mail_relay[0]));
}

static void one_cb(void *cls, const struct an_mail *m)
{
  *(json_t **)cls = mail_json(m, true);
}

static void delivery_cb(void *cls, const struct an_mail_delivery *d)
{
  json_array_append_new(cls, json_pack("{s:I, s:o, s:s, s:s}", "attempt", (json_int_t)d->attempt,
                                       "at", an_time_json_or_null(d->at), "outcome", d->outcome,
                                       "smtp_response", d->smtp_response));
}

an_ret an_api_mail_get(struct an_request *r)
{
  int64_t id = an_req_param_id(r, "id");
  json_t *mail = NULL, *deliveries = json_array();
  enum an_ec ec = an_outbox_read(&r->ctx, r->db, id, one_cb, &mail, delivery_cb, deliveries);
  if (ec != AN_EC_OK) {
    json_decref(mail);
    json_decref(deliveries);
    return an_reply_problem(r, ec, NULL, NULL);
  }
  return an_reply_json(r, 200, json_pack("{s:o, s:o}", "mail", mail, "deliveries", deliveries));
}
