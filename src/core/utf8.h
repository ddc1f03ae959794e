/* UTF-8 as RFC 3629 defines it: no overlong forms, no UTF-16 surrogates, nothing past U+10FFFF.
 * Text from outside is checked at the edge; lengths given to people are in characters. */
#ifndef AN_CORE_UTF8_H
#define AN_CORE_UTF8_H
#include <stdbool.h>
#include <stddef.h>

/* True when the n bytes at s are well-formed UTF-8 (NUL bytes included count as U+0000). */
bool an_utf8_valid(const char *s, size_t n);
/* The number of characters in the NUL-terminated, valid UTF-8 string s. */
size_t an_utf8_chars(const char *s);
/* The length in bytes of the first max_chars characters of the NUL-terminated, valid UTF-8
 * string s (all of it when shorter), so a cut there never splits a character. */
size_t an_utf8_prefix_bytes(const char *s, size_t max_chars);
/* The length in bytes of the longest prefix of the valid UTF-8 string s that ends on a character
 * boundary and is at most max_bytes long: where to cut s to fit a byte budget. */
size_t an_utf8_fit_bytes(const char *s, size_t max_bytes);
/* The length of the well-formed character at s, reading at most n bytes (1 for ASCII, NUL
 * included), or 0 when the bytes are not one (cut short, overlong, a surrogate, past U+10FFFF, a
 * stray continuation byte) or n is 0. */
size_t an_utf8_seq_len(const char *s, size_t n);
/* The same for the NUL-terminated string s: 0 at its end, or when s does not start with a whole
 * character. */
size_t an_utf8_char_len(const char *s);
/* A heap copy (never NULL) of s keeping only its valid UTF-8 characters: a character cut short
 * where text was truncated, anywhere in s, is dropped. PostgreSQL and JSON refuse text that is
 * not UTF-8 as a whole; valid text is copied unchanged. */
char *an_utf8_whole_dup(const char *s);
/* A heap copy of the n bytes at s that is safe to show as text: bytes outside printable ASCII
 * (so every byte of a multi-byte sequence, valid or not) become %XX. The caller frees it. */
char *an_utf8_escape(const char *s, size_t n);

/* Text in CP932 (Shift_JIS as Windows writes it: files from Japanese banks, agents and
 * government sites) converted to UTF-8 with iconv(3): a new NUL-terminated string (the caller
 * frees it) and *outlen its length; NULL when the bytes are not valid CP932. */
char *an_utf8_from_cp932(const char *text, size_t len, size_t *outlen);

#endif
