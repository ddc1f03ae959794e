/* Unit tests for src/notify and src/store/mail.c: templates (a placeholder without a value is
 * refused, not left empty), RFC 2047 subjects, base64 bodies, addresses, the message built for
 * the relay, the back-off, and the outbox's queue/claim/retry cycle over a real SQLite store. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <ftw.h>
#include <jansson.h>
#include <limits.h>
#include <sodium.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "audit/audit.h"
#include "core/config.h"
#include "core/ctx.h"
#include "core/email.h"
#include "core/messages.h"
#include "crypto/crypto.h"
#include "crypto/envelope.h"
#include "crypto/keys.h"
#include "notify/mail.h"
#include "notify/smtp.h"
#include "notify/templates.h"
#include "store/db.h"
#include "store/mail.h"
#include "store/migrate.h"
#include "store/seal.h"

extern char **environ;

#define NOW INT64_C(1795446245678000) /* 2026-11-23T15:04:05.678Z */
#define SEC INT64_C(1000000)

static struct {
  char dir[64];
  char oldcwd[PATH_MAX];
  struct an_config cfg;
  struct an_keys keys;
  struct an_db *db;
  struct an_ctx ctx;
} T = {.dir = "/tmp/anshin-test-mail-XXXXXX"};

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
  char err[512] = "", path[128];
  clear_anshin_env();
  assert_non_null(getcwd(T.oldcwd, sizeof T.oldcwd));
  assert_non_null(mkdtemp(T.dir));
  assert_int_equal(chdir(T.dir), 0);
  if (!an_config_load(&T.cfg, NULL, err, sizeof err))
    fail_msg("an_config_load: %s", err);
  snprintf(path, sizeof path, "%s/var/mail.db", T.dir);
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
  /* Mail is sealed under its tenant's key (store/seal.h), or the operator's: the keys as the
   * program registers them, and a data key for tenant 7 of the listing test. */
  an_store_seal_use(&T.keys);
  uint8_t dek[AN_DEK_LEN], wrapped[AN_WRAPPED_DEK_MAX];
  size_t wrapped_len = 0;
  assert_true(an_dek_new(&T.keys, dek, wrapped, &wrapped_len));
  assert_int_equal(an_store_key_put(T.db, 7, wrapped, wrapped_len), 1);
  T.ctx.cfg = &T.cfg;
  T.ctx.keys = &T.keys;
  T.ctx.now = NOW;
  T.ctx.subject = AN_SUBJECT_SYSTEM;
  snprintf(T.ctx.actor, sizeof T.ctx.actor, "test");
  snprintf(T.ctx.client_ip, sizeof T.ctx.client_ip, "local");
  snprintf(T.ctx.request_id, sizeof T.ctx.request_id, "req-mail");
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
  an_config_free(&T.cfg);
  an_keys_wipe(&T.keys);
  if (chdir(T.oldcwd) != 0)
    return -1;
  nftw(T.dir, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
  return 0;
}

/* ---- helpers ---- */

/* Decodes standard base64 (len characters) into a NUL-terminated string the caller frees. */
static char *b64_decode(const char *s, size_t len)
{
  char *out = calloc(1, len + 1);
  size_t n = 0;
  assert_int_equal(sodium_base642bin((unsigned char *)out, len, s, len, "\r\n", &n, NULL,
                                     sodium_base64_VARIANT_ORIGINAL),
                   0);
  out[n] = '\0';
  return out;
}

/* True when s is complete UTF-8: no sequence cut at either end. */
static bool whole_utf8(const char *s)
{
  size_t n = strlen(s);
  for (size_t i = 0; i < n;) {
    unsigned char c = (unsigned char)s[i];
    size_t len = c < 0x80             ? 1
                 : (c & 0xE0) == 0xC0 ? 2
                 : (c & 0xF0) == 0xE0 ? 3
                 : (c & 0xF8) == 0xF0 ? 4
                                      : 0;
    if (!len || i + len > n)
      return false;
    for (size_t k = 1; k < len; k++)
      if (((unsigned char)s[i + k] & 0xC0) != 0x80)
        return false;
    i += len;
  }
  return true;
}

