/* Operator staff roles and what each may do. Permissions are checked by the router before a
 * handler runs (the route table names the permission). */
#ifndef AN_IDENTITY_ROLES_H
#define AN_IDENTITY_ROLES_H
#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/ctx.h"

enum an_perm {
  AN_PERM_NONE = 0,       /* any authenticated subject */
  AN_PERM_STAFF_READ,     /* list operator staff */
  AN_PERM_STAFF_MANAGE,   /* create operator staff */
  AN_PERM_AUDIT_READ,     /* read the audit log: operators all of it, tenant admins their own */
  AN_PERM_TENANT_READ,    /* operator: find and read tenants */
  AN_PERM_TENANT_MANAGE,  /* operator: create, suspend and reinstate tenants */
  AN_PERM_USERS_READ,     /* tenant admin: list the tenant's users */
  AN_PERM_USERS_MANAGE,   /* tenant admin: register, suspend and delete the tenant's users */
  AN_PERM_MAIL_READ,      /* operator: read the e-mail outbox and its delivery record */
  AN_PERM_DATA_DOWNLOAD,  /* download data as files (CSV); no one's by default but admins' */
  AN_PERM_TOKENS_MANAGE,  /* create, list and revoke API tokens */
  AN_PERM_MARKET_READ,    /* operator: applications, shops, change requests, reports, hand-overs */
  AN_PERM_MARKET_MANAGE,  /* operator: shops, services, documents, approvals, suspension */
  AN_PERM_CONTRACTS_READ, /* contracts: operators all, tenant admins their own, shops theirs */
  AN_PERM_CONTRACTS_MANAGE, /* tenant admin: change requests and cancellation */
  AN_PERM_SHOP_API,         /* a shop's token only: entitlements, customers, webhooks */
  /* identity and access (issue 11) */
  AN_PERM_SUPPORT_RESET,  /* operator: force a tenant user's password reset (SLA-30) */
  AN_PERM_ACCOUNT_REVIEW, /* the account review: tenant admins theirs, operator admins the staff */
  /* support desk (issue 13) */
  AN_PERM_TICKETS,           /* file and follow support tickets: a tenant its own, a shop those
                                routed to it, the operator's support staff all */
  AN_PERM_TICKETS_MANAGE,    /* operator: answer, assign, route and close tickets */
  AN_PERM_LAWFUL_DISCLOSURE, /* operator admins: the lawful-disclosure register (WP-21) */
  /* operations and service levels */
  AN_PERM_OPS_READ,   /* operator: incidents, their queue and yearly figures */
  AN_PERM_OPS_MANAGE, /* operator: incidents, maintenance windows, announcements */
  AN_PERM_SLA_READ,   /* measured availability: operators all, tenant admins their services */
  /* data protection and lifecycle (issue 14) */
  AN_PERM_TENANT_ERASE, /* operator admin: ask for and approve a whole-company deletion */
  /* receivables (issue 17) */
  AN_PERM_BILLING_READ,   /* invoices and balances: operators all, tenant admins and shops theirs */
  AN_PERM_BILLING_MANAGE, /* operator: issue invoices and credit notes, import and record payments
                           */
  /* live compliance checks (issue 16) */
  AN_PERM_COMPLIANCE_READ,   /* operator: requirement statuses, evidence, history, attestations */
  AN_PERM_COMPLIANCE_MANAGE, /* operator admin: evaluate now, record and revoke attestations */
  AN_PERM__COUNT
};

/* One row of the permission catalogue: one per menu or function (WP-7, SLA-19). */
struct an_perm_info {
  enum an_perm perm;
  const char *key;  /* "users.manage" */
  unsigned holders; /* the roles that hold it */
  const char *ja;
  const char *en;
};

/* The catalogue, in enum order (AN_PERM_NONE excluded); *n gets its length. */
const struct an_perm_info *an_perm_catalogue(size_t *n);

/* The roles operator staff may hold, and those tenant users may hold. */
#define AN_ROLES_STAFF (AN_ROLE_ADMIN | AN_ROLE_SUPPORT | AN_ROLE_AUDITOR | AN_ROLE_SHOP)
#define AN_ROLES_TENANT (AN_ROLE_TENANT_ADMIN | AN_ROLE_MEMBER)

/* Parses "admin,support" into role bits. Returns false on an unknown or empty role list. */
bool an_roles_parse(const char *csv, unsigned *out);
/* The role bits of a JSON array of role names (each read as an_roles_parse reads it). False for
 * an unknown name or none at all. */
bool an_roles_parse_array(const json_t *names, unsigned *out);
/* Writes role bits as "admin,support" into out. */
void an_roles_format(unsigned roles, char *out, size_t outlen);
/* The roles of a "admin,support" list as a JSON array of names (empty when unreadable). */
json_t *an_roles_json(const char *csv);
/* Role name for a single bit, NULL for none. */
const char *an_role_name(unsigned bit);
/* The permissions (bit n = enum an_perm n) a subject of kind (AN_SUBJECT_STAFF or
 * AN_SUBJECT_USER) with these role bits holds; roles of the other kind count for nothing. */
uint64_t an_perm_bits_of_roles(enum an_subject kind, unsigned roles);
/* True when ctx's subject holds perm. */
bool an_perm_allows(const struct an_ctx *ctx, enum an_perm perm);

/* Custom roles (CHK-13, WP-7, WP-8). */
/* The catalogue row of a permission key, NULL when there is none. */
const struct an_perm_info *an_perm_by_key(const char *key);
/* True when a tenant may put perm in a role of its own: a permission a tenant role can hold. */
bool an_perm_tenant_grantable(enum an_perm perm);
/* True for the privileged permissions (user management and policies, downloads, tokens): their
 * grant is audited as its own event. */
bool an_perm_privileged(enum an_perm perm);
/* The keys of permission bits as a JSON array, in catalogue order. */
json_t *an_perm_keys_json(uint64_t bits);
/* The same array as a new reference to a shared copy that nobody may change (a cache of recent
 * permission sets): for replies built on every request, such as GET /api/v1/me. Thread-safe. */
json_t *an_perm_keys_json_shared(uint64_t bits);
/* The tenant-grantable permissions named in a comma-separated key list (unknown keys count for
 * nothing), as bits. */
uint64_t an_perm_bits_of_keys(const char *csv);

#endif
