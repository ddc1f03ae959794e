/* ASCII case: company codes are stored upper-case and compared without regard to case. Only
 * a-z change; other bytes (UTF-8 included) stay as they are. */
#ifndef AN_CORE_ASCII_H
#define AN_CORE_ASCII_H
#include <stdbool.h>

/* Upper-cases a-z in s, in place. */
void an_ascii_upper(char *s);
/* Reads exactly n ASCII digits at s into *out; false (out untouched) when any of them is not
 * 0-9. Signs, blanks and locale digits, which sscanf or isdigit would take, are refused. */
bool an_ascii_digits(const char *s, int n, int *out);

#endif
