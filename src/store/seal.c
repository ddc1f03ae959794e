#include "store/seal.h"

#include <pthread.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/alloc.h"
#include "core/log.h"
#include "crypto/envelope.h"
#include "store/rows.h"

struct entry {
  int64_t tenant_id;
  uint8_t dek[AN_DEK_LEN];
  uint8_t bidx[AN_DEK_LEN]; /* the blind index key: BLAKE2b of the data key, shredded with it */
  bool live;
};

/* The cache: entries sorted by tenant id (keys arrive in id order; a late one is inserted). */
static struct {
  pthread_mutex_t mu;
  const struct an_keys *keys;
  uint8_t op_dek[AN_DEK_LEN];
  uint8_t op_bidx[AN_DEK_LEN];
  struct entry *e;
  size_t n, cap;
  int64_t max_id;
} C = {.mu = PTHREAD_MUTEX_INITIALIZER};

void an_store_seal_use(const struct an_keys *keys)
{
  pthread_mutex_lock(&C.mu);
  C.keys = keys;
  crypto_kdf_derive_from_key(C.op_dek, AN_DEK_LEN, 1, "anopdata", keys->master);
  crypto_kdf_derive_from_key(C.op_bidx, AN_DEK_LEN, 1, "anopbidx", keys->master);
  pthread_mutex_unlock(&C.mu);
}

bool an_store_seal_ready(void)
{
  pthread_mutex_lock(&C.mu);
  bool ok = C.keys != NULL;
  pthread_mutex_unlock(&C.mu);
  return ok;
}

/* Index of tenant_id or of where it would go. Call locked. */
static size_t find(int64_t tenant_id)
{
  size_t lo = 0, hi = C.n;
  while (lo < hi) {
    size_t mid = lo + (hi - lo) / 2;
    if (C.e[mid].tenant_id < tenant_id)
      lo = mid + 1;
    else
      hi = mid;
  }
  return lo;
}

/* Copies tenant's keys out of the cache (tenant 0: the operator's). False when not cached. */
static bool lookup(int64_t tenant_id, uint8_t dek[AN_DEK_LEN], uint8_t bidx[AN_DEK_LEN])
{
  bool ok = false;
  pthread_mutex_lock(&C.mu);
  if (tenant_id == 0 && C.keys) {
    memcpy(dek, C.op_dek, AN_DEK_LEN);
    memcpy(bidx, C.op_bidx, AN_DEK_LEN);
    ok = true;
  } else if (tenant_id > 0) {
    size_t i = find(tenant_id);
    if (i < C.n && C.e[i].tenant_id == tenant_id && C.e[i].live) {
      memcpy(dek, C.e[i].dek, AN_DEK_LEN);
      memcpy(bidx, C.e[i].bidx, AN_DEK_LEN);
      ok = true;
    }
  }
  pthread_mutex_unlock(&C.mu);
  return ok;
}

/* Unwraps and caches one key. */
static void add(int64_t tenant_id, const void *wrapped, size_t len)
{
  uint8_t dek[AN_DEK_LEN];
  pthread_mutex_lock(&C.mu);
  if (!C.keys || !an_dek_unwrap(C.keys, wrapped, len, dek)) {
    pthread_mutex_unlock(&C.mu);
    an_log(AN_LOG_WARN, "a tenant's data key does not open under this master key",
           json_pack("{s:I}", "tenant_id", (json_int_t)tenant_id));
    return;
  }
  size_t i = find(tenant_id);
  if (i == C.n || C.e[i].tenant_id != tenant_id) {
    if (C.n == C.cap) {
      C.cap = C.cap ? C.cap * 2 : 64;
      C.e = an_realloc(C.e, C.cap * sizeof *C.e);
    }
    memmove(C.e + i + 1, C.e + i, (C.n - i) * sizeof *C.e);
    C.n++;
  }
  C.e[i].tenant_id = tenant_id;
  memcpy(C.e[i].dek, dek, AN_DEK_LEN);
  crypto_generichash(C.e[i].bidx, AN_DEK_LEN, (const uint8_t *)"anshin:blind-index", 18, dek,
                     AN_DEK_LEN);
  C.e[i].live = true;
  if (tenant_id > C.max_id)
    C.max_id = tenant_id;
  sodium_memzero(dek, sizeof dek);
  pthread_mutex_unlock(&C.mu);
}

static void key_cb(void *cls, const struct an_db_row *row)
{
  (void)cls;
  size_t len = 0;
  const void *p = an_db_row_blob(row, 1, &len);
  if (p)
    add(an_db_row_int(row, 0), p, len);
}

