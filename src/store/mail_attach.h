/* Files attached to a queued mail (mail_attachments). The file name and the content are sealed
 * like the mail's body (store/seal.h): under the mail's tenant key, or the operator key for mail
 * of no tenant; the content is stored as base64 text of its bytes before sealing. */
#ifndef AN_STORE_MAIL_ATTACH_H
#define AN_STORE_MAIL_ATTACH_H
#include <stddef.h>
#include <stdint.h>

#include "store/db.h"

/* One attachment; the pointers are borrowed: valid only during the callback that shows it. */
struct an_mail_attachment {
  int64_t id;
  const char *filename;     /* UTF-8 */
  const char *content_type; /* e.g. "application/pdf" */
  const unsigned char *data;
  size_t size;
};

typedef void (*an_mail_attachment_cb)(void *cls, const struct an_mail_attachment *a);

/* Adds a file to message mail_id of tenant_id (0 = none: the operator key seals it), at now.
 * Returns 1 or an error (AN_DB_HARD when the tenant's key is not at hand). */
int an_store_mail_attach(struct an_db *db, int64_t mail_id, int64_t tenant_id, const char *filename,
                         const char *content_type, const void *data, size_t size, int64_t now);

/* Shows cb the files of message mail_id in the order they were added, opened. A file whose
 * content cannot be opened (its key destroyed) is shown with size 0. Returns the count or an
 * error. */
int an_store_mail_attachments(struct an_db *db, int64_t mail_id, an_mail_attachment_cb cb,
                              void *cls);

/* Gives message to_id copies of the files of message from_id (a resent copy; same tenant, so the
 * sealed values stay valid). Returns the number copied or an error. */
int an_store_mail_attachments_copy(struct an_db *db, int64_t from_id, int64_t to_id, int64_t now);

#endif
