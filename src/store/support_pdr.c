#include "store/support_pdr.h"

#include <stdio.h>
#include <stdlib.h>

#include "core/alloc.h"
#include "store/placement.h"
#include "store/query.h"
#include "store/rows.h"
#include "store/seal.h"
#include "store/seal_fields.h"
#include "store/tenants.h"
#include "store/users.h"

#define PDR_COLS                                                                                   \
  "id, tenant_id, user_id, email, name, kind, detail, lang, status, code_mac, code_expires_us, "   \
  "code_attempts, token_hash, token_expires_us, due_on, ticket_id, outcome, handled_by, "          \
  "created_at AS created_us, verified_at AS verified_us, completed_at AS completed_us, "           \
  "carried_out, reminded FROM pd_requests"

/* The requester's address, name and what they wrote are sealed under the request's tenant key
 * (the operator key for a request of no tenant; store/seal_fields.h). */
static const char *const PDR_SEALED[] = {"email",  "email",  "name", "name",
                                         "detail", "detail", NULL};

static const struct an_store_sealed PDRS = {"pd_requests", "tenant_id", PDR_SEALED};

/* Puts the records of rows in id order (rows gathered tenant by tenant). */
static void sort_by_id(json_t *rows)
{
  size_t count = json_array_size(rows);
  for (size_t k = 1; k < count; k++)
    for (size_t j = k; j > 0 && an_rec_int(json_array_get(rows, j - 1), "id") >
                                    an_rec_int(json_array_get(rows, j), "id");
         j--) {
      json_t *a = json_incref(json_array_get(rows, j - 1));
      json_array_set(rows, j - 1, json_array_get(rows, j));
      json_array_set_new(rows, j, a);
    }
}

/* Appends to rows what sql ($1 a tenant, $2 its blind index of email) finds under the operator
 * key and under every tenant's. Returns the last query's result or an error. */
static int per_key(struct an_db *db, const char *sql, const char *email, json_t *rows)
{
  int rc = an_store_seal_sync(db);
  int64_t *ids = NULL;
  size_t n = rc < 0 ? 0 : an_store_seal_tenants(&ids);
  for (size_t i = 0; i <= n && rc >= 0; i++) {
    int64_t t = i == n ? 0 : ids[i];
    char bidx[AN_BLIND_HEX];
    if (an_store_blind(t, email, bidx))
      rc = an_store_rows(db, sql, AN_ARGS(AN_P_INT(t), AN_P_TEXT(bidx)), rows);
  }
  free(ids);
  return rc;
}

int an_store_pdr_insert(struct an_db *db, const json_t *r, int64_t *id)
{
  static const char SQL[] =
      "INSERT INTO pd_requests (tenant_id, user_id, email, name, kind, detail, lang, status, "
      "code_mac, code_expires_us, token_hash, token_expires_us, due_on, created_at, verified_at) "
      "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15) RETURNING id";
  static const char *const KEYS[] = {
      "i:tenant_id", "i:user_id",         "t:email",      "t:name",
      "t:kind",      "t:detail",          "t:lang",       "t:status",
      "t:code_mac",  "i:code_expires_us", "t:token_hash", "i:token_expires_us",
      "t:due_on",    "i:created_us",      "n:verified_us"};
  return an_store_rec_sealed_query(db, SQL, r, an_rec_int(r, "tenant_id"), &PDRS, KEYS, 15,
                                   an_store_int_cb, id);
}

int an_store_pdr_update(struct an_db *db, const json_t *r)
{
  static const char SQL[] =
      "UPDATE pd_requests SET status = $3, code_mac = $4, code_expires_us = $5, "
      "code_attempts = $6, token_hash = $7, token_expires_us = $8, ticket_id = $9, outcome = $10, "
      "handled_by = $11, verified_at = $12, completed_at = $13, carried_out = $14, reminded = $15 "
      "WHERE id = $1 AND tenant_id = $2";
  static const char *const KEYS[] = {"i:id",           "i:tenant_id",        "t:status",
                                     "t:code_mac",     "i:code_expires_us",  "i:code_attempts",
                                     "t:token_hash",   "i:token_expires_us", "i:ticket_id",
                                     "t:outcome",      "t:handled_by",       "n:verified_us",
                                     "n:completed_us", "t:carried_out",      "t:reminded"};
  return an_store_rec_query(db, SQL, r, KEYS, 15, NULL, NULL);
}

