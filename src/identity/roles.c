#include "identity/roles.h"

#include <stdio.h>
#include <string.h>

static const struct {
  unsigned bit;
  const char *name;
} roles[] = {
    {AN_ROLE_ADMIN, "admin"},
    {AN_ROLE_SUPPORT, "support"},
    {AN_ROLE_AUDITOR, "auditor"},
    {AN_ROLE_TENANT_ADMIN, "tenant_admin"},
    {AN_ROLE_MEMBER, "member"},
};
#define NROLES (sizeof roles / sizeof roles[0])

/* Which staff roles hold each permission (least privilege: auditors read, admins manage). */
static unsigned holders(enum an_perm perm)
{
  switch (perm) {
  case AN_PERM_NONE:
    return ~0u;
  case AN_PERM_STAFF_READ:
    return AN_ROLE_ADMIN | AN_ROLE_AUDITOR;
  case AN_PERM_STAFF_MANAGE:
    return AN_ROLE_ADMIN;
  case AN_PERM_AUDIT_READ: /* a tenant admin reads only the tenant's own events */
    return AN_ROLE_ADMIN | AN_ROLE_AUDITOR | AN_ROLE_TENANT_ADMIN;
  case AN_PERM_TENANT_READ:
    return AN_ROLE_ADMIN | AN_ROLE_SUPPORT | AN_ROLE_AUDITOR;
  case AN_PERM_TENANT_MANAGE:
    return AN_ROLE_ADMIN;
  case AN_PERM_USERS_READ:
  case AN_PERM_USERS_MANAGE:
    return AN_ROLE_TENANT_ADMIN;
  case AN_PERM_MAIL_READ: /* support answers "I got no mail"; mail may hold sign-in codes */
    return AN_ROLE_ADMIN | AN_ROLE_SUPPORT;
  }
  return 0;
}

const char *an_role_name(unsigned bit)
{
  for (size_t i = 0; i < NROLES; i++)
    if (roles[i].bit == bit)
      return roles[i].name;
  return NULL;
}

bool an_roles_parse(const char *csv, unsigned *out)
{
  *out = 0;
  const char *p = csv;
  while (p && *p) {
    const char *comma = strchr(p, ',');
    size_t len = comma ? (size_t)(comma - p) : strlen(p);
    bool found = false;
    for (size_t i = 0; i < NROLES; i++)
      if (strlen(roles[i].name) == len && strncmp(roles[i].name, p, len) == 0) {
        *out |= roles[i].bit;
        found = true;
      }
    if (!found)
      return false;
    p = comma ? comma + 1 : NULL;
  }
  return *out != 0;
}

void an_roles_format(unsigned bits, char *out, size_t outlen)
{
  size_t used = 0;
  out[0] = '\0';
  for (size_t i = 0; i < NROLES; i++)
    if (bits & roles[i].bit) {
      int n = snprintf(out + used, outlen - used, "%s%s", used ? "," : "", roles[i].name);
      if (n < 0 || (size_t)n >= outlen - used)
        return;
      used += (size_t)n;
    }
}

bool an_perm_allows(const struct an_ctx *ctx, enum an_perm perm)
{
  if (ctx->subject == AN_SUBJECT_NONE)
    return false;
  if (perm == AN_PERM_NONE)
    return true;
  /* A subject's roles are masked by its kind, so a tenant user can never hold an operator role
   * (nor staff a tenant role) whatever the database says. */
  unsigned mine = ctx->subject == AN_SUBJECT_STAFF  ? (ctx->roles & AN_ROLES_STAFF)
                  : ctx->subject == AN_SUBJECT_USER ? (ctx->roles & AN_ROLES_TENANT)
                                                    : 0;
  return (mine & holders(perm)) != 0;
}
