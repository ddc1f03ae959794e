/* Live compliance checks keyed by requirement ID (issue 16 item 2): a registry of
 * {requirement, check}, where each check reads the running system's state through the domain and
 * says compliant, partial, non_compliant or not_applicable with a reason (a message key of
 * core/messages.def and its placeholders, rendered in the reader's language) and evidence (the
 * figures it judged, the time it looked, and a link to the screen or API that shows them). The
 * catalogs join on the requirement ID. */
#ifndef AN_COMPLIANCE_CHECKS_H
#define AN_COMPLIANCE_CHECKS_H
#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

#include "core/ctx.h"
#include "core/errors.h"
#include "store/db.h"

enum an_cstatus {
  AN_CS_COMPLIANT,
  AN_CS_PARTIAL,
  AN_CS_NON_COMPLIANT,
  AN_CS_NOT_APPLICABLE,
};

/* "compliant", "partial", "non_compliant", "not_applicable". */
const char *an_cstatus_name(enum an_cstatus s);

/* What one check found. reason is a key of core/messages.def ("compliance.reason.*"); vars its
 * placeholders and evidence the figures (both owned by the result). */
struct an_check_result {
  enum an_cstatus status;
  const char *reason;
  json_t *vars;
  json_t *evidence;
};

/* One registered check. fn fills out (status, reason, vars, evidence) and returns 0, or an
 * AN_DB_* error when the state could not be read (the requirement keeps its previous status). */
struct an_check {
  const char *requirement; /* e.g. "MARK-3-1-5" */
  const char *link;        /* the screen or API showing the evidence */
  int (*fn)(const struct an_ctx *ctx, struct an_db *db, struct an_check_result *out);
};

/* The registry, in a fixed order; *n gets its length. */
const struct an_check *an_checks(size_t *n);
/* The check of requirement, or NULL. */
const struct an_check *an_check_find(const char *requirement);
/* Runs one check in ctx's (operator) scope: on success out is filled and its evidence carries
 * "checked_at" (RFC 3339) and "link". Returns 0 or an AN_DB_* error (out then holds nothing).
 * Release out with an_check_result_clear. */
int an_check_run(const struct an_ctx *ctx, struct an_db *db, const struct an_check *c,
                 struct an_check_result *out);
void an_check_result_clear(struct an_check_result *r);

/* Helpers for the checks (checks_*.c). */
void an_check_set(struct an_check_result *out, enum an_cstatus s, const char *reason, json_t *vars,
                  json_t *evidence);
/* an_check_set: compliant with ok_key when pass, non-compliant with fail_key otherwise. */
void an_check_set_pass(struct an_check_result *out, bool pass, const char *ok_key,
                       const char *fail_key, json_t *vars, json_t *evidence);
/* an_check_set by how old the newest evidence is: reasons[0] (non-compliant) when there is none,
 * reasons[1] with status stale when it is too old, reasons[2] (compliant) otherwise. */
void an_check_set_by_age(struct an_check_result *out, bool none, bool too_old,
                         enum an_cstatus stale, const char *const reasons[3], json_t *vars,
                         json_t *evidence);
/* One rung of a check's verdict ladder: status and reason when `when` holds. */
struct an_check_rung {
  bool when;
  enum an_cstatus status;
  const char *reason;
};
/* an_check_set with the first rung of rungs whose `when` holds. The last rung must hold (write
 * `true` there): it is the verdict when none before it does. */
void an_check_verdict(struct an_check_result *out, const struct an_check_rung *rungs, json_t *vars,
                      json_t *evidence);
/* Reads the published text of kind as {in_force: version or null, versions: [...]}, *out NULL
 * when it fails (an_document_public, an_ops_info_get). */
typedef enum an_ec (*an_check_reader)(const struct an_ctx *ctx, struct an_db *db, const char *kind,
                                      json_t **out);
/* The version of kind that read gives as in force today, in *in (a new reference, or NULL when
 * none is or kind is unknown); AN_DB_HARD when it cannot be read. */
int an_check_in_force(const struct an_ctx *ctx, struct an_db *db, an_check_reader read,
                      const char *kind, json_t **in);

/* The checks themselves, by area (checks_identity.c, checks_data.c, checks_service.c,
 * checks_records.c). */
int an_check_password_floors(const struct an_ctx *, struct an_db *, struct an_check_result *);
int an_check_staff_mfa(const struct an_ctx *, struct an_db *, struct an_check_result *);
int an_check_session_timeouts(const struct an_ctx *, struct an_db *, struct an_check_result *);
int an_check_ip_allowlists(const struct an_ctx *, struct an_db *, struct an_check_result *);
int an_check_tls(const struct an_ctx *, struct an_db *, struct an_check_result *);
int an_check_audit_log(const struct an_ctx *, struct an_db *, struct an_check_result *);
int an_check_backup_age(const struct an_ctx *, struct an_db *, struct an_check_result *);
int an_check_restore_drill(const struct an_ctx *, struct an_db *, struct an_check_result *);
int an_check_backup_distance(const struct an_ctx *, struct an_db *, struct an_check_result *);
int an_check_web_manifest(const struct an_ctx *, struct an_db *, struct an_check_result *);
int an_check_terms(const struct an_ctx *, struct an_db *, struct an_check_result *);
int an_check_important_matters(const struct an_ctx *, struct an_db *, struct an_check_result *);
int an_check_privacy_policy(const struct an_ctx *, struct an_db *, struct an_check_result *);
int an_check_availability(const struct an_ctx *, struct an_db *, struct an_check_result *);
int an_check_response_times(const struct an_ctx *, struct an_db *, struct an_check_result *);
int an_check_consent(const struct an_ctx *, struct an_db *, struct an_check_result *);
int an_check_contract_documents(const struct an_ctx *, struct an_db *, struct an_check_result *);
int an_check_pd_requests(const struct an_ctx *, struct an_db *, struct an_check_result *);
int an_check_deletions(const struct an_ctx *, struct an_db *, struct an_check_result *);
int an_check_breach_notified(const struct an_ctx *, struct an_db *, struct an_check_result *);
int an_check_breach_published(const struct an_ctx *, struct an_db *, struct an_check_result *);
int an_check_breach_reported(const struct an_ctx *, struct an_db *, struct an_check_result *);
/* checks_more.c */
int an_check_complaints(const struct an_ctx *, struct an_db *, struct an_check_result *);
int an_check_notice_periods(const struct an_ctx *, struct an_db *, struct an_check_result *);
int an_check_maintenance_notice(const struct an_ctx *, struct an_db *, struct an_check_result *);
int an_check_support_channels(const struct an_ctx *, struct an_db *, struct an_check_result *);
int an_check_support_history(const struct an_ctx *, struct an_db *, struct an_check_result *);
int an_check_withdrawal(const struct an_ctx *, struct an_db *, struct an_check_result *);
int an_check_security_advice(const struct an_ctx *, struct an_db *, struct an_check_result *);
int an_check_virus_news(const struct an_ctx *, struct an_db *, struct an_check_result *);
int an_check_security_news(const struct an_ctx *, struct an_db *, struct an_check_result *);

#endif
