/* Shared by the fuzz targets (tests/fuzz/README.md): splitting an input into fields, and a
 * request without a network connection for the targets that drive request-level code. */
#ifndef AN_FUZZ_H
#define AN_FUZZ_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "http/request.h"

/* A fuzz input as up to n NUL-separated fields: copies data (size bytes) into one heap block,
 * NUL-terminated, and points field[0..n-1] into it (missing fields are ""; the last field keeps
 * any further NULs' text cut at the first of them). Returns the block; the caller frees it. */
char *fuzz_fields(const uint8_t *data, size_t size, const char **field, int n);

/* Stops the run with a message (libFuzzer records the input as a crash) when cond is false: for
 * properties the code must keep whatever the input, beyond memory safety. */
#define FUZZ_CHECK(cond)                                                                         \
  do {                                                                                           \
    if (!(cond))                                                                                 \
      fuzz_fail(__FILE__, __LINE__, #cond);                                                      \
  } while (0)
void fuzz_fail(const char *file, int line, const char *what) __attribute__((noreturn));

/* What the fake connection answers and records. Headers are matched case-insensitively, query
 * arguments exactly; both lists are name, value, ..., NULL. */
struct fuzz_conn {
  const char *const *headers;
  const char *const *query;
  unsigned status;          /* the reply's status, 0 until one is queued */
  int replies;              /* replies queued (the code must queue exactly one, or none) */
  char content_type[64];    /* the reply's Content-Type */
};

/* Fills r as the server would before a handler runs (path, method, language "ja" or "en",
 * request id) with c as its connection. MHD_lookup_connection_value and MHD_queue_response are
 * provided by support.c for such requests: the response objects themselves are libmicrohttpd's
 * own. Free with fuzz_request_free. */
void fuzz_request_init(struct an_request *r, struct fuzz_conn *c, const char *method,
                       const char *path, const char *lang);
void fuzz_request_free(struct an_request *r);

#endif
