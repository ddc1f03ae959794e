/* A tenant's data export (issue 14): asked for, followed, linked once and downloaded. */
#include <stdio.h>
#include <stdlib.h>

#include "api/api.h"
#include "lifecycle/export.h"

an_ret an_api_export_create(struct an_request *r)
{
  json_t *out = NULL;
  enum an_ec ec = an_export_request(&r->ctx, r->db, &out);
  if (ec != AN_EC_OK)
    return an_reply_problem(r, ec, NULL, NULL);
  return an_reply_json(r, 202, out);
}

an_ret an_api_export_list(struct an_request *r)
{
  json_t *items = json_array();
  enum an_ec ec = an_export_list(&r->ctx, r->db, items);
  if (ec != AN_EC_OK) {
    json_decref(items);
    return an_reply_problem(r, ec, NULL, NULL);
  }
  return an_reply_items(r, 0, items);
}

an_ret an_api_export_get(struct an_request *r)
{
  json_t *out = NULL;
  enum an_ec ec = an_export_get(&r->ctx, r->db, an_req_param_id(r, "id"), &out);
  if (ec != AN_EC_OK)
    return an_reply_problem(r, ec, NULL, NULL);
  return an_reply_json(r, 200, out);
}

an_ret an_api_export_link(struct an_request *r)
{
  json_t *out = NULL;
  enum an_ec ec = an_export_link(&r->ctx, r->db, an_req_param_id(r, "id"), &out);
  if (ec != AN_EC_OK)
    return an_reply_problem(r, ec, NULL, NULL);
  return an_reply_json(r, 200, out);
}

an_ret an_api_export_download(struct an_request *r)
{
  struct an_buf b = {0};
  char *name = NULL;
  const char *token = an_req_param(r, "token");
  enum an_ec ec = an_export_download(&r->ctx, r->db, token ? token : "", &b, &name);
  if (ec != AN_EC_OK) {
    an_buf_free(&b);
    return an_reply_problem(r, ec, NULL, NULL);
  }
  static const char *const headers[] = {"Cache-Control", "no-store", NULL, NULL};
  size_t len = b.len;
  an_ret ret = an_reply_attachment(r, "application/zip", name, an_buf_steal(&b), len, headers);
  free(name);
  return ret;
}
