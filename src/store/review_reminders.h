/* Account review reminders (WP-24): the tenants whose review is due and not yet reminded of, the
 * claim of one reminder, the tenant's admins to remind, and the review interval setting. */
#ifndef AN_STORE_REVIEW_REMINDERS_H
#define AN_STORE_REVIEW_REMINDERS_H
#include <stdint.h>

#include "store/db.h"

struct an_review_due {
  int64_t tenant_id;
  const char *name; /* the company's name */
  int64_t due_at;   /* (the last review, or the tenant's creation) + months * 30 days */
  int64_t months;
};

/* Calls cb for each active tenant whose review fell due by now and whose admins were not yet
 * reminded of that due date, at most limit, by tenant id. Returns the count or an error. */
int an_store_review_due_all(struct an_db *db, int64_t now, int64_t limit,
                            void (*cb)(void *cls, const struct an_review_due *d), void *cls);
/* Claims the reminder of due_at for tenant_id. Returns 1 when claimed, 0 when it was already sent
 * (by this or another instance), or an error. */
int an_store_review_claim(struct an_db *db, int64_t tenant_id, int64_t due_at);

struct an_review_admin {
  int64_t id;
  const char *display_name;
  const char *email;
};

/* Calls cb for the tenant's active admins (role tenant_admin) with an address, by id. Returns the
 * count or an error. */
int an_store_review_admins(struct an_db *db, int64_t tenant_id,
                           void (*cb)(void *cls, const struct an_review_admin *a), void *cls);
/* Sets the tenant's review interval in months. Returns 1, 0 when none, or an error. */
int an_store_review_set_months(struct an_db *db, int64_t tenant_id, int64_t months, int64_t now);

#endif
