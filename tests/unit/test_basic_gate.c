/* Unit tests for src/identity/basic_gate: which Authorization headers the tenant's HTTP Basic
 * gate (CHK-10) admits. No database: the gate's check is a pure function of the tenant row. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <sodium.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "crypto/keys.h"
#include "crypto/token.h"
#include "http/request.h"
#include "identity/basic_gate.h"

static struct an_keys keys;
static struct an_ctx ctx;
static struct an_tenant tenant;

/* The gate's answer for a whole Authorization header: decoded as the HTTP layer does, then
 * checked by the gate. */
static bool permits(const struct an_ctx *c, const struct an_tenant *t, const char *authz)
{
  const char *user, *password;
  char *raw = an_basic_decode(authz, &user, &password);
  bool ok = an_basic_gate_permits(c, t, user, password);
  if (raw) {
    sodium_memzero(raw, strlen(user) + 1 + strlen(password));
    free(raw);
  }
  return ok;
}

/* "Basic " + base64 of the n bytes of cred. */
static void header(const char *cred, size_t n, char *out, size_t outlen)
{
  char b64[256];
  sodium_bin2base64(b64, sizeof b64, (const unsigned char *)cred, n,
                    sodium_base64_VARIANT_ORIGINAL);
  snprintf(out, outlen, "Basic %s", b64);
}

static int setup(void **state)
{
  (void)state;
  if (sodium_init() < 0)
    return -1;
  /* Every subkey the same bytes, so the hash below holds whichever subkey the gate uses. */
  memset(&keys, 0x5a, sizeof keys);
  ctx.keys = &keys;
  tenant.id = 42;
  snprintf(tenant.basic_user, sizeof tenant.basic_user, "gate-user");
  char msg[128];
  int n =
      snprintf(msg, sizeof msg, "basic-gate:%lld:%s", (long long)tenant.id, "Pa55word-of-20-chars");
  uint8_t mac[32];
  an_hmac_sha256(keys.gate_mac, msg, (size_t)n, mac);
  an_hex_encode(mac, sizeof mac, tenant.basic_hash);
  return 0;
}

static void gate_admits_its_credential(void **state)
{
  (void)state;
  char h[300];
  const char cred[] = "gate-user:Pa55word-of-20-chars";
  header(cred, strlen(cred), h, sizeof h);
  assert_true(permits(&ctx, &tenant, h));
  h[0] = 'b'; /* the scheme name is case-insensitive */
  assert_true(permits(&ctx, &tenant, h));
  static const struct an_tenant open;
  assert_true(permits(&ctx, &open, NULL));
}

static void gate_refuses_others(void **state)
{
  (void)state;
  char h[300];
  const char *bad[] = {"gate-user:wrong", "gate-user:", ":Pa55word-of-20-chars",
                       "gate-user2:Pa55word-of-20-chars", "gate-user:Pa55word-of-20-chars!"};
  for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
    header(bad[i], strlen(bad[i]), h, sizeof h);
    assert_false(permits(&ctx, &tenant, h));
  }
  assert_false(permits(&ctx, &tenant, NULL));
  assert_false(permits(&ctx, &tenant, "Bearer x"));
  assert_false(permits(&ctx, &tenant, "Basic !!!"));
}

/* Found by tests/fuzz/fuzz_auth_header: the decoded credential was read as C strings, so bytes
 * after a NUL were ignored and "user:password\0anything" passed. A credential is exactly its
 * bytes. */
static void gate_refuses_a_nul_inside_the_credential(void **state)
{
  (void)state;
  char h[300];
  const char tail[] = "gate-user:Pa55word-of-20-chars\0junk";
  header(tail, sizeof tail - 1, h, sizeof h);
  assert_false(permits(&ctx, &tenant, h));
  const char end[] = "gate-user:Pa55word-of-20-chars\0";
  header(end, sizeof end - 1, h, sizeof h);
  assert_false(permits(&ctx, &tenant, h));
  const char user[] = "gate-user\0junk:Pa55word-of-20-chars";
  header(user, sizeof user - 1, h, sizeof h);
  assert_false(permits(&ctx, &tenant, h));
}

int main(void)
{
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(gate_admits_its_credential),
      cmocka_unit_test(gate_refuses_others),
      cmocka_unit_test(gate_refuses_a_nul_inside_the_credential),
  };
  return cmocka_run_group_tests(tests, setup, NULL);
}
