/* TOTP enrolments and recovery codes of a subject (operator staff or tenant user). */
#ifndef AN_STORE_MFA_H
#define AN_STORE_MFA_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "store/db.h"

struct an_totp_row {
  uint8_t sealed[128];
  size_t sealed_len;
  bool confirmed;
  int64_t last_step;
};

/* Creates or replaces an unconfirmed enrolment. Returns 1 or an error. */
int an_store_totp_put(struct an_db *db, const char *kind, int64_t subject_id, int64_t tenant_id,
                      const uint8_t *sealed, size_t len, int64_t now);
/* The functions below take the subject's tenant (0 for operator staff): a user's rows are read
 * and written in its tenant's database (dedicated tenancy, store/placement.c), and every statement
 * names the tenant. */
/* Loads the enrolment. Returns 1, 0 when none, or an error. */
int an_store_totp_get(struct an_db *db, int64_t tenant_id, const char *kind, int64_t subject_id,
                      struct an_totp_row *out);
/* Replaces the sealed seed of an enrolment, keeping its state (re-sealing under a new key).
 * Returns 1, 0 when none, or an error. */
int an_store_totp_reseal(struct an_db *db, int64_t tenant_id, const char *kind, int64_t subject_id,
                         const uint8_t *sealed, size_t len);
/* Marks the enrolment confirmed and records step as used. Returns 1, 0, or an error. */
int an_store_totp_confirm(struct an_db *db, int64_t tenant_id, const char *kind, int64_t subject_id,
                          int64_t step);
/* Records step as used only if it is newer than the last used one, in one statement, so a code
 * is accepted once even when sent twice at the same moment. Returns 1 when it was newer, 0 when
 * it was a replay, or an error. */
int an_store_totp_use_step(struct an_db *db, int64_t tenant_id, const char *kind,
                           int64_t subject_id, int64_t step);
/* Removes the enrolment and the recovery codes. Returns >= 0 or an error. */
int an_store_totp_delete(struct an_db *db, int64_t tenant_id, const char *kind, int64_t subject_id);
/* Stores one recovery code hash. Returns 1 or an error. */
int an_store_recovery_add(struct an_db *db, int64_t tenant_id, const char *kind, int64_t subject_id,
                          const uint8_t hash[32]);
/* Uses a recovery code once: returns 1 when an unused one with this hash existed (now used), 0
 * when none, or an error. */
int an_store_recovery_use(struct an_db *db, int64_t tenant_id, const char *kind, int64_t subject_id,
                          const uint8_t hash[32], int64_t now);
/* Number of unused recovery codes, or an error. */
int an_store_recovery_left(struct an_db *db, int64_t tenant_id, const char *kind,
                           int64_t subject_id, int64_t *n);

#endif
