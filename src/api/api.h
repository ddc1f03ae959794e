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
an_ret an_api_contract_cancel_preview(struct an_request *r);
an_ret an_api_contract_cancel_withdraw(struct an_request *r);
an_ret an_api_change_withdraw(struct an_request *r);
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
/* support desk (issue 13) */
an_ret an_api_ticket_create(struct an_request *r);
an_ret an_api_ticket_public(struct an_request *r);
an_ret an_api_ticket_list(struct an_request *r);
an_ret an_api_ticket_get(struct an_request *r);
an_ret an_api_ticket_reply(struct an_request *r);
an_ret an_api_ticket_update(struct an_request *r);
an_ret an_api_ticket_history_csv(struct an_request *r);
an_ret an_api_support_info(struct an_request *r);
an_ret an_api_ticket_attachment_get(struct an_request *r);
an_ret an_api_ticket_attachment_add(struct an_request *r);
an_ret an_api_pdr_create(struct an_request *r);
an_ret an_api_pdr_verify(struct an_request *r);
an_ret an_api_pdr_list(struct an_request *r);
an_ret an_api_pdr_complete(struct an_request *r);
an_ret an_api_pdr_download(struct an_request *r);
an_ret an_api_breach_create(struct an_request *r);
an_ret an_api_breach_list(struct an_request *r);
an_ret an_api_breach_get(struct an_request *r);
an_ret an_api_breach_notify(struct an_request *r);
an_ret an_api_breach_step(struct an_request *r);
an_ret an_api_disclosure_create(struct an_request *r);
an_ret an_api_disclosure_notify(struct an_request *r);
an_ret an_api_disclosure_list(struct an_request *r);

/* identity and access (issue 11): custom roles and their assignment (api/roles.c) */
an_ret an_api_roles_list(struct an_request *r);
an_ret an_api_roles_create(struct an_request *r);
an_ret an_api_roles_update(struct an_request *r);
an_ret an_api_roles_delete(struct an_request *r);
an_ret an_api_user_roles_get(struct an_request *r);
an_ret an_api_user_roles_put(struct an_request *r);
/* the networks a staff account may work from (api/staff_networks.c) */
an_ret an_api_staff_networks_get(struct an_request *r);
an_ret an_api_staff_networks_put(struct an_request *r);
/* reads of a tenant's personal data and the tenant's view of them (api/data_access.c) */
an_ret an_api_tenant_users(struct an_request *r);
an_ret an_api_data_access_list(struct an_request *r);
an_ret an_api_data_access_csv(struct an_request *r);
/* optional audit event classes and screen events (api/event_classes.c) */
an_ret an_api_event_classes_get(struct an_request *r);
an_ret an_api_event_classes_put(struct an_request *r);
an_ret an_api_screen_open(struct an_request *r);
/* the operator's forced password reset of a tenant user (api/provider_reset.c) */
an_ret an_api_provider_reset(struct an_request *r);
/* account review (api/account_review.c) */
an_ret an_api_account_review(struct an_request *r);
an_ret an_api_account_review_csv(struct an_request *r);
an_ret an_api_account_review_done(struct an_request *r);

/* onboarding (issue 10) */
an_ret an_api_pwlink_use(struct an_request *r);
an_ret an_api_pwlink_rules(struct an_request *r);
an_ret an_api_me_password_rules(struct an_request *r);
an_ret an_api_user_password_link(struct an_request *r);
an_ret an_api_staff_password_link(struct an_request *r);
an_ret an_api_tenant_admin_password_link(struct an_request *r);
an_ret an_api_staff_suspend(struct an_request *r);
an_ret an_api_staff_reinstate(struct an_request *r);
an_ret an_api_staff_delete(struct an_request *r);
an_ret an_api_operator_profile_get(struct an_request *r);
an_ret an_api_operator_profile_put(struct an_request *r);
an_ret an_api_mail_resend(struct an_request *r);
/* What became of the mail an action queued: "queued" (a relay sends it shortly) or "held" (no
 * relay is configured: it waits in the outbox). For the mail_delivery field of answers. */
const char *an_api_mail_delivery(const struct an_request *r);

/* Screens (issue 10): GET /api/v1/me/services, the company's services for any of its users. */
an_ret an_api_me_services(struct an_request *r);

/* Reads ?limit= (1..500, default 100) and ?offset= (>= 0); false after replying 400. */
bool an_api_paging_or_reply(struct an_request *r, long *limit, long *offset, an_ret *ret);

/* Keyset lists (issue 20: users, tenants, mails): reads ?limit= (1..500, default 100) and
 * ?cursor= (the opaque next_cursor of the previous page; *cursor stays as the caller set it when
 * absent); ?offset= other than 0 is refused. False after replying 400. */
bool an_api_keyset_or_reply(struct an_request *r, long *limit, int64_t *cursor, an_ret *ret);
/* Replies 200 {"items": [...], "next_cursor": "..." | null, ...extra}: items were read with
 * limit + 1, so one more than limit means there is a next page; the extra item is dropped and
 * next_cursor names the last item shown (its "id"). listed < 0 replies 500. Takes items and
 * extra (may be NULL). */
an_ret an_api_keyset_reply(struct an_request *r, int listed, json_t *items, long limit,
                           json_t *extra);
