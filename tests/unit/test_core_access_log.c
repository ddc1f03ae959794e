/* Unit tests for the access log's line format, its redaction, its period parsing and its reader
 * over plain and gzip files (CHK-7). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <jansson.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zlib.h>

#include "core/access_log.h"
#include "core/buf.h"
#include "core/time.h"

static json_t *format(const char *path, const char *actor)
{
  struct an_ctx ctx = {
      .now = 1796000000000000LL, .subject = AN_SUBJECT_USER, .subject_id = 7, .tenant_id = 42};
  snprintf(ctx.request_id, sizeof ctx.request_id, "req12345");
  snprintf(ctx.client_ip, sizeof ctx.client_ip, "192.0.2.1");
  snprintf(ctx.actor, sizeof ctx.actor, "%s", actor);
  struct an_access_rec rec = {&ctx, "GET", path, NULL, 200, 1500};
  struct an_buf b = {0};
  an_access_log_format(&rec, &b);
  assert_true(b.len > 0 && b.data[b.len - 1] == '\n');
  assert_null(memchr(b.data, '\n', b.len - 1)); /* one line, whatever the input */
  json_error_t err;
  json_t *o = json_loadb(b.data, b.len, 0, &err);
  assert_non_null(o);
  an_buf_free(&b);
  return o;
}

static void line_is_valid_json_whatever_the_path(void **state)
{
  (void)state;
  /* Well-formed UTF-8 stays as it is; a stray byte becomes its Latin-1 character. */
  json_t *o = format("/a\"b\\c\n\x01\xe3\x81\x82\xff?token=secret", "ad\"min");
  assert_string_equal(json_string_value(json_object_get(o, "path")),
                      "/a\"b\\c\n\x01\xe3\x81\x82\xc3\xbf");
  assert_string_equal(json_string_value(json_object_get(o, "actor")), "ad\"min");
  assert_int_equal(json_integer_value(json_object_get(o, "tenant_id")), 42);
  assert_string_equal(json_string_value(json_object_get(o, "subject")), "user");
  assert_true(json_is_null(json_object_get(o, "route")));
  json_decref(o);
}

/* The path a request to path is logged with. */
static void assert_logged_path(const char *path, const char *logged)
{
  json_t *o = format(path, "");
  assert_string_equal(json_string_value(json_object_get(o, "path")), logged);
  json_decref(o);
}

static void token_like_segments_are_redacted(void **state)
{
  (void)state;
  assert_logged_path("/api/v1/users/AbCdEf0123456789_-xyzXYZ0123456789abcdefghi/x",
                     "/api/v1/users/[redacted]/x");
  assert_logged_path("/operator-catalogue.html", "/operator-catalogue.html");
  /* CHK-7: random base64url without a single digit (about one token in 1,600 of 43 characters)
   * is still a secret: an API token and a session id, each pasted into a path. */
  assert_logged_path("/api/v1/users/ansh_wmAYb_kjExifkEKbrEeMoWiKVRct_ADNPEMWHjxTFBk",
                     "/api/v1/users/[redacted]");
  assert_logged_path("/static/wmAYbkjExifkEKbrEeMoWiKVRctADNPEMWHjxTFBkQ/x.js",
                     "/static/[redacted]/x.js");
  /* Our own long names are lower case with dashes and dots: they stay readable. */
  assert_logged_path("/js/operator-discontinue.js", "/js/operator-discontinue.js");
}

static void periods(void **state)
{
  (void)state;
  int64_t f, t, day = 86400LL * 1000000;
  assert_true(an_access_log_range("2026-12-01", "2026-12-01", 0, &f, &t));
  assert_int_equal(t - f, day); /* a date as `to` includes its day */
  assert_true(an_access_log_range(NULL, NULL, 5 * day, &f, &t));
  assert_int_equal(t, 5 * day);
  assert_int_equal(f, 4 * day);
  assert_false(an_access_log_range("2026-12-02", "2026-12-01", 0, &f, &t));
  assert_false(an_access_log_range("yesterday", NULL, 0, &f, &t));
}

static void count_line(void *cls, const char *line, size_t len)
{
  (void)line;
  (void)len;
  (*(int *)cls)++;
}

static void reads_plain_and_gzip_files_by_period_and_tenant(void **state)
{
  (void)state;
  char dir[] = "/tmp/anshin-access-XXXXXX";
  assert_non_null(mkdtemp(dir));
  char path[256];
  snprintf(path, sizeof path, "%s/access-2026-12-01.jsonl", dir);
  FILE *f = fopen(path, "w");
  fputs("{\"ts\":\"2026-11-30T16:00:00.000Z\",\"tenant_id\":1}\n"
        "{\"ts\":\"2026-12-01T01:00:00.000Z\",\"tenant_id\":2}\n"
        "not ours\n",
        f);
  fclose(f);
  snprintf(path, sizeof path, "%s/access-2026-12-02.1.jsonl.gz", dir);
  gzFile g = gzopen(path, "wb");
  gzputs(g, "{\"ts\":\"2026-12-01T16:00:00.000Z\",\"tenant_id\":1}\n");
  gzclose(g);
  int64_t from, to;
  assert_true(an_access_log_range("2026-12-01", "2026-12-02", 0, &from, &to));
  int n = 0;
  assert_int_equal(an_access_log_read(dir, from, to, -1, count_line, &n), 3);
  n = 0;
  assert_int_equal(an_access_log_read(dir, from, to, 1, count_line, &n), 2);
  assert_true(an_access_log_range("2026-12-02", "2026-12-02", 0, &from, &to));
  assert_int_equal(an_access_log_read(dir, from, to, -1, count_line, &n), 1);
  /* Maintenance on 2026-12-03 (JST): both days have ended; nothing is old enough to purge. */
  int c = -1, p = -1;
  int64_t now;
  assert_true(an_time_parse("2026-12-03", &now));
  assert_true(an_access_log_maintain(dir, 365, now, NULL, &c, &p));
  assert_int_equal(c, 1);
  assert_int_equal(p, 0);
  assert_true(an_access_log_range("2026-12-01", "2026-12-02", 0, &from, &to));
  assert_int_equal(an_access_log_read(dir, from, to, -1, count_line, &n), 3);
  /* 367 days later the files are past a year's retention. */
  assert_true(an_time_parse("2027-12-04", &now));
  assert_true(an_access_log_maintain(dir, 365, now, NULL, &c, &p));
  assert_int_equal(p, 2);
  assert_int_equal(rmdir(dir), 0);
}

int main(void)
{
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(line_is_valid_json_whatever_the_path),
      cmocka_unit_test(token_like_segments_are_redacted),
      cmocka_unit_test(periods),
      cmocka_unit_test(reads_plain_and_gzip_files_by_period_and_tenant),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