int an_store_pdr_get(struct an_db *db, int64_t tenant_id, int64_t id, json_t **out)
{
  static const char SQL[] = "SELECT " PDR_COLS " WHERE tenant_id = $1 AND id = $2";
  *out = NULL;
  if (!an_store_scoped(tenant_id, __func__))
    return 0;
  return an_store_row_opened(db, SQL, AN_ARGS(AN_P_INT(tenant_id), AN_P_INT(id)), &PDRS, out);
}

int an_store_pdr_get_all(struct an_db *db, int64_t id, json_t **out)
{
  static const char SQL[] = "SELECT " PDR_COLS " WHERE id = $1";
  return an_store_row_opened(db, SQL, AN_ARGS(AN_P_INT(id)), &PDRS, out);
}

int an_store_pdr_list(struct an_db *db, int64_t tenant_id, json_t *out)
{
  static const char SQL[] = "SELECT " PDR_COLS " WHERE tenant_id = $1 ORDER BY id DESC LIMIT 500";
  if (!an_store_scoped(tenant_id, __func__))
    return 0;
  return an_store_rows_opened(db, SQL, AN_ARGS(AN_P_INT(tenant_id)), &PDRS, 0, out);
}

int an_store_pdr_list_all(struct an_db *db, json_t *out)
{
  static const char SQL[] = "SELECT " PDR_COLS " ORDER BY id DESC LIMIT 500";
  return an_store_rows_opened(db, SQL, NULL, 0, &PDRS, 0, out);
}

int an_store_pdr_users_all(struct an_db *db, const char *email, json_t *out)
{
  /* The address is sealed per tenant (store/seal.h): each tenant's blind index of it is looked
   * up in turn (an index lookup per tenant; a request is rare and names one person). */
  static const char SQL[] =
      "SELECT u.id, u.tenant_id, t.company_code, u.login, u.display_name, u.email, u.roles, "
      "u.status, u.created_at, u.last_login_at FROM users u JOIN tenants t ON t.id = u.tenant_id "
      "WHERE u.tenant_id = $1 AND u.email_bidx = $2 ORDER BY u.id";
  /* A dedicated tenant's users are in its own database; its directory row is read here. */
  static const char OWN[] =
      "SELECT u.id, u.tenant_id, CAST($3 AS TEXT) AS company_code, u.login, u.display_name, "
      "u.email, u.roles, u.status, u.created_at, u.last_login_at FROM users u "
      "WHERE u.tenant_id = $1 AND u.email_bidx = $2 ORDER BY u.id";
  static const char *const sealed[] = {"display_name", "display_name", "email", "email", NULL};
  int rc = an_store_seal_sync(db);
  int64_t *ids = NULL;
  size_t n = rc < 0 ? 0 : an_store_seal_tenants(&ids);
  for (size_t i = 0; i < n && rc >= 0; i++) {
    char bidx[AN_BLIND_HEX];
    if (!an_store_blind(ids[i], email, bidx))
      continue;
    struct an_db *own;
    if ((rc = an_store_route_peek(db, ids[i], &own)) < 0)
      break;
    struct an_tenant t = {0};
    if (own != db && (rc = an_store_tenant_by_id(db, ids[i], &t)) <= 0)
      continue;
    struct an_db_param p[] = {AN_P_INT(ids[i]), AN_P_TEXT(bidx), AN_P_TEXT(t.company_code)};
    rc = own == db ? an_store_rows(db, SQL, p, 2, out) : an_store_rows(own, OWN, p, 3, out);
  }
  free(ids);
  an_store_open_rows(out, 0, "tenant_id", "users", "id", sealed);
  return rc < 0 ? rc : (int)json_array_size(out);
}