/* Operations and service levels (ops_incidents.c, ops_status.c) */
an_ret an_api_incident_create(struct an_request *r);
an_ret an_api_incident_list(struct an_request *r);
an_ret an_api_incident_get(struct an_request *r);
an_ret an_api_incident_update(struct an_request *r);
an_ret an_api_incident_postmortem(struct an_request *r);
an_ret an_api_incident_stats(struct an_request *r);
an_ret an_api_failure_report(struct an_request *r);
an_ret an_api_maintenance_create(struct an_request *r);
an_ret an_api_maintenance_list(struct an_request *r);
an_ret an_api_sla_availability(struct an_request *r);
an_ret an_api_status(struct an_request *r);
an_ret an_api_announcement_create(struct an_request *r);
an_ret an_api_announcement_list(struct an_request *r);
an_ret an_api_announcements_atom(struct an_request *r);
an_ret an_api_status_subscribe(struct an_request *r);
an_ret an_api_status_confirm(struct an_request *r);
an_ret an_api_status_unsubscribe(struct an_request *r);
an_ret an_api_info_get(struct an_request *r);
an_ret an_api_info_publish(struct an_request *r);
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
/* client certificates (api/client_ca.c, SLA-22) */
an_ret an_api_client_ca_get(struct an_request *r);
an_ret an_api_client_ca_put(struct an_request *r);
an_ret an_api_client_ca_delete(struct an_request *r);
/* monitoring and alerts (issue 12 item 7) */
an_ret an_api_monitor_get(struct an_request *r);
/* catalogue edits (issue 10 item 5): catalogue_edits.c */
an_ret an_api_shop_update(struct an_request *r);
an_ret an_api_service_update(struct an_request *r);
an_ret an_api_plan_update(struct an_request *r);
/* Art. 4 acknowledgement (issue 10 item 18): terms_ack.c */
an_ret an_api_terms_ack_get(struct an_request *r);
an_ret an_api_terms_ack_post(struct an_request *r);
/* user edits (issue 10 item 5): users.c */
an_ret an_api_user_update(struct an_request *r);
/* staff and tenant edits (issue 10 item 5): staff_edit.c, tenant_edit.c */
an_ret an_api_staff_update(struct an_request *r);
an_ret an_api_tenant_update(struct an_request *r);

/* receivables (issue 17) */
an_ret an_api_invoices(struct an_request *r);
an_ret an_api_invoice_get(struct an_request *r);
an_ret an_api_invoices_issue(struct an_request *r);
an_ret an_api_invoice_credit(struct an_request *r);
an_ret an_api_shop_invoice_registration(struct an_request *r);
an_ret an_api_payments_import(struct an_request *r);
an_ret an_api_payment_record(struct an_request *r);
an_ret an_api_payments(struct an_request *r);
an_ret an_api_balances(struct an_request *r);
an_ret an_api_invoices_csv(struct an_request *r);
an_ret an_api_balances_csv(struct an_request *r);
/* the tenant's audit retention (api/audit_retention.c, CHK-24) */
an_ret an_api_audit_retention_get(struct an_request *r);
an_ret an_api_audit_retention_put(struct an_request *r);
/* the account review interval (api/review_settings.c, WP-24) */
an_ret an_api_account_review_settings_put(struct an_request *r);
/* support desk, continued (issue 13): plan targets (support_plans.c) */
an_ret an_api_plan_targets_list(struct an_request *r);
an_ret an_api_plan_target_put(struct an_request *r);
an_ret an_api_plan_target_delete(struct an_request *r);

/* response times and the SLA report (issue 12 items 3, 6) */
an_ret an_api_sla_response_times(struct an_request *r);
an_ret an_api_sla_report(struct an_request *r);
/* /privacy: the information page (info.html) of kind privacy. */
an_ret an_api_privacy_page(struct an_request *r);
/* GET /api/v1/me/status: the status of the caller's own services. */
an_ret an_api_status_mine(struct an_request *r);
/* ?month=YYYY-MM (default the current JST month) as [from, to); else 400 naming month. */
bool an_api_month_or_reply(struct an_request *r, int64_t *from, int64_t *to, an_ret *ret);
/* usage metering (api/usage.c, issue 17 item 5) */
an_ret an_api_plan_meter_add(struct an_request *r);
an_ret an_api_usage_report(struct an_request *r);
an_ret an_api_usage_month(struct an_request *r);

/* usage and quotas (issue 12 item 8) */
an_ret an_api_usage_get(struct an_request *r);
/* The problem for a refusal at the plan's user limit, naming the limit (WP-15). */
an_ret an_api_usage_limit_problem(struct an_request *r);

/* live compliance checks, attestations and history (api/compliance_live.c, issue 16) */
an_ret an_api_compliance_requirements(struct an_request *r);
an_ret an_api_compliance_evaluate(struct an_request *r);
an_ret an_api_compliance_history(struct an_request *r);
an_ret an_api_attestation_create(struct an_request *r);
an_ret an_api_attestation_list(struct an_request *r);
an_ret an_api_attestation_delete(struct an_request *r);
/* receivables: the invoice PDF and dunning (api/receivables.c, issue 17 items 1, 3) */
an_ret an_api_invoice_pdf(struct an_request *r);
an_ret an_api_dunning_proposals(struct an_request *r);
an_ret an_api_dunning_suspend(struct an_request *r);
an_ret an_api_dunning_dismiss(struct an_request *r);

/* the live assessment of the checklists (api/compliance_assess.c, issue 16 items 4, 5) */
an_ret an_api_compliance_catalogs(struct an_request *r);
an_ret an_api_compliance_catalog(struct an_request *r);
an_ret an_api_compliance_catalog_csv(struct an_request *r);
an_ret an_api_compliance_oscal(struct an_request *r);
an_ret an_api_trust(struct an_request *r);
/* dedicated tenancy: a tenant's placement (issue 15 item 3) */
an_ret an_api_tenant_placement(struct an_request *r);
/* the self-assessment report as PDF (api/compliance_assess.c, issue 16 item 5) */
an_ret an_api_compliance_report_pdf(struct an_request *r);

#endif
