#include "lifecycle/erase.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "audit/audit.h"
#include "audit/audited.h"
#include "core/alloc.h"
#include "core/buf.h"
#include "core/files.h"
#include "core/format.h"
#include "core/log.h"
#include "core/messages.h"
#include "core/time.h"
#include "lifecycle/certificate.h"
#include "notify/mail.h"
#include "store/backups.h"
#include "store/erase.h"
#include "store/rows.h"
#include "store/staff.h"

#define DAY_US (86400LL * 1000000LL)

static char *jst(int64_t us)
{
  struct an_buf b = {0};
  an_fmt_datetime(&b, "ja", us);
  return an_buf_steal(&b);
}

/* ---- the deletion transaction ---- */

struct erase_args {
  const struct an_ctx *ctx;
  int64_t tenant_id;
  const char *reason;
  json_t *tenant;  /* read inside, before the rows go */
  json_t *deleted; /* counts per kind */
};

static int erase_txn(struct an_db *db, void *cls)
{
  struct erase_args *a = cls;
  json_decref(a->tenant);
  a->tenant = NULL;
  json_object_clear(a->deleted);
  int rc = an_store_erase_tenant_get(db, a->tenant_id, &a->tenant);
  if (rc <= 0)
    return rc == 0 ? AN_DB_ROLLBACK : rc;
  if (!strcmp(an_rec_str(a->tenant, "status"), "erased"))
    return AN_DB_ROLLBACK;
  if ((rc = an_store_erase_counts(db, a->tenant_id, a->deleted)) < 0 ||
      (rc = an_store_erase_tenant(db, a->tenant_id, a->ctx->now)) < 0)
    return rc;
  return an_audit_changed(a->ctx, db, "tenant.erase", "tenant", a->tenant_id, a->tenant_id,
                          json_pack("{s:s, s:s, s:O, s:b}", "company_code",
                                    an_rec_str(a->tenant, "company_code"), "reason", a->reason,
                                    "deleted", a->deleted, "data_key_destroyed", 1));
}

/* ---- the certificate ---- */

struct cert_args {
  const struct an_ctx *ctx;
  int64_t tenant_id;
  json_t *tenant;
  const char *content, *sig, *file, *cert_no, *reason;
  int64_t expires;
  int64_t id;
  const struct an_buf *pdf; /* the signed certificate, attached to the mail */
};

/* The certificate PDF as the mail's file, named in the recipient's language. */
static int notice_with_pdf(struct cert_args *a, struct an_db *db, const char *to, json_t *v)
{
  const char *lang = an_rec_str(a->tenant, "lang");
  char *name = an_msg_render("mail.attachment.deletion_certificate", lang, v);
  if (!name)
    return AN_DB_HARD;
  struct an_mime_file f = {name, "application/pdf", (const unsigned char *)a->pdf->data,
                           a->pdf->len};
  /* Tenant 0: the tenant's own mail rows are gone with it; this one is the operator's record. */
  int rc = an_mail_notice_file(a->ctx, db, 0, to, an_rec_str(a->tenant, "responsible_name"), lang,
                               "tenant_erased", v, &f);
  free(name);
  return rc;
}

static int cert_txn(struct an_db *db, void *cls)
{
  struct cert_args *a = cls;
  int rc = an_store_certificate_add(db, a->tenant_id, an_rec_str(a->tenant, "company_code"),
                                    a->ctx->now, a->content, a->sig, a->file, &a->id);
  if (rc < 0)
    return rc;
  rc = an_audit_changed(a->ctx, db, "certificate.issue", "certificate", a->id, a->tenant_id,
                        json_pack("{s:s, s:s}", "certificate_no", a->cert_no, "file", a->file));
  const char *to = an_rec_str(a->tenant, "responsible_email");
  if (rc < 0 || !to[0])
    return rc;
  json_t *v = json_pack(
      "{s:s, s:s, s:s, s:I, s:s, s:s, s:I}", "name", an_rec_str(a->tenant, "responsible_name"),
      "company", an_rec_str(a->tenant, "name"), "code", an_rec_str(a->tenant, "company_code"),
      "erased_at", (json_int_t)a->ctx->now, "certificate_no", a->cert_no, "reason", a->reason,
      "backups_expire", (json_int_t)a->expires);
  rc = notice_with_pdf(a, db, to, v);
  json_decref(v);
  return rc;
}

/* Backups that hold the tenant (every kept one, all taken before the deletion) and when the
 * newest of them ages out: one generation is dropped per daily run. */
static json_t *backups_holding(const struct an_ctx *ctx, struct an_db *db, int64_t *expires)
{
  json_t *all = json_array(), *names = json_array();
  an_store_backup_list_all(db, all);
  size_t i;
  json_t *b;
  *expires = ctx->now;
  json_array_foreach(all, i, b)
  {
    if (strcmp(an_rec_str(b, "status"), "ok") != 0)
      continue;
    json_array_append_new(names, json_string(an_rec_str(b, "file_name")));
    if (i == 0)
      *expires = ctx->now + ctx->cfg->backup_generations * DAY_US;
  }
  json_decref(all);
  return names;
}

