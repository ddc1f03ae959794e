/* Fuzz target: the CSV writer of every export (src/core/csv.c an_csv_field: the audit export
 * and the fee statement). Input: the fields of one row, NUL-separated (at most 12). The row is
 * written, then read back with an independent RFC 4180 reader: it must give exactly as many
 * fields as were written, each equal to its value (with one leading ' when the value began with
 * a formula character), and no field may start with = + - @ TAB or CR once read. */
#include <string.h>

#include "core/csv.h"
#include "fuzz.h"

#define MAX_FIELDS 12

/* Reads one field at *p (quoted or not) into out; returns false on malformed text. Sets *end
 * to the character after the field. */
static bool read_field(const char *p, const char *stop, struct an_buf *out, const char **end)
{
  an_buf_reset(out);
  if (p < stop && *p == '"') {
    for (p++;; p++) {
      if (p >= stop)
        return false; /* unterminated quote */
      if (*p == '"') {
        if (p + 1 < stop && p[1] == '"') {
          an_buf_append(out, "\"", 1);
          p++;
          continue;
        }
        *end = p + 1;
        return true;
      }
      an_buf_append(out, p, 1);
    }
  }
  const char *q = p;
  while (q < stop && *q != ',' && *q != '\r' && *q != '\n') {
    if (*q == '"')
      return false; /* a quote inside an unquoted field */
    q++;
  }
  an_buf_append(out, p, (size_t)(q - p));
  *end = q;
  return true;
}

static bool formula_start(const char *s)
{
  return s[0] && strchr("=+-@\t\r", s[0]);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
  const char *f[MAX_FIELDS];
  char *buf = fuzz_fields(data, size, f, MAX_FIELDS);
  /* As many fields as the input has (at least one). */
  int n = 1;
  for (size_t i = 0; i + 1 < size && n < MAX_FIELDS; i++)
    n += data[i] == '\0';
  struct an_buf row = {0}, got = {0};
  for (int i = 0; i < n; i++)
    an_csv_field(&row, f[i], i == n - 1);
  FUZZ_CHECK(row.len >= 2 && memcmp(row.data + row.len - 2, "\r\n", 2) == 0);

  const char *p = row.data, *stop = row.data + row.len - 2; /* without the final CRLF */
  for (int i = 0; i < n; i++) {
    const char *end;
    FUZZ_CHECK(read_field(p, stop, &got, &end));
    const char *v = got.data ? got.data : "";
    FUZZ_CHECK(got.len == strlen(v)); /* no NUL smuggled in */
    FUZZ_CHECK(!formula_start(v));
    if (formula_start(f[i]))
      FUZZ_CHECK(v[0] == '\'' && strcmp(v + 1, f[i]) == 0);
    else
      FUZZ_CHECK(strcmp(v, f[i]) == 0);
    FUZZ_CHECK(i == n - 1 ? end == stop : end < stop && *end == ',');
    p = end + 1;
  }
  an_buf_free(&row);
  an_buf_free(&got);
  free(buf);
  return 0;
}
