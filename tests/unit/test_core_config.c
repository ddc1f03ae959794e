/* Unit tests for src/core/config: defaults, INI file, environment overrides and refusals.
 * Every test runs inside a fresh temporary directory, so a stray ./anshin.conf of the caller is
 * never read, and every ANSHIN_* variable of the caller's environment is removed first. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <ftw.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/config.h"

extern char **environ;

static char tmpdir[] = "/tmp/anshin-test-config-XXXXXX";
static char oldcwd[PATH_MAX];
static char files[16][PATH_MAX];
static int nfiles;

/* Removes every ANSHIN_* variable, so the tests see only what they set themselves. */
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

/* Writes text to a new mkstemp file in the temporary directory and returns its path. */
static const char *write_conf(const char *text)
{
  char *p = files[nfiles++ % 16]; /* a ring: the files themselves stay until the end */
  snprintf(p, PATH_MAX, "%s/conf-XXXXXX", tmpdir);
  int fd = mkstemp(p);
  assert_true(fd >= 0);
  size_t n = strlen(text);
  assert_int_equal(write(fd, text, n), (ssize_t)n);
  assert_int_equal(close(fd), 0);
  return p;
}

/* Loads expecting failure; the message must contain each of the (NULL-terminated) fragments. */
static void expect_refused(const char *path, ...)
{
  struct an_config cfg;
  char err[512] = "";
  bool ok = an_config_load(&cfg, path, err, sizeof err);
  an_config_free(&cfg);
  if (ok)
    fail_msg("configuration was accepted, expected a refusal");
  assert_true(err[0] != '\0');
  va_list ap;
  va_start(ap, path);
  for (const char *frag; (frag = va_arg(ap, const char *)) != NULL;)
    if (!strstr(err, frag))
      fail_msg("message \"%s\" does not contain \"%s\"", err, frag);
  va_end(ap);
}

static void load_ok(struct an_config *cfg, const char *path)
{
  char err[512] = "";
  if (!an_config_load(cfg, path, err, sizeof err)) {
    an_config_free(cfg);
    fail_msg("an_config_load: %s", err);
  }
}

