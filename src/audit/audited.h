/* An audited write: one store write that sets one value of one record and, when it changed the
 * record, the audit event that records it, in one transaction (the value and its event commit
 * together or not at all). The settings of a tenant (audit retention, event classes, review
 * months, IP allow-list), a staff member's networks, a shop's invoice registration number and an
 * incident's postmortem are such writes. */
#ifndef AN_AUDIT_AUDITED_H
#define AN_AUDIT_AUDITED_H
#include <jansson.h>
#include <stdint.h>

#include <stdbool.h>

#include "core/ctx.h"
#include "core/errors.h"
#include "store/db.h"

/* A write that sets a number on the record id at now, and the event that records it (action on
 * target kind:id, outcome "success", the caller's tenant). The write answers as the store does:
 * 1 changed, 0 the record is not there, below 0 an AN_DB_* error. */
struct an_audited_number {
  int (*write)(struct an_db *db, int64_t id, int64_t number, int64_t now);
  const char *action;
  const char *kind;
};

/* The same for a write that sets a text. */
struct an_audited_text {
  int (*write)(struct an_db *db, int64_t id, const char *text, int64_t now);
  const char *action;
  const char *kind;
};

/* Runs op's write of number on the record id at ctx->now and, when it changed the record, appends
 * op's event with details (taken over, as an_audit_changed: NULL for {}), in one transaction
 * (retried as an_db_txn retries). Returns 1 when the record changed, AN_DB_ROLLBACK when it is not
 * there (nothing recorded), else an AN_DB_* error. */
int an_audited_set_number(const struct an_ctx *ctx, struct an_db *db,
                          const struct an_audited_number *op, int64_t id, int64_t number,
                          json_t *details);
/* an_audited_set_number for a text value. */
int an_audited_set_text(const struct an_ctx *ctx, struct an_db *db,
                        const struct an_audited_text *op, int64_t id, const char *text,
                        json_t *details);

/* The answer of a transaction that changes one record: rc is an_db_txn's, found whether its body
 * found the record. AN_EC_GENERIC_INTERNAL for an error other than the body's rollback, else
 * AN_EC_OK when the record was found (and changed), AN_EC_GENERIC_NOT_FOUND when not. */
enum an_ec an_audited_ec(int rc, bool found);

#endif
