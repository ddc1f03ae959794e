/* Replies. Every request gets exactly one; each function queues it and returns what the MHD
 * access handler must return, so a handler ends with `return an_reply_...(r, ...);`. Every reply
 * carries the security headers (CSP, nosniff, Referrer-Policy, frame denial, HSTS under TLS) and
 * the request id; API replies also `Cache-Control: no-store`, unless the reply set its own. */
#ifndef AN_HTTP_REPLY_H
#define AN_HTTP_REPLY_H
#include <jansson.h>
#include <microhttpd.h>

#include "core/errors.h"
#include "http/request.h"
struct an_buf;

typedef enum MHD_Result an_ret;

/* Sends body (stolen) as application/json with status. */
an_ret an_reply_json(struct an_request *r, unsigned status, json_t *body);
/* Sends an empty reply (e.g. 204). */
an_ret an_reply_empty(struct an_request *r, unsigned status);
/* The answer of a list: 200 {"items": items} when status (a store call's result) is >= 0, else
 * 500. Takes items either way. */
an_ret an_reply_items(struct an_request *r, int status, json_t *items);
/* Sends bytes with a content type; data is copied. */
an_ret an_reply_data(struct an_request *r, unsigned status, const char *content_type,
                     const void *data, size_t len);
/* Sends data (heap memory, taken: freed once sent, or here on failure) with a content type and
 * extra headers as "Name", "value" pairs ending in NULL, NULL (headers may be NULL). */
an_ret an_reply_owned(struct an_request *r, unsigned status, const char *content_type, char *data,
                      size_t len, const char *const *headers);
/* Streams a reply of unknown length: read(cls, out, max) fills out with up to max bytes and
 * returns how many (> 0), 0 at the end, or -1 on an error (the transfer is cut, so the client
 * never mistakes a partial body for a whole one). release(cls) runs once the reply is done or
 * failed, also here when it cannot be queued (release may be NULL). The reply carries
 * content_type, the extra headers ("Name", "value" pairs ending in NULL, NULL; may be NULL) and
 * the standard headers. */
an_ret an_reply_stream(struct an_request *r, unsigned status, const char *content_type,
                       const char *const *headers,
                       ssize_t (*read)(void *cls, char *out, size_t max), void *cls,
                       void (*release)(void *cls));
/* Appends to out the Content-Disposition value of a download called filename (UTF-8; NULL or ""
 * gives plain "attachment"): a quoted ASCII filename= for every client, each character it cannot
 * carry written '_', and for a name that is not plain ASCII also RFC 6266 / RFC 8187
 * filename*=UTF-8'' with the name percent-encoded, which browsers prefer. */
void an_reply_disposition(struct an_buf *out, const char *filename);
/* Sends data (heap memory, taken as by an_reply_owned) with status 200 as a download called
 * filename (see an_reply_disposition) with content_type and the extra headers (pairs ending in
 * NULL, NULL; may be NULL). Every download goes through here or an_reply_attachment_stream, so no
 * handler builds the header in a buffer of its own. */
an_ret an_reply_attachment(struct an_request *r, const char *content_type, const char *filename,
                           char *data, size_t len, const char *const *headers);
/* an_reply_stream with status 200 as a download called filename. */
an_ret an_reply_attachment_stream(struct an_request *r, const char *content_type,
                                  const char *filename,
                                  ssize_t (*read)(void *cls, char *out, size_t max), void *cls,
                                  void (*release)(void *cls));
/* Sends application/problem+json for ec: type /problems/<slug>, title, status, detail (detail, or
 * the code's default in the request's language when NULL), code, instance, request_id; `errors`
 * (stolen, may be NULL) lists what was wrong, field by field. */
an_ret an_reply_problem(struct an_request *r, enum an_ec ec, const char *detail, json_t *errors);
/* an_reply_problem with errors[] of one entry naming field (its JSON pointer is added) with detail,
 * for a check of one field made outside the body's declared limits (issue 10 item 9). */
an_ret an_reply_field_problem(struct an_request *r, enum an_ec ec, const char *field,
                              const char *detail);
/* Like an_reply_problem, with extra response headers as "Name: value" pairs (NULL-terminated). */
an_ret an_reply_problem_h(struct an_request *r, enum an_ec ec, const char *detail, json_t *errors,
                          const char *const *headers);
/* Like an_reply_problem, with extension members (ext, stolen, may be NULL) added to the problem
 * document beside the standard ones, which they cannot replace. */
an_ret an_reply_problem_ext(struct an_request *r, enum an_ec ec, const char *detail, json_t *ext);
/* For what must be refused before libmicrohttpd reaches the request's headers (from the URI
 * callback: a request line with too many query arguments, which the library could not parse
 * within its memory limit): writes the problem for ec with the standard headers and
 * `Connection: close` straight to the connection (through TLS when on), then shuts the socket
 * down so the library closes it. Sets r->status. False when it could not be written. */
bool an_reply_before_headers(struct an_request *r, enum an_ec ec);
/* Sends a prepared MHD response (which it destroys) after adding the standard headers. */
/* Replies body (NULL: no body) and sets the session cookie to token for max_age seconds ("" and
 * 0 clear it; < 0 sets a browser session cookie, without Max-Age): HttpOnly, SameSite=Strict,
 * Secure under TLS. Frees body. */
an_ret an_reply_session(struct an_request *r, unsigned status, json_t *body, const char *token,
                        long max_age);
an_ret an_reply_response(struct an_request *r, unsigned status, struct MHD_Response *resp);
/* Ends r->hold (http/request.h): queues the held reply when send, else drops it (r->status back
 * to 0, so another reply can be made); frees what was captured either way. Returns what
 * queueing returned (MHD_YES when dropped). */
an_ret an_reply_hold_end(struct an_request *r, bool send);

/* Converts a list of policy errors {"rule","detail_ja","detail_en"} into {"rule","detail"} in the
 * request's language; steals errs. */
json_t *an_localize_errors(const struct an_request *r, json_t *errs);

#endif