static int group_setup(void **state)
{
  (void)state;
  assert_non_null(getcwd(oldcwd, sizeof oldcwd));
  assert_non_null(mkdtemp(tmpdir));
  assert_int_equal(chdir(tmpdir), 0);
  clear_anshin_env();
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
  assert_int_equal(chdir(oldcwd), 0);
  nftw(tmpdir, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
  return 0;
}

/* Each test leaves no variable and no ./anshin.conf behind, even when it fails midway. */
static int test_teardown(void **state)
{
  (void)state;
  clear_anshin_env();
  unlink("anshin.conf");
  return 0;
}

/* ---- defaults ---- */

static void defaults(void **state)
{
  (void)state;
  struct an_config cfg;
  load_ok(&cfg, NULL);
  assert_string_equal(cfg.listen, "127.0.0.1:8080");
  assert_int_equal(cfg.threads, 0);
  assert_string_equal(cfg.tls_cert, "");
  assert_string_equal(cfg.tls_key, "");
  assert_int_equal(cfg.max_body_bytes, 1048576);
  assert_int_equal(cfg.max_header_bytes, 32768);
  assert_int_equal(cfg.connection_timeout, 30);
  assert_int_equal(cfg.max_connections, 1024);
  assert_int_equal(cfg.per_ip_connections, 32); /* a few addresses cannot take them all (M4) */
  assert_string_equal(cfg.trusted_proxies, "");
  assert_string_equal(cfg.public_url, "");
  assert_int_equal(cfg.header_timeout, 10);
  assert_int_equal(cfg.body_timeout, 60);
  assert_string_equal(cfg.metrics_token, "");
  assert_string_equal(cfg.store_driver, "sqlite");
  assert_string_equal(cfg.store_path, "var/anshin.db");
  assert_string_equal(cfg.store_url, "");
  assert_int_equal(cfg.busy_timeout_ms, 5000);
  assert_string_equal(cfg.master_key_file, "var/master.key");
  assert_int_equal(cfg.argon2_memory_kib, 19456);
  assert_int_equal(cfg.argon2_iterations, 2);
  assert_int_equal(cfg.login_concurrency, 0);
  assert_int_equal(cfg.idle_timeout, 1800);
  assert_int_equal(cfg.absolute_lifetime, 43200);
  assert_string_equal(cfg.log_level, "info");
  assert_true(cfg.access_log);
  assert_string_equal(cfg.web_root, "");
  assert_string_equal(cfg.source, "(defaults)");
  assert_false(an_config_tls(&cfg));
  an_config_free(&cfg);
  assert_null(cfg.listen);
  assert_null(cfg.source);
}

/* With path NULL, ./anshin.conf is read when it exists. */
static void default_file_in_cwd(void **state)
{
  (void)state;
  FILE *f = fopen("anshin.conf", "w");
  assert_non_null(f);
  fputs("[server]\nthreads = 3\n", f);
  fclose(f);
  struct an_config cfg;
  load_ok(&cfg, NULL);
  assert_int_equal(cfg.threads, 3);
  assert_string_equal(cfg.source, "anshin.conf");
  an_config_free(&cfg);
}

/* ---- file values ---- */

static void file_values(void **state)
{
  (void)state;
  const char *path = write_conf("; a comment\n"
                                "[server]\n"
                                "listen = 0.0.0.0:9090\n"
                                "threads = 8\n"
                                "max_body_bytes = 2048\n"
                                "trusted_proxies = 10.0.0.0/8, ::1\n"
                                "public_url = https://anshin.example.jp\n"
                                "\n"
                                "[store]\n"
                                "path = data/x.db\n"
                                "busy_timeout_ms = 0\n"
                                "[keys]\n"
                                "master_key_file = /etc/anshin/key\n"
                                "[password]\n"
                                "argon2_memory_kib = 8192\n"
                                "argon2_iterations = 64\n"
                                "[session]\n"
                                "idle_timeout = 60\n"
                                "absolute_lifetime = 2592000\n"
                                "[log]\n"
                                "level = debug\n"
                                "access_log = off\n"
                                "[web]\n"
                                "root = /srv/web\n");
  struct an_config cfg;
  load_ok(&cfg, path);
  assert_string_equal(cfg.listen, "0.0.0.0:9090");
  assert_int_equal(cfg.threads, 8);
  assert_int_equal(cfg.max_body_bytes, 2048);
  assert_string_equal(cfg.trusted_proxies, "10.0.0.0/8, ::1");
  assert_string_equal(cfg.public_url, "https://anshin.example.jp");
  assert_string_equal(cfg.store_driver, "sqlite");
  assert_string_equal(cfg.store_path, "data/x.db");
  assert_int_equal(cfg.busy_timeout_ms, 0);
  assert_string_equal(cfg.master_key_file, "/etc/anshin/key");
  assert_int_equal(cfg.argon2_memory_kib, 8192);
  assert_int_equal(cfg.argon2_iterations, 64);
  assert_int_equal(cfg.idle_timeout, 60);
  assert_int_equal(cfg.absolute_lifetime, 2592000);
  assert_string_equal(cfg.log_level, "debug");
  assert_false(cfg.access_log);
  assert_string_equal(cfg.web_root, "/srv/web");
  assert_string_equal(cfg.source, path);
  /* Keys the file does not name keep their defaults. */
  assert_int_equal(cfg.idle_timeout, 60);
  assert_int_equal(cfg.connection_timeout, 30);
  an_config_free(&cfg);
}

static void bool_spellings(void **state)
{
  (void)state;
  static const struct {
    const char *v;
    bool want;
  } cases[] = {{"true", true},   {"YES", true}, {"On", true},   {"1", true},
               {"false", false}, {"no", false}, {"OFF", false}, {"0", false}};
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    char text[64];
    snprintf(text, sizeof text, "[log]\naccess_log = %s\n", cases[i].v);
    struct an_config cfg;
    load_ok(&cfg, write_conf(text));
    assert_int_equal(cfg.access_log, cases[i].want);
    an_config_free(&cfg);
  }
}

static void missing_file_refused(void **state)
{
  (void)state;
  char p[PATH_MAX];
  snprintf(p, sizeof p, "%s/does-not-exist.conf", tmpdir);
  expect_refused(p, "cannot read configuration file", "does-not-exist.conf", NULL);
}

static void syntax_error_refused(void **state)
{
  (void)state;
  expect_refused(write_conf("[server]\nthis line has no equals sign\n"), "syntax error", NULL);
}

/* ---- environment ---- */

