/* Unit tests for src/crypto: keys, passwords, tokens, envelope encryption. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <ftw.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "crypto/crypto.h"
#include "crypto/envelope.h"
#include "crypto/keys.h"
#include "crypto/password.h"
#include "crypto/token.h"

static char tmpdir[] = "/tmp/anshin-test-crypto-XXXXXX";
static char path[512];

/* Returns tmpdir/name in a static buffer that the next call overwrites. */
static const char *tmp_path(const char *name)
{
  snprintf(path, sizeof path, "%s/%s", tmpdir, name);
  return path;
}

static void write_file(const char *p, const char *text, mode_t mode)
{
  FILE *f = fopen(p, "w");
  assert_non_null(f);
  fputs(text, f);
  fclose(f);
  assert_int_equal(chmod(p, mode), 0);
}

static struct an_config key_config(const char *file)
{
  struct an_config cfg;
  memset(&cfg, 0, sizeof cfg);
  cfg.master_key_file = (char *)(uintptr_t)file; /* the loader never writes through it */
  return cfg;
}

static int rm_entry(const char *p, const struct stat *st, int flag, struct FTW *ftw)
{
  (void)st, (void)flag, (void)ftw;
  return remove(p);
}

static int group_setup(void **state)
{
  (void)state;
  unsetenv("ANSHIN_MASTER_KEY");
  return an_crypto_init() && mkdtemp(tmpdir) != NULL ? 0 : -1;
}

static int group_teardown(void **state)
{
  (void)state;
  return nftw(tmpdir, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
}

/* ---- keys ---- */

static void keys_created_0600_and_reloaded(void **state)
{
  (void)state;
  struct an_keys a, b;
  char err[256] = "", text[128] = "", file[512];
  struct stat st;
  snprintf(file, sizeof file, "%s", tmp_path("new/dir/master.key"));
  struct an_config cfg = key_config(file);

  assert_true(an_keys_load(&cfg, true, &a, err, sizeof err));
  assert_int_equal(stat(file, &st), 0);
  assert_int_equal(st.st_mode & 0777, 0600);
  assert_int_equal(stat(tmp_path("new/dir"), &st), 0);
  assert_int_equal(st.st_mode & 0777, 0700);
  FILE *f = fopen(file, "r");
  assert_non_null(f);
  assert_non_null(fgets(text, sizeof text, f));
  fclose(f);
  assert_int_equal(strlen(text), 65);
  assert_int_equal(text[64], '\n');

  assert_true(an_keys_load(&cfg, false, &b, err, sizeof err));
  assert_memory_equal(&a, &b, sizeof a);
  /* Every subkey differs from the others and from the master. */
  assert_memory_not_equal(a.audit_mac, a.wrap, AN_KEY_LEN);
  assert_memory_not_equal(a.audit_mac, a.webhook, AN_KEY_LEN);
  assert_memory_not_equal(a.wrap, a.webhook, AN_KEY_LEN);
  assert_memory_not_equal(a.master, a.wrap, AN_KEY_LEN);

  an_keys_wipe(&a);
  uint8_t zero[sizeof a];
  memset(zero, 0, sizeof zero);
  assert_memory_equal(&a, zero, sizeof a);
}

static void keys_missing_without_create(void **state)
{
  (void)state;
  struct an_keys k;
  char err[256] = "";
  struct an_config cfg = key_config(tmp_path("absent.key"));
  assert_false(an_keys_load(&cfg, false, &k, err, sizeof err));
  assert_non_null(strstr(err, "absent.key"));
  assert_int_equal(access(tmp_path("absent.key"), F_OK), -1);
}

static void keys_env_overrides_file(void **state)
{
  (void)state;
  struct an_keys k, fromfile;
  char err[256] = "", hex[2 * AN_KEY_LEN + 1];
  uint8_t want[AN_KEY_LEN];
  struct an_config cfg = key_config(tmp_path("env-test.key"));

  assert_true(an_keys_load(&cfg, true, &fromfile, err, sizeof err));
  for (size_t i = 0; i < AN_KEY_LEN; i++)
    want[i] = (uint8_t)(0xA0 + i);
  an_hex_encode(want, AN_KEY_LEN, hex);
  setenv("ANSHIN_MASTER_KEY", hex, 1);
  bool ok = an_keys_load(&cfg, false, &k, err, sizeof err);
  /* A malformed variable is refused, not replaced by the file. */
  setenv("ANSHIN_MASTER_KEY", "abcd", 1);
  bool bad = an_keys_load(&cfg, false, &fromfile, err, sizeof err);
  unsetenv("ANSHIN_MASTER_KEY");

  assert_true(ok);
  assert_memory_equal(k.master, want, AN_KEY_LEN);
  assert_false(bad);
  assert_non_null(strstr(err, "ANSHIN_MASTER_KEY"));
}

static void keys_group_readable_refused(void **state)
{
  (void)state;
  struct an_keys k;
  char err[256] = "";
  const char *file = tmp_path("open.key");
  write_file(file, "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f\n", 0640);
  struct an_config cfg = key_config(file);
  assert_false(an_keys_load(&cfg, true, &k, err, sizeof err));
  assert_non_null(strstr(err, "open.key"));

  assert_int_equal(chmod(tmp_path("open.key"), 0604), 0);
  cfg = key_config(tmp_path("open.key"));
  assert_false(an_keys_load(&cfg, false, &k, err, sizeof err));

  assert_int_equal(chmod(tmp_path("open.key"), 0400), 0);
  cfg = key_config(tmp_path("open.key"));
  assert_true(an_keys_load(&cfg, false, &k, err, sizeof err));
  assert_int_equal(k.master[31], 0x1f);
}

static void keys_malformed_refused(void **state)
{
  (void)state;
  static const char *const bad[] = {
      "",
      "00010203\n",
      "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1g\n",
      "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f00\n",
      "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f\nsecond line\n",
      "00 0102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f\n",
  };
  for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
    struct an_keys k;
    char err[256] = "";
    const char *file = tmp_path("bad.key");
    unlink(file);
    write_file(file, bad[i], 0600);
    struct an_config cfg = key_config(file);
    assert_false(an_keys_load(&cfg, true, &k, err, sizeof err));
    assert_non_null(strstr(err, "bad.key"));
  }
}

