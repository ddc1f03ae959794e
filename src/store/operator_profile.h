/* The operator's own particulars (one row): legal name, address, representative, contact and the
 * qualified-invoice registration number, for mail signatures and documents. */
#ifndef AN_STORE_OPERATOR_PROFILE_H
#define AN_STORE_OPERATOR_PROFILE_H
#include <stdint.h>

#include "store/db.h"

/* Sizes in bytes: 200 / 400 / 100 / 400 characters of UTF-8 at 4 bytes each, the number 14. */
struct an_operator_profile {
  char legal_name[801];
  char address[1601];
  char representative[401];
  char contact[1601];
  char invoice_number[15]; /* "T" + 13 digits, or "" */
  int64_t updated_at;
};

/* Loads the row into out (all "" before the operator enters anything). Returns 1, 0 when the row
 * is missing, or an error. */
int an_store_operator_profile_get(struct an_db *db, struct an_operator_profile *out);
/* Replaces the row's values. Returns 1 or an error. */
int an_store_operator_profile_put(struct an_db *db, const struct an_operator_profile *p);

#endif
