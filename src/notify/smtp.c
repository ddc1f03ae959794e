#include "notify/smtp.h"

#include <curl/curl.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/alloc.h"
#include "core/buf.h"
#include "core/time.h"
#include "crypto/token.h"

/* Raw bytes per encoded-word: 39 bytes are 52 base64 characters, so "Subject: " plus one word
 * stays under 76 columns. */
#define WORD_BYTES 39
#define LINE_COLS 76

static void trim(const char **s, const char **e)
{
  while (*s < *e && (**s == ' ' || **s == '\t'))
    (*s)++;
  while (*e > *s && ((*e)[-1] == ' ' || (*e)[-1] == '\t'))
    (*e)--;
}

static bool copy_part(const char *s, const char *e, char *out, size_t n)
{
  if ((size_t)(e - s) >= n)
    return false;
  memcpy(out, s, (size_t)(e - s));
  out[e - s] = '\0';
  return true;
}

static bool plausible_addr(const char *a)
{
  const char *at = strchr(a, '@');
  return at && at != a && at[1] && !strchr(at + 1, '@') && !strpbrk(a, " \t\r\n<>\"");
}

bool an_smtp_parse_from(const char *from, char *name, size_t namelen, char *addr, size_t addrlen)
{
  if (!from || strpbrk(from, "\r\n"))
    return false;
  const char *lt = strchr(from, '<'), *end = from + strlen(from);
  const char *ns = from, *ne = from, *as = from, *ae = end;
  if (lt) {
    const char *gt = strchr(lt, '>');
    if (!gt || gt[1 + strspn(gt + 1, " \t")] != '\0')
      return false;
    ne = lt;
    as = lt + 1;
    ae = gt;
  }
  trim(&ns, &ne);
  trim(&as, &ae);
  if (ne - ns >= 2 && *ns == '"' && ne[-1] == '"') {
    ns++;
    ne--;
  }
  if (!copy_part(ns, ne, name, namelen) || !copy_part(as, ae, addr, addrlen))
    return false;
  return plausible_addr(addr);
}

/* Appends data as one encoded-word. */
static void encoded_word(struct an_buf *b, const char *data, size_t len)
{
  size_t cap = sodium_base64_ENCODED_LEN(len, sodium_base64_VARIANT_ORIGINAL);
  char *out = an_calloc(cap);
  sodium_bin2base64(out, cap, (const unsigned char *)data, len, sodium_base64_VARIANT_ORIGINAL);
  an_buf_printf(b, "=?UTF-8?B?%s?=", out);
  free(out);
}

char *an_smtp_encode_subject(const char *utf8)
{
  struct an_buf b = {0};
  size_t len = strlen(utf8), pos = 0;
  if (len == 0)
    encoded_word(&b, "", 0);
  while (pos < len) {
    size_t take = len - pos < WORD_BYTES ? len - pos : WORD_BYTES;
    /* Never split a character: back off while the next byte continues one. */
    while (take > 1 && pos + take < len && ((unsigned char)utf8[pos + take] & 0xC0) == 0x80)
      take--;
    if (pos)
      an_buf_puts(&b, "\r\n ");
    encoded_word(&b, utf8 + pos, take);
    pos += take;
  }
  return an_buf_steal(&b);
}

char *an_smtp_body_base64(const char *text)
{
  struct an_buf crlf = {0}, out = {0};
  for (const char *p = text; *p; p++) {
    if (*p == '\r' && p[1] == '\n')
      continue; /* the "\n" that follows writes the CRLF */
    if (*p == '\n' || *p == '\r')
      an_buf_puts(&crlf, "\r\n");
    else
      an_buf_append(&crlf, p, 1);
  }
  size_t cap = sodium_base64_ENCODED_LEN(crlf.len, sodium_base64_VARIANT_ORIGINAL);
  char *b64 = an_calloc(cap);
  sodium_bin2base64(b64, cap, (const unsigned char *)(crlf.data ? crlf.data : ""), crlf.len,
                    sodium_base64_VARIANT_ORIGINAL);
  size_t n = strlen(b64);
  for (size_t i = 0; i < n; i += LINE_COLS) {
    an_buf_append(&out, b64 + i, n - i < LINE_COLS ? n - i : LINE_COLS);
    an_buf_puts(&out, "\r\n");
  }
  free(b64);
  an_buf_free(&crlf);
  return an_buf_steal(&out);
}

