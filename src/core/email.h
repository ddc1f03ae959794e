/* The one e-mail address rule, used wherever an address is accepted (sign-up, users, shops,
 * applications) and by the mailer before it queues a message, so an address accepted anywhere
 * is one the mailer will send to. */
#ifndef AN_CORE_EMAIL_H
#define AN_CORE_EMAIL_H
#include <stdbool.h>

#define AN_EMAIL_MAX 254 /* bytes, RFC 5321 path limit less the angle brackets */

/* True when addr is local@domain: at most AN_EMAIL_MAX bytes, one '@', a local part of 1 to 64
 * bytes, a non-empty domain, and no space, control character or any of <>()[],;:\" anywhere
 * (so it cannot smuggle a header or a second recipient). NULL is not an address. */
bool an_email_valid(const char *addr);

#endif
