/* The public pages that everyone reads and only the operator changes: the catalogue (services on
 * sale with their plans and prices) and the published documents (terms of use, important
 * matters, prohibited acts). Each is kept built, as the JSON text of its answer with an ETag
 * (a hash of that text, so every instance gives the same page the same tag), and rebuilt only
 * when what it shows may have changed:
 *   - at once after this instance commits a change to shops, services, plans or documents
 *     (store/public_version.h: the store's writers move a generation counter after commit);
 *   - when the database's fingerprint of those tables differs from the one the cache was built
 *     under, looked at no more often than every [market] public_cache_check_ms (other
 *     instances' changes; 0 = on every request);
 *   - for a document, also when the day changes (the version in force depends on the date).
 * Thread-safe. */
#ifndef AN_MARKET_PUBLIC_CACHE_H
#define AN_MARKET_PUBLIC_CACHE_H
#include <stddef.h>

#include "core/ctx.h"
#include "core/errors.h"
#include "store/db.h"

#define AN_ETAG_STRLEN 36 /* "\"" + 32 hex + "\"" + NUL */

/* One built page: immutable, shared, counted; give it back with an_public_page_release. */
struct an_public_page {
  char *body; /* the answer's JSON text */
  size_t len;
  char etag[AN_ETAG_STRLEN]; /* strong ETag, quotes included */
  _Atomic int refs;
};

/* The catalogue: {"services": [...]}, every service not discontinued, each with its plans and
 * their tax-inclusive prices. AN_EC_OK and *out, or AN_EC_GENERIC_INTERNAL. */
enum an_ec an_public_catalogue(const struct an_ctx *ctx, struct an_db *db,
                               struct an_public_page **out);
/* The published document of kind (an_document_public's answer for today). AN_EC_OK and *out,
 * AN_EC_GENERIC_NOT_FOUND for an unknown kind, or AN_EC_GENERIC_INTERNAL. */
enum an_ec an_public_document(const struct an_ctx *ctx, struct an_db *db, const char *kind,
                              struct an_public_page **out);
/* Gives a page back; NULL is ignored. */
void an_public_page_release(struct an_public_page *page);
/* Forgets every built page (tests, start-up). */
void an_public_cache_clear(void);

#endif