static void env_overrides_file(void **state)
{
  (void)state;
  const char *path = write_conf("[server]\nthreads = 4\nlisten = 127.0.0.1:1111\n"
                                "[session]\nidle_timeout = 600\n[log]\naccess_log = true\n");
  setenv("ANSHIN_SERVER_THREADS", "16", 1);
  setenv("ANSHIN_SERVER_MAX_BODY_BYTES", "4096", 1); /* a key with underscores */
  setenv("ANSHIN_SESSION_IDLE_TIMEOUT", "900", 1);
  setenv("ANSHIN_LOG_ACCESS_LOG", "no", 1);
  setenv("ANSHIN_STORE_PATH", "env/anshin.db", 1);
  struct an_config cfg;
  load_ok(&cfg, path);
  assert_int_equal(cfg.threads, 16);
  assert_int_equal(cfg.max_body_bytes, 4096);
  assert_int_equal(cfg.idle_timeout, 900);
  assert_false(cfg.access_log);
  assert_string_equal(cfg.store_path, "env/anshin.db");
  assert_string_equal(cfg.listen, "127.0.0.1:1111"); /* not overridden: the file's value */
  an_config_free(&cfg);
  unsetenv("ANSHIN_SERVER_THREADS");
  unsetenv("ANSHIN_SERVER_MAX_BODY_BYTES");
  unsetenv("ANSHIN_SESSION_IDLE_TIMEOUT");
  unsetenv("ANSHIN_LOG_ACCESS_LOG");
  unsetenv("ANSHIN_STORE_PATH");
}

static void env_without_file(void **state)
{
  (void)state;
  setenv("ANSHIN_SERVER_LISTEN", "[::1]:8443", 1);
  struct an_config cfg;
  load_ok(&cfg, NULL);
  assert_string_equal(cfg.listen, "[::1]:8443");
  assert_string_equal(cfg.source, "(defaults)");
  an_config_free(&cfg);
  unsetenv("ANSHIN_SERVER_LISTEN");
}

/* A typo in a key of a known section is refused, naming the variable. */
static void env_unknown_key_refused(void **state)
{
  (void)state;
  setenv("ANSHIN_SERVER_LISTNE", "127.0.0.1:8080", 1);
  expect_refused(NULL, "ANSHIN_SERVER_LISTNE", "[server] listne", NULL);
  unsetenv("ANSHIN_SERVER_LISTNE");
}

/* Variables of no known section (a test harness's ANSHIN_BIN) and the master key are not ours. */
static void env_foreign_ignored(void **state)
{
  (void)state;
  setenv("ANSHIN_BIN", "/usr/local/bin/anshin", 1);
  setenv("ANSHIN_TEST_DRIVER", "postgres", 1);
  setenv("ANSHIN_MASTER_KEY", "00", 1);
  setenv("ANSHIN_NOSECTION", "x", 1);
  struct an_config cfg;
  load_ok(&cfg, NULL);
  assert_string_equal(cfg.store_driver, "sqlite");
  an_config_free(&cfg);
  unsetenv("ANSHIN_BIN");
  unsetenv("ANSHIN_TEST_DRIVER");
  unsetenv("ANSHIN_MASTER_KEY");
  unsetenv("ANSHIN_NOSECTION");
}

static void env_bad_value_refused(void **state)
{
  (void)state;
  setenv("ANSHIN_SERVER_THREADS", "many", 1);
  expect_refused(NULL, "ANSHIN_SERVER_THREADS", "[server] threads", "many", NULL);
  unsetenv("ANSHIN_SERVER_THREADS");
  setenv("ANSHIN_LOG_LEVEL", "verbose", 1);
  expect_refused(NULL, "ANSHIN_LOG_LEVEL", "[log] level", "verbose", NULL);
  unsetenv("ANSHIN_LOG_LEVEL");
}

/* ---- refusals ---- */

static void unknown_key_in_file_refused(void **state)
{
  (void)state;
  expect_refused(write_conf("[server]\nthreads = 2\nlistne = 127.0.0.1:80\n"), "[server] listne",
                 "unknown", NULL);
  expect_refused(write_conf("[nosuch]\nkey = 1\n"), "[nosuch] key", NULL);
}

