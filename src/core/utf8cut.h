/* UTF-8 text that may have been cut inside a character (text formatted into fixed buffers). */
#ifndef AN_CORE_UTF8CUT_H
#define AN_CORE_UTF8CUT_H
#include <stddef.h>

/* The length of the valid UTF-8 character at s (1 to 4), or 0 when the bytes at s are not one
 * (cut short, overlong, a surrogate, beyond U+10FFFF, or a stray continuation byte). */
size_t an_utf8_char_len(const char *s);

/* A heap copy (never NULL) of s keeping only its valid UTF-8 characters: a character cut short
 * where a caller truncated text, anywhere in s, is dropped. PostgreSQL and JSON refuse text that
 * is not UTF-8 as a whole; valid text is copied unchanged. */
char *an_utf8_whole_dup(const char *s);

#endif
