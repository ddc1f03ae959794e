/* The field tables of the route bodies (api/bodies.h), one block per handler file: a key is its
 * member's name, with its type, whether it is required and its bounds. */
#include "api/bodies.h"

#include "api/api.h"
#include "api/kinds.h"
#include "api/public_rate.h"

/* api/applications.c */
static const struct an_jbody_field applications_confirm_f[] = {
    AN_IN_TEXT(an_in_applications, token, true, 1, 100)};
const struct an_jbody an_api_application_confirm_body =
    AN_IN_BODY(an_in_applications, applications_confirm_f, an_api_public_write_or_reply);
static const struct an_jbody_field applications_approve_f[] = {
    AN_IN_TEXT(an_in_applications, start_on, false, 10, 10),
    AN_IN_TEXT(an_in_applications, service_area, false, 1, 100)};
const struct an_jbody an_api_application_approve_body =
    AN_IN_BODY(an_in_applications, applications_approve_f, NULL);
static const struct an_jbody_field applications_refuse_f[] = {
    AN_IN_TEXT(an_in_applications, reason, true, 1, 40),
    AN_IN_TEXT(an_in_applications, message, false, 0, 2000)};
const struct an_jbody an_api_application_refuse_body =
    AN_IN_BODY(an_in_applications, applications_refuse_f, NULL);

/* api/auth.c */
static const struct an_jbody_field auth_mfa_f[] = {
    AN_IN_TEXT(an_in_auth, code, false, 1, 16),
    AN_IN_TEXT(an_in_auth, recovery_code, false, 1, 64)};
const struct an_jbody an_api_login_mfa_body = AN_IN_BODY(an_in_auth, auth_mfa_f, NULL);

/* api/catalogue.c */
static const struct an_jbody_field catalogue_document_f[] = {
    AN_IN_TEXT(an_in_catalogue, kind, true, 1, 40),
    AN_IN_TEXT(an_in_catalogue, title, true, 1, 200),
    AN_IN_TEXT(an_in_catalogue, body, true, 1, 200000),
    AN_IN_TEXT(an_in_catalogue, effective_on, true, 10, 10), AN_IN_BOOL(an_in_catalogue, material)};
const struct an_jbody an_api_document_publish_body =
    AN_IN_BODY(an_in_catalogue, catalogue_document_f, NULL);

/* api/compliance_live.c */
static const struct an_jbody_field compliance_live_attest_f[] = {
    AN_IN_TEXT(an_in_compliance_live, requirement, true, 1, 32),
    AN_IN_TEXT(an_in_compliance_live, attested_by, true, 1, 100),
    AN_IN_TEXT(an_in_compliance_live, role, true, 1, 100),
    AN_IN_TEXT(an_in_compliance_live, attested_on, false, 10, 10),
    AN_IN_TEXT(an_in_compliance_live, expires_on, false, 10, 10),
    AN_IN_TEXT(an_in_compliance_live, document_ref, false, 0, 500),
    AN_IN_TEXT(an_in_compliance_live, note, false, 0, 2000)};
const struct an_jbody an_api_attestation_create_body =
    AN_IN_BODY(an_in_compliance_live, compliance_live_attest_f, NULL);

/* api/contracts.c */
static const struct an_jbody_field contracts_terminate_f[] = {
    AN_IN_TEXT(an_in_contracts, cause, true, 1, 40),
    AN_IN_TEXT(an_in_contracts, message, false, 0, 2000)};
const struct an_jbody an_api_contract_terminate_body =
    AN_IN_BODY(an_in_contracts, contracts_terminate_f, NULL);

/* api/erasures.c */
static const struct an_jbody_field erasures_erasure_f[] = {
    AN_IN_TEXT(an_in_erasures, company_code, true, 3, 32),
    AN_IN_TEXT(an_in_erasures, reason, true, 1, 500)};
const struct an_jbody an_api_erasure_create_body =
    AN_IN_BODY(an_in_erasures, erasures_erasure_f, NULL);

