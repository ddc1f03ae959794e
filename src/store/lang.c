#include "store/lang.h"

#include "store/placement.h"
#include "store/query.h"
#include "store/routed.h"

#include <string.h>

static void lang_cb(void *cls, const struct an_db_row *row)
{
  const char *v = an_db_row_text(row, 0);
  strcpy(cls, v && strcmp(v, "en") == 0 ? "en" : "ja");
}

static int get(struct an_db *db, const char *sql, const struct an_db_param *p, size_t n,
               char out[AN_LANG_STRLEN])
{
  strcpy(out, "ja");
  return an_db_query(db, sql, p, n, lang_cb, out);
}

int an_store_user_lang(struct an_db *db, int64_t tenant_id, int64_t user_id,
                       char out[AN_LANG_STRLEN])
{
  static const char SQL[] = "SELECT lang FROM users WHERE tenant_id = $1 AND id = $2";
  struct an_db_param p[] = {AN_P_INT(tenant_id), AN_P_INT(user_id)};
  struct an_db *t;
  int rt = an_store_route(db, tenant_id, AN_ROUTE_READ, &t);
  if (rt < 0)
    return rt;
  return get(t, SQL, p, 2, out);
}

int an_store_staff_lang(struct an_db *db, int64_t staff_id, char out[AN_LANG_STRLEN])
{
  static const char SQL[] = "SELECT lang FROM staff WHERE id = $1";
  return get(db, SQL, AN_ARGS(AN_P_INT(staff_id)), out);
}

int an_store_tenant_lang(struct an_db *db, int64_t tenant_id, char out[AN_LANG_STRLEN])
{
  static const char SQL[] = "SELECT lang FROM tenants WHERE id = $1";
  return get(db, SQL, AN_ARGS(AN_P_INT(tenant_id)), out);
}

int an_store_application_lang(struct an_db *db, int64_t application_id, char out[AN_LANG_STRLEN])
{
  static const char SQL[] = "SELECT lang FROM applications WHERE id = $1";
  return get(db, SQL, AN_ARGS(AN_P_INT(application_id)), out);
}

int an_store_user_set_lang(struct an_db *db, int64_t tenant_id, int64_t user_id, const char *lang)
{
  static const char SQL[] = "UPDATE users SET lang = $3 WHERE tenant_id = $1 AND id = $2";
  return an_store_routed_query(db, tenant_id, AN_ROUTE_WRITE, SQL,
                               AN_ARGS(AN_P_INT(tenant_id), AN_P_INT(user_id), AN_P_TEXT(lang)),
                               NULL, NULL);
}

int an_store_staff_set_lang(struct an_db *db, int64_t staff_id, const char *lang)
{
  static const char SQL[] = "UPDATE staff SET lang = $2 WHERE id = $1";
  return an_db_query(db, SQL, AN_ARGS(AN_P_INT(staff_id), AN_P_TEXT(lang)), NULL, NULL);
}

int an_store_tenant_set_lang(struct an_db *db, int64_t tenant_id, const char *lang)
{
  static const char SQL[] = "UPDATE tenants SET lang = $2 WHERE id = $1";
  return an_db_query(db, SQL, AN_ARGS(AN_P_INT(tenant_id), AN_P_TEXT(lang)), NULL, NULL);
}

int an_store_application_set_lang(struct an_db *db, int64_t application_id, const char *lang)
{
  static const char SQL[] = "UPDATE applications SET lang = $2 WHERE id = $1";
  return an_db_query(db, SQL, AN_ARGS(AN_P_INT(application_id), AN_P_TEXT(lang)), NULL, NULL);
}
