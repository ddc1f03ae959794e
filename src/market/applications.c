#include "market/applications.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/ascii.h"
#include "core/buf.h"
#include "core/config.h"
#include "core/email.h"
#include "core/format.h"
#include "core/messages.h"
#include "crypto/token.h"
#include "identity/staff.h"
#include "identity/tenants.h"
#include "market/body_fields.h"
#include "market/contract_doc.h"
#include "market/contracts.h"
#include "market/documents.h"
#include "market/market.h"
#include "notify/mail.h"
#include "store/catalogue.h"
#include "store/contracts.h"
#include "store/lang.h"
#include "store/tenants.h"

const char *an_refusal_reason_ja(const char *reason)
{
  return an_market_code_ja("refusal", reason);
}

#define F struct an_application_form
static const struct an_field FORM_FIELDS[] = {
    AN_FIELD_IN(F, company_name, AN_F_TEXT, false, 1, 200),
    AN_FIELD_IN(F, company_code, AN_F_TEXT, false, 3, 32),
    AN_CONTRACTOR_FIELDS_IN(F, false),
    AN_FIELD_IN(F, admin_login, AN_F_TEXT, false, 3, 64),
    AN_FIELD_IN(F, plan_id, AN_F_INT, false, 1, INT64_MAX),
    AN_FIELD_IN(F, terms_document_id, AN_F_INT, false, 1, INT64_MAX),
    AN_FIELD_IN(F, agree, AN_F_BOOL, false, 0, 0),
    AN_FIELD_IN(F, important_matters_document_id, AN_F_INT, true, 1, INT64_MAX),
    AN_FIELD_IN(F, privacy_confirmed, AN_F_BOOL, false, 0, 0),
    AN_FIELD_IN(F, antisocial_declared, AN_F_BOOL, false, 0, 0),
};
const struct an_spec an_application_form_spec = AN_SPEC(F, FORM_FIELDS, nulls);
#undef F

struct submit {
  const struct an_ctx *ctx;
  const struct an_application_form *in;
  const struct an_application_consent *consent;
  const char *lang;
  const char *token;
  int64_t id;
};

static int submit_txn(struct an_db *db, void *cls)
{
  struct submit *s = cls;
  int rc = an_store_application_insert(db, s->in, s->consent, s->ctx->now, &s->id);
  if (rc >= 0)
    rc = an_store_application_set_lang(db, s->id, s->lang);
  if (rc < 0)
    return rc;
  json_t *d = json_pack("{s:s, s:s, s:I, s:I, s:s}", "company_name", s->in->company_name,
                        "responsible_email", s->in->responsible_email, "plan_id",
                        (json_int_t)s->in->plan_id, "terms_document_id",
                        (json_int_t)s->in->terms_document_id, "consent_ip", s->consent->ip);
  rc = d ? an_market_audit(s->ctx, db, "application.submit", "application", s->id, 0, d)
         : AN_DB_HARD;
  json_decref(d);
  if (rc < 0)
    return rc;
  /* The address is not known to be the applicant's yet: the mail carries the link only. */
  struct an_buf url = {0};
  an_config_base_url(s->ctx->cfg, &url);
  an_buf_printf(&url, "/apply?confirm=%s", s->token);
  json_t *vars = json_pack("{s:s}", "confirm_url", url.data);
  an_buf_free(&url);
  rc = vars ? an_mail_queue(s->ctx, db, s->in->responsible_email, "application_confirm", s->lang,
                            vars)
            : AN_DB_HARD;
  json_decref(vars);
  return rc == 1 ? 0 : rc < 0 ? rc : AN_DB_HARD; /* never a silent loss: no mail, no record */
}

/* The terms viewed are those in force, the important matters were read (MARK-4-1-2) and the plan
 * is on sale. */
static enum an_ec submit_check(struct an_db *db, const struct an_application_form *in,
                               const char *today)
{
  struct an_document terms = {0};
  struct an_plan plan;
  int rc = an_store_document_in_force(db, "terms", today, &terms);
  int64_t terms_id = rc == 1 ? terms.id : 0;
  an_spec_clear(&an_document_spec, &terms);
  if (rc < 0)
    return AN_EC_GENERIC_INTERNAL;
  if (!terms_id || terms_id != in->terms_document_id)
    return AN_EC_TERMS_OUTDATED;
  enum an_ec read =
      an_document_read_check(db, "important-matters", today, in->important_matters_document_id);
  if (read != AN_EC_OK)
    return read;
  rc = an_store_plan_get(db, in->plan_id, &plan);
  bool sellable = rc == 1 && !strcmp(plan.status, "active") && plan.service_status &&
                  !strcmp(plan.service_status, "active");
  an_spec_clear(&an_plan_spec, &plan);
  if (rc < 0)
    return AN_EC_GENERIC_INTERNAL;
  return sellable ? AN_EC_OK : AN_EC_GENERIC_INVALID_FIELD;
}

