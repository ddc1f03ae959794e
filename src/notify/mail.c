#include "notify/mail.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit/audit.h"
#include "core/buf.h"
#include "core/email.h"
#include "core/format.h"
#include "core/log.h"
#include "core/messages.h"
#include "crypto/token.h"
#include "notify/templates.h"
#include "store/mail.h"
#include "store/mail_attach.h"
#include "store/operator_profile.h"

#define BACKOFF_BASE_US (60LL * 1000000)
#define BACKOFF_MAX_US (3600LL * 1000000)

int64_t an_mail_backoff_us(int64_t attempts)
{
  if (attempts < 1)
    return 0;
  int64_t us = BACKOFF_BASE_US;
  for (int64_t i = 1; i < attempts && us < BACKOFF_MAX_US; i++)
    us *= 2;
  return us < BACKOFF_MAX_US ? us : BACKOFF_MAX_US;
}

struct queue {
  const struct an_ctx *ctx;
  struct an_mail *m;
};

static int queue_txn(struct an_db *db, void *cls)
{
  struct queue *q = cls;
  int rc = an_store_mail_enqueue(db, q->m);
  if (rc < 0)
    return rc;
  if (rc != 1)
    return AN_DB_HARD;
  char *target = an_audit_target("mail", q->m->id);
  /* The whole address is recorded: this is the operator's own log, and TOS-21 asks which
   * notice went to whom. */
  json_t *d = json_pack("{s:s, s:s, s:s}", "template", q->m->template_name, "lang", q->m->lang,
                        "to", q->m->to_addr);
  struct an_audit_rec rec = {
      .action = "mail.queue", .target = target, .outcome = "success", .details = d};
  rc = an_audit_append(q->ctx, db, &rec);
  json_decref(d);
  free(target);
  return rc;
}

static int refuse(const char *why, const char *template_name, const char *detail)
{
  an_log(AN_LOG_WARN, "mail refused",
         json_pack("{s:s, s:s, s:s}", "reason", why, "template", template_name ? template_name : "",
                   "detail", detail ? detail : ""));
  return AN_MAIL_REFUSED;
}

static int queue_with(const struct an_ctx *ctx, struct an_db *db, const char *to,
                      const char *template_name, const char *lang, json_t *vars, int64_t *id);

/* The closing lines of every mail (issue 10, item 14): the operator's legal name, address,
 * contact and registration number as the operator admin entered them, or the team's name. */
static char *signature(struct an_db *db, const char *lang)
{
  struct an_operator_profile *p = calloc(1, sizeof *p);
  struct an_buf b = {0};
  if (p && an_store_operator_profile_get(db, p) == 1 && p->legal_name[0]) {
    an_buf_printf(&b, "%s", p->legal_name);
    if (p->address[0])
      an_buf_printf(&b, "\n%s", p->address);
    if (p->contact[0])
      an_buf_printf(&b, "\n%s", p->contact);
    if (p->invoice_number[0]) {
      json_t *v = json_pack("{s:s}", "number", p->invoice_number);
      char *line = v ? an_msg_render("mail.signature.invoice", lang, v) : NULL;
      if (line)
        an_buf_printf(&b, "\n%s", line);
      free(line);
      json_decref(v);
    }
  } else {
    an_buf_printf(&b, "%s", an_msg_text("mail.signature.default", lang));
  }
  free(p);
  return an_buf_steal(&b);
}

int an_mail_queue_id(const struct an_ctx *ctx, struct an_db *db, const char *to,
                     const char *template_name, const char *lang, json_t *vars, int64_t *id)
{
  json_t *all = vars ? json_copy(vars) : json_object();
  char *sig = signature(db, an_lang_norm(lang));
  if (all && sig)
    json_object_set_new(all, "operator_signature", json_string(sig));
  free(sig);
  int rc = all ? queue_with(ctx, db, to, template_name, lang, all, id) : AN_DB_HARD;
  json_decref(all);
  return rc;
}

static int queue_with(const struct an_ctx *ctx, struct an_db *db, const char *to,
                      const char *template_name, const char *lang, json_t *vars, int64_t *id)
{
  if (!an_email_valid(to))
    return refuse("invalid address", template_name, NULL);
  struct an_mail_tpl t;
  if (!an_mail_tpl_find(template_name, lang, &t))
    return refuse("unknown template", template_name, NULL);
  char missing[64] = "";
  char *subject = an_msg_render_text(t.subject, t.lang, vars, missing, sizeof missing);
  char *body = subject ? an_msg_render_text(t.body, t.lang, vars, missing, sizeof missing) : NULL;
  int rc;
  if (!subject || !body)
    rc = refuse("placeholder without a value", template_name, missing);
  else if (strpbrk(subject, "\r\n"))
    rc = refuse("CR or LF in the subject", template_name, NULL);
  else {
    struct an_mail m = {.tenant_id = ctx->tenant_id,
                        .to_addr = to,
                        .subject = subject,
                        .body_text = body,
                        .template_name = template_name,
                        .lang = t.lang,
                        .next_attempt_at = ctx->now,
                        .created_at = ctx->now};
    struct queue q = {ctx, &m};
    rc = an_db_txn(db, queue_txn, &q); /* joins the caller's transaction when one is open */
    if (rc >= 0) {
      rc = 1;
      if (id)
        *id = m.id;
    }
  }
  free(subject);
  free(body);
  return rc;
}