static int issue(const struct an_ctx *ctx, struct an_db *db, struct erase_args *e,
                 const char *approval, json_t **out, char *err, size_t errlen)
{
  int64_t expires = 0;
  json_t *held = backups_holding(ctx, db, &expires);
  char cert_no[64], pk[65];
  snprintf(cert_no, sizeof cert_no, "DC-%s-%lld", an_rec_str(e->tenant, "company_code"),
           (long long)(ctx->now / 1000000));
  an_cert_public_hex(ctx->keys, pk);
  char *erased = jst(ctx->now), *exp = jst(expires);
  char *held_text = an_asprintf("%zu", json_array_size(held));
  json_t *content = json_pack(
      "{s:s, s:s, s:s, s:s, s:s, s:I, s:s, s:s, s:O, s:O, s:s, s:s, s:I, s:s, s:s}",
      "certificate_no", cert_no, "company_code", an_rec_str(e->tenant, "company_code"),
      "company_name", an_rec_str(e->tenant, "name"), "contracts",
      an_rec_str(e->tenant, "contracts"), "reason", e->reason, "erased_at_us", (json_int_t)ctx->now,
      "erased_at_jst", erased, "key_destroyed_at_jst", erased, "deleted", e->deleted, "backups",
      held, "backups_holding", held_text, "last_backup_expires_jst", exp, "last_backup_expires_us",
      (json_int_t)expires, "approval", approval, "public_key", pk);
  free(held_text);
  an_mkdirs(ctx->cfg->certificate_dir);
  char *file = an_asprintf("%s.pdf", cert_no);
  char *path = an_asprintf("%s/%s", ctx->cfg->certificate_dir, file);
  char *text = json_dumps(content, JSON_COMPACT | JSON_SORT_KEYS);
  char sig[129];
  an_cert_sign_text(ctx->keys, text, sig);
  int rc = 0;
  struct an_buf pdf = {0};
  if (an_cert_write_pdf(ctx->keys, content, path, err, errlen) &&
      (an_file_read_all(path, &pdf) || (snprintf(err, errlen, "cannot read %s", path), false))) {
    struct cert_args a = {ctx,     e->tenant_id, e->tenant, text, sig, file,
                          cert_no, e->reason,    expires,   0,    &pdf};
    rc = an_db_txn_mode(db, AN_DB_READ_COMMITTED, cert_txn, &a);
    if (rc >= 0 && out)
      *out = json_pack("{s:I, s:s, s:s, s:O}", "certificate_id", (json_int_t)a.id, "certificate_no",
                       cert_no, "file", path, "deleted", e->deleted);
    rc = rc < 0 ? rc : 1;
  }
  an_buf_free(&pdf);
  free(text);
  free(path);
  free(file);
  free(erased);
  free(exp);
  json_decref(held);
  json_decref(content);
  return rc;
}

int an_lifecycle_erase(const struct an_ctx *ctx, struct an_db *db, int64_t tenant_id,
                       const char *reason, const char *approval, json_t **out, char *err,
                       size_t errlen)
{
  struct erase_args e = {ctx, tenant_id, reason, NULL, json_object()};
  an_store_erase_secure_delete(db);
  int rc = an_db_txn_mode(db, AN_DB_SERIALIZABLE, erase_txn, &e);
  if (rc == AN_DB_ROLLBACK) {
    snprintf(err, errlen, "no such tenant, or it was erased already");
    rc = AN_ERASE_NOT_FOUND;
  } else if (rc >= 0) {
    if (an_store_erase_compact(db) < 0) /* the rows are gone; the files keep them longer */
      an_log_bug("compaction after a tenant's deletion failed",
                 json_pack("{s:I}", "tenant_id", (json_int_t)tenant_id));
    rc = issue(ctx, db, &e, approval, out, err, errlen);
    if (rc <= 0) /* the data is gone; the certificate is missing and must be made by hand */
      an_log_bug("a tenant was deleted but its certificate could not be issued",
                 json_pack("{s:I, s:s}", "tenant_id", (json_int_t)tenant_id, "error", err));
  }
  json_decref(e.tenant);
  json_decref(e.deleted);
  return rc;
}

int an_lifecycle_erase_due(const struct an_ctx *ctx, struct an_db *db)
{
  char today[40];
  an_time_format_jst(ctx->now, today, sizeof today);
  today[10] = '\0';
  json_t *due = json_array();
  int n = 0;
  if (an_store_erase_due_all(db, today, due) > 0) {
    size_t i;
    json_t *t;
    json_array_foreach(due, i, t)
    {
      char err[256] = "";
      if (an_lifecycle_erase(ctx, db, an_rec_int(t, "id"),
                             an_msg_text("cert.reason.deadline", "ja"), "", NULL, err,
                             sizeof err) == 1)
        n++;
      else
        an_log_bug(
            "a tenant's deletion at its deadline failed",
            json_pack("{s:I, s:s}", "tenant_id", (json_int_t)an_rec_int(t, "id"), "error", err));
    }
  }
  json_decref(due);
  return n;
}

