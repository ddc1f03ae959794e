/* A change request's stored details (change_requests.details, a JSON document) as a typed struct:
 * written by market/changes.c, read there when the change is applied and by the fee statement
 * (the plan a plan change left). Its own file so that readers need not include the workflow. */
#ifndef AN_MARKET_CHANGE_DETAILS_H
#define AN_MARKET_CHANGE_DETAILS_H
#include <stdbool.h>
#include <stdint.h>

#include "core/spec.h"

/* A change request's stored details (the change_requests.details JSON): the new contractor
 * details of a "details" request (only those given), the plan a "plan" request leaves. */
struct an_change_details {
  char *name;
  char *address;
  char *phone;
  char *responsible_name;
  char *responsible_email;
  int64_t from_plan_id;
  uint64_t nulls;
};
extern const struct an_spec an_change_details_spec;
/* Reads a stored details document into d (release with an_spec_clear). False (logged as a bug)
 * when it is not one. */
bool an_change_details_parse(const char *text, struct an_change_details *d);

#endif
