#include "store/usage.h"

#include "store/columns.h"
#include "store/query.h"
#include "store/rows.h"

/* clang-format off */
#define METER_COLS(F, N)                                                                           \
  F(id, I, "id") N(plan_id, I, "plan_id") N(code, T, "code") N(name, T, "name")                    \
  N(unit, T, "unit") N(unit_price, I, "unit_price") N(tax_rate, I, "tax_rate")                     \
  N(created_at, TM, "created_at")
/* clang-format on */
#define T struct an_meter
AN_COL_SPEC(, an_meter_spec, METER_COLS);
#undef T

/* clang-format off */
#define USAGE_COLS(F, N)                                                                           \
  F(id, I, "u.id") N(tenant_id, I, "u.tenant_id") N(shop_id, I, "u.shop_id")                       \
  N(contract_id, I, "u.contract_id") N(meter_id, I, "u.meter_id") N(meter, T, "m.code")            \
  N(quantity, I, "u.quantity") N(hour, T, "u.hour") N(month, T, "u.month")                         \
  N(idempotency_key, T, "u.idempotency_key") N(reported_by, T, "u.reported_by")                   \
  N(reported_at, TM, "u.reported_at")
/* clang-format on */
#define USAGE_SELECT "SELECT " USAGE_COLS(AN_COL_SQL1, AN_COL_SQL) " FROM usage_reports u "
#define T struct an_usage
AN_COL_SPEC(, an_usage_spec, USAGE_COLS);
#undef T

/* clang-format off */
#define SUM_COLS(F, N)                                                                             \
  F(contract_id, I, "u.contract_id") N(shop_id, I, "u.shop_id") N(meter_id, I, "u.meter_id")       \
  N(meter, T, "m.code") N(name, T, "m.name") N(unit, T, "m.unit")                                  \
  N(unit_price, I, "m.unit_price") N(tax_rate, I, "m.tax_rate")                                    \
  N(quantity, I, "CAST(SUM(u.quantity) AS BIGINT)")
/* clang-format on */
#define T struct an_usage_sum
AN_COL_SPEC(, an_usage_sum_spec, SUM_COLS);
#undef T

#define METER_SELECT "SELECT " METER_COLS(AN_COL_SQL1, AN_COL_SQL) " FROM plan_meters "

int an_store_meter_insert(struct an_db *db, const struct an_meter_new *m, int64_t now, int64_t *id)
{
  static const char SQL[] =
      "INSERT INTO plan_meters (plan_id, code, name, unit, unit_price, tax_rate, created_at) "
      "VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (plan_id, code) DO NOTHING RETURNING id";
  return an_db_query(db, SQL,
                     AN_ARGS(AN_P_INT(m->plan_id), AN_P_TEXT(m->code), AN_P_TEXT(m->name),
                             AN_P_TEXT(m->unit), AN_P_INT(m->unit_price), AN_P_INT(m->tax_rate),
                             AN_P_INT(now)),
                     an_store_int_cb, id);
}

int an_store_meter_by_code(struct an_db *db, int64_t plan_id, const char *code,
                           struct an_meter *out)
{
  static const char SQL[] = METER_SELECT "WHERE plan_id = $1 AND code = $2";
  return an_store_typed_row(db, SQL, AN_ARGS(AN_P_INT(plan_id), AN_P_TEXT(code)), &an_meter_spec,
                            out);
}

int an_store_meters_json(struct an_db *db, int64_t plan_id, json_t *out)
{
  static const char SQL[] = METER_SELECT "WHERE plan_id = $1 ORDER BY id";
  return an_store_typed_rows_json(db, SQL, AN_ARGS(AN_P_INT(plan_id)), &an_meter_spec, out);
}

int an_store_usage_insert(struct an_db *db, const struct an_usage_new *u, int64_t *id)
{
  static const char SQL[] =
      "INSERT INTO usage_reports (tenant_id, shop_id, contract_id, meter_id, quantity, hour, "
      "month, idempotency_key, reported_by, reported_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, "
      "$9, $10) ON CONFLICT (shop_id, idempotency_key) DO NOTHING RETURNING id";
  return an_db_query(db, SQL,
                     AN_ARGS(AN_P_INT(u->tenant_id), AN_P_INT(u->shop_id), AN_P_INT(u->contract_id),
                             AN_P_INT(u->meter_id), AN_P_INT(u->quantity), AN_P_TEXT(u->hour),
                             AN_P_TEXT(u->month), AN_P_TEXT(u->idempotency_key),
                             AN_P_TEXT(u->reported_by), AN_P_INT(u->reported_at)),
                     an_store_int_cb, id);
}

