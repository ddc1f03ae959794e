#include "core/csv.h"

#include <string.h>

void an_csv_field(struct an_buf *b, const char *s, bool last)
{
  if (!s)
    s = "";
  an_buf_append(b, "\"", 1);
  if (s[0] && strchr("=+-@\t\r", s[0]))
    an_buf_append(b, "'", 1);
  for (const char *p = s; *p; p++) {
    const char *q = strchr(p, '"');
    size_t n = q ? (size_t)(q - p) : strlen(p);
    an_buf_append(b, p, n);
    if (!q)
      break;
    an_buf_append(b, "\"\"", 2);
    p = q;
  }
  an_buf_append(b, last ? "\"\r\n" : "\",", last ? 3 : 2);
}

void an_csv_int(struct an_buf *b, int64_t v, bool last)
{
  an_buf_printf(b, "%lld%s", (long long)v, last ? "\r\n" : ",");
}