/* Decodes a folded run of encoded-words, checking each one's form and length. */
static char *decode_subject(const char *v)
{
  char *all = calloc(1, 4096);
  const char *p = v;
  for (;;) {
    assert_int_equal(strncmp(p, "=?UTF-8?B?", 10), 0);
    const char *end = strstr(p + 10, "?=");
    assert_non_null(end);
    assert_true(end + 2 - p <= 75); /* RFC 2047: an encoded-word is at most 75 characters */
    char *part = b64_decode(p + 10, (size_t)(end - p - 10));
    assert_true(whole_utf8(part)); /* split only between characters */
    strcat(all, part);
    free(part);
    p = end + 2;
    if (!*p)
      break;
    assert_int_equal(strncmp(p, "\r\n ", 3), 0);
    p += 3;
  }
  return all;
}

/* ---- templates ---- */

static void render_substitutes(void **state)
{
  (void)state;
  json_t *v = json_pack("{s:s, s:i}", "name", "山田 太郎", "code", 123456);
  char missing[64] = "";
  char *s = an_msg_render_text("{{name}} 様 / code {{ code }} / {{ name }}", "ja", v, missing,
                               sizeof missing);
  assert_string_equal(s, "山田 太郎 様 / code 123456 / 山田 太郎");
  free(s);
  /* Not placeholders: copied as they are. */
  s = an_msg_render_text("a {{ b {{}} {{Bad}} {x} }} {{", "ja", v, missing, sizeof missing);
  assert_string_equal(s, "a {{ b {{}} {{Bad}} {x} }} {{");
  free(s);
  /* Values are not escaped or interpreted: plain text. */
  json_t *w = json_pack("{s:s}", "x", "<b>&{{code}}");
  s = an_msg_render_text("[{{x}}]", "ja", w, missing, sizeof missing);
  assert_string_equal(s, "[<b>&{{code}}]");
  free(s);
  json_decref(w);
  json_decref(v);
}

static void render_refuses_missing_values(void **state)
{
  (void)state;
  char missing[64] = "";
  json_t *v = json_pack("{s:s, s:n, s:{}}", "a", "x", "nothing", "obj");
  assert_null(an_msg_render_text("{{a}} {{code}}", "ja", v, missing, sizeof missing));
  assert_string_equal(missing, "code");
  assert_null(an_msg_render_text("{{nothing}}", "ja", v, missing, sizeof missing));
  assert_string_equal(missing, "nothing");
  assert_null(an_msg_render_text("{{obj}}", "ja", v, missing, sizeof missing));
  assert_null(an_msg_render_text("{{a}}", "ja", NULL, missing, sizeof missing));
  char *s = an_msg_render_text("no placeholders", "ja", NULL, missing, sizeof missing);
  assert_string_equal(s, "no placeholders");
  free(s);
  json_decref(v);
}

