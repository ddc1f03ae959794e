/* CSV output (RFC 4180) for files people open in a spreadsheet: the audit export and the fee
 * statement. One field writer, so every export quotes and neutralises formulas alike. */
#ifndef AN_CORE_CSV_H
#define AN_CORE_CSV_H
#include <stdbool.h>

#include "core/buf.h"

/* Appends s (NULL counts as "") to b as one field followed by "," or, when last, by CRLF. The
 * field is quoted when it holds a comma, a double quote, CR or LF (quotes doubled inside). A
 * value beginning with = + - @ TAB or CR gets a leading ' so a spreadsheet shows it as text
 * instead of running it as a formula (OWASP "CSV injection"). */
void an_csv_field(struct an_buf *b, const char *s, bool last);

#endif
