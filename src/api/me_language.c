/* GET and PUT /api/v1/me/language: the signed-in person's language for mails and notices. */
#include "api/api.h"
#include "api/kinds.h"
#include "http/json_in.h"
#include "identity/language.h"

an_ret an_api_me_language(struct an_request *r)
{
  char lang[AN_LANG_STRLEN];
  enum an_ec ec = an_language_get(&r->ctx, r->db, lang);
  if (ec != AN_EC_OK)
    return an_reply_problem(r, ec, NULL, NULL);
  return an_reply_json(r, 200, json_pack("{s:s}", "language", lang));
}

an_ret an_api_me_language_set(struct an_request *r)
{
  const char *lang = NULL;
  const struct an_jfield f[] = {{"language", AN_J_STRING, true, 2, 2, &lang}};
  AN_API_BODY_OR_RETURN(r, f);
  enum an_ec ec = an_language_set(&r->ctx, r->db, lang);
  return an_api_answer(r, ec, 200, NULL, json_pack("{s:s}", "language", lang));
}
