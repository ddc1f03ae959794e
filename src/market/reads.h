/* What the marketplace handlers read: shops, services, document versions, applications and
 * change requests. Operator-wide reads end in _all (the route table admits operator staff or, for
 * the public catalogue, anyone); the rest are bounded by ctx. Lists return the count or a store
 * error (< 0); single reads 1, 0 when there is none, or a store error. */
#ifndef AN_MARKET_READS_H
#define AN_MARKET_READS_H
#include <jansson.h>
#include <stdint.h>

#include "core/ctx.h"
#include "store/db.h"

/* Every shop's services with their plans (discontinued ones included). */
int an_service_list_all(const struct an_ctx *ctx, struct an_db *db, json_t *out);
int an_shop_list_all(const struct an_ctx *ctx, struct an_db *db, json_t *out);
int an_shop_find(const struct an_ctx *ctx, struct an_db *db, int64_t id, json_t **out);
/* One version of a published document, by id. */
int an_document_find(const struct an_ctx *ctx, struct an_db *db, int64_t id, json_t **out);
/* Confirmed applications with status ("" or NULL = any), newest first. The approved ones are
 * their contractor's data: the read is recorded in its data-access view (WP-18), as is the read
 * of one by an_application_find. */
int an_application_list_all(const struct an_ctx *ctx, struct an_db *db, const char *status,
                            long limit, long offset, json_t *out);
int an_application_find(const struct an_ctx *ctx, struct an_db *db, int64_t id, json_t **out);
/* Change requests with status ("" or NULL = any): ctx's tenant's, or every tenant's for operator
 * staff; none for anyone else. */
int an_change_list_visible(const struct an_ctx *ctx, struct an_db *db, const char *status,
                           json_t *out);

#endif