static void templates_render_in_both_languages(void **state)
{
  (void)state;
  static const char *const names[] = {"email_otp", "invitation",    "password_reset_notice",
                                      "test",      "welcome_admin", "password_link"};
  json_t *v = json_pack("{s:s, s:s, s:s, s:s, s:s, s:I, s:I}", "code", "246810", "company",
                        "株式会社テスト", "login_url", "https://anshin.example.jp/login", "login",
                        "taro", "company_code", "TEST01", "at", (json_int_t)1764046800000000,
                        "sent_at", (json_int_t)1764046800000000);
  /* What an_mail_queue adds or the link issuer passes (issue 10): the addressee, the link, its
   * expiry and the signature (the team's name until the operator enters its particulars). */
  json_object_set_new(v, "name", json_string("山田 太郎"));
  json_object_set_new(v, "set_url", json_string("https://anshin.example.jp/set-password#token=x"));
  json_object_set_new(v, "expires_at", json_integer(1764046800000000));
  for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
    for (int l = 0; l < 2; l++) {
      const char *lang = l ? "en" : "ja";
      json_object_set_new(v, "operator_signature",
                          json_string(an_msg_text("mail.signature.default", lang)));
      struct an_mail_tpl t;
      assert_true(an_mail_tpl_find(names[i], lang, &t));
      assert_string_equal(t.lang, lang);
      char missing[64] = "";
      char *subj = an_msg_render_text(t.subject, lang, v, missing, sizeof missing);
      char *body = an_msg_render_text(t.body, lang, v, missing, sizeof missing);
      if (!subj || !body)
        fail_msg("%s/%s: no value for {{%s}}", names[i], lang, missing);
      assert_null(strpbrk(subj, "\r\n"));
      assert_null(strstr(body, "{{"));
      assert_non_null(strstr(body, l ? "The anshin operations team" : "anshin 運営事務局"));
      free(subj);
      free(body);
    }
  }
  char missing[64];
  struct an_mail_tpl t;
  assert_true(an_mail_tpl_find("email_otp", "ja", &t));
  char *otp = an_msg_render_text(t.body, t.lang, v, missing, 64);
  assert_non_null(strstr(otp, "246810"));
  assert_non_null(strstr(otp, "10 分"));
  free(otp);
  assert_true(an_mail_tpl_find("email_otp", "en", &t));
  otp = an_msg_render_text(t.body, t.lang, v, missing, 64);
  assert_non_null(strstr(otp, "10 minutes"));
  free(otp);
  json_decref(v);
  /* Unknown language: Japanese. Unknown template: none. */
  assert_true(an_mail_tpl_find("test", "fr", &t));
  assert_string_equal(t.lang, "ja");
  assert_true(an_mail_tpl_find("test", NULL, &t));
  assert_string_equal(t.lang, "ja");
  assert_true(an_mail_tpl_find("test", "ja", &t));
  assert_string_equal(t.subject, "anshin からのテストメール");
  assert_true(an_mail_tpl_find("test", "en", &t));
  assert_string_equal(t.subject, "Test message from anshin");
  assert_false(an_mail_tpl_find("no_such_template", "ja", &t));
  assert_false(an_mail_tpl_find(NULL, "ja", &t));
}

/* ---- message format ---- */

static void subject_is_rfc2047(void **state)
{
  (void)state;
  char *e = an_smtp_encode_subject("anshin からのテストメール");
  assert_string_equal(e, "=?UTF-8?B?YW5zaGluIOOBi+OCieOBruODhuOCueODiOODoeODvOODqw==?=");
  free(e);
  e = an_smtp_encode_subject("");
  assert_string_equal(e, "=?UTF-8?B?"
                         "?=");
  free(e);
  /* Long subjects fold into several words, none cutting a character. */
  char longer[1024] = "";
  for (int i = 0; i < 40; i++)
    strcat(longer, i % 3 ? "確認" : "a");
  e = an_smtp_encode_subject(longer);
  assert_non_null(strstr(e, "\r\n "));
  const char *line = e, *nl;
  size_t first = 1;
  while ((nl = strstr(line, "\r\n")) || *line) {
    size_t len = nl ? (size_t)(nl - line) : strlen(line);
    assert_true(len + (first ? strlen("Subject: ") : 0) <= 76);
    first = 0;
    if (!nl)
      break;
    line = nl + 2;
  }
  char *back = decode_subject(e);
  assert_string_equal(back, longer);
  free(back);
  free(e);
}

static void body_is_base64_in_76_columns(void **state)
{
  (void)state;
  char text[4096] = "";
  for (int i = 0; i < 30; i++)
    strcat(text, "お知らせ本文の行です。line\n");
  strcat(text, "CRLF\r\nlone CR\rend");
  char *b = an_smtp_body_base64(text);
  size_t n = strlen(b);
  assert_true(n > 2 && strcmp(b + n - 2, "\r\n") == 0);
  for (const char *p = b; *p;) {
    const char *nl = strstr(p, "\r\n");
    assert_non_null(nl);
    size_t len = (size_t)(nl - p);
    assert_true(len <= 76);
    if (nl[2])
      assert_int_equal(len, 76); /* only the last line is short */
    p = nl + 2;
  }
  char *dec = b64_decode(b, n);
  assert_non_null(strstr(dec, "お知らせ本文の行です。line\r\nお知らせ"));
  assert_non_null(strstr(dec, "CRLF\r\nlone CR\r\nend"));
  assert_null(strstr(dec, "\r\r"));
  for (const char *p = dec; (p = strchr(p, '\n')); p++)
    assert_int_equal(p[-1], '\r'); /* every line ends in CRLF */
  free(dec);
  free(b);
  b = an_smtp_body_base64("");
  assert_string_equal(b, "");
  free(b);
}

