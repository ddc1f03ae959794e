/* The operator's particulars (issue 10, item 14): legal name, address, representative, contact and
 * qualified-invoice registration number, edited by the operator admin in the console, shown in
 * every mail's signature and available to documents and statements through the getter. */
#ifndef AN_IDENTITY_OPERATOR_PROFILE_H
#define AN_IDENTITY_OPERATOR_PROFILE_H
#include <jansson.h>
#include <stdbool.h>

#include "core/ctx.h"
#include "core/errors.h"
#include "store/db.h"
#include "store/operator_profile.h"

/* The particulars as stored (all "" before the operator enters them). For the contract document
 * and statements. Returns 1, or an error. */
int an_operator_profile_get(struct an_db *db, struct an_operator_profile *out);

/* True for "T" followed by 13 ASCII digits (the shape of every registration number: a
 * corporation's corporate number or a number given to a sole proprietor, so no check digit is
 * assumed), or "" (not registered yet). */
bool an_invoice_number_valid(const char *s);

/* Replaces the particulars and audits operator_profile.update. The fields are given in *p
 * (updated_at ignored). Broken fields come back in *errors as {"field","key"} for
 * an_msg_field_error-style localisation (caller owns). Returns AN_EC_OK,
 * AN_EC_GENERIC_INVALID_FIELD or AN_EC_GENERIC_INTERNAL. */
enum an_ec an_operator_profile_set(const struct an_ctx *ctx, struct an_db *db,
                                   const struct an_operator_profile *p, json_t **errors);

/* The particulars as JSON for the API. */
json_t *an_operator_profile_json(const struct an_operator_profile *p);

#endif
