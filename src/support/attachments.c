#include "support/attachments.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/alloc.h"
#include "core/config.h"
#include "core/utf8.h"
#include "crypto/envelope.h"
#include "crypto/keys.h"
#include "store/rows.h"
#include "store/support_tickets.h"
#include "support/tickets.h"

/* The purpose key: crypto_kdf subkey 1 of the master key under context "ansuppat". */
static void attachment_key(const struct an_ctx *ctx, uint8_t key[AN_DEK_LEN])
{
  crypto_kdf_derive_from_key(key, AN_DEK_LEN, 1, "ansuppat", ctx->keys->master);
}

static char *ad_of(int64_t ticket_id, const char *filename)
{
  return an_asprintf("ticket:%lld:attachment:%s", (long long)ticket_id, filename);
}

static bool starts(const void *data, size_t len, const char *magic, size_t n)
{
  return len >= n && !memcmp(data, magic, n);
}

static const char *sniff(const void *data, size_t len)
{
  if (starts(data, len, "\x89PNG\r\n\x1a\n", 8))
    return "image/png";
  if (starts(data, len, "\xff\xd8\xff", 3))
    return "image/jpeg";
  if (starts(data, len, "GIF87a", 6) || starts(data, len, "GIF89a", 6))
    return "image/gif";
  if (starts(data, len, "%PDF-", 5))
    return "application/pdf";
  if (an_utf8_valid(data, len) && !memchr(data, '\0', len))
    return "text/plain";
  return NULL;
}

const char *an_support_attachment_type(const char *declared, const void *data, size_t len)
{
  const char *real = sniff(data, len);
  if (!real)
    return NULL;
  char base[80] = "";
  if (declared)
    snprintf(base, sizeof base, "%.*s", (int)strcspn(declared, "; "), declared);
  for (char *p = base; *p; p++)
    if (*p >= 'A' && *p <= 'Z')
      *p = (char)(*p + 32);
  if (!base[0] || !strcmp(base, "application/octet-stream"))
    return real;
  if (!strcmp(real, "text/plain") && !strcmp(base, "text/csv"))
    return "text/csv";
  return !strcmp(base, real) ? real : NULL;
}

int an_support_attachment_keep(const struct an_ctx *ctx, struct an_db *db, const json_t *ticket,
                               const char *filename, const char *declared, const void *data,
                               size_t len, const char **why)
{
  int64_t tid = an_rec_int(ticket, "id"), tenant = an_rec_int(ticket, "tenant_id");
  const char *name = filename && filename[0] ? filename : "attachment";
  const char *type = NULL;
  *why = NULL;
  if (len == 0)
    *why = "empty";
  else if ((long)len > ctx->cfg->support_attachment_max_bytes)
    *why = "too_large";
  else if (!(type = an_support_attachment_type(declared, data, len)))
    *why = "type";
  if (*why) {
    char *detail = an_asprintf("%s:%s", *why, name);
    int rc = an_store_ticket_event_add(db, tenant, tid, "attachment_refused", true, "system", "",
                                       "", detail, ctx->now);
    free(detail);
    return rc < 0 ? rc : 0;
  }
  uint8_t key[AN_DEK_LEN];
  attachment_key(ctx, key);
  char *ad = ad_of(tid, name);
  uint8_t *sealed = an_calloc(len + AN_SEAL_OVERHEAD);
  size_t sealed_len = 0;
  bool ok = an_seal(key, data, len, ad, sealed, &sealed_len);
  sodium_memzero(key, sizeof key);
  free(ad);
  int64_t id = 0;
  int rc = ok ? an_store_ticket_attachment_add(db, tenant, tid, name, type, (int64_t)len, sealed,
                                               sealed_len, ctx->now, &id)
              : AN_DB_HARD;
  free(sealed);
  if (rc >= 0)
    rc = an_store_ticket_event_add(db, tenant, tid, "attachment", false,
                                   ctx->subject == AN_SUBJECT_USER    ? "user"
                                   : ctx->subject == AN_SUBJECT_STAFF ? "staff"
                                                                      : "requester",
                                   ctx->actor, "", name, ctx->now);
  return rc < 0 ? rc : 1;
}

