/* Unit tests for src/http/router: matching against a small local table, and the shape of the
 * application's real table (an_routes). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "api/api.h"
#include "http/request.h"
#include "http/router.h"

static an_ret h_list(struct an_request *r)
{
  (void)r;
  return MHD_NO;
}

static an_ret h_create(struct an_request *r)
{
  (void)r;
  return MHD_NO;
}

static an_ret h_get(struct an_request *r)
{
  (void)r;
  return MHD_NO;
}

static an_ret h_delete(struct an_request *r)
{
  (void)r;
  return MHD_NO;
}

static an_ret h_pair(struct an_request *r)
{
  (void)r;
  return MHD_NO;
}

static an_ret h_misc(struct an_request *r)
{
  (void)r;
  return MHD_NO;
}

enum { R_LIST, R_CREATE, R_GET, R_DELETE, R_PAIR, R_ONLYPOST, R_HEALTH, R_N };

/* The rows have no body (struct an_route's last member). */
#pragma GCC diagnostic ignored "-Wmissing-field-initializers"
static const struct an_route table[] = {
    [R_LIST] = {"GET", "/things", AN_AUTH_SESSION, AN_PERM_NONE, AN_RF_NONE, h_list},
    [R_CREATE] = {"POST", "/things", AN_AUTH_SESSION, AN_PERM_NONE, AN_RF_NONE, h_create},
    [R_GET] = {"GET", "/things/{id}", AN_AUTH_SESSION, AN_PERM_NONE, AN_RF_NONE, h_get},
    [R_DELETE] = {"DELETE", "/things/{id}", AN_AUTH_SESSION, AN_PERM_NONE, AN_RF_NONE, h_delete},
    [R_PAIR] = {"GET", "/a/{first}/b/{second}", AN_AUTH_SESSION, AN_PERM_NONE, AN_RF_NONE, h_pair},
    [R_ONLYPOST] = {"POST", "/submit", AN_AUTH_PUBLIC, AN_PERM_NONE, AN_RF_NONE, h_misc},
    [R_HEALTH] = {"GET", "/healthz", AN_AUTH_PUBLIC, AN_PERM_NONE, AN_RF_NO_DB, h_misc},
};

/* Runs an_route_find on the local table with a fresh zeroed request. */
static enum an_match find(const char *method, const char *path, struct an_request *r, char *allow,
                          size_t allowlen)
{
  memset(r, 0, sizeof *r);
  r->route_index = -1;
  return an_route_find(table, R_N, method, path, r, allow, allowlen);
}

static void exact_match(void **state)
{
  (void)state;
  struct an_request r;
  char allow[128];
  assert_int_equal(find("GET", "/things", &r, allow, sizeof allow), AN_MATCH_FOUND);
  assert_ptr_equal(r.route, &table[R_LIST]);
  assert_int_equal(r.route_index, R_LIST);
  assert_int_equal(r.nparams, 0);
  assert_true(r.route->handler == h_list);

  assert_int_equal(find("POST", "/things", &r, allow, sizeof allow), AN_MATCH_FOUND);
  assert_ptr_equal(r.route, &table[R_CREATE]);
  assert_int_equal(r.route_index, R_CREATE);

  assert_int_equal(find("GET", "/healthz", &r, allow, sizeof allow), AN_MATCH_FOUND);
  assert_int_equal(r.route_index, R_HEALTH);
}

static void param_capture(void **state)
{
  (void)state;
  struct an_request r;
  char allow[128];
  assert_int_equal(find("GET", "/things/42", &r, allow, sizeof allow), AN_MATCH_FOUND);
  assert_ptr_equal(r.route, &table[R_GET]);
  assert_int_equal(r.nparams, 1);
  assert_non_null(an_req_param(&r, "id"));
  assert_string_equal(an_req_param(&r, "id"), "42");
  assert_null(an_req_param(&r, "i"));   /* a prefix of the name is not the name */
  assert_null(an_req_param(&r, "idx")); /* nor is a longer one */
  assert_null(an_req_param(&r, "ID"));
  assert_null(an_req_param(&r, ""));

  assert_int_equal(find("DELETE", "/things/abc-DEF_1.2", &r, allow, sizeof allow), AN_MATCH_FOUND);
  assert_ptr_equal(r.route, &table[R_DELETE]);
  assert_string_equal(an_req_param(&r, "id"), "abc-DEF_1.2");
}

