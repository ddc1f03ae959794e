/* The bodies of the routes that name one (http/json_in.h): the input struct of each handler file,
 * whose members are the bodies' keys. The dispatcher decodes a body into its struct before the
 * handler runs; the handler reads it from r->in. The field tables are in api/bodies.c. */
#ifndef AN_API_BODIES_H
#define AN_API_BODIES_H
#include <jansson.h>
#include <stdbool.h>

#include "http/json_in.h"

/* api/applications.c */
struct an_in_applications {
  const char *token, *start_on, *service_area, *reason, *message;
};
/* api/auth.c */
struct an_in_auth {
  const char *code, *recovery_code;
};
/* api/catalogue.c */
struct an_in_catalogue {
  const char *kind, *title, *body, *effective_on;
  bool material;
};
/* api/compliance_live.c */
struct an_in_compliance_live {
  const char *requirement, *attested_by, *role, *attested_on, *expires_on, *document_ref, *note;
};
/* api/contracts.c */
struct an_in_contracts {
  const char *cause, *message;
};
/* api/erasures.c */
struct an_in_erasures {
  const char *company_code, *reason;
};
/* api/me.c */
struct an_in_me {
  const char *current_password, *new_password;
};
/* api/onboarding.c */
struct an_in_onboarding {
  const char *token, *password;
};
/* api/ops_incidents.c */
struct an_in_ops_incidents {
  const char *postmortem, *title, *description, *reporter_name, *reporter_email;
};
/* api/receivables.c */
struct an_in_receivables {
  const char *month, *reason, *invoice_registration_number;
};
/* api/reports.c */
struct an_in_reports {
  const char *category, *description, *target, *reporter_name, *reporter_email;
};
/* api/shop.c */
struct an_in_shop {
  const char *discontinue_on, *reason;
};
/* api/staff.c */
struct an_in_staff {
  const char *login, *display_name, *email;
  json_t *roles;
  json_int_t shop_id;
};
/* api/support_breach.c: the record, a notice to the people affected, a step */
struct an_in_support_breach {
  const char *title, *what_leaked, *whose, *found_on, *affected_emails;
  bool malicious;
  json_int_t affected_tenant_id;
  const char *subject, *body, *step, *content;
};
/* api/support_disclosure.c */
struct an_in_support_disclosure {
  json_int_t tenant_id;
  const char *authority, *legal_basis, *data_disclosed, *disclosed_on;
  bool prior_notice_prohibited;
};
/* api/support_pdr.c: a user's request gives kind and detail, the public's also email (required)
 * and name, the verification its code */
struct an_in_support_pdr {
  const char *kind, *detail, *email, *name, *code;
};
/* api/support_tickets.c */
struct an_in_support_tickets {
  const char *category, *subject, *body, *requester_name, *requester_email, *channel;
  json_int_t contract_id, tenant_id;
  const char *status; /* a reply's */
  bool internal;
};
/* api/tenants.c */
struct an_in_tenants {
  const char *company_code, *name, *responsible_name, *responsible_email, *admin_login, *reason;
};
/* api/users.c */
struct an_in_users {
  const char *login, *display_name, *email;
  json_t *roles;
};

/* The bodies named in the route table. */
extern const struct an_jbody an_api_pwlink_use_body;
extern const struct an_jbody an_api_pwlink_rules_body;
extern const struct an_jbody an_api_login_mfa_body;
extern const struct an_jbody an_api_erasure_create_body;
extern const struct an_jbody an_api_me_password_body;
extern const struct an_jbody an_api_invoices_issue_body;
extern const struct an_jbody an_api_invoice_credit_body;
extern const struct an_jbody an_api_shop_invoice_registration_body;
extern const struct an_jbody an_api_incident_postmortem_body;
extern const struct an_jbody an_api_failure_report_body;
extern const struct an_jbody an_api_pdr_create_body;
extern const struct an_jbody an_api_pdr_public_body;
extern const struct an_jbody an_api_pdr_verify_body;
extern const struct an_jbody an_api_ticket_public_body;
extern const struct an_jbody an_api_ticket_create_body;
extern const struct an_jbody an_api_report_submit_body;
extern const struct an_jbody an_api_document_publish_body;
extern const struct an_jbody an_api_service_discontinue_body;
extern const struct an_jbody an_api_breach_create_body;
extern const struct an_jbody an_api_breach_notify_body;
extern const struct an_jbody an_api_breach_step_body;
extern const struct an_jbody an_api_contract_terminate_body;
extern const struct an_jbody an_api_attestation_create_body;
extern const struct an_jbody an_api_disclosure_create_body;
extern const struct an_jbody an_api_application_submit_body;
extern const struct an_jbody an_api_application_confirm_body;
extern const struct an_jbody an_api_application_approve_body;
extern const struct an_jbody an_api_application_refuse_body;
extern const struct an_jbody an_api_shop_create_body;
extern const struct an_jbody an_api_service_create_body;
extern const struct an_jbody an_api_plan_create_body;
extern const struct an_jbody an_api_shop_update_body;
extern const struct an_jbody an_api_service_update_body;
extern const struct an_jbody an_api_plan_update_body;
extern const struct an_jbody an_api_tenant_update_body;
extern const struct an_jbody an_api_change_create_body;
extern const struct an_jbody an_api_tenant_create_body;
extern const struct an_jbody an_api_tenant_suspend_body;
extern const struct an_jbody an_api_tenant_reinstate_body;
extern const struct an_jbody an_api_user_create_body;
extern const struct an_jbody an_api_user_update_body;
extern const struct an_jbody an_api_staff_create_body;
extern const struct an_jbody an_api_ticket_reply_body;

#endif