int an_store_seal_sync(struct an_db *db)
{
  static const char SQL[] =
      "SELECT tenant_id, dek_wrapped FROM tenant_keys WHERE tenant_id > $1 ORDER BY tenant_id";
  pthread_mutex_lock(&C.mu);
  int64_t after = C.max_id;
  pthread_mutex_unlock(&C.mu);
  int rc = an_db_query(db, SQL, AN_ARGS(AN_P_INT(after)), key_cb, NULL);
  return rc < 0 ? rc : 0;
}

int an_store_seal_need(struct an_db *db, int64_t tenant_id)
{
  static const char SQL[] = "SELECT tenant_id, dek_wrapped FROM tenant_keys WHERE tenant_id = $1";
  uint8_t dek[AN_DEK_LEN], bidx[AN_DEK_LEN];
  if (lookup(tenant_id, dek, bidx)) {
    sodium_memzero(dek, sizeof dek);
    return 1;
  }
  if (tenant_id <= 0)
    return 0;
  int rc = an_db_query(db, SQL, AN_ARGS(AN_P_INT(tenant_id)), key_cb, NULL);
  if (rc <= 0)
    return rc;
  rc = lookup(tenant_id, dek, bidx) ? 1 : 0;
  sodium_memzero(dek, sizeof dek);
  return rc;
}

void an_store_seal_forget(int64_t tenant_id)
{
  pthread_mutex_lock(&C.mu);
  size_t i = find(tenant_id);
  if (i < C.n && C.e[i].tenant_id == tenant_id) {
    sodium_memzero(C.e[i].dek, AN_DEK_LEN);
    sodium_memzero(C.e[i].bidx, AN_DEK_LEN);
    C.e[i].live = false;
  }
  pthread_mutex_unlock(&C.mu);
}

static char *ad_of(const char *table, int64_t tenant_id, int64_t row, const char *column)
{
  return an_asprintf("%s:%lld:%lld:%s", table, (long long)tenant_id, (long long)row, column);
}

bool an_store_is_sealed(const char *stored)
{
  return stored && !strncmp(stored, AN_SEAL_PREFIX, sizeof AN_SEAL_PREFIX - 1);
}

char *an_store_seal_text(int64_t tenant_id, const char *table, int64_t row, const char *column,
                         const char *plain)
{
  if (!plain || !plain[0])
    return an_strdup("");
  uint8_t dek[AN_DEK_LEN], bidx[AN_DEK_LEN];
  if (!lookup(tenant_id, dek, bidx))
    return NULL;
  size_t n = strlen(plain), slen = 0;
  uint8_t *sealed = an_calloc(n + AN_SEAL_OVERHEAD);
  char *ad = ad_of(table, tenant_id, row, column), *out = NULL;
  if (an_seal(dek, plain, n, ad, sealed, &slen)) {
    size_t b64 = sodium_base64_ENCODED_LEN(slen, sodium_base64_VARIANT_ORIGINAL_NO_PADDING);
    out = an_calloc(sizeof AN_SEAL_PREFIX - 1 + b64);
    memcpy(out, AN_SEAL_PREFIX, sizeof AN_SEAL_PREFIX - 1);
    sodium_bin2base64(out + sizeof AN_SEAL_PREFIX - 1, b64, sealed, slen,
                      sodium_base64_VARIANT_ORIGINAL_NO_PADDING);
  }
  sodium_memzero(dek, sizeof dek);
  sodium_memzero(bidx, sizeof bidx);
  free(ad);
  free(sealed);
  return out;
}

char *an_store_open_text(int64_t tenant_id, const char *table, int64_t row, const char *column,
                         const char *stored, bool *unreadable)
{
  if (!an_store_is_sealed(stored))
    return an_strdup(stored ? stored : "");
  const char *b64 = stored + sizeof AN_SEAL_PREFIX - 1;
  size_t blen = strlen(b64), slen = 0, plen = 0;
  uint8_t *sealed = an_calloc(blen + 1), *plain = an_calloc(blen + 1);
  uint8_t dek[AN_DEK_LEN], bidx[AN_DEK_LEN];
  char *ad = ad_of(table, tenant_id, row, column);
  bool ok = sodium_base642bin(sealed, blen + 1, b64, blen, NULL, &slen, NULL,
                              sodium_base64_VARIANT_ORIGINAL_NO_PADDING) == 0 &&
            lookup(tenant_id, dek, bidx) && an_open(dek, sealed, slen, ad, plain, &plen);
  sodium_memzero(dek, sizeof dek);
  sodium_memzero(bidx, sizeof bidx);
  free(ad);
  free(sealed);
  if (!ok) {
    plen = 0;
    if (unreadable)
      *unreadable = true;
  }
  plain[plen] = '\0';
  return (char *)plain;
}

