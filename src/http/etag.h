/* Conditional GET for pages that carry an ETag (RFC 9110 13.1.2): a request whose If-None-Match
 * names the current tag (or is "*") gets 304 Not Modified without a body. */
#ifndef AN_HTTP_ETAG_H
#define AN_HTTP_ETAG_H
#include <stdbool.h>
#include <stddef.h>

#include "http/reply.h"

/* True when the If-None-Match header value (NULL = absent) matches etag (quotes included):
 * "*", or any entry of the comma-separated list, weak ("W/") or not (the weak comparison that
 * RFC 9110 prescribes for If-None-Match). */
bool an_etag_matches(const char *if_none_match, const char *etag);
/* Replies 304 when the request's If-None-Match matches etag, else 200 with body as
 * application/json; both with the ETag and `Cache-Control: no-cache` (a client may keep the
 * page but must ask again before using it; public pages only). body is copied. */
an_ret an_reply_etag_json(struct an_request *r, const char *body, size_t len, const char *etag);

#endif
