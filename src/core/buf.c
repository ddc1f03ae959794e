#include "core/buf.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/alloc.h"

static void reserve(struct an_buf *b, size_t extra)
{
  size_t need = b->len + extra + 1;
  if (need <= b->cap)
    return;
  size_t cap = b->cap ? b->cap : 64;
  while (cap < need)
    cap *= 2;
  b->data = an_realloc(b->data, cap);
  b->cap = cap;
}

void an_buf_append(struct an_buf *b, const void *p, size_t n)
{
  reserve(b, n);
  if (n)
    memcpy(b->data + b->len, p, n);
  b->len += n;
  b->data[b->len] = '\0';
}

void an_buf_puts(struct an_buf *b, const char *s)
{
  an_buf_append(b, s, strlen(s));
}

void an_buf_printf(struct an_buf *b, const char *fmt, ...)
{
  va_list ap;
  va_start(ap, fmt);
  int n = vsnprintf(NULL, 0, fmt, ap);
  va_end(ap);
  if (n < 0)
    return;
  reserve(b, (size_t)n);
  va_start(ap, fmt);
  vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
  va_end(ap);
  b->len += (size_t)n;
}

void an_buf_reset(struct an_buf *b)
{
  b->len = 0;
  if (b->data)
    b->data[0] = '\0';
}

void an_buf_free(struct an_buf *b)
{
  free(b->data);
  b->data = NULL;
  b->len = b->cap = 0;
}

char *an_buf_steal(struct an_buf *b)
{
  char *p = b->data ? b->data : an_strdup("");
  b->data = NULL;
  b->len = b->cap = 0;
  return p;
}
