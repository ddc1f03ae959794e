/* Unit tests for src/audit: the HMAC chain of audit events over a real SQLite store.
 * The tests run in order on one database in a temporary directory:
 * empty chain -> append outside a transaction -> 5 events -> a rolled-back event -> a recorded
 * event -> other keys -> tampering (then repaired) -> a deleted newest event. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <ftw.h>
#include <jansson.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "audit/audit.h"
#include "core/config.h"
#include "core/ctx.h"
#include "crypto/crypto.h"
#include "crypto/keys.h"
#include "store/audit.h"
#include "store/db.h"
#include "store/migrate.h"

extern char **environ;

static const char SQL_COUNT[] = "SELECT COUNT(*) FROM audit_events";
static const char SQL_TAMPER[] = "UPDATE audit_events SET outcome = 'failure' WHERE seq = 3";
static const char SQL_UNTAMPER[] = "UPDATE audit_events SET outcome = 'success' WHERE seq = 3";
static const char SQL_DELETE_NEWEST[] =
    "DELETE FROM audit_events WHERE seq = (SELECT MAX(seq) FROM audit_events)";

/* A fixed key, different from the random one written into the temporary directory. */
static const char OTHER_KEY_HEX[] =
    "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f";

static struct {
  char dir[64];
  char oldcwd[PATH_MAX];
  struct an_config cfg;
  struct an_keys keys;
  struct an_db *db;
  struct an_ctx ctx;
} T = {.dir = "/tmp/anshin-test-audit-XXXXXX"};

/* Removes every ANSHIN_* variable, so neither the configuration nor the key comes from the
 * caller's environment. */
static void clear_anshin_env(void)
{
  for (;;) {
    char name[256] = "";
    for (char **e = environ; *e; e++) {
      if (strncmp(*e, "ANSHIN_", 7) != 0)
        continue;
      const char *eq = strchr(*e, '=');
      size_t n = eq ? (size_t)(eq - *e) : strlen(*e);
      if (n >= sizeof name)
        n = sizeof name - 1;
      memcpy(name, *e, n);
      name[n] = '\0';
      break;
    }
    if (!name[0])
      return;
    unsetenv(name);
  }
}

static int group_setup(void **state)
{
  (void)state;
  char err[512] = "";
  clear_anshin_env();
  assert_non_null(getcwd(T.oldcwd, sizeof T.oldcwd));
  assert_non_null(mkdtemp(T.dir));
  assert_int_equal(chdir(T.dir), 0); /* an_config_load(NULL) must not find a real anshin.conf */
  if (!an_config_load(&T.cfg, NULL, err, sizeof err))
    fail_msg("an_config_load: %s", err);
  char path[128];
  snprintf(path, sizeof path, "%s/var/audit.db", T.dir);
  if (!an_config_set(&T.cfg, "store", "path", path, err, sizeof err))
    fail_msg("an_config_set: %s", err);
  snprintf(path, sizeof path, "%s/var/master.key", T.dir);
  if (!an_config_set(&T.cfg, "keys", "master_key_file", path, err, sizeof err))
    fail_msg("an_config_set: %s", err);
  assert_true(an_crypto_init());
  if (!an_keys_load(&T.cfg, true, &T.keys, err, sizeof err))
    fail_msg("an_keys_load: %s", err);
  T.db = an_db_open(&T.cfg, err, sizeof err);
  if (!T.db)
    fail_msg("an_db_open: %s", err);
  if (an_store_migrate(T.db, err, sizeof err) < 0)
    fail_msg("an_store_migrate: %s", err);

  memset(&T.ctx, 0, sizeof T.ctx);
  T.ctx.cfg = &T.cfg;
  T.ctx.keys = &T.keys;
  T.ctx.now = INT64_C(1795446245678000); /* 2026-11-23T15:04:05.678Z */
  T.ctx.subject = AN_SUBJECT_STAFF;
  T.ctx.subject_id = 1;
  T.ctx.roles = AN_ROLE_ADMIN;
  snprintf(T.ctx.actor, sizeof T.ctx.actor, "admin");
  snprintf(T.ctx.client_ip, sizeof T.ctx.client_ip, "192.0.2.10");
  snprintf(T.ctx.request_id, sizeof T.ctx.request_id, "req-0001");
  return 0;
}

static int rm_entry(const char *p, const struct stat *st, int flag, struct FTW *ftw)
{
  (void)st, (void)flag, (void)ftw;
  return remove(p);
}

