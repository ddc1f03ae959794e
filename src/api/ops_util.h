/* What the operations handlers share: instants in bodies and query strings, field refusals. */
#ifndef AN_API_OPS_UTIL_H
#define AN_API_OPS_UTIL_H
#include <stdbool.h>
#include <stdint.h>

#include "core/errors.h"
#include "http/reply.h"

/* Parses an optional RFC 3339 instant (or YYYY-MM-DD, midnight JST) of field; NULL leaves *us at
 * 0. On a bad value replies 400 naming field, sets *ret and returns false. */
bool an_api_instant_or_reply(struct an_request *r, const char *field, const char *text, int64_t *us,
                             an_ret *ret);
/* Replies to a domain refusal: 400 naming field for AN_EC_GENERIC_INVALID_FIELD, 422 with the
 * first allowed date for AN_EC_NOTICE_PERIOD_TOO_SHORT, else the code's problem. */
an_ret an_api_ops_refusal(struct an_request *r, enum an_ec ec, const char *field,
                          const char *earliest);
/* The answer to an operations call: AN_EC_OK replies status with out (taken) under key (or as the
 * body when key is NULL); a refusal goes through an_api_ops_refusal (out is dropped). */
an_ret an_api_ops_answer(struct an_request *r, enum an_ec ec, const char *field,
                         const char *earliest, unsigned status, const char *key, json_t *out);

#endif
