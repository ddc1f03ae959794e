#include <string.h>

#include "api/api.h"
#include "api/kinds.h"
#include "audit/audit.h"
#include "core/buf.h"
#include "core/latency.h"
#include "crypto/token.h"
#include "http/metrics.h"
#include "http/router.h"
#include "store/db.h"

extern const char an_openapi_json[];
extern const size_t an_openapi_json_len;

an_ret an_api_healthz(struct an_request *r)
{
  return an_reply_json(r, 200, json_pack("{s:s, s:s}", "status", "ok", "version", ANSHIN_VERSION));
}

an_ret an_api_readyz(struct an_request *r)
{
  if (an_db_ping(r->db) < 0)
    return an_api_problem_text(r, AN_EC_GENERIC_UNAVAILABLE, "データベースに接続できません。",
                               "The database does not answer.");
  return an_reply_json(r, 200,
                       json_pack("{s:s, s:s, s:s}", "status", "ready", "database", "ok", "driver",
                                 an_db_driver(r->db)));
}

static const char *route_label(int i, const char **method)
{
  *method = an_routes[i].method;
  return an_routes[i].pattern;
}

/* /metrics exists only when [server] metrics_token is set, and answers only to that bearer
 * token (I1): its counts per route are not for everyone. */
an_ret an_api_metrics(struct an_request *r)
{
  const char *token = r->ctx.cfg->metrics_token;
  if (!token || !token[0])
    return an_reply_problem(r, AN_EC_GENERIC_NOT_FOUND, NULL, NULL);
  const char *bearer = an_req_bearer(r);
  if (!bearer || !an_ct_streq(bearer, token)) {
    static const char *const challenge[] = {"WWW-Authenticate", "Bearer realm=\"metrics\"", NULL,
                                            NULL};
    return an_reply_problem_h(r, AN_EC_AUTH_REQUIRED, NULL, NULL, challenge);
  }
  struct an_buf b = {0};
  an_metrics_render(&b, route_label);
  an_audit_metrics(&b);
  an_latency_render(&b); /* SLA-10, SLA-26: by class, since start */
  an_ret ret = an_reply_data(r, 200, "text/plain; version=0.0.4; charset=utf-8", b.data, b.len);
  an_buf_free(&b);
  return ret;
}

an_ret an_api_openapi(struct an_request *r)
{
  return an_reply_data(r, 200, "application/json; charset=utf-8", an_openapi_json,
                       an_openapi_json_len);
}
