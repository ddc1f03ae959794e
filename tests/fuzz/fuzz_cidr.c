/* Fuzz target: CIDR lists (src/core/cidr.c: [server] trusted_proxies and the tenants' IP
 * allowlists through an_allowlist_permits) and the client address tested against them. Input:
 * a comma-separated list NUL an address. Checks, beyond memory safety: a refused list names the
 * bad entry; a list never has more ranges than entries; the allowlist answers as the list does
 * (and an unreadable list admits nobody); an address that parses is inside its own single-host
 * range and inside /0 of its family. */
#include <arpa/inet.h>
#include <stdio.h>
#include <string.h>

#include "core/cidr.h"
#include "fuzz.h"
#include "identity/allowlist.h"

static bool contains_text(const char *list, const char *ip)
{
  char err[160];
  struct an_cidr_list *l = an_cidr_parse(list, err, sizeof err);
  FUZZ_CHECK(l != NULL);
  bool in = an_cidr_contains(l, ip);
  an_cidr_free(l);
  return in;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
  const char *f[2];
  char *buf = fuzz_fields(data, size, f, 2);
  char err[160] = "";
  struct an_cidr_list *l = an_cidr_parse(f[0], err, sizeof err);
  size_t entries = 1;
  for (const char *p = f[0]; *p; p++)
    entries += *p == ',';
  if (!l)
    FUZZ_CHECK(strncmp(err, "not an IP address", 17) == 0);
  else
    FUZZ_CHECK(an_cidr_count(l) <= entries);
  bool in = l && an_cidr_contains(l, f[1]);

  /* The tenant allowlist reads the same list (when it fits the tenant's column). */
  static struct an_tenant t;
  if (strlen(f[0]) < sizeof t.ip_allowlist && f[0][0]) {
    snprintf(t.ip_allowlist, sizeof t.ip_allowlist, "%s", f[0]);
    FUZZ_CHECK(an_allowlist_permits(&t, f[1]) == in);
  }
  an_cidr_free(l);

  unsigned char a[16];
  bool v4 = inet_pton(AF_INET, f[1], a) == 1, v6 = !v4 && inet_pton(AF_INET6, f[1], a) == 1;
  if ((v4 || v6) && strlen(f[1]) < 60) {
    FUZZ_CHECK(contains_text(f[1], f[1]));
    /* An IPv4-mapped IPv6 address counts as IPv4: IPv6 ranges shorter than /96 do not hold it. */
    bool mapped = v6 && memcmp(a, "\0\0\0\0\0\0\0\0\0\0\xff\xff", 12) == 0;
    char any[80];
    snprintf(any, sizeof any, "%s/%d", f[1], mapped ? 96 : 0);
    FUZZ_CHECK(contains_text(any, f[1]));
    FUZZ_CHECK(contains_text(v4 || mapped ? "0.0.0.0/0" : "::/0", f[1]));
  }
  free(buf);
  return 0;
}
