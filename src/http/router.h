/* The route table is data: method, path pattern, who may call it, and the handler. The server
 * authenticates and authorises from the row before the handler runs. */
#ifndef AN_HTTP_ROUTER_H
#define AN_HTTP_ROUTER_H
#include <stddef.h>

#include "http/json_in.h"
#include "http/reply.h"
#include "http/request.h"
#include "identity/roles.h"

typedef an_ret (*an_handler)(struct an_request *r);

enum an_route_auth {
  AN_AUTH_PUBLIC,  /* anyone */
  AN_AUTH_SESSION, /* a logged-in subject; the row's permission is checked too */
};

enum an_route_flags {
  AN_RF_NONE = 0,
  AN_RF_PW_CHANGE_OK = 1u << 0, /* reachable while a password change is pending */
  AN_RF_NO_DB = 1u << 1,        /* answers without the database (liveness, metrics) */
  AN_RF_MFA_OK = 1u << 2,       /* reachable while the session awaits its second factor */
  AN_RF_ENROL_OK = 1u << 3,     /* reachable while a required second factor is not set up */
  AN_RF_REAUTH = 1u << 4,       /* a credential change: needs a recent authentication (M5) */
};

struct an_route {
  const char *method;
  const char *pattern; /* "/api/v1/staff/{id}": a {name} matches one path segment */
  enum an_route_auth auth;
  enum an_perm perm;
  unsigned flags;
  an_handler handler;
  /* The body, decoded into r->in before the handler runs (http/json_in.h); left out (NULL) when
   * the handler reads its body itself or has none. */
  const struct an_jbody *body;
};

enum an_match { AN_MATCH_FOUND, AN_MATCH_NO_PATH, AN_MATCH_NO_METHOD };

/* Finds the row for method and path in table (n rows), filling r->params, r->route and
 * r->route_index. When the path matches but not the method, writes the allowed methods
 * ("GET, POST") into allow. */
enum an_match an_route_find(const struct an_route *table, size_t n, const char *method,
                            const char *path, struct an_request *r, char *allow, size_t allowlen);

#endif