const char *an_application_undeclared(const struct an_application_form *in)
{
  if (!in->privacy_confirmed)
    return "privacy_confirmed";
  if (!in->antisocial_declared)
    return "antisocial_declared";
  return NULL;
}

enum an_ec an_application_submit(const struct an_ctx *ctx, struct an_db *db,
                                 struct an_application_form *in, const char *lang)
{
  if (!in->agree)
    return AN_EC_CONSENT_REQUIRED;
  if (an_application_undeclared(in))
    return AN_EC_GENERIC_INVALID_FIELD;
  if (!an_company_code_valid(in->company_code) || !an_email_valid(in->responsible_email) ||
      !an_staff_login_valid(in->admin_login))
    return AN_EC_GENERIC_INVALID_FIELD;
  char today[AN_DATE_STRLEN];
  an_market_date_of(ctx->now, today);
  enum an_ec ec = submit_check(db, in, today);
  if (ec != AN_EC_OK)
    return ec;
  /* A code already in use is not refused here: the answer would tell anyone which codes exist.
   * The operator sees it (company_code_taken) and approval refuses it. */
  an_ascii_upper(in->company_code);
  struct an_buf by = {0};
  an_buf_printf(&by, "%s <%s>", in->responsible_name, in->responsible_email);
  char token[AN_TOKEN_STR], hash[2 * AN_HASH_LEN + 1];
  uint8_t h[AN_HASH_LEN];
  an_token_new(token);
  an_token_hash(token, h);
  an_hex_encode(h, sizeof h, hash);
  struct an_application_consent consent = {ctx->client_ip, by.data, hash,
                                           ctx->now + AN_APPLICATION_CONFIRM_US};
  struct submit s = {ctx, in, &consent, an_lang_norm(lang), token, 0};
  int rc = an_db_txn(db, submit_txn, &s);
  an_wipe(token, sizeof token);
  an_buf_free(&by);
  return rc < 0 ? AN_EC_GENERIC_INTERNAL : AN_EC_OK;
}

struct confirm {
  const struct an_ctx *ctx;
  const char *hash;
  int64_t id;
};

/* The receipt goes to the address just proven to be the applicant's: it may repeat what they
 * typed. Built without fixed-size buffers, so no name is cut (L4 of issue 8). */
static int receipt(const struct an_ctx *ctx, struct an_db *db, const struct an_application *app)
{
  char lang[AN_LANG_STRLEN];
  int rc = an_store_application_lang(db, app->id, lang);
  json_t *v = json_pack("{s:s, s:I}", "company", app->company_name, "id", (json_int_t)app->id);
  if (rc >= 0)
    rc = v ? an_mail_notice_msg(ctx, db, 0, app->responsible_email, app->responsible_name, lang,
                                "application_received", v)
           : AN_DB_HARD;
  json_decref(v);
  return rc;
}

static int confirm_txn(struct an_db *db, void *cls)
{
  struct confirm *c = cls;
  int rc = an_store_application_confirm(db, c->hash, c->ctx->now, &c->id);
  if (rc <= 0)
    return rc < 0 ? rc : AN_DB_ROLLBACK;
  rc = an_market_audit(c->ctx, db, "application.confirm", "application", c->id, 0, NULL);
  struct an_application app = {0};
  if (rc >= 0 && (rc = an_store_application_get(db, c->id, &app)) == 1)
    rc = receipt(c->ctx, db, &app);
  an_spec_clear(&an_application_spec, &app);
  return rc < 0 ? rc : rc == 0 ? AN_DB_HARD : 0;
}

