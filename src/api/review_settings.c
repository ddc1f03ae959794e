/* The tenant's account review interval (WP-24): reminded every N months (default 6). */
#include "api/api.h"
#include "api/kinds.h"
#include "http/json_in.h"
#include "identity/review_reminder.h"

an_ret an_api_account_review_settings_put(struct an_request *r)
{
  json_int_t months = 0;
  const struct an_jfield f[] = {{"months", AN_J_INT, true, 1, 24, &months}};
  AN_API_BODY_OR_RETURN(r, f);
  enum an_ec ec = an_review_set_months(&r->ctx, r->db, months);
  return an_api_answer(r, ec, 200, NULL, json_pack("{s:I}", "months", months));
}
