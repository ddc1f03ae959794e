/* Unit tests for src/core/cidr: parsing CIDR lists and membership of v4, v6 and mapped addresses.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "core/cidr.h"

static struct an_cidr_list *parse_ok(const char *csv)
{
  char err[256] = "";
  struct an_cidr_list *l = an_cidr_parse(csv, err, sizeof err);
  if (!l)
    fail_msg("an_cidr_parse(\"%s\"): %s", csv ? csv : "(null)", err);
  return l;
}

static void expect_bad(const char *csv, const char *entry)
{
  char err[256] = "";
  struct an_cidr_list *l = an_cidr_parse(csv, err, sizeof err);
  if (l) {
    an_cidr_free(l);
    fail_msg("\"%s\" was accepted", csv);
  }
  if (!strstr(err, entry))
    fail_msg("message \"%s\" does not name \"%s\"", err, entry);
}

static void ipv4_prefixes(void **state)
{
  (void)state;
  struct an_cidr_list *l = parse_ok("10.0.0.0/8");
  assert_int_equal(an_cidr_count(l), 1);
  assert_true(an_cidr_contains(l, "10.0.0.0"));
  assert_true(an_cidr_contains(l, "10.1.2.3"));
  assert_true(an_cidr_contains(l, "10.255.255.255"));
  assert_false(an_cidr_contains(l, "11.0.0.0"));
  assert_false(an_cidr_contains(l, "9.255.255.255"));
  an_cidr_free(l);

  l = parse_ok("192.168.1.0/24");
  assert_true(an_cidr_contains(l, "192.168.1.0"));
  assert_true(an_cidr_contains(l, "192.168.1.255"));
  assert_false(an_cidr_contains(l, "192.168.2.1"));
  assert_false(an_cidr_contains(l, "192.168.0.255"));
  an_cidr_free(l);

  l = parse_ok("203.0.113.7/32");
  assert_true(an_cidr_contains(l, "203.0.113.7"));
  assert_false(an_cidr_contains(l, "203.0.113.6"));
  assert_false(an_cidr_contains(l, "203.0.113.8"));
  an_cidr_free(l);

  /* A prefix that does not fall on a byte boundary. */
  l = parse_ok("172.16.0.0/12");
  assert_true(an_cidr_contains(l, "172.16.0.1"));
  assert_true(an_cidr_contains(l, "172.31.255.255"));
  assert_false(an_cidr_contains(l, "172.32.0.0"));
  assert_false(an_cidr_contains(l, "172.15.255.255"));
  an_cidr_free(l);

  /* /0 is everything of its family, and nothing of the other. */
  l = parse_ok("0.0.0.0/0");
  assert_true(an_cidr_contains(l, "1.2.3.4"));
  assert_true(an_cidr_contains(l, "255.255.255.255"));
  assert_false(an_cidr_contains(l, "2001:db8::1"));
  an_cidr_free(l);
}

static void bare_address_is_one_host(void **state)
{
  (void)state;
  struct an_cidr_list *l = parse_ok("127.0.0.1");
  assert_int_equal(an_cidr_count(l), 1);
  assert_true(an_cidr_contains(l, "127.0.0.1"));
  assert_false(an_cidr_contains(l, "127.0.0.2"));
  assert_false(an_cidr_contains(l, "127.0.0.0"));
  an_cidr_free(l);

  l = parse_ok("::1");
  assert_true(an_cidr_contains(l, "::1"));
  assert_true(an_cidr_contains(l, "0:0:0:0:0:0:0:1")); /* any spelling of it */
  assert_false(an_cidr_contains(l, "::2"));
  assert_false(an_cidr_contains(l, "127.0.0.1")); /* loopback of the other family */
  an_cidr_free(l);
}

static void ipv6_prefix(void **state)
{
  (void)state;
  struct an_cidr_list *l = parse_ok("2001:db8:1:2::/64");
  assert_true(an_cidr_contains(l, "2001:db8:1:2::1"));
  assert_true(an_cidr_contains(l, "2001:db8:1:2:ffff:ffff:ffff:ffff"));
  assert_true(an_cidr_contains(l, "2001:DB8:1:2::abcd"));
  assert_false(an_cidr_contains(l, "2001:db8:1:3::1"));
  assert_false(an_cidr_contains(l, "2001:db8::1"));
  assert_false(an_cidr_contains(l, "10.0.0.1"));
  an_cidr_free(l);

  l = parse_ok("fe80::/10");
  assert_true(an_cidr_contains(l, "fe80::1"));
  assert_true(an_cidr_contains(l, "febf::1"));
  assert_false(an_cidr_contains(l, "fec0::1"));
  an_cidr_free(l);
}

/* A dual-stack socket reports an IPv4 client as ::ffff:a.b.c.d; it is matched as IPv4. */
static void mapped_client_matches_ipv4_range(void **state)
{
  (void)state;
  struct an_cidr_list *l = parse_ok("10.0.0.0/8");
  assert_true(an_cidr_contains(l, "::ffff:10.1.2.3"));
  assert_true(an_cidr_contains(l, "::FFFF:10.1.2.3"));
  assert_false(an_cidr_contains(l, "::ffff:11.1.2.3"));
  /* Only the mapped prefix is IPv4: an IPv4-compatible or other v6 address is not. */
  assert_false(an_cidr_contains(l, "::10.1.2.3"));
  assert_false(an_cidr_contains(l, "64:ff9b::10.1.2.3"));
  an_cidr_free(l);

  l = parse_ok("127.0.0.1");
  assert_true(an_cidr_contains(l, "::ffff:127.0.0.1"));
  an_cidr_free(l);
}

