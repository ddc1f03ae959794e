#include "store/catalogue.h"

#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/columns.h"
#include "store/public_version.h"
#include "store/query.h"
#include "store/rows.h"

/* A plan's own columns (store/columns.h), the first 13 fields of its spec. */
/* clang-format off */
#define PLAN_LIST(F, N)                                                                            \
  F(id, I, "p.id") N(service_id, I, "p.service_id") N(code, T, "p.code") N(name, T, "p.name")      \
  N(monthly_fee, I, "p.monthly_fee") N(initial_fee, I, "p.initial_fee")                            \
  N(billing_cycle, T, "p.billing_cycle") N(tax_rate, I, "p.tax_rate")                              \
  N(max_users, I, "p.max_users") N(storage_gb, I, "p.storage_gb") N(status, T, "p.status")         \
  N(pending_monthly_fee, I0, "p.pending_monthly_fee") N(pending_fee_on, T0, "p.pending_fee_on")
/* clang-format on */
#define PLAN_COLS PLAN_LIST(AN_COL_SQL1, AN_COL_SQL)

/* A write to what the public pages show: rc rows changed; the public cache learns of it once
 * the change has committed (store/public_version.h). */
static int public_changed(struct an_db *db, int rc)
{
  if (rc > 0)
    an_store_public_touch(db);
  return rc;
}

int an_store_shop_insert(struct an_db *db, const char *code, const char *name, const char *email,
                         const char *webhook_url, const char *webhook_secret, int64_t now,
                         int64_t *id)
{
  static const char SQL[] =
      "INSERT INTO shops (code, name, contact_email, webhook_url, webhook_secret, created_at, "
      "updated_at) VALUES ($1, $2, $3, $4, $5, $6, $6) ON CONFLICT (code) DO NOTHING RETURNING id";
  return public_changed(
      db, an_db_query(db, SQL,
                      AN_ARGS(AN_P_TEXT(code), AN_P_TEXT(name), AN_P_TEXT(email),
                              AN_P_TEXT(webhook_url), AN_P_TEXT(webhook_secret), AN_P_INT(now)),
                      an_store_int_cb, id));
}

/* clang-format off */
#define SHOP_LIST(F, N)                                                                            \
  F(id, I, "id") N(code, T, "code") N(name, T, "name") N(contact_email, T, "contact_email")         \
  N(webhook_url, T, "webhook_url") N(status, T, "status") N(created_at, TM, "created_at")
/* clang-format on */
#define T struct an_shop
AN_COL_SPEC(, an_shop_spec, SHOP_LIST);
#undef T

#define SHOP_COLS SHOP_LIST(AN_COL_SQL1, AN_COL_SQL)

int an_store_shop_read(struct an_db *db, int64_t id, struct an_shop *out)
{
  static const char SQL[] = "SELECT " SHOP_COLS " FROM shops WHERE id = $1";
  return an_store_typed_row(db, SQL, AN_ARGS(AN_P_INT(id)), &an_shop_spec, out);
}

int an_store_shop_get(struct an_db *db, int64_t id, json_t **out)
{
  struct an_shop shop = {0};
  int rc = an_store_shop_read(db, id, &shop);
  *out = rc == 1 ? an_spec_to_json(&an_shop_spec, &shop) : NULL;
  an_spec_clear(&an_shop_spec, &shop);
  return rc == 1 && !*out ? AN_DB_HARD : rc;
}

static void text_cb(void *cls, const struct an_db_row *row)
{
  struct {
    char *out;
    size_t n;
  } *t = cls;
  snprintf(t->out, t->n, "%s", an_db_row_text(row, 0) ? an_db_row_text(row, 0) : "");
}

int an_store_shop_secret(struct an_db *db, int64_t id, char *out, size_t outlen)
{
  static const char SQL[] = "SELECT webhook_secret FROM shops WHERE id = $1";
  struct an_db_param p[] = {AN_P_INT(id)};
  struct {
    char *out;
    size_t n;
  } t = {out, outlen};
  out[0] = '\0';
  return an_db_query(db, SQL, p, 1, text_cb, &t);
}

