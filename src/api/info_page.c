/* /privacy is the information page of kind privacy: the server answers it with info.html (whose
 * script reads the kind from the path), so the page exists once. */
#include "api/api.h"
#include "http/static.h"

an_ret an_api_privacy_page(struct an_request *r)
{
  an_ret ret;
  r->path = "/info.html";
  if (an_static_serve(r, &ret))
    return ret;
  return an_reply_problem(r, AN_EC_GENERIC_NOT_FOUND, NULL, NULL);
}