/* ---- passwords ---- */

static const struct an_pwparams small = {.opslimit = 1, .memlimit = 8u << 20};

static void password_hash_verify_rehash(void **state)
{
  (void)state;
  char hash[AN_PASSWORD_HASH_MAX];
  assert_true(an_password_hash(&small, "correct horse", hash));
  assert_non_null(strstr(hash, "$argon2id$v=19$m=8192,t=1,p=1$"));
  assert_true(an_password_verify(hash, "correct horse"));
  assert_false(an_password_verify(hash, "correct horsE"));
  assert_false(an_password_verify(hash, ""));
  assert_false(an_password_verify("not a hash", "correct horse"));

  struct an_pwparams more_ops = small, more_mem = small;
  more_ops.opslimit = 2;
  more_mem.memlimit = 16u << 20;
  assert_false(an_password_needs_rehash(&small, hash));
  assert_true(an_password_needs_rehash(&more_ops, hash));
  assert_true(an_password_needs_rehash(&more_mem, hash));
  assert_true(an_password_needs_rehash(&small, "garbage"));
}

static void password_length_limit(void **state)
{
  (void)state;
  char hash[AN_PASSWORD_HASH_MAX], ok[AN_PASSWORD_MAX_LEN + 1], tooLong[AN_PASSWORD_MAX_LEN + 2];
  memset(ok, 'a', AN_PASSWORD_MAX_LEN);
  ok[AN_PASSWORD_MAX_LEN] = '\0';
  memset(tooLong, 'a', AN_PASSWORD_MAX_LEN + 1);
  tooLong[AN_PASSWORD_MAX_LEN + 1] = '\0';

  assert_false(an_password_hash(&small, tooLong, hash));
  assert_true(an_password_hash(&small, ok, hash));
  assert_true(an_password_verify(hash, ok));
  assert_false(an_password_verify(hash, tooLong));
}

