/* Unit tests for src/core/webmanifest.c (MARK-2-1-4): the build's manifest is read, a file's bytes
 * match only when they are the listed ones, and the walk names changed, missing and unlisted
 * files. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/webmanifest.h"

static char dir[64];

static void put(const char *rel, const char *text)
{
  char path[256];
  snprintf(path, sizeof path, "%s/%s", dir, rel);
  FILE *f = fopen(path, "w");
  assert_non_null(f);
  fputs(text, f);
  fclose(f);
}

static void manifest_decides(void **state)
{
  (void)state;
  snprintf(dir, sizeof dir, "/tmp/anshin-webmanifest-XXXXXX");
  assert_non_null(mkdtemp(dir));
  char web[128], js[160], manifest[160];
  snprintf(web, sizeof web, "%s/web", dir);
  snprintf(js, sizeof js, "%s/web/js", dir);
  snprintf(manifest, sizeof manifest, "%s/web.manifest", dir);
  assert_int_equal(mkdir(web, 0700), 0);
  assert_int_equal(mkdir(js, 0700), 0);
  put("web/index.html", "hello\n");
  put("web/js/a.js", "");
  /* sha256("hello\n") and sha256("") */
  put("web.manifest",
      "5891b5b522d5df086d0ff0b110fbd9d21bb4fc7163af34d08286a2e846f6be03  index.html\n"
      "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855  js/a.js\n");
  char err[256] = "";
  assert_int_equal(an_webmanifest_check("index.html", "hello\n", 6), -1);
  assert_true(an_webmanifest_load(web, manifest, err, sizeof err));
  assert_true(an_webmanifest_active());
  assert_int_equal(an_webmanifest_check("index.html", "hello\n", 6), 1);
  assert_int_equal(an_webmanifest_check("index.html", "hello!\n", 7), 0);
  assert_int_equal(an_webmanifest_check("js/a.js", "", 0), 1);
  assert_int_equal(an_webmanifest_check("other.html", "hello\n", 6), 0);

  struct an_buf bad = {0};
  assert_int_equal(an_webmanifest_verify(&bad), 0);
  put("web/js/a.js", "alert(1)");
  put("web/phish.html", "<form>");
  assert_int_equal(an_webmanifest_verify(&bad), 2);
  assert_non_null(strstr(bad.data, "js/a.js"));
  assert_non_null(strstr(bad.data, "phish.html"));
  an_buf_free(&bad);
  char cmd[300];
  snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
  assert_int_equal(system(cmd), 0);
}

static void a_bad_line_is_refused(void **state)
{
  (void)state;
  char path[] = "/tmp/anshin-webmanifest-bad-XXXXXX";
  int fd = mkstemp(path);
  assert_true(fd >= 0);
  assert_true(write(fd, "not a hash  index.html\n", 23) == 23);
  close(fd);
  char err[256] = "";
  /* A second load is refused for the bad line whatever the first one loaded. */
  assert_false(an_webmanifest_load("/tmp", path, err, sizeof err));
  assert_non_null(strstr(err, "line 1"));
  unlink(path);
}

int main(void)
{
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(manifest_decides),
      cmocka_unit_test(a_bad_line_is_refused),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