static void addresses(void **state)
{
  (void)state;
  static const char *const good[] = {"taro@example.jp", "a@b.c", "first.last+tag@sub.example.co.jp",
                                     "admin@localhost", "o'brien@example.ie"};
  static const char *const bad[] = {
      "",        "no-at",   "@example.jp", "a@",       "a@b@c",  "a b@c.jp",  "a@b.c\r\nBcc: x@y.z",
      "a@b.c\n", "<a@b.c>", "\"q\"@b.c",   "a,b@c.jp", "a@b.c;", "tab\t@b.c", "a@b.c\x7f"};
  for (size_t i = 0; i < sizeof good / sizeof good[0]; i++)
    assert_true(an_email_valid(good[i]));
  for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
    if (an_email_valid(bad[i]))
      fail_msg("accepted \"%s\"", bad[i]);
  assert_false(an_email_valid(NULL));
  char addr[300];
  memset(addr, 'x', sizeof addr);
  memcpy(addr + 64, "@b.jp", 6); /* 64-byte local part: fine */
  assert_true(an_email_valid(addr));
  memset(addr, 'x', sizeof addr);
  memcpy(addr + 65, "@b.jp", 6); /* 65: too long */
  assert_false(an_email_valid(addr));
  memset(addr, 'x', sizeof addr);
  addr[10] = '@';
  addr[254] = '\0'; /* 254 bytes in all: fine */
  assert_true(an_email_valid(addr));
  addr[254] = 'x';
  addr[255] = '\0';
  assert_false(an_email_valid(addr));
}

static void from_header_parsing(void **state)
{
  (void)state;
  char name[64], addr[64];
  assert_true(an_smtp_parse_from("anshin <no-reply@anshin.localhost>", name, 64, addr, 64));
  assert_string_equal(name, "anshin");
  assert_string_equal(addr, "no-reply@anshin.localhost");
  assert_true(an_smtp_parse_from(" \"anshin 運営事務局\" < ops@example.jp > ", name, 64, addr, 64));
  assert_string_equal(name, "anshin 運営事務局");
  assert_string_equal(addr, "ops@example.jp");
  assert_true(an_smtp_parse_from("ops@example.jp", name, 64, addr, 64));
  assert_string_equal(name, "");
  assert_string_equal(addr, "ops@example.jp");
  assert_false(an_smtp_parse_from("anshin", name, 64, addr, 64));
  assert_false(an_smtp_parse_from("a <ops@example.jp", name, 64, addr, 64));
  assert_false(an_smtp_parse_from("a <ops@example.jp> x", name, 64, addr, 64));
  assert_false(an_smtp_parse_from("a <ops@example.jp>\r\nBcc: x@y.z", name, 64, addr, 64));
  assert_false(an_smtp_parse_from(NULL, name, 64, addr, 64));
}

static void date_is_rfc5322_in_jst(void **state)
{
  (void)state;
  char d[64];
  an_smtp_date(NOW, d, sizeof d);
  assert_string_equal(d, "Tue, 24 Nov 2026 00:04:05 +0900");
}

