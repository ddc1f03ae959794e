/* Monthly statements (TOS-20): per contractor and month, one statement per shop, built from the
 * contracts and the plan each month was billed under (market/fees.h has the rules). */
#ifndef AN_MARKET_FEES_STATEMENT_H
#define AN_MARKET_FEES_STATEMENT_H
#include <jansson.h>

#include "core/calendar.h"
#include "core/ctx.h"
#include "core/errors.h"
#include "market/fees.h"
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
/* Every contractor's statements for month as CSV (UTF-8 with BOM) for the payment collection
 * agent, its header line in lang (the catalogue's csv.fees.header); records the hand-over (TOS-18).
 * *csv is malloc'd. */
enum an_ec an_fees_export_csv(const struct an_ctx *ctx, struct an_db *db, const char *month,
                              const char *lang, char **csv, size_t *len);

/* The tenant's statements of month (y, m) without issuer: *out {month, statements, total} as in
 * an_fees_month. Returns 1 or an error. */
int an_fees_statements(struct an_db *db, int64_t tenant_id, int y, int m, json_t **out);
/* The charges of the tenant's contracts with shop_id that fall on the days from..to (inclusive),
 * month by month under the plan each month was billed under, the tax once per rate over the
 * window (market/fees.h), with the metered usage reported for hours of those days. Months for which
 * skip (may be NULL) answers true are left out (they have been invoiced). A pro-rated month cut in
 * two is rounded down on each side. Returns 1 or an error. */
int an_fees_window(struct an_db *db, int64_t tenant_id, int64_t shop_id, struct an_date from,
                   struct an_date to, bool (*skip)(int y, int m, void *cls), void *cls,
                   struct an_fee_totals *out);

#endif
