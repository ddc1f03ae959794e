/* Strict decimal numbers from outside (path ids, query parameters): ASCII digits only, no sign,
 * no spaces, no leading zero, within int64. "+1", " 1", "01", "1 " and "1.0" are refused, so one
 * thing has one spelling. */
#ifndef AN_CORE_IDS_H
#define AN_CORE_IDS_H
#include <stdbool.h>
#include <stdint.h>

/* Parses a positive id (1 .. INT64_MAX) into *out; false (and *out untouched) otherwise. */
bool an_id_parse(const char *s, int64_t *out);
/* Parses a count or offset (0 .. INT64_MAX) into *out; false otherwise. */
bool an_count_parse(const char *s, int64_t *out);

#endif