static void two_params(void **state)
{
  (void)state;
  struct an_request r;
  char allow[128];
  assert_int_equal(find("GET", "/a/one/b/two", &r, allow, sizeof allow), AN_MATCH_FOUND);
  assert_ptr_equal(r.route, &table[R_PAIR]);
  assert_int_equal(r.nparams, 2);
  assert_string_equal(an_req_param(&r, "first"), "one");
  assert_string_equal(an_req_param(&r, "second"), "two");
  assert_null(an_req_param(&r, "third"));
  /* The literal between the parameters must match too. */
  assert_int_equal(find("GET", "/a/one/c/two", &r, allow, sizeof allow), AN_MATCH_NO_PATH);
  assert_int_equal(find("GET", "/a/one/b", &r, allow, sizeof allow), AN_MATCH_NO_PATH);
  assert_int_equal(find("GET", "/a/one/b/", &r, allow, sizeof allow), AN_MATCH_NO_PATH);
  assert_int_equal(find("GET", "/a/one/b/two/three", &r, allow, sizeof allow), AN_MATCH_NO_PATH);
}

/* A parameter takes exactly one non-empty segment. */
static void param_segment_rules(void **state)
{
  (void)state;
  struct an_request r;
  char allow[128];
  assert_int_equal(find("GET", "/things/1/2", &r, allow, sizeof allow), AN_MATCH_NO_PATH);
  assert_int_equal(find("GET", "/things//", &r, allow, sizeof allow), AN_MATCH_NO_PATH);
  /* 127 bytes is the most a value holds: that still matches. */
  char path[256];
  char seg[128];
  memset(seg, '7', 127);
  seg[127] = '\0';
  snprintf(path, sizeof path, "/things/%s", seg);
  assert_int_equal(find("GET", path, &r, allow, sizeof allow), AN_MATCH_FOUND);
  assert_string_equal(an_req_param(&r, "id"), seg);
}

/* Regression: a parameter longer than 127 bytes once matched with no value captured, and
 * GET /api/v1/staff/<128+ digits> handed NULL to strtoll(). Probe and capture now apply the same
 * limits. */
static void long_param_does_not_match(void **state)
{
  (void)state;
  struct an_request r;
  char allow[128];
  char path[512];
  char seg[129];
  memset(seg, '1', 128);
  seg[128] = '\0';
  snprintf(path, sizeof path, "/things/%s", seg);
  enum an_match local = find("GET", path, &r, allow, sizeof allow);
  const char *local_id = local == AN_MATCH_FOUND ? an_req_param(&r, "id") : NULL;
  /* The same through the application's table. */
  snprintf(path, sizeof path, "/api/v1/staff/%s", seg);
  memset(&r, 0, sizeof r);
  enum an_match real = an_route_find(an_routes, an_nroutes, "GET", path, &r, allow, sizeof allow);
  const char *real_id = real == AN_MATCH_FOUND ? an_req_param(&r, "id") : NULL;
  if (local == AN_MATCH_FOUND || real == AN_MATCH_FOUND)
    print_message("a 128-byte {id} matched (local table: %s, an_routes: %s); "
                  "an_req_param(\"id\") = %s / %s\n",
                  local == AN_MATCH_FOUND ? "FOUND" : "no", real == AN_MATCH_FOUND ? "FOUND" : "no",
                  local_id ? local_id : "NULL", real_id ? real_id : "NULL");
  assert_int_equal(local, AN_MATCH_NO_PATH);
  assert_int_equal(real, AN_MATCH_NO_PATH);
}

