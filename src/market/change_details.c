#include "market/change_details.h"

#include <jansson.h>

#include "core/log.h"

#define T struct an_change_details
static const struct an_field CHANGE_DETAILS_FIELDS[] = {
    AN_FIELD(T, name, AN_F_TEXT, true),
    AN_FIELD(T, address, AN_F_TEXT, true),
    AN_FIELD(T, phone, AN_F_TEXT, true),
    AN_FIELD(T, responsible_name, AN_F_TEXT, true),
    AN_FIELD(T, responsible_email, AN_F_TEXT, true),
    AN_FIELD(T, from_plan_id, AN_F_INT, true),
};
const struct an_spec an_change_details_spec = AN_SPEC(T, CHANGE_DETAILS_FIELDS, nulls);
#undef T

bool an_change_details_parse(const char *text, struct an_change_details *d)
{
  json_t *o = json_loads(text ? text : "", 0, NULL);
  bool ok = an_spec_from_json(&an_change_details_spec, o, d);
  json_decref(o);
  if (!ok)
    an_log_bug("change request details unreadable", json_pack("{s:s?}", "details", text));
  return ok;
}
