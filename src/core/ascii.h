/* ASCII case: company codes are stored upper-case and compared without regard to case. Only
 * a-z change; other bytes (UTF-8 included) stay as they are. */
#ifndef AN_CORE_ASCII_H
#define AN_CORE_ASCII_H

/* Upper-cases a-z in s, in place. */
void an_ascii_upper(char *s);

#endif
