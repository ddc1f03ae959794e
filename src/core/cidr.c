#include "core/cidr.h"

#include <arpa/inet.h>
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/alloc.h"

struct range {
  int family; /* AF_INET or AF_INET6 */
  unsigned char addr[16];
  int bits;
};

struct an_cidr_list {
  size_t n;
  struct range r[];
};

/* Parses "a.b.c.d[/n]" or "x::y[/n]"; an IPv4-mapped IPv6 address is stored as IPv4. */
static bool parse_one(const char *s, struct range *out)
{
  char buf[80];
  snprintf(buf, sizeof buf, "%s", s);
  char *slash = strchr(buf, '/');
  int bits = -1;
  if (slash) {
    *slash = '\0';
    char *end;
    long b = strtol(slash + 1, &end, 10);
    if (*end || end == slash + 1 || b < 0 || b > 128)
      return false;
    bits = (int)b;
  }
  if (inet_pton(AF_INET, buf, out->addr) == 1) {
    out->family = AF_INET;
    if (bits > 32)
      return false;
    out->bits = bits < 0 ? 32 : bits;
    return true;
  }
  if (inet_pton(AF_INET6, buf, out->addr) == 1) {
    static const unsigned char mapped[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};
    out->family = AF_INET6;
    out->bits = bits < 0 ? 128 : bits;
    /* Clients arrive as IPv4 even on a dual-stack socket, so a mapped range is kept as IPv4. */
    if (memcmp(out->addr, mapped, 12) == 0 && out->bits >= 96) {
      memmove(out->addr, out->addr + 12, 4);
      out->family = AF_INET;
      out->bits -= 96;
    }
    return true;
  }
  return false;
}

static bool parse_addr(const char *ip, struct range *out)
{
  if (inet_pton(AF_INET, ip, out->addr) == 1) {
    out->family = AF_INET;
    return true;
  }
  if (inet_pton(AF_INET6, ip, out->addr) != 1)
    return false;
  static const unsigned char mapped[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};
  if (memcmp(out->addr, mapped, 12) == 0) {
    memmove(out->addr, out->addr + 12, 4);
    out->family = AF_INET;
  } else {
    out->family = AF_INET6;
  }
  return true;
}

struct an_cidr_list *an_cidr_parse(const char *csv, char *err, size_t errlen)
{
  size_t cap = 1;
  for (const char *p = csv; p && *p; p++)
    cap += *p == ',';
  struct an_cidr_list *l = an_calloc(sizeof *l + cap * sizeof l->r[0]);
  const char *p = csv ? csv : "";
  while (*p) {
    while (isspace((unsigned char)*p) || *p == ',')
      p++;
    if (!*p)
      break;
    size_t len = strcspn(p, ",");
    char item[80];
    while (len && isspace((unsigned char)p[len - 1]))
      len--;
    snprintf(item, sizeof item, "%.*s", (int)len, p);
    if (len >= sizeof item || !parse_one(item, &l->r[l->n])) {
      snprintf(err, errlen, "not an IP address or CIDR range: \"%s\"", item);
      free(l);
      return NULL;
    }
    l->n++;
    p += strcspn(p, ",");
  }
  return l;
}

static bool in_range(const struct range *r, const unsigned char *a)
{
  int full = r->bits / 8, rest = r->bits % 8;
  if (memcmp(r->addr, a, (size_t)full) != 0)
    return false;
  if (!rest)
    return true;
  unsigned char mask = (unsigned char)(0xff << (8 - rest));
  return (r->addr[full] & mask) == (a[full] & mask);
}

bool an_cidr_contains(const struct an_cidr_list *l, const char *ip)
{
  struct range a;
  if (!l || !ip || !parse_addr(ip, &a))
    return false;
  for (size_t i = 0; i < l->n; i++)
    if (l->r[i].family == a.family && in_range(&l->r[i], a.addr))
      return true;
  return false;
}

size_t an_cidr_count(const struct an_cidr_list *l)
{
  return l ? l->n : 0;
}

void an_cidr_free(struct an_cidr_list *l)
{
  free(l);
}
