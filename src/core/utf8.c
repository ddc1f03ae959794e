#include "core/utf8.h"

#include <iconv.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/alloc.h"
#include "core/buf.h"

/* The length of the well-formed sequence at s (at most n bytes), or 0 when it is not one. */
static size_t seq_len(const unsigned char *s, size_t n)
{
  if (!n)
    return 0;
  unsigned char c = s[0];
  if (c < 0x80)
    return 1;
  size_t len;
  unsigned char lo = 0x80, hi = 0xbf; /* the allowed range of the second byte */
  if (c >= 0xc2 && c <= 0xdf)
    len = 2;
  else if (c >= 0xe0 && c <= 0xef) {
    len = 3;
    if (c == 0xe0)
      lo = 0xa0; /* overlong */
    else if (c == 0xed)
      hi = 0x9f; /* surrogates */
  } else if (c >= 0xf0 && c <= 0xf4) {
    len = 4;
    if (c == 0xf0)
      lo = 0x90; /* overlong */
    else if (c == 0xf4)
      hi = 0x8f; /* past U+10FFFF */
  } else
    return 0;
  if (n < len || s[1] < lo || s[1] > hi)
    return 0;
  for (size_t i = 2; i < len; i++)
    if ((s[i] & 0xc0) != 0x80)
      return 0;
  return len;
}

bool an_utf8_valid(const char *s, size_t n)
{
  const unsigned char *p = (const unsigned char *)s;
  while (n) {
    size_t l = seq_len(p, n);
    if (!l)
      return false;
    p += l;
    n -= l;
  }
  return true;
}

size_t an_utf8_chars(const char *s)
{
  size_t n = 0;
  for (const unsigned char *p = (const unsigned char *)s; *p; p++)
    n += (*p & 0xc0) != 0x80;
  return n;
}

size_t an_utf8_prefix_bytes(const char *s, size_t max_chars)
{
  const unsigned char *p = (const unsigned char *)s;
  size_t i = 0, chars = 0;
  while (p[i]) {
    if ((p[i] & 0xc0) != 0x80) {
      if (chars == max_chars)
        break;
      chars++;
    }
    i++;
  }
  return i;
}

size_t an_utf8_fit_bytes(const char *s, size_t max_bytes)
{
  size_t n = strlen(s);
  if (n <= max_bytes)
    return n;
  n = max_bytes;
  while (n && ((unsigned char)s[n] & 0xc0) == 0x80)
    n--;
  return n;
}

char *an_utf8_escape(const char *s, size_t n)
{
  struct an_buf b = {0};
  an_buf_append(&b, "", 0);
  for (size_t i = 0; i < n; i++) {
    unsigned char c = (unsigned char)s[i];
    if (c >= 0x20 && c < 0x7f && c != '%')
      an_buf_append(&b, (const char *)&c, 1);
    else
      an_buf_printf(&b, "%%%02X", c);
  }
  return an_buf_steal(&b);
}

size_t an_utf8_seq_len(const char *s, size_t n)
{
  return seq_len((const unsigned char *)s, n);
}

size_t an_utf8_char_len(const char *s)
{
  return *s ? seq_len((const unsigned char *)s, strnlen(s, 4)) : 0;
}

char *an_utf8_whole_dup(const char *s)
{
  size_t len = strlen(s), o = 0;
  char *out = an_calloc(len + 1);
  for (size_t i = 0; i < len;) {
    size_t n = seq_len((const unsigned char *)s + i, len - i);
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

char *an_utf8_from_cp932(const char *text, size_t len, size_t *outlen)
{
  iconv_t cd = iconv_open("UTF-8", "CP932");
  if (cd == (iconv_t)-1)
    return NULL;
  char *copy = an_calloc(len + 1); /* iconv's input is not const */
  memcpy(copy, text, len);
  size_t cap = len * 3 + 1; /* a CP932 byte or pair is at most three UTF-8 bytes */
  char *out = an_calloc(cap);
  char *in = copy, *o = out;
  size_t inleft = len, outleft = cap - 1;
  size_t r = iconv(cd, &in, &inleft, &o, &outleft);
  iconv_close(cd);
  free(copy);
  if (r == (size_t)-1) {
    free(out);
    return NULL;
  }
  *outlen = (size_t)(o - out);
  return out;
}
