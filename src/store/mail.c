#include "store/mail.h"
#include "store/rows.h"

#include <stdlib.h>

#include "store/seal.h"

#define COLS                                                                                       \
  "id, tenant_id, to_addr, subject, body_text, template, lang, status, attempts, "                 \
  "next_attempt_at, last_error, created_at, sent_at"

/* A message the sender may take: due queued mail, or mail whose sender's claim ran out. */
#define DUE                                                                                        \
  "((status = 'queued' AND next_attempt_at <= $3) OR "                                             \
  "(status = 'sending' AND claimed_until < $3))"

static void read_row(const struct an_db_row *row, struct an_mail *m)
{
  m->id = an_db_row_int(row, 0);
  m->tenant_id = an_db_row_int(row, 1);
  m->to_addr = an_db_row_text(row, 2);
  m->subject = an_db_row_text(row, 3);
  m->body_text = an_db_row_text(row, 4);
  m->template_name = an_db_row_text(row, 5);
  m->lang = an_db_row_text(row, 6);
  m->status = an_db_row_text(row, 7);
  m->attempts = an_db_row_int(row, 8);
  m->next_attempt_at = an_db_row_int(row, 9);
  m->last_error = an_db_row_text(row, 10);
  m->created_at = an_db_row_int(row, 11);
  m->sent_at = an_db_row_int(row, 12);
}

struct each {
  an_mail_cb cb;
  void *cls;
};

/* The address, subject and body are sealed (store/seal.h) under the tenant's key, or the
 * operator key for mail of no tenant. A mail's row id is not in the associated data: a resent
 * copy (an_store_mail_copy) carries the same sealed values in a new row. */
static char *seal_mail(int64_t tenant_id, const char *column, const char *plain)
{
  return an_store_seal_text(tenant_id, "mail_outbox", 0, column, plain);
}

static void each_cb(void *cls, const struct an_db_row *row)
{
  struct each *e = cls;
  struct an_mail m;
  read_row(row, &m);
  char *to = an_store_open_text(m.tenant_id, "mail_outbox", 0, "to_addr", m.to_addr, NULL);
  char *subject = an_store_open_text(m.tenant_id, "mail_outbox", 0, "subject", m.subject, NULL);
  char *body = an_store_open_text(m.tenant_id, "mail_outbox", 0, "body_text", m.body_text, NULL);
  m.to_addr = to;
  m.subject = subject;
  m.body_text = body;
  e->cb(e->cls, &m);
  free(to);
  free(subject);
  free(body);
}

int an_store_mail_enqueue(struct an_db *db, struct an_mail *m)
{
  static const char SQL[] =
      "INSERT INTO mail_outbox (tenant_id, to_addr, subject, body_text, template, lang, status, "
      "attempts, next_attempt_at, last_error, created_at, to_bidx) "
      "VALUES ($1, $2, $3, $4, $5, $6, 'queued', 0, $7, '', $8, $9) RETURNING id";
  int rc = m->tenant_id ? an_store_seal_need(db, m->tenant_id) : 1;
  if (rc <= 0)
    return rc < 0 ? rc : AN_DB_HARD; /* a tenant without a key gets no mail of its own */
  char *to = seal_mail(m->tenant_id, "to_addr", m->to_addr);
  char *subject = seal_mail(m->tenant_id, "subject", m->subject);
  char *body = seal_mail(m->tenant_id, "body_text", m->body_text);
  char bidx[AN_BLIND_HEX] = "";
  an_store_blind(m->tenant_id, m->to_addr ? m->to_addr : "", bidx);
  struct an_db_param p[] = {m->tenant_id ? AN_P_INT(m->tenant_id) : AN_P_NULL,
                            AN_P_TEXT(to),
                            AN_P_TEXT(subject),
                            AN_P_TEXT(body),
                            AN_P_TEXT(m->template_name),
                            AN_P_TEXT(m->lang),
                            AN_P_INT(m->next_attempt_at),
                            AN_P_INT(m->created_at),
                            AN_P_TEXT(bidx)};
  rc = to && subject && body ? an_db_query(db, SQL, p, 9, an_store_int_cb, &m->id) : AN_DB_HARD;
  free(to);
  free(subject);
  free(body);
  return rc;
}

