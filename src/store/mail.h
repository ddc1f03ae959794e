/* The e-mail outbox (mail_outbox) and its delivery record (mail_deliveries).
 *
 * A message is queued, claimed by one sender ('sending', with claimed_by and claimed_until), then
 * marked sent, put back to 'queued' for a later attempt, or marked failed. Claiming is one
 * UPDATE ... WHERE status = ... RETURNING, so with several server instances on one database each
 * message is claimed by exactly one of them; a claim that runs out (a sender that crashed) is
 * taken over by the next claim. The back-off policy is the caller's (notify/mail.c): these
 * queries store what they are given. Mail to operator staff has tenant_id 0 (NULL). */
#ifndef AN_STORE_MAIL_H
#define AN_STORE_MAIL_H
#include <stdbool.h>
#include <stdint.h>

#include "store/db.h"

/* One message. The strings are borrowed: valid only during the callback that shows it. */
struct an_mail {
  int64_t id;
  int64_t tenant_id; /* 0 when none */
  const char *to_addr;
  const char *subject;
  const char *body_text;
  const char *template_name;
  const char *lang;
  const char *status; /* queued, sending, sent, failed */
  int64_t attempts;   /* attempts begun (a claim begins one) */
  int64_t next_attempt_at;
  const char *last_error; /* "" when none */
  int64_t created_at;
  int64_t sent_at; /* 0 until sent */
};

/* One delivery attempt. Strings borrowed as above. */
struct an_mail_delivery {
  int64_t id;
  int64_t mail_id;
  int64_t attempt;
  int64_t at;
  const char *outcome; /* sent, retry, failed */
  const char *smtp_response;
};

typedef void (*an_mail_cb)(void *cls, const struct an_mail *m);
typedef void (*an_mail_delivery_cb)(void *cls, const struct an_mail_delivery *d);

/* Queues m (id, status, attempts, last_error, sent_at ignored: a new message is 'queued' with no
 * attempt, due at m->next_attempt_at) and sets m->id. Returns 1 or an error. */
int an_store_mail_enqueue(struct an_db *db, struct an_mail *m);

/* Claims for claimer, until claimed_until, at most limit messages that are due at now: queued
 * ones whose next_attempt_at has come, and 'sending' ones whose claim ran out before now (their
 * sender stopped mid-delivery). Each claimed message becomes 'sending' with attempts + 1 (so an
 * attempt that crashed the sender still counts) and is shown to cb as it is after the claim.
 * Safe against concurrent claimers: a message is claimed by one of them only. Returns the number
 * claimed or an error. */
int an_store_mail_claim(struct an_db *db, const char *claimer, int64_t claimed_until, int64_t now,
                        int64_t limit, an_mail_cb cb, void *cls);

/* Marks the message sent at now, if claimer still holds its claim. Returns 1, 0 when the claim
 * was lost (another sender took it over), or an error. */
int an_store_mail_mark_sent(struct an_db *db, int64_t id, const char *claimer, int64_t now);

/* Records a failed attempt, if claimer still holds the claim: back to 'queued' due at
 * next_attempt_at, or 'failed' when give_up; last_error = error. Returns 1, 0 when the claim was
 * lost, or an error. */
int an_store_mail_mark_retry(struct an_db *db, int64_t id, const char *claimer,
                             int64_t next_attempt_at, const char *error, bool give_up);

/* Gives back a claimed message that was not attempted (the sender is stopping): queued again,
 * due as before, its claim's attempt not counted. Returns 1, 0 when claimer does not hold it, or
 * an error. */
int an_store_mail_release(struct an_db *db, int64_t id, const char *claimer);

/* Fails 'sending' messages whose claim ran out before now and that have had max_attempts
 * attempts, so a message that keeps crashing its sender is not claimed forever. Returns the
 * number failed or an error. */
int an_store_mail_fail_stale(struct an_db *db, int64_t now, int64_t max_attempts,
                             const char *error);

/* Records one delivery attempt. Returns 1 or an error. */
int an_store_mail_delivery_insert(struct an_db *db, int64_t mail_id, int64_t attempt, int64_t at,
                                  const char *outcome, const char *smtp_response);

/* Shows cb tenant_id's messages (> 0) newest first (by id), at most limit with an id below
 * before (a keyset page: INT64_MAX = from the newest; index (tenant_id, id), so a page costs the
 * same at any depth). Returns the count or an error. */
int an_store_mail_list(struct an_db *db, int64_t tenant_id, int64_t limit, int64_t before,
                       an_mail_cb cb, void *cls);
/* The same over every message (operator staff). */
int an_store_mail_list_all(struct an_db *db, int64_t limit, int64_t before, an_mail_cb cb,
                           void *cls);

/* Shows cb the message with this id. Returns 1, 0 when there is none, or an error. */
int an_store_mail_get(struct an_db *db, int64_t id, an_mail_cb cb, void *cls);

/* Shows cb the delivery attempts of a message, oldest first. Returns the count or an error. */
int an_store_mail_deliveries(struct an_db *db, int64_t mail_id, an_mail_delivery_cb cb, void *cls);

/* Sets *count to the number of queued messages (due or not). Returns 1 or an error. */
int an_store_mail_count_queued(struct an_db *db, int64_t *count);

/* Queues a copy of message id (same recipient, tenant, subject and body) due at now, and sets
 * *new_id. The original stays as it was. Returns 1, 0 when there is no such message, or an
 * error. */
int an_store_mail_copy(struct an_db *db, int64_t id, int64_t now, int64_t *new_id);

#endif
