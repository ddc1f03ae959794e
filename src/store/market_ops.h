/* The marketplace's records of what was told and handed to whom: notices posted to contractors
 * (TOS-21), webhook deliveries to shops and hand-overs of personal data (TOS-18). Reports of
 * prohibited acts (TOS-17) are tickets now (store/support_reports.h). */
#ifndef AN_STORE_MARKET_OPS_H
#define AN_STORE_MARKET_OPS_H
#include <jansson.h>
#include <stdint.h>

#include "core/spec.h"
#include "store/db.h"

/* A notice's title and body in Japanese and English. */
struct an_notice_text {
  const char *title, *body, *title_en, *body_en;
};
/* tenant_id 0 = a notice to every contractor. */
int an_store_notice_insert(struct an_db *db, int64_t tenant_id, const char *kind,
                           const struct an_notice_text *text, const char *ref, int64_t now);
/* The tenant's notices and those to everyone, newest first, with title and body in lang ("en"
 * or "ja"; Japanese when a notice has no English text). */
int an_store_notice_list(struct an_db *db, int64_t tenant_id, const char *lang, json_t *out);

int an_store_webhook_insert(struct an_db *db, int64_t shop_id, const char *event,
                            const char *payload, int64_t now);
/* A delivery due, with its shop's webhook URL ("" when the shop has none). */
struct an_webhook_due {
  int64_t id;
  int64_t shop_id;
  char *event;
  char *payload;
  int64_t attempts;
  char *url;
  uint64_t nulls;
};
extern const struct an_spec an_webhook_due_spec;
/* Pending deliveries due at now, oldest first (at most limit), into a new array *items of *n
 * (release with an_spec_free_array). Returns the count or an error. */
int an_store_webhook_due(struct an_db *db, int64_t now, int64_t limit,
                         struct an_webhook_due **items, size_t *n);
int an_store_webhook_result(struct an_db *db, int64_t id, const char *status, int64_t attempts,
                            int64_t next_at, int64_t http_status, const char *error, int64_t now);
int an_store_webhook_list(struct an_db *db, int64_t shop_id, json_t *out);

int an_store_handover_insert(struct an_db *db, const char *recipient_kind, const char *recipient,
                             int64_t tenant_id, const char *purpose, const char *fields,
                             int64_t records, const char *actor, int64_t now);
/* Every recorded hand-over, newest first (operator staff). */
int an_store_handover_list_all(struct an_db *db, json_t *out);

#endif
