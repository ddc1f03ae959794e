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
  /* data protection and lifecycle (issue 14) */
  AN_PERM_TENANT_ERASE, /* operator admin: ask for and approve a whole-company deletion */
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

#endif
