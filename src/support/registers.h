/* The support desk's registers (tickets, personal-data requests, breaches, lawful disclosures,
 * the support targets per plan): a new record's first step, the lists only the operator
 * reads whole, and the desk's reminders. */
#ifndef AN_SUPPORT_REGISTERS_H
#define AN_SUPPORT_REGISTERS_H
#include <jansson.h>
#include <stdint.h>

#include "core/ctx.h"
#include "core/errors.h"
#include "store/db.h"

/* {items: rows} in *out, the rows list_all(db, rows) reads (every tenant's). *out is NULL and
 * the answer AN_EC_AUTH_FORBIDDEN for anyone but the operator, AN_EC_GENERIC_INTERNAL when the
 * rows cannot be read. */
enum an_ec an_support_register_list(const struct an_ctx *ctx, struct an_db *db,
                                    int (*list_all)(struct an_db *db, json_t *rows), json_t **out);
/* Inserts the record rec by insert (in the caller's transaction) and writes its new id into rec
 * as "id" and, when id is not NULL, into *id (0 when the insert failed). Returns insert's
 * result. */
int an_support_insert(struct an_db *db,
                      int (*insert)(struct an_db *db, const json_t *rec, int64_t *id), json_t *rec,
                      int64_t *id);
/* Queues the desk's reminder mail key (a catalogue template) with vars (released here) to the
 * [support] privacy_email address, in Japanese, in the caller's transaction. A refused address
 * (misconfigured; the mailer logs it) counts as sent, so that a reminder goes once only. Returns
 * the queue's result, below 0 on failure. */
int an_support_desk_remind(const struct an_ctx *ctx, struct an_db *db, const char *key,
                           json_t *vars);

#endif
