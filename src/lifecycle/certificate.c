#include "lifecycle/certificate.h"

#include <errno.h>
#include <fcntl.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/alloc.h"
#include "core/buf.h"
#include "core/files.h"
#include "core/format.h"
#include "core/messages.h"
#include "core/pdf.h"

static void keypair(const struct an_keys *keys, uint8_t pk[crypto_sign_PUBLICKEYBYTES],
                    uint8_t sk[crypto_sign_SECRETKEYBYTES])
{
  uint8_t seed[crypto_sign_SEEDBYTES];
  crypto_kdf_derive_from_key(seed, sizeof seed, 1, "ancertsg", keys->master);
  crypto_sign_seed_keypair(pk, sk, seed);
  sodium_memzero(seed, sizeof seed);
}

void an_cert_public_hex(const struct an_keys *keys, char out[65])
{
  uint8_t pk[crypto_sign_PUBLICKEYBYTES], sk[crypto_sign_SECRETKEYBYTES];
  keypair(keys, pk, sk);
  sodium_memzero(sk, sizeof sk);
  sodium_bin2hex(out, 65, pk, sizeof pk);
}

static void sign(const struct an_keys *keys, const void *p, size_t n, char sig_hex[129])
{
  uint8_t pk[crypto_sign_PUBLICKEYBYTES], sk[crypto_sign_SECRETKEYBYTES];
  uint8_t sig[crypto_sign_BYTES];
  keypair(keys, pk, sk);
  crypto_sign_detached(sig, NULL, p, n, sk);
  sodium_memzero(sk, sizeof sk);
  sodium_bin2hex(sig_hex, 129, sig, sizeof sig);
}

void an_cert_sign_text(const struct an_keys *keys, const char *text, char sig_hex[129])
{
  sign(keys, text, strlen(text), sig_hex);
}

/* ---- the PDF ---- */

struct page {
  HPDF_Page page;
  HPDF_Font font;
  float y;
};

static void line(struct page *pg, float size, const char *text)
{
  HPDF_Page_BeginText(pg->page);
  HPDF_Page_SetFontAndSize(pg->page, pg->font, size);
  HPDF_Page_TextOut(pg->page, 56, pg->y, text);
  HPDF_Page_EndText(pg->page);
  pg->y -= size * 1.7f;
}

static void linef(struct page *pg, float size, const char *label_key, const char *value)
{
  char *s = an_asprintf("%s：%s", an_msg_text(label_key, "ja"), value ? value : "");
  line(pg, size, s);
  free(s);
}

static const char *str(const json_t *o, const char *k)
{
  const char *s = json_string_value(json_object_get(o, k));
  return s ? s : "";
}

static void body(struct page *pg, const json_t *c)
{
  line(pg, 20, an_msg_text("cert.title", "ja"));
  pg->y -= 8;
  linef(pg, 11, "cert.number", str(c, "certificate_no"));
  linef(pg, 11, "cert.company_code", str(c, "company_code"));
  linef(pg, 11, "cert.company", str(c, "company_name"));
  linef(pg, 11, "cert.contracts", str(c, "contracts"));
  linef(pg, 11, "cert.reason", str(c, "reason"));
  linef(pg, 11, "cert.erased_at", str(c, "erased_at_jst"));
  linef(pg, 11, "cert.key_destroyed_at", str(c, "key_destroyed_at_jst"));
  pg->y -= 6;
  line(pg, 12, an_msg_text("cert.deleted", "ja"));
  const char *k;
  json_t *v;
  json_object_foreach((json_t *)json_object_get(c, "deleted"), k, v)
  {
    char *s = an_asprintf("    %s: %lld", k, (long long)json_integer_value(v));
    line(pg, 10, s);
    free(s);
  }
  pg->y -= 6;
  linef(pg, 11, "cert.backups", str(c, "backups_holding"));
  linef(pg, 11, "cert.backups_expire", str(c, "last_backup_expires_jst"));
  linef(pg, 11, "cert.approval", str(c, "approval"));
  pg->y -= 6;
  line(pg, 9, an_msg_text("cert.note", "ja"));
  linef(pg, 8, "cert.public_key", str(c, "public_key"));
}

bool an_cert_write_pdf(const struct an_keys *keys, const json_t *content, const char *path,
                       char *err, size_t errlen)
{
  struct an_pdf pdf;
  if (!an_pdf_open(&pdf, err, errlen))
    return false;
  struct page pg = {an_pdf_page_a4(&pdf), pdf.font, 0};
  pg.y = HPDF_Page_GetHeight(pg.page) - 72;
  body(&pg, content);
  unsigned char *bytes = NULL;
  size_t size = 0;
  if (!an_pdf_save(&pdf, &bytes, &size)) {
    snprintf(err, errlen, "cannot build the PDF");
    return false;
  }
  char sig[129], pk[65];
  sign(keys, bytes, size, sig);
  an_cert_public_hex(keys, pk);
  int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  FILE *f = fd >= 0 ? fdopen(fd, "wb") : NULL;
  bool ok = f && fwrite(bytes, 1, size, f) == size &&
            fprintf(f, "\n%s%s %s\n", AN_CERT_SIG_TAG, pk, sig) > 0;
  if (f && fclose(f) != 0)
    ok = false;
  if (!ok)
    snprintf(err, errlen, "cannot write %s: %s", path, strerror(errno));
  free(bytes);
  return ok;
}

bool an_cert_verify_file(const struct an_keys *keys, const char *path, char *err, size_t errlen)
{
  struct an_buf b = {0};
  if (!an_file_read_all(path, &b)) {
    snprintf(err, errlen, "cannot open %s: %s", path, strerror(errno));
    return false;
  }
  bool ok = false;
  const char *tag = "\n" AN_CERT_SIG_TAG;
  char *at = NULL;
  for (char *p = b.data; b.len && (p = memmem(p, b.len - (size_t)(p - b.data), tag, strlen(tag)));
       p++)
    at = p;
  uint8_t pk[crypto_sign_PUBLICKEYBYTES], sig[crypto_sign_BYTES];
  char mine[65];
  an_cert_public_hex(keys, mine);
  if (!at) {
    snprintf(err, errlen, "no signature line: not an anshin deletion certificate");
  } else {
    const char *s = at + strlen(tag);
    const char *end = b.data + b.len;
    bool shape = end - s == 64 + 1 + 128 + 1 && s[64] == ' ' && end[-1] == '\n';
    if (!shape || sodium_hex2bin(pk, sizeof pk, s, 64, NULL, NULL, NULL) != 0 ||
        sodium_hex2bin(sig, sizeof sig, s + 65, 128, NULL, NULL, NULL) != 0) {
      snprintf(err, errlen, "the signature line is malformed");
    } else if (strncmp(s, mine, 64) != 0) {
      snprintf(err, errlen, "signed with another key than this operator's (%.16s…)", s);
    } else if (crypto_sign_verify_detached(sig, (const uint8_t *)b.data, (size_t)(at - b.data),
                                           pk) != 0) {
      snprintf(err, errlen, "the signature does not match: the certificate was altered");
    } else {
      ok = true;
    }
  }
  an_buf_free(&b);
  return ok;
}
