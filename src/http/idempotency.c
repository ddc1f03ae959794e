#include "http/idempotency.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/alloc.h"
#include "core/log.h"
#include "core/time.h"
#include "crypto/envelope.h"
#include "crypto/keys.h"
#include "http/router.h"
#include "http/server_state.h"
#include "store/idempotency.h"

#define US 1000000LL
/* How long a repeat waits for the answer of an attempt that has committed but not yet stored
 * it (it is storing it now, or it died or lost its connection in between). */
#define ANSWER_WAIT_US (2 * US)

struct idem {
  struct an_request *r;
  const char *key;
  int64_t tenant;
  char scope[96];
  char fingerprint[65];
  bool lost; /* the claim found a live row: another attempt committed first */
};

bool an_idem_wanted(const struct an_request *r)
{
  const char *m = r->method;
  return r->route && r->route->auth != AN_AUTH_PUBLIC &&
         (!strcmp(m, "POST") || !strcmp(m, "PUT") || !strcmp(m, "PATCH") || !strcmp(m, "DELETE")) &&
         an_req_header(r, "Idempotency-Key");
}

static bool key_ok(const char *k)
{
  size_t n = strlen(k);
  if (n < 1 || n > 255)
    return false;
  for (size_t i = 0; i < n; i++)
    if (k[i] <= 0x20 || k[i] >= 0x7f)
      return false;
  return true;
}

/* SHA-256 of the method, the path and the body: what makes a repeat "the same request". */
static void fingerprint(const struct an_request *r, char out[65])
{
  crypto_hash_sha256_state st;
  crypto_hash_sha256_init(&st);
  crypto_hash_sha256_update(&st, (const unsigned char *)r->method, strlen(r->method) + 1);
  crypto_hash_sha256_update(&st, (const unsigned char *)r->path, strlen(r->path) + 1);
  if (r->body.len)
    crypto_hash_sha256_update(&st, (const unsigned char *)r->body.data, r->body.len);
  unsigned char h[crypto_hash_sha256_BYTES];
  crypto_hash_sha256_final(&st, h);
  sodium_bin2hex(out, 65, h, sizeof h);
}

/* The key that seals stored answers at rest, derived from the master key for this purpose only. */
static void answer_key(const struct an_request *r, uint8_t key[AN_DEK_LEN])
{
  crypto_kdf_derive_from_key(key, AN_DEK_LEN, 1, "idemansw", r->server->keys->master);
}

static char *ad_of(const struct idem *x)
{
  return an_asprintf("%lld\n%s\n%s", (long long)x->tenant, x->scope, x->key);
}

/* An answer that names a secret (a new token, a one-time password, recovery codes), which is
 * shown once and never stored: such answers are not kept. */
static bool secret(json_t *v, int depth)
{
  static const char *const names[] = {"token",      "secret",         "initial_password",
                                      "password",   "recovery_codes", "otpauth_uri",
                                      "csrf_token", "link",           NULL};
  if (!json_is_object(v) || depth > 2)
    return false;
  const char *k;
  json_t *item;
  json_object_foreach(v, k, item)
  {
    for (size_t i = 0; names[i]; i++)
      if (!strcmp(k, names[i]) && (json_is_string(item) || json_is_array(item)))
        return true;
    if (secret(item, depth + 1))
      return true;
  }
  return false;
}

static bool keepable(const struct an_request *r)
{
  if (!r->hold.captured)
    return false;
  if (!r->hold.len)
    return true;
  json_t *v = json_loadb(r->hold.body, r->hold.len, 0, NULL);
  bool ok = v && !secret(v, 0);
  json_decref(v);
  return ok;
}

/* Stores r's held answer for the claimed key (body sealed; NULL when it is not to be kept). */
static void store_answer(struct idem *x)
{
  struct an_request *r = x->r;
  uint8_t *sealed = NULL;
  size_t sealed_len = 0;
  bool keep = keepable(r);
  if (keep) {
    uint8_t key[AN_DEK_LEN];
    answer_key(r, key);
    char *ad = ad_of(x);
    sealed = an_calloc(r->hold.len + AN_SEAL_OVERHEAD);
    if (!an_seal(key, r->hold.body, r->hold.len, ad, sealed, &sealed_len)) {
      free(sealed);
      sealed = NULL;
    }
    free(ad);
    sodium_memzero(key, sizeof key);
  }
  if (an_store_idem_answer(r->db, x->tenant, x->scope, x->key, r->status,
                           sealed ? r->hold.ctype : NULL, sealed, sealed_len) < 0)
    an_log(AN_LOG_WARN, "idempotency: the answer could not be stored",
           json_pack("{s:s}", "request_id", r->ctx.request_id));
  free(sealed);
}

