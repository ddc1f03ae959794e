/* Handler kinds: the steps the handlers repeat, written once (as Kore's and Taler's handler tables
 * do). A handler decodes what is its own (a body, a query), makes its one domain call through a
 * kind (or makes it itself and answers through an_api_answer), and so keeps only its own logic. */
#ifndef AN_API_KINDS_H
#define AN_API_KINDS_H
#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "core/ctx.h"
#include "core/errors.h"
#include "http/json_in.h"
#include "http/reply.h"

struct an_buf;
struct an_db;
struct an_spec;

/* The answer to a domain call that returned ec: AN_EC_OK replies status with out (taken) as the
 * body, or as {key: out} when key is not NULL; status 204 replies empty and drops out. Any other
 * ec replies the code's problem and drops out, so out may be built before ec is known. */
an_ret an_api_answer(struct an_request *r, enum an_ec ec, unsigned status, const char *key,
                     json_t *out);

/* an_api_answer, and for a refusal the policy errors errs (taken, may be NULL: a list of
 * {"rule","detail_ja","detail_en"}) in the request's language as the problem's errors[]. */
an_ret an_api_answer_errs(struct an_request *r, enum an_ec ec, unsigned status, const char *key,
                          json_t *out, json_t *errs);

/* The problem of ec with its detail in the request's language (ja or en). */
an_ret an_api_problem_text(struct an_request *r, enum an_ec ec, const char *ja, const char *en);
/* an_reply_field_problem naming field, with the detail in the request's language (ja or en). */
an_ret an_api_field_text(struct an_request *r, enum an_ec ec, const char *field, const char *ja,
                         const char *en);
/* The problem of ec (its default detail) whose errors[] names field with detail. */
an_ret an_api_field_errs(struct an_request *r, enum an_ec ec, const char *field,
                         const char *detail);

/* The code of a lookup's count rc: AN_EC_OK when found (> 0), AN_EC_GENERIC_NOT_FOUND for none
 * (0), AN_EC_GENERIC_INTERNAL for a store failure (< 0). */
enum an_ec an_api_found_ec(int rc);

/* The problem of ec; AN_EC_GENERIC_INVALID_FIELD with a field names it in errors[] ("this value
 * is not accepted", in the request's language). */
an_ret an_api_refusal(struct an_request *r, enum an_ec ec, const char *field);

/* an_api_answer whose refusals go through an_api_refusal naming field (may be NULL). */
an_ret an_api_answer_field(struct an_request *r, enum an_ec ec, unsigned status, const char *key,
                           json_t *out, const char *field);

/* The domain calls by shape: what the caller may see as one value, the same for the path's id,
 * and a list appended to items (an_ec, or as a store count: >= 0 or < 0 on failure). */
typedef enum an_ec (*an_api_get_fn)(const struct an_ctx *ctx, struct an_db *db, json_t **out);
typedef enum an_ec (*an_api_id_fn)(const struct an_ctx *ctx, struct an_db *db, int64_t id,
                                   json_t **out);
typedef enum an_ec (*an_api_fill_fn)(const struct an_ctx *ctx, struct an_db *db, json_t *items);
typedef int (*an_api_count_fn)(const struct an_ctx *ctx, struct an_db *db, json_t *items);
typedef enum an_ec (*an_api_act_fn)(const struct an_ctx *ctx, struct an_db *db, int64_t id);

/* Calls fn and answers its value (an_api_answer with status and key). */
an_ret an_api_get(struct an_request *r, an_api_get_fn fn, unsigned status, const char *key);
/* Calls fn with the path's {id} and answers its value (an_api_answer with status and key). */
an_ret an_api_id_get(struct an_request *r, an_api_id_fn fn, unsigned status, const char *key);
/* Does fn to the path's {id} (a path id that is not one is 404 without a call): 204 or the
 * problem of fn's refusal. */
an_ret an_api_id_do(struct an_request *r, an_api_act_fn fn);
/* Replies 200 {"items": [...]} with what fn appended, or fn's problem. */
an_ret an_api_fill(struct an_request *r, an_api_fill_fn fn);
/* Replies 200 {"items": [...]} with what fn appended, or 500 when it failed. */
an_ret an_api_list(struct an_request *r, an_api_count_fn fn);

/* Decodes r's body against the field array f (http/json_in.h; its length is the array's, so it
 * cannot disagree with the list) and, when the body does not fit, returns from the calling handler
 * with the 400/415 problem already sent. */
#define AN_API_BODY_OR_RETURN(r, f)                                                                \
  do {                                                                                             \
    an_ret an_body_ret_;                                                                           \
    if (!an_json_body_or_reply((r), (f), sizeof(f) / sizeof((f)[0]), &an_body_ret_))               \
      return an_body_ret_;                                                                         \
  } while (0)

/* The fields of a route body (api/bodies.c) on the input struct `struct T` (api/bodies.h): the
 * member m is the key, of the macro's type, with whether it is required and its bounds. */
