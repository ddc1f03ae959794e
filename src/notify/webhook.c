#include "notify/webhook.h"

#include <curl/curl.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>

#include "core/buf.h"
#include "crypto/token.h"
#include "notify/target.h"

void an_webhook_sign(const char *secret_hex, int64_t timestamp, const char *body, char out[72])
{
  uint8_t key[32] = {0}, mac[32];
  an_hex_decode(secret_hex, key, sizeof key);
  struct an_buf b = {0};
  an_buf_printf(&b, "%lld.", (long long)timestamp);
  an_buf_puts(&b, body);
  an_hmac_sha256(key, b.data, b.len, mac);
  an_buf_free(&b);
  an_wipe(key, sizeof key);
  memcpy(out, "sha256=", 7);
  an_hex_encode(mac, sizeof mac, out + 7);
}

static size_t discard(char *p, size_t size, size_t n, void *cls)
{
  (void)p;
  (void)cls;
  return size * n;
}

/* Every socket libcurl opens goes through here: one to an address that is not public is never
 * opened (libcurl then tries the name's next address, or fails to connect). */
static curl_socket_t open_public(void *cls, curlsocktype purpose, struct curl_sockaddr *a)
{
  bool *refused = cls;
  if (purpose != CURLSOCKTYPE_IPCXN || !an_target_addr_public(&a->addr)) {
    *refused = true;
    return CURL_SOCKET_BAD;
  }
  return socket(a->family, a->socktype, a->protocol);
}

long an_webhook_post(const char *url, const char *event, int64_t delivery_id, const char *secret,
                     int64_t timestamp, const char *body, bool allow_private, char *err,
                     size_t errlen)
{
  const char *why = "";
  long status =
      an_webhook_send(url, event, delivery_id, secret, timestamp, body, allow_private, &why);
  if (!status)
    snprintf(err, errlen, "%s", why);
  return status;
}

long an_webhook_send(const char *url, const char *event, int64_t delivery_id, const char *secret,
                     int64_t timestamp, const char *body, bool allow_private, const char **why)
{
  *why = "";
  CURL *h = curl_easy_init();
  if (!h) {
    *why = "curl init failed";
    return 0;
  }
  char sig[72], line[160];
  an_webhook_sign(secret, timestamp, body, sig);
  struct curl_slist *hdr = curl_slist_append(NULL, "Content-Type: application/json");
  snprintf(line, sizeof line, "X-Anshin-Event: %s", event);
  hdr = curl_slist_append(hdr, line);
  snprintf(line, sizeof line, "X-Anshin-Delivery: %lld", (long long)delivery_id);
  hdr = curl_slist_append(hdr, line);
  snprintf(line, sizeof line, "X-Anshin-Timestamp: %lld", (long long)timestamp);
  hdr = curl_slist_append(hdr, line);
  snprintf(line, sizeof line, "X-Anshin-Signature: %s", sig);
  hdr = curl_slist_append(hdr, line);
  curl_easy_setopt(h, CURLOPT_URL, url);
  curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT, 10L);
  curl_easy_setopt(h, CURLOPT_TIMEOUT, 20L);
  curl_easy_setopt(h, CURLOPT_HTTPHEADER, hdr);
  curl_easy_setopt(h, CURLOPT_POSTFIELDS, body);
  curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, discard);
  /* Redirects are not followed (a 3xx is a failed delivery), and no proxy from the environment
   * is used: the address checked is the address connected to. */
  curl_easy_setopt(h, CURLOPT_FOLLOWLOCATION, 0L);
  curl_easy_setopt(h, CURLOPT_PROXY, "");
  bool refused = false;
  if (!allow_private) {
    curl_easy_setopt(h, CURLOPT_OPENSOCKETFUNCTION, open_public);
    curl_easy_setopt(h, CURLOPT_OPENSOCKETDATA, &refused);
  }
  long status = 0;
  CURLcode rc = curl_easy_perform(h);
  if (rc == CURLE_OK)
    curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &status);
  else if (refused)
    *why = "the target address is not public";
  else
    *why = curl_easy_strerror(rc); /* static text of libcurl's */
  curl_slist_free_all(hdr);
  curl_easy_cleanup(h);
  return status;
}

int64_t an_webhook_backoff_us(int64_t attempts)
{
  int64_t s = 30;
  for (int64_t i = 1; i < attempts && s < 6 * 3600; i++)
    s *= 2;
  return (s > 6 * 3600 ? 6 * 3600 : s) * 1000000LL;
}
