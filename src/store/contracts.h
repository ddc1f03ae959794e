/* Applications, contracts and change requests. Every contract and change query a contractor can
 * reach takes a tenant (or shop) id > 0; operator-wide reads are the ..._all functions.
 * Applications and contracts are typed structs read through their specs (core/spec.h, bound by
 * column name); change requests are still JSON records (store/rows.h). Dates are 'YYYY-MM-DD'
 * text. */
#ifndef AN_STORE_CONTRACTS_H
#define AN_STORE_CONTRACTS_H
#include <jansson.h>
#include <stdint.h>

#include "core/spec.h"
#include "store/db.h"

/* The application form (TOS-1) as the applicant sends it; its body spec, with the bounds of
 * each field, is an_application_form_spec (market/applications.h). */
struct an_application_form {
  char *company_name, *company_code, *address, *phone, *responsible_name, *responsible_email,
      *admin_login;
  int64_t plan_id, terms_document_id;
  bool agree;
  int64_t important_matters_document_id; /* 0: not sent */
  bool privacy_confirmed;                /* the privacy policy confirmed (issue 10 item 20) */
  bool antisocial_declared;              /* not an anti-social force, declared (Art. 26) */
  uint64_t nulls;
};
/* What is recorded with the form: the consent's origin and the confirmation link's hash. */
struct an_application_consent {
  const char *ip, *by;
  const char *confirm_hash; /* hex SHA-256 of the confirmation token */
  int64_t confirm_expires_at;
};
/* An application as the operator reads it (never the confirmation hash). */
struct an_application {
  int64_t id;
  char *status, *company_name, *company_code, *address, *phone, *responsible_name,
      *responsible_email, *admin_login;
  int64_t plan_id;
  char *plan_name, *service_name;
  int64_t terms_document_id, terms_version, consent_at;
  char *consent_ip, *consent_by, *refusal_reason, *decision_message, *decided_by;
  int64_t decided_at, tenant_id, contract_id, created_at, confirmed_at,
      important_matters_document_id;
  int64_t company_code_taken;                  /* 1 when a tenant has the code, else 0 */
  bool privacy_confirmed, antisocial_declared; /* declared; false before these were asked */
  uint64_t nulls;
};
extern const struct an_spec an_application_spec;

/* Stores the form 'unconfirmed' with its consent. *id set. Returns 1 or an error. */
int an_store_application_insert(struct an_db *db, const struct an_application_form *f,
                                const struct an_application_consent *c, int64_t now, int64_t *id);
/* The application id (release with an_spec_clear). Returns 1, 0 or an error. */
int an_store_application_get(struct an_db *db, int64_t id, struct an_application *out);
/* Confirmed applications only; status "" = any; newest first. *items: an array of *n (release
 * with an_spec_free_array). Returns the count or an error. */
int an_store_application_list(struct an_db *db, const char *status, int64_t limit, int64_t offset,
                              struct an_application **items, size_t *n);
/* Makes the unconfirmed application with this confirmation hash pending when its link has not
 * expired, once (the hash is cleared). Returns 1 with *id set, 0 when none, or an error. */
int an_store_application_confirm(struct an_db *db, const char *hash, int64_t now, int64_t *id);
/* Deletes applications left unconfirmed whose link expired before `before`. Returns the number
 * deleted or an error. */
int an_store_application_purge_unconfirmed(struct an_db *db, int64_t before);
/* Records the decision of a pending application. Returns 1, 0 when no longer pending, or error. */
int an_store_application_decide(struct an_db *db, int64_t id, const char *status,
                                const char *reason, const char *message, const char *by,
                                int64_t tenant_id, int64_t contract_id, int64_t now);

/* A contract, joined with its tenant, shop, service, plan and terms (CONTRACT_COLS). Dates are
 * 'YYYY-MM-DD' text (NULL until set). */
struct an_contract {
  int64_t id, tenant_id;
  char *company_code, *company_name, *number;
  int64_t shop_id;
  char *shop_name;
  int64_t service_id;
  char *service_code, *service_name;
  int64_t plan_id;
  char *plan_name;
  int64_t monthly_fee, initial_fee, tax_rate;
  char *billing_cycle;
  int64_t max_users, storage_gb, terms_document_id, terms_version;
  char *status, *status_reason, *area, *start_on, *requested_end_on;
  int64_t cancel_notice_at;
  char *end_on, *access_end_on, *billing_end_on, *deletion_due_on;
  int64_t created_at, updated_at;
  char *service_url; /* the service's address, NULL when it has none (issue 10 item 15) */
  char *service_area; /* where the service is provided (TOS-11), 日本国内 unless set at approval */
  uint64_t nulls;
};
extern const struct an_spec an_contract_spec;

/* Keyset pages of contracts, newest first, status "" = any: those with an id below before (0:
 * from the newest), limit of them after skipping offset. With offset 0 a page costs the same at
 * any depth (an index range on (scope, id)). *items: an array of *n (an_spec_free_array).
 * Returns the count or an error. tenant_id's (> 0) ... */
int an_store_contract_page(struct an_db *db, int64_t tenant_id, const char *status, int64_t before,
                           int64_t limit, int64_t offset, struct an_contract **items, size_t *n);
/* ... shop_id's (> 0) ... */
int an_store_contract_page_shop(struct an_db *db, int64_t shop_id, const char *status,
                                int64_t before, int64_t limit, int64_t offset,
                                struct an_contract **items, size_t *n);
/* ... every tenant's (operator staff). */
int an_store_contract_page_all(struct an_db *db, const char *status, int64_t before, int64_t limit,
                               int64_t offset, struct an_contract **items, size_t *n);