static void trailing_slash_and_near_misses(void **state)
{
  (void)state;
  struct an_request r;
  char allow[128];
  assert_int_equal(find("GET", "/things/", &r, allow, sizeof allow), AN_MATCH_NO_PATH);
  assert_int_equal(find("GET", "/things/42/", &r, allow, sizeof allow), AN_MATCH_NO_PATH);
  assert_int_equal(find("GET", "/healthz/", &r, allow, sizeof allow), AN_MATCH_NO_PATH);
  assert_int_equal(find("GET", "/thing", &r, allow, sizeof allow), AN_MATCH_NO_PATH);
  assert_int_equal(find("GET", "/thingsx", &r, allow, sizeof allow), AN_MATCH_NO_PATH);
  assert_int_equal(find("GET", "/Things", &r, allow, sizeof allow), AN_MATCH_NO_PATH);
  assert_int_equal(find("GET", "things", &r, allow, sizeof allow), AN_MATCH_NO_PATH);
  assert_int_equal(find("GET", "//things", &r, allow, sizeof allow), AN_MATCH_NO_PATH);
}

static void method_mismatch(void **state)
{
  (void)state;
  struct an_request r;
  char allow[128];
  assert_int_equal(find("PUT", "/things", &r, allow, sizeof allow), AN_MATCH_NO_METHOD);
  assert_string_equal(allow, "GET, POST");
  assert_null(r.route);

  assert_int_equal(find("PATCH", "/things/9", &r, allow, sizeof allow), AN_MATCH_NO_METHOD);
  assert_string_equal(allow, "GET, DELETE");

  assert_int_equal(find("GET", "/submit", &r, allow, sizeof allow), AN_MATCH_NO_METHOD);
  assert_string_equal(allow, "POST");

  /* Methods are case-sensitive. */
  assert_int_equal(find("get", "/things", &r, allow, sizeof allow), AN_MATCH_NO_METHOD);
  assert_string_equal(allow, "GET, POST");
}

static void head_is_get(void **state)
{
  (void)state;
  struct an_request r;
  char allow[128];
  assert_int_equal(find("HEAD", "/things", &r, allow, sizeof allow), AN_MATCH_FOUND);
  assert_ptr_equal(r.route, &table[R_LIST]);
  assert_int_equal(find("HEAD", "/things/5", &r, allow, sizeof allow), AN_MATCH_FOUND);
  assert_ptr_equal(r.route, &table[R_GET]);
  assert_string_equal(an_req_param(&r, "id"), "5");
  /* HEAD does not reach a POST-only path. */
  assert_int_equal(find("HEAD", "/submit", &r, allow, sizeof allow), AN_MATCH_NO_METHOD);
  assert_string_equal(allow, "POST");
}

static void unknown_path(void **state)
{
  (void)state;
  struct an_request r;
  char allow[128];
  strcpy(allow, "stale");
  assert_int_equal(find("GET", "/nowhere", &r, allow, sizeof allow), AN_MATCH_NO_PATH);
  assert_string_equal(allow, "");
  assert_null(r.route);
  assert_int_equal(find("GET", "/", &r, allow, sizeof allow), AN_MATCH_NO_PATH);
  assert_int_equal(find("GET", "", &r, allow, sizeof allow), AN_MATCH_NO_PATH);
  assert_int_equal(an_route_find(table, 0, "GET", "/things", &r, allow, sizeof allow),
                   AN_MATCH_NO_PATH);
}

/* ---- the application's table ---- */

static bool known_method(const char *m)
{
  static const char *ok[] = {"GET", "POST", "PUT", "PATCH", "DELETE"};
  for (size_t i = 0; i < sizeof ok / sizeof ok[0]; i++)
    if (strcmp(m, ok[i]) == 0)
      return true;
  return false;
}