enum an_ec an_ticket_attachment_read(const struct an_ctx *ctx, struct an_db *db, int64_t ticket_id,
                                     int64_t id, json_t **meta, unsigned char **data, size_t *len)
{
  *meta = NULL;
  *data = NULL;
  *len = 0;
  json_t *t = NULL;
  int rc = an_ticket_load(ctx, db, ticket_id, &t);
  if (rc <= 0)
    return an_ec_of_read(rc);
  unsigned char *sealed = NULL;
  size_t sealed_len = 0;
  rc = an_store_ticket_attachment_get(db, an_rec_int(t, "tenant_id"), ticket_id, id, meta, &sealed,
                                      &sealed_len);
  json_decref(t);
  if (rc <= 0)
    return an_ec_of_read(rc);
  uint8_t key[AN_DEK_LEN];
  attachment_key(ctx, key);
  char *ad = ad_of(ticket_id, an_rec_str(*meta, "filename"));
  unsigned char *plain = an_calloc(sealed_len + 1);
  bool ok = an_open(key, sealed, sealed_len, ad, plain, len);
  sodium_memzero(key, sizeof key);
  free(ad);
  free(sealed);
  if (!ok) {
    free(plain);
    json_decref(*meta);
    *meta = NULL;
    *len = 0;
    return AN_EC_GENERIC_INTERNAL;
  }
  *data = plain;
  return AN_EC_OK;
}

struct add {
  const struct an_ctx *ctx;
  int64_t ticket_id;
  const char *filename, *declared;
  const void *data;
  size_t len;
  const char *why;
  enum an_ec ec;
};

static int add_body(struct an_db *db, void *cls)
{
  struct add *a = cls;
  json_t *t = NULL;
  int rc = an_ticket_load(a->ctx, db, a->ticket_id, &t);
  a->ec = rc < 0 ? AN_EC_GENERIC_INTERNAL : rc == 0 ? AN_EC_GENERIC_NOT_FOUND : AN_EC_OK;
  if (rc > 0 && !strcmp(an_rec_str(t, "status"), "closed"))
    a->ec = AN_EC_GENERIC_CONFLICT;
  else if (rc > 0 && an_scope_shop(a->ctx))
    a->ec = AN_EC_AUTH_FORBIDDEN;
  if (a->ec != AN_EC_OK) {
    json_decref(t);
    return rc < 0 ? rc : AN_DB_ROLLBACK;
  }
  rc =
      an_support_attachment_keep(a->ctx, db, t, a->filename, a->declared, a->data, a->len, &a->why);
  json_decref(t);
  if (rc == 0) {
    a->ec = !strcmp(a->why, "too_large") ? AN_EC_SUPPORT_ATTACHMENT_TOO_LARGE
                                         : AN_EC_GENERIC_INVALID_FIELD;
    return AN_DB_ROLLBACK;
  }
  return rc;
}

enum an_ec an_ticket_attachment_add(const struct an_ctx *ctx, struct an_db *db, int64_t ticket_id,
                                    const char *filename, const char *declared, const void *data,
                                    size_t len, json_t **meta, const char **why)
{
  *meta = NULL;
  struct add a = {ctx, ticket_id, filename, declared, data, len, NULL, AN_EC_OK};
  int rc = an_db_txn(db, add_body, &a);
  *why = a.why;
  if (a.ec != AN_EC_OK)
    return a.ec;
  if (rc < 0)
    return AN_EC_GENERIC_INTERNAL;
  json_t *list = json_array(), *t = NULL;
  if (an_ticket_load(ctx, db, ticket_id, &t) == 1 &&
      an_store_ticket_attachments(db, an_rec_int(t, "tenant_id"), ticket_id, list) > 0)
    *meta = json_incref(json_array_get(list, json_array_size(list) - 1));
  json_decref(t);
  json_decref(list);
  return *meta ? AN_EC_OK : AN_EC_GENERIC_INTERNAL;
}
