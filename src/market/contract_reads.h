/* Reading contracts and notices within the caller's scope: a tenant's users and tokens see their
 * tenant's, a shop's staff and tokens their shop's, operator staff everyone's; anyone else
 * nothing. A contract names its contractor: a read by a shop or the operator is recorded as
 * data.access in the contractor's view (audit/data_access.h, WP-18). */
#ifndef AN_MARKET_CONTRACT_READS_H
#define AN_MARKET_CONTRACT_READS_H
#include <jansson.h>

#include "core/ctx.h"
#include "store/db.h"

/* Contract id within ctx's scope into *c: 1, 0 when there is none the caller may see, or a
 * store error. */
int an_contract_find(const struct an_ctx *ctx, struct an_db *db, int64_t id, json_t **c);
/* The contract document (market/contract_doc.h) of contract id within ctx's scope, in lang, into
 * *out: 1, 0 when there is none the caller may see, or a store error. */
int an_contract_document(const struct an_ctx *ctx, struct an_db *db, int64_t id, const char *lang,
                         json_t **out);
/* Appends one page of the contracts in ctx's scope with status ("" = any) to out, newest first:
 * those with an id below before (0: from the newest), limit of them after skipping offset.
 * *next: the cursor of the page after this one (the last id shown), 0 when this is the last.
 * Returns the count or a store error. A cursor from another scope only bounds the caller's own
 * list: the query is the scope's whatever the cursor. */
int an_contract_list_visible(const struct an_ctx *ctx, struct an_db *db, const char *status,
                             int64_t before, long limit, long offset, json_t *out, int64_t *next);
/* The most contracts an_member_services reads (a company has a handful). */
#define AN_MEMBER_SERVICES_MAX 500
/* Appends to out the services ctx's tenant may use, for every user of the company, members
 * included (issue 10 item 15): its contracts that have not ended, newest first, each as
 * {number, status, shop_name, service_code, service_name, plan_name, start_on, end_on,
 * service_url} (service_url null when the service has no address). Nothing for a caller
 * without a tenant. Returns the count or a store error. */
int an_member_services(const struct an_ctx *ctx, struct an_db *db, json_t *out);
/* Appends the portal notices of ctx's tenant to out; the count or a store error. */
int an_notice_list(const struct an_ctx *ctx, struct an_db *db, const char *lang, json_t *out);

#endif
