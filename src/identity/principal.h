/* Who a session belongs to: operator staff or a tenant user, in one shape for login, session
 * resolution and /me. */
#ifndef AN_IDENTITY_PRINCIPAL_H
#define AN_IDENTITY_PRINCIPAL_H
#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "core/ctx.h"
#include "store/db.h"
#include "store/policies.h"
#include "store/sessions.h"
#include "store/staff.h"
#include "store/tenants.h"
#include "store/users.h"

struct an_principal {
  enum an_subject kind;  /* AN_SUBJECT_STAFF or AN_SUBJECT_USER */
  struct an_staff staff; /* when kind is STAFF */
  struct an_user user;   /* when kind is USER */
  struct an_tenant tenant;
  struct an_tenant_policy policy; /* the tenant's, when kind is USER and loaded at login */
};

/* The principal's id, login, roles text, password hash, must-change flag and status. */
int64_t an_principal_id(const struct an_principal *p);
const char *an_principal_login(const struct an_principal *p);
const char *an_principal_roles(const struct an_principal *p);
const char *an_principal_hash(const struct an_principal *p);
bool an_principal_must_change(const struct an_principal *p);
const char *an_principal_status(const struct an_principal *p);

/* Loads the principal of a session (subject kind, id and tenant from s). Returns 1, 0 when it no
 * longer exists, or an error. */
int an_principal_load(struct an_db *db, const struct an_session *s, struct an_principal *out);

/* Fills ctx's subject fields from p. */
void an_principal_to_ctx(const struct an_principal *p, struct an_ctx *ctx);

/* The body of GET /api/v1/me: the principal with its tenant and session, whose idle timeout and
 * absolute lifetime (0 = none) are given in seconds (identity/session_rules.h). */
json_t *an_principal_me_json(const struct an_principal *p, const struct an_session *s,
                             long idle_seconds, long max_seconds);

/* Records an event about p's own account (a login, a lockout): action with outcome on target
 * "staff:N" or "user:N", by p's login, in a user's tenant's log, with details (taken over; NULL
 * for {}). In the transaction under way on db, else in one of its own. Returns 1 or an error. */
int an_principal_audit(const struct an_ctx *ctx, struct an_db *db, const struct an_principal *p,
                       const char *action, const char *outcome, json_t *details);

#endif