int an_store_mail_claim(struct an_db *db, const char *claimer, int64_t claimed_until, int64_t now,
                        int64_t limit, an_mail_cb cb, void *cls)
{
  /* The outer WHERE repeats the condition: under PostgreSQL's READ COMMITTED a row another
   * claimer took after our subquery ran is re-checked against its new version and skipped. */
  static const char SQL[] =
      "UPDATE mail_outbox SET status = 'sending', claimed_by = $1, claimed_until = $2, "
      "attempts = attempts + 1 "
      "WHERE id IN (SELECT id FROM mail_outbox WHERE " DUE " ORDER BY id LIMIT $4) "
      "AND " DUE " RETURNING " COLS;
  struct each e = {cb, cls};
  int rc = an_store_seal_sync(db); /* the keys of the tenants whose mail may come */
  return rc < 0 ? rc
                : an_db_query(db, SQL,
                              AN_ARGS(AN_P_TEXT(claimer), AN_P_INT(claimed_until), AN_P_INT(now),
                                      AN_P_INT(limit)),
                              each_cb, &e);
}

/* The end of a statement on a mail this sender claims (id $1, claimer $2): the claim is given up
 * in the same write, and a claim that has passed to another sender is left alone. */
#define UNCLAIM_MINE                                                                               \
  "claimed_by = NULL, claimed_until = NULL "                                                       \
  "WHERE id = $1 AND status = 'sending' AND claimed_by = $2"

int an_store_mail_mark_sent(struct an_db *db, int64_t id, const char *claimer, int64_t now)
{
  static const char SQL[] =
      "UPDATE mail_outbox SET status = 'sent', sent_at = $3, last_error = '', " UNCLAIM_MINE;
  return an_db_query(db, SQL, AN_ARGS(AN_P_INT(id), AN_P_TEXT(claimer), AN_P_INT(now)), NULL, NULL);
}

int an_store_mail_mark_retry(struct an_db *db, int64_t id, const char *claimer,
                             int64_t next_attempt_at, const char *error, bool give_up)
{
  static const char SQL[] =
      "UPDATE mail_outbox SET status = $3, next_attempt_at = $4, last_error = $5, " UNCLAIM_MINE;
  return an_db_query(db, SQL,
                     AN_ARGS(AN_P_INT(id), AN_P_TEXT(claimer),
                             AN_P_TEXT(give_up ? "failed" : "queued"), AN_P_INT(next_attempt_at),
                             AN_P_TEXT(error)),
                     NULL, NULL);
}

int an_store_mail_release(struct an_db *db, int64_t id, const char *claimer)
{
  static const char SQL[] =
      "UPDATE mail_outbox SET status = 'queued', attempts = attempts - 1, " UNCLAIM_MINE;
  return an_db_query(db, SQL, AN_ARGS(AN_P_INT(id), AN_P_TEXT(claimer)), NULL, NULL);
}

int an_store_mail_fail_stale(struct an_db *db, int64_t now, int64_t max_attempts, const char *error)
{
  static const char SQL[] =
      "UPDATE mail_outbox SET status = 'failed', last_error = $3, claimed_by = NULL, "
      "claimed_until = NULL WHERE status = 'sending' AND claimed_until < $1 AND attempts >= $2";
  return an_db_query(db, SQL, AN_ARGS(AN_P_INT(now), AN_P_INT(max_attempts), AN_P_TEXT(error)),
                     NULL, NULL);
}

int an_store_mail_delivery_insert(struct an_db *db, int64_t mail_id, int64_t attempt, int64_t at,
                                  const char *outcome, const char *smtp_response)
{
  static const char SQL[] =
      "INSERT INTO mail_deliveries (mail_id, attempt, at, outcome, smtp_response) "
      "VALUES ($1, $2, $3, $4, $5)";
  return an_db_query(db, SQL,
                     AN_ARGS(AN_P_INT(mail_id), AN_P_INT(attempt), AN_P_INT(at), AN_P_TEXT(outcome),
                             AN_P_TEXT(smtp_response ? smtp_response : "")),
                     NULL, NULL);
}