static void message_headers(void **state)
{
  (void)state;
  char *m =
      an_smtp_build("\"運営\" <ops@mail.example.jp>", "taro@example.jp", "件名", "本文\n", NOW);
  assert_non_null(m);
  const char *body = strstr(m, "\r\n\r\n");
  assert_non_null(body);
  assert_int_equal(strncmp(m, "Date: Tue, 24 Nov 2026 00:04:05 +0900\r\n", 39), 0);
  assert_non_null(strstr(m, "\r\nFrom: =?UTF-8?B?6YGL5Za2?= <ops@mail.example.jp>\r\n"));
  assert_non_null(strstr(m, "\r\nTo: taro@example.jp\r\n"));
  assert_non_null(strstr(m, "\r\nSubject: =?UTF-8?B?5Lu25ZCN?=\r\n"));
  assert_non_null(strstr(m, "\r\nMIME-Version: 1.0\r\n"));
  assert_non_null(strstr(m, "\r\nContent-Type: text/plain; charset=UTF-8\r\n"));
  assert_non_null(strstr(m, "\r\nContent-Transfer-Encoding: base64\r\n"));
  const char *mid = strstr(m, "\r\nMessage-ID: <");
  assert_non_null(mid);
  assert_int_equal(strncmp(mid + 15 + 32, "@mail.example.jp>\r\n", 19), 0);
  assert_string_equal(body + 4, "5pys5paHDQo=\r\n"); /* "本文\r\n" */
  for (const unsigned char *p = (const unsigned char *)m; *p; p++)
    assert_true(*p < 0x80); /* 7-bit clean */
  free(m);
  /* A plain ASCII name with specials is quoted; a bare address gets the name "anshin". */
  m = an_smtp_build("Ops, \"Tokyo\" <ops@example.jp>", "a@b.c", "s", "", NOW);
  assert_non_null(strstr(m, "\r\nFrom: \"Ops, \\\"Tokyo\\\"\" <ops@example.jp>\r\n"));
  free(m);
  m = an_smtp_build("ops@example.jp", "a@b.c", "s", "", NOW);
  assert_non_null(strstr(m, "\r\nFrom: anshin <ops@example.jp>\r\n"));
  free(m);
  assert_null(an_smtp_build("not an address", "a@b.c", "s", "", NOW));
}

/* CHK-17: a mail with a file is multipart/mixed, the text first, the file in base64 with its
 * Japanese name RFC 2231 encoded; the message stays 7-bit clean. */
static void message_with_a_file(void **state)
{
  (void)state;
  const unsigned char pdf[] = "%PDF-1.4 test";
  struct an_mime_file f = {"証明書.pdf", "application/pdf", pdf, sizeof pdf - 1};
  char *m = an_smtp_build_with("ops@example.jp", "a@b.c", "s", "本文\n", &f, 1, NOW);
  assert_non_null(m);
  assert_non_null(strstr(m, "\r\nMIME-Version: 1.0\r\n"));
  assert_non_null(strstr(m, "Content-Type: multipart/mixed; boundary="));
  const char *text = strstr(m, "Content-Type: text/plain; charset=UTF-8");
  const char *file = strstr(m, "Content-Type: application/pdf");
  assert_non_null(text);
  assert_non_null(file);
  assert_true(text < file);
  assert_non_null(strstr(m, "5pys5paHDQo="));         /* "本文\r\n" */
  assert_non_null(strstr(m, "JVBERi0xLjQgdGVzdA==")); /* the file's bytes */
  assert_non_null(strstr(m, "filename*=UTF-8''%E8%A8%BC%E6%98%8E%E6%9B%B8.pdf"));
  for (const unsigned char *p = (const unsigned char *)m; *p; p++)
    assert_true(*p < 0x80);
  free(m);
  /* No file: exactly the single-part message. */
  m = an_smtp_build_with("ops@example.jp", "a@b.c", "s", "x", NULL, 0, NOW);
  assert_non_null(strstr(m, "\r\nContent-Type: text/plain; charset=UTF-8\r\n"));
  assert_null(strstr(m, "multipart"));
  free(m);
  f.content_type = "pdf";
  assert_null(an_smtp_build_with("ops@example.jp", "a@b.c", "s", "x", &f, 1, NOW));
}