static void bad_int_refused(void **state)
{
  (void)state;
  expect_refused(write_conf("[server]\nthreads = abc\n"), "[server] threads", "\"abc\"", NULL);
  expect_refused(write_conf("[server]\nthreads = 12abc\n"), "[server] threads", NULL);
  expect_refused(write_conf("[server]\nthreads =\n"), "[server] threads", NULL);
  expect_refused(write_conf("[server]\nthreads = 99999999999999999999999\n"), "[server] threads",
                 NULL);
}

static void out_of_range_refused(void **state)
{
  (void)state;
  expect_refused(write_conf("[server]\nthreads = 257\n"), "[server] threads", "0 to 256", NULL);
  expect_refused(write_conf("[server]\nthreads = -1\n"), "[server] threads", NULL);
  expect_refused(write_conf("[session]\nidle_timeout = 59\n"), "[session] idle_timeout",
                 "60 to 86400", NULL);
  expect_refused(write_conf("[session]\nidle_timeout = 86401\n"), "[session] idle_timeout", NULL);
  expect_refused(write_conf("[password]\nargon2_memory_kib = 8191\n"),
                 "[password] argon2_memory_kib", NULL);
  expect_refused(write_conf("[server]\nmax_body_bytes = 1023\n"), "[server] max_body_bytes", NULL);
  /* The bounds themselves are accepted. */
  struct an_config cfg;
  load_ok(&cfg, write_conf("[server]\nthreads = 256\n[session]\nidle_timeout = 86400\n"));
  assert_int_equal(cfg.threads, 256);
  assert_int_equal(cfg.idle_timeout, 86400);
  an_config_free(&cfg);
}

static void bad_enum_refused(void **state)
{
  (void)state;
  expect_refused(write_conf("[store]\ndriver = mysql\n"), "[store] driver", "sqlite|postgres",
                 "\"mysql\"", NULL);
  expect_refused(write_conf("[log]\nlevel = INFO\n"), "[log] level", NULL);
  expect_refused(write_conf("[store]\ndriver = sqlit\n"), "[store] driver", NULL);
  expect_refused(write_conf("[store]\ndriver = sqlitex\n"), "[store] driver", NULL);
}

static void bad_bool_refused(void **state)
{
  (void)state;
  expect_refused(write_conf("[log]\naccess_log = maybe\n"), "[log] access_log", "\"maybe\"", NULL);
  expect_refused(write_conf("[log]\naccess_log = 2\n"), "[log] access_log", NULL);
}

static void bad_listen_refused(void **state)
{
  (void)state;
  static const char *bad[] = {
      "8080",          ":8080",    "127.0.0.1:", "127.0.0.1:0", "127.0.0.1:65536",
      "127.0.0.1:80x", "localhost"};
  for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
    char text[128];
    snprintf(text, sizeof text, "[server]\nlisten = %s\n", bad[i]);
    expect_refused(write_conf(text), "[server] listen", bad[i], NULL);
  }
  struct an_config cfg;
  load_ok(&cfg, write_conf("[server]\nlisten = localhost:65535\n"));
  assert_string_equal(cfg.listen, "localhost:65535");
  an_config_free(&cfg);
}

static void tls_pairing(void **state)
{
  (void)state;
  expect_refused(write_conf("[server]\ntls_cert = /etc/cert.pem\n"), "tls_cert", "tls_key", NULL);
  expect_refused(write_conf("[server]\ntls_key = /etc/key.pem\n"), "tls_cert", "tls_key", NULL);
  struct an_config cfg;
  load_ok(&cfg, write_conf("[server]\ntls_cert = /etc/cert.pem\ntls_key = /etc/key.pem\n"));
  assert_true(an_config_tls(&cfg));
  an_config_free(&cfg);
  /* Set directly (as a test would) and with one half emptied again. */
  load_ok(&cfg, NULL);
  assert_false(an_config_tls(&cfg));
  char err[256];
  assert_true(an_config_set(&cfg, "server", "tls_cert", "c.pem", err, sizeof err));
  assert_false(an_config_tls(&cfg));
  assert_true(an_config_set(&cfg, "server", "tls_key", "k.pem", err, sizeof err));
  assert_true(an_config_tls(&cfg));
  assert_true(an_config_set(&cfg, "server", "tls_key", "", err, sizeof err));
  assert_false(an_config_tls(&cfg));
  an_config_free(&cfg);
  /* A zeroed structure (no strings at all) is not TLS either. */
  struct an_config zero;
  memset(&zero, 0, sizeof zero);
  assert_false(an_config_tls(&zero));
}

