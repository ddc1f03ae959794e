/* Dunning (issue 17 item 3, TOS-6): the claim of one reminder per invoice and step, and the
 * suspension proposals made after the last step, which the operator decides. The dunning job and
 * the operator's decisions are operator-wide (no tenant scope): the functions that touch one
 * tenant's rows still name the tenant in their WHERE. */
#ifndef AN_STORE_DUNNING_H
#define AN_STORE_DUNNING_H
#include <stdint.h>

#include "core/spec.h"
#include "store/db.h"

/* What one reminder is recorded with. */
struct an_dunning_claim {
  int64_t invoice_id, step, tenant_id, days_past_due, open_amount, admins, sent_at;
};
/* Claims the reminder of step for the invoice: 1 when claimed now, 0 when it was sent before (by
 * this or another instance), or an error. */
int an_store_dunning_claim(struct an_db *db, const struct an_dunning_claim *c);
/* Sets the number of admins mailed on the claimed reminder. Returns 1, 0 or an error. */
int an_store_dunning_set_admins(struct an_db *db, int64_t tenant_id, int64_t invoice_id,
                                int64_t step, int64_t admins);
/* The reminders sent for the tenant's invoice. Returns the count or an error. */
int an_store_dunning_count(struct an_db *db, int64_t tenant_id, int64_t invoice_id);

/* A suspension proposal with the figures the operator decides on. */
struct an_suspension_proposal {
  int64_t id, invoice_id, tenant_id, shop_id, days_past_due, open_amount, reminders;
  char *status, *reason, *decided_by;
  int64_t decided_at, created_at;
  char *number, *company_code, *company_name, *shop_name, *due_on;
  int64_t total, open_now; /* the invoice's total and what is open of it now */
  uint64_t nulls;
};
extern const struct an_spec an_suspension_proposal_spec;

struct an_proposal_new {
  int64_t invoice_id, tenant_id, shop_id, days_past_due, open_amount, reminders, created_at;
};
/* Proposes once per invoice: 1 when made now, 0 when the invoice has one already, or an error. */
int an_store_proposal_insert(struct an_db *db, const struct an_proposal_new *p);
/* Every proposal, the open ones first, then the newest decided, at most 500. */
int an_store_proposals_all(struct an_db *db, struct an_suspension_proposal **items, size_t *n);
/* One proposal (any tenant's: the operator's). Returns 1, 0 or an error. */
int an_store_proposal_get_all(struct an_db *db, int64_t id, struct an_suspension_proposal *out);
/* Decides an open proposal of tenant_id: status "suspended" or "dismissed". Returns 1, 0 when it
 * is no longer open, or an error. */
int an_store_proposal_decide(struct an_db *db, int64_t tenant_id, int64_t id, const char *status,
                             const char *reason, const char *by, int64_t now);

#endif
