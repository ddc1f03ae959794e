/* Growable byte buffer, always NUL-terminated so it can be used as a string. */
#ifndef AN_CORE_BUF_H
#define AN_CORE_BUF_H
#include <stddef.h>

struct an_buf {
  char *data;
  size_t len;
  size_t cap;
};

/* Appends n bytes of p. */
void an_buf_append(struct an_buf *b, const void *p, size_t n);
/* Appends the NUL-terminated string s. */
void an_buf_puts(struct an_buf *b, const char *s);
/* Appends formatted text. */
void an_buf_printf(struct an_buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Empties the buffer, keeping its memory. */
void an_buf_reset(struct an_buf *b);
/* Releases the memory; the buffer may be reused afterwards. */
void an_buf_free(struct an_buf *b);
/* Hands the data to the caller (who frees it) and empties the buffer. */
char *an_buf_steal(struct an_buf *b);

#endif