enum an_ec an_application_confirm(const struct an_ctx *ctx, struct an_db *db, const char *token,
                                  json_t **out)
{
  if (!token || strlen(token) != AN_TOKEN_STR - 1)
    return AN_EC_APPLICATION_CONFIRM_INVALID;
  uint8_t h[AN_HASH_LEN];
  char hash[2 * AN_HASH_LEN + 1];
  an_token_hash(token, h);
  an_hex_encode(h, sizeof h, hash);
  struct confirm c = {ctx, hash, 0};
  int rc = an_db_txn(db, confirm_txn, &c);
  if (rc == AN_DB_ROLLBACK || (rc >= 0 && !c.id))
    return AN_EC_APPLICATION_CONFIRM_INVALID;
  struct an_application app = {0};
  if (rc < 0 || an_store_application_get(db, c.id, &app) != 1)
    return AN_EC_GENERIC_INTERNAL;
  *out = an_spec_to_json(&an_application_spec, &app);
  an_spec_clear(&an_application_spec, &app);
  /* The applicant's copy: whether the code is taken stays with the operator. */
  json_object_del(*out, "company_code_taken");
  return AN_EC_OK;
}

int an_application_purge_unconfirmed(struct an_db *db, int64_t now)
{
  return an_store_application_purge_unconfirmed(db, now);
}

/* Application id for a decision: AN_EC_OK with *app filled (an_spec_clear), not found, or an
 * internal error. */
static enum an_ec load(struct an_db *db, int64_t id, struct an_application *app)
{
  int rc = an_store_application_get(db, id, app);
  return rc < 0 ? AN_EC_GENERIC_INTERNAL : rc == 0 ? AN_EC_GENERIC_NOT_FOUND : AN_EC_OK;
}

struct approve {
  const struct an_ctx *ctx;
  int64_t id;
  const struct an_application *app;
  const char *start_on;
  struct an_tenant *t;
  struct an_user *admin;
  const char *password;
  enum an_ec ec;
  int64_t contract_id;
  const char *service_area; /* NULL: the default (日本国内) */
};

static int approve_txn(struct an_db *db, void *cls)
{
  struct approve *a = cls;
  const struct an_ctx *ctx = a->ctx;
  a->ec = AN_EC_OK;
  char lang[AN_LANG_STRLEN]; /* the tenant speaks the application's language */
  int rc = an_store_application_lang(db, a->id, lang);
  if (rc < 0)
    return rc;
  rc = an_tenant_insert_txn(ctx, db, a->t, a->admin, lang, &a->ec);
  if (rc < 0 || a->ec != AN_EC_OK)
    return rc < 0 ? rc : AN_DB_ROLLBACK;
  rc = an_store_tenant_set_details(db, a->t->id, NULL, a->app->address, a->app->phone, NULL, NULL,
                                   ctx->now);
  if (rc < 0)
    return rc;
  struct an_contract contract = {0};
  rc = an_contract_open(ctx, db, a->t->id, a->app->plan_id, a->app->terms_document_id, a->start_on,
                        &contract);
  if (rc < 0)
    return rc;
  a->contract_id = contract.id;
  if (a->service_area && (rc = an_store_contract_set_service_area(db, a->t->id, contract.id,
                                                                  a->service_area, ctx->now)) < 0)
    return rc;
  if (a->service_area) { /* the document sent below states it */
    free(contract.service_area);
    contract.service_area = strdup(a->service_area);
  }
  rc = an_store_application_decide(db, a->id, "approved", "", "", ctx->actor, a->t->id,
                                   a->contract_id, ctx->now);
  if (rc <= 0) {
    an_spec_clear(&an_contract_spec, &contract);
    a->ec = AN_EC_GENERIC_CONFLICT; /* decided meanwhile by someone else */
    return rc < 0 ? rc : AN_DB_ROLLBACK;
  }
  json_t *d = json_pack("{s:I, s:I, s:s, s:s}", "tenant_id", (json_int_t)a->t->id, "contract_id",
                        (json_int_t)a->contract_id, "number", contract.number, "service_area",
                        a->service_area ? a->service_area : "日本国内");
  rc = an_market_audit(ctx, db, "application.approve", "application", a->id, a->t->id, d);
  json_decref(d);
  if (rc >= 0)
    /* No password in any mail: the first admin sets hers from the link of the welcome mail. */
    rc = an_contract_doc_send(ctx, db, &contract, a->admin->login, NULL);
  an_spec_clear(&an_contract_spec, &contract);
  return rc;
}

