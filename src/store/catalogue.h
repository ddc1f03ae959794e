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
/* A shop (its webhook secret is never read with it). */
struct an_shop {
  int64_t id;
  char *code;
  char *name;
  char *contact_email;
  char *webhook_url; /* "" when none */
  char *status;
  int64_t created_at;
  uint64_t nulls;
};
extern const struct an_spec an_shop_spec;
/* One shop into out (release with an_spec_clear). Returns 1, 0 or an error. */
int an_store_shop_read(struct an_db *db, int64_t id, struct an_shop *out);
/* The same as a reply's JSON object (for callers that only pass it on). */
int an_store_shop_get(struct an_db *db, int64_t id, json_t **out);
/* The shop's webhook secret (private; never in a record). Returns 1, 0 or an error. */
int an_store_shop_secret(struct an_db *db, int64_t id, char *out, size_t outlen);
/* Every shop by id into a new array *items of *n (release with an_spec_free_array). Returns the
 * count or an error. */
int an_store_shop_list(struct an_db *db, struct an_shop **items, size_t *n);
int an_store_shop_set_webhook(struct an_db *db, int64_t id, const char *url, const char *secret,
                              int64_t now);

int an_store_service_insert(struct an_db *db, int64_t shop_id, const char *code, const char *name,
                            const char *description, const char *conditions, int64_t notice_days,
                            int64_t now, int64_t *id);
/* Sets (url NULL: clears) the service's address. 1, 0 when no such service, or an error. */
int an_store_service_set_url(struct an_db *db, int64_t id, const char *url, int64_t now);
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
/* A service's plans carry the plan's own columns only: an_plan_spec's first fields. */
extern const struct an_spec an_plan_list_spec;

/* A service with its plans (cheapest first). */
struct an_service {
  int64_t id;
  int64_t shop_id;
  char *shop_name;
  char *code;
  char *name;
  char *description;
  char *conditions;
  int64_t notice_days;
  char *status; /* active | discontinuing | discontinued */
  char *discontinue_on;
  char *discontinue_reason;
  int64_t created_at;
  char *url; /* NULL: none */
  uint64_t nulls;
  struct an_plan *plans; /* not columns: read by a second query (an_plan_list_spec) */
  size_t nplans;
};
extern const struct an_spec an_service_spec;
/* Frees what s owns, its plans too, and zeroes it. */
void an_service_clear(struct an_service *s);
/* Clears n services of an array and frees the array. */
void an_services_free(struct an_service *items, size_t n);
/* s as a reply's JSON object: the service's fields and "plans", an array of plan objects. */
json_t *an_service_to_json(const struct an_service *s);

/* One service with its plans into out (release with an_service_clear). 1, 0 or an error. */
int an_store_service_read(struct an_db *db, int64_t id, struct an_service *out);
/* The same when the service is one of shop_id's (> 0). */
int an_store_service_read_shop(struct an_db *db, int64_t shop_id, int64_t id,
                               struct an_service *out);
/* The same as a reply's JSON object (for callers that only pass it on). */
int an_store_service_get(struct an_db *db, int64_t id, json_t **out);
/* shop_id's services (> 0) by id, each with its plans, into a new array *items of *n (release
 * with an_services_free). Returns the count or an error. _all: every shop's. */
int an_store_service_list(struct an_db *db, int64_t shop_id, struct an_service **items, size_t *n);
int an_store_service_list_all(struct an_db *db, struct an_service **items, size_t *n);

/* Next version number of kind, inserted; *id set. */
int an_store_document_insert(struct an_db *db, const char *kind, const char *title,
                             const char *body, const char *effective_on, bool material,
                             const char *by, int64_t now, int64_t *id, int64_t *version);
/* One version of a published document. */
struct an_document {
  int64_t id;
  char *kind;
  int64_t version;
  char *title;
  char *effective_on; /* YYYY-MM-DD */
  int64_t material;   /* 0 or 1, as the replies have always shown it */
  char *published_by;
  int64_t created_at;
  char *body; /* NULL (not selected) in lists */
  uint64_t nulls;
};
extern const struct an_spec an_document_spec;
/* The version of kind in force on date (latest effective_on <= date) into out (release with
 * an_spec_clear). Returns 1, 0 or an error. */
int an_store_document_in_force(struct an_db *db, const char *kind, const char *date,
                               struct an_document *out);
int an_store_document_get(struct an_db *db, int64_t id, struct an_document *out);
/* Every version of kind, newest first, without bodies, into a new array *items of *n (release
 * with an_spec_free_array). Returns the count or an error. */
int an_store_document_list(struct an_db *db, const char *kind, struct an_document **items,
                           size_t *n);

#endif
