/* The audit viewer's list queries read an index in the viewer's order (issue 20, SLA-10): for every
 * filter combination, as a tenant user and as the operator, with and without a cursor, the query
 * plan searches the index made for that filter and never sorts (no temporary B-tree on SQLite, no
 * Sort node on PostgreSQL) nor scans the table. A change to a list query or to migration 022 that
 * loses an index fails here. Runs on SQLite, and on PostgreSQL when ANSHIN_TEST_PG_URL is set (a
 * fresh schema; the planner is told to avoid sequential scans and sorts, so a query that no index
 * serves still shows them). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <ftw.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/alloc.h"
#include "core/buf.h"
#include "core/config.h"
#include "core/time.h"
#include "store/audit.h"
#include "store/db.h"
#include "store/migrate.h"

static struct {
  bool pg;
  char dir[64];
  struct an_config cfg;
  struct an_db *db;
  struct an_db *admin; /* PostgreSQL: creates and drops the schema */
  char *schema;
} T;

#define FILL_COLS                                                                                  \
  "INSERT INTO audit_events (at, actor_kind, actor_id, actor_label, tenant_id, action, target, "   \
  "outcome, client_ip, request_id, details, prev_mac, mac) "
static const char SQL_FILL_SQLITE[] =
    "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 20000) " FILL_COLS
    "SELECT 1767193200000000 + i * 1576800000, 'user', i * 7 % 199 + 1, 'u' || (i * 7 % 199), "
    "i % 100 + 1, 'act.' || (i / 100 % 20), '', 'success', '127.0.0.1', 'r' || i, '{}', "
    "zeroblob(32), zeroblob(32) "
    "FROM n; ANALYZE;";
static const char SQL_FILL_PG[] =
    FILL_COLS "SELECT 1767193200000000 + i * 1576800000, 'user', i * 7 % 199 + 1, "
              "'u' || (i * 7 % 199), i % 100 + 1, 'act.' || (i / 100 % 20), '', 'success', "
              "'127.0.0.1', 'r' || i, '{}', NULL, NULL "
              "FROM generate_series(1::bigint, 20000) AS i; ANALYZE audit_events;";

static void set(struct an_config *cfg, const char *key, const char *value)
{
  char err[256];
  if (!an_config_set(cfg, "store", key, value, err, sizeof err))
    fail_msg("config: %s", err);
}

static int open_pg(const char *base)
{
  char err[512];
  struct an_config a = {0};
  set(&a, "driver", "postgres");
  set(&a, "url", base);
  T.admin = an_db_open(&a, err, sizeof err);
  an_config_free(&a);
  if (!T.admin)
    return -1;
  T.schema = an_asprintf("t_plan_%d_%llx", (int)getpid(),
                         (unsigned long long)(an_time_now_us() & 0xffffff));
  char *ddl = an_asprintf("CREATE SCHEMA %s", T.schema);
  assert_int_equal(an_db_exec_script(T.admin, ddl), 0);
  free(ddl);
  bool uri = strncmp(base, "postgres", 8) == 0 && strstr(base, "://");
  char *url = uri ? an_asprintf("%s%coptions=-csearch_path%%3D%s", base,
                                strchr(base, '?') ? '&' : '?', T.schema)
                  : an_asprintf("%s options=-csearch_path=%s", base, T.schema);
  set(&T.cfg, "driver", "postgres");
  set(&T.cfg, "url", url);
  free(url);
  return 0;
}

static int group_setup(void **state)
{
  (void)state;
  char err[512];
  memset(&T.cfg, 0, sizeof T.cfg);
  if (T.pg) {
    if (open_pg(getenv("ANSHIN_TEST_PG_URL")) < 0)
      fail_msg("cannot reach PostgreSQL");
  } else {
    strcpy(T.dir, "/tmp/anshin-plan-XXXXXX");
    assert_non_null(mkdtemp(T.dir));
    char *path = an_asprintf("%s/anshin.db", T.dir);
    set(&T.cfg, "driver", "sqlite");
    set(&T.cfg, "path", path);
    free(path);
  }
  T.db = an_db_open(&T.cfg, err, sizeof err);
  if (!T.db)
    fail_msg("an_db_open: %s", err);
  if (an_store_migrate(T.db, err, sizeof err) < 0)
    fail_msg("an_store_migrate: %s", err);
  /* 20,000 events of 100 tenants, 20 actions and 199 users over a year, and statistics, so the
   * planner weighs the indexes as it would on a real log. */
  assert_int_equal(an_db_exec_script(T.db, T.pg ? SQL_FILL_PG : SQL_FILL_SQLITE), 0);
  if (T.pg) /* make anything but an index read stand out */
    assert_int_equal(an_db_exec_script(T.db, "SET enable_seqscan = off; SET enable_sort = off; "
                                             "SET enable_bitmapscan = off;"),
                     0);
  return 0;
}

