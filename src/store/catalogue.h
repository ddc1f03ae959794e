/* The catalogue: shops, their services and plans, and the published documents (terms of use,
 * important matters, prohibited acts). Records are JSON objects (store/rows.h). */
#ifndef AN_STORE_CATALOGUE_H
#define AN_STORE_CATALOGUE_H
#include <jansson.h>
#include <stdint.h>

#include "core/spec.h"
#include "store/db.h"

/* The operator's forms (their body specs, with bounds, are in market/catalogue.h). */
struct an_shop_form {
  char *code, *name, *contact_email, *webhook_url;
  uint64_t nulls;
};
struct an_service_form {
  int64_t shop_id;
  char *code, *name, *description, *conditions;
  int64_t notice_days;
  char *url; /* NULL: none (issue 10 item 15) */
  uint64_t nulls;
};
struct an_plan_form {
  char *code, *name;
  int64_t monthly_fee, initial_fee;
  char *billing_cycle;
  int64_t tax_rate, max_users, storage_gb;
  uint64_t nulls;
};

/* Inserts; *id set. Returns 1, 0 when the code is taken, or an error. */
int an_store_shop_insert(struct an_db *db, const char *code, const char *name, const char *email,
                         const char *webhook_url, const char *webhook_secret, int64_t now,
                         int64_t *id);
int an_store_shop_get(struct an_db *db, int64_t id, json_t **out);
/* The shop's webhook secret (private; never in a record). Returns 1, 0 or an error. */
int an_store_shop_secret(struct an_db *db, int64_t id, char *out, size_t outlen);
int an_store_shop_list(struct an_db *db, json_t *out);
int an_store_shop_set_webhook(struct an_db *db, int64_t id, const char *url, const char *secret,
                              int64_t now);

int an_store_service_insert(struct an_db *db, int64_t shop_id, const char *code, const char *name,
                            const char *description, const char *conditions, int64_t notice_days,
                            int64_t now, int64_t *id);
/* Sets (url NULL: clears) the service's address. 1, 0 when no such service, or an error. */
int an_store_service_set_url(struct an_db *db, int64_t id, const char *url, int64_t now);
int an_store_service_get(struct an_db *db, int64_t id, json_t **out);
/* Service id when it is one of shop_id's (> 0). */
int an_store_service_get_shop(struct an_db *db, int64_t shop_id, int64_t id, json_t **out);
/* shop_id's services (> 0), each with a "plans" array. */
int an_store_service_list(struct an_db *db, int64_t shop_id, json_t *out);
/* Every shop's services, each with a "plans" array. */
int an_store_service_list_all(struct an_db *db, json_t *out);
int an_store_service_discontinue(struct an_db *db, int64_t id, const char *on, const char *reason,
                                 int64_t now);
int an_store_service_set_status(struct an_db *db, int64_t id, const char *status, int64_t now);

int an_store_plan_insert(struct an_db *db, int64_t service_id, const struct an_plan_form *plan,
                         int64_t now, int64_t *id);
/* A plan; the service and shop fields are those of an_store_plan_get's join. */
struct an_plan {
  int64_t id, service_id;
  char *code, *name;
  int64_t monthly_fee, initial_fee;
  char *billing_cycle;
  int64_t tax_rate, max_users, storage_gb;
  char *status;
  int64_t pending_monthly_fee; /* a fee increase waiting for its notice (NULL: none) ... */
  char *pending_fee_on;        /* ... and the day it takes effect (issue 10 item 5) */
  char *service_name, *service_status;
  int64_t shop_id;
  char *shop_name;
  uint64_t nulls;
};
extern const struct an_spec an_plan_spec;
/* The plan joined with its service and shop into *out (an_spec_clear). 1, 0 or an error. */
int an_store_plan_get(struct an_db *db, int64_t id, struct an_plan *out);
int an_store_plans_of(struct an_db *db, int64_t service_id, json_t *out);

/* Next version number of kind, inserted; *id set. */
int an_store_document_insert(struct an_db *db, const char *kind, const char *title,
                             const char *body, const char *effective_on, bool material,
                             const char *by, int64_t now, int64_t *id, int64_t *version);
/* The version of kind in force on date (latest effective_on <= date). */
int an_store_document_in_force(struct an_db *db, const char *kind, const char *date, json_t **out);
int an_store_document_get(struct an_db *db, int64_t id, json_t **out);
/* Every version of kind, newest first, without bodies. */
int an_store_document_list(struct an_db *db, const char *kind, json_t *out);

#endif
