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

/* A route's body (http/router.h): the dispatcher decodes it into the handler's typed input struct
 * before the handler runs, so a handler is "one domain call, encode". A field's JSON key is its
 * member's name, so it is spelled once. */
struct an_jbody_field {
  const char *name;
  enum an_jtype type;
  bool required;
  long long min, max; /* as in struct an_jfield */
  size_t offset;      /* of the member in the input struct, typed as an_jfield's out */
};

struct an_jbody {
  const struct an_jbody_field *fields; /* or NULL with spec */
  size_t n;
  size_t size;                /* of the input struct */
  const struct an_spec *spec; /* the input struct is this spec's (core/spec.h), or NULL */
  bool (*gate)(struct an_request *r, an_ret *ret); /* run first (may be NULL): false replied */
};

/* A body field: the member of T named as the JSON key, its type, whether it is required and
 * its bounds. */
#define AN_JB(T, member, type, required, min, max)                                                 \
  {                                                                                                \
#member, type, required, min, max, offsetof(T, member)                                         \
  }
/* The body of input struct T from its field array, with gate (or NULL) run before decoding. */
#define AN_JBODY(T, fields_, gate_)                                                                \
  {                                                                                                \
    fields_, sizeof(fields_) / sizeof((fields_)[0]), sizeof(T), NULL, gate_                        \
  }
/* The body as spec's typed struct (an_json_body_spec_or_reply), with gate (or NULL). */
#define AN_JBODY_SPEC(spec_, gate_)                                                                \
  {                                                                                                \
    NULL, 0, 0, spec_, gate_                                                                       \
  }

/* Runs handler with r->in set to r's body decoded against b (a fresh zeroed struct whose strings
 * live as long as r; released after handler returns), after b's gate. A gate's refusal or a body
 * that does not fit is answered here (as an_json_body_or_reply does) and handler is not run. */
an_ret an_json_body_run(struct an_request *r, const struct an_jbody *b,
                        an_ret (*handler)(struct an_request *r));

#endif
