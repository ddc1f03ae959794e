/* Hand-overs of a contractor's personal data to a third party (TOS-18): each one is recorded
 * (who received which fields of how many records, for what purpose) in the same transaction as
 * its audit event. Today's recipient is a shop reading its customers. */
#ifndef AN_MARKET_HANDOVER_H
#define AN_MARKET_HANDOVER_H
#include <jansson.h>

#include "core/ctx.h"
#include "core/errors.h"
#include "store/db.h"

/* The customers of ctx's shop (one item per contract: contract, status, service, company code
 * and name, responsible name and e-mail), the view recorded as a hand-over and audited
 * (customers.view), and shown to each contractor in its data-access view (data.access,
 * "customers", WP-18). *items is set on AN_EC_OK only. */
enum an_ec an_handover_shop_customers(const struct an_ctx *ctx, struct an_db *db, json_t **items);
/* Appends every recorded hand-over (operator's view) to out; the count or a store error. A
 * record naming one contractor is that contractor's data: its read is recorded in its view. */
int an_handover_list_all(const struct an_ctx *ctx, struct an_db *db, json_t *out);

#endif
