#include "core/utf8cut.h"

#include <string.h>

#include "core/alloc.h"

size_t an_utf8_char_len(const char *s)
{
  const unsigned char *p = (const unsigned char *)s;
  unsigned char c = p[0];
  if (c < 0x80)
    return c ? 1 : 0;
  size_t n = c >= 0xC2 && c <= 0xDF   ? 2
             : c >= 0xE0 && c <= 0xEF ? 3
             : c >= 0xF0 && c <= 0xF4 ? 4
                                      : 0;
  if (!n)
    return 0;
  /* The second byte's range excludes overlong forms, surrogates and code points past U+10FFFF. */
  unsigned char lo = c == 0xE0 ? 0xA0 : c == 0xF0 ? 0x90 : 0x80;
  unsigned char hi = c == 0xED ? 0x9F : c == 0xF4 ? 0x8F : 0xBF;
  if (p[1] < lo || p[1] > hi)
    return 0;
  for (size_t i = 2; i < n; i++)
    if ((p[i] & 0xC0) != 0x80)
      return 0;
  return n;
}

char *an_utf8_whole_dup(const char *s)
{
  size_t len = strlen(s), o = 0;
  char *out = an_calloc(len + 1);
  for (size_t i = 0; i < len;) {
    size_t n = an_utf8_char_len(s + i);
    if (!n) {
      i++; /* a byte of no whole character */
      continue;
    }
    memcpy(out + o, s + i, n);
    o += n;
    i += n;
  }
  out[o] = '\0';
  return out;
}