/* api/me.c */
static const struct an_jbody_field me_password_f[] = {
    AN_IN_TEXT(an_in_me, current_password, true, 1, 1024),
    AN_IN_TEXT(an_in_me, new_password, true, 1, 1024)};
const struct an_jbody an_api_me_password_body = AN_IN_BODY(an_in_me, me_password_f, NULL);

/* api/onboarding.c */
static const struct an_jbody_field onboarding_use_f[] = {
    AN_IN_TEXT(an_in_onboarding, token, true, 1, 64),
    AN_IN_TEXT(an_in_onboarding, password, true, 1, 1024)};
const struct an_jbody an_api_pwlink_use_body = AN_IN_BODY(an_in_onboarding, onboarding_use_f, NULL);
static const struct an_jbody_field onboarding_rules_f[] = {
    AN_IN_TEXT(an_in_onboarding, token, true, 1, 64)};
const struct an_jbody an_api_pwlink_rules_body =
    AN_IN_BODY(an_in_onboarding, onboarding_rules_f, NULL);

/* api/ops_incidents.c */
static const struct an_jbody_field ops_incidents_postmortem_f[] = {
    AN_IN_TEXT(an_in_ops_incidents, postmortem, true, 1, 20000)};
const struct an_jbody an_api_incident_postmortem_body =
    AN_IN_BODY(an_in_ops_incidents, ops_incidents_postmortem_f, NULL);
static const struct an_jbody_field ops_incidents_failure_f[] = {
    AN_IN_TEXT(an_in_ops_incidents, title, true, 1, 200),
    AN_IN_TEXT(an_in_ops_incidents, description, true, 1, 5000),
    AN_IN_TEXT(an_in_ops_incidents, reporter_name, false, 0, 100),
    AN_IN_TEXT(an_in_ops_incidents, reporter_email, false, 0, 254)};
const struct an_jbody an_api_failure_report_body =
    AN_IN_BODY(an_in_ops_incidents, ops_incidents_failure_f, an_api_public_write_or_reply);

/* api/receivables.c */
static const struct an_jbody_field receivables_issue_f[] = {
    AN_IN_TEXT(an_in_receivables, month, true, 7, 7)};
const struct an_jbody an_api_invoices_issue_body =
    AN_IN_BODY(an_in_receivables, receivables_issue_f, NULL);
static const struct an_jbody_field receivables_credit_f[] = {
    AN_IN_TEXT(an_in_receivables, reason, true, 1, 500)};
const struct an_jbody an_api_invoice_credit_body =
    AN_IN_BODY(an_in_receivables, receivables_credit_f, NULL);
static const struct an_jbody_field receivables_registration_f[] = {
    AN_IN_TEXT(an_in_receivables, invoice_registration_number, true, 0, 14)};
const struct an_jbody an_api_shop_invoice_registration_body =
    AN_IN_BODY(an_in_receivables, receivables_registration_f, NULL);

/* api/reports.c */
static const struct an_jbody_field reports_report_f[] = {
    AN_IN_TEXT(an_in_reports, category, true, 1, 40),
    AN_IN_TEXT(an_in_reports, description, true, 1, 5000),
    AN_IN_TEXT(an_in_reports, target, false, 0, 500),
    AN_IN_TEXT(an_in_reports, reporter_name, false, 0, 100),
    AN_IN_TEXT(an_in_reports, reporter_email, false, 0, 254)};
const struct an_jbody an_api_report_submit_body =
    AN_IN_BODY(an_in_reports, reports_report_f, an_api_public_write_or_reply);

/* api/shop.c */
static const struct an_jbody_field shop_discontinue_f[] = {
    AN_IN_TEXT(an_in_shop, discontinue_on, true, 10, 10),
    AN_IN_TEXT(an_in_shop, reason, true, 1, 1000)};
const struct an_jbody an_api_service_discontinue_body =
    AN_IN_BODY(an_in_shop, shop_discontinue_f, NULL);

/* api/staff.c */
static const struct an_jbody_field staff_create_f[] = {
    AN_IN_TEXT(an_in_staff, login, true, 3, 64),
    AN_IN_TEXT(an_in_staff, display_name, false, 0, 100),
    AN_IN_STRINGS(an_in_staff, roles, true, 1, 4),
    AN_IN_INT(an_in_staff, shop_id, false, 1, INT64_MAX),
    AN_IN_TEXT(an_in_staff, email, false, 0, 254)};
