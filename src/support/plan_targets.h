/* Response targets per plan (issue 13 item 3 "per category and per plan"): the operator may
 * give a plan its own first-response and resolution targets per ticket category (a premium plan
 * answered faster). A ticket about a contract takes the targets of the contract's plan for its
 * category, and the desk's defaults (support/desk.h) where the plan sets none. Which contract:
 * the one the ticket names, else a contractor's only active contract; none otherwise. */
#ifndef AN_SUPPORT_PLAN_TARGETS_H
#define AN_SUPPORT_PLAN_TARGETS_H
#include <jansson.h>
#include <stdint.h>

#include "core/ctx.h"
#include "core/errors.h"
#include "store/db.h"

/* Operator staff: {"items": [{plan_id, category, first_response_minutes, resolution_minutes,
 * updated_by, updated_at}]}. FORBIDDEN for anyone else. */
enum an_ec an_support_plan_targets_list(const struct an_ctx *ctx, struct an_db *db, json_t **out);
/* Operator staff: sets plan_id's targets for category (first = 0: removes them, the defaults
 * apply again), audited "support.plan_target". NOT_FOUND for an unknown plan or category;
 * INVALID_FIELD (*bad_field "resolution_minutes") unless 1 <= first <= resolution <= 1,000,000
 * minutes. */
enum an_ec an_support_plan_target_set(const struct an_ctx *ctx, struct an_db *db, int64_t plan_id,
                                      const char *category, int64_t first, int64_t resolution,
                                      const char **bad_field);
/* For a ticket of category opened by ctx: the contract it is about (contract_id > 0: that one,
 * which ctx must be able to see; 0: a contractor's only active contract), its plan, and the
 * targets. *contract and *plan are 0 when there is none (the defaults apply). Returns 1, 0 when
 * contract_id names a contract ctx cannot see, or a store error. */
int an_support_ticket_targets(const struct an_ctx *ctx, struct an_db *db, int64_t contract_id,
                              const char *category, int64_t *contract, int64_t *plan,
                              int64_t *tenant, int64_t *first, int64_t *resolution);

#endif
