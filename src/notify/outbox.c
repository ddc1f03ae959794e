#include "notify/outbox.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit/audit.h"
#include "audit/audited.h"
#include "audit/data_access.h"
#include "core/buf.h"
#include "store/mail_attach.h"

/* Collects the tenant of each message shown, for the data-access events of the list. */
struct listing {
  an_mail_cb cb;
  void *cls;
  int64_t *tenants;
  size_t n, cap;
};

static void list_cb(void *cls, const struct an_mail *m)
{
  struct listing *l = cls;
  if (l->n == l->cap) {
    size_t cap = l->cap ? l->cap * 2 : 64;
    int64_t *t = realloc(l->tenants, cap * sizeof *t);
    if (!t)
      abort();
    l->tenants = t;
    l->cap = cap;
  }
  l->tenants[l->n++] = m->tenant_id;
  l->cb(l->cls, m);
}

int an_outbox_list(const struct an_ctx *ctx, struct an_db *db, int64_t tenant_id, long limit,
                   int64_t before, an_mail_cb cb, void *cls, int64_t *queued)
{
  struct listing l = {cb, cls, NULL, 0, 0};
  int n = tenant_id > 0 ? an_store_mail_list(db, tenant_id, limit, before, list_cb, &l)
                        : an_store_mail_list_all(db, limit, before, list_cb, &l);
  if (n >= 0 && an_store_mail_count_queued(db, queued) < 0)
    n = AN_DB_HARD;
  /* Addresses and subjects are the tenant's data (WP-18): each tenant on the page gets one event
   * with its count. The one message past the page (asked to learn that a page follows) was not
   * shown, so it is not counted. */
  size_t shown = n >= 0 && l.n == (size_t)limit && limit > 1 ? l.n - 1 : l.n;
  if (n >= 0 && an_data_access_note_each(ctx, db, "mails", l.tenants, shown) < 0)
    n = AN_DB_HARD;
  free(l.tenants);
  return n;
}

/* The token of a link that sets a password grants the account to whoever holds it: operator staff
 * reading the outbox see where the link was but not its token. */
static const char link_mark[] = "#token=";

char *an_outbox_redact(const char *body)
{
  struct an_buf b = {0};
  const char *p = body ? body : "";
  for (const char *m; (m = strstr(p, link_mark));) {
    m += sizeof link_mark - 1;
    an_buf_append(&b, p, (size_t)(m - p));
    size_t n = strspn(m, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-");
    if (n)
      an_buf_puts(&b, "********");
    p = m + n;
  }
  an_buf_puts(&b, p);
  return an_buf_steal(&b);
}

struct redacting {
  const struct an_ctx *ctx;
  an_mail_cb cb;
  void *cls;
  int64_t tenant_id; /* the message's tenant, 0 when none */
  bool refused;      /* a tenant's mail, and the reader stated no reason: not shown */
};

static void redact_cb(void *cls, const struct an_mail *m)
{
  struct redacting *r = cls;
  r->tenant_id = m->tenant_id;
  if (an_data_access_foreign(r->ctx, m->tenant_id) && !r->ctx->access_reason) {
    r->refused = true;
    return;
  }
  struct an_mail copy = *m;
  char *body = an_outbox_redact(m->body_text);
  copy.body_text = body;
  r->cb(r->cls, &copy);
  free(body);
}

enum an_ec an_outbox_read(const struct an_ctx *ctx, struct an_db *db, int64_t id, an_mail_cb cb,
                          void *cls, an_mail_delivery_cb dcb, void *dcls)
{
  struct redacting red = {ctx, cb, cls, 0, false};
  int rc = !id ? 0 : an_store_mail_get(db, id, redact_cb, &red);
  if (rc == 1 && red.refused)
    return AN_EC_ACCESS_REASON_REQUIRED;
  if (rc == 1 && an_store_mail_deliveries(db, id, dcb, dcls) < 0)
    rc = AN_DB_HARD;
  if (rc != 1)
    return rc < 0 ? AN_EC_GENERIC_INTERNAL : AN_EC_GENERIC_NOT_FOUND;
  /* A tenant's mail is the tenant's data (WP-18): the read goes into that tenant's log, where its
   * data-access view shows it, with the reason the reader stated. */
  json_t *d = ctx->access_reason ? json_pack("{s:s}", "reason", ctx->access_reason) : NULL;
  const struct an_audited_note n = {"mail.read", "success", "mail", NULL, red.tenant_id};
  rc = an_audited_record(ctx, db, &n, id, d);
  return rc < 0 ? AN_EC_GENERIC_INTERNAL : AN_EC_OK;
}

struct resend {
  const struct an_ctx *ctx;
  int64_t id;
  int64_t *new_id;
};

static int resend_txn(struct an_db *db, void *cls)
{
  struct resend *r = cls;
  int rc = an_store_mail_copy(db, r->id, r->ctx->now, r->new_id);
  if (rc <= 0)
    return rc < 0 ? rc : AN_DB_ROLLBACK;
  if ((rc = an_store_mail_attachments_copy(db, r->id, *r->new_id, r->ctx->now)) < 0)
    return rc; /* the copy carries the original's files */
  return an_audit_changed(r->ctx, db, "mail.resend", "mail", *r->new_id, 0,
                          json_pack("{s:I}", "copy_of", (json_int_t)r->id));
}

int an_outbox_resend(const struct an_ctx *ctx, struct an_db *db, int64_t id, int64_t *new_id)
{
  struct resend r = {ctx, id, new_id};
  *new_id = 0;
  int rc = an_db_txn(db, resend_txn, &r);
  if (rc == AN_DB_ROLLBACK)
    return 0;
  return rc < 0 ? rc : *new_id ? 1 : 0;
}