int an_store_pdr_audit_of_user(struct an_db *db, int64_t tenant_id, int64_t user_id, json_t *out)
{
  /* The person's own actions, and the actions done to their account (target user:<id>); the
   * sign-in events of the account (auth.*, recorded before the session exists) count as their
   * own. */
  static const char SQL[] =
      "SELECT at, action, outcome, target, client_ip, "
      "CASE WHEN (actor_kind = 'user' AND actor_id = $2) OR (target = $3 AND action LIKE 'auth.%') "
      "THEN 1 ELSE 0 END AS own "
      "FROM audit_events WHERE tenant_id = $1 AND ((actor_kind = 'user' AND actor_id = $2) "
      "OR target = $3) ORDER BY at LIMIT 10000";
  char *target = an_asprintf("user:%lld", (long long)user_id);
  int rc = an_store_rows(db, SQL,
                         AN_ARGS(AN_P_INT(tenant_id), AN_P_INT(user_id), AN_P_TEXT(target)), out);
  free(target);
  return rc;
}

int an_store_pdr_tickets_all(struct an_db *db, const char *email, json_t *out)
{
  /* Sealed per tenant (store/support_tickets.c): found through each key's blind index of the
   * address, the operator's (tickets of no tenant) and every tenant's, then opened in id order. */
  static const char SQL[] = "SELECT id, tenant_id, ref, channel, category, status, subject, "
                            "requester_name, requester_email, created_at FROM tickets "
                            "WHERE tenant_id = $1 AND requester_bidx = $2";
  static const char *const sealed[] = {
      "subject",         "subject", "requester_name", "requester_name", "requester_email",
      "requester_email", NULL};
  json_t *rows = json_array();
  int rc = per_key(db, SQL, email, rows);
  an_store_open_rows(rows, 0, "tenant_id", "tickets", NULL, sealed);
  sort_by_id(rows);
  json_array_extend(out, rows);
  json_decref(rows);
  return rc < 0 ? rc : (int)json_array_size(out);
}

int an_store_pdr_mails_all(struct an_db *db, const char *email, json_t *out)
{
  /* Sealed per tenant (store/seal.h): found through each key's blind index of the address,
   * the operator's (mail of no tenant) and every tenant's, then opened and put in order. */
  static const char SQL[] =
      "SELECT id, COALESCE(tenant_id, 0) AS tenant_id, to_addr, subject, template, body_text, "
      "status, created_at FROM mail_outbox WHERE to_bidx = $2 AND COALESCE(tenant_id, 0) = $1";
  static const char *const sealed[] = {"to_addr",   "to_addr",   "subject", "subject",
                                       "body_text", "body_text", NULL};
  json_t *rows = json_array();
  int rc = per_key(db, SQL, email, rows);
  an_store_open_rows(rows, 0, "tenant_id", "mail_outbox", NULL, sealed);
  /* In id order, without the tenant id the caller did not ask for. */
  size_t count = json_array_size(rows);
  sort_by_id(rows);
  size_t i;
  json_t *r;
  json_array_foreach(rows, i, r)
  {
    json_object_del(r, "tenant_id");
    json_array_append(out, r);
  }
  json_decref(rows);
  return rc < 0 ? rc : (int)count;
}

int an_store_pdr_correct_user(struct an_db *db, int64_t tenant_id, int64_t user_id,
                              const char *display_name, const char *email, int64_t now)
{
  /* What is not corrected keeps its value; both are sealed again (store/users.c). */
  struct an_user u;
  int rc = an_store_user_by_id(db, tenant_id, user_id, &u);
  if (rc <= 0)
    return rc;
  return an_store_user_set_profile(db, tenant_id, user_id,
                                   display_name ? display_name : u.display_name,
                                   email ? email : u.email, now);
}

int an_store_pdr_set_reminded(struct an_db *db, int64_t tenant_id, int64_t id, const char *had,
                              const char *reminded)
{
  static const char SQL[] = "UPDATE pd_requests SET reminded = $3 WHERE id = $1 AND tenant_id = $2 "
                            "AND reminded = $4";
  return an_db_query(
      db, SQL, AN_ARGS(AN_P_INT(id), AN_P_INT(tenant_id), AN_P_TEXT(reminded), AN_P_TEXT(had)),
      NULL, NULL);
}
