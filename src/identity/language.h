/* A person's own language for what the server writes to them (mails, portal notices): "ja"
 * (the default) or "en", for tenant users and for operator and shop staff. */
#ifndef AN_IDENTITY_LANGUAGE_H
#define AN_IDENTITY_LANGUAGE_H
#include "core/ctx.h"
#include "core/errors.h"
#include "store/db.h"
#include "store/lang.h"

/* Writes the signed-in person's language (ctx's user or staff member) into out. Returns AN_EC_OK,
 * AN_EC_GENERIC_NOT_FOUND for any other subject (API tokens, the system), or
 * AN_EC_GENERIC_INTERNAL. */
enum an_ec an_language_get(const struct an_ctx *ctx, struct an_db *db, char out[AN_LANG_STRLEN]);

/* Sets the signed-in person's language to lang ("ja" or "en") and appends the audit event
 * "me.language" (from and to) in the same transaction. Returns AN_EC_OK,
 * AN_EC_GENERIC_INVALID_FIELD for another value, AN_EC_GENERIC_NOT_FOUND for a subject that is
 * not a user or staff member, or AN_EC_GENERIC_INTERNAL. */
enum an_ec an_language_set(const struct an_ctx *ctx, struct an_db *db, const char *lang);

#endif
