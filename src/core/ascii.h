/* ASCII case: company codes are stored upper-case and compared without regard to case. Only
 * a-z change; other bytes (UTF-8 included) stay as they are. */
#ifndef AN_CORE_ASCII_H
#define AN_CORE_ASCII_H
#include <stdbool.h>
#include <stddef.h>

/* Upper-cases a-z in s, in place. */
void an_ascii_upper(char *s);
/* Reads exactly n ASCII digits at s into *out; false (out untouched) when any of them is not
 * 0-9. Signs, blanks and locale digits, which sscanf or isdigit would take, are refused. */
bool an_ascii_digits(const char *s, int n, int *out);
/* True when c is an ASCII letter or digit, or one of the bytes of extra (never NUL). Unlike
 * isalnum, the locale does not matter and no byte of UTF-8 text counts. */
bool an_ascii_alnum_or(char c, const char *extra);
/* True when s (NULL: empty) has min to max bytes, each one an_ascii_alnum_or(c, extra). */
bool an_ascii_word(const char *s, size_t min, size_t max, const char *extra);

#endif
