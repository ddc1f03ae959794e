/* E-mail: rendering a template into the outbox, and the retry policy of the sender.
 *
 * Mail is never sent from a request: it is queued in the same transaction as the change it
 * tells about, with an audit event, and the sender (notify/sender.h) delivers it. With no
 * [mail] relay it stays queued, where operator staff can read it (GET /api/v1/mail). TOS-21:
 * every notice by e-mail is recorded: the message, each delivery attempt and its outcome. */
#ifndef AN_NOTIFY_MAIL_H
#define AN_NOTIFY_MAIL_H
#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "core/ctx.h"
#include "notify/mime_out.h"
#include "store/db.h"

/* an_mail_queue's answer when it refuses its input (not a database error). */
#define AN_MAIL_REFUSED (-10)
/* Attempts before a message is given up as failed. */
#define AN_MAIL_MAX_ATTEMPTS 8
#define AN_MAIL_MAX_ADDR 254

/* The wait before the next attempt once `attempts` attempts have failed: 1 minute, doubling
 * (2, 4, 8 ...), at most 1 hour. In microseconds. */
int64_t an_mail_backoff_us(int64_t attempts);

/* Renders template (in lang: "ja" or "en"; NULL means "ja") with vars (borrowed; may be NULL),
 * queues it for to, due now, for ctx's tenant (none for operator staff and the system), and
 * appends the audit event "mail.queue" (target "mail:<id>"; template, lang and the address).
 * Runs inside the caller's transaction when one is open on db, so the mail is queued only if
 * the caller's change commits; else in a transaction of its own.
 * Returns 1 when queued (and sets *id when id is not NULL), AN_MAIL_REFUSED when the address is
 * invalid, the template unknown, a placeholder has no value, or the subject would contain CR or
 * LF (header injection), or an AN_DB_* error. Refusals are logged at warn. */
int an_mail_queue_id(const struct an_ctx *ctx, struct an_db *db, const char *to,
                     const char *template_name, const char *lang, json_t *vars, int64_t *id);
/* an_mail_queue_id without the id. */
int an_mail_queue(const struct an_ctx *ctx, struct an_db *db, const char *to,
                  const char *template_name, const char *lang, json_t *vars);

/* Queues the "notice" template in lang ("en" or "ja"; anything else is Japanese) with a title
 * and a body the caller wrote in that language, to addressee ("ご担当者" / "Customer" when
 * none), for tenant_id (0 = none), like an_mail_queue. An invalid address (logged) counts as
 * done: a notice to nobody does not undo the change it tells about. A notice that cannot be
 * built (invalid UTF-8, no memory) is never dropped silently: AN_DB_HARD, so the caller's
 * transaction rolls back and the request fails. CR and LF in the title become spaces. Returns 1
 * or an AN_DB_* error. */
int an_mail_notice(const struct an_ctx *ctx, struct an_db *db, int64_t tenant_id, const char *to,
                   const char *addressee, const char *lang, const char *title, const char *body);

/* an_mail_notice with the catalogue's notice.<key>.title and notice.<key>.body rendered in lang
 * with vars (borrowed). AN_DB_HARD (logged as our bug) when the message cannot be rendered. */
int an_mail_notice_msg(const struct an_ctx *ctx, struct an_db *db, int64_t tenant_id,
                       const char *to, const char *addressee, const char *lang, const char *key,
                       const json_t *vars);

/* an_mail_notice_msg with file attached (the message goes out as multipart/mixed; the file is
 * sealed at rest like the body), in the caller's transaction when one is open. Returns 1 or an
 * AN_DB_* error. */
int an_mail_notice_file(const struct an_ctx *ctx, struct an_db *db, int64_t tenant_id,
                        const char *to, const char *addressee, const char *lang, const char *key,
                        const json_t *vars, const struct an_mime_file *file);

#endif
