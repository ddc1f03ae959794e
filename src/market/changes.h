/* Contract changes (Art. 9-2, 10; TOS-3, TOS-4, MARK-4-3-1, 4-3-2): tenant admins request a plan
 * change, an additional service or new contractor details; the date the change applies is known
 * before the request is sent (an_change_preview); the operator approves or refuses; approved
 * changes are applied on that date by a durable job. */
#ifndef AN_MARKET_CHANGES_H
#define AN_MARKET_CHANGES_H
#include <jansson.h>

#include "core/ctx.h"
#include "core/errors.h"
#include "core/spec.h"
#include "market/change_details.h"
#include "store/db.h"

/* kind: plan | add_service | details. change_on is the requested date for details. *out gets
 * {kind, effective_on, late_notice}. */
enum an_ec an_change_preview(const struct an_ctx *ctx, const char *kind, const char *change_on,
                             json_t **out);
/* The body of POST /api/v1/change-requests, decoded once through an_change_form_spec: kind,
 * contract_id (plan), plan_id (plan, add_service), change_on and the new contractor details
 * (details; at least one of them). */
struct an_change_form {
  char *kind;
  int64_t contract_id;
  int64_t plan_id;
  char *change_on;
  char *name;
  char *address;
  char *phone;
  char *responsible_name;
  char *responsible_email;
  uint64_t nulls;
};
extern const struct an_spec an_change_form_spec;

enum an_ec an_change_request(const struct an_ctx *ctx, struct an_db *db,
                             const struct an_change_form *in, json_t **out);
/* Approves or refuses a pending change request. A refusal takes one of the four Art. 9-3 reasons
 * (reason: false_statement, technically_infeasible, past_breach, other; an_refusal_reason_ja),
 * recorded with the request, audited and stated in the contractor's notice; an approval ignores
 * reason. AN_EC_GENERIC_INVALID_FIELD for a refusal without a known reason. */
enum an_ec an_change_decide(const struct an_ctx *ctx, struct an_db *db, int64_t id, bool approve,
                            const char *reason, const char *message, json_t **out);
/* The contractor (ctx->tenant_id) withdraws its own change request while it is still pending:
 * status "withdrawn", audited as change.withdraw. *out gets the request.
 * AN_EC_CHANGE_NOT_PENDING once the operator decided (or it was withdrawn before). */
enum an_ec an_change_withdraw(const struct an_ctx *ctx, struct an_db *db, int64_t id, json_t **out);
/* Job: applies an approved change whose date has come. */
int an_change_apply_job(const struct an_ctx *ctx, struct an_db *db, int64_t id);

#endif
