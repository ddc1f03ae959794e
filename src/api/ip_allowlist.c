#include "api/api.h"
#include "api/kinds.h"
#include "http/json_in.h"
#include "identity/allowlist.h"

/* Both operations act on the session's tenant only. */
an_ret an_api_allowlist_get(struct an_request *r)
{
  return an_reply_json(r, 200, json_pack("{s:o}", "entries", an_allowlist_json(&r->who.tenant)));
}

an_ret an_api_allowlist_put(struct an_request *r)
{
  json_t *entries = NULL;
  const struct an_jfield f[] = {{"entries", AN_J_STRINGS, true, 0, 100, &entries}};
  AN_API_BODY_OR_RETURN(r, f);
  json_t *errs = NULL;
  enum an_ec ec = an_allowlist_set(&r->ctx, r->db, entries, &errs);
  if (ec == AN_EC_GENERIC_CONFLICT)
    return an_api_problem_text(r, ec,
                               "この設定では現在の接続元IPアドレスからも接続できなくなります"
                               "。接続元を含めてください。",
                               "This list would shut out the address you are connecting "
                               "from. Include it.");
  if (ec != AN_EC_OK)
    return an_reply_problem(r, ec, NULL, errs ? an_localize_errors(r, errs) : NULL);
  return an_reply_json(r, 200, json_pack("{s:O}", "entries", entries));
}