/* Answers from a stored row: the first answer again, or 422 / 409. */
static an_ret replay(struct idem *x, const struct an_idem_row *row)
{
  struct an_request *r = x->r;
  if (strcmp(row->fingerprint, x->fingerprint))
    return an_reply_problem(r, AN_EC_IDEMPOTENCY_KEY_REUSED, NULL, NULL);
  if (!row->answered || !row->body)
    return an_reply_problem(r, AN_EC_IDEMPOTENCY_DONE, NULL, NULL);
  uint8_t key[AN_DEK_LEN];
  answer_key(r, key);
  char *ad = ad_of(x);
  char *plain = an_calloc(row->body_len + 1);
  size_t len = 0;
  bool ok = an_open(key, row->body, row->body_len, ad, (uint8_t *)plain, &len);
  free(ad);
  sodium_memzero(key, sizeof key);
  if (!ok) {
    free(plain);
    return an_reply_problem(r, AN_EC_IDEMPOTENCY_DONE, NULL, NULL);
  }
  static const char *const replayed[] = {"Idempotent-Replayed", "true", NULL, NULL};
  const char *ctype = row->ctype && row->ctype[0] ? row->ctype : "application/octet-stream";
  return an_reply_owned(r, (unsigned)row->status, ctype, plain, len, replayed);
}

/* The row of a key another attempt committed: waits a little for its answer, then replays. */
static an_ret settle(struct idem *x)
{
  struct an_request *r = x->r;
  int64_t until = r->ctx.now + ANSWER_WAIT_US;
  for (;;) {
    struct an_idem_row row;
    int64_t now = an_time_now_us();
    int rc = an_store_idem_get(r->db, x->tenant, x->scope, x->key, r->ctx.now, &row);
    if (rc < 0)
      return an_reply_problem(r, AN_EC_GENERIC_UNAVAILABLE, NULL, NULL);
    if (rc == 1 && (row.answered || strcmp(row.fingerprint, x->fingerprint) || now >= until)) {
      an_ret ret = replay(x, &row);
      an_idem_row_clear(&row);
      return ret;
    }
    an_idem_row_clear(&row);
    if (now >= until) /* gone (expired meanwhile): the write happened once, its answer is lost */
      return an_reply_problem(r, AN_EC_IDEMPOTENCY_DONE, NULL, NULL);
    struct timespec ts = {0, 50 * 1000000L};
    nanosleep(&ts, NULL);
  }
}

/* The guard's step, first in the write's transaction: claims the key, or stops the write. */
static int claim(struct an_db *db, void *cls)
{
  struct idem *x = cls;
  int64_t ttl = x->r->server->cfg->idempotency_ttl_seconds * US;
  int rc = an_store_idem_claim(db, x->tenant, x->scope, x->key, x->fingerprint, x->r->ctx.now,
                               x->r->ctx.now + ttl);
  if (rc == 0) {
    x->lost = true;
    return AN_DB_ROLLBACK;
  }
  return rc < 0 ? rc : 0;
}

an_ret an_idem_run(struct an_request *r, an_ret (*handler)(struct an_request *r))
{
  struct idem x = {.r = r, .key = an_req_header(r, "Idempotency-Key"), .tenant = r->ctx.tenant_id};
  if (!key_ok(x.key))
    return an_reply_problem(r, AN_EC_IDEMPOTENCY_KEY_INVALID, NULL, NULL);
  snprintf(x.scope, sizeof x.scope, "%s:%lld:%lld", an_subject_name(r->ctx.subject),
           (long long)r->ctx.subject_id, (long long)r->ctx.shop_id);
  fingerprint(r, x.fingerprint);
  struct an_idem_row row;
  int rc = an_store_idem_get(r->db, x.tenant, x.scope, x.key, r->ctx.now, &row);
  if (rc < 0)
    return an_reply_problem(r, AN_EC_GENERIC_UNAVAILABLE, NULL, NULL);
  an_idem_row_clear(&row);
  if (rc == 1)
    return settle(&x);
  struct an_db_guard guard = {claim, &x, false};
  an_db_set_guard(r->db, &guard);
  r->hold.on = true;
  handler(r);
  an_db_set_guard(r->db, NULL);
  if (x.lost && !guard.committed) { /* a twin attempt wrote first: its answer is ours */
    an_reply_hold_end(r, false);
    return settle(&x);
  }
  if (guard.committed && r->status && r->status < 500)
    store_answer(&x);
  return an_reply_hold_end(r, true);
}
