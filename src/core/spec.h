/* Declarative specs: one table per entity that names each field, its type and where it lives in
 * the entity's C struct. The same spec binds a query's columns by name (store/rows.h), decodes a
 * request body into the struct (http/json_in.h) and encodes the struct as JSON for a reply, so a
 * field is spelled once and a misspelt name is an error instead of a silent "" or 0.
 *
 * A struct described by a spec owns its text (char *, heap; NULL for SQL NULL or "not sent") and
 * carries a uint64_t bitmask of the fields that were NULL or absent (at most 64 fields). Release
 * it with an_spec_clear. */
#ifndef AN_CORE_SPEC_H
#define AN_CORE_SPEC_H
#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum an_ftype {
  AN_F_TEXT, /* char * */
  AN_F_INT,  /* int64_t */
  AN_F_BOOL, /* bool; 0/1 in the database */
  AN_F_TIME, /* int64_t microseconds since the epoch; RFC 3339 UTC in JSON */
};

struct an_field {
  const char *name; /* the column's name (as aliased in the SQL) and the JSON key */
  enum an_ftype type;
  size_t offset; /* of the value in the struct */
  bool optional; /* may be NULL or not selected (rows), may be left out (bodies) */
  long long min; /* bodies: TEXT length in characters, INT value */
  long long max; /* bodies: 0 for TEXT means no upper bound */
};

struct an_spec {
  const char *entity; /* for the bug log when a query and its spec disagree */
  const struct an_field *fields;
  size_t n;     /* <= 64 */
  size_t size;  /* sizeof the struct */
  size_t nulls; /* offset of the struct's uint64_t bitmask of NULL / absent fields */
};

/* One field: the member's name is the column's and the key's. */
#define AN_FIELD(T, member, type, optional)                                                        \
  {                                                                                                \
#member, type, offsetof(T, member), optional, 0, 0                                             \
  }
/* A field a body may carry, with its bounds. */
#define AN_FIELD_IN(T, member, type, optional, min, max)                                           \
  {                                                                                                \
#member, type, offsetof(T, member), optional, min, max                                         \
  }
/* The spec of struct T from its field array and its bitmask member. */
#define AN_SPEC(T, fields_, nulls_)                                                                \
  {                                                                                                \
#T, fields_, sizeof fields_ / sizeof fields_[0], sizeof(T), offsetof(T, nulls_)                \
  }

/* The index of the field called name, or -1. */
int an_spec_index(const struct an_spec *s, const char *name);
/* True when field i of obj was NULL or absent. */
bool an_spec_is_null(const struct an_spec *s, const void *obj, size_t i);
/* Marks field i of obj NULL (or not) in its bitmask. */
void an_spec_set_null(const struct an_spec *s, void *obj, size_t i, bool null);
/* Sets text field i of obj to a copy of v (NULL: SQL NULL), freeing what it held. */
void an_spec_set_text(const struct an_spec *s, void *obj, size_t i, const char *v);
/* Frees the text obj owns and zeroes it. NULL is ignored. */
void an_spec_clear(const struct an_spec *s, void *obj);
/* Clears n structs of an array and frees the array. */
void an_spec_free_array(const struct an_spec *s, void *items, size_t n);
/* A new JSON object with every field of obj in the spec's order: text as strings, integers,
 * booleans as true/false, times as RFC 3339 UTC strings, NULL / absent fields as null. */
json_t *an_spec_to_json(const struct an_spec *s, const void *obj);
/* Appends one object per struct of items to array. Returns array. */
json_t *an_spec_array_to_json(const struct an_spec *s, const void *items, size_t n, json_t *array);

/* Like an_spec_to_json, leaving out the fields that are NULL or absent (a stored document that
 * carries only what was given, such as a change request's details). */
json_t *an_spec_to_json_present(const struct an_spec *s, const void *obj);
/* Reads the JSON object o (a stored document, not a request body: bodies go through
 * http/json_in.h with their bounds) into obj, zeroed first (release with an_spec_clear). Every key
 * must be a field of the spec holding a value of the field's type (times as RFC 3339), and a
 * required field must be there and not null; otherwise false and obj holds nothing, so a
 * misspelt key is an error instead of a silent "" or 0. */
bool an_spec_from_json(const struct an_spec *s, const json_t *o, void *obj);

#endif