void an_store_open_into(char *dst, size_t n, int64_t tenant_id, const char *table, int64_t row,
                        const char *column, const char *stored)
{
  if (!an_store_is_sealed(stored)) {
    snprintf(dst, n, "%s", stored ? stored : "");
    return;
  }
  char *plain = an_store_open_text(tenant_id, table, row, column, stored, NULL);
  snprintf(dst, n, "%s", plain ? plain : "");
  if (plain)
    sodium_memzero(plain, strlen(plain));
  free(plain);
}

bool an_store_blind(int64_t tenant_id, const char *value, char out[AN_BLIND_HEX])
{
  uint8_t dek[AN_DEK_LEN], bidx[AN_DEK_LEN], mac[crypto_auth_hmacsha256_BYTES];
  if (!lookup(tenant_id, dek, bidx))
    return false;
  sodium_memzero(dek, sizeof dek);
  while (*value == ' ' || *value == '\t')
    value++;
  size_t n = strlen(value);
  while (n && (value[n - 1] == ' ' || value[n - 1] == '\t'))
    n--;
  char *norm = an_calloc(n + 1);
  for (size_t i = 0; i < n; i++)
    norm[i] = value[i] >= 'A' && value[i] <= 'Z' ? (char)(value[i] + 32) : value[i];
  crypto_auth_hmacsha256_state st;
  crypto_auth_hmacsha256_init(&st, bidx, sizeof bidx);
  crypto_auth_hmacsha256_update(&st, (const uint8_t *)norm, n);
  crypto_auth_hmacsha256_final(&st, mac);
  sodium_memzero(bidx, sizeof bidx);
  free(norm);
  sodium_bin2hex(out, AN_BLIND_HEX, mac, sizeof mac);
  return true;
}

void an_store_open_rec(json_t *rec, int64_t tenant_id, const char *table, int64_t row,
                       const char *const *fields)
{
  for (; *fields; fields++) {
    json_t *v = json_object_get(rec, *fields);
    if (!json_is_string(v) || !an_store_is_sealed(json_string_value(v)))
      continue;
    char *plain = an_store_open_text(tenant_id, table, row, *fields, json_string_value(v), NULL);
    json_object_set_new(rec, *fields, json_string(plain ? plain : ""));
    free(plain);
  }
}

int an_store_key_put(struct an_db *db, int64_t tenant_id, const uint8_t *wrapped, size_t len)
{
  static const char SQL[] =
      "INSERT INTO tenant_keys (tenant_id, dek_wrapped) VALUES ($1, $2) "
      "ON CONFLICT (tenant_id) DO UPDATE SET dek_wrapped = excluded.dek_wrapped";
  int rc = an_db_query(db, SQL, AN_ARGS(AN_P_INT(tenant_id), AN_P_BLOB(wrapped, len)), NULL, NULL);
  if (rc >= 0)
    add(tenant_id, wrapped, len);
  return rc < 0 ? rc : 1;
}

int an_store_key_destroy(struct an_db *db, int64_t tenant_id)
{
  static const char SQL[] = "DELETE FROM tenant_keys WHERE tenant_id = $1";
  int rc = an_db_query(db, SQL, AN_ARGS(AN_P_INT(tenant_id)), NULL, NULL);
  if (rc >= 0)
    an_store_seal_forget(tenant_id);
  return rc;
}

static void list_cb(void *cls, const struct an_db_row *row)
{
  size_t len = 0;
  const uint8_t *p = an_db_row_blob(row, 1, &len);
  char *hex = an_calloc(len * 2 + 1);
  sodium_bin2hex(hex, len * 2 + 1, p ? p : (const uint8_t *)"", p ? len : 0);
  json_array_append_new(cls, json_pack("{s:I, s:s}", "tenant_id", (json_int_t)an_db_row_int(row, 0),
                                       "dek_wrapped", hex));
  free(hex);
}

int an_store_key_list_all(struct an_db *db, json_t *out)
{
  static const char SQL[] = "SELECT tenant_id, dek_wrapped FROM tenant_keys ORDER BY tenant_id";
  return an_db_query(db, SQL, NULL, 0, list_cb, out);
}