void an_smtp_date(int64_t us, char *out, size_t n)
{
  static const char days[7][4] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
  static const char months[12][4] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                     "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  time_t t = (time_t)(us / 1000000) + 9 * 3600; /* JST has no daylight saving time */
  struct tm tm;
  gmtime_r(&t, &tm);
  snprintf(out, n, "%s, %02d %s %04d %02d:%02d:%02d +0900", days[tm.tm_wday], tm.tm_mday,
           months[tm.tm_mon], tm.tm_year + 1900, tm.tm_hour, tm.tm_min, tm.tm_sec);
}

static bool ascii_atom_text(const char *s)
{
  for (const unsigned char *p = (const unsigned char *)s; *p; p++)
    if (*p < 0x20 || *p > 0x7E || strchr("()<>[]:;@\\,.\"", *p))
      return false;
  return true;
}

static bool ascii_printable(const char *s)
{
  for (const unsigned char *p = (const unsigned char *)s; *p; p++)
    if (*p < 0x20 || *p > 0x7E)
      return false;
  return true;
}

/* The From header's display name: as is, quoted, or encoded when it is not ASCII. */
static void display_name(struct an_buf *b, const char *name)
{
  if (ascii_atom_text(name)) {
    an_buf_puts(b, name);
  } else if (ascii_printable(name)) {
    an_buf_puts(b, "\"");
    for (const char *p = name; *p; p++) {
      if (*p == '"' || *p == '\\')
        an_buf_puts(b, "\\");
      an_buf_append(b, p, 1);
    }
    an_buf_puts(b, "\"");
  } else {
    char *w = an_smtp_encode_subject(name);
    an_buf_puts(b, w);
    free(w);
  }
}

char *an_smtp_build_with(const char *from, const char *to, const char *subject, const char *body,
                         const struct an_mime_file *files, size_t n, int64_t now)
{
  char name[256], addr[256], date[64], rnd[33];
  if (!an_smtp_parse_from(from, name, sizeof name, addr, sizeof addr))
    return NULL;
  /* With files the body is a multipart/mixed entity (GMime), which brings its own Content-Type. */
  char *mixed = n ? an_mime_mixed(body, files, n) : NULL;
  if (n && !mixed)
    return NULL;
  an_smtp_date(now, date, sizeof date);
  an_random_hex(16, rnd);
  struct an_buf b = {0};
  an_buf_printf(&b, "Date: %s\r\nFrom: ", date);
  display_name(&b, name[0] ? name : "anshin");
  an_buf_printf(&b, " <%s>\r\nTo: %s\r\nSubject: ", addr, to);
  char *subj = an_smtp_encode_subject(subject);
  an_buf_puts(&b, subj);
  free(subj);
  an_buf_printf(
      &b, "\r\nMessage-ID: <%s@%s>\r\nMIME-Version: 1.0\r\nAuto-Submitted: auto-generated\r\n", rnd,
      strchr(addr, '@') + 1);
  if (mixed) {
    an_buf_puts(&b, mixed);
    free(mixed);
    return an_buf_steal(&b);
  }
  an_buf_puts(&b, "Content-Type: text/plain; charset=UTF-8\r\n"
                  "Content-Transfer-Encoding: base64\r\n\r\n");
  char *b64 = an_smtp_body_base64(body);
  an_buf_puts(&b, b64);
  free(b64);
  return an_buf_steal(&b);
}

char *an_smtp_build(const char *from, const char *to, const char *subject, const char *body,
                    int64_t now)
{
  return an_smtp_build_with(from, to, subject, body, NULL, 0, now);
}

bool an_smtp_init(void)
{
  return curl_global_init(CURL_GLOBAL_DEFAULT) == CURLE_OK;
}

void an_smtp_cleanup(void)
{
  curl_global_cleanup();
}

struct upload {
  const char *data;
  size_t len, pos;
};

static size_t read_cb(char *buf, size_t size, size_t nitems, void *cls)
{
  struct upload *u = cls;
  size_t n = size * nitems, left = u->len - u->pos;
  if (n > left)
    n = left;
  memcpy(buf, u->data + u->pos, n);
  u->pos += n;
  return n;
}

/* Keeps the relay's last reply line: what the operator sees for each attempt. */
struct reply {
  char last[256];
};

static int debug_cb(CURL *h, curl_infotype type, char *data, size_t size, void *cls)
{
  (void)h;
  struct reply *r = cls;
  if (type != CURLINFO_HEADER_IN)
    return 0;
  while (size && (data[size - 1] == '\n' || data[size - 1] == '\r'))
    size--;
  if (size)
    snprintf(r->last, sizeof r->last, "%.*s", (int)size, data);
  return 0;
}

static int progress_cb(void *cls, curl_off_t dt, curl_off_t dn, curl_off_t ut, curl_off_t un)
{
  (void)dt;
  (void)dn;
  (void)ut;
  (void)un;
  const atomic_bool *stop = cls;
  return stop && atomic_load(stop) ? 1 : 0;
}

