#include "store/mail_attach.h"

#include <sodium.h>
#include <stdlib.h>
#include <string.h>

#include "store/seal.h"

#define TABLE "mail_attachments"

/* The row id is not in the associated data (row 0), as for the mail itself: a resent copy
 * carries the same sealed values in a new row. */
static char *seal(int64_t tenant_id, const char *column, const char *plain)
{
  return an_store_seal_text(tenant_id, TABLE, 0, column, plain);
}

static char *to_base64(const void *data, size_t size)
{
  size_t cap = sodium_base64_ENCODED_LEN(size, sodium_base64_VARIANT_ORIGINAL);
  char *out = malloc(cap);
  if (out)
    sodium_bin2base64(out, cap, data, size, sodium_base64_VARIANT_ORIGINAL);
  return out;
}

int an_store_mail_attach(struct an_db *db, int64_t mail_id, int64_t tenant_id, const char *filename,
                         const char *content_type, const void *data, size_t size, int64_t now)
{
  static const char SQL[] = "INSERT INTO mail_attachments (mail_id, tenant_id, filename, "
                            "content_type, content, size, created_at) "
                            "VALUES ($1, $2, $3, $4, $5, $6, $7)";
  int rc = tenant_id ? an_store_seal_need(db, tenant_id) : 1;
  if (rc <= 0)
    return rc < 0 ? rc : AN_DB_HARD;
  char *b64 = to_base64(data, size);
  char *name = seal(tenant_id, "filename", filename);
  char *content = b64 ? seal(tenant_id, "content", b64) : NULL;
  struct an_db_param p[] = {AN_P_INT(mail_id),  tenant_id ? AN_P_INT(tenant_id) : AN_P_NULL,
                            AN_P_TEXT(name),    AN_P_TEXT(content_type),
                            AN_P_TEXT(content), AN_P_INT((int64_t)size),
                            AN_P_INT(now)};
  rc = name && content ? an_db_query(db, SQL, p, 7, NULL, NULL) : AN_DB_HARD;
  free(b64);
  free(name);
  free(content);
  return rc < 0 ? rc : 1;
}

struct each {
  an_mail_attachment_cb cb;
  void *cls;
};

static void each_cb(void *cls, const struct an_db_row *row)
{
  struct each *e = cls;
  int64_t tenant = an_db_row_int(row, 1);
  char *name = an_store_open_text(tenant, TABLE, 0, "filename", an_db_row_text(row, 2), NULL);
  char *b64 = an_store_open_text(tenant, TABLE, 0, "content", an_db_row_text(row, 4), NULL);
  size_t cap = b64 ? strlen(b64) / 4 * 3 + 3 : 0, len = 0;
  unsigned char *bin = malloc(cap + 1);
  if (!bin || !b64 ||
      sodium_base642bin(bin, cap, b64, strlen(b64), NULL, &len, NULL,
                        sodium_base64_VARIANT_ORIGINAL) != 0)
    len = 0;
  struct an_mail_attachment a = {an_db_row_int(row, 0), name ? name : "", an_db_row_text(row, 3),
                                 bin, len};
  e->cb(e->cls, &a);
  free(bin);
  free(b64);
  free(name);
}

int an_store_mail_attachments(struct an_db *db, int64_t mail_id, an_mail_attachment_cb cb,
                              void *cls)
{
  static const char SQL[] = "SELECT id, COALESCE(tenant_id, 0), filename, content_type, content "
                            "FROM mail_attachments WHERE mail_id = $1 ORDER BY id";
  struct each e = {cb, cls};
  int rc = an_store_seal_sync(db);
  return rc < 0 ? rc : an_db_query(db, SQL, AN_ARGS(AN_P_INT(mail_id)), each_cb, &e);
}

int an_store_mail_attachments_copy(struct an_db *db, int64_t from_id, int64_t to_id, int64_t now)
{
  static const char SQL[] =
      "INSERT INTO mail_attachments (mail_id, tenant_id, filename, content_type, content, size, "
      "created_at) SELECT $2, tenant_id, filename, content_type, content, size, $3 "
      "FROM mail_attachments WHERE mail_id = $1 ORDER BY id";
  return an_db_query(db, SQL, AN_ARGS(AN_P_INT(from_id), AN_P_INT(to_id), AN_P_INT(now)), NULL,
                     NULL);
}
