/* Answers kept for writes sent with an Idempotency-Key (issue 15 item 1), one row per (tenant,
 * caller, key): claimed inside the write's own transaction, answered right after it. */
#ifndef AN_STORE_IDEMPOTENCY_H
#define AN_STORE_IDEMPOTENCY_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "store/db.h"

struct an_idem_row {
  char fingerprint[65];
  bool answered;  /* status is set: the answer was stored (body may still be absent) */
  int64_t status; /* the first answer's HTTP status */
  char *ctype;    /* its content type (heap; NULL when none) */
  uint8_t *body;  /* its sealed body (heap; NULL when not kept) */
  size_t body_len;
};

/* The live (not expired at now) row of key for scope of tenant_id (0: the operator's) into out
 * (release with an_idem_row_clear). Returns 1, 0 when there is none, or an error. */
int an_store_idem_get(struct an_db *db, int64_t tenant_id, const char *scope, const char *key,
                      int64_t now, struct an_idem_row *out);
void an_idem_row_clear(struct an_idem_row *row);
/* Claims key for scope (inserting the unanswered row, or taking over an expired one) until
 * expires_at. Meant to run inside the write's transaction. Returns 1 when claimed, 0 when a live
 * row exists (another attempt committed first), or an error. */
int an_store_idem_claim(struct an_db *db, int64_t tenant_id, const char *scope, const char *key,
                        const char *fingerprint, int64_t now, int64_t expires_at);
/* Stores the answer of a claimed key: status, content type and sealed body (NULL: not kept).
 * Returns the rows changed (1) or an error. */
int an_store_idem_answer(struct an_db *db, int64_t tenant_id, const char *scope, const char *key,
                         int64_t status, const char *ctype, const uint8_t *body, size_t len);
/* Deletes the rows that expired before `before`. Returns the count or an error. */
int an_store_idem_sweep(struct an_db *db, int64_t before);

#endif
