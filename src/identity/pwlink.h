/* Single-use links to set a password (issue 10, item 1): new tenant admins, users and staff choose
 * their own password from a link mailed to them, so no password is ever written into a mail or
 * the outbox. A link is valid [identity] password_link_hours (default 72), is replaced by a newer
 * one, and is re-issued by an admin; issue, re-issue, use and expiry are audited. Only the
 * token's hash is stored. */
#ifndef AN_IDENTITY_PWLINK_H
#define AN_IDENTITY_PWLINK_H
#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "core/ctx.h"
#include "core/errors.h"
#include "store/db.h"

struct an_pwlink_issue {
  const char *kind;          /* "user" or "staff" */
  int64_t subject_id;        /* the user's or staff member's id */
  int64_t tenant_id;         /* the user's tenant; 0 for staff */
  const char *email;         /* where the link goes; "" or NULL = no mail (then no link either) */
  const char *lang;          /* the recipient's language */
  const char *template_name; /* the mail: it gets {{set_url}} and {{expires_at:datetime}} */
  json_t *vars;              /* the template's other values (borrowed; may be NULL) */
  bool reissue;              /* audited as password_link.reissue rather than .issue */
};

/* What a mail-sending action tells its caller: the queued message and whether it will go out. */
struct an_mail_outcome {
  int64_t mail_id; /* 0 = no mail (no address, or the address was refused) */
  bool relay;      /* a relay is configured: the mail is sent shortly; false: it waits */
};

/* Inside the caller's transaction: replaces the subject's open links by a new one and queues its
 * mail. Audits password_link.issue (or .reissue). Fills *out (may be NULL). Returns 1, or an
 * AN_DB_* error. An address the mailer refuses issues nothing and returns 1 with mail_id 0. */
int an_pwlink_issue_txn(const struct an_ctx *ctx, struct an_db *db,
                        const struct an_pwlink_issue *in, struct an_mail_outcome *out);

/* The outcome as JSON for a response: {"id", "status": "queued" | "held" | "none"}: "held" when
 * no relay is configured (the mail waits in the outbox). */
json_t *an_mail_outcome_json(const struct an_mail_outcome *m);

/* An admin re-issues a link for a user of ctx's tenant (its address) or a staff account (its
 * address). Returns AN_EC_OK, AN_EC_GENERIC_NOT_FOUND, AN_EC_PASSWORD_LINK_NO_ADDRESS or
 * AN_EC_GENERIC_INTERNAL. */
enum an_ec an_pwlink_reissue_user(const struct an_ctx *ctx, struct an_db *db, int64_t id,
                                  struct an_mail_outcome *out);
/* The operator re-issues a link for an admin (role tenant_admin) of a tenant, found by login: a
 * new contractor's first admin whose welcome link expired. Same results as above. */
enum an_ec an_pwlink_reissue_tenant_admin(const struct an_ctx *ctx, struct an_db *db,
                                          int64_t tenant_id, const char *login,
                                          struct an_mail_outcome *out);
enum an_ec an_pwlink_reissue_staff(const struct an_ctx *ctx, struct an_db *db, int64_t id,
                                   struct an_mail_outcome *out);

/* Appends the audit event action of a password link for subject kind:id ("user"/"staff") of
 * tenant_id (0 for staff), target "kind:id", with outcome and details (borrowed). Returns what
 * an_audit_append returns. */
int an_pwlink_audit(const struct an_ctx *ctx, struct an_db *db, const char *action,
                    const char *kind, int64_t id, int64_t tenant_id, const char *outcome,
                    json_t *details);

#endif
