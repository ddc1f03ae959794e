/* HTTP handlers, one file per resource. Each decodes input, calls the domain, encodes output;
 * authentication and permission were already checked from the route table. */
#ifndef AN_API_API_H
#define AN_API_API_H
#include <stdbool.h>

#include "http/reply.h"
#include "http/router.h"

/* The application's route table (routes.c), handed to the server at start-up. */
extern const struct an_route an_routes[];
extern const size_t an_nroutes;

an_ret an_api_healthz(struct an_request *r);
an_ret an_api_readyz(struct an_request *r);
an_ret an_api_metrics(struct an_request *r);
an_ret an_api_openapi(struct an_request *r);
an_ret an_api_login(struct an_request *r);
an_ret an_api_logout(struct an_request *r);
an_ret an_api_login_mfa(struct an_request *r);
an_ret an_api_mfa_status(struct an_request *r);
an_ret an_api_mfa_totp_begin(struct an_request *r);
an_ret an_api_mfa_totp_confirm(struct an_request *r);
an_ret an_api_mfa_totp_disable(struct an_request *r);
an_ret an_api_mfa_email_enable(struct an_request *r);
an_ret an_api_mfa_email_disable(struct an_request *r);
an_ret an_api_me(struct an_request *r);
an_ret an_api_me_password(struct an_request *r);
an_ret an_api_me_language(struct an_request *r);
an_ret an_api_me_language_set(struct an_request *r);
an_ret an_api_me_reauth(struct an_request *r);
an_ret an_api_me_reauth_code(struct an_request *r);
/* 429 /problems/account-locked with Retry-After: retry seconds. */
an_ret an_api_reply_locked(struct an_request *r, long retry);
an_ret an_api_staff_list(struct an_request *r);
an_ret an_api_staff_create(struct an_request *r);
an_ret an_api_staff_get(struct an_request *r);
an_ret an_api_tenant_list(struct an_request *r);
an_ret an_api_tenant_get(struct an_request *r);
an_ret an_api_tenant_create(struct an_request *r);
an_ret an_api_user_list(struct an_request *r);
an_ret an_api_user_get(struct an_request *r);
an_ret an_api_user_create(struct an_request *r);
an_ret an_api_user_delete(struct an_request *r);
an_ret an_api_audit_list(struct an_request *r);
an_ret an_api_policy_get(struct an_request *r);
an_ret an_api_tokens_list(struct an_request *r);
an_ret an_api_tokens_create(struct an_request *r);
an_ret an_api_tokens_revoke(struct an_request *r);
an_ret an_api_session_policy_get(struct an_request *r);
an_ret an_api_session_policy_put(struct an_request *r);
an_ret an_api_account_ledger(struct an_request *r);
an_ret an_api_allowlist_get(struct an_request *r);
an_ret an_api_allowlist_put(struct an_request *r);
an_ret an_api_policy_put(struct an_request *r);
an_ret an_api_tenant_suspend(struct an_request *r);
an_ret an_api_tenant_reinstate(struct an_request *r);
an_ret an_api_user_suspend(struct an_request *r);
an_ret an_api_user_reinstate(struct an_request *r);
an_ret an_api_user_password_reset(struct an_request *r);
an_ret an_api_me_sessions(struct an_request *r);
an_ret an_api_me_session_end(struct an_request *r);
an_ret an_api_audit_csv(struct an_request *r);
an_ret an_api_access_log(struct an_request *r);
an_ret an_api_audit_jsonl(struct an_request *r);
an_ret an_api_mail_list(struct an_request *r);
an_ret an_api_mail_get(struct an_request *r);

an_ret an_api_basic_gate_get(struct an_request *r);
an_ret an_api_basic_gate_put(struct an_request *r);

/* The marketplace. */
an_ret an_api_catalogue(struct an_request *r);
an_ret an_api_document_public(struct an_request *r);
an_ret an_api_document_version(struct an_request *r);
an_ret an_api_document_publish(struct an_request *r);
an_ret an_api_application_submit(struct an_request *r);
an_ret an_api_application_list(struct an_request *r);
an_ret an_api_application_get(struct an_request *r);
an_ret an_api_application_approve(struct an_request *r);
an_ret an_api_application_refuse(struct an_request *r);
an_ret an_api_application_confirm(struct an_request *r);
an_ret an_api_shop_list(struct an_request *r);
an_ret an_api_shop_create(struct an_request *r);
an_ret an_api_shop_get(struct an_request *r);
an_ret an_api_shop_webhook(struct an_request *r);
an_ret an_api_shop_token(struct an_request *r);
an_ret an_api_service_create(struct an_request *r);
an_ret an_api_plan_create(struct an_request *r);
an_ret an_api_service_discontinue(struct an_request *r);
an_ret an_api_contract_list(struct an_request *r);
an_ret an_api_contract_get(struct an_request *r);
an_ret an_api_contract_document(struct an_request *r);
an_ret an_api_contract_cancel(struct an_request *r);
an_ret an_api_contract_suspend(struct an_request *r);
an_ret an_api_contract_reinstate(struct an_request *r);
an_ret an_api_contract_terminate(struct an_request *r);
an_ret an_api_change_preview(struct an_request *r);
an_ret an_api_change_list(struct an_request *r);
an_ret an_api_change_create(struct an_request *r);
an_ret an_api_change_approve(struct an_request *r);
an_ret an_api_change_refuse(struct an_request *r);
an_ret an_api_fees(struct an_request *r);
an_ret an_api_fees_csv(struct an_request *r);
an_ret an_api_notices(struct an_request *r);
an_ret an_api_handovers(struct an_request *r);
an_ret an_api_entitlement(struct an_request *r);
an_ret an_api_shop_customers(struct an_request *r);
an_ret an_api_shop_services(struct an_request *r);
an_ret an_api_shop_webhook_deliveries(struct an_request *r);
an_ret an_api_report_submit(struct an_request *r);
an_ret an_api_report_list(struct an_request *r);
an_ret an_api_report_handle(struct an_request *r);
an_ret an_api_shop_tokens_list(struct an_request *r);
an_ret an_api_shop_tokens_create(struct an_request *r);
an_ret an_api_shop_tokens_revoke(struct an_request *r);
an_ret an_api_shop_webhook_own(struct an_request *r);

/* Reads ?limit= (1..500, default 100) and ?offset= (>= 0); false after replying 400. */
bool an_api_paging_or_reply(struct an_request *r, long *limit, long *offset, an_ret *ret);

/* deletion of a company and deletion certificates (issue 14): erasures.c */
an_ret an_api_erasure_list(struct an_request *r);
an_ret an_api_erasure_create(struct an_request *r);
an_ret an_api_erasure_approve(struct an_request *r);
an_ret an_api_certificate_list(struct an_request *r);
an_ret an_api_certificate_get(struct an_request *r);
an_ret an_api_certificate_pdf(struct an_request *r);
/* a tenant's data export (issue 14): exports.c */
an_ret an_api_export_create(struct an_request *r);
an_ret an_api_export_list(struct an_request *r);
an_ret an_api_export_get(struct an_request *r);
an_ret an_api_export_link(struct an_request *r);
an_ret an_api_export_download(struct an_request *r);

#endif