static void backoff_doubles_up_to_an_hour(void **state)
{
  (void)state;
  assert_int_equal(an_mail_backoff_us(0), 0);
  assert_int_equal(an_mail_backoff_us(1), 60 * SEC);
  assert_int_equal(an_mail_backoff_us(2), 120 * SEC);
  assert_int_equal(an_mail_backoff_us(3), 240 * SEC);
  assert_int_equal(an_mail_backoff_us(6), 1920 * SEC);
  assert_int_equal(an_mail_backoff_us(7), 3600 * SEC);
  assert_int_equal(an_mail_backoff_us(8), 3600 * SEC);
  assert_int_equal(an_mail_backoff_us(1000), 3600 * SEC);
}

/* ---- the outbox ---- */

struct claimed {
  int n;
  int64_t ids[64];
  int64_t attempts[64];
  char status[16];
};

static void claimed_cb(void *cls, const struct an_mail *m)
{
  struct claimed *c = cls;
  c->ids[c->n] = m->id;
  c->attempts[c->n] = m->attempts;
  snprintf(c->status, sizeof c->status, "%s", m->status);
  c->n++;
}

static int64_t queue(const char *to)
{
  json_t *v = json_pack("{s:I}", "sent_at", (json_int_t)T.ctx.now);
  int64_t id = 0;
  assert_int_equal(an_mail_queue_id(&T.ctx, T.db, to, "test", "ja", v, &id), 1);
  json_decref(v);
  assert_true(id > 0);
  return id;
}

static struct claimed claim(const char *who, int64_t now, int64_t limit)
{
  struct claimed c = {0};
  int rc = an_store_mail_claim(T.db, who, now + 900 * SEC, now, limit, claimed_cb, &c);
  assert_int_equal(rc, c.n);
  return c;
}

static void count_cb(void *cls, const struct an_db_row *row)
{
  *(int64_t *)cls = an_db_row_int(row, 0);
}

static int64_t count(const char *sql)
{
  int64_t n = -1;
  assert_true(an_db_query(T.db, sql, NULL, 0, count_cb, &n) >= 0);
  return n;
}

static void queue_refuses_bad_input(void **state)
{
  (void)state;
  static const char SQL[] = "SELECT COUNT(*) FROM mail_outbox";
  int64_t before = count(SQL);
  json_t *v = json_pack("{s:s, s:s, s:s, s:s}", "company", "A\r\nBcc: evil@example.com",
                        "login_url", "u", "login", "l", "company_code", "c");
  assert_int_equal(an_mail_queue(&T.ctx, T.db, "a@b.c\r\nBcc: x@y.z", "test", "ja", v),
                   AN_MAIL_REFUSED);
  assert_int_equal(an_mail_queue(&T.ctx, T.db, "a@b.c", "no_such", "ja", v), AN_MAIL_REFUSED);
  assert_int_equal(an_mail_queue(&T.ctx, T.db, "a@b.c", "email_otp", "ja", v), AN_MAIL_REFUSED);
  /* A value with CR/LF would inject a header through the subject. */
  assert_int_equal(an_mail_queue(&T.ctx, T.db, "a@b.c", "invitation", "ja", v), AN_MAIL_REFUSED);
  json_decref(v);
  assert_int_equal(count(SQL), before);
}

static int queue_then_roll_back(struct an_db *db, void *cls)
{
  (void)cls;
  json_t *v = json_pack("{s:s, s:s}", "code", "111111", "name", "Taro Yamada");
  int rc = an_mail_queue(&T.ctx, db, "rollback@example.jp", "email_otp", "en", v);
  json_decref(v);
  assert_int_equal(rc, 1);
  return AN_DB_ROLLBACK; /* the caller's change fails: the mail must go with it */
}

static void queue_joins_the_callers_transaction(void **state)
{
  (void)state;
  /* Every row: the address is sealed, so no row could be found by it. */
  static const char SQL[] = "SELECT COUNT(*) FROM mail_outbox";
  static const char SQL_AUDIT[] = "SELECT COUNT(*) FROM audit_events WHERE action = 'mail.queue'";
  int64_t events = count(SQL_AUDIT), mails = count(SQL);
  assert_int_equal(an_db_txn(T.db, queue_then_roll_back, NULL), AN_DB_ROLLBACK);
  assert_int_equal(count(SQL), mails);
  assert_int_equal(count(SQL_AUDIT), events);
  queue("audited@example.jp");
  assert_int_equal(count(SQL_AUDIT), events + 1);
}