/* Regression: an entry written in IPv4-mapped form (as dual-stack logs show peers) was kept as
 * IPv6 while clients are compared as IPv4, so it never matched, not even itself. */
static void mapped_entry_matches_itself(void **state)
{
  (void)state;
  /* Results are gathered first and the lists freed, so a failure reports only the bug. */
  struct an_cidr_list *l = parse_ok("::ffff:10.1.2.3");
  size_t count = an_cidr_count(l);
  bool self = an_cidr_contains(l, "::ffff:10.1.2.3");
  bool v4 = an_cidr_contains(l, "10.1.2.3");
  bool other = an_cidr_contains(l, "10.1.2.4");
  an_cidr_free(l);
  l = parse_ok("::ffff:10.0.0.0/104"); /* the mapped spelling of 10.0.0.0/8 */
  bool range_in = an_cidr_contains(l, "10.9.8.7");
  bool range_out = an_cidr_contains(l, "11.0.0.1");
  an_cidr_free(l);

  assert_int_equal(count, 1);
  assert_true(self);
  assert_true(v4);
  assert_false(other);
  assert_true(range_in);
  assert_false(range_out);
}

static void lists_and_spaces(void **state)
{
  (void)state;
  struct an_cidr_list *l = parse_ok("  10.0.0.0/8 ,192.168.0.0/16,   ::1  ,\t2001:db8::/32 ");
  assert_int_equal(an_cidr_count(l), 4);
  assert_true(an_cidr_contains(l, "10.20.30.40"));
  assert_true(an_cidr_contains(l, "192.168.100.1"));
  assert_true(an_cidr_contains(l, "::1"));
  assert_true(an_cidr_contains(l, "2001:db8:ffff::1"));
  assert_false(an_cidr_contains(l, "172.16.0.1"));
  assert_false(an_cidr_contains(l, "2001:db9::1"));
  an_cidr_free(l);

  /* Empty items between commas are skipped. */
  l = parse_ok(",10.0.0.1,,10.0.0.2,");
  assert_int_equal(an_cidr_count(l), 2);
  assert_true(an_cidr_contains(l, "10.0.0.2"));
  an_cidr_free(l);
}

static void non_members_and_bad_clients(void **state)
{
  (void)state;
  struct an_cidr_list *l = parse_ok("10.0.0.0/8, ::1");
  assert_false(an_cidr_contains(l, "8.8.8.8"));
  assert_false(an_cidr_contains(l, "::2"));
  assert_false(an_cidr_contains(l, ""));
  assert_false(an_cidr_contains(l, "not-an-ip"));
  assert_false(an_cidr_contains(l, "10.0.0.1/8"));
  assert_false(an_cidr_contains(l, " 10.0.0.1"));
  assert_false(an_cidr_contains(l, NULL));
  assert_false(an_cidr_contains(NULL, "10.0.0.1"));
  an_cidr_free(l);
}

static void bad_entries_refused(void **state)
{
  (void)state;
  expect_bad("10.0.0.0/33", "10.0.0.0/33");
  expect_bad("300.1.1.1", "300.1.1.1");
  expect_bad("abc", "abc");
  expect_bad("10.0.0.0/8, abc, ::1", "abc"); /* the bad one, not the first */
  expect_bad("::1/129", "::1/129");
  expect_bad("10.0.0.0/", "10.0.0.0/");
  expect_bad("10.0.0.0/-1", "10.0.0.0/-1");
  expect_bad("10.0.0.0/8x", "10.0.0.0/8x");
  expect_bad("10.0.0", "10.0.0");
  expect_bad("10.0.0.0 8", "10.0.0.0 8");
  expect_bad("1:2:3:4:5:6:7:8:9", "1:2:3:4:5:6:7:8:9");
  /* An entry too long for any address is refused, not truncated into a valid one. */
  char lng[200];
  memset(lng, '1', sizeof lng - 1);
  lng[sizeof lng - 1] = '\0';
  memcpy(lng, "10.0.0.1/8", 10);
  expect_bad(lng, "10.0.0.1/8");
}

static void empty_list(void **state)
{
  (void)state;
  static const char *empties[] = {"", "   ", ",", " , ,\t"};
  for (size_t i = 0; i < sizeof empties / sizeof empties[0]; i++) {
    struct an_cidr_list *l = parse_ok(empties[i]);
    assert_int_equal(an_cidr_count(l), 0);
    assert_false(an_cidr_contains(l, "127.0.0.1"));
    assert_false(an_cidr_contains(l, "::1"));
    assert_false(an_cidr_contains(l, "0.0.0.0"));
    an_cidr_free(l);
  }
  struct an_cidr_list *l = parse_ok(NULL);
  assert_int_equal(an_cidr_count(l), 0);
  an_cidr_free(l);
  assert_int_equal(an_cidr_count(NULL), 0);
  an_cidr_free(NULL);
}

int main(void)
{
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(ipv4_prefixes),
      cmocka_unit_test(bare_address_is_one_host),
      cmocka_unit_test(ipv6_prefix),
      cmocka_unit_test(mapped_client_matches_ipv4_range),
      cmocka_unit_test(mapped_entry_matches_itself),
      cmocka_unit_test(lists_and_spaces),
      cmocka_unit_test(non_members_and_bad_clients),
      cmocka_unit_test(bad_entries_refused),
      cmocka_unit_test(empty_list),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