int an_mail_queue(const struct an_ctx *ctx, struct an_db *db, const char *to,
                  const char *template_name, const char *lang, json_t *vars)
{
  return an_mail_queue_id(ctx, db, to, template_name, lang, vars, NULL);
}

static int notice_id(const struct an_ctx *ctx, struct an_db *db, int64_t tenant_id, const char *to,
                     const char *addressee, const char *lang, const char *title, const char *body,
                     int64_t *id);

int an_mail_notice(const struct an_ctx *ctx, struct an_db *db, int64_t tenant_id, const char *to,
                   const char *addressee, const char *lang, const char *title, const char *body)
{
  return notice_id(ctx, db, tenant_id, to, addressee, lang, title, body, NULL);
}

static int notice_id(const struct an_ctx *ctx, struct an_db *db, int64_t tenant_id, const char *to,
                     const char *addressee, const char *lang, const char *title, const char *body,
                     int64_t *id)
{
  if (!an_email_valid(to)) {
    refuse("invalid address", "notice", NULL);
    return 1;
  }
  lang = an_lang_norm(lang);
  /* A line break in the title would be refused as header injection: it becomes a space. */
  char *subject = strdup(title ? title : "");
  for (char *p = subject; p && *p; p++)
    if (*p == '\r' || *p == '\n')
      *p = ' ';
  json_t *vars =
      subject
          ? json_pack("{s:s, s:s, s:s}", "title", subject, "body", body ? body : "", "addressee",
                      addressee && addressee[0] ? addressee
                                                : an_msg_text("mail.notice.addressee", lang))
          : NULL;
  free(subject);
  if (!vars) { /* invalid UTF-8 or no memory: fail the change rather than lose its notice */
    an_log_bug("notice mail cannot be built", json_pack("{s:s}", "to", to));
    return AN_DB_HARD;
  }
  struct an_ctx tctx = *ctx;
  tctx.tenant_id = tenant_id; /* the mail belongs to the contractor it is sent to */
  int rc = an_mail_queue_id(&tctx, db, to, "notice", lang, vars, id);
  json_decref(vars);
  return rc == AN_MAIL_REFUSED ? AN_DB_HARD : rc;
}

static int notice_msg_id(const struct an_ctx *ctx, struct an_db *db, int64_t tenant_id,
                         const char *to, const char *addressee, const char *lang, const char *key,
                         const json_t *vars, int64_t *id)
{
  struct an_buf k = {0};
  an_buf_printf(&k, "notice.%s.title", key);
  char *title = an_msg_render(k.data, lang, vars);
  an_buf_reset(&k);
  an_buf_printf(&k, "notice.%s.body", key);
  char *body = title ? an_msg_render(k.data, lang, vars) : NULL;
  an_buf_free(&k);
  int rc = body ? notice_id(ctx, db, tenant_id, to, addressee, lang, title, body, id)
                : AN_DB_HARD; /* our bug (logged): never a silent loss */
  free(title);
  if (body)
    an_wipe(body, strlen(body)); /* it may carry an initial password */
  free(body);
  return rc;
}

int an_mail_notice_msg(const struct an_ctx *ctx, struct an_db *db, int64_t tenant_id,
                       const char *to, const char *addressee, const char *lang, const char *key,
                       const json_t *vars)
{
  return notice_msg_id(ctx, db, tenant_id, to, addressee, lang, key, vars, NULL);
}

int an_mail_notice_file(const struct an_ctx *ctx, struct an_db *db, int64_t tenant_id,
                        const char *to, const char *addressee, const char *lang, const char *key,
                        const json_t *vars, const struct an_mime_file *file)
{
  int64_t id = 0;
  int rc = notice_msg_id(ctx, db, tenant_id, to, addressee, lang, key, vars, &id);
  if (rc == 1 && id) /* 0: an invalid address, nothing was queued */
    rc = an_store_mail_attach(db, id, tenant_id, file->filename, file->content_type, file->data,
                              file->size, ctx->now);
  return rc;
}