static void claim_retry_and_takeover(void **state)
{
  (void)state;
  /* Start from an empty outbox. */
  static const char SQL_CLEAR_D[] = "DELETE FROM mail_deliveries";
  static const char SQL_CLEAR[] = "DELETE FROM mail_outbox";
  assert_true(an_db_query(T.db, SQL_CLEAR_D, NULL, 0, NULL, NULL) >= 0);
  assert_true(an_db_query(T.db, SQL_CLEAR, NULL, 0, NULL, NULL) >= 0);
  int64_t id = queue("retry@example.jp");
  int64_t queued = 0;
  assert_int_equal(an_store_mail_count_queued(T.db, &queued), 1);
  assert_int_equal(queued, 1);

  /* Not due before its time; claimed once; a second claimer gets nothing. */
  assert_int_equal(claim("A", NOW - 1, 20).n, 0);
  struct claimed c = claim("A", NOW, 20);
  assert_int_equal(c.n, 1);
  assert_int_equal(c.ids[0], id);
  assert_int_equal(c.attempts[0], 1);
  assert_string_equal(c.status, "sending");
  assert_int_equal(claim("B", NOW + SEC, 20).n, 0);

  /* A failed attempt: queued again, due after the back-off. Only the holder may record it. */
  assert_int_equal(an_store_mail_delivery_insert(T.db, id, 1, NOW, "retry", "connection refused"),
                   1);
  assert_int_equal(an_store_mail_mark_retry(T.db, id, "B", NOW + 60 * SEC, "x", false), 0);
  assert_int_equal(an_store_mail_mark_retry(T.db, id, "A", NOW + 60 * SEC, "refused", false), 1);
  assert_int_equal(claim("B", NOW + 59 * SEC, 20).n, 0);
  c = claim("B", NOW + 60 * SEC, 20);
  assert_int_equal(c.n, 1);
  assert_int_equal(c.attempts[0], 2);

  /* B dies: after its lease, C takes the message over; B's late result no longer counts. */
  int64_t later = NOW + 60 * SEC + 901 * SEC;
  assert_int_equal(claim("C", later - 2 * SEC, 20).n, 0);
  c = claim("C", later, 20);
  assert_int_equal(c.n, 1);
  assert_int_equal(c.attempts[0], 3);
  assert_int_equal(an_store_mail_release(T.db, id, "B"), 0);
  assert_int_equal(an_store_mail_mark_sent(T.db, id, "B", later), 0);
  assert_int_equal(an_store_mail_mark_sent(T.db, id, "C", later), 1);
  assert_int_equal(claim("D", later + 10000 * SEC, 20).n, 0);
  assert_int_equal(an_store_mail_count_queued(T.db, &queued), 1);
  assert_int_equal(queued, 0);
}

static void release_gives_the_attempt_back(void **state)
{
  (void)state;
  int64_t id = queue("release@example.jp");
  struct claimed c = claim("A", NOW, 20);
  assert_int_equal(c.n, 1);
  assert_int_equal(c.attempts[0], 1);
  assert_int_equal(an_store_mail_release(T.db, id, "B"), 0);
  assert_int_equal(an_store_mail_release(T.db, id, "A"), 1);
  c = claim("B", NOW, 20);
  assert_int_equal(c.n, 1);
  assert_int_equal(c.ids[0], id);
  assert_int_equal(c.attempts[0], 1);
  assert_int_equal(an_store_mail_mark_sent(T.db, id, "B", NOW), 1);
}

