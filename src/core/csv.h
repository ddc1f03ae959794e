/* CSV cells for files people open in spreadsheets (RFC 4180, CRLF rows). Every CSV the product
 * writes builds its cells here, so none can carry a formula (CWE-1236, L1 of issue 8). */
#ifndef AN_CORE_CSV_H
#define AN_CORE_CSV_H
#include <stdbool.h>
#include <stdint.h>

#include "core/buf.h"

/* Appends s (NULL = "") as one cell, always in double quotes (a quote doubled). A cell that
 * starts with = + - @ TAB or CR, which a spreadsheet would run as a formula, gets a leading '
 * so it shows as text. last ends the row with CRLF, else a comma follows. */
void an_csv_field(struct an_buf *b, const char *s, bool last);
/* Appends a number of our own as a bare cell (a negative number stays a number). */
void an_csv_int(struct an_buf *b, int64_t v, bool last);

#endif
