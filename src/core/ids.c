#include "core/ids.h"

bool an_count_parse(const char *s, int64_t *out)
{
  if (!s || !*s || (s[0] == '0' && s[1]))
    return false;
  int64_t v = 0;
  for (; *s; s++) {
    if (*s < '0' || *s > '9')
      return false;
    int d = *s - '0';
    if (v > (INT64_MAX - d) / 10)
      return false;
    v = v * 10 + d;
  }
  *out = v;
  return true;
}

bool an_id_parse(const char *s, int64_t *out)
{
  int64_t v;
  if (!an_count_parse(s, &v) || v == 0)
    return false;
  *out = v;
  return true;
}
