#include "core/ascii.h"

#include <string.h>

void an_ascii_upper(char *s)
{
  for (; *s; s++)
    if (*s >= 'a' && *s <= 'z')
      *s = (char)(*s - 'a' + 'A');
}

bool an_ascii_digits(const char *s, int n, int *out)
{
  int v = 0;
  for (int i = 0; i < n; i++) {
    if (s[i] < '0' || s[i] > '9')
      return false;
    v = v * 10 + (s[i] - '0');
  }
  *out = v;
  return true;
}

bool an_ascii_alnum_or(char c, const char *extra)
{
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
         (c && strchr(extra, c));
}

bool an_ascii_word(const char *s, size_t min, size_t max, const char *extra)
{
  size_t n = s ? strlen(s) : 0;
  if (n < min || n > max)
    return false;
  for (size_t i = 0; i < n; i++)
    if (!an_ascii_alnum_or(s[i], extra))
      return false;
  return true;
}
