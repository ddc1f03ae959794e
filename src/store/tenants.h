/* Tenants: contractor companies, each with a unique company code and its own data key (stored only
 * wrapped by the master key). */
#ifndef AN_STORE_TENANTS_H
#define AN_STORE_TENANTS_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "store/db.h"

struct an_tenant {
  int64_t id;
  char company_code[33];
  char name[801];             /* 200 characters of UTF-8 */
  char status[17];            /* active, suspended, terminated */
  char status_reason[2001];   /* 500 characters */
  char responsible_name[401]; /* 100 characters */
  char responsible_email[255];
  char ip_allowlist[2048];      /* comma-separated CIDRs; "" = any address */
  int64_t idle_timeout_minutes; /* its users' sessions end after this much inactivity */
  bool mfa_required;            /* every user must have a second factor */
  int64_t session_max_minutes;  /* its users' sessions end this long after login; 0 = never */
  char event_classes[64];       /* optional audit classes collected: "screen,read,download" */
  int64_t review_done_at;       /* the last account review (WP-24); 0 = never */
  char review_done_by[129];     /* who recorded it */
  int64_t review_months;        /* months between reviews */
  char basic_user[65];          /* HTTP Basic gate user name; "" = no gate (CHK-10) */
  char basic_hash[65];          /* hex keyed hash of the gate's password */
  uint8_t dek_wrapped[128];
  size_t dek_wrapped_len;
  int64_t created_at;
  int64_t updated_at;
};

/* Inserts t and sets t->id. Returns 1, 0 when the company code is taken, or an error. */
int an_store_tenant_insert(struct an_db *db, struct an_tenant *t);
/* Loads by company code. Returns 1, 0 when none, or an error. */
int an_store_tenant_by_code(struct an_db *db, const char *code, struct an_tenant *out);
/* Loads by id. Returns 1, 0 when none, or an error. */
int an_store_tenant_by_id(struct an_db *db, int64_t id, struct an_tenant *out);
/* Calls cb for tenants whose code or name starts with prefix ("" = all), ordered by id, at most
 * limit with an id above after (a keyset page: 0 = from the first). Returns the count or an
 * error. */
int an_store_tenant_search(struct an_db *db, const char *prefix, int64_t limit, int64_t after,
                           void (*cb)(void *cls, const struct an_tenant *t), void *cls);
/* Sets status and its reason. Returns 1, 0 when none, or an error. */
int an_store_tenant_set_status(struct an_db *db, int64_t id, const char *status, const char *reason,
                               int64_t now);

/* Replaces the tenant's IP allowlist. Returns 1, 0 when none, or an error. */
int an_store_tenant_set_allowlist(struct an_db *db, int64_t id, const char *csv, int64_t now);

/* Sets the tenant's session policy. Returns 1, 0 when none, or an error. */
int an_store_tenant_set_session_policy(struct an_db *db, int64_t id, int64_t idle_minutes,
                                       bool mfa_required, int64_t now);

/* Records the tenant's account review as done by `by` at now. Returns 1, 0 when none, or an
 * error. */
int an_store_tenant_review_done(struct an_db *db, int64_t id, const char *by, int64_t now);
/* Sets the optional audit event classes the tenant collects ("screen,read,download" or fewer).
 * Returns 1, 0 when none, or an error. */
int an_store_tenant_set_event_classes(struct an_db *db, int64_t id, const char *csv, int64_t now);
/* Sets the absolute lifetime of the tenant's users' sessions in minutes (0 = none). Returns 1, 0
 * when none, or an error. */
int an_store_tenant_set_session_max(struct an_db *db, int64_t id, int64_t minutes, int64_t now);

/* Sets the contractor's details; a NULL value leaves that detail as it is (TOS-4, TOS-14).
 * Returns 1, 0 when none, or an error. */
int an_store_tenant_set_details(struct an_db *db, int64_t id, const char *name, const char *address,
                                const char *phone, const char *responsible_name,
                                const char *responsible_email, int64_t now);

/* Sets (or with "" clears) the tenant's HTTP Basic gate. Returns 1, 0 when none, or an error. */
int an_store_tenant_set_basic_gate(struct an_db *db, int64_t id, const char *user, const char *hash,
                                   int64_t now);

/* The contractor's registered address and phone, opened (store/seal.h), as new strings into
 * *address and *phone ("" when none; free both). Returns 1, 0 when there is no such tenant, or an
 * error. */
int an_store_tenant_particulars(struct an_db *db, int64_t id, char **address, char **phone);

#endif
