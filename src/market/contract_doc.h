/* The contract document (MARK-4-1-4): number, parties, service, plan, fees with tax, start date,
 * terms version and the cancellation rule, as a record the portal prints and as the e-mail sent
 * on approval. */
#ifndef AN_MARKET_CONTRACT_DOC_H
#define AN_MARKET_CONTRACT_DOC_H
#include <jansson.h>

#include "core/ctx.h"
#include "store/contracts.h"
#include "store/db.h"
#include "store/operator_profile.h"

/* The document of a contract record (from store/contracts.h), its texts in lang ("en" or "ja";
 * anything else is Japanese). The operator is named by its particulars (op, from
 * an_operator_profile_get; the built-in name while the legal name is still empty) and the
 * document carries its issue date: the day the contract was concluded (JST), when it was first
 * sent. It states the contract's service area ("area", TOS-11) and the liability cap
 * ("liability_cap": {months, amount, text}, cap_months of the monthly fee with tax, SLA-16).
 * New reference. */
json_t *an_contract_doc(const struct an_contract *contract, const struct an_operator_profile *op,
                        const char *lang, long cap_months);
/* The operator's particulars as a document shows them: {legal_name, address, representative,
 * contact, invoice_number}, legal_name falling back to the built-in name in lang. New
 * reference. */
json_t *an_operator_particulars(const struct an_operator_profile *op, const char *lang);
/* Sends the document to the contractor's responsible person (portal notice and e-mail), and,
 * when password is not NULL, a second e-mail with the first admin's sign-in details (sent
 * separately, as is customary, so one intercepted mail does not give both). */
int an_contract_doc_send(const struct an_ctx *ctx, struct an_db *db,
                         const struct an_contract *contract, const char *admin_login,
                         const char *password);

#endif