/* ---- two-person rule ---- */

static bool is_admin(struct an_db *db, const char *login)
{
  struct an_staff s;
  if (an_store_staff_by_login(db, login, &s) != 1 || s.shop_id || strcmp(s.status, "active"))
    return false;
  for (const char *p = s.roles; (p = strstr(p, "admin")); p += 5)
    if ((p == s.roles || p[-1] == ',') && (p[5] == '\0' || p[5] == ','))
      return true;
  return false;
}

static int audit_one(const struct an_ctx *ctx, struct an_db *db, const char *action,
                     const char *outcome, int64_t tenant_id, int64_t request_id, const char *by,
                     const char *why)
{
  const struct an_audited_note n = {action, outcome, "tenant_erasure", by, tenant_id};
  return an_audited_record(ctx, db, &n, request_id,
                           json_pack("{s:s, s:s}", "by", by, "reason", why));
}

struct request_args {
  const struct an_ctx *ctx;
  int64_t tenant_id;
  const char *reason, *by;
  int64_t id;
};

static int request_txn(struct an_db *db, void *cls)
{
  struct request_args *a = cls;
  int rc = an_store_erasure_request(db, a->tenant_id, a->reason, a->by, a->ctx->now, &a->id);
  if (rc < 0)
    return rc;
  char *target = an_audit_target("tenant_erasure", a->id);
  json_t *d = json_pack("{s:s, s:s}", "by", a->by, "reason", a->reason);
  struct an_audit_rec rec = {.action = "tenant.erase_request",
                             .target = target,
                             .outcome = "success",
                             .details = d,
                             .actor_label = a->by,
                             .tenant_id = a->tenant_id};
  rc = an_audit_append(a->ctx, db, &rec);
  json_decref(d);
  free(target);
  return rc;
}

int an_lifecycle_erase_request(const struct an_ctx *ctx, struct an_db *db, const char *company_code,
                               const char *reason, const char *by, int64_t *id)
{
  if (!is_admin(db, by))
    return AN_ERASE_NOT_ADMIN;
  json_t *t = NULL;
  int rc = an_store_erase_tenant_by_code(db, company_code, &t);
  if (rc <= 0)
    return rc == 0 ? AN_ERASE_NOT_FOUND : rc;
  bool erased = !strcmp(an_rec_str(t, "status"), "erased");
  struct request_args a = {ctx, an_rec_int(t, "id"), reason, by, 0};
  json_decref(t);
  if (erased)
    return AN_ERASE_NOT_FOUND;
  rc = an_db_txn(db, request_txn, &a);
  if (rc >= 0)
    *id = a.id;
  return rc < 0 ? rc : 1;
}

int an_lifecycle_erase_approve(const struct an_ctx *ctx, struct an_db *db, int64_t id,
                               const char *by, json_t **out, char *err, size_t errlen)
{
  json_t *r = NULL;
  int rc = an_store_erasure_get(db, id, &r);
  if (rc <= 0 || strcmp(an_rec_str(r, "status"), "requested") != 0) {
    json_decref(r);
    snprintf(err, errlen, "no pending deletion request %lld", (long long)id);
    return rc < 0 ? rc : AN_ERASE_NOT_FOUND;
  }
  int64_t tenant_id = an_rec_int(r, "tenant_id");
  char *requester = an_strdup(an_rec_str(r, "requested_by"));
  char *reason = an_strdup(an_rec_str(r, "reason"));
  json_decref(r);
  if (!is_admin(db, by)) {
    snprintf(err, errlen, "%s is not an active operator admin", by);
    rc = AN_ERASE_NOT_ADMIN;
  } else if (!strcmp(requester, by)) {
    snprintf(err, errlen, "the two-person rule: %s asked for this deletion and cannot approve it",
             by);
    rc = AN_ERASE_SELF_APPROVAL;
  }
  if (rc < 0) {
    audit_one(ctx, db, "tenant.erase_approve", "denied", tenant_id, id, by, err);
  } else if ((rc = an_store_erasure_approve(db, id, by, ctx->now)) != 1) {
    snprintf(err, errlen, "no pending deletion request %lld", (long long)id);
    rc = rc < 0 ? rc : AN_ERASE_NOT_FOUND;
  } else {
    audit_one(ctx, db, "tenant.erase_approve", "success", tenant_id, id, by, reason);
    char *approval = an_asprintf("%s / %s", requester, by);
    rc = an_lifecycle_erase(ctx, db, tenant_id, reason, approval, out, err, errlen);
    free(approval);
  }
  free(requester);
  free(reason);
  return rc;
}

int an_lifecycle_erase_list(struct an_db *db, json_t *out)
{
  return an_store_erasure_list_all(db, out);
}
