/* Fuzz target: mail templates with hostile values (src/notify/templates.c), the address check
 * that guards the outbox (src/notify/mail.c) and the message builder (src/notify/smtp.c).
 * Input: a selector NUL a template text NUL the values of the placeholders NUL the To address NUL
 * the [mail] from value. The selector's first byte picks a template and a language.
 *
 * Checks, beyond memory safety: a template renders whenever every placeholder has a value, and
 * each value appears as given (never expanded again); a value is never lost or reinterpreted;
 * when the outbox would accept the mail (valid address, no CR or LF in the subject) the built
 * message has only well-formed header lines (no injected header), the decoded Subject is the
 * subject, encoded words never split a character, and the decoded body is the rendered body with
 * CRLF line ends. */
#include <sodium.h>
#include <string.h>

#include "fuzz.h"
#include "notify/mail.h"
#include "notify/smtp.h"
#include "core/email.h"
#include "core/messages.h"
#include "notify/templates.h"

static const char *const TEMPLATES[] = {"email_otp", "invitation", "notice", "application_confirm",
                                        "password_reset_notice", "test", "unknown",
                                        "welcome_admin", "password_link"};
static const char *const VARS[] = {"addressee", "at",    "body",    "code",  "company_code",
                                   "company",   "login", "login_url", "sent_at", "title", "name",
                                   "operator_signature", "set_url", "expires_at"};
#define NVARS (sizeof VARS / sizeof VARS[0])

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerInitialize(int *argc, char ***argv)
{
  (void)argc;
  (void)argv;
  if (sodium_init() < 0)
    abort();
  return 0;
}

/* Structurally valid UTF-8: lead bytes followed by the right number of continuation bytes. */
static bool utf8_ok(const unsigned char *s, size_t n)
{
  for (size_t i = 0; i < n;) {
    unsigned c = s[i];
    size_t k;
    if (c < 0x80)
      k = 0;
    else if ((c & 0xE0) == 0xC0)
      k = 1;
    else if ((c & 0xF0) == 0xE0)
      k = 2;
    else if ((c & 0xF8) == 0xF0)
      k = 3;
    else
      return false;
    if (k > n - i - 1)
      return false;
    for (size_t j = 1; j <= k; j++)
      if ((s[i + j] & 0xC0) != 0x80)
        return false;
    i += k + 1;
  }
  return true;
}

static char *b64_decode(const char *s, size_t n, size_t *len)
{
  char *out = malloc(n + 1);
  if (!out)
    abort();
  FUZZ_CHECK(sodium_base642bin((unsigned char *)out, n + 1, s, n, NULL, len, NULL,
                               sodium_base64_VARIANT_ORIGINAL) == 0);
  out[*len] = '\0';
  return out;
}

/* The Subject header's value decoded: its encoded words, concatenated. */
static void check_subject(const char *v, size_t n, const char *subject)
{
  struct an_buf got = {0};
  bool subject_utf8 = utf8_ok((const unsigned char *)subject, strlen(subject));
  const char *p = v, *end = v + n;
  while (p < end) {
    if (p != v) {
      FUZZ_CHECK(end - p >= 3 && memcmp(p, "\r\n ", 3) == 0);
      p += 3;
    }
    FUZZ_CHECK(end - p >= 12 && memcmp(p, "=?UTF-8?B?", 10) == 0);
    const char *w = p + 10, *close = strstr(w, "?=");
    FUZZ_CHECK(close && close < end);
    FUZZ_CHECK(close - p + 9 <= 76); /* "Subject: " plus one word fits a line */
    size_t len;
    char *raw = b64_decode(w, (size_t)(close - w), &len);
    if (subject_utf8)
      FUZZ_CHECK(utf8_ok((const unsigned char *)raw, len)); /* no character split */
    an_buf_append(&got, raw, len);
    free(raw);
    p = close + 2;
  }
  FUZZ_CHECK(strcmp(got.data ? got.data : "", subject) == 0);
  an_buf_free(&got);
}

static void check_body(const char *b64, const char *body)
{
  struct an_buf joined = {0}, want = {0};
  for (const char *p = b64; *p;) {
    const char *eol = strstr(p, "\r\n");
    FUZZ_CHECK(eol && eol - p <= 76);
    for (const char *q = p; q < eol; q++)
      FUZZ_CHECK(strchr("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=", *q));
    an_buf_append(&joined, p, (size_t)(eol - p));
    p = eol + 2;
  }
  for (const char *p = body; *p; p++) {
    if (*p == '\r' && p[1] == '\n')
      continue;
    if (*p == '\r' || *p == '\n')
      an_buf_puts(&want, "\r\n");
    else
      an_buf_append(&want, p, 1);
  }
  size_t len;
  char *raw = b64_decode(joined.data ? joined.data : "", joined.len, &len);
  FUZZ_CHECK(len == want.len && memcmp(raw, want.data ? want.data : "", len) == 0);
  free(raw);
  an_buf_free(&joined);
  an_buf_free(&want);
}