int an_store_mail_list(struct an_db *db, int64_t tenant_id, int64_t limit, int64_t before,
                       an_mail_cb cb, void *cls)
{
  static const char SQL[] = "SELECT " COLS " FROM mail_outbox WHERE tenant_id = $1 AND id < $3 "
                            "ORDER BY id DESC LIMIT $2";
  struct each e = {cb, cls};
  if (!an_store_scoped(tenant_id, __func__))
    return 0;
  int rc = an_store_seal_need(db, tenant_id);
  return rc < 0
             ? rc
             : an_db_query(db, SQL, AN_ARGS(AN_P_INT(tenant_id), AN_P_INT(limit), AN_P_INT(before)),
                           each_cb, &e);
}

int an_store_mail_list_all(struct an_db *db, int64_t limit, int64_t before, an_mail_cb cb,
                           void *cls)
{
  static const char SQL[] =
      "SELECT " COLS " FROM mail_outbox WHERE id < $2 ORDER BY id DESC LIMIT $1";
  struct each e = {cb, cls};
  int rc = an_store_seal_sync(db);
  return rc < 0 ? rc
                : an_db_query(db, SQL, AN_ARGS(AN_P_INT(limit), AN_P_INT(before)), each_cb, &e);
}

int an_store_mail_get(struct an_db *db, int64_t id, an_mail_cb cb, void *cls)
{
  static const char SQL[] = "SELECT " COLS " FROM mail_outbox WHERE id = $1";
  struct each e = {cb, cls};
  int rc = an_store_seal_sync(db);
  return rc < 0 ? rc : an_db_query(db, SQL, AN_ARGS(AN_P_INT(id)), each_cb, &e);
}

struct each_delivery {
  an_mail_delivery_cb cb;
  void *cls;
};

static void delivery_cb(void *cls, const struct an_db_row *row)
{
  struct each_delivery *e = cls;
  struct an_mail_delivery d = {
      .id = an_db_row_int(row, 0),
      .mail_id = an_db_row_int(row, 1),
      .attempt = an_db_row_int(row, 2),
      .at = an_db_row_int(row, 3),
      .outcome = an_db_row_text(row, 4),
      .smtp_response = an_db_row_text(row, 5),
  };
  e->cb(e->cls, &d);
}

int an_store_mail_deliveries(struct an_db *db, int64_t mail_id, an_mail_delivery_cb cb, void *cls)
{
  static const char SQL[] =
      "SELECT id, mail_id, attempt, at, outcome, smtp_response FROM mail_deliveries "
      "WHERE mail_id = $1 ORDER BY id";
  struct each_delivery e = {cb, cls};
  return an_db_query(db, SQL, AN_ARGS(AN_P_INT(mail_id)), delivery_cb, &e);
}

int an_store_mail_count_queued(struct an_db *db, int64_t *count)
{
  static const char SQL[] = "SELECT COUNT(*) FROM mail_outbox WHERE status = 'queued'";
  *count = 0;
  return an_db_query(db, SQL, NULL, 0, an_store_int_cb, count);
}

static void copy_id_cb(void *cls, const struct an_db_row *row)
{
  *(int64_t *)cls = an_db_row_int(row, 0);
}

int an_store_mail_copy(struct an_db *db, int64_t id, int64_t now, int64_t *new_id)
{
  static const char SQL[] =
      "INSERT INTO mail_outbox (tenant_id, to_addr, subject, body_text, template, lang, "
      "next_attempt_at, created_at, to_bidx) SELECT tenant_id, to_addr, subject, body_text, "
      "template, lang, $2, $2, to_bidx FROM mail_outbox WHERE id = $1 RETURNING id";
  *new_id = 0;
  return an_db_query(db, SQL, AN_ARGS(AN_P_INT(id), AN_P_INT(now)), copy_id_cb, new_id);
}