static void password_params_from_config(void **state)
{
  (void)state;
  struct an_config cfg;
  struct an_pwparams p;
  memset(&cfg, 0, sizeof cfg);
  cfg.argon2_memory_kib = 19456;
  cfg.argon2_iterations = 2;
  an_password_params(&cfg, &p);
  assert_int_equal(p.memlimit, 19456u * 1024u);
  assert_int_equal(p.opslimit, 2);
}

static void password_generate_classes(void **state)
{
  (void)state;
  static const size_t lens[] = {12, 16, 64};
  for (size_t l = 0; l < 3; l++) {
    for (int round = 0; round < 200; round++) {
      char pw[80];
      int up = 0, low = 0, dig = 0, sym = 0;
      an_password_generate(pw, lens[l]);
      assert_int_equal(strlen(pw), lens[l]);
      assert_null(strpbrk(pw, "0O1lI"));
      for (const char *c = pw; *c; c++) {
        up += *c >= 'A' && *c <= 'Z';
        low += *c >= 'a' && *c <= 'z';
        dig += *c >= '0' && *c <= '9';
        sym += strchr("!#$%&*+-=?@^_~", *c) != NULL;
      }
      assert_true(up && low && dig && sym);
      assert_int_equal(up + low + dig + sym, (int)lens[l]);
    }
  }
}

/* ---- tokens, hashes, hex ---- */

