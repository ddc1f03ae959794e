#include "market/documents.h"

#include <stdio.h>
#include <string.h>

#include "core/buf.h"
#include "core/config.h"
#include "core/messages.h"
#include "market/market.h"
#include "notify/mail.h"
#include "store/catalogue.h"
#include "store/contracts.h"
#include "store/lang.h"

static const char *const kinds[] = {"terms", "important-matters", "prohibited-acts"};

/* The kind's name in Japanese (the catalogue's document.<kind>), NULL for an unknown kind. */
static const char *kind_ja(const char *kind)
{
  for (size_t i = 0; kind && i < sizeof kinds / sizeof kinds[0]; i++)
    if (!strcmp(kinds[i], kind)) {
      struct an_buf key = {0};
      an_buf_printf(&key, "document.%s", kind);
      const char *name = an_msg_text(key.data, "ja");
      an_buf_free(&key);
      return name;
    }
  return NULL;
}

bool an_document_kind_valid(const char *kind)
{
  return kind_ja(kind) != NULL;
}

struct publish {
  const struct an_ctx *ctx;
  const char *kind, *title, *body, *eff;
  bool material;
  int64_t id, version;
};

static int publish_txn(struct an_db *db, void *cls)
{
  struct publish *p = cls;
  const struct an_ctx *ctx = p->ctx;
  int rc = an_store_document_insert(db, p->kind, p->title, p->body, p->eff, p->material, ctx->actor,
                                    ctx->now, &p->id, &p->version);
  if (rc < 0)
    return rc;
  json_t *d = json_pack("{s:s, s:I, s:s, s:b}", "kind", p->kind, "version", (json_int_t)p->version,
                        "effective_on", p->eff, "material", p->material);
  rc = an_market_audit(ctx, db, "document.publish", "document", p->id, 0, d);
  json_decref(d);
  if (rc < 0 || !p->material)
    return rc;
  /* TOS-21: posted for everyone and e-mailed to each contractor's responsible person. */
  char ref[48];
  struct an_buf kind = {0};
  an_buf_printf(&kind, "document.%s", p->kind);
  json_t *v = json_pack("{s:s, s:I, s:s, s:s}", "kind", kind.data, "version",
                        (json_int_t)p->version, "doc_title", p->title, "effective_on", p->eff);
  an_buf_free(&kind);
  snprintf(ref, sizeof ref, "document:%lld", (long long)p->id);
  rc = an_market_notify(ctx, db, 0, NULL, NULL, NULL, "document", "document", v, ref);
  struct an_holder *holders = NULL;
  size_t n = 0;
  if (rc >= 0)
    rc = an_store_contract_holders_all(db, &holders, &n);
  for (size_t i = 0; rc >= 0 && i < n; i++) {
    /* One portal notice for all (above); here only the e-mails, each in its tenant's language. */
    const struct an_holder *h = &holders[i];
    char lang[AN_LANG_STRLEN];
    rc = an_store_tenant_lang(db, h->id, lang);
    if (rc >= 0)
      rc = an_mail_notice_msg(ctx, db, h->id, h->responsible_email, h->responsible_name, lang,
                              "document", v);
  }
  an_spec_free_array(&an_holder_spec, holders, n);
  json_decref(v);
  return rc;
}

enum an_ec an_document_publish(const struct an_ctx *ctx, struct an_db *db, const char *kind,
                               const char *title, const char *body, const char *effective_on,
                               bool material, char *earliest_out, json_t **out)
{
  struct an_date eff, today = an_market_today(ctx), earliest = today;
  *out = NULL;
  if (!an_document_kind_valid(kind) || !title || !title[0] || !body || !body[0] || !effective_on ||
      !an_date_parse(effective_on, &eff) || an_date_cmp(eff, today) < 0)
    return AN_EC_GENERIC_INVALID_FIELD;
  if (material)
    an_date_add_days(today, ctx->cfg->document_notice_days, &earliest);
  if (earliest_out) /* for the answer: the first date allowed */
    an_date_format(earliest, earliest_out, AN_DATE_STRLEN);
  if (an_date_cmp(eff, earliest) < 0)
    return AN_EC_NOTICE_PERIOD_TOO_SHORT;
  struct publish p = {ctx, kind, title, body, effective_on, material, 0, 0};
  struct an_document doc = {0};
  if (an_db_txn(db, publish_txn, &p) >= 0 && an_store_document_get(db, p.id, &doc) == 1)
    *out = an_spec_to_json(&an_document_spec, &doc);
  an_spec_clear(&an_document_spec, &doc);
  return *out ? AN_EC_OK : AN_EC_GENERIC_INTERNAL;
}

enum an_ec an_document_public(const struct an_ctx *ctx, struct an_db *db, const char *kind,
                              json_t **out)
{
  *out = NULL;
  if (!an_document_kind_valid(kind))
    return AN_EC_GENERIC_NOT_FOUND;
  char today[AN_DATE_STRLEN];
  an_market_date_of(ctx->now, today);
  struct an_document doc = {0}, *versions = NULL;
  size_t n = 0;
  int in_force = an_store_document_in_force(db, kind, today, &doc);
  int listed = in_force < 0 ? in_force : an_store_document_list(db, kind, &versions, &n);
  if (listed >= 0)
    *out =
        json_pack("{s:s, s:s, s:o, s:o}", "kind", kind, "name", kind_ja(kind), "in_force",
                  in_force == 1 ? an_spec_to_json(&an_document_spec, &doc) : json_null(),
                  "versions", an_spec_array_to_json(&an_document_spec, versions, n, json_array()));
  an_spec_clear(&an_document_spec, &doc);
  an_spec_free_array(&an_document_spec, versions, n);
  return listed < 0 ? AN_EC_GENERIC_INTERNAL : AN_EC_OK;
}

enum an_ec an_document_read_check(struct an_db *db, const char *kind, const char *date,
                                  int64_t read_id)
{
  struct an_document doc = {0};
  int rc = an_store_document_in_force(db, kind, date, &doc);
  int64_t id = rc == 1 ? doc.id : 0;
  an_spec_clear(&an_document_spec, &doc);
  if (rc < 0)
    return AN_EC_GENERIC_INTERNAL;
  return !id || id == read_id ? AN_EC_OK : AN_EC_IMPORTANT_MATTERS_UNREAD;
}