/* What a new contract is made of. */
struct an_contract_new {
  int64_t tenant_id;
  const char *number;
  int64_t shop_id, service_id, plan_id, terms_document_id;
  const char *start_on;
};
int an_store_contract_insert(struct an_db *db, const struct an_contract_new *c, int64_t now,
                             int64_t *id);
/* Contract id of tenant_id (> 0; otherwise none, logged as a bug) into *out (an_spec_clear).
 * 1, 0 or an error. */
int an_store_contract_get(struct an_db *db, int64_t tenant_id, int64_t id, struct an_contract *out);
/* Contract id of shop_id's services (shop_id > 0). */
int an_store_contract_get_shop(struct an_db *db, int64_t shop_id, int64_t id,
                               struct an_contract *out);
/* Contract id of any tenant (operator staff, the system). */
int an_store_contract_get_all(struct an_db *db, int64_t id, struct an_contract *out);
/* Lists, newest first, into *items (an_spec_free_array): the contracts between shop_id's
 * services and tenant_id (both > 0) ... */
int an_store_contract_list_shop_tenant(struct an_db *db, int64_t shop_id, int64_t tenant_id,
                                       int64_t limit, struct an_contract **items, size_t *n);
/* ... and every tenant's contracts of one service (the system, discontinuing it). */
int an_store_contract_list_service_all(struct an_db *db, int64_t service_id, int64_t limit,
                                       struct an_contract **items, size_t *n);
/* ... and every tenant's contracts of one plan that have not ended (the system, a fee change). */
int an_store_contract_list_plan_live_all(struct an_db *db, int64_t plan_id, int64_t limit,
                                         struct an_contract **items, size_t *n);
/* Sets the contract's service area (TOS-11), for tenant_id (> 0). 1, 0 or an error. */
int an_store_contract_set_service_area(struct an_db *db, int64_t tenant_id, int64_t id,
                                       const char *area, int64_t now);
/* Next contract serial (for numbers "AN-YYYY-NNNNNN"). */
int an_store_contract_count(struct an_db *db, int64_t *n);
/* The updates name the contract's tenant (> 0) as well as its id: a contract of another tenant is
 * left as it is (0). 1, 0 or an error. */
int an_store_contract_set_status(struct an_db *db, int64_t tenant_id, int64_t id,
                                 const char *status, const char *reason, int64_t now);
int an_store_contract_set_plan(struct an_db *db, int64_t tenant_id, int64_t id, int64_t plan_id,
                               int64_t now);
/* Clears a cancellation notice and the end dates it set (its withdrawal), for tenant_id (> 0).
 * 1, 0 or an error. */
int an_store_contract_clear_cancel(struct an_db *db, int64_t tenant_id, int64_t id, int64_t now);
/* Sets the end-of-contract dates (NULL leaves a date as it is). */
int an_store_contract_set_dates(struct an_db *db, int64_t tenant_id, int64_t id,
                                const char *requested_end_on, int64_t notice_at, const char *end_on,
                                const char *access_end_on, const char *billing_end_on,
                                const char *deletion_due_on, int64_t now);

int an_store_change_insert(struct an_db *db, int64_t tenant_id, int64_t contract_id,
                           const char *kind, int64_t plan_id, const char *details,
                           const char *effective_on, bool late, const char *by, int64_t now,
                           int64_t *id);
/* A change request (plan, add_service or details), with the tenant's and the plan's names.
 * details is JSON text (the new contractor details, or the plan changed from). */
struct an_change {
  int64_t id, tenant_id;
  char *company_name;
  int64_t contract_id, plan_id; /* NULL (0) for details changes */
  char *plan_name;
  char *kind, *details, *effective_on;
  int64_t late_notice; /* 0 or 1, as the API has always shown it */
  char *status, *requested_by, *decided_by, *decision_message;
  int64_t decided_at, applied_at, created_at;
  char *refusal_reason; /* an Art. 9-3 reason when refused (issue 10 item 19), else NULL */
  uint64_t nulls;
};
extern const struct an_spec an_change_spec;

/* Change request id of tenant_id (> 0) into *out (an_spec_clear). 1, 0 or an error. */
int an_store_change_get(struct an_db *db, int64_t tenant_id, int64_t id, struct an_change *out);
/* Change request id of any tenant (operator staff, the system). */
int an_store_change_get_all(struct an_db *db, int64_t id, struct an_change *out);
/* tenant_id's change requests (> 0) with status ("" = any), newest first, into *items
 * (an_spec_free_array). The count or an error. */
int an_store_change_list(struct an_db *db, int64_t tenant_id, const char *status,
                         struct an_change **items, size_t *n);
/* Every tenant's change requests with status ("" = any), newest first. */
int an_store_change_list_all(struct an_db *db, const char *status, struct an_change **items,
                             size_t *n);
/* Moves tenant_id's change id from one status to another; 0 when it was not in `from` (or is
 * another tenant's). */
int an_store_change_set_status(struct an_db *db, int64_t tenant_id, int64_t id, const char *from,
                               const char *to, const char *by, const char *message, int64_t now);

/* Records the Art. 9-3 reason of tenant_id's refused change id. 1, 0 or an error. */
int an_store_change_set_refusal(struct an_db *db, int64_t tenant_id, int64_t id,
                                const char *reason);

/* A contractor holding a live (active or suspended) contract: whom a notice must reach. */
struct an_holder {
  int64_t id; /* the tenant's */
  char *name;
  char *responsible_name;
  char *responsible_email;
  uint64_t nulls;
};
extern const struct an_spec an_holder_spec;
/* Every contractor holding a live contract of any service, by tenant id, into a new array *items
 * of *n (release with an_spec_free_array). Returns the count or an error. */
int an_store_contract_holders_all(struct an_db *db, struct an_holder **items, size_t *n);

#endif