#define AN_IN_TEXT(T, m, required, min, max) AN_JB(struct T, m, AN_J_STRING, required, min, max)
#define AN_IN_INT(T, m, required, min, max) AN_JB(struct T, m, AN_J_INT, required, min, max)
#define AN_IN_BOOL(T, m) AN_JB(struct T, m, AN_J_BOOL, false, 0, 0)
#define AN_IN_STRINGS(T, m, required, min, max) AN_JB(struct T, m, AN_J_STRINGS, required, min, max)
#define AN_IN_IDS(T, m, required, min, max) AN_JB(struct T, m, AN_J_IDS, required, min, max)
/* The body of a route on `struct T` from its field table, with gate (or NULL) run first. */
#define AN_IN_BODY(T, fields, gate) AN_JBODY(struct T, fields, gate)

/* Defines the handler name: the row of the path's {id} read by get (a lookup count, as
 * an_api_found_ec takes it, filling a T) answered 200 {key: to_json(&row)}, else 404 or 500. */
#define AN_API_ROW_GET(name, T, get, to_json, key)                                                 \
  an_ret name(struct an_request *r)                                                                \
  {                                                                                                \
    T row_;                                                                                        \
    int rc_ = get(&r->ctx, r->db, an_req_param_id(r, "id"), &row_);                                \
    return an_api_answer(r, an_api_found_ec(rc_), 200, key, rc_ > 0 ? to_json(&row_) : NULL);      \
  }

/* text, or fallback when the body left it out (NULL). */
const char *an_api_or(const char *text, const char *fallback);

/* The problem of ec with `Retry-After: seconds` (a rate limit, a lock). */
an_ret an_api_retry_after(struct an_request *r, enum an_ec ec, long seconds);

/* Answers a domain call that wrote a file into b: AN_EC_OK sends b's bytes (taken) as a download
 * called filename of content_type, anything else frees b and replies ec's problem. */
an_ret an_api_download(struct an_request *r, enum an_ec ec, struct an_buf *b,
                       const char *content_type, const char *filename);

/* ---- the steps repeated across handler files, third round ---- */

/* A domain read in the reader's language: fn(ctx, db, lang, &out). */
typedef enum an_ec (*an_api_lang_fn)(const struct an_ctx *ctx, struct an_db *db, const char *lang,
                                     json_t **out);
/* Calls fn in the request's language and answers its value (an_api_answer with status and key). */
an_ret an_api_lang_get(struct an_request *r, an_api_lang_fn fn, unsigned status, const char *key);

/* Answers a domain call that wrote a CSV text: AN_EC_OK replies 200 text/csv with csv's len bytes,
 * anything else replies ec's problem. Frees csv (heap, may be NULL) either way. */
an_ret an_api_csv(struct an_request *r, enum an_ec ec, char *csv, size_t len);

/* Answers a cached JSON text with its etag (304 when the client has it): AN_EC_OK replies json's
 * len bytes, anything else replies ec's problem and reads nothing. The caller keeps the text. */
an_ret an_api_etag_answer(struct an_request *r, enum an_ec ec, const char *json, size_t len,
                          const char *etag);

/* An optional whole-number query parameter: its name, its parser (core/ids.h), the value when it
 * is absent, its bounds, and the detail (ja, en) of its problem. */
struct an_api_query_number {
  const char *name;
  bool (*parse)(const char *text, int64_t *out);
  int64_t absent, min, max;
  const char *ja, *en;
};
/* Reads q's parameter into *v (q->absent when not given): false, after replying
 * AN_EC_GENERIC_INVALID_FIELD whose errors[] names it, when it does not parse or lies outside
 * q->min..q->max. */
bool an_api_query_number_or_reply(struct an_request *r, const struct an_api_query_number *q,
                                  int64_t *v, an_ret *ret);
/* The problem of a refused ec (not AN_EC_OK): AN_EC_GENERIC_INVALID_FIELD carries the detail ja or
 * en (the request's language), any other code its own default detail. */
an_ret an_api_refused_text(struct an_request *r, enum an_ec ec, const char *ja, const char *en);

/* Calls the reader `bool read(..., an_ret *ret)` (one that replies when it refuses: paging, a
 * query parameter) with the arguments and a ret of its own, and returns that reply from the calling
 * handler when it refuses. */
#define AN_API_OR_RETURN(read, ...)                                                                \
  do {                                                                                             \
    an_ret an_read_ret_;                                                                           \
    if (!read(__VA_ARGS__, &an_read_ret_))                                                         \
      return an_read_ret_;                                                                         \
  } while (0)
/* Defines the handler name as the one call kind(r, ...): a kind above (an_api_get, an_api_id_get,
 * an_api_fill, an_api_list, an_api_lang_get, an_api_id_do), or a step its file shares between
 * routes (approve and refuse, suspend and reinstate), given what this route names. For a handler
 * with no logic of its own beyond naming its domain function or step and its answer. */
#define AN_API_HANDLER(name, kind, ...)                                                            \
  an_ret name(struct an_request *r)                                                                \
  {                                                                                                \
    return kind(r, __VA_ARGS__);                                                                   \
  }
#endif
