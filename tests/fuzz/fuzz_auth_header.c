/* Fuzz target: the Authorization header. A tenant's HTTP Basic gate
 * (src/identity/basic_gate.c an_basic_gate_permits: "Basic " + base64 of user:password) and
 * the bearer branch of the dispatcher (src/http/dispatch.c: "Bearer " + token, hashed before the
 * database lookup). Input: the header's value. Checks, beyond memory safety: the gate admits
 * only a header that decodes to exactly its user and password, and always admits the right one
 * whatever the case of "Basic". */
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "crypto/keys.h"
#include "crypto/token.h"
#include "fuzz.h"
#include "http/request.h"
#include "identity/basic_gate.h"

#define GATE_USER "gate-user"
#define GATE_PASSWORD "Pa55word-of-20-chars"

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

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerInitialize(int *argc, char ***argv)
{
  (void)argc;
  (void)argv;
  if (sodium_init() < 0)
    abort();
  /* Every subkey the same bytes, so the gate's hash below holds whichever subkey it uses. */
  memset(&keys, 0x5a, sizeof keys);
  ctx.keys = &keys;
  tenant.id = 42;
  snprintf(tenant.basic_user, sizeof tenant.basic_user, "%s", GATE_USER);
  char msg[128];
  int n = snprintf(msg, sizeof msg, "basic-gate:%lld:%s", (long long)tenant.id, GATE_PASSWORD);
  uint8_t mac[32];
  an_hmac_sha256(keys.gate_mac, msg, (size_t)n, mac);
  an_hex_encode(mac, sizeof mac, tenant.basic_hash);
  /* The right credential passes, in any case of the scheme name. */
  const char *good[] = {"Basic Z2F0ZS11c2VyOlBhNTV3b3JkLW9mLTIwLWNoYXJz",
                        "basic Z2F0ZS11c2VyOlBhNTV3b3JkLW9mLTIwLWNoYXJz"};
  for (size_t i = 0; i < 2; i++)
    FUZZ_CHECK(permits(&ctx, &tenant, good[i]));
  return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
  const char *f[1];
  char *buf = fuzz_fields(data, size, f, 1);
  const char *authz = f[0];
  if (permits(&ctx, &tenant, authz)) {
    /* Admitted: the credential must be exactly user:password. */
    FUZZ_CHECK(strncasecmp(authz, "Basic ", 6) == 0);
    unsigned char raw[512];
    size_t len = 0;
    FUZZ_CHECK(sodium_base642bin(raw, sizeof raw, authz + 6, strlen(authz + 6), NULL, &len, NULL,
                                 sodium_base64_VARIANT_ORIGINAL) == 0);
    FUZZ_CHECK(len == strlen(GATE_USER ":" GATE_PASSWORD) &&
               memcmp(raw, GATE_USER ":" GATE_PASSWORD, len) == 0);
  }
  /* No gate: everything passes. */
  static const struct an_tenant open;
  FUZZ_CHECK(permits(&ctx, &open, authz));
  /* The bearer branch: the dispatcher hashes whatever follows "Bearer ". */
  if (strncasecmp(authz, "Bearer ", 7) == 0) {
    uint8_t h[AN_HASH_LEN];
    an_token_hash(authz + 7, h);
  }
  free(buf);
  return 0;
}
