/* Monthly statements (TOS-20): per contractor and month, one statement per shop, built from the
 * contracts and the plan each month was billed under (market/fees.h has the rules). */
#ifndef AN_MARKET_FEES_STATEMENT_H
#define AN_MARKET_FEES_STATEMENT_H
#include <jansson.h>

#include "core/ctx.h"
#include "core/errors.h"
#include "store/contracts.h"
#include "store/db.h"

/* *out: {month, issued_on, issuer, statements: [{shop_id, shop_name, lines: [...], subtotal_10,
 * tax_10, subtotal_8, tax_8, subtotal, tax, total}], total}. month is "YYYY-MM"; issued_on is
 * today (JST); issuer names the operator by its particulars (an_operator_particulars, the
 * built-in name in lang while none is entered; issue 10 item 14); rounding_note says, in lang,
 * how the tax is rounded (once per rate on the statement, rounded down; each catalogue price
 * alone), so the statement may differ from the sum of catalogue prices by ¥1 (issue 10 item 21). */
enum an_ec an_fees_month(const struct an_ctx *ctx, struct an_db *db, int64_t tenant_id,
                         const char *month, const char *lang, json_t **out);
/* Tax-inclusive amount of the contract's current month so far: what Art. 12-2 makes due. */
int64_t an_fees_outstanding(struct an_db *db, const struct an_ctx *ctx,
                            const struct an_contract *contract);
/* Every contractor's statements for month as CSV (UTF-8 with BOM) for the payment collection
 * agent, its header line in lang (the catalogue's csv.fees.header); records the hand-over (TOS-18).
 * *csv is malloc'd. */
enum an_ec an_fees_export_csv(const struct an_ctx *ctx, struct an_db *db, const char *month,
                              const char *lang, char **csv, size_t *len);

#endif
