/* Webhooks to shops: contract events as JSON, signed with HMAC-SHA256 under the shop's secret.
 * Headers: X-Anshin-Event, X-Anshin-Delivery (id), X-Anshin-Timestamp (seconds) and
 * X-Anshin-Signature: "sha256=" + hex HMAC of "<timestamp>.<body>" (the timestamp inside the
 * signature lets the receiver refuse replays). A 2xx answer is success; anything else is retried
 * with back-off. */
#ifndef AN_NOTIFY_WEBHOOK_H
#define AN_NOTIFY_WEBHOOK_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Writes "sha256=<64 hex>" (72 bytes with NUL) for body at timestamp under the hex secret. */
void an_webhook_sign(const char *secret_hex, int64_t timestamp, const char *body, char out[72]);
/* POSTs body to url, connecting only to public addresses unless allow_private (notify/target.h;
 * redirects are never followed). Returns the HTTP status, or 0 with err set when no answer came.
 * err is for the operator's log only: shops are told "delivered" or "failed", nothing more. */
long an_webhook_post(const char *url, const char *event, int64_t delivery_id, const char *secret,
                     int64_t timestamp, const char *body, bool allow_private, char *err,
                     size_t errlen);
/* The same, the reason of a failure (status 0) in *why as static text (libcurl's own or ours), ""
 * otherwise: no buffer to size. */
long an_webhook_send(const char *url, const char *event, int64_t delivery_id, const char *secret,
                     int64_t timestamp, const char *body, bool allow_private, const char **why);
/* What a shop sees of a failed attempt: no status code, no connection error (M2). */
#define AN_WEBHOOK_FAILED_TEXT "delivery failed"
/* Wait before attempt n+1 after n failures: 30 s doubling, at most 6 h. Microseconds. */
int64_t an_webhook_backoff_us(int64_t attempts);
/* Attempts before a delivery is given up. */
#define AN_WEBHOOK_MAX_ATTEMPTS 10

#endif
