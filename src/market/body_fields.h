/* The bounds of the body fields that more than one market form carries: a creation form and the
 * patch that later edits the same field, or the contractor details an application, a change
 * request and an operator's edit all take. Spelled once so the limits cannot drift apart. Each
 * macro expands to comma-separated AN_FIELD_IN entries of struct T; opt says whether the fields
 * may be left out. */
#ifndef AN_MARKET_BODY_FIELDS_H
#define AN_MARKET_BODY_FIELDS_H
#include "core/spec.h"

/* A shop's name and contact address. */
#define AN_SHOP_FIELDS_IN(T, opt)                                                                  \
  AN_FIELD_IN(T, name, AN_F_TEXT, opt, 1, 200),                                                    \
      AN_FIELD_IN(T, contact_email, AN_F_TEXT, opt, 3, 254)

/* A service's name, texts and notice period. */
#define AN_SERVICE_FIELDS_IN(T, opt)                                                               \
  AN_FIELD_IN(T, name, AN_F_TEXT, opt, 1, 200),                                                    \
      AN_FIELD_IN(T, description, AN_F_TEXT, opt, 1, 5000),                                        \
      AN_FIELD_IN(T, conditions, AN_F_TEXT, opt, 1, 5000),                                         \
      AN_FIELD_IN(T, notice_days, AN_F_INT, opt, 1, 3650)

/* A plan's monthly fee and its initial fee (always optional). */
#define AN_PLAN_FEES_IN(T, opt)                                                                    \
  AN_FIELD_IN(T, monthly_fee, AN_F_INT, opt, 0, 100000000),                                        \
      AN_FIELD_IN(T, initial_fee, AN_F_INT, true, 0, 100000000)

/* A plan's limits. */
#define AN_PLAN_LIMITS_IN(T, opt)                                                                  \
  AN_FIELD_IN(T, max_users, AN_F_INT, opt, 1, 1000000),                                            \
      AN_FIELD_IN(T, storage_gb, AN_F_INT, opt, 1, 1000000)

/* A contractor's address, phone and responsible person (the name field is named per form). */
#define AN_CONTRACTOR_FIELDS_IN(T, opt)                                                            \
  AN_FIELD_IN(T, address, AN_F_TEXT, opt, 1, 300), AN_FIELD_IN(T, phone, AN_F_TEXT, opt, 6, 30),   \
      AN_FIELD_IN(T, responsible_name, AN_F_TEXT, opt, 1, 100),                                    \
      AN_FIELD_IN(T, responsible_email, AN_F_TEXT, opt, 3, 254)

/* A shop's, service's or plan's code: 2 to 32 characters (which ones, the domain checks: they
 * appear in URLs and CSV files). Always required: a code is given once, at creation. */
#define AN_CODE_FIELD_IN(T) AN_FIELD_IN(T, code, AN_F_TEXT, false, 2, 32)

#endif
