/* Shared by the marketplace handlers. */
#ifndef AN_API_MARKET_UTIL_H
#define AN_API_MARKET_UTIL_H
#include <jansson.h>
#include <stdbool.h>

#include "core/ctx.h"
#include "core/errors.h"
#include "http/reply.h"

/* Replies status with {key: obj} when ec is AN_EC_OK (taking obj), else the problem of ec. */
an_ret an_api_market_reply(struct an_request *r, enum an_ec ec, unsigned status, const char *key,
                           json_t *obj);

/* Replies to a lookup that returned rc (1 found, 0 none the caller may see, < 0 a store error):
 * 200 {key: obj} (taking obj), 404 or 500. */
an_ret an_api_found_reply(struct an_request *r, int rc, const char *key, json_t *obj);

/* A lookup of the domain: the record id within ctx's scope into *out; 1, 0 or a store error. */
typedef int (*an_api_find_fn)(const struct an_ctx *ctx, struct an_db *db, int64_t id, json_t **out);
/* Replies to GET .../{id}: find's record for the path's id as {key: record}, 404 or 500. */
an_ret an_api_find_reply(struct an_request *r, an_api_find_fn find, const char *key);

/* 422 notice-period-too-short naming the first date allowed, in detail and as errors[0]. */
an_ret an_api_notice_too_short(struct an_request *r, const char *field, const char *earliest);

/* 422 notice-period-too-short for a service's notice_days below the platform's floor (TOS-9):
 * errors[0] names notice_days with min_days and the first discontinuation date that notice
 * would allow ("earliest", today + min_days). */
an_ret an_api_notice_floor(struct an_request *r, long min_days);

/* Checks a webhook URL (M2: http or https, a literal address only if public); when it is refused,
 * replies 400 invalid-field naming field into *ret and returns false. "" passes when empty_ok. */
bool an_api_webhook_url_or_reply(struct an_request *r, const char *field, const char *url,
                                 bool empty_ok, an_ret *ret);

#endif
