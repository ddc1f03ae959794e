/* The breach workflow (MARK-7-6-1/2/3; APPI Art. 26 and the PPC rules): a personal-data incident
 * records what leaked, whose data and when it was found; its deadlines are the preliminary report
 * to the Personal Information Protection Commission (promptly: AN_BREACH_PRELIMINARY_DAYS days
 * after it was found, the guidelines' "about three to five days") and the final report (30 days,
 * 60 when caused by a malicious act). Each step — notifying the people affected (a mail to each,
 * every delivery recorded), publishing the facts, the two reports, notes — is kept with who and
 * when. Reminders go to the personal-data desk AN_BREACH_REMIND_DAYS days before each deadline
 * still open. Operator staff only. */
#ifndef AN_SUPPORT_BREACH_H
#define AN_SUPPORT_BREACH_H
#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "core/ctx.h"
#include "core/errors.h"
#include "store/db.h"

#define AN_BREACH_PRELIMINARY_DAYS 5
#define AN_BREACH_FINAL_DAYS 30
#define AN_BREACH_FINAL_DAYS_MALICIOUS 60
#define AN_BREACH_REMIND_DAYS 2

struct an_breach_in {
  const char *title, *what_leaked, *whose;
  const char *found_on; /* YYYY-MM-DD (JST) */
  bool malicious;
  int64_t affected_tenant_id;  /* the users of this tenant are affected (0 = none) */
  const char *affected_emails; /* and these addresses (comma or newline separated) */
};

/* Records a breach with its deadlines. INVALID_FIELD (*bad_field) for a bad date or address. */
enum an_ec an_breach_record(const struct an_ctx *ctx, struct an_db *db,
                            const struct an_breach_in *in, json_t **out, const char **bad_field);
/* {"items": [...]} newest first, each with its deadlines' state (done, open, due_soon, overdue). */
enum an_ec an_breach_list(const struct an_ctx *ctx, struct an_db *db, json_t **out);
/* One breach with its steps and the notices sent. */
enum an_ec an_breach_get(const struct an_ctx *ctx, struct an_db *db, int64_t id, json_t **out);
/* Mails the notice (subject line and text written by staff) to every affected person (the
 * tenant's active users and the listed addresses, each once), recording each mail; *out gets the
 * breach. CONFLICT when nobody is affected. */
enum an_ec an_breach_notify(const struct an_ctx *ctx, struct an_db *db, int64_t id,
                            const char *subject, const char *text, json_t **out);
/* Records a step: "publish", "preliminary_report", "final_report" (each also dates the breach)
 * or "note", with its content. INVALID_FIELD for another step. */
enum an_ec an_breach_step(const struct an_ctx *ctx, struct an_db *db, int64_t id, const char *step,
                          const char *content, json_t **out);
/* Mails the personal-data desk about every report due within AN_BREACH_REMIND_DAYS days (or
 * overdue) and not yet made, once per report. Returns the reminders sent, or -1. */
int an_breach_remind(const struct an_ctx *ctx, struct an_db *db);

#endif
