#include "core/csv.h"

#include <string.h>

void an_csv_field(struct an_buf *b, const char *s, bool last)
{
  s = s ? s : "";
  bool quote = strpbrk(s, ",\"\r\n") != NULL;
  if (quote)
    an_buf_append(b, "\"", 1);
  if (s[0] && strchr("=+-@\t\r", s[0]))
    an_buf_append(b, "'", 1);
  for (const char *p = s; *p; p++) {
    if (*p == '"')
      an_buf_append(b, "\"", 1);
    an_buf_append(b, p, 1);
  }
  if (quote)
    an_buf_append(b, "\"", 1);
  an_buf_append(b, last ? "\r\n" : ",", last ? 2 : 1);
}
