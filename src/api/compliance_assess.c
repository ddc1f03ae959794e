/* The live assessment of the four checklists for the operator (issue 16 items 4, 5): catalogs
 * with their roll-up and the safety-mark verdict, one catalog with its items and evidence, its
 * answer sheet as CSV, and the automatic checks as NIST OSCAL. */
#include <stdio.h>
#include <string.h>

#include "api/api.h"
#include "api/kinds.h"
#include "compliance/assess.h"
#include "compliance/report_pdf.h"
#include "core/buf.h"

AN_API_HANDLER(an_api_compliance_catalogs, an_api_lang_get, an_assess_catalogs, 200, NULL)

an_ret an_api_compliance_catalog(struct an_request *r)
{
  json_t *out = NULL;
  enum an_ec ec = an_assess_catalog(&r->ctx, r->db, an_req_param(r, "id"), r->lang, &out);
  return an_api_answer(r, ec, 200, NULL, out);
}

an_ret an_api_compliance_catalog_csv(struct an_request *r)
{
  const char *id = an_req_param(r, "id");
  struct an_buf b = {0};
  enum an_ec ec = an_assess_csv(&r->ctx, r->db, id, r->lang, &b);
  char name[64];
  snprintf(name, sizeof name, "%.40s.csv", id);
  return an_api_download(r, ec, &b, "text/csv; charset=utf-8", name);
}

an_ret an_api_compliance_oscal(struct an_request *r)
{
  json_t *out = NULL;
  enum an_ec ec = an_assess_oscal(&r->ctx, r->db, &out);
  return an_api_answer(r, ec, 200, NULL, out);
}

/* GET /api/v1/trust: public; {"published": false} unless the operator turned the page on. */
an_ret an_api_trust(struct an_request *r)
{
  json_t *out = NULL;
  enum an_ec ec = an_assess_trust(&r->ctx, r->db, &out);
  return an_api_answer(r, ec, 200, NULL, out);
}

/* GET /api/v1/compliance/report.pdf: the printable self-assessment report (issue 16 item 5). */
an_ret an_api_compliance_report_pdf(struct an_request *r)
{
  struct an_buf b = {0};
  enum an_ec ec = an_assess_report_pdf(&r->ctx, r->db, r->lang, &b);
  return an_api_download(r, ec, &b, "application/pdf", "self-assessment-report.pdf");
}
