/* Personal-data requests carried out and chased (MARK-7-5-2; issue 13 item 4): a granted
 * correction corrects the person's user records (display name, address), a granted request to
 * stop using the data disables or deletes their accounts through the identity domain, each step
 * audited on the account's tenant and listed in the request's record; and the personal-data desk
 * ([support] privacy_email) is reminded of a request still open [support] pdr_remind_days before
 * its deadline and again once it is overdue. */
#ifndef AN_SUPPORT_PDR_CARRY_H
#define AN_SUPPORT_PDR_CARRY_H
#include <jansson.h>

#include "core/ctx.h"
#include "core/errors.h"
#include "store/db.h"

struct an_pdr_action {
  const char *display_name; /* correct: the corrected name (NULL = unchanged) */
  const char *email;        /* correct: the corrected address (NULL = unchanged) */
  const char *account;      /* stop: "disable" or "delete" */
};

/* Whether a granted request r (its record) comes with what carrying it out needs: a correction
 * names a new display_name or email (with "@"), a stop names the account action. INVALID_FIELD
 * with *bad_field otherwise; OK for a disclosure (nothing to carry out). */
enum an_ec an_pdr_action_check(const json_t *r, const struct an_pdr_action *a,
                               const char **bad_field);
/* Carries out granted request r by ctx (operator staff) on every account of the person (the
 * filing user, or the users whose address is the request's): *done gets [{tenant_id, user_id,
 * action}] of what was done ("corrected", "disabled", "deleted"). INTERNAL when a step fails (the
 * steps before it stay done, and are listed). */
enum an_ec an_pdr_carry_out(const struct an_ctx *ctx, struct an_db *db, const json_t *r,
                            const struct an_pdr_action *a, json_t **done);
/* Mails the reminders due now (see above), each once, audited "pdr.remind". Returns how many
 * were sent, or -1 when the requests cannot be read. */
int an_pdr_remind(const struct an_ctx *ctx, struct an_db *db);

#endif
