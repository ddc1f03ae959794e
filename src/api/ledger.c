#include "api/api.h"
#include "identity/reads.h"
#include "identity/roles.h"
#include "identity/users.h"

/* The account ledger (SLA-19): every user of the session's tenant with its roles, and what each
 * role allows, from the same catalogue the router enforces. */
static json_t *perms_of(const struct an_request *r, unsigned roles)
{
  size_t n;
  const struct an_perm_info *cat = an_perm_catalogue(&n);
  json_t *out = json_array();
  for (size_t i = 0; i < n; i++)
    if (cat[i].holders & roles)
      json_array_append_new(out, json_pack("{s:s, s:s}", "key", cat[i].key, "label",
                                           an_req_text(r, cat[i].ja, cat[i].en)));
  return out;
}

struct ledger {
  const struct an_request *r;
  json_t *users;
};

static void add_user(void *cls, const struct an_user *u)
{
  struct ledger *l = cls;
  unsigned roles = 0;
  an_roles_parse(u->roles, &roles);
  /* Built-in roles and custom roles alike (CHK-13): what the user may do now. */
  json_t *keys = an_perm_keys_json(an_perm_bits_of_roles(AN_SUBJECT_USER, roles) |
                                   an_perm_bits_of_keys(u->role_perms));
  json_t *o = an_user_json(u);
  json_object_set_new(o, "permissions", keys);
  json_array_append_new(l->users, o);
}

an_ret an_api_account_ledger(struct an_request *r)
{
  json_t *roles = json_array();
  const unsigned tenant_roles[] = {AN_ROLE_TENANT_ADMIN, AN_ROLE_MEMBER};
  for (size_t i = 0; i < 2; i++)
    json_array_append_new(roles, json_pack("{s:s, s:o}", "role", an_role_name(tenant_roles[i]),
                                           "permissions", perms_of(r, tenant_roles[i])));
  struct ledger l = {r, json_array()};
  if (an_user_list(&r->ctx, r->db, 500, 0, add_user, &l) < 0) {
    json_decref(roles);
    json_decref(l.users);
    return an_reply_problem(r, AN_EC_GENERIC_INTERNAL, NULL, NULL);
  }
  return an_reply_json(r, 200, json_pack("{s:o, s:o}", "roles", roles, "users", l.users));
}