enum an_ec an_application_approve(const struct an_ctx *ctx, struct an_db *db, int64_t id,
                                  const char *start_on, const char *service_area,
                                  json_t **contract_out)
{
  if (service_area && !service_area[0])
    return AN_EC_GENERIC_INVALID_FIELD;
  struct an_application app;
  enum an_ec ec = load(db, id, &app);
  if (ec != AN_EC_OK)
    return ec;
  int rc;
  char today[AN_DATE_STRLEN];
  an_market_date_of(ctx->now, today);
  struct an_date sd;
  if (strcmp(app.status, "pending"))
    ec = AN_EC_GENERIC_CONFLICT;
  else if (start_on && (!an_date_parse(start_on, &sd) || strcmp(start_on, today) < 0))
    ec = AN_EC_GENERIC_INVALID_FIELD;
  struct an_tenant t;
  struct an_user admin;
  char pw[25];
  if (ec == AN_EC_OK) {
    struct an_tenant_new tn = {app.company_code, app.company_name, app.responsible_name,
                               app.responsible_email, app.admin_login};
    ec = an_tenant_prepare(ctx, &tn, &t, &admin, pw);
  }
  if (ec == AN_EC_OK) {
    struct approve a = {ctx,      id, &app,        start_on ? start_on : today, &t, &admin, pw,
                        AN_EC_OK, 0,  service_area};
    rc = an_db_txn(db, approve_txn, &a);
    ec = a.ec;
    if (ec == AN_EC_OK && rc < 0)
      ec = AN_EC_GENERIC_INTERNAL;
    struct an_contract c = {0};
    if (ec == AN_EC_OK && an_store_contract_get(db, t.id, a.contract_id, &c) != 1)
      ec = AN_EC_GENERIC_INTERNAL;
    else if (ec == AN_EC_OK)
      *contract_out = an_spec_to_json(&an_contract_spec, &c);
    an_spec_clear(&an_contract_spec, &c);
  }
  an_spec_clear(&an_application_spec, &app);
  return ec;
}

struct refuse {
  const struct an_ctx *ctx;
  int64_t id;
  const struct an_application *app;
  const char *reason, *message;
  bool decided;
};

static int refuse_txn(struct an_db *db, void *cls)
{
  struct refuse *r = cls;
  int rc = an_store_application_decide(db, r->id, "refused", r->reason, r->message, r->ctx->actor,
                                       0, 0, r->ctx->now);
  r->decided = rc == 1;
  if (rc <= 0)
    return rc < 0 ? rc : AN_DB_ROLLBACK;
  json_t *d = json_pack("{s:s, s:s}", "reason", r->reason, "message", r->message);
  rc = an_market_audit(r->ctx, db, "application.refuse", "application", r->id, 0, d);
  json_decref(d);
  if (rc < 0)
    return rc;
  char lang[AN_LANG_STRLEN];
  struct an_buf reason = {0}, message = {0};
  an_buf_printf(&reason, "refusal.%s", r->reason);
  if (r->message[0])
    an_buf_printf(&message, "%s", r->message);
  json_t *v =
      json_pack("{s:s, s:I, s:s, s:s}", "company", r->app->company_name, "id", (json_int_t)r->id,
                "reason", reason.data, "message", message.data ? message.data : "");
  an_buf_free(&reason);
  an_buf_free(&message);
  rc = an_store_application_lang(db, r->id, lang);
  if (rc >= 0)
    rc = v ? an_mail_notice_msg(r->ctx, db, 0, r->app->responsible_email, r->app->responsible_name,
                                lang, "application_refused", v)
           : AN_DB_HARD;
  json_decref(v);
  return rc;
}

enum an_ec an_application_refuse(const struct an_ctx *ctx, struct an_db *db, int64_t id,
                                 const char *reason, const char *message)
{
  if (!an_refusal_reason_ja(reason))
    return AN_EC_GENERIC_INVALID_FIELD;
  struct an_application app;
  enum an_ec ec = load(db, id, &app);
  if (ec != AN_EC_OK)
    return ec;
  struct refuse r = {ctx, id, &app, reason, message ? message : "", false};
  int rc = an_db_txn(db, refuse_txn, &r);
  an_spec_clear(&an_application_spec, &app);
  if (!r.decided)
    return rc < 0 && rc != AN_DB_ROLLBACK ? AN_EC_GENERIC_INTERNAL : AN_EC_GENERIC_CONFLICT;
  return rc < 0 ? AN_EC_GENERIC_INTERNAL : AN_EC_OK;
}
