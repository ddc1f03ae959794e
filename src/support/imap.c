#include "support/imap.h"

#include <curl/curl.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/log.h"

static size_t write_cb(char *p, size_t size, size_t n, void *cls)
{
  an_buf_append(cls, p, size * n);
  return size * n;
}

/* One IMAP request against the mailbox URL (url_suffix appended, e.g. ";UID=7"), with request
 * as a custom command or NULL for a fetch; its answer (or the message) in out. */
static bool run(const struct an_imap *imap, const char *url_suffix, const char *request,
                struct an_buf *out)
{
  CURL *h = curl_easy_init();
  if (!h)
    return false;
  struct an_buf url = {0};
  an_buf_puts(&url, imap->url);
  if (url_suffix)
    an_buf_puts(&url, url_suffix);
  char err[CURL_ERROR_SIZE] = "";
  curl_easy_setopt(h, CURLOPT_URL, url.data);
  curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "imap,imaps");
  curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT, imap->timeout_seconds);
  curl_easy_setopt(h, CURLOPT_TIMEOUT, imap->timeout_seconds);
  if (imap->username && imap->username[0]) {
    curl_easy_setopt(h, CURLOPT_USERNAME, imap->username);
    curl_easy_setopt(h, CURLOPT_PASSWORD, imap->password ? imap->password : "");
  }
  curl_easy_setopt(h, CURLOPT_USE_SSL,
                   imap->starttls ? (long)CURLUSESSL_ALL : (long)CURLUSESSL_NONE);
  if (request)
    curl_easy_setopt(h, CURLOPT_CUSTOMREQUEST, request);
  curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, write_cb);
  curl_easy_setopt(h, CURLOPT_WRITEDATA, out);
  curl_easy_setopt(h, CURLOPT_ERRORBUFFER, err);
  CURLcode rc = curl_easy_perform(h);
  curl_easy_cleanup(h);
  if (rc != CURLE_OK)
    an_log(AN_LOG_WARN, "support mailbox: IMAP request failed",
           json_pack("{s:s, s:s, s:s}", "request", request ? request : "FETCH", "error",
                     err[0] ? err : curl_easy_strerror(rc), "mailbox", imap->url));
  an_buf_free(&url);
  return rc == CURLE_OK;
}

/* The UIDs of "* SEARCH 3 4 9" in text, at most max, into uids. */
static int parse_search(const char *text, long *uids, int max)
{
  const char *p = text ? strstr(text, "* SEARCH") : NULL;
  int n = 0;
  if (!p)
    return 0;
  p += 8;
  while (*p && *p != '\r' && *p != '\n' && n < max) {
    char *end;
    long v = strtol(p, &end, 10);
    if (end == p)
      break;
    if (v > 0)
      uids[n++] = v;
    p = end;
  }
  return n;
}

int an_imap_fetch_unseen(const struct an_imap *imap, int max,
                         bool (*take)(const char *raw, size_t len, void *cls), void *cls)
{
  struct an_buf search = {0};
  if (!run(imap, NULL, "UID SEARCH UNSEEN", &search)) {
    an_buf_free(&search);
    return -1;
  }
  long *uids = calloc((size_t)(max > 0 ? max : 1), sizeof *uids);
  int n = uids ? parse_search(search.data, uids, max) : 0, taken = 0;
  an_buf_free(&search);
  for (int i = 0; i < n; i++) {
    char suffix[40], cmd[80];
    snprintf(suffix, sizeof suffix, ";UID=%ld", uids[i]);
    struct an_buf msg = {0}, ack = {0};
    /* FETCH BODY[] flags the message \Seen; a message not taken is flagged unseen again. */
    bool got = run(imap, suffix, NULL, &msg) && msg.len > 0;
    bool took = got && take(msg.data, msg.len, cls);
    snprintf(cmd, sizeof cmd, "UID STORE %ld %sFLAGS (\\Seen)", uids[i], took ? "+" : "-");
    run(imap, NULL, cmd, &ack);
    taken += took;
    an_buf_free(&msg);
    an_buf_free(&ack);
  }
  free(uids);
  return taken;
}
