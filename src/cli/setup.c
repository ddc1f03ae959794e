#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "core/log.h"
#include "core/time.h"
#include "crypto/crypto.h"
#include "store/db.h"
#include "store/migrate.h"
#include "store/placement.h"
#include "store/seal.h"

bool an_cli_setup(const char *config_path, bool create_key, struct an_cli *out)
{
  char err[512];
  memset(out, 0, sizeof *out);
  if (!an_crypto_init()) {
    fprintf(stderr, "anshin: cannot initialise the crypto library\n");
    return false;
  }
  if (!an_config_load(&out->cfg, config_path, err, sizeof err)) {
    fprintf(stderr, "anshin: configuration refused: %s\n", err);
    an_config_free(&out->cfg);
    return false;
  }
  an_log_set_level(out->cfg.log_level);
  if (!an_keys_load(&out->cfg, create_key, &out->keys, err, sizeof err)) {
    fprintf(stderr, "anshin: %s\n", err);
    an_config_free(&out->cfg);
    return false;
  }
  an_store_seal_use(&out->keys); /* personal data is sealed under keys derived from it */
  an_store_placement_use(&out->cfg, &out->keys); /* dedicated tenants' databases (WP-1) */
  return true;
}

void an_cli_teardown(struct an_cli *c)
{
  an_keys_wipe(&c->keys);
  an_config_free(&c->cfg);
}

void an_cli_ctx(const struct an_cli *c, const char *actor, struct an_ctx *ctx)
{
  memset(ctx, 0, sizeof *ctx);
  ctx->cfg = &c->cfg;
  ctx->keys = &c->keys;
  ctx->now = an_time_now_us();
  ctx->subject = AN_SUBJECT_SYSTEM;
  snprintf(ctx->actor, sizeof ctx->actor, "%s", actor);
  snprintf(ctx->client_ip, sizeof ctx->client_ip, "local");
  snprintf(ctx->request_id, sizeof ctx->request_id, "cli");
}

struct an_db *an_cli_open_db(const struct an_cli *c)
{
  char err[512];
  struct an_db *db = an_db_open(&c->cfg, err, sizeof err);
  if (!db) {
    fprintf(stderr, "anshin: cannot open the database: %s\n", err);
    return NULL;
  }
  if (an_store_migrate(db, err, sizeof err) < 0) {
    fprintf(stderr, "anshin: migration failed: %s\n", err);
    an_db_close(db);
    return NULL;
  }
  return db;
}
