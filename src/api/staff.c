#include <stdlib.h>
#include <string.h>

#include "api/api.h"
#include "api/bodies.h"
#include "api/kinds.h"
#include "crypto/token.h"
#include "http/json_in.h"
#include "identity/reads.h"
#include "identity/roles.h"
#include "identity/staff.h"
#include "market/reads.h"

an_ret an_api_staff_list(struct an_request *r)
{
  long limit, offset;
  AN_API_OR_RETURN(an_api_paging_or_reply, r, &limit, &offset);
  json_t *items = json_array();
  int listed = an_staff_list(&r->ctx, r->db, limit, offset, an_staff_append, items);
  return an_reply_items(r, listed, items);
}

AN_API_ROW_GET(an_api_staff_get, struct an_staff, an_staff_get, an_staff_json, "staff")

an_ret an_api_staff_create(struct an_request *r)
{
  const struct an_in_staff *b = r->in;
  const char *login = b->login, *email = b->email;
  json_int_t shop = b->shop_id;
  unsigned bits;
  if (!an_staff_login_valid(login) || !an_roles_parse_array(b->roles, &bits)) {
    json_t *errs = json_array();
    if (!an_staff_login_valid(login))
      json_array_append_new(
          errs, json_pack("{s:s, s:s}", "field", "login", "detail",
                          an_req_text(r, "半角英数字と . _ - の3〜64文字で入力してください。",
                                      "Use 3 to 64 of A-Z a-z 0-9 . _ -")));
    else
      json_array_append_new(
          errs,
          json_pack(
              "{s:s, s:s}", "field", "roles", "detail",
              an_req_text(r,
                          "admin・support・auditor から選ぶか、shop（shop_id "
                          "と共に単独で）を指定してください。",
                          "Choose from admin, support, auditor, or shop alone with a shop_id.")));
    return an_reply_problem(r, AN_EC_GENERIC_INVALID_FIELD, NULL, errs);
  }
  if (shop) { /* a shop's staff belong to a shop that exists */
    json_t *sh = NULL;
    int rc = an_shop_find(&r->ctx, r->db, shop, &sh);
    json_decref(sh);
    if (rc < 0)
      return an_reply_problem(r, AN_EC_GENERIC_INTERNAL, NULL, NULL);
    if (rc == 0)
      return an_api_field_text(r, AN_EC_GENERIC_INVALID_FIELD, "shop_id",
                               "指定されたショップはありません。", "No such shop.");
  }
  struct an_mail_outcome mail = {0};
  struct an_staff_new in = {.login = login,
                            .display_name = b->display_name,
                            .roles = bits,
                            .shop_id = shop,
                            .email = email,
                            .mail = &mail};
  struct an_staff s;
  char pw[25] = "";
  json_t *perr = NULL;
  enum an_ec ec = an_staff_create(&r->ctx, r->db, &in, &s, pw, &perr);
  json_decref(perr);
  if (ec != AN_EC_OK)
    return an_reply_problem(r, ec, NULL, NULL);
  /* With an address the account's owner sets the password from the mailed link; the one-time
   * password stays for accounts without one (handed over in person). */
  json_t *body =
      json_pack("{s:o, s:o}", "staff", an_staff_json(&s), "mail", an_mail_outcome_json(&mail));
  if (!email || !email[0]) /* no address, no link: the password is handed over in person */
    json_object_set_new(body, "initial_password", json_string(pw));
  an_wipe(pw, sizeof pw);
  return an_reply_json(r, 201, body);
}
