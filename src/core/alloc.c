#include "core/alloc.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void oom(void)
{
  fputs("{\"level\":\"fatal\",\"msg\":\"out of memory\"}\n", stderr);
  abort();
}

void *an_calloc(size_t n)
{
  void *p = calloc(1, n ? n : 1);
  if (!p)
    oom();
  return p;
}

void *an_realloc(void *p, size_t n)
{
  void *q = realloc(p, n ? n : 1);
  if (!q)
    oom();
  return q;
}

char *an_strdup(const char *s)
{
  if (!s)
    return NULL;
  char *p = strdup(s);
  if (!p)
    oom();
  return p;
}

char *an_strndup(const char *s, size_t n)
{
  char *p = an_calloc(n + 1);
  memcpy(p, s, n);
  return p;
}

char *an_asprintf(const char *fmt, ...)
{
  va_list ap;
  char *out = NULL;
  va_start(ap, fmt);
  int rc = vasprintf(&out, fmt, ap);
  va_end(ap);
  if (rc < 0)
    oom();
  return out;
}
