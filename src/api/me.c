#include <stdlib.h>

#include "api/api.h"
#include "api/bodies.h"
#include "api/kinds.h"
#include "core/config.h"
#include "core/time.h"
#include "http/json_in.h"
#include "identity/auth.h"
#include "identity/reads.h"
#include "identity/session_rules.h"

an_ret an_api_me(struct an_request *r)
{
  json_t *me =
      an_principal_me_json(&r->who, &r->session, an_session_idle_seconds(r->ctx.cfg, &r->who),
                           an_session_max_seconds(r->ctx.cfg, &r->who));
  json_object_set_new(me, "mfa_enrolment_required", json_boolean(r->ctx.mfa_enrolment_due));
  return an_reply_json(r, 200, me);
}

an_ret an_api_me_password(struct an_request *r)
{
  const struct an_in_me *in = r->in;
  json_t *errs = NULL;
  long retry = 0;
  enum an_ec ec = an_auth_change_password(&r->ctx, r->db, in->current_password, in->new_password,
                                          an_auth_recent(&r->ctx, &r->session), &retry, &errs);
  if (ec == AN_EC_AUTH_LOCKED)
    return an_api_reply_locked(r, retry);
  if (ec == AN_EC_AUTH_PASSWORD_POLICY) {
    json_t *list = an_localize_errors(r, errs);
    return an_reply_problem(r, ec, NULL, list);
  }
  json_decref(errs);
  return an_api_answer(r, ec, 204, NULL, NULL);
}

static void add_session(void *cls, const struct an_session *s)
{
  struct {
    json_t *items;
    int64_t current;
  } *l = cls;
  char created[40], seen[40], expires[40];
  an_time_format_utc(s->created_at, created, sizeof created);
  an_time_format_utc(s->last_seen_at, seen, sizeof seen);
  an_time_format_utc(s->expires_at, expires, sizeof expires);
  json_array_append_new(l->items,
                        json_pack("{s:I, s:s, s:s, s:s, s:s, s:s, s:b}", "id", (json_int_t)s->id,
                                  "client_ip", s->client_ip, "user_agent", s->user_agent,
                                  "created_at", created, "last_seen_at", seen, "expires_at",
                                  expires, "current", s->id == l->current));
}

an_ret an_api_me_sessions(struct an_request *r)
{
  struct {
    json_t *items;
    int64_t current;
  } l = {json_array(), r->ctx.session_id};
  if (an_session_list_own(&r->ctx, r->db, r->session.subject_kind, add_session, &l) < 0) {
    json_decref(l.items);
    return an_reply_problem(r, AN_EC_GENERIC_INTERNAL, NULL, NULL);
  }
  return an_reply_json(r, 200, json_pack("{s:o}", "items", l.items));
}

AN_API_HANDLER(an_api_me_session_end, an_api_id_do, an_auth_end_own_session)