static void token_format_and_uniqueness(void **state)
{
  (void)state;
  char a[AN_TOKEN_STR], b[AN_TOKEN_STR];
  uint8_t raw[40];
  size_t rawlen = 0;
  an_token_new(a);
  an_token_new(b);
  assert_int_equal(strlen(a), 43);
  assert_int_equal(strspn(a, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"),
                   43);
  assert_string_not_equal(a, b);
  assert_int_equal(sodium_base642bin(raw, sizeof raw, a, strlen(a), NULL, &rawlen, NULL,
                                     sodium_base64_VARIANT_URLSAFE_NO_PADDING),
                   0);
  assert_int_equal(rawlen, 32);
}

static void token_hash_is_sha256(void **state)
{
  (void)state;
  uint8_t h[AN_HASH_LEN];
  char hex[2 * AN_HASH_LEN + 1];
  an_token_hash("abc", h);
  an_hex_encode(h, sizeof h, hex);
  assert_string_equal(hex, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

static void ct_compare(void **state)
{
  (void)state;
  assert_true(an_ct_equal("abcd", "abcd", 4));
  assert_false(an_ct_equal("abcd", "abce", 4));
  assert_true(an_ct_equal("x", "y", 0));
  assert_true(an_ct_streq("token", "token"));
  assert_false(an_ct_streq("token", "tokem"));
  assert_false(an_ct_streq("token", "token2"));
  assert_false(an_ct_streq("", "a"));
  assert_true(an_ct_streq("", ""));
  assert_false(an_ct_streq(NULL, ""));
}

static void hmac_matches_libsodium(void **state)
{
  (void)state;
  uint8_t key[32], mac[32], want[32], other[32];
  uint8_t data[] = "what do ya want for nothing?";
  for (size_t i = 0; i < sizeof key; i++)
    key[i] = (uint8_t)i;
  crypto_auth_hmacsha256(want, data, sizeof data - 1, key);
  an_hmac_sha256(key, data, sizeof data - 1, mac);
  assert_memory_equal(mac, want, 32);

  data[5] ^= 1;
  an_hmac_sha256(key, data, sizeof data - 1, other);
  assert_memory_not_equal(mac, other, 32);
  data[5] ^= 1;
  key[31] ^= 1;
  an_hmac_sha256(key, data, sizeof data - 1, other);
  assert_memory_not_equal(mac, other, 32);
}

static void hex_round_trip_and_bad_input(void **state)
{
  (void)state;
  const uint8_t in[5] = {0x00, 0x01, 0xab, 0xcd, 0xff};
  uint8_t out[5];
  char hex[11];
  an_hex_encode(in, sizeof in, hex);
  assert_string_equal(hex, "0001abcdff");
  assert_true(an_hex_decode(hex, out, sizeof out));
  assert_memory_equal(in, out, sizeof in);
  assert_true(an_hex_decode("0001ABCDFF", out, sizeof out));
  assert_memory_equal(in, out, sizeof in);

  assert_false(an_hex_decode("0001abcdf", out, sizeof out));   /* short */
  assert_false(an_hex_decode("0001abcdff0", out, sizeof out)); /* long */
  assert_false(an_hex_decode("0001abcdfg", out, sizeof out));  /* not hex */
  assert_false(an_hex_decode("0001ab:dff", out, sizeof out));
  assert_false(an_hex_decode("", out, sizeof out));
  assert_false(an_hex_decode(NULL, out, sizeof out));
  assert_true(an_hex_decode("", out, 0));
}

static void random_hex(void **state)
{
  (void)state;
  char a[201], b[201];
  an_random_hex(100, a); /* longer than the 32-byte chunk */
  an_random_hex(100, b);
  assert_int_equal(strlen(a), 200);
  assert_int_equal(strspn(a, "0123456789abcdef"), 200);
  assert_string_not_equal(a, b);
  an_random_hex(0, a);
  assert_string_equal(a, "");
}

/* ---- envelope ---- */

static void test_keys(struct an_keys *k, uint8_t fill)
{
  struct an_config cfg = key_config(NULL);
  char hex[2 * AN_KEY_LEN + 1], err[128];
  uint8_t master[AN_KEY_LEN];
  memset(master, fill, sizeof master);
  an_hex_encode(master, sizeof master, hex);
  setenv("ANSHIN_MASTER_KEY", hex, 1);
  bool ok = an_keys_load(&cfg, false, k, err, sizeof err);
  unsetenv("ANSHIN_MASTER_KEY");
  assert_true(ok);
}

static void dek_wrap_unwrap(void **state)
{
  (void)state;
  struct an_keys k1, k2;
  uint8_t dek[AN_DEK_LEN], back[AN_DEK_LEN], wrapped[AN_WRAPPED_DEK_MAX];
  size_t wlen = 0;
  test_keys(&k1, 0x11);
  test_keys(&k2, 0x22);

  assert_true(an_dek_new(&k1, dek, wrapped, &wlen));
  assert_in_range(wlen, AN_DEK_LEN + 1 + 12 + 16, AN_WRAPPED_DEK_MAX);
  assert_true(an_dek_unwrap(&k1, wrapped, wlen, back));
  assert_memory_equal(dek, back, AN_DEK_LEN);

  assert_false(an_dek_unwrap(&k2, wrapped, wlen, back));
  assert_false(an_dek_unwrap(&k1, wrapped, wlen - 1, back));
  wrapped[wlen / 2] ^= 0x80;
  assert_false(an_dek_unwrap(&k1, wrapped, wlen, back));

  /* A value sealed with the wrap key for another purpose is not a DEK. */
  size_t slen = 0;
  assert_true(an_seal(k1.wrap, dek, AN_DEK_LEN, "tenant:1", wrapped, &slen));
  assert_false(an_dek_unwrap(&k1, wrapped, slen, back));
}

static void seal_open_round_trip(void **state)
{
  (void)state;
  uint8_t key[AN_DEK_LEN], sealed[64 + AN_SEAL_OVERHEAD], out[64 + AN_SEAL_OVERHEAD];
  const char msg[] = "JBSWY3DPEHPK3PXP totp seed";
  size_t slen = 0, olen = 0;
  randombytes_buf(key, sizeof key);

  assert_true(an_seal(key, msg, sizeof msg, "tenant:42:user:7:totp", sealed, &slen));
  assert_int_equal(sealed[0], crypto_aead_aes256gcm_is_available() ? 1 : 2);
  assert_true(slen <= sizeof msg + AN_SEAL_OVERHEAD);
  assert_true(an_open(key, sealed, slen, "tenant:42:user:7:totp", out, &olen));
  assert_int_equal(olen, sizeof msg);
  assert_memory_equal(out, msg, sizeof msg);

  /* Empty plaintext and NULL associated data (same as ""). */
  assert_true(an_seal(key, "", 0, NULL, sealed, &slen));
  assert_true(an_open(key, sealed, slen, "", out, &olen));
  assert_int_equal(olen, 0);
}

static void open_refuses_tampering(void **state)
{
  (void)state;
  uint8_t key[AN_DEK_LEN], other[AN_DEK_LEN], sealed[32 + AN_SEAL_OVERHEAD],
      out[32 + AN_SEAL_OVERHEAD];
  size_t slen = 0, olen = 99;
  const char *ad = "tenant:42:user:7:email";
  randombytes_buf(key, sizeof key);
  memcpy(other, key, sizeof key);
  other[0] ^= 1;
  assert_true(an_seal(key, "alice@example.jp", 16, ad, sealed, &slen));

  for (size_t i = 0; i < slen; i++) /* every byte: algorithm, nonce, ciphertext, tag */
    for (int bit = 0; bit < 8; bit += 7) {
      sealed[i] ^= (uint8_t)(1u << bit);
      assert_false(an_open(key, sealed, slen, ad, out, &olen));
      assert_int_equal(olen, 0);
      sealed[i] ^= (uint8_t)(1u << bit);
    }
  for (size_t n = 0; n < slen; n++)
    assert_false(an_open(key, sealed, n, ad, out, &olen));
  assert_false(an_open(other, sealed, slen, ad, out, &olen));
  assert_false(an_open(key, sealed, slen, "tenant:43:user:7:email", out, &olen));
  assert_false(an_open(key, sealed, slen, NULL, out, &olen));
  assert_true(an_open(key, sealed, slen, ad, out, &olen));
}

/* Builds a sealed value by hand, so it does not depend on what this CPU would choose. */
static size_t seal_with(uint8_t alg, const uint8_t key[AN_DEK_LEN], const char *msg, const char *ad,
                        uint8_t *out)
{
  unsigned long long clen = 0;
  size_t nl =
      alg == 1 ? crypto_aead_aes256gcm_NPUBBYTES : crypto_aead_xchacha20poly1305_ietf_NPUBBYTES;
  out[0] = alg;
  randombytes_buf(out + 1, nl);
  if (alg == 1)
    crypto_aead_aes256gcm_encrypt(out + 1 + nl, &clen, (const uint8_t *)msg, strlen(msg),
                                  (const uint8_t *)ad, strlen(ad), NULL, out + 1, key);
  else
    crypto_aead_xchacha20poly1305_ietf_encrypt(out + 1 + nl, &clen, (const uint8_t *)msg,
                                               strlen(msg), (const uint8_t *)ad, strlen(ad), NULL,
                                               out + 1, key);
  return 1 + nl + (size_t)clen;
}

static void open_honours_algorithm_byte(void **state)
{
  (void)state;
  uint8_t key[AN_DEK_LEN], sealed[64], out[64];
  size_t olen = 0, slen;
  randombytes_buf(key, sizeof key);

  slen = seal_with(2, key, "sealed with xchacha", "ad", sealed);
  assert_int_equal(slen, 1 + 24 + 19 + 16);
  assert_true(an_open(key, sealed, slen, "ad", out, &olen));
  assert_int_equal(olen, 19);
  assert_memory_equal(out, "sealed with xchacha", 19);

  if (crypto_aead_aes256gcm_is_available()) {
    slen = seal_with(1, key, "sealed with aes-gcm", "ad", sealed);
    assert_true(an_open(key, sealed, slen, "ad", out, &olen));
    assert_memory_equal(out, "sealed with aes-gcm", 19);
  }
  sealed[0] = 3; /* unknown algorithm */
  assert_false(an_open(key, sealed, slen, "ad", out, &olen));
  sealed[0] = 0;
  assert_false(an_open(key, sealed, slen, "ad", out, &olen));
}

/* L8 of issue 8: one subkey per purpose, none equal to another, to the master or to the old
 * shared MFA key; the old key is still derived exactly as before, so what it sealed or keyed
 * stays readable after the upgrade. */
static void subkeys_one_per_purpose(void **state)
{
  (void)state;
  struct an_keys k;
  test_keys(&k, 0x33);
  const uint8_t *all[] = {k.master,       k.audit_mac,     k.wrap,     k.webhook,   k.totp_seal,
                          k.recovery_mac, k.email_otp_mac, k.gate_mac, k.mfa_legacy};
  size_t n = sizeof all / sizeof all[0];
  for (size_t i = 0; i < n; i++)
    for (size_t j = i + 1; j < n; j++)
      assert_memory_not_equal(all[i], all[j], AN_KEY_LEN);
  uint8_t before[AN_KEY_LEN];
  crypto_kdf_derive_from_key(before, AN_KEY_LEN, 1, "anmfakey", k.master);
  assert_memory_equal(before, k.mfa_legacy, AN_KEY_LEN);
}

/* A TOTP seed sealed under the old shared key still opens, and says it should be re-sealed; one
 * sealed under the new key opens without that; a foreign key opens nothing. */
static void open_falls_back_to_the_legacy_key(void **state)
{
  (void)state;
  struct an_keys k, other;
  test_keys(&k, 0x44);
  test_keys(&other, 0x45);
  const char seed[] = "20-byte-totp-seed!!";
  uint8_t sealed[64 + AN_SEAL_OVERHEAD], out[64 + AN_SEAL_OVERHEAD];
  size_t slen = 0, olen = 0;
  bool legacy = true;
  assert_true(an_seal(k.mfa_legacy, seed, sizeof seed, "staff:1:totp", sealed, &slen));
  assert_false(an_open(k.totp_seal, sealed, slen, "staff:1:totp", out, &olen));
  assert_true(an_open_or_legacy(k.totp_seal, k.mfa_legacy, sealed, slen, "staff:1:totp", out, &olen,
                                &legacy));
  assert_true(legacy);
  assert_memory_equal(out, seed, sizeof seed);

  assert_true(an_seal(k.totp_seal, seed, sizeof seed, "staff:1:totp", sealed, &slen));
  assert_true(an_open_or_legacy(k.totp_seal, k.mfa_legacy, sealed, slen, "staff:1:totp", out, &olen,
                                &legacy));
  assert_false(legacy);

  assert_true(an_seal(other.totp_seal, seed, sizeof seed, "staff:1:totp", sealed, &slen));
  assert_false(an_open_or_legacy(k.totp_seal, k.mfa_legacy, sealed, slen, "staff:1:totp", out,
                                 &olen, &legacy));
  assert_false(legacy);
  /* Bound to its row under either key. */
  assert_true(an_seal(k.mfa_legacy, seed, sizeof seed, "staff:1:totp", sealed, &slen));
  assert_false(an_open_or_legacy(k.totp_seal, k.mfa_legacy, sealed, slen, "staff:2:totp", out,
                                 &olen, &legacy));
}

int main(void)
{
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(keys_created_0600_and_reloaded),
      cmocka_unit_test(keys_missing_without_create),
      cmocka_unit_test(keys_env_overrides_file),
      cmocka_unit_test(keys_group_readable_refused),
      cmocka_unit_test(keys_malformed_refused),
      cmocka_unit_test(password_hash_verify_rehash),
      cmocka_unit_test(password_length_limit),
      cmocka_unit_test(password_params_from_config),
      cmocka_unit_test(password_generate_classes),
      cmocka_unit_test(token_format_and_uniqueness),
      cmocka_unit_test(token_hash_is_sha256),
      cmocka_unit_test(ct_compare),
      cmocka_unit_test(hmac_matches_libsodium),
      cmocka_unit_test(hex_round_trip_and_bad_input),
      cmocka_unit_test(random_hex),
      cmocka_unit_test(dek_wrap_unwrap),
      cmocka_unit_test(seal_open_round_trip),
      cmocka_unit_test(open_refuses_tampering),
      cmocka_unit_test(open_honours_algorithm_byte),
      cmocka_unit_test(subkeys_one_per_purpose),
      cmocka_unit_test(open_falls_back_to_the_legacy_key),
  };
  return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
