#include "support/inbound.h"

#include <stdio.h>
#include <string.h>

#include "audit/job.h"
#include "core/log.h"
#include "core/periodic.h"
#include "core/time.h"
#include "store/rows.h"
#include "store/support_tickets.h"
#include "support/attachments.h"
#include "support/breach.h"
#include "support/imap.h"
#include "support/mime.h"
#include "support/pdr_carry.h"
#include "support/tickets.h"

struct keep_parts {
  const struct an_ctx *ctx;
  const struct an_mail_in *m;
  int64_t ticket_id;
  int kept, refused;
};

static int keep_body(struct an_db *db, void *cls)
{
  struct keep_parts *k = cls;
  json_t *t = NULL;
  int rc = an_store_ticket_get_all(db, k->ticket_id, &t);
  if (rc <= 0)
    return rc < 0 ? rc : AN_DB_HARD;
  k->kept = k->refused = 0;
  for (size_t i = 0; rc >= 0 && i < k->m->nparts; i++) {
    const struct an_mail_part *p = &k->m->parts[i];
    const char *why = NULL;
    rc = an_support_attachment_keep(k->ctx, db, t, p->filename, p->content_type, p->data, p->len,
                                    &why);
    if (rc == 1)
      k->kept++;
    else if (rc == 0)
      k->refused++;
  }
  json_decref(t);
  return rc < 0 ? rc : 1;
}

enum an_ec an_support_mail_take(const struct an_ctx *ctx, struct an_db *db, const char *raw,
                                size_t len, json_t **out)
{
  *out = NULL;
  struct an_mail_in m;
  bool parsed = an_mail_parse(raw, len, &m);
  if (!parsed || !m.from_addr[0] || !strchr(m.from_addr, '@')) {
    an_mail_in_free(&m);
    return AN_EC_GENERIC_INVALID_FIELD;
  }
  /* The sender acts: the audit log names the address the mail came from. */
  struct an_ctx c = *ctx;
  snprintf(c.actor, sizeof c.actor, "%s", m.from_addr);
  json_t *t = NULL;
  bool threaded = false;
  enum an_ec ec =
      an_ticket_from_mail(&c, db, m.from_addr, m.from_name, m.subject, m.text, &t, &threaded);
  struct keep_parts k = {&c, &m, t ? an_rec_int(t, "id") : 0, 0, 0};
  if (ec == AN_EC_OK && m.nparts > 0 && an_db_txn(db, keep_body, &k) < 0)
    ec = AN_EC_GENERIC_INTERNAL;
  if (ec == AN_EC_OK)
    *out = json_pack("{s:I, s:s, s:b, s:i, s:i}", "ticket_id", (json_int_t)k.ticket_id, "ref",
                     an_rec_str(t, "ref"), "threaded", threaded, "attachments_kept", k.kept,
                     "attachments_refused", k.refused);
  json_decref(t);
  an_mail_in_free(&m);
  return ec;
}

struct take_cls {
  struct an_ctx *ctx;
  struct an_db *db;
};

static bool take(const char *raw, size_t len, void *cls)
{
  struct take_cls *tc = cls;
  tc->ctx->now = an_time_now_us();
  json_t *out = NULL;
  enum an_ec ec = an_support_mail_take(tc->ctx, tc->db, raw, len, &out);
  if (ec == AN_EC_GENERIC_INVALID_FIELD) {
    /* Not a message we can answer (no sender): leave it read, and say so once. */
    an_log(AN_LOG_WARN, "support mailbox: a message without a sender was skipped", NULL);
    return true;
  }
  json_decref(out);
  return ec == AN_EC_OK;
}

int an_support_inbound_run(const struct an_config *cfg, const struct an_keys *keys)
{
  struct an_ctx ctx;
  struct an_db *db = an_job_round_open(&ctx, cfg, keys, "mailbox", "mailbox");
  if (!db)
    return -1;
  const struct an_imap imap = {cfg->support_imap_url, cfg->support_imap_username,
                               cfg->support_imap_password, 30,
                               cfg->support_imap_starttls && cfg->support_imap_password[0] &&
                                   !strncmp(cfg->support_imap_url, "imap:", 5)};
  struct take_cls tc = {&ctx, db};
  int n = an_imap_fetch_unseen(&imap, 100, take, &tc);
  an_db_close(db);
  return n;
}

static struct an_periodic *poller;
static const struct an_config *poll_cfg;
static const struct an_keys *poll_keys;

static void run_once(void *arg)
{
  (void)arg;
  an_support_inbound_run(poll_cfg, poll_keys);
}

/* The breach reminders (support/breach.h) and the personal-data request reminders
 * (support/pdr_carry.h), with a connection of their own. One instance at a time; each reminder
 * is also recorded over what was read, so even two holders would send it once. */
static void remind_round(const struct an_ctx *ctx, struct an_db *db)
{
  an_breach_remind(ctx, db);
  an_pdr_remind(ctx, db);
}

static struct an_leased_job reminder = {.lease = "support.remind",
                                        .actor = "scheduler",
                                        .request_id = "support-reminders",
                                        .round = remind_round};

bool an_support_inbound_start(const struct an_config *cfg, const struct an_keys *keys)
{
  poll_cfg = cfg;
  poll_keys = keys;
  /* The lease lapses 10 minutes after a holder that died. */
  bool reminding = an_leased_job_start(&reminder, cfg, keys, cfg->support_reminder_seconds * 1000,
                                       600 * 1000000LL);
  if (!cfg->support_imap_url || !cfg->support_imap_url[0])
    return reminding;
  poller = an_periodic_start(run_once, NULL, cfg->support_imap_poll_seconds * 1000);
  return poller != NULL && reminding;
}

void an_support_inbound_stop(void)
{
  an_periodic_stop(poller);
  poller = NULL;
  an_leased_job_stop(&reminder, true); /* another instance takes over at once */
}
