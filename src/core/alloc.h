/* Allocation that never returns NULL: running out of memory aborts, so callers stay simple. */
#ifndef AN_CORE_ALLOC_H
#define AN_CORE_ALLOC_H
#include <stddef.h>

/* Returns zeroed memory of n bytes; aborts on failure. */
void *an_calloc(size_t n);
/* Resizes p to n bytes; aborts on failure. */
void *an_realloc(void *p, size_t n);
/* Returns a copy of s (NULL stays NULL); aborts on failure. */
char *an_strdup(const char *s);
/* Returns a copy of the first n bytes of s, NUL-terminated; aborts on failure. */
char *an_strndup(const char *s, size_t n);
/* Returns a newly allocated formatted string; aborts on failure. */
char *an_asprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif
