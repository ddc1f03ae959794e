/* The one context every request (and every command-line action) carries through the layers:
 * who acts, for which tenant, from where, and when. Domain code reads it; it never sees HTTP. */
#ifndef AN_CORE_CTX_H
#define AN_CORE_CTX_H
#include <stdbool.h>
#include <stdint.h>

struct an_config;
struct an_keys;

enum an_subject {
  AN_SUBJECT_NONE,
  AN_SUBJECT_STAFF,
  AN_SUBJECT_USER,
  AN_SUBJECT_SYSTEM,
  AN_SUBJECT_TOKEN, /* a machine client with an API token: only its permissions */
};

/* Roles, as bits: operator staff roles and tenant users' roles never mix. */
enum an_role {
  AN_ROLE_ADMIN = 1u << 0,
  AN_ROLE_SUPPORT = 1u << 1,
  AN_ROLE_AUDITOR = 1u << 2,
  AN_ROLE_SHOP = 1u << 3, /* a shop's staff: their shop's services, contracts and customers */
  /* Tenant users' built-in roles. */
  AN_ROLE_TENANT_ADMIN = 1u << 8,
  AN_ROLE_MEMBER = 1u << 9,
};

/* Whose data a caller may see, resolved once per request (http/dispatch.c, after authentication)
 * and never rebuilt by handlers or domain code. */
enum an_scope_kind {
  AN_SCOPE_PUBLIC,   /* no one signed in (or a subject with neither tenant nor shop): nothing */
  AN_SCOPE_OPERATOR, /* the operator's own staff (and their tokens, the system): every tenant */
  AN_SCOPE_TENANT,   /* a tenant's users and tokens: that tenant's data only */
  AN_SCOPE_SHOP,     /* a shop's staff and tokens: that shop's services, contracts, customers */
};

struct an_scope {
  enum an_scope_kind kind;
  int64_t id; /* the tenant's or the shop's id (> 0); 0 for operator and public */
};

struct an_ctx {
  const struct an_config *cfg;
  const struct an_keys *keys;
  char request_id[40];
  int64_t now; /* microseconds, UTC; fixed for the whole request */
  char client_ip[64];
  const char *basic_user; /* the request's Basic credentials (a tenant's gate), NULL if none */
  const char *basic_password;
  enum an_subject subject;
  int64_t subject_id; /* staff or user id */
  int64_t tenant_id;  /* 0 for operator staff and anonymous requests */
  int64_t shop_id;    /* a shop's token: its shop (0 otherwise) */
  int64_t session_id;
  unsigned roles;       /* enum an_role bits for staff */
  uint64_t token_perms; /* bit n = enum an_perm n, for AN_SUBJECT_TOKEN */
  bool must_change_password;
  bool mfa_pending;       /* the session still awaits its second factor */
  bool mfa_enrolment_due; /* a required second factor is not set up yet */
  char actor[128];        /* login shown in the audit log */
  struct an_scope scope;  /* set by an_scope_resolve; public until then */
  /* identity and access (issue 11) */
  uint64_t role_perms; /* a tenant user's custom roles: bit n = enum an_perm n (CHK-13) */
  unsigned audit_off; /* optional audit classes the user's tenant does not collect (AN_AUDIT_CLASS_*
                         bits, audit/audit.h) */
  const char *access_reason; /* the reason operator staff stated for opening a tenant's personal
                                data (X-Access-Reason, UTF-8), NULL if none (WP-18, SLA-29) */
  const char *client_cert;   /* the PEM certificate chain the client presented, through native TLS
                                or a trusted proxy's header; NULL if none (SLA-22) */
};

/* The argument of a transaction body that changes one row by its id (a revocation, a
 * withdrawal ...): the caller's context, the id, and whether the row was there (the body sets it).
 */
struct an_ctx_row {
  const struct an_ctx *ctx;
  int64_t id;
  bool found;
};

/* The argument of a transaction body that works from one JSON document (a record to insert, an
 * announcement to mail, a mail's variables): the caller's context and the document. */
struct an_ctx_doc {
  const struct an_ctx *ctx;
  struct json_t *doc;
};

/* True for the operator's own staff (not a shop's staff): who sees every tenant. */
bool an_ctx_is_operator(const struct an_ctx *ctx);

/* The scope of ctx's subject: a shop's staff or token -> shop; a tenant's user or token ->
 * tenant; the operator's staff, a token of the operator (no tenant, no shop) and the system ->
 * operator; anyone else -> public. Also stores it in ctx->scope. */
struct an_scope an_scope_resolve(struct an_ctx *ctx);
/* The tenant id when ctx's scope is a tenant, else 0. */
int64_t an_scope_tenant(const struct an_ctx *ctx);
/* The shop id when ctx's scope is a shop, else 0. */
int64_t an_scope_shop(const struct an_ctx *ctx);
/* True when ctx's scope is the operator's. */
bool an_scope_is_operator(const struct an_ctx *ctx);

/* Fills ctx (zeroed first) for work the server does by itself, a background job's round: the
 * system subject named actor in the audit log, client "local", request_id, the time now and the
 * operator's scope. Nothing to release: the context owns no memory. */
void an_ctx_system(struct an_ctx *ctx, const struct an_config *cfg, const struct an_keys *keys,
                   const char *actor, const char *request_id);

/* Returns the audit log's name for the subject kind ("staff", "user", "system", "anonymous"). */
const char *an_subject_name(enum an_subject s);

#endif