/* The /api/v1/ endpoints that are public by design: login, the API description, the
 * marketplace's public pages (catalogue, published documents, the application form, its
 * confirmation from the applicant's mailbox, and the report form, TOS-1, TOS-17, TOS-22), the
 * support desk's public page and the operations pages (status, news, failure reports). */
static bool public_by_design(const struct an_route *rt)
{
  static const char *const open[][2] = {
      {"POST", "/api/v1/auth/login"},
      {"GET", "/api/v1/openapi.json"},
      {"GET", "/api/v1/catalogue"},
      {"GET", "/api/v1/documents/{kind}"},
      {"GET", "/api/v1/document-versions/{id}"},
      {"POST", "/api/v1/applications"},
      {"POST", "/api/v1/reports"},
      {"POST", "/api/v1/applications/confirm"},
      /* support desk (issue 13): the public support page's facts, its contact form, and
       * personal-data requests verified by a mailed code (TOS-19, MARK-5-1-1, MARK-7-5-2) */
      {"GET", "/api/v1/support/info"},
      {"POST", "/api/v1/support/requests"},
      {"POST", "/api/v1/support/personal-data-requests"},
      {"POST", "/api/v1/support/personal-data-requests/{id}/verify"},
      {"GET", "/api/v1/support/personal-data-requests/{id}/download"},
      /* onboarding: the mailed link to set a password, and its rules */
      {"POST", "/api/v1/password-links/use"},
      {"POST", "/api/v1/password-links/rules"},
      /* operations and service levels (issue 12): the public status and its subscriptions,
       * maintenance windows, announcements, information pages and the failure report form */
      {"GET", "/api/v1/status"},
      {"GET", "/api/v1/maintenance"},
      {"GET", "/api/v1/news"},
      {"GET", "/api/v1/info"},
      {"POST", "/api/v1/failure-reports"},
      {"POST", "/api/v1/status/subscriptions"},
      {"POST", "/api/v1/status/subscriptions/confirm"},
      {"POST", "/api/v1/status/subscriptions/unsubscribe"},
      /* the trust page (issue 16 item 5): which automatic checks pass, when the operator opts in */
      {"GET", "/api/v1/trust"},
  };
  for (size_t i = 0; i < sizeof open / sizeof open[0]; i++)
    if (strcmp(rt->method, open[i][0]) == 0 && strcmp(rt->pattern, open[i][1]) == 0)
      return true;
  return false;
}

static void real_table_shape(void **state)
{
  (void)state;
  assert_true(an_nroutes > 0);
  for (size_t i = 0; i < an_nroutes; i++) {
    const struct an_route *rt = &an_routes[i];
    assert_non_null(rt->method);
    assert_non_null(rt->pattern);
    assert_non_null(rt->handler);
    if (rt->pattern[0] != '/')
      fail_msg("row %zu: pattern \"%s\" does not start with /", i, rt->pattern);
    if (!known_method(rt->method))
      fail_msg("row %zu (%s): method \"%s\" is not GET/POST/PUT/PATCH/DELETE", i, rt->pattern,
               rt->method);
    /* Braces are balanced, names non-empty, at most AN_MAX_PATH_PARAMS parameters. */
    int params = 0;
    for (const char *p = rt->pattern; *p; p++) {
      if (*p == '}')
        fail_msg("row %zu: stray } in %s", i, rt->pattern);
      if (*p != '{')
        continue;
      const char *close = strchr(p, '}');
      if (!close || close == p + 1 || memchr(p, '/', (size_t)(close - p)))
        fail_msg("row %zu: bad parameter in %s", i, rt->pattern);
      params++;
      p = close;
    }
    assert_true(params <= AN_MAX_PATH_PARAMS);
    for (size_t j = 0; j < i; j++)
      if (strcmp(an_routes[j].method, rt->method) == 0 &&
          strcmp(an_routes[j].pattern, rt->pattern) == 0)
        fail_msg("rows %zu and %zu are both %s %s", j, i, rt->method, rt->pattern);
    if (strncmp(rt->pattern, "/api/v1/", 8) == 0 && !public_by_design(rt) &&
        rt->auth != AN_AUTH_SESSION)
      fail_msg("%s %s is not AN_AUTH_SESSION", rt->method, rt->pattern);
  }
}

