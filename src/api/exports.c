/* A tenant's data export (issue 14): asked for, followed, linked once and downloaded. */
#include <stdio.h>
#include <stdlib.h>

#include "api/api.h"
#include "api/kinds.h"
#include "lifecycle/export.h"

AN_API_HANDLER(an_api_export_create, an_api_get, an_export_request, 202, NULL)

AN_API_HANDLER(an_api_export_list, an_api_fill, an_export_list)

AN_API_HANDLER(an_api_export_get, an_api_id_get, an_export_get, 200, NULL)

AN_API_HANDLER(an_api_export_link, an_api_id_get, an_export_link, 200, NULL)

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