int an_store_shop_list(struct an_db *db, struct an_shop **items, size_t *n)
{
  static const char SQL[] = "SELECT " SHOP_COLS " FROM shops ORDER BY id";
  return an_store_typed_rows(db, SQL, NULL, 0, &an_shop_spec, (void **)items, n);
}

int an_store_shop_set_webhook(struct an_db *db, int64_t id, const char *url, const char *secret,
                              int64_t now)
{
  static const char SQL[] =
      "UPDATE shops SET webhook_url = $2, webhook_secret = $3, updated_at = $4 WHERE id = $1";
  return an_db_query(
      db, SQL, AN_ARGS(AN_P_INT(id), AN_P_TEXT(url), AN_P_TEXT(secret), AN_P_INT(now)), NULL, NULL);
}

int an_store_service_insert(struct an_db *db, int64_t shop_id, const char *code, const char *name,
                            const char *description, const char *conditions, int64_t notice_days,
                            int64_t now, int64_t *id)
{
  static const char SQL[] =
      "INSERT INTO services (shop_id, code, name, description, conditions, notice_days, "
      "created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $7) "
      "ON CONFLICT (code) DO NOTHING RETURNING id";
  return public_changed(db, an_db_query(db, SQL,
                                        AN_ARGS(AN_P_INT(shop_id), AN_P_TEXT(code), AN_P_TEXT(name),
                                                AN_P_TEXT(description), AN_P_TEXT(conditions),
                                                AN_P_INT(notice_days), AN_P_INT(now)),
                                        an_store_int_cb, id));
}

int an_store_service_set_url(struct an_db *db, int64_t id, const char *url, int64_t now)
{
  static const char SQL[] = "UPDATE services SET url = $2, updated_at = $3 WHERE id = $1";
  return public_changed(
      db, an_db_query(db, SQL, AN_ARGS(AN_P_INT(id), AN_P_TEXT(url), AN_P_INT(now)), NULL, NULL));
}

/* clang-format off */
#define SERVICE_LIST(F, N)                                                                         \
  F(id, I, "s.id") N(shop_id, I, "s.shop_id") N(shop_name, T, "sh.name") N(code, T, "s.code")      \
  N(name, T, "s.name") N(description, T, "s.description") N(conditions, T, "s.conditions")         \
  N(notice_days, I, "s.notice_days") N(status, T, "s.status")                                      \
  N(discontinue_on, T0, "s.discontinue_on") N(discontinue_reason, T, "s.discontinue_reason")       \
  N(created_at, TM, "s.created_at") N(url, T0, "s.url")
/* clang-format on */
#define SERVICE_COLS SERVICE_LIST(AN_COL_SQL1, AN_COL_SQL)

#define T struct an_service
AN_COL_SPEC(, an_service_spec, SERVICE_LIST);
#undef T

void an_service_clear(struct an_service *s)
{
  if (!s)
    return;
  an_spec_free_array(&an_plan_list_spec, s->plans, s->nplans);
  an_spec_clear(&an_service_spec, s);
  s->plans = NULL;
  s->nplans = 0;
}

void an_services_free(struct an_service *items, size_t n)
{
  for (size_t i = 0; i < n; i++)
    an_service_clear(&items[i]);
  free(items);
}

json_t *an_service_to_json(const struct an_service *s)
{
  json_t *o = an_spec_to_json(&an_service_spec, s);
  json_object_set_new(o, "plans",
                      an_spec_array_to_json(&an_plan_list_spec, s->plans, s->nplans, json_array()));
  return o;
}

/* Hands each service of items the run of plans (sorted by service id, as the services are) that
 * is its own; the plans array is emptied into them. Returns false when out of memory. */