static void stale_claims_fail_after_the_last_attempt(void **state)
{
  (void)state;
  int64_t id = queue("crash@example.jp");
  int64_t t = NOW;
  for (int i = 1; i <= AN_MAIL_MAX_ATTEMPTS; i++) {
    assert_int_equal(an_store_mail_fail_stale(T.db, t, AN_MAIL_MAX_ATTEMPTS, "stopped"), 0);
    struct claimed c = claim("crashing", t, 20);
    assert_int_equal(c.n, 1);
    assert_int_equal(c.attempts[0], i);
    t += 901 * SEC; /* the sender crashes every time: the lease runs out */
  }
  assert_int_equal(an_store_mail_fail_stale(T.db, t, AN_MAIL_MAX_ATTEMPTS, "stopped"), 1);
  assert_int_equal(claim("next", t, 20).n, 0);
  static const char SQL[] =
      "SELECT COUNT(*) FROM mail_outbox WHERE status = 'failed' AND last_error = 'stopped'";
  assert_int_equal(count(SQL), 1);
  (void)id;
}

static void claims_are_batched_and_disjoint(void **state)
{
  (void)state;
  for (int i = 0; i < 30; i++)
    queue("batch@example.jp");
  char err[512];
  struct an_db *other = an_db_open(&T.cfg, err, sizeof err);
  assert_non_null(other);
  struct claimed a = claim("A", NOW, 20);
  struct claimed b = {0};
  assert_int_equal(an_store_mail_claim(other, "B", NOW + 900 * SEC, NOW, 20, claimed_cb, &b), 10);
  assert_int_equal(a.n, 20);
  for (int i = 0; i < a.n; i++)
    for (int k = 0; k < b.n; k++)
      assert_true(a.ids[i] != b.ids[k]);
  an_db_close(other);
}

struct listed {
  int n;
  int64_t ids[8];
};

static void listed_cb(void *cls, const struct an_mail *m)
{
  struct listed *l = cls;
  if (l->n < 8)
    l->ids[l->n] = m->id;
  l->n++;
}

static void list_newest_first_by_tenant(void **state)
{
  (void)state;
  T.ctx.tenant_id = 7;
  int64_t a = queue("t7a@example.jp"), b = queue("t7b@example.jp");
  T.ctx.tenant_id = 0;
  int64_t c = queue("staff@example.jp");
  struct listed l = {0};
  assert_int_equal(an_store_mail_list(T.db, 7, 10, INT64_MAX, listed_cb, &l), 2);
  assert_int_equal(l.ids[0], b);
  assert_int_equal(l.ids[1], a);
  l = (struct listed){0};
  assert_int_equal(an_store_mail_list_all(T.db, 2, INT64_MAX, listed_cb, &l), 2);
  assert_int_equal(l.ids[0], c);
  assert_int_equal(l.ids[1], b);
  /* Keyset pages (issue 20): the page after c starts below c's id. */
  l = (struct listed){0};
  assert_int_equal(an_store_mail_list_all(T.db, 1, c, listed_cb, &l), 1);
  assert_int_equal(l.ids[0], b);
  l = (struct listed){0};
  assert_int_equal(an_store_mail_list(T.db, 7, 10, b, listed_cb, &l), 1);
  assert_int_equal(l.ids[0], a);
  assert_int_equal(an_store_mail_list(T.db, 99, 10, INT64_MAX, listed_cb, &l), 0);
  assert_int_equal(an_store_mail_get(T.db, 999999, listed_cb, &l), 0);
}

int main(void)
{
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(render_substitutes),
      cmocka_unit_test(render_refuses_missing_values),
      cmocka_unit_test(templates_render_in_both_languages),
      cmocka_unit_test(subject_is_rfc2047),
      cmocka_unit_test(body_is_base64_in_76_columns),
      cmocka_unit_test(addresses),
      cmocka_unit_test(from_header_parsing),
      cmocka_unit_test(date_is_rfc5322_in_jst),
      cmocka_unit_test(message_headers),
      cmocka_unit_test(message_with_a_file),
      cmocka_unit_test(backoff_doubles_up_to_an_hour),
      cmocka_unit_test(queue_refuses_bad_input),
      cmocka_unit_test(queue_joins_the_callers_transaction),
      cmocka_unit_test(claim_retry_and_takeover),
      cmocka_unit_test(release_gives_the_attempt_back),
      cmocka_unit_test(stale_claims_fail_after_the_last_attempt),
      cmocka_unit_test(claims_are_batched_and_disjoint),
      cmocka_unit_test(list_newest_first_by_tenant),
  };
  return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