void an_store_open_rows(json_t *rows, int64_t tenant_id, const char *tenant_key, const char *table,
                        const char *row_key, const char *const *pairs)
{
  size_t i;
  json_t *r;
  json_array_foreach(rows, i, r)
  {
    int64_t tenant = tenant_key ? json_integer_value(json_object_get(r, tenant_key)) : tenant_id;
    int64_t row = row_key ? json_integer_value(json_object_get(r, row_key)) : 0;
    for (const char *const *f = pairs; f[0] && f[1]; f += 2) {
      json_t *v = json_object_get(r, f[0]);
      if (!json_is_string(v) || !an_store_is_sealed(json_string_value(v)))
        continue;
      char *plain = an_store_open_text(tenant, table, row, f[1], json_string_value(v), NULL);
      json_object_set_new(r, f[0], json_string(plain ? plain : ""));
      free(plain);
    }
  }
}

size_t an_store_seal_tenants(int64_t **ids)
{
  pthread_mutex_lock(&C.mu);
  *ids = an_calloc((C.n ? C.n : 1) * sizeof **ids);
  size_t n = 0;
  for (size_t i = 0; i < C.n; i++)
    if (C.e[i].live)
      (*ids)[n++] = C.e[i].tenant_id;
  pthread_mutex_unlock(&C.mu);
  return n;
}

/* Keys of audit details that name or reach a person. */
static const char *const PERSONAL_KEYS[] = {"to",
                                            "email",
                                            "name",
                                            "display_name",
                                            "responsible_name",
                                            "responsible_email",
                                            "phone",
                                            "address",
                                            "requester_name",
                                            "requester_email",
                                            "authority", /* a lawful disclosure's (polish) */
                                            "legal_basis",
                                            NULL};

static bool personal(const char *key)
{
  for (const char *const *k = PERSONAL_KEYS; *k; k++)
    if (!strcmp(*k, key))
      return true;
  return false;
}

bool an_store_seal_details(int64_t tenant_id, json_t *details)
{
  const char *key;
  json_t *v;
  bool ok = true;
  json_object_foreach(details, key, v)
  {
    if (!personal(key) || !json_is_string(v) || !json_string_value(v)[0])
      continue;
    char *s = an_store_seal_text(tenant_id, "audit_events", 0, key, json_string_value(v));
    if (!s) {
      ok = false;
      continue;
    }
    json_object_set_new(details, key, json_string(s));
    free(s);
  }
  return ok;
}

void an_store_open_details(int64_t tenant_id, json_t *details)
{
  const char *key;
  json_t *v;
  json_object_foreach(details, key, v)
  {
    if (!json_is_string(v) || !an_store_is_sealed(json_string_value(v)))
      continue;
    char *s = an_store_open_text(tenant_id, "audit_events", 0, key, json_string_value(v), NULL);
    json_object_set_new(details, key, json_string(s ? s : ""));
    free(s);
  }
}

char *an_store_open_details_text(int64_t tenant_id, const char *text)
{
  if (!text || !strstr(text, AN_SEAL_PREFIX))
    return an_strdup(text ? text : "{}");
  json_t *d = json_loads(text, 0, NULL);
  if (!d)
    return an_strdup(text);
  an_store_open_details(tenant_id, d);
  char *out = json_dumps(d, JSON_COMPACT | JSON_SORT_KEYS);
  json_decref(d);
  return out ? out : an_strdup(text);
}

int an_store_seal_missing_keys(struct an_db *db)
{
  static const char SQL[] = "SELECT id FROM tenants WHERE status <> 'erased' AND id NOT IN "
                            "(SELECT tenant_id FROM tenant_keys) ORDER BY id";
  json_t *ids = json_array();
  int rc = an_store_rows(db, SQL, NULL, 0, ids);
  size_t i;
  json_t *r;
  int made = 0;
  json_array_foreach(ids, i, r)
  {
    if (rc < 0)
      break;
    uint8_t dek[AN_DEK_LEN], wrapped[AN_WRAPPED_DEK_MAX];
    size_t len = 0;
    pthread_mutex_lock(&C.mu);
    bool ok = C.keys && an_dek_new(C.keys, dek, wrapped, &len);
    pthread_mutex_unlock(&C.mu);
    sodium_memzero(dek, sizeof dek);
    rc = ok ? an_store_key_put(db, an_rec_int(r, "id"), wrapped, len) : AN_DB_HARD;
    made += rc >= 0;
  }
  json_decref(ids);
  if (made)
    an_log(AN_LOG_WARN, "tenants without a data key were given a new one",
           json_pack("{s:i}", "tenants", made));
  return rc < 0 ? rc : made;
}
