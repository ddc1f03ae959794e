#include "api/kinds.h"

#include <stdio.h>
#include <stdlib.h>

#include "core/alloc.h"
#include "core/buf.h"
#include "core/spec.h"
#include "http/etag.h"
#include "http/json_in.h"
#include "http/request.h"

an_ret an_api_answer(struct an_request *r, enum an_ec ec, unsigned status, const char *key,
                     json_t *out)
{
  return an_api_answer_errs(r, ec, status, key, out, NULL);
}

an_ret an_api_answer_errs(struct an_request *r, enum an_ec ec, unsigned status, const char *key,
                          json_t *out, json_t *errs)
{
  if (ec != AN_EC_OK) {
    json_decref(out);
    return an_reply_problem(r, ec, NULL, errs ? an_localize_errors(r, errs) : NULL);
  }
  json_decref(errs);
  if (status == 204) {
    json_decref(out);
    return an_reply_empty(r, 204);
  }
  return an_reply_json(r, status, key ? json_pack("{s:o}", key, out) : out);
}

an_ret an_api_problem_text(struct an_request *r, enum an_ec ec, const char *ja, const char *en)
{
  return an_reply_problem(r, ec, an_req_text(r, ja, en), NULL);
}

an_ret an_api_field_text(struct an_request *r, enum an_ec ec, const char *field, const char *ja,
                         const char *en)
{
  return an_reply_field_problem(r, ec, field, an_req_text(r, ja, en));
}

an_ret an_api_field_errs(struct an_request *r, enum an_ec ec, const char *field, const char *detail)
{
  return an_reply_problem(r, ec, NULL, json_pack("[{s:s, s:s}]", "field", field, "detail", detail));
}

enum an_ec an_api_found_ec(int rc)
{
  return rc < 0 ? AN_EC_GENERIC_INTERNAL : rc == 0 ? AN_EC_GENERIC_NOT_FOUND : AN_EC_OK;
}

an_ret an_api_refusal(struct an_request *r, enum an_ec ec, const char *field)
{
  if (ec != AN_EC_GENERIC_INVALID_FIELD || !field)
    return an_reply_problem(r, ec, NULL, NULL);
  return an_api_field_errs(
      r, ec, field,
      an_req_text(r, "この項目の値は受け付けられません。", "This value is not accepted."));
}

an_ret an_api_answer_field(struct an_request *r, enum an_ec ec, unsigned status, const char *key,
                           json_t *out, const char *field)
{
  if (ec == AN_EC_OK)
    return an_api_answer(r, ec, status, key, out);
  json_decref(out);
  return an_api_refusal(r, ec, field);
}

an_ret an_api_get(struct an_request *r, an_api_get_fn fn, unsigned status, const char *key)
{
  json_t *out = NULL;
  enum an_ec ec = fn(&r->ctx, r->db, &out);
  return an_api_answer(r, ec, status, key, out);
}

an_ret an_api_id_get(struct an_request *r, an_api_id_fn fn, unsigned status, const char *key)
{
  json_t *out = NULL;
  enum an_ec ec = fn(&r->ctx, r->db, an_req_param_id(r, "id"), &out);
  return an_api_answer(r, ec, status, key, out);
}

an_ret an_api_id_do(struct an_request *r, an_api_act_fn fn)
{
  int64_t id = an_req_param_id(r, "id");
  enum an_ec ec = id ? fn(&r->ctx, r->db, id) : AN_EC_GENERIC_NOT_FOUND;
  return an_api_answer(r, ec, 204, NULL, NULL);
}

an_ret an_api_fill(struct an_request *r, an_api_fill_fn fn)
{
  json_t *items = json_array();
  enum an_ec ec = fn(&r->ctx, r->db, items);
  if (ec != AN_EC_OK) {
    json_decref(items);
    return an_reply_problem(r, ec, NULL, NULL);
  }
  return an_reply_items(r, 0, items);
}

an_ret an_api_list(struct an_request *r, an_api_count_fn fn)
{
  json_t *items = json_array();
  int listed = fn(&r->ctx, r->db, items);
  return an_reply_items(r, listed, items);
}

an_ret an_api_download(struct an_request *r, enum an_ec ec, struct an_buf *b,
                       const char *content_type, const char *filename)
{
  if (ec != AN_EC_OK) {
    an_buf_free(b);
    return an_reply_problem(r, ec, NULL, NULL);
  }
  size_t len = b->len;
  return an_reply_attachment(r, content_type, filename, an_buf_steal(b), len, NULL);
}

an_ret an_api_retry_after(struct an_request *r, enum an_ec ec, long seconds)
{
  char secs[24];
  snprintf(secs, sizeof secs, "%ld", seconds);
  const char *h[] = {"Retry-After", secs, NULL, NULL};
  return an_reply_problem_h(r, ec, NULL, NULL, h);
}

const char *an_api_or(const char *text, const char *fallback)
{
  return text ? text : fallback;
}

/* ---- the steps repeated across handler files, third round ---- */

an_ret an_api_lang_get(struct an_request *r, an_api_lang_fn fn, unsigned status, const char *key)
{
  json_t *out = NULL;
  enum an_ec ec = fn(&r->ctx, r->db, r->lang, &out);
  return an_api_answer(r, ec, status, key, out);
}

an_ret an_api_csv(struct an_request *r, enum an_ec ec, char *csv, size_t len)
{
  an_ret ret = ec == AN_EC_OK ? an_reply_data(r, 200, "text/csv; charset=utf-8", csv, len)
                              : an_reply_problem(r, ec, NULL, NULL);
  free(csv);
  return ret;
}

an_ret an_api_etag_answer(struct an_request *r, enum an_ec ec, const char *json, size_t len,
                          const char *etag)
{
  if (ec != AN_EC_OK)
    return an_reply_problem(r, ec, NULL, NULL);
  return an_reply_etag_json(r, json, len, etag);
}

bool an_api_query_number_or_reply(struct an_request *r, const struct an_api_query_number *q,
                                  int64_t *v, an_ret *ret)
{
  const char *text = an_req_query(r, q->name);
  *v = q->absent;
  if (!text || (q->parse(text, v) && *v >= q->min && *v <= q->max))
    return true;
  *ret = an_api_field_errs(r, AN_EC_GENERIC_INVALID_FIELD, q->name, an_req_text(r, q->ja, q->en));
  return false;
}

an_ret an_api_refused_text(struct an_request *r, enum an_ec ec, const char *ja, const char *en)
{
  if (ec == AN_EC_GENERIC_INVALID_FIELD)
    return an_api_problem_text(r, ec, ja, en);
  return an_reply_problem(r, ec, NULL, NULL);
}