static int group_teardown(void **state)
{
  (void)state;
  an_db_close(T.db);
  T.db = NULL;
  an_config_free(&T.cfg);
  an_keys_wipe(&T.keys);
  if (chdir(T.oldcwd) != 0)
    return -1;
  nftw(T.dir, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
  return 0;
}

/* ---- helpers ---- */

static void read_count(void *cls, const struct an_db_row *row)
{
  *(int64_t *)cls = an_db_row_int(row, 0);
}

static int64_t count_events(void)
{
  int64_t n = -1;
  assert_int_equal(an_db_query(T.db, SQL_COUNT, NULL, 0, read_count, &n), 1);
  return n;
}

struct append_args {
  const struct an_audit_rec *rec;
  int calls;
};

static int append_body(struct an_db *db, void *cls)
{
  struct append_args *a = cls;
  a->calls++;
  return an_audit_append(&T.ctx, db, a->rec);
}

static int append_then_rollback(struct an_db *db, void *cls)
{
  struct append_args *a = cls;
  a->calls++;
  int rc = an_audit_append(&T.ctx, db, a->rec);
  if (rc < 0)
    return rc;
  return AN_DB_ROLLBACK;
}

static int verify(const struct an_keys *keys, struct an_audit_report *rep)
{
  memset(rep, 0x5a, sizeof *rep); /* verify must reset it */
  return an_audit_verify(T.db, keys, rep);
}

/* Copies of the stored rows, for checking what an append wrote. */
struct stored_row {
  int64_t seq, at, actor_id, tenant_id;
  char actor_kind[16], actor_label[64], action[64], target[64], outcome[16], client_ip[64],
      request_id[40], details[256];
};

struct stored {
  int n;
  struct stored_row row[16];
};

static void collect(void *cls, const struct an_audit_row *e)
{
  struct stored *s = cls;
  if (s->n >= 16)
    return;
  struct stored_row *r = &s->row[s->n++];
  r->seq = e->seq;
  r->at = e->at;
  r->actor_id = e->actor_id;
  r->tenant_id = e->tenant_id;
  snprintf(r->actor_kind, sizeof r->actor_kind, "%s", e->actor_kind);
  snprintf(r->actor_label, sizeof r->actor_label, "%s", e->actor_label);
  snprintf(r->action, sizeof r->action, "%s", e->action);
  snprintf(r->target, sizeof r->target, "%s", e->target);
  snprintf(r->outcome, sizeof r->outcome, "%s", e->outcome);
  snprintf(r->client_ip, sizeof r->client_ip, "%s", e->client_ip);
  snprintf(r->request_id, sizeof r->request_id, "%s", e->request_id);
  snprintf(r->details, sizeof r->details, "%s", e->details);
}

/* ---- the chain, in order ---- */

static void empty_chain_verifies(void **state)
{
  (void)state;
  struct an_audit_report rep;
  assert_int_equal(verify(&T.keys, &rep), 1);
  assert_int_equal(rep.events, 0);
  assert_int_equal(rep.head_seq, 0);
  assert_int_equal(rep.bad_seq, 0);
  assert_int_equal(count_events(), 0);
}

static void append_outside_txn_refused(void **state)
{
  (void)state;
  struct an_audit_rec rec = {.action = "test.outside"};
  assert_false(an_db_in_txn(T.db));
  assert_int_equal(an_audit_append(&T.ctx, T.db, &rec), AN_DB_HARD);
  assert_int_equal(count_events(), 0);
  struct an_audit_report rep;
  assert_int_equal(verify(&T.keys, &rep), 1);
  assert_int_equal(rep.head_seq, 0); /* the head did not move either */
}

static void five_events_verify(void **state)
{
  (void)state;
  json_t *details = json_pack("{s:s, s:i}", "z", "last", "a", 1);
  const struct an_audit_rec recs[5] = {
      {.action = "auth.login", .outcome = "failure", .actor_label = "mallory"},
      {.action = "staff.create", .target = "staff:2", .details = details},
      {.action = "auth.login", .outcome = "success"}, /* seq 3: tampered with later */
      {.action = "staff.read", .target = "staff:2", .outcome = "denied", .tenant_id = 42},
      {.action = "auth.logout"},
  };
  for (int i = 0; i < 5; i++) {
    struct append_args a = {&recs[i], 0};
    T.ctx.now += 1000000;
    assert_int_equal(an_db_txn(T.db, append_body, &a), 1);
    assert_int_equal(a.calls, 1);
  }
  json_decref(details);
  assert_false(an_db_in_txn(T.db));
  assert_int_equal(count_events(), 5);

  struct an_audit_report rep;
  assert_int_equal(verify(&T.keys, &rep), 1);
  assert_int_equal(rep.events, 5);
  assert_int_equal(rep.head_seq, 5);
  assert_int_equal(rep.bad_seq, 0);

  /* What was stored: defaults and overrides. */
  struct stored s = {0};
  assert_int_equal(an_store_audit_scan(T.db, 0, 100, collect, &s), 5);
  assert_int_equal(s.n, 5);
  for (int i = 0; i < 5; i++) {
    assert_int_equal(s.row[i].seq, i + 1);
    assert_int_equal(s.row[i].at, INT64_C(1795446245678000) + (i + 1) * INT64_C(1000000));
    assert_string_equal(s.row[i].actor_kind, "staff");
    assert_int_equal(s.row[i].actor_id, 1);
    assert_string_equal(s.row[i].client_ip, "192.0.2.10");
    assert_string_equal(s.row[i].request_id, "req-0001");
  }
  assert_string_equal(s.row[0].actor_label, "mallory"); /* the record's label wins */
  assert_string_equal(s.row[0].outcome, "failure");
  assert_string_equal(s.row[1].details, "{\"a\":1,\"z\":\"last\"}"); /* compact, sorted */
  assert_string_equal(s.row[1].target, "staff:2");
  assert_string_equal(s.row[1].outcome, "success"); /* the default */
  assert_string_equal(s.row[2].action, "auth.login");
  assert_string_equal(s.row[2].outcome, "success");
  assert_string_equal(s.row[2].target, "");           /* NULL target stored as "" */
  assert_string_equal(s.row[2].details, "{}");        /* NULL details stored as {} */
  assert_string_equal(s.row[2].actor_label, "admin"); /* ctx->actor */
  assert_int_equal(s.row[2].tenant_id, 0);
  assert_int_equal(s.row[3].tenant_id, 42);
  assert_string_equal(s.row[3].outcome, "denied");
  assert_string_equal(s.row[4].action, "auth.logout");
}

static void rolled_back_event_leaves_nothing(void **state)
{
  (void)state;
  struct an_audit_rec rec = {.action = "staff.create", .target = "staff:99"};
  struct append_args a = {&rec, 0};
  assert_int_equal(an_db_txn(T.db, append_then_rollback, &a), AN_DB_ROLLBACK);
  assert_int_equal(a.calls, 1); /* a rollback is not retried */
  assert_false(an_db_in_txn(T.db));
  assert_int_equal(count_events(), 5);
  struct an_audit_report rep;
  assert_int_equal(verify(&T.keys, &rep), 1);
  assert_int_equal(rep.events, 5);
  assert_int_equal(rep.head_seq, 5);
  /* The next event takes the sequence number the rolled-back one had. */
  struct an_audit_rec next = {.action = "auth.login"};
  a = (struct append_args){&next, 0};
  assert_int_equal(an_db_txn(T.db, append_body, &a), 1);
  assert_int_equal(verify(&T.keys, &rep), 1);
  assert_int_equal(rep.events, 6);
  assert_int_equal(rep.head_seq, 6);
}

static void record_in_own_txn(void **state)
{
  (void)state;
  struct an_audit_rec rec = {.action = "auth.login", .outcome = "failure", .actor_label = "nobody"};
  assert_int_equal(an_audit_record(&T.ctx, T.db, &rec), 1);
  assert_false(an_db_in_txn(T.db));
  struct an_audit_report rep;
  assert_int_equal(verify(&T.keys, &rep), 1);
  assert_int_equal(rep.events, 7);
  assert_int_equal(rep.head_seq, 7);
}

static void other_keys_fail_at_first_event(void **state)
{
  (void)state;
  char err[256] = "";
  struct an_keys other;
  setenv("ANSHIN_MASTER_KEY", OTHER_KEY_HEX, 1);
  bool ok = an_keys_load(&T.cfg, false, &other, err, sizeof err);
  unsetenv("ANSHIN_MASTER_KEY");
  if (!ok)
    fail_msg("an_keys_load: %s", err);
  assert_memory_not_equal(other.audit_mac, T.keys.audit_mac, sizeof other.audit_mac);
  struct an_audit_report rep;
  assert_int_equal(verify(&other, &rep), 0);
  assert_int_equal(rep.bad_seq, 1);
  assert_int_equal(rep.events, 1);
  assert_true(rep.reason[0] != '\0');
  an_keys_wipe(&other);
  /* The right keys still verify: verification changes nothing. */
  assert_int_equal(verify(&T.keys, &rep), 1);
}

static void tampered_event_detected(void **state)
{
  (void)state;
  assert_int_equal(an_db_query(T.db, SQL_TAMPER, NULL, 0, NULL, NULL), 1);
  struct an_audit_report rep;
  assert_int_equal(verify(&T.keys, &rep), 0);
  assert_int_equal(rep.bad_seq, 3);
  assert_int_equal(rep.events, 3);
  assert_int_equal(rep.head_seq, 7);
  assert_non_null(strstr(rep.reason, "MAC"));
  /* Putting the original value back makes the chain whole again. */
  assert_int_equal(an_db_query(T.db, SQL_UNTAMPER, NULL, 0, NULL, NULL), 1);
  assert_int_equal(verify(&T.keys, &rep), 1);
  assert_int_equal(rep.events, 7);
}

static void deleted_newest_event_detected(void **state)
{
  (void)state;
  assert_int_equal(an_db_query(T.db, SQL_DELETE_NEWEST, NULL, 0, NULL, NULL), 1);
  struct an_audit_report rep;
  assert_int_equal(verify(&T.keys, &rep), 0);
  assert_int_equal(rep.bad_seq, 7);
  assert_int_equal(rep.head_seq, 7);
  assert_non_null(strstr(rep.reason, "missing"));
}

/* ---- the MAC itself ---- */

static const struct an_audit_row base_row = {
    .seq = 3,
    .at = INT64_C(1795446245678000),
    .actor_kind = "staff",
    .actor_id = 1,
    .actor_label = "admin",
    .tenant_id = 0,
    .action = "auth.login",
    .target = "staff:2",
    .outcome = "success",
    .client_ip = "192.0.2.10",
    .request_id = "req-0001",
    .details = "{}",
    .prev_mac = {1,  2,  3,  4,  5,  6,  7,  8,  9,  10, 11, 12, 13, 14, 15, 16,
                 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32},
};

static void mac_covers_every_field(void **state)
{
  (void)state;
  uint8_t want[32], again[32], got[32];
  an_audit_mac(&T.keys, &base_row, want);
  an_audit_mac(&T.keys, &base_row, again);
  assert_memory_equal(want, again, 32); /* deterministic */

  /* The stored mac field is an output, not an input. */
  struct an_audit_row e = base_row;
  memset(e.mac, 0xee, sizeof e.mac);
  an_audit_mac(&T.keys, &e, got);
  assert_memory_equal(want, got, 32);

  static const char *const names[] = {
      "seq",    "at",      "actor_kind", "actor_id",   "actor_label", "tenant_id", "action",
      "target", "outcome", "client_ip",  "request_id", "details",     "prev_mac",  "prev_mac[31]"};
  for (size_t f = 0; f < sizeof names / sizeof names[0]; f++) {
    e = base_row;
    switch (f) {
    case 0:
      e.seq = 4;
      break;
    case 1:
      e.at += 1;
      break;
    case 2:
      e.actor_kind = "user";
      break;
    case 3:
      e.actor_id = 2;
      break;
    case 4:
      e.actor_label = "admin2";
      break;
    case 5:
      e.tenant_id = 1;
      break;
    case 6:
      e.action = "auth.logout";
      break;
    case 7:
      e.target = "staff:3";
      break;
    case 8:
      e.outcome = "failure";
      break;
    case 9:
      e.client_ip = "192.0.2.11";
      break;
    case 10:
      e.request_id = "req-0002";
      break;
    case 11:
      e.details = "{\"a\":1}";
      break;
    case 12:
      e.prev_mac[0] ^= 1;
      break;
    case 13:
      e.prev_mac[31] ^= 0x80;
      break;
    }
    an_audit_mac(&T.keys, &e, got);
    if (memcmp(want, got, 32) == 0)
      fail_msg("changing %s did not change the MAC", names[f]);
  }
}

/* Lengths are part of the input: moving text from one field to the next changes the MAC. */
static void mac_field_boundaries(void **state)
{
  (void)state;
  uint8_t a[32], b[32];
  struct an_audit_row e = base_row;
  e.action = "auth.login";
  e.target = "x";
  an_audit_mac(&T.keys, &e, a);
  e.action = "auth.loginx";
  e.target = "";
  an_audit_mac(&T.keys, &e, b);
  assert_memory_not_equal(a, b, 32);
  /* An empty string and a NULL are the same (an empty field). */
  e = base_row;
  e.target = "";
  an_audit_mac(&T.keys, &e, a);
  e.target = NULL;
  an_audit_mac(&T.keys, &e, b);
  assert_memory_equal(a, b, 32);
  /* A different key gives a different MAC. */
  struct an_keys other = T.keys;
  other.audit_mac[0] ^= 1;
  an_audit_mac(&T.keys, &base_row, a);
  an_audit_mac(&other, &base_row, b);
  assert_memory_not_equal(a, b, 32);
  an_keys_wipe(&other);
}

int main(void)
{
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(empty_chain_verifies),    cmocka_unit_test(append_outside_txn_refused),
      cmocka_unit_test(five_events_verify),      cmocka_unit_test(rolled_back_event_leaves_nothing),
      cmocka_unit_test(record_in_own_txn),       cmocka_unit_test(other_keys_fail_at_first_event),
      cmocka_unit_test(tampered_event_detected), cmocka_unit_test(deleted_newest_event_detected),
      cmocka_unit_test(mac_covers_every_field),  cmocka_unit_test(mac_field_boundaries),
  };
  return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
