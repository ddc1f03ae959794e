/* Usage metering (SLA-11): a plan's metered dimensions and the usage shops report per contract,
 * dimension and hour. Reads for a contractor take its tenant id > 0, reads for a shop its shop id
 * > 0; the operator's are the ..._all functions. Rows are typed structs (core/spec.h). */
#ifndef AN_STORE_USAGE_H
#define AN_STORE_USAGE_H
#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "core/spec.h"
#include "store/db.h"

/* A metered dimension of a plan: unit_price yen per unit before tax, tax_rate 10 or 8. */
struct an_meter {
  int64_t id, plan_id;
  char *code, *name, *unit;
  int64_t unit_price, tax_rate, created_at;
  uint64_t nulls;
};
extern const struct an_spec an_meter_spec;

/* What a meter is added with (created_at is the time of the call). */
struct an_meter_new {
  int64_t plan_id;
  const char *code, *name, *unit;
  int64_t unit_price, tax_rate;
};
/* Adds a meter to m->plan_id. *id set. Returns 1, 0 when the plan already has the code, or an
 * error. */
int an_store_meter_insert(struct an_db *db, const struct an_meter_new *m, int64_t now, int64_t *id);
/* The meter code of plan_id (catalogue data, the same for everyone). 1, 0 or an error. */
int an_store_meter_by_code(struct an_db *db, int64_t plan_id, const char *code,
                           struct an_meter *out);
/* Appends plan_id's meters (oldest first) to out as JSON objects. Row count or an error. */
int an_store_meters_json(struct an_db *db, int64_t plan_id, json_t *out);

/* A usage report as read back; meter is the meter's code. */
struct an_usage {
  int64_t id, tenant_id, shop_id, contract_id, meter_id;
  char *meter;
  int64_t quantity;
  char *hour, *month, *idempotency_key, *reported_by;
  int64_t reported_at;
  uint64_t nulls;
};
extern const struct an_spec an_usage_spec;

/* What a report is written with. */
struct an_usage_new {
  int64_t tenant_id, shop_id, contract_id, meter_id, quantity, reported_at;
  const char *hour, *month, *idempotency_key, *reported_by;
};
/* Writes a report unless shop_id already sent idempotency_key. *id set. Returns 1 when written,
 * 0 when the key was already used (nothing changed), or an error. */
int an_store_usage_insert(struct an_db *db, const struct an_usage_new *u, int64_t *id);
/* The report shop_id (> 0) sent under key. 1, 0 or an error. */
int an_store_usage_by_key_shop(struct an_db *db, int64_t shop_id, const char *key,
                               struct an_usage *out);

/* The month's usage of one contract summed per meter: the meter's particulars and quantity. */
struct an_usage_sum {
  int64_t contract_id, shop_id, meter_id;
  char *meter, *name, *unit;
  int64_t unit_price, tax_rate, quantity;
  uint64_t nulls;
};
extern const struct an_spec an_usage_sum_spec;
/* The sums of tenant_id's (> 0) contracts for month ("YYYY-MM"), by contract and meter. */
int an_store_usage_sums(struct an_db *db, int64_t tenant_id, const char *month,
                        struct an_usage_sum **items, size_t *n);
/* Appends to out the month's sums of contract_id as JSON objects: the tenant's (tenant_id > 0),
 * the shop's (shop_id > 0), anyone's. Row count or an error. */
int an_store_usage_contract_json(struct an_db *db, int64_t tenant_id, int64_t contract_id,
                                 const char *month, json_t *out);
int an_store_usage_contract_json_shop(struct an_db *db, int64_t shop_id, int64_t contract_id,
                                      const char *month, json_t *out);
int an_store_usage_contract_json_all(struct an_db *db, int64_t contract_id, const char *month,
                                     json_t *out);

/* Usage charges of tenant_id (> 0) with shop_id over the hours from..to (RFC 3339 UTC as stored,
 * from inclusive, to exclusive): per month and tax rate, quantity x unit price summed. */
struct an_usage_charge {
  char *month;
  int64_t tax_rate, amount;
  uint64_t nulls;
};
extern const struct an_spec an_usage_charge_spec;
int an_store_usage_charges(struct an_db *db, int64_t tenant_id, int64_t shop_id, const char *from,
                           const char *to, struct an_usage_charge **items, size_t *n);

#endif
