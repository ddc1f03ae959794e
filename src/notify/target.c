#include "notify/target.h"

#include <arpa/inet.h>
#include <curl/curl.h>
#include <netinet/in.h>
#include <stdint.h>
#include <string.h>

static bool in4(uint32_t a, uint32_t net, int bits)
{
  uint32_t mask = bits ? 0xFFFFFFFFu << (32 - bits) : 0;
  return (a & mask) == (net & mask);
}

#define V4(a, b, c, d) (((uint32_t)(a) << 24) | ((uint32_t)(b) << 16) | ((uint32_t)(c) << 8) | (d))

/* a in host order. */
static bool v4_public(uint32_t a)
{
  static const struct {
    uint32_t net;
    int bits;
  } refused[] = {
      {V4(0, 0, 0, 0), 8},       /* "this network", unspecified */
      {V4(10, 0, 0, 0), 8},      /* RFC 1918 */
      {V4(100, 64, 0, 0), 10},   /* CGNAT, RFC 6598 */
      {V4(127, 0, 0, 0), 8},     /* loopback */
      {V4(169, 254, 0, 0), 16},  /* link-local, cloud metadata */
      {V4(172, 16, 0, 0), 12},   /* RFC 1918 */
      {V4(192, 0, 0, 0), 24},    /* IETF protocol assignments */
      {V4(192, 0, 2, 0), 24},    /* documentation */
      {V4(192, 88, 99, 0), 24},  /* 6to4 relay anycast */
      {V4(192, 168, 0, 0), 16},  /* RFC 1918 */
      {V4(198, 18, 0, 0), 15},   /* benchmarking */
      {V4(198, 51, 100, 0), 24}, /* documentation */
      {V4(203, 0, 113, 0), 24},  /* documentation */
      {V4(224, 0, 0, 0), 4},     /* multicast */
      {V4(240, 0, 0, 0), 4},     /* reserved, broadcast */
  };
  for (size_t i = 0; i < sizeof refused / sizeof refused[0]; i++)
    if (in4(a, refused[i].net, refused[i].bits))
      return false;
  return true;
}

static uint32_t v4_at(const uint8_t *p)
{
  return V4(p[0], p[1], p[2], p[3]);
}

static bool v6_public(const uint8_t a[16])
{
  static const uint8_t zero[16] = {0};
  /* ::ffff:0:0/96 (IPv4-mapped) is its IPv4 address; the rest of ::/80 (unspecified, loopback,
   * IPv4-compatible) is refused. */
  if (!memcmp(a, zero, 10))
    return a[10] == 0xff && a[11] == 0xff && v4_public(v4_at(a + 12));
  /* 64:ff9b::/96 NAT64 carries an IPv4 address; 64:ff9b:1::/48 is local use. */
  static const uint8_t nat64[12] = {0, 0x64, 0xff, 0x9b};
  if (!memcmp(a, nat64, 12))
    return v4_public(v4_at(a + 12));
  if (a[0] == 0 && a[1] == 0x64 && a[2] == 0xff && a[3] == 0x9b)
    return false;
  if (a[0] == 0x20 && a[1] == 0x02) /* 6to4: the IPv4 address follows */
    return v4_public(v4_at(a + 2));
  if (a[0] == 0x20 && a[1] == 0x01 && a[2] == 0 && a[3] == 0) /* Teredo hides one */
    return false;
  if (a[0] == 0x20 && a[1] == 0x01 && a[2] == 0x0d && a[3] == 0xb8) /* documentation */
    return false;
  if (a[0] == 0x01 && a[1] == 0 && !memcmp(a + 2, zero, 6)) /* 100::/64 discard */
    return false;
  if ((a[0] & 0xfe) == 0xfc) /* fc00::/7 unique local */
    return false;
  if (a[0] == 0xfe && (a[1] & 0xc0) == 0x80) /* fe80::/10 link-local */
    return false;
  if (a[0] == 0xfe && (a[1] & 0xc0) == 0xc0) /* fec0::/10 site-local (deprecated) */
    return false;
  if (a[0] == 0xff) /* multicast */
    return false;
  /* Global unicast is 2000::/3; everything else is reserved. */
  return (a[0] & 0xe0) == 0x20;
}

bool an_target_addr_public(const struct sockaddr *sa)
{
  if (!sa)
    return false;
  if (sa->sa_family == AF_INET) {
    const struct sockaddr_in *s = (const struct sockaddr_in *)(const void *)sa;
    return v4_public(ntohl(s->sin_addr.s_addr));
  }
  if (sa->sa_family == AF_INET6) {
    const struct sockaddr_in6 *s = (const struct sockaddr_in6 *)(const void *)sa;
    return v6_public(s->sin6_addr.s6_addr);
  }
  return false;
}

bool an_target_ip_public(const char *ip)
{
  struct in_addr v4;
  struct in6_addr v6;
  if (inet_pton(AF_INET6, ip, &v6) == 1)
    return v6_public(v6.s6_addr);
  if (inet_aton(ip, &v4))
    return v4_public(ntohl(v4.s_addr));
  return false;
}

/* When host (as libcurl's URL parser gives it) is a literal address, writes it without brackets
 * or zone into out and returns true. */
static bool literal(const char *host, char *out, size_t n)
{
  size_t len = strlen(host);
  if (host[0] == '[' && len > 2 && host[len - 1] == ']') {
    len -= 2;
    const char *zone = memchr(host + 1, '%', len);
    if (zone)
      len = (size_t)(zone - host - 1);
    if (len >= n)
      return false;
    memcpy(out, host + 1, len);
    out[len] = '\0';
    struct in6_addr v6;
    return inet_pton(AF_INET6, out, &v6) == 1;
  }
  struct in_addr v4;
  if (len >= n || !inet_aton(host, &v4))
    return false; /* a name: checked when it is resolved and connected to */
  memcpy(out, host, len + 1);
  return true;
}

enum an_target_check an_target_url_check(const char *url, bool allow_private)
{
  if (!url || strlen(url) >= 500 || strpbrk(url, " \r\n\t") ||
      (strncmp(url, "https://", 8) && strncmp(url, "http://", 7)))
    return AN_TARGET_MALFORMED;
  CURLU *u = curl_url();
  char *host = NULL;
  enum an_target_check rc = AN_TARGET_MALFORMED;
  if (u && curl_url_set(u, CURLUPART_URL, url, 0) == CURLUE_OK &&
      curl_url_get(u, CURLUPART_HOST, &host, 0) == CURLUE_OK && host && host[0]) {
    char ip[64];
    rc = AN_TARGET_OK;
    if (!allow_private && literal(host, ip, sizeof ip) && !an_target_ip_public(ip))
      rc = AN_TARGET_PRIVATE;
  }
  curl_free(host);
  curl_url_cleanup(u);
  return rc;
}
