/* Shops, services and plans (TOS-13, MARK-4-2-1): the operator registers shops; services carry a
 * clear statement of conditions and their discontinuation notice period (TOS-9); plans carry
 * fees (tax-exclusive yen), billing cycle, tax category and the quotas of SLA-11. */
#ifndef AN_MARKET_CATALOGUE_H
#define AN_MARKET_CATALOGUE_H
#include <jansson.h>

#include "core/ctx.h"
#include "core/errors.h"
#include "crypto/keys.h"
#include "notify/target.h"
#include "store/catalogue.h"
#include "store/db.h"

/* The bodies of the operator's forms: their fields, types and bounds. */
extern const struct an_spec an_shop_form_spec, an_service_form_spec, an_plan_form_spec;

/* in: the form (webhook_url NULL: none; set to "" here). *out: the shop record. */
enum an_ec an_shop_create(const struct an_ctx *ctx, struct an_db *db, struct an_shop_form *in,
                          json_t **out);
/* Sets the shop's webhook URL and a new signing secret, returned once in *secret_out (65). */
enum an_ec an_shop_set_webhook(const struct an_ctx *ctx, struct an_db *db, int64_t shop_id,
                               const char *url, char *secret_out);
/* Why url cannot be a webhook URL, or AN_TARGET_OK (notify/target.h): an http(s) URL whose host,
 * when a literal address, is public (unless [webhook] allow_private_targets). "" is OK here (no
 * webhook) only when empty_ok. an_shop_create and an_shop_set_webhook refuse what this refuses
 * with AN_EC_GENERIC_INVALID_FIELD. */
enum an_target_check an_shop_webhook_url_check(const struct an_ctx *ctx, const char *url,
                                               bool empty_ok);
/* The shop's webhook signing secret (64 hex) from its stored, sealed form. */
bool an_shop_secret_open(const struct an_keys *keys, int64_t shop_id, const char *stored,
                         char out[65]);
/* The platform's floor of a service's discontinuation notice in days (TOS-9, SLA-3, CHK-40):
 * [market] discontinuation_notice_min_days, never below 90. A service may set longer. */
long an_service_notice_floor(const struct an_ctx *ctx);
/* A service of the form's shop, without plans (an_plan_add adds them). Refuses notice_days below
 * an_service_notice_floor with AN_EC_NOTICE_PERIOD_TOO_SHORT. */
enum an_ec an_service_create(const struct an_ctx *ctx, struct an_db *db,
                             const struct an_service_form *in, json_t **out);
/* True when url (NULL: none) may be a service's address: an absolute http or https URL with a
 * host (issue 10 item 15). an_service_create refuses others with AN_EC_GENERIC_INVALID_FIELD. */
bool an_service_url_valid(const char *url);
/* Adds one plan to a service (billing_cycle NULL: monthly; set here). */
enum an_ec an_plan_add(const struct an_ctx *ctx, struct an_db *db, int64_t service_id,
                       struct an_plan_form *plan, json_t **out);
/* Adds plan p's tax-inclusive prices to its JSON object out ("*_incl_tax", rounded down). */
void an_plan_add_prices(json_t *out, const struct an_plan *p);
/* Validates a plan; false names the first bad field in *field. */
bool an_plan_valid(const struct an_plan_form *plan, const char **field);

#endif
