/* Edits of the catalogue by the operator (issue 10 item 5): a shop's particulars, a service's
 * description, conditions, address and notice, a plan's name, quotas and fees. Every edit is
 * audited with each changed field's old and new value. A monthly-fee increase on a plan with
 * contracts that have not ended is a material change (MARK-4-4-1): it takes effect no sooner than
 * [market] document_notice_days after today, and every contractor is told (portal notice and
 * mail, in its language); the market worker applies it on its day ("plan.fee_apply"). */
#ifndef AN_MARKET_EDITS_H
#define AN_MARKET_EDITS_H
#include <jansson.h>
#include <stdint.h>

#include "core/ctx.h"
#include "core/errors.h"
#include "core/spec.h"
#include "store/db.h"

/* The bodies of the edit forms: every field optional (absent: unchanged). */
struct an_shop_patch {
  char *name, *contact_email;
  uint64_t nulls;
};
struct an_service_patch {
  char *name, *description, *conditions;
  int64_t notice_days;
  char *url; /* "" clears the address */
  uint64_t nulls;
};
struct an_plan_patch {
  char *name;
  int64_t monthly_fee, initial_fee, max_users, storage_gb;
  char *effective_on; /* a fee increase's day (YYYY-MM-DD); needed when it is material */
  uint64_t nulls;
};
extern const struct an_spec an_shop_patch_spec, an_service_patch_spec, an_plan_patch_spec;

/* Edits shop id; *out gets the shop. NOT_FOUND, INVALID_FIELD (name empty, address invalid). */
enum an_ec an_shop_update(const struct an_ctx *ctx, struct an_db *db, int64_t id,
                          const struct an_shop_patch *in, json_t **out);
/* Edits service id; *out gets the service with its plans. INVALID_FIELD names the field in
 * *field (url not http(s), a text emptied); NOTICE_PERIOD_TOO_SHORT when notice_days is below
 * the platform floor (market/catalogue.h); CONFLICT when the service is discontinued. */
enum an_ec an_service_update(const struct an_ctx *ctx, struct an_db *db, int64_t id,
                             const struct an_service_patch *in, const char **field, json_t **out);
/* Edits plan id; *out gets the plan. A material fee increase without an effective_on at least
 * earliest_out (AN_DATE_STRLEN, always written: today + [market] document_notice_days) answers
 * NOTICE_PERIOD_TOO_SHORT; accepted, it is scheduled and the contractors are told, and the fee in
 * force stays until then. Other changes take effect at once. */
enum an_ec an_plan_update(const struct an_ctx *ctx, struct an_db *db, int64_t id,
                          const struct an_plan_patch *in, char *earliest_out, json_t **out);
/* The "plan.fee_apply" job: makes a plan's pending fee its fee when due (idempotent). Returns an
 * AN_DB_* status. */
int an_plan_fee_apply_job(const struct an_ctx *ctx, struct an_db *db, int64_t plan_id);

#endif
