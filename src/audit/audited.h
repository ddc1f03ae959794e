/* Audited writes: one store write that sets one value of one record and, when it changed the
 * record, the audit event that records it, in one transaction (the value and its event commit
 * together or not at all). The settings of a tenant (audit retention, event classes, review
 * months, IP allow-list, the review done), a staff member's networks, a shop's invoice
 * registration number and an incident's postmortem are such writes. Also the events that record
 * no other change. */
#ifndef AN_AUDIT_AUDITED_H
#define AN_AUDIT_AUDITED_H
#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "core/ctx.h"
#include "core/errors.h"
#include "store/db.h"

/* A write that sets a number on the record id at now, and the event that records it: action on
 * target kind:id, outcome "success", the caller's tenant, details {field: the number} (field
 * NULL: {}). The write answers as the store does: 1 changed, 0 the record is not there, below 0
 * an AN_DB_* error. */
struct an_audited_number {
  int (*write)(struct an_db *db, int64_t id, int64_t number, int64_t now);
  const char *action;
  const char *kind;
  const char *field;
};

/* The same for a write that sets a text (details {field: the text}). */
struct an_audited_text {
  int (*write)(struct an_db *db, int64_t id, const char *text, int64_t now);
  const char *action;
  const char *kind;
  const char *field;
};

/* Runs op's write of number on the record id at ctx->now and, when it changed the record, appends
 * op's event, in one transaction (retried as an_db_txn retries). Returns 1 when the record
 * changed, AN_DB_ROLLBACK when it is not there (nothing recorded), else an AN_DB_* error. */
int an_audited_set_number(const struct an_ctx *ctx, struct an_db *db,
                          const struct an_audited_number *op, int64_t id, int64_t number);
/* an_audited_set_number for a text value. */
int an_audited_set_text(const struct an_ctx *ctx, struct an_db *db,
                        const struct an_audited_text *op, int64_t id, const char *text);

/* A setting of the caller's tenant (op's record is that tenant): AN_EC_AUTH_FORBIDDEN for a
 * caller of no tenant, then AN_EC_GENERIC_INVALID_FIELD when the value is not valid, else
 * an_audited_set_number's write and event: AN_EC_OK, or AN_EC_GENERIC_INTERNAL when it failed. */
enum an_ec an_audited_tenant_number(const struct an_ctx *ctx, struct an_db *db,
                                    const struct an_audited_number *op, int64_t number, bool valid);
/* an_audited_tenant_number for a text value (always valid). */
enum an_ec an_audited_tenant_text(const struct an_ctx *ctx, struct an_db *db,
                                  const struct an_audited_text *op, const char *text);

/* An event that records no other change (a denied access, an expired link, a mail read): action
 * with outcome on the object kind:id, by actor_label (NULL: ctx's actor), in tenant_id's log (0:
 * ctx's tenant). */
struct an_audited_note {
  const char *action;
  const char *outcome;
  const char *kind;
  const char *actor_label;
  int64_t tenant_id;
};

/* Records n on kind:id with details (taken over; NULL for {}) in a transaction of its own, as
 * an_audit_record does. Returns 1 or an AN_DB_* error. */
int an_audited_record(const struct an_ctx *ctx, struct an_db *db, const struct an_audited_note *n,
                      int64_t id, json_t *details);

#endif