static bool attach_plans(struct an_service *items, size_t n, struct an_plan *plans, size_t np)
{
  size_t j = 0;
  for (size_t i = 0; i < n; i++) {
    while (j < np && plans[j].service_id < items[i].id)
      j++;
    size_t k = j;
    while (k < np && plans[k].service_id == items[i].id)
      k++;
    if (k > j) {
      items[i].plans = malloc((k - j) * sizeof *plans);
      if (!items[i].plans)
        return false;
      memcpy(items[i].plans, plans + j, (k - j) * sizeof *plans);
      memset(plans + j, 0, (k - j) * sizeof *plans); /* moved: nothing left to free */
      items[i].nplans = k - j;
    }
    j = k;
  }
  return true;
}

/* The services sql selects, each with the plans sql_plans selects (both with params p; plans
 * ordered by service id first). */
static int services_with_plans(struct an_db *db, const char *sql, const char *sql_plans,
                               const struct an_db_param *p, size_t n, struct an_service **items,
                               size_t *count)
{
  int rc = an_store_typed_rows(db, sql, p, n, &an_service_spec, (void **)items, count);
  if (rc <= 0)
    return rc;
  struct an_plan *plans = NULL;
  size_t np = 0;
  int prc = an_store_typed_rows(db, sql_plans, p, n, &an_plan_list_spec, (void **)&plans, &np);
  bool ok = prc >= 0 && attach_plans(*items, *count, plans, np);
  an_spec_free_array(&an_plan_list_spec, plans, np);
  if (ok)
    return rc;
  an_services_free(*items, *count);
  *items = NULL;
  *count = 0;
  return AN_DB_HARD;
}

/* One service (sql with params p) with its plans into out. */
static int service_with_plans(struct an_db *db, const char *sql, const struct an_db_param *p,
                              size_t n, struct an_service *out)
{
  static const char SQL_PLANS[] = "SELECT " PLAN_COLS " FROM plans p WHERE p.service_id = $1 "
                                  "ORDER BY p.monthly_fee, p.id";
  int rc = an_store_typed_row(db, sql, p, n, &an_service_spec, out);
  if (rc != 1)
    return rc;
  struct an_db_param q[] = {AN_P_INT(out->id)};
  if (an_store_typed_rows(db, SQL_PLANS, q, 1, &an_plan_list_spec, (void **)&out->plans,
                          &out->nplans) >= 0)
    return 1;
  an_service_clear(out);
  return AN_DB_HARD;
}

int an_store_service_read(struct an_db *db, int64_t id, struct an_service *out)
{
  static const char SQL[] =
      "SELECT " SERVICE_COLS " FROM services s JOIN shops sh ON sh.id = s.shop_id WHERE s.id = $1";
  return service_with_plans(db, SQL, AN_ARGS(AN_P_INT(id)), out);
}

int an_store_service_read_shop(struct an_db *db, int64_t shop_id, int64_t id,
                               struct an_service *out)
{
  static const char SQL[] = "SELECT " SERVICE_COLS " FROM services s JOIN shops sh ON "
                            "sh.id = s.shop_id WHERE s.id = $1 AND s.shop_id = $2";
  struct an_db_param p[] = {AN_P_INT(id), AN_P_INT(shop_id)};
  memset(out, 0, sizeof *out);
  return an_store_scoped(shop_id, __func__) ? service_with_plans(db, SQL, p, 2, out) : 0;
}

int an_store_service_get(struct an_db *db, int64_t id, json_t **out)
{
  struct an_service s = {0};
  int rc = an_store_service_read(db, id, &s);
  *out = rc == 1 ? an_service_to_json(&s) : NULL;
  an_service_clear(&s);
  return rc == 1 && !*out ? AN_DB_HARD : rc;
}