static int rm_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
  (void)st, (void)flag, (void)ftw;
  return remove(path);
}

static int group_teardown(void **state)
{
  (void)state;
  an_db_close(T.db);
  an_config_free(&T.cfg);
  if (T.pg) {
    char *ddl = an_asprintf("DROP SCHEMA %s CASCADE", T.schema);
    an_db_exec_script(T.admin, ddl);
    free(ddl);
    free(T.schema);
    an_db_close(T.admin);
  } else {
    nftw(T.dir, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
  }
  return 0;
}

/* The indexes that serve a filter combination (bit 1 tenant, 2 action, 4 user); with both action
 * and user either index is right. */
static const char *const WANT[8][2] = {
    {"audit_events_at", NULL},
    {"audit_events_tenant_at", NULL},
    {"audit_events_action_at", NULL},
    {"audit_events_tenant_action_at", NULL},
    {"audit_events_actor_at", NULL},
    {"audit_events_tenant_actor_at", NULL},
    {"audit_events_action_at", "audit_events_actor_at"},
    {"audit_events_tenant_action_at", "audit_events_tenant_actor_at"},
};

static bool uses(const char *plan, const char *index)
{
  char *a = an_asprintf(" %s ", index), *b = an_asprintf(" %s\n", index);
  bool found = strstr(plan, a) || strstr(plan, b);
  free(a);
  free(b);
  return found;
}

static void check_plan(int variant, bool tenant_user, bool cursor)
{
  struct an_audit_filter f = {.actor = (variant & 4) ? "u17" : "",
                              .action = (variant & 2) ? "act.3" : "",
                              .from = 0,
                              .to = INT64_MAX,
                              .limit = 51,
                              .before_at = cursor ? INT64_C(1795446245678000) : INT64_MAX,
                              .before_key = cursor ? 12345 : INT64_MAX};
  int64_t tenant = (variant & 1) ? 7 : 0;
  struct an_buf plan = {0};
  assert_true(an_store_audit_list_plan(T.db, tenant, &f, &plan) >= 0);
  an_buf_puts(&plan, "");
  const char *p = plan.data;
  bool ok = uses(p, WANT[variant][0]) || (WANT[variant][1] && uses(p, WANT[variant][1]));
  if (T.pg)
    ok = ok && !strstr(p, "Sort") && !strstr(p, "Seq Scan") && strstr(p, "Index Scan Backward");
  else
    ok = ok && !strstr(p, "TEMP B-TREE") && strncmp(p, "SEARCH ", 7) == 0;
  if (!ok)
    print_error("filter %d (%s, %s): wanted %s, plan:\n%s", variant,
                tenant_user ? "tenant" : "operator", cursor ? "cursor" : "first page",
                WANT[variant][0], p);
  an_buf_free(&plan);
  assert_true(ok);
}

static void every_list_query_reads_its_index(void **state)
{
  (void)state;
  for (int v = 0; v < 8; v++)
    for (int c = 0; c < 2; c++)
      check_plan(v, (v & 1) != 0, c == 1);
}

/* One backend per run (ANSHIN_TEST_DRIVER, set by ctest: audit_plan_sqlite, audit_plan_postgres),
 * so each run writes one JUnit document; both when unset. The PostgreSQL run exits 77 (skipped)
 * without ANSHIN_TEST_PG_URL. */
int main(void)
{
  const struct CMUnitTest tests[] = {cmocka_unit_test(every_list_query_reads_its_index)};
  const char *driver = getenv("ANSHIN_TEST_DRIVER");
  bool sqlite = !driver || strcmp(driver, "sqlite") == 0;
  bool postgres = !driver || strcmp(driver, "postgres") == 0;
  int failed = 0;
  if (sqlite)
    failed += cmocka_run_group_tests_name("audit_plan_sqlite", tests, group_setup, group_teardown);
  if (postgres) {
    const char *url = getenv("ANSHIN_TEST_PG_URL");
    if (!url || !*url) {
      printf("audit_plan_postgres: skipped: ANSHIN_TEST_PG_URL is not set\n");
      return sqlite ? (failed ? 1 : 0) : 77;
    }
    T.pg = true;
    failed +=
        cmocka_run_group_tests_name("audit_plan_postgres", tests, group_setup, group_teardown);
  }
  return failed ? 1 : 0;
}