int an_store_usage_by_key_shop(struct an_db *db, int64_t shop_id, const char *key,
                               struct an_usage *out)
{
  static const char SQL[] = USAGE_SELECT "JOIN plan_meters m ON m.id = u.meter_id "
                                         "WHERE u.shop_id = $1 AND u.idempotency_key = $2";
  return an_store_scoped_typed_row(db, shop_id, __func__, SQL,
                                   AN_ARGS(AN_P_INT(shop_id), AN_P_TEXT(key)), &an_usage_spec, out);
}

#define SUM_SELECT                                                                                 \
  "SELECT " SUM_COLS(AN_COL_SQL1,                                                                  \
                     AN_COL_SQL) " FROM usage_reports u JOIN plan_meters m ON m.id = u.meter_id "
#define SUM_GROUP                                                                                  \
  " GROUP BY u.contract_id, u.shop_id, u.meter_id, m.code, m.name, m.unit, m.unit_price, "         \
  "m.tax_rate ORDER BY u.contract_id, u.meter_id"

int an_store_usage_sums(struct an_db *db, int64_t tenant_id, const char *month,
                        struct an_usage_sum **items, size_t *n)
{
  static const char SQL[] = SUM_SELECT "WHERE u.tenant_id = $1 AND u.month = $2" SUM_GROUP;
  return an_store_scoped_typed_rows(db, tenant_id, __func__, SQL,
                                    AN_ARGS(AN_P_INT(tenant_id), AN_P_TEXT(month)),
                                    &an_usage_sum_spec, (void **)items, n);
}

/* The sums of one contract in one month, for the scope ($1) that sql names (a tenant or a shop). */
static int contract_sums_json(struct an_db *db, int64_t scope, const char *fn, const char *sql,
                              int64_t contract_id, const char *month, json_t *out)
{
  return an_store_scoped_typed_rows_json(
      db, scope, fn, sql, AN_ARGS(AN_P_INT(scope), AN_P_INT(contract_id), AN_P_TEXT(month)),
      &an_usage_sum_spec, out);
}

int an_store_usage_contract_json(struct an_db *db, int64_t tenant_id, int64_t contract_id,
                                 const char *month, json_t *out)
{
  static const char SQL[] =
      SUM_SELECT "WHERE u.tenant_id = $1 AND u.contract_id = $2 AND u.month = $3" SUM_GROUP;
  return contract_sums_json(db, tenant_id, __func__, SQL, contract_id, month, out);
}

int an_store_usage_contract_json_shop(struct an_db *db, int64_t shop_id, int64_t contract_id,
                                      const char *month, json_t *out)
{
  static const char SQL[] =
      SUM_SELECT "WHERE u.shop_id = $1 AND u.contract_id = $2 AND u.month = $3" SUM_GROUP;
  return contract_sums_json(db, shop_id, __func__, SQL, contract_id, month, out);
}

int an_store_usage_contract_json_all(struct an_db *db, int64_t contract_id, const char *month,
                                     json_t *out)
{
  static const char SQL[] = SUM_SELECT "WHERE u.contract_id = $1 AND u.month = $2" SUM_GROUP;
  return an_store_typed_rows_json(db, SQL, AN_ARGS(AN_P_INT(contract_id), AN_P_TEXT(month)),
                                  &an_usage_sum_spec, out);
}

#define T struct an_usage_charge
static const struct an_field CHARGE_FIELDS[] = {
    AN_FIELD(T, month, AN_F_TEXT, false),
    AN_FIELD(T, tax_rate, AN_F_INT, false),
    AN_FIELD(T, amount, AN_F_INT, false),
};
const struct an_spec an_usage_charge_spec = AN_SPEC(T, CHARGE_FIELDS, nulls);
#undef T

int an_store_usage_charges(struct an_db *db, int64_t tenant_id, int64_t shop_id, const char *from,
                           const char *to, struct an_usage_charge **items, size_t *n)
{
  static const char SQL[] =
      "SELECT u.month, m.tax_rate, CAST(SUM(u.quantity * m.unit_price) AS BIGINT) AS amount "
      "FROM usage_reports u JOIN plan_meters m ON m.id = u.meter_id WHERE u.tenant_id = $1 AND "
      "u.shop_id = $2 AND u.hour >= $3 AND u.hour < $4 GROUP BY u.month, m.tax_rate "
      "ORDER BY u.month, m.tax_rate";
  return an_store_scoped_typed_rows(
      db, tenant_id, __func__, SQL,
      AN_ARGS(AN_P_INT(tenant_id), AN_P_INT(shop_id), AN_P_TEXT(from), AN_P_TEXT(to)),
      &an_usage_charge_spec, (void **)items, n);
}
