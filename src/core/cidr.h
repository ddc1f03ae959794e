/* IPv4/IPv6 address ranges (CIDR), for trusted proxies and, later, per-tenant allowlists. */
#ifndef AN_CORE_CIDR_H
#define AN_CORE_CIDR_H
#include <stdbool.h>
#include <stddef.h>

struct an_cidr_list;

/* Parses a comma-separated list ("10.0.0.0/8, ::1"); a bare address is a single host. Returns
 * NULL and writes the bad entry into err when one does not parse. An empty list is valid. */
struct an_cidr_list *an_cidr_parse(const char *csv, char *err, size_t errlen);
/* True when the textual address ip (v4 or v6) is inside one of the ranges. */
bool an_cidr_contains(const struct an_cidr_list *l, const char *ip);
/* Number of ranges. */
size_t an_cidr_count(const struct an_cidr_list *l);
void an_cidr_free(struct an_cidr_list *l);

#endif