static void postgres_requires_url(void **state)
{
  (void)state;
  expect_refused(write_conf("[store]\ndriver = postgres\n"), "[store] url", "postgres", NULL);
  struct an_config cfg;
  load_ok(&cfg, write_conf("[store]\ndriver = postgres\nurl = postgresql://db/anshin\n"));
  assert_string_equal(cfg.store_driver, "postgres");
  assert_string_equal(cfg.store_url, "postgresql://db/anshin");
  an_config_free(&cfg);
  /* The environment can complete a file's choice. */
  setenv("ANSHIN_STORE_URL", "host=db dbname=anshin", 1);
  load_ok(&cfg, write_conf("[store]\ndriver = postgres\n"));
  assert_string_equal(cfg.store_url, "host=db dbname=anshin");
  an_config_free(&cfg);
  unsetenv("ANSHIN_STORE_URL");
}

static void sqlite_requires_path(void **state)
{
  (void)state;
  expect_refused(write_conf("[store]\npath =\n"), "[store] path", NULL);
}

static void set_directly(void **state)
{
  (void)state;
  struct an_config cfg;
  load_ok(&cfg, NULL);
  char err[256] = "";
  assert_true(an_config_set(&cfg, "server", "threads", "7", err, sizeof err));
  assert_int_equal(cfg.threads, 7);
  assert_false(an_config_set(&cfg, "server", "nope", "1", err, sizeof err));
  assert_non_null(strstr(err, "[server] nope"));
  assert_false(an_config_set(&cfg, "server", "threads", "x", err, sizeof err));
  assert_non_null(strstr(err, "[server] threads"));
  assert_int_equal(cfg.threads, 7); /* a refused value changes nothing */
  assert_false(an_config_set(&cfg, "server", "listen", "nope", err, sizeof err));
  assert_string_equal(cfg.listen, "127.0.0.1:8080");
  an_config_free(&cfg);
}

/* [receivables] dunning_days (issue 17 item 3, TOS-6): rising days past due, or none. */
static void dunning_days(void **state)
{
  (void)state;
  long steps[AN_DUNNING_MAX_STEPS];
  assert_int_equal(an_config_dunning_steps("7,21,35", steps), 3);
  assert_int_equal(steps[0], 7);
  assert_int_equal(steps[2], 35);
  assert_int_equal(an_config_dunning_steps(" 1, 2 ,3650", steps), 3);
  assert_int_equal(an_config_dunning_steps("", steps), 0);
  assert_int_equal(an_config_dunning_steps("21,7", NULL), -1);   /* not rising */
  assert_int_equal(an_config_dunning_steps("7,7", NULL), -1);    /* twice */
  assert_int_equal(an_config_dunning_steps("0,7", NULL), -1);    /* not past due */
  assert_int_equal(an_config_dunning_steps("7,3651", NULL), -1); /* beyond ten years */
  assert_int_equal(an_config_dunning_steps("7,", NULL), -1);
  assert_int_equal(an_config_dunning_steps("7;21", NULL), -1);
  assert_int_equal(an_config_dunning_steps("-7", NULL), -1);
  assert_int_equal(an_config_dunning_steps("1,2,3,4,5,6,7,8,9", NULL), -1); /* too many */
  expect_refused(write_conf("[receivables]\ndunning_days = 21,7\n"), "[receivables] dunning_days",
                 NULL);
  struct an_config cfg;
  load_ok(&cfg, write_conf("[receivables]\ndunning_days =\n"));
  assert_string_equal(cfg.recv_dunning_days, "");
  an_config_free(&cfg);
}

#define T(f) cmocka_unit_test_teardown(f, test_teardown)

int main(void)
{
  const struct CMUnitTest tests[] = {
      T(defaults),
      T(default_file_in_cwd),
      T(file_values),
      T(bool_spellings),
      T(missing_file_refused),
      T(syntax_error_refused),
      T(env_overrides_file),
      T(env_without_file),
      T(env_unknown_key_refused),
      T(env_foreign_ignored),
      T(env_bad_value_refused),
      T(unknown_key_in_file_refused),
      T(bad_int_refused),
      T(out_of_range_refused),
      T(bad_enum_refused),
      T(bad_bool_refused),
      T(bad_listen_refused),
      T(tls_pairing),
      T(postgres_requires_url),
      T(sqlite_requires_path),
      T(set_directly),
      T(dunning_days),
  };
  return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
