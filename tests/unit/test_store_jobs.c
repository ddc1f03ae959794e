/* Durable jobs claimed under a lease, with a fencing token (CHK-20, TOS-25): an instance whose
 * lease lapsed (paused, partitioned, slow) and was taken over can no longer complete the job,
 * so the job's work commits exactly once. SQLite; the same SQL runs on PostgreSQL. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "core/config.h"
#include "store/db.h"
#include "store/jobs.h"
#include "store/migrate.h"
#include "store/rows.h"

static char dir[64];
static struct an_config cfg;
static struct an_db *db;

static int setup(void **state)
{
  (void)state;
  char err[512];
  strcpy(dir, "/tmp/anshin-jobs-XXXXXX");
  assert_non_null(mkdtemp(dir));
  char path[128];
  snprintf(path, sizeof path, "%s/anshin.db", dir);
  assert_true(an_config_set(&cfg, "store", "driver", "sqlite", err, sizeof err));
  assert_true(an_config_set(&cfg, "store", "path", path, err, sizeof err));
  db = an_db_open(&cfg, err, sizeof err);
  if (!db)
    fail_msg("an_db_open: %s", err);
  if (an_store_migrate(db, err, sizeof err) < 0)
    fail_msg("migrate: %s", err);
  return 0;
}

static int teardown(void **state)
{
  (void)state;
  an_db_close(db);
  an_config_free(&cfg);
  char cmd[128];
  snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
  return system(cmd) == 0 ? 0 : 0;
}

/* A claims the job; its lease lapses; B claims it and completes it. A, resuming, is fenced
 * off: its completion changes nothing. */
static void test_lapsed_holder_is_fenced(void **state)
{
  (void)state;
  assert_int_equal(an_store_job_add(db, "test.kind", 7, 1000, 0), 1);
  struct an_job a = {0}, b = {0};
  assert_int_equal(an_store_job_claim(db, 1000, 2000, &a), 1);
  assert_int_equal(an_store_job_claim(db, 1500, 2500, &b), 0); /* A's lease still runs */
  assert_int_equal(an_store_job_claim(db, 3000, 4000, &b), 1); /* lapsed: B takes over */
  assert_int_equal(a.id, b.id);
  assert_true(a.fence < b.fence);
  assert_int_equal(an_store_job_finish(db, b.id, b.fence, "done", "", 3100), 1);
  assert_int_equal(an_store_job_finish(db, a.id, a.fence, "done", "", 3200), 0);
  an_spec_clear(&an_job_spec, &a);
  an_spec_clear(&an_job_spec, &b);
}

int main(void)
{
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_lapsed_holder_is_fenced),
  };
  return cmocka_run_group_tests_name("store_jobs", tests, setup, teardown);
}
