/* The tenant's optional audit event classes, and the screen-open events of its users (WP-18). */
#include "identity/event_classes.h"
#include "api/api.h"
#include "api/kinds.h"
#include "http/json_in.h"

an_ret an_api_event_classes_get(struct an_request *r)
{
  return an_reply_json(r, 200, an_event_classes_json(&r->who.tenant));
}

an_ret an_api_event_classes_put(struct an_request *r)
{
  bool screen = false, read = false, download = false;
  const struct an_jfield f[] = {
      {"screen", AN_J_BOOL, true, 0, 0, &screen},
      {"read", AN_J_BOOL, true, 0, 0, &read},
      {"download", AN_J_BOOL, true, 0, 0, &download},
  };
  AN_API_BODY_OR_RETURN(r, f);
  enum an_ec ec = an_event_classes_set(&r->ctx, r->db, screen, read, download);
  return an_api_answer(
      r, ec, 200, NULL,
      json_pack("{s:b, s:b, s:b}", "screen", screen, "read", read, "download", download));
}

an_ret an_api_screen_open(struct an_request *r)
{
  const char *page = NULL;
  const struct an_jfield f[] = {{"page", AN_J_STRING, true, 1, 200, &page}};
  AN_API_BODY_OR_RETURN(r, f);
  enum an_ec ec = an_screen_open(&r->ctx, r->db, page);
  return an_api_answer(r, ec, 204, NULL, NULL);
}
