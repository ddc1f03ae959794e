/* Unit tests for an_reply_disposition (src/http/reply.c): the Content-Disposition of every
 * download, with an ASCII fallback and RFC 6266 filename*=UTF-8'' for a Japanese file name, so a
 * name is never cut or broken by a fixed buffer nor able to end the quoted string early. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdbool.h>
#include <string.h>

#include "core/buf.h"
#include "http/reply.h"

static void expect(const char *filename, const char *want)
{
  struct an_buf b = {0};
  an_reply_disposition(&b, filename);
  assert_string_equal(b.data, want);
  an_buf_free(&b);
}

static void ascii_name(void **state)
{
  (void)state;
  expect("export-12.zip", "attachment; filename=\"export-12.zip\"");
  expect(NULL, "attachment");
  expect("", "attachment");
}

static void japanese_name(void **state)
{
  (void)state;
  /* 消去証明書.pdf: five characters of three bytes each, one '_' each in the fallback. */
  expect("消去証明書-7.pdf", "attachment; filename=\"_____-7.pdf\"; filename*=UTF-8''"
                             "%E6%B6%88%E5%8E%BB%E8%A8%BC%E6%98%8E%E6%9B%B8-7.pdf");
}

static void quote_and_controls(void **state)
{
  (void)state;
  expect("a\"b\\c\r\nd e.csv",
         "attachment; filename=\"a_b_c__d e.csv\"; filename*=UTF-8''a%22b%5Cc%0D%0Ad%20e.csv");
}

static void long_name(void **state)
{
  (void)state;
  /* Longer than the 160-byte buffers the handlers used to format into. */
  char name[400];
  for (int i = 0; i < 399; i++)
    name[i] = "あ"[i % 3];
  name[399] = '\0';
  struct an_buf b = {0};
  an_reply_disposition(&b, name);
  assert_true(b.len > 399 * 3);
  assert_non_null(strstr(b.data, "filename*=UTF-8''%E3%81%82"));
  assert_string_equal(b.data + b.len - 9, "%E3%81%82");
  an_buf_free(&b);
}

int main(void)
{
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(ascii_name),
      cmocka_unit_test(japanese_name),
      cmocka_unit_test(quote_and_controls),
      cmocka_unit_test(long_name),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