const struct an_jbody an_api_staff_create_body = AN_IN_BODY(an_in_staff, staff_create_f, NULL);

/* api/support_breach.c */
static const struct an_jbody_field support_breach_create_f[] = {
    AN_IN_TEXT(an_in_support_breach, title, true, 1, 200),
    AN_IN_TEXT(an_in_support_breach, what_leaked, true, 1, 5000),
    AN_IN_TEXT(an_in_support_breach, whose, true, 1, 2000),
    AN_IN_TEXT(an_in_support_breach, found_on, true, 10, 10),
    AN_IN_BOOL(an_in_support_breach, malicious),
    AN_IN_INT(an_in_support_breach, affected_tenant_id, false, 1, INT64_MAX),
    AN_IN_TEXT(an_in_support_breach, affected_emails, false, 0, 100000)};
const struct an_jbody an_api_breach_create_body =
    AN_IN_BODY(an_in_support_breach, support_breach_create_f, NULL);
static const struct an_jbody_field support_breach_notify_f[] = {
    AN_IN_TEXT(an_in_support_breach, subject, true, 1, 200),
    AN_IN_TEXT(an_in_support_breach, body, true, 1, 20000)};
const struct an_jbody an_api_breach_notify_body =
    AN_IN_BODY(an_in_support_breach, support_breach_notify_f, NULL);
static const struct an_jbody_field support_breach_step_f[] = {
    AN_IN_TEXT(an_in_support_breach, step, true, 1, 40),
    AN_IN_TEXT(an_in_support_breach, content, false, 0, 20000)};
const struct an_jbody an_api_breach_step_body =
    AN_IN_BODY(an_in_support_breach, support_breach_step_f, NULL);

/* api/support_disclosure.c */
static const struct an_jbody_field support_disclosure_disclosure_f[] = {
    AN_IN_INT(an_in_support_disclosure, tenant_id, true, 1, INT64_MAX),
    AN_IN_TEXT(an_in_support_disclosure, authority, true, 1, 200),
    AN_IN_TEXT(an_in_support_disclosure, legal_basis, true, 1, 500),
    AN_IN_TEXT(an_in_support_disclosure, data_disclosed, true, 1, 5000),
    AN_IN_TEXT(an_in_support_disclosure, disclosed_on, true, 10, 10),
    AN_IN_BOOL(an_in_support_disclosure, prior_notice_prohibited)};
const struct an_jbody an_api_disclosure_create_body =
    AN_IN_BODY(an_in_support_disclosure, support_disclosure_disclosure_f, NULL);

/* api/support_pdr.c */
static const struct an_jbody_field support_pdr_pdr_f[] = {
    AN_IN_TEXT(an_in_support_pdr, kind, true, 1, 20),
    AN_IN_TEXT(an_in_support_pdr, detail, false, 0, 5000)};
const struct an_jbody an_api_pdr_create_body =
    AN_IN_BODY(an_in_support_pdr, support_pdr_pdr_f, NULL);
static const struct an_jbody_field support_pdr_public_f[] = {
    AN_IN_TEXT(an_in_support_pdr, kind, true, 1, 20),
    AN_IN_TEXT(an_in_support_pdr, detail, false, 0, 5000),
    AN_IN_TEXT(an_in_support_pdr, email, true, 3, 254),
    AN_IN_TEXT(an_in_support_pdr, name, false, 0, 100)};
const struct an_jbody an_api_pdr_public_body =
    AN_IN_BODY(an_in_support_pdr, support_pdr_public_f, an_api_public_write_or_reply);
static const struct an_jbody_field support_pdr_verify_f[] = {
    AN_IN_TEXT(an_in_support_pdr, code, true, 1, 12)};
const struct an_jbody an_api_pdr_verify_body =
    AN_IN_BODY(an_in_support_pdr, support_pdr_verify_f, an_api_public_write_or_reply);

