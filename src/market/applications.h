/* Applications (TOS-1, TOS-2, TOS-14, MARK-4-1-3, MARK-4-2-1): a public form whose consent to the
 * terms in force is recorded; the operator approves (creating tenant, first admin and contract,
 * and sending the contract document) or refuses with an Art. 9-3 reason. */
#ifndef AN_MARKET_APPLICATIONS_H
#define AN_MARKET_APPLICATIONS_H
#include <jansson.h>

#include "core/ctx.h"
#include "core/errors.h"
#include "core/spec.h"
#include "store/contracts.h"
#include "store/db.h"

/* How long the confirmation link mailed to the applicant works. */
#define AN_APPLICATION_CONFIRM_US (24LL * 3600 * 1000000)

/* The form's body spec: its fields, their types and bounds (TOS-1). */
extern const struct an_spec an_application_form_spec;

/* The first of the applicant's declarations (Art. 26, MARK-4-1-3; issue 10 item 20) the form
 * lacks: "privacy_confirmed" (the privacy policy confirmed), "antisocial_declared" (not an
 * anti-social force), or NULL when both are made. */
const char *an_application_undeclared(const struct an_application_form *in);
/* in: the form, decoded through an_application_form_spec (its company_code is upper-cased in
 * place); lang: the form's language, the applicant's mails'. AN_EC_TERMS_OUTDATED when the terms
 * viewed are not those in force; AN_EC_CONSENT_REQUIRED without agreement. The application is
 * stored unconfirmed and the responsible person's address gets a confirmation link, with none
 * of the submitted text (M6 of issue 8); a company code already in use is accepted alike (the
 * operator sees it). Mail and record are one transaction. Without the privacy policy confirmed
 * or the anti-social-forces declaration (an_application_undeclared): AN_EC_GENERIC_INVALID_FIELD.
 */
enum an_ec an_application_submit(const struct an_ctx *ctx, struct an_db *db,
                                 struct an_application_form *in, const char *lang);
/* Confirms the application whose link carried token: it becomes pending (the operator's queue)
 * and the now verified address gets the receipt. *out: the application (without
 * company_code_taken). AN_EC_APPLICATION_CONFIRM_INVALID for an unknown, used or expired token. */
enum an_ec an_application_confirm(const struct an_ctx *ctx, struct an_db *db, const char *token,
                                  json_t **out);
/* Deletes applications never confirmed whose link expired before now. Returns the number or an
 * AN_DB_* error. */
int an_application_purge_unconfirmed(struct an_db *db, int64_t now);
/* start_on may be NULL (today); service_area (TOS-11) NULL for the default, 日本国内. *contract_out
 * gets the new contract. */
enum an_ec an_application_approve(const struct an_ctx *ctx, struct an_db *db, int64_t id,
                                  const char *start_on, const char *service_area,
                                  json_t **contract_out);
/* reason: false_statement, technically_infeasible, past_breach, other (Art. 9-3 (1)-(4)). */
enum an_ec an_application_refuse(const struct an_ctx *ctx, struct an_db *db, int64_t id,
                                 const char *reason, const char *message);
/* The Japanese wording of an Art. 9-3 reason; NULL for an unknown one. */
const char *an_refusal_reason_ja(const char *reason);

#endif
