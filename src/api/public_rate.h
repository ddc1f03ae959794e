/* Limits on the writes anyone may make without an account (M6 of issue 8): the application form,
 * its confirmation and the report form. [public] write_rate_per_ip writes per
 * write_window_seconds from one client address, write_rate_global from all together (0 turns
 * either off); mail_rate_per_recipient bounds the confirmation mails to one recipient. */
#ifndef AN_API_PUBLIC_RATE_H
#define AN_API_PUBLIC_RATE_H
#include <stdbool.h>

#include "http/json_in.h"
#include "http/reply.h"

/* Counts one public write from r's client. True when within both limits; otherwise replies 429
 * rate-limited with Retry-After into *ret and returns false. */
bool an_api_public_write_or_reply(struct an_request *r, an_ret *ret);
/* A public write's start: counts it (429 beyond the limits) and decodes r's body against the
 * field array f, returning from the calling handler with the problem sent when either refuses. */
#define AN_API_PUBLIC_BODY_OR_RETURN(r, f)                                                         \
  do {                                                                                             \
    an_ret an_public_ret_;                                                                         \
    if (!an_api_public_write_or_reply((r), &an_public_ret_) ||                                     \
        !an_json_body_or_reply((r), (f), sizeof(f) / sizeof((f)[0]), &an_public_ret_))             \
      return an_public_ret_;                                                                       \
  } while (0)
/* Counts one mail to addr (case-insensitive). False when addr has had its share this window:
 * the caller then sends nothing but answers as if it had. */
bool an_api_public_recipient_ok(struct an_request *r, const char *addr);

#endif
