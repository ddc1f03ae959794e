/* Declarative JSON bodies: a handler lists its fields and gets them parsed and validated in one
 * call, or a 400/415 problem already sent naming every bad field. Undeclared fields are refused,
 * so unexpected input never reaches a handler. */
#ifndef AN_HTTP_JSON_IN_H
#define AN_HTTP_JSON_IN_H
#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

#include "core/spec.h"
#include "http/reply.h"

enum an_jtype { AN_J_STRING, AN_J_INT, AN_J_BOOL, AN_J_STRINGS, AN_J_IDS };

struct an_jfield {
  const char *name;
  enum an_jtype type;
  bool required;
  long long min, max; /* STRING: length in characters; INT: value; STRINGS, IDS: item count */
  void *out;          /* const char ** | json_int_t * | bool * | json_t ** (borrowed array; IDS: of
                       * positive integers) */
};

/* Parses r's body as a JSON object against fields. On success fills each present field's out
 * (strings stay owned by r) and returns true. On failure sends the problem, stores the MHD result
 * in *ret and returns false. */
bool an_json_body_or_reply(struct an_request *r, const struct an_jfield *fields, size_t n,
                           an_ret *ret);

/* The body as a typed struct (core/spec.h): the spec's fields are the body's (TEXT, INT and BOOL
 * fields, bounded by min/max; optional ones may be left out or null), decoded once into obj
 * (zeroed first; its text is a copy: release it with an_spec_clear). Fields left out are marked
 * NULL in obj. Fails, replying, as an_json_body_or_reply does, naming each bad field. */
bool an_json_body_spec_or_reply(struct an_request *r, const struct an_spec *spec, void *obj,
                                an_ret *ret);

#endif
