/* Where webhooks may go (M2 of issue 8, as GitHub and Stripe do): only to public addresses.
 * Loopback, private (RFC 1918, fc00::/7), link-local, unspecified, multicast, CGNAT (100.64/10),
 * reserved, documentation and benchmarking ranges are refused, and so is an IPv6 address that
 * carries such an IPv4 address (IPv4-mapped or -compatible, NAT64 64:ff9b::/96, 6to4 2002::/16)
 * or hides one (Teredo 2001::/32, local NAT64 64:ff9b:1::/48). The check runs twice: on a literal
 * address when the URL is saved, and on the address libcurl actually connects to (every address
 * a name resolves to, on every connection), so DNS rebinding reaches nothing. */
#ifndef AN_NOTIFY_TARGET_H
#define AN_NOTIFY_TARGET_H
#include <stdbool.h>
#include <sys/socket.h>

/* True when sa (AF_INET or AF_INET6) is a public unicast address; false for anything else. */
bool an_target_addr_public(const struct sockaddr *sa);
/* The same for a textual address (IPv4 in any form inet_aton takes, or IPv6 without brackets). */
bool an_target_ip_public(const char *ip);

enum an_target_check {
  AN_TARGET_OK,        /* an http(s) URL whose host is a name or a public address */
  AN_TARGET_MALFORMED, /* not an absolute http or https URL of at most 500 bytes */
  AN_TARGET_PRIVATE,   /* the host is a literal address that is not public */
};
/* Checks a webhook URL before it is stored. A host name is accepted here (it is checked on each
 * connection); a literal address must be public unless allow_private ([webhook]
 * allow_private_targets, for tests and closed networks). */
enum an_target_check an_target_url_check(const char *url, bool allow_private);

#endif