/* Every row is reachable: a concrete path made from its pattern resolves to that very row. */
static void real_table_rows_reachable(void **state)
{
  (void)state;
  for (size_t i = 0; i < an_nroutes; i++) {
    const struct an_route *rt = &an_routes[i];
    char path[256];
    size_t n = 0;
    for (const char *p = rt->pattern; *p && n < sizeof path - 2; p++) {
      if (*p == '{') {
        path[n++] = '1';
        p = strchr(p, '}');
        continue;
      }
      path[n++] = *p;
    }
    path[n] = '\0';
    struct an_request r;
    char allow[128];
    memset(&r, 0, sizeof r);
    enum an_match m =
        an_route_find(an_routes, an_nroutes, rt->method, path, &r, allow, sizeof allow);
    if (m != AN_MATCH_FOUND || r.route != rt)
      fail_msg("%s %s (as %s) resolves to %s", rt->method, rt->pattern, path,
               m == AN_MATCH_FOUND ? r.route->pattern : "nothing");
  }
}

static void real_table_examples(void **state)
{
  (void)state;
  struct an_request r;
  char allow[128];
  memset(&r, 0, sizeof r);
  assert_int_equal(
      an_route_find(an_routes, an_nroutes, "DELETE", "/api/v1/auth/login", &r, allow, sizeof allow),
      AN_MATCH_NO_METHOD);
  assert_string_equal(allow, "POST");
  memset(&r, 0, sizeof r);
  assert_int_equal(
      an_route_find(an_routes, an_nroutes, "GET", "/api/v1/staff/17", &r, allow, sizeof allow),
      AN_MATCH_FOUND);
  assert_string_equal(an_req_param(&r, "id"), "17");
  memset(&r, 0, sizeof r);
  assert_int_equal(
      an_route_find(an_routes, an_nroutes, "GET", "/api/v1/nope", &r, allow, sizeof allow),
      AN_MATCH_NO_PATH);
  /* a literal after a parameter in its segment ("{id}.csv") ends the value before it */
  memset(&r, 0, sizeof r);
  assert_int_equal(an_route_find(an_routes, an_nroutes, "GET",
                                 "/api/v1/compliance/catalogs/mark.csv", &r, allow, sizeof allow),
                   AN_MATCH_FOUND);
  assert_string_equal(r.route->pattern, "/api/v1/compliance/catalogs/{id}.csv");
  assert_string_equal(an_req_param(&r, "id"), "mark");
  memset(&r, 0, sizeof r);
  assert_int_equal(an_route_find(an_routes, an_nroutes, "GET", "/api/v1/compliance/catalogs/mark",
                                 &r, allow, sizeof allow),
                   AN_MATCH_FOUND);
  assert_string_equal(r.route->pattern, "/api/v1/compliance/catalogs/{id}");
  memset(&r, 0, sizeof r);
  assert_int_equal(an_route_find(an_routes, an_nroutes, "GET", "/api/v1/compliance/catalogs/.csv",
                                 &r, allow, sizeof allow),
                   AN_MATCH_FOUND);
  assert_string_equal(an_req_param(&r, "id"), ".csv"); /* an empty id is no match of the .csv row */
}

int main(void)
{
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(exact_match),
      cmocka_unit_test(param_capture),
      cmocka_unit_test(two_params),
      cmocka_unit_test(param_segment_rules),
      cmocka_unit_test(long_param_does_not_match),
      cmocka_unit_test(trailing_slash_and_near_misses),
      cmocka_unit_test(method_mismatch),
      cmocka_unit_test(head_is_get),
      cmocka_unit_test(unknown_path),
      cmocka_unit_test(real_table_shape),
      cmocka_unit_test(real_table_rows_reachable),
      cmocka_unit_test(real_table_examples),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
