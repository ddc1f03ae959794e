/* Whole-company deletion with two-person approval and the deletion certificates (issue 14). */
#include <stdlib.h>

#include "api/api.h"
#include "api/bodies.h"
#include "api/kinds.h"
#include "http/json_in.h"
#include "lifecycle/console.h"

AN_API_HANDLER(an_api_erasure_list, an_api_fill, an_erasure_list)

an_ret an_api_erasure_create(struct an_request *r)
{
  const struct an_in_erasures *in = r->in;
  json_t *out = NULL;
  enum an_ec ec = an_erasure_create(&r->ctx, r->db, in->company_code, in->reason, &out);
  return an_api_answer(r, ec, 201, NULL, out);
}

AN_API_HANDLER(an_api_erasure_approve, an_api_id_get, an_erasure_approve, 200, NULL)

AN_API_HANDLER(an_api_certificate_list, an_api_fill, an_certificate_list)

AN_API_HANDLER(an_api_certificate_get, an_api_id_get, an_certificate_get, 200, NULL)

an_ret an_api_certificate_pdf(struct an_request *r)
{
  struct an_buf b = {0};
  char *name = NULL;
  enum an_ec ec = an_certificate_pdf(&r->ctx, r->db, an_req_param_id(r, "id"), &b, &name);
  an_ret ret = an_api_download(r, ec, &b, "application/pdf", name);
  free(name);
  return ret;
}
