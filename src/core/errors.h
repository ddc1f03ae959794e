/* Error codes: one numbered list (errors.def) mapping each code to status, type and text. */
#ifndef AN_CORE_ERRORS_H
#define AN_CORE_ERRORS_H

enum an_ec {
#define AN_EC(name, status, slug, title, ja, en) AN_EC_##name,
#include "core/errors.def"
#undef AN_EC
  AN_EC__COUNT
};

struct an_ec_info {
  const char *name;  /* "AN_EC_GENERIC_NOT_FOUND" */
  unsigned status;   /* HTTP status */
  const char *slug;  /* stable type slug */
  const char *title; /* short English title */
  const char *ja;    /* default Japanese detail */
  const char *en;    /* default English detail */
};

/* Returns the entry for ec; an out-of-range code yields the GENERIC_INTERNAL entry. */
const struct an_ec_info *an_ec_info(enum an_ec ec);

/* The code of a store read's result rc (found: 1 or more, none: 0, failure: below 0):
 * AN_EC_OK, AN_EC_GENERIC_NOT_FOUND or AN_EC_GENERIC_INTERNAL. */
enum an_ec an_ec_of_read(int rc);

#endif
