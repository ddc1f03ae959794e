/* The language each reader of the server's messages chose (migration 021): users, staff, the
 * responsible person of a tenant, the applicant of an application. Values are "ja" or "en". */
#ifndef AN_STORE_LANG_H
#define AN_STORE_LANG_H
#include <stdint.h>

#include "store/db.h"

#define AN_LANG_STRLEN 3

/* Each getter writes the language into out and returns 1, 0 when there is no such row (out is
 * then "ja"), or an AN_DB_* error. */
int an_store_user_lang(struct an_db *db, int64_t tenant_id, int64_t user_id,
                       char out[AN_LANG_STRLEN]);
int an_store_staff_lang(struct an_db *db, int64_t staff_id, char out[AN_LANG_STRLEN]);
int an_store_tenant_lang(struct an_db *db, int64_t tenant_id, char out[AN_LANG_STRLEN]);
int an_store_application_lang(struct an_db *db, int64_t application_id, char out[AN_LANG_STRLEN]);

/* Each setter stores lang (the caller checked it) and returns the number of rows changed (0 or
 * 1) or an AN_DB_* error. */
int an_store_user_set_lang(struct an_db *db, int64_t tenant_id, int64_t user_id, const char *lang);
int an_store_staff_set_lang(struct an_db *db, int64_t staff_id, const char *lang);
int an_store_tenant_set_lang(struct an_db *db, int64_t tenant_id, const char *lang);
int an_store_application_set_lang(struct an_db *db, int64_t application_id, const char *lang);

#endif
