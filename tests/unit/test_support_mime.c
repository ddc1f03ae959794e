/* Unit tests for src/support/mime and the attachment type check (issue 13 item 2): a Japanese
 * mail in ISO-2022-JP with an RFC 2047 subject, HTML reduced to safe text, attachments found,
 * and content types decided by the bytes. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "support/attachments.h"
#include "support/mime.h"

static void iso_2022_jp(void **state)
{
  (void)state;
  /* 「お世話になっております」 in ISO-2022-JP, subject 「問い合わせ」 encoded per RFC 2047. */
  const char raw[] = "From: =?UTF-8?B?55Sw5Lit?= <Tanaka@Example.JP>\r\n"
                     "Subject: =?ISO-2022-JP?B?GyRCTGQkJDlnJG8kOxsoQg==?= [S-0123456789]\r\n"
                     "MIME-Version: 1.0\r\n"
                     "Content-Type: text/plain; charset=ISO-2022-JP\r\n"
                     "Content-Transfer-Encoding: 7bit\r\n"
                     "\r\n"
                     "\x1b$B$*@$OC$K$J$C$F$*$j$^$9\x1b(B\r\n";
  struct an_mail_in m;
  assert_true(an_mail_parse(raw, sizeof raw - 1, &m));
  assert_string_equal(m.from_addr, "tanaka@example.jp");
  assert_string_equal(m.from_name, "田中");
  assert_string_equal(m.subject, "問い合わせ [S-0123456789]");
  assert_non_null(strstr(m.text, "お世話になっております"));
  assert_int_equal(m.nparts, 0);
  an_mail_in_free(&m);
}

static void html_reduced(void **state)
{
  (void)state;
  const char html[] = "<html><head><title>t</title><style>p{x:y}</style></head><body>"
                      "<script>alert(1)</script><p>一行目</p><p>二<b>行</b>目</p>"
                      "<a href=\"javascript:evil()\">リンク</a><br>&lt;b&gt;</body></html>";
  char *t = an_html_to_text(html, strlen(html));
  assert_string_equal(t, "一行目\n二行目\nリンク\n<b>");
  free(t);
}

static void multipart_with_attachment(void **state)
{
  (void)state;
  const char raw[] = "From: a@example.jp\r\n"
                     "Subject: files\r\n"
                     "MIME-Version: 1.0\r\n"
                     "Content-Type: multipart/mixed; boundary=XX\r\n"
                     "\r\n"
                     "--XX\r\n"
                     "Content-Type: text/html; charset=UTF-8\r\n"
                     "\r\n"
                     "<p>本文</p>\r\n"
                     "--XX\r\n"
                     "Content-Type: application/pdf; name=a.pdf\r\n"
                     "Content-Disposition: attachment; filename=a.pdf\r\n"
                     "Content-Transfer-Encoding: base64\r\n"
                     "\r\n"
                     "JVBERi0xLjQK\r\n"
                     "--XX--\r\n";
  struct an_mail_in m;
  assert_true(an_mail_parse(raw, sizeof raw - 1, &m));
  assert_string_equal(m.text, "本文");
  assert_int_equal(m.nparts, 1);
  assert_string_equal(m.parts[0].filename, "a.pdf");
  assert_int_equal(m.parts[0].len, 9);
  assert_memory_equal(m.parts[0].data, "%PDF-1.4\n", 9);
  assert_string_equal(an_support_attachment_type(m.parts[0].content_type, m.parts[0].data, 9),
                      "application/pdf");
  an_mail_in_free(&m);
}

static void types_by_content(void **state)
{
  (void)state;
  assert_string_equal(an_support_attachment_type("image/png", "\x89PNG\r\n\x1a\nxx", 10),
                      "image/png");
  assert_string_equal(an_support_attachment_type("", "\xff\xd8\xff\xe0", 4), "image/jpeg");
  assert_string_equal(an_support_attachment_type("text/csv; charset=utf-8", "a,b\n", 4),
                      "text/csv");
  /* A declared type the bytes do not have, an executable, invalid UTF-8 text: refused. */
  assert_null(an_support_attachment_type("image/png", "%PDF-1.4", 8));
  assert_null(an_support_attachment_type("application/octet-stream", "MZ\x90\x00\x03", 5));
  assert_null(an_support_attachment_type("text/plain", "\xff\xfe\x00", 3));
  assert_null(an_support_attachment_type("text/html", "<p>x</p>", 8));
}

int main(void)
{
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(iso_2022_jp),
      cmocka_unit_test(html_reduced),
      cmocka_unit_test(multipart_with_attachment),
      cmocka_unit_test(types_by_content),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