static void check_message(const char *msg, const char *subject, const char *body)
{
  static const char *const NAMES[] = {"Date: ",         "From: ",         "To: ",
                                      "Subject: ",      "Message-ID: ",   "MIME-Version: ",
                                      "Content-Type: ", "Content-Transfer-Encoding: ",
                                      "Auto-Submitted: "};
  const char *sep = strstr(msg, "\r\n\r\n");
  FUZZ_CHECK(sep != NULL);
  bool seen[sizeof NAMES / sizeof NAMES[0]] = {false};
  for (const char *p = msg; p < sep + 2;) {
    const char *eol = strstr(p, "\r\n");
    FUZZ_CHECK(eol && eol <= sep);
    for (const char *q = p; q < eol; q++)
      FUZZ_CHECK(*q != '\r' && *q != '\n' && *q != '\0');
    size_t k = 0;
    while (k < sizeof NAMES / sizeof NAMES[0] && strncmp(p, NAMES[k], strlen(NAMES[k])) != 0)
      k++;
    FUZZ_CHECK(k < sizeof NAMES / sizeof NAMES[0]); /* a known header, never an injected one */
    FUZZ_CHECK(!seen[k]);
    seen[k] = true;
    const char *value = p + strlen(NAMES[k]), *vend = eol;
    /* Folded continuation lines (CRLF SP) belong to this header. */
    while (vend + 2 < sep + 2 && vend[2] == ' ') {
      const char *next = strstr(vend + 2, "\r\n");
      FUZZ_CHECK(next && next <= sep);
      vend = next;
    }
    if (strcmp(NAMES[k], "Subject: ") == 0)
      check_subject(value, (size_t)(vend - value), subject);
    p = vend + 2;
  }
  for (size_t k = 0; k < sizeof NAMES / sizeof NAMES[0]; k++)
    FUZZ_CHECK(seen[k]);
  check_body(sep + 4, body);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
  const char *f[4 + NVARS];
  char *buf = fuzz_fields(data, size, f, 4 + NVARS);
  unsigned sel = (unsigned char)f[0][0];
  const char *tname = TEMPLATES[sel % (sizeof TEMPLATES / sizeof TEMPLATES[0])];
  const char *lang = sel & 0x80 ? "en" : "ja";
  const char *text = f[1], *to = f[2], *from = f[3][0] ? f[3] : "anshin <no-reply@anshin.localhost>";

  json_t *vars = json_object();
  for (size_t i = 0; i < NVARS; i++) {
    const char *v = f[4 + i];
    /* A value starting with '#' is passed as an integer, as some callers do. */
    json_t *jv = v[0] == '#' ? json_integer(strtoll(v + 1, NULL, 10)) : json_string(v);
    if (jv) /* json_string refuses text that is not UTF-8: such a value is simply absent */
      json_object_set_new(vars, VARS[i], jv);
  }

  /* Any text as a template: renders or names a missing placeholder. */
  char missing[64] = "";
  char *any = an_msg_render_text(text, lang, vars, missing, sizeof missing);
  FUZZ_CHECK(any || missing[0]);
  free(any);

  struct an_mail_tpl tpl;
  const struct an_mail_tpl *t = an_mail_tpl_find(tname, lang, &tpl) ? &tpl : NULL;
  if (t) {
    char *subject = an_msg_render_text(t->subject, lang, vars, missing, sizeof missing);
    char *body = an_msg_render_text(t->body, lang, vars, missing, sizeof missing);
    for (size_t i = 0; i < NVARS; i++) {
      char ph[40];
      snprintf(ph, sizeof ph, "{{%s}}", VARS[i]);
      json_t *jv = json_object_get(vars, VARS[i]);
      if (json_is_string(jv) && subject && strstr(t->subject, ph))
        FUZZ_CHECK(strstr(subject, json_string_value(jv)) != NULL);
      if (json_is_string(jv) && body && strstr(t->body, ph))
        FUZZ_CHECK(strstr(body, json_string_value(jv)) != NULL);
    }
    /* The outbox's gate (an_mail_queue_id), then the message the sender would build. */
    if (subject && body && an_email_valid(to) && !strpbrk(subject, "\r\n")) {
      char *msg = an_smtp_build(from, to, subject, body, 1767225600LL * 1000000);
      if (msg)
        check_message(msg, subject, body);
      free(msg);
    }
    free(subject);
    free(body);
  }
  json_decref(vars);
  free(buf);
  return 0;
}
