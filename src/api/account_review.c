/* Account review (棚卸, WP-24): the report, its CSV, and recording it as done. */
#include <stdlib.h>

#include "api/api.h"
#include "api/kinds.h"
#include "core/ids.h"
#include "identity/account_review.h"

/* ?dormant_days= (1..3650, default 90). */
static const struct an_api_query_number dormant_days = {.name = "dormant_days",
                                                        .parse = an_count_parse,
                                                        .absent = 90,
                                                        .min = 1,
                                                        .max = 3650,
                                                        .ja = "1〜3650 の日数で指定してください。",
                                                        .en = "Must be 1 to 3650 days."};

an_ret an_api_account_review(struct an_request *r)
{
  int64_t days;
  AN_API_OR_RETURN(an_api_query_number_or_reply, r, &dormant_days, &days);
  json_t *out = NULL;
  enum an_ec ec = an_account_review(&r->ctx, r->db, days, &out);
  return an_api_answer(r, ec, 200, NULL, out);
}

an_ret an_api_account_review_csv(struct an_request *r)
{
  int64_t days;
  AN_API_OR_RETURN(an_api_query_number_or_reply, r, &dormant_days, &days);
  struct an_buf b = {0};
  enum an_ec ec = an_account_review_csv(&r->ctx, r->db, days, r->lang[0] == 'e' ? "en" : "ja", &b);
  return an_api_download(r, ec, &b, "text/csv; charset=utf-8", "account-review.csv");
}

an_ret an_api_account_review_done(struct an_request *r)
{
  enum an_ec ec = an_account_review_done(&r->ctx, r->db);
  if (ec != AN_EC_OK)
    return an_reply_problem(r, ec, NULL, NULL);
  json_t *out = NULL;
  ec = an_account_review(&r->ctx, r->db, 90, &out);
  if (ec != AN_EC_OK)
    return an_reply_problem(r, ec, NULL, NULL);
  json_t *review = json_incref(json_object_get(out, "review"));
  json_decref(out);
  return an_reply_json(r, 200, review);
}
