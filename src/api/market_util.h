/* Shared by the marketplace handlers. */
#ifndef AN_API_MARKET_UTIL_H
#define AN_API_MARKET_UTIL_H
#include <jansson.h>

#include "core/errors.h"
#include "http/reply.h"

/* Replies status with {key: obj} when ec is AN_EC_OK (taking obj), else the problem of ec. */
an_ret an_api_market_reply(struct an_request *r, enum an_ec ec, unsigned status, const char *key,
                           json_t *obj);

/* 422 notice-period-too-short naming the first date allowed, in detail and as errors[0]. */
an_ret an_api_notice_too_short(struct an_request *r, const char *field, const char *earliest);

#endif
