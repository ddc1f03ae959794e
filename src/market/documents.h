/* Published documents (TOS-22, MARK-4-1-1, 4-1-2, 4-4-1): terms of use, important matters and
 * prohibited acts, each versioned with an effective date. A version that matters to contractors
 * (material) must be published at least [market] document_notice_days ahead, and every
 * contractor with a live contract is notified at once. */
#ifndef AN_MARKET_DOCUMENTS_H
#define AN_MARKET_DOCUMENTS_H
#include <jansson.h>
#include <stdbool.h>

#include "core/ctx.h"
#include "core/errors.h"
#include "store/db.h"

/* True for terms, important-matters, prohibited-acts. */
bool an_document_kind_valid(const char *kind);
enum an_ec an_document_publish(const struct an_ctx *ctx, struct an_db *db, const char *kind,
                               const char *title, const char *body, const char *effective_on,
                               bool material, char *earliest_out, json_t **out);
/* {in_force: doc with body or null, versions: [...]} for the public pages. */
enum an_ec an_document_public(const struct an_ctx *ctx, struct an_db *db, const char *kind,
                              json_t **out);

/* MARK-4-1-2: whether an applicant read the version of kind in force on date: AN_EC_OK when
 * read_id is that version's id or no version is in force, AN_EC_IMPORTANT_MATTERS_UNREAD
 * otherwise, AN_EC_GENERIC_INTERNAL on a database error. */
enum an_ec an_document_read_check(struct an_db *db, const char *kind, const char *date,
                                  int64_t read_id);

#endif
