/* Personal-data breaches (MARK-7-6-1/2/3): the incident, its steps and the notices mailed to the
 * people affected. Operator data: no tenant scope (a breach may span tenants); the affected
 * people are selected by tenant or by address. */
#ifndef AN_STORE_SUPPORT_BREACH_H
#define AN_STORE_SUPPORT_BREACH_H
#include <jansson.h>
#include <stdint.h>

#include "store/db.h"

/* Inserts breach b (title, what_leaked, whose, found_on, malicious, affected_tenant_id,
 * affected_emails, preliminary_due_on, final_due_on, created_by, created_us); sets *id. */
int an_store_breach_insert(struct an_db *db, const json_t *b, int64_t *id);
int an_store_breach_get_all(struct an_db *db, int64_t id, json_t **out);
int an_store_breach_list_all(struct an_db *db, json_t *out);
/* Marks a step's time on the breach: column is one of preliminary, final, published. */
int an_store_breach_mark(struct an_db *db, int64_t id, const char *column, int64_t at);
int an_store_breach_add_notified(struct an_db *db, int64_t id, int64_t n);
/* Records which reminders were sent ("preliminary,final") when they are still `had` (what the
 * caller read). Returns 1, or 0 when another instance recorded one since, or an error. */
int an_store_breach_set_reminded(struct an_db *db, int64_t id, const char *had,
                                 const char *reminded);
int an_store_breach_step_add(struct an_db *db, int64_t id, const char *step, const char *content,
                             const char *by, int64_t now);
int an_store_breach_steps(struct an_db *db, int64_t id, json_t *out);
int an_store_breach_notice_add(struct an_db *db, int64_t id, const char *email, int64_t mail_id,
                               int64_t now);
int an_store_breach_notices(struct an_db *db, int64_t id, json_t *out);
/* The addresses of the active users of tenant_id (the affected people of a tenant). */
int an_store_breach_tenant_emails(struct an_db *db, int64_t tenant_id, json_t *out);

#endif

/* The lawful-disclosure register (WP-21, TOS-26). Operator reads end in _all. */
int an_store_disclosure_insert(struct an_db *db, const json_t *d, int64_t *id);
int an_store_disclosure_get_all(struct an_db *db, int64_t id, json_t **out);
int an_store_disclosure_list_all(struct an_db *db, json_t *out);
/* Marks the notice of disclosure id (of tenant_id, its own) sent at `at` as `notice`. */
int an_store_disclosure_notified(struct an_db *db, int64_t tenant_id, int64_t id,
                                 const char *notice, int64_t at);