int an_store_service_list(struct an_db *db, int64_t shop_id, struct an_service **items, size_t *n)
{
  static const char SQL[] = "SELECT " SERVICE_COLS " FROM services s JOIN shops sh ON "
                            "sh.id = s.shop_id WHERE s.shop_id = $1 ORDER BY s.id";
  /* Every plan of those services in one query (not one per service), grouped by the helper. */
  static const char SQL_PLANS[] =
      "SELECT " PLAN_COLS " FROM plans p JOIN services s ON s.id = p.service_id "
      "WHERE s.shop_id = $1 ORDER BY p.service_id, p.monthly_fee, p.id";
  struct an_db_param p[] = {AN_P_INT(shop_id)};
  *items = NULL;
  *n = 0;
  return an_store_scoped(shop_id, __func__)
             ? services_with_plans(db, SQL, SQL_PLANS, p, 1, items, n)
             : 0;
}

int an_store_service_list_all(struct an_db *db, struct an_service **items, size_t *n)
{
  static const char SQL[] = "SELECT " SERVICE_COLS " FROM services s JOIN shops sh ON "
                            "sh.id = s.shop_id ORDER BY s.id";
  static const char SQL_PLANS[] = "SELECT " PLAN_COLS " FROM plans p JOIN services s ON "
                                  "s.id = p.service_id ORDER BY p.service_id, p.monthly_fee, p.id";
  return services_with_plans(db, SQL, SQL_PLANS, NULL, 0, items, n);
}

int an_store_service_discontinue(struct an_db *db, int64_t id, const char *on, const char *reason,
                                 int64_t now)
{
  static const char SQL[] =
      "UPDATE services SET status = 'discontinuing', discontinue_on = $2, "
      "discontinue_reason = $3, updated_at = $4 WHERE id = $1 AND status = 'active'";
  return public_changed(
      db,
      an_db_query(db, SQL, AN_ARGS(AN_P_INT(id), AN_P_TEXT(on), AN_P_TEXT(reason), AN_P_INT(now)),
                  NULL, NULL));
}

int an_store_service_set_status(struct an_db *db, int64_t id, const char *status, int64_t now)
{
  static const char SQL[] = "UPDATE services SET status = $2, updated_at = $3 WHERE id = $1";
  return public_changed(
      db,
      an_db_query(db, SQL, AN_ARGS(AN_P_INT(id), AN_P_TEXT(status), AN_P_INT(now)), NULL, NULL));
}

int an_store_plan_insert(struct an_db *db, int64_t service_id, const struct an_plan_form *plan,
                         int64_t now, int64_t *id)
{
  static const char SQL[] =
      "INSERT INTO plans (service_id, code, name, monthly_fee, initial_fee, billing_cycle, "
      "tax_rate, max_users, storage_gb, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, "
      "$10) ON CONFLICT (service_id, code) DO NOTHING RETURNING id";
  return public_changed(
      db, an_db_query(db, SQL,
                      AN_ARGS(AN_P_INT(service_id), AN_P_TEXT(plan->code), AN_P_TEXT(plan->name),
                              AN_P_INT(plan->monthly_fee), AN_P_INT(plan->initial_fee),
                              AN_P_TEXT(plan->billing_cycle), AN_P_INT(plan->tax_rate),
                              AN_P_INT(plan->max_users), AN_P_INT(plan->storage_gb), AN_P_INT(now)),
                      an_store_int_cb, id));
}

#define T struct an_plan
static const struct an_field PLAN_FIELDS[] = {
    PLAN_LIST(AN_COL_FIELD, AN_COL_FIELD) /* then the service's and the shop's */
    AN_FIELD(T, service_name, AN_F_TEXT, true),
    AN_FIELD(T, service_status, AN_F_TEXT, true),
    AN_FIELD(T, shop_id, AN_F_INT, true),
    AN_FIELD(T, shop_name, AN_F_TEXT, true),
};
const struct an_spec an_plan_spec = AN_SPEC(T, PLAN_FIELDS, nulls);
/* PLAN_COLS: the first 13 fields, without the service's and shop's. */
const struct an_spec an_plan_list_spec = {"struct an_plan (list)", PLAN_FIELDS, 13, sizeof(T),
                                          offsetof(T, nulls)};