/* api/support_tickets.c */
#define TICKET_PUBLIC_FIELDS                                                                       \
  AN_IN_TEXT(an_in_support_tickets, category, true, 1, 40),                                        \
      AN_IN_TEXT(an_in_support_tickets, subject, true, 1, 200),                                    \
      AN_IN_TEXT(an_in_support_tickets, body, true, 1, 20000),                                     \
      AN_IN_TEXT(an_in_support_tickets, requester_name, false, 0, 100),                            \
      AN_IN_TEXT(an_in_support_tickets, requester_email, false, 0, 254)
static const struct an_jbody_field support_tickets_public_f[] = {TICKET_PUBLIC_FIELDS};
const struct an_jbody an_api_ticket_public_body =
    AN_IN_BODY(an_in_support_tickets, support_tickets_public_f, an_api_public_write_or_reply);
static const struct an_jbody_field support_tickets_create_f[] = {
    TICKET_PUBLIC_FIELDS,
    /* contractors and staff: the contract the matter is about (its plan's targets) */
    AN_IN_INT(an_in_support_tickets, contract_id, false, 1, INT64_MAX),
    /* staff recording a call or a mail only; the public form takes neither */
    AN_IN_TEXT(an_in_support_tickets, channel, false, 1, 10),
    AN_IN_INT(an_in_support_tickets, tenant_id, false, 1, INT64_MAX)};
static const struct an_jbody_field support_tickets_reply_f[] = {
    AN_IN_TEXT(an_in_support_tickets, body, true, 1, 20000),
    AN_IN_BOOL(an_in_support_tickets, internal),
    AN_IN_TEXT(an_in_support_tickets, status, false, 1, 20)};
const struct an_jbody an_api_ticket_reply_body =
    AN_IN_BODY(an_in_support_tickets, support_tickets_reply_f, NULL);
const struct an_jbody an_api_ticket_create_body =
    AN_IN_BODY(an_in_support_tickets, support_tickets_create_f, NULL);

/* api/tenants.c */
static const struct an_jbody_field tenants_create_f[] = {
    AN_IN_TEXT(an_in_tenants, company_code, true, 3, 32),
    AN_IN_TEXT(an_in_tenants, name, true, 1, 200),
    AN_IN_TEXT(an_in_tenants, responsible_name, true, 1, 100),
    AN_IN_TEXT(an_in_tenants, responsible_email, true, 3, 254),
    AN_IN_TEXT(an_in_tenants, admin_login, true, 3, 64)};
const struct an_jbody an_api_tenant_create_body = AN_IN_BODY(an_in_tenants, tenants_create_f, NULL);
/* A suspension gives its reason; a reinstatement may. */
static const struct an_jbody_field tenants_suspend_f[] = {
    AN_IN_TEXT(an_in_tenants, reason, true, 1, 500)};
const struct an_jbody an_api_tenant_suspend_body =
    AN_IN_BODY(an_in_tenants, tenants_suspend_f, NULL);
static const struct an_jbody_field tenants_reinstate_f[] = {
    AN_IN_TEXT(an_in_tenants, reason, false, 1, 500)};
const struct an_jbody an_api_tenant_reinstate_body =
    AN_IN_BODY(an_in_tenants, tenants_reinstate_f, NULL);

/* api/users.c */
static const struct an_jbody_field users_create_f[] = {
    AN_IN_TEXT(an_in_users, login, true, 3, 64),
    AN_IN_TEXT(an_in_users, display_name, false, 0, 100),
    AN_IN_TEXT(an_in_users, email, true, 3, 254), AN_IN_STRINGS(an_in_users, roles, false, 1, 2)};
const struct an_jbody an_api_user_create_body = AN_IN_BODY(an_in_users, users_create_f, NULL);
static const struct an_jbody_field users_update_f[] = {
    AN_IN_TEXT(an_in_users, display_name, false, 0, 100),
    AN_IN_TEXT(an_in_users, email, false, 3, 254)};
const struct an_jbody an_api_user_update_body = AN_IN_BODY(an_in_users, users_update_f, NULL);