static void set_options(CURL *h, const struct an_config *cfg, const char *from_addr)
{
  curl_easy_setopt(h, CURLOPT_URL, cfg->mail_relay);
  curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "smtp,smtps");
  curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
  /* A relay that accepts and never answers holds an attempt no longer than this. */
  long limit = cfg->mail_timeout_seconds > 0 ? cfg->mail_timeout_seconds : 30;
  curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT, limit < 10 ? limit : 10L);
  curl_easy_setopt(h, CURLOPT_TIMEOUT, limit);
  curl_easy_setopt(h, CURLOPT_MAIL_FROM, from_addr);
  bool auth = cfg->mail_username[0] != '\0';
  if (auth) {
    curl_easy_setopt(h, CURLOPT_USERNAME, cfg->mail_username);
    curl_easy_setopt(h, CURLOPT_PASSWORD, cfg->mail_password);
  }
  /* A password never crosses the network in clear when STARTTLS is on. */
  long ssl = !cfg->mail_starttls ? CURLUSESSL_NONE : auth ? CURLUSESSL_ALL : CURLUSESSL_TRY;
  curl_easy_setopt(h, CURLOPT_USE_SSL, ssl);
}

bool an_smtp_send(const struct an_config *cfg, const char *to, const char *subject,
                  const char *body, const atomic_bool *stop, char *resp, size_t n)
{
  return an_smtp_send_with(cfg, to, subject, body, NULL, 0, stop, resp, n);
}

bool an_smtp_send_with(const struct an_config *cfg, const char *to, const char *subject,
                       const char *body, const struct an_mime_file *files, size_t nfiles,
                       const atomic_bool *stop, char *resp, size_t n)
{
  char name[256], from_addr[260], addr[256], to_addr[260];
  if (!an_smtp_parse_from(cfg->mail_from, name, sizeof name, addr, sizeof addr)) {
    snprintf(resp, n, "[mail] from is not an address");
    return false;
  }
  snprintf(from_addr, sizeof from_addr, "<%s>", addr);
  snprintf(to_addr, sizeof to_addr, "<%s>", to);
  char *msg =
      an_smtp_build_with(cfg->mail_from, to, subject, body, files, nfiles, an_time_now_us());
  CURL *h = curl_easy_init();
  if (!h || !msg) {
    snprintf(resp, n, "cannot prepare the message");
    curl_easy_cleanup(h);
    free(msg);
    return false;
  }
  struct upload up = {msg, strlen(msg), 0};
  struct reply rep = {""};
  char errbuf[CURL_ERROR_SIZE] = "";
  struct curl_slist *rcpt = curl_slist_append(NULL, to_addr);
  set_options(h, cfg, from_addr);
  curl_easy_setopt(h, CURLOPT_MAIL_RCPT, rcpt);
  curl_easy_setopt(h, CURLOPT_UPLOAD, 1L);
  curl_easy_setopt(h, CURLOPT_READFUNCTION, read_cb);
  curl_easy_setopt(h, CURLOPT_READDATA, &up);
  curl_easy_setopt(h, CURLOPT_INFILESIZE_LARGE, (curl_off_t)up.len);
  curl_easy_setopt(h, CURLOPT_ERRORBUFFER, errbuf);
  curl_easy_setopt(h, CURLOPT_VERBOSE, 1L);
  curl_easy_setopt(h, CURLOPT_DEBUGFUNCTION, debug_cb);
  curl_easy_setopt(h, CURLOPT_DEBUGDATA, &rep);
  curl_easy_setopt(h, CURLOPT_NOPROGRESS, 0L);
  curl_easy_setopt(h, CURLOPT_XFERINFOFUNCTION, progress_cb);
  curl_easy_setopt(h, CURLOPT_XFERINFODATA, (void *)(uintptr_t)stop);
  CURLcode rc = curl_easy_perform(h);
  if (rc == CURLE_ABORTED_BY_CALLBACK)
    snprintf(resp, n, "abandoned: the server stopped during the delivery");
  else if (rc == CURLE_OK)
    snprintf(resp, n, "%s", rep.last[0] ? rep.last : "250");
  else if (rep.last[0])
    snprintf(resp, n, "%s (%s)", rep.last, errbuf[0] ? errbuf : curl_easy_strerror(rc));
  else
    snprintf(resp, n, "%s", errbuf[0] ? errbuf : curl_easy_strerror(rc));
  curl_slist_free_all(rcpt);
  curl_easy_cleanup(h);
  free(msg);
  return rc == CURLE_OK;
}