#undef T

int an_store_plan_get(struct an_db *db, int64_t id, struct an_plan *out)
{
  static const char SQL[] =
      "SELECT " PLAN_COLS ", s.name AS service_name, s.status AS service_status, "
      "s.shop_id, sh.name AS shop_name FROM plans p JOIN services s ON s.id = p.service_id "
      "JOIN shops sh ON sh.id = s.shop_id WHERE p.id = $1";
  return an_store_typed_row(db, SQL, AN_ARGS(AN_P_INT(id)), &an_plan_spec, out);
}

int an_store_document_insert(struct an_db *db, const char *kind, const char *title,
                             const char *body, const char *effective_on, bool material,
                             const char *by, int64_t now, int64_t *id, int64_t *version)
{
  static const char SQL_NEXT[] =
      "SELECT COALESCE(MAX(version), 0) + 1 FROM documents WHERE kind = $1";
  static const char SQL[] =
      "INSERT INTO documents (kind, version, title, body, effective_on, material, published_by, "
      "created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id";
  int rc = an_db_query(db, SQL_NEXT, AN_ARGS(AN_P_TEXT(kind)), an_store_int_cb, version);
  if (rc < 0)
    return rc;
  return public_changed(db,
                        an_db_query(db, SQL,
                                    AN_ARGS(AN_P_TEXT(kind), AN_P_INT(*version), AN_P_TEXT(title),
                                            AN_P_TEXT(body), AN_P_TEXT(effective_on),
                                            AN_P_BOOL(material), AN_P_TEXT(by), AN_P_INT(now)),
                                    an_store_int_cb, id));
}

/* clang-format off */
#define DOC_LIST(F, N)                                                                             \
  F(id, I, "id") N(kind, T, "kind") N(version, I, "version") N(title, T, "title")                  \
  N(effective_on, T, "effective_on") N(material, I, "material")                                    \
  N(published_by, T, "published_by") N(created_at, TM, "created_at")
/* clang-format on */
#define T struct an_document
static const struct an_field DOCUMENT_FIELDS[] = {
    DOC_LIST(AN_COL_FIELD, AN_COL_FIELD) /* and the body, read where it is selected */
    AN_FIELD(T, body, AN_F_TEXT, true),
};
const struct an_spec an_document_spec = AN_SPEC(T, DOCUMENT_FIELDS, nulls);
#undef T

#define DOC_COLS DOC_LIST(AN_COL_SQL1, AN_COL_SQL)

int an_store_document_in_force(struct an_db *db, const char *kind, const char *date,
                               struct an_document *out)
{
  static const char SQL[] = "SELECT " DOC_COLS ", body FROM documents WHERE kind = $1 AND "
                            "effective_on <= $2 ORDER BY effective_on DESC, version DESC LIMIT 1";
  return an_store_typed_row(db, SQL, AN_ARGS(AN_P_TEXT(kind), AN_P_TEXT(date)), &an_document_spec,
                            out);
}

int an_store_document_get(struct an_db *db, int64_t id, struct an_document *out)
{
  static const char SQL[] = "SELECT " DOC_COLS ", body FROM documents WHERE id = $1";
  return an_store_typed_row(db, SQL, AN_ARGS(AN_P_INT(id)), &an_document_spec, out);
}

int an_store_document_list(struct an_db *db, const char *kind, struct an_document **items,
                           size_t *n)
{
  static const char SQL[] =
      "SELECT " DOC_COLS " FROM documents WHERE kind = $1 ORDER BY version DESC";
  return an_store_typed_rows(db, SQL, AN_ARGS(AN_P_TEXT(kind)), &an_document_spec, (void **)items,
                             n);
}
