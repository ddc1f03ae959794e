/* Limits on the writes anyone may make without an account (M6 of issue 8): the application form,
 * its confirmation and the report form. [public] write_rate_per_ip writes per
 * write_window_seconds from one client address, write_rate_global from all together (0 turns
 * either off); mail_rate_per_recipient bounds the confirmation mails to one recipient. */
#ifndef AN_API_PUBLIC_RATE_H
#define AN_API_PUBLIC_RATE_H
#include <stdbool.h>

#include "http/reply.h"

/* Counts one public write from r's client. True when within both limits; otherwise replies 429
 * rate-limited with Retry-After into *ret and returns false. */
bool an_api_public_write_or_reply(struct an_request *r, an_ret *ret);
/* Counts one mail to addr (case-insensitive). False when addr has had its share this window:
 * the caller then sends nothing but answers as if it had. */
bool an_api_public_recipient_ok(struct an_request *r, const char *addr);

#endif
