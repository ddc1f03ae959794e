#include "api/market_util.h"

an_ret an_api_market_reply(struct an_request *r, enum an_ec ec, unsigned status, const char *key,
                           json_t *obj)
{
  if (ec != AN_EC_OK)
    return an_reply_problem(r, ec, NULL, NULL);
  return an_reply_json(r, status, key ? json_pack("{s:o}", key, obj) : obj);
}
