#include "store/support_breach.h"

#include "store/placement.h"

#include <stdlib.h>
#include <string.h>

#include "store/query.h"
#include "store/rows.h"
#include "store/seal.h"
#include "store/seal_fields.h"

/* A breach record is the operator's (it outlives the affected tenant as evidence): the affected
 * addresses and the addresses notified are sealed under the operator key
 * (store/seal_fields.h). */
static const char *const BREACH_SEALED[] = {"affected_emails", "affected_emails", NULL};
static const char *const NOTICE_SEALED[] = {"email", "email", NULL};

/* Opens what was read into out (an array or one record); passes rc through. */
static int opened(struct an_db *db, json_t *out, const char *table, const char *const *pairs,
                  int rc)
{
  if (rc > 0 || json_is_array(out))
    an_store_open_fields(db, out, 0, NULL, table, pairs);
  return rc;
}

#define BREACH_COLS                                                                                \
  "id, title, what_leaked, whose, found_on, malicious, affected_tenant_id, affected_emails, "      \
  "preliminary_due_on, final_due_on, preliminary_at, final_at, published_at, notified_count, "     \
  "reminded, created_by, created_at FROM pd_breaches"

int an_store_breach_insert(struct an_db *db, const json_t *b, int64_t *id)
{
  static const char SQL[] =
      "INSERT INTO pd_breaches (title, what_leaked, whose, found_on, malicious, "
      "affected_tenant_id, affected_emails, preliminary_due_on, final_due_on, created_by, "
      "created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING id";
  static const char *const KEYS[] = {
      "t:title",        "t:what_leaked",        "t:whose",           "t:found_on",
      "i:malicious",    "i:affected_tenant_id", "t:affected_emails", "t:preliminary_due_on",
      "t:final_due_on", "t:created_by",         "i:created_us"};
  static const struct an_store_sealed S = {"pd_breaches", NULL, BREACH_SEALED};
  return an_store_rec_sealed_query(db, SQL, b, 0, &S, KEYS, 11, an_store_int_cb, id);
}

int an_store_breach_get_all(struct an_db *db, int64_t id, json_t **out)
{
  static const char SQL[] = "SELECT " BREACH_COLS " WHERE id = $1";
  int rc = an_store_row(db, SQL, AN_ARGS(AN_P_INT(id)), out);
  return opened(db, *out, "pd_breaches", BREACH_SEALED, rc);
}

int an_store_breach_list_all(struct an_db *db, json_t *out)
{
  static const char SQL[] = "SELECT " BREACH_COLS " ORDER BY id DESC LIMIT 500";
  json_t *rows = json_array();
  int rc = an_store_rows(db, SQL, NULL, 0, rows);
  opened(db, rows, "pd_breaches", BREACH_SEALED, rc);
  json_array_extend(out, rows);
  json_decref(rows);
  return rc;
}

int an_store_breach_mark(struct an_db *db, int64_t id, const char *column, int64_t at)
{
  /* One statement per column: SQL is never built from strings. */
  static const char PRE[] = "UPDATE pd_breaches SET preliminary_at = $2 WHERE id = $1";
  static const char FIN[] = "UPDATE pd_breaches SET final_at = $2 WHERE id = $1";
  static const char PUB[] = "UPDATE pd_breaches SET published_at = $2 WHERE id = $1";
  const char *sql = column[0] == 'p' && column[1] == 'r' ? PRE : column[0] == 'f' ? FIN : PUB;
  return an_db_query(db, sql, AN_ARGS(AN_P_INT(id), AN_P_INT(at)), NULL, NULL);
}

int an_store_breach_add_notified(struct an_db *db, int64_t id, int64_t n)
{
  static const char SQL[] =
      "UPDATE pd_breaches SET notified_count = notified_count + $2 WHERE id = $1";
  return an_db_query(db, SQL, AN_ARGS(AN_P_INT(id), AN_P_INT(n)), NULL, NULL);
}

int an_store_breach_set_reminded(struct an_db *db, int64_t id, const char *had,
                                 const char *reminded)
{
  static const char SQL[] = "UPDATE pd_breaches SET reminded = $2 WHERE id = $1 AND reminded = $3";
  return an_db_query(db, SQL, AN_ARGS(AN_P_INT(id), AN_P_TEXT(reminded), AN_P_TEXT(had)), NULL,
                     NULL);
}

int an_store_breach_step_add(struct an_db *db, int64_t id, const char *step, const char *content,
                             const char *by, int64_t now)
{
  static const char SQL[] = "INSERT INTO pd_breach_steps (breach_id, step, content, done_by, "
                            "created_at) VALUES ($1, $2, $3, $4, $5)";
  return an_db_query(
      db, SQL,
      AN_ARGS(AN_P_INT(id), AN_P_TEXT(step), AN_P_TEXT(content), AN_P_TEXT(by), AN_P_INT(now)),
      NULL, NULL);
}

int an_store_breach_steps(struct an_db *db, int64_t id, json_t *out)
{
  static const char SQL[] = "SELECT id, step, content, done_by, created_at FROM pd_breach_steps "
                            "WHERE breach_id = $1 ORDER BY id";
  return an_store_rows(db, SQL, AN_ARGS(AN_P_INT(id)), out);
}

int an_store_breach_notice_add(struct an_db *db, int64_t id, const char *email, int64_t mail_id,
                               int64_t now)
{
  static const char SQL[] = "INSERT INTO pd_breach_notices (breach_id, email, mail_id, "
                            "created_at) VALUES ($1, $2, $3, $4)";
  char *sealed = an_store_seal_for(db, 0, "pd_breach_notices", "email", email);
  if (!sealed)
    return AN_DB_HARD;
  int rc = an_db_query(db, SQL,
                       AN_ARGS(AN_P_INT(id), AN_P_TEXT(sealed), AN_P_INT(mail_id), AN_P_INT(now)),
                       NULL, NULL);
  free(sealed);
  return rc;
}

int an_store_breach_notices(struct an_db *db, int64_t id, json_t *out)
{
  static const char SQL[] = "SELECT id, email, mail_id, created_at FROM pd_breach_notices "
                            "WHERE breach_id = $1 ORDER BY id";
  struct an_db_param p[] = {AN_P_INT(id)};
  json_t *rows = json_array();
  int rc = an_store_rows(db, SQL, p, 1, rows);
  opened(db, rows, "pd_breach_notices", NOTICE_SEALED, rc);
  json_array_extend(out, rows);
  json_decref(rows);
  return rc;
}

static int cmp_str(const void *a, const void *b)
{
  return strcmp(*(const char *const *)a, *(const char *const *)b);
}

int an_store_breach_tenant_emails(struct an_db *db, int64_t tenant_id, json_t *out)
{
  /* The addresses are sealed (store/seal.h): opened, then made distinct and sorted here. */
  static const char SQL[] = "SELECT id, email FROM users WHERE tenant_id = $1 "
                            "AND status = 'active' AND email <> ''";
  static const char *const sealed[] = {"email", "email", NULL};
  if (!an_store_scoped(tenant_id, __func__))
    return 0;
  struct an_db_param p[] = {AN_P_INT(tenant_id)};
  json_t *rows = json_array();
  int rc = an_store_tenant_rows_opened(db, tenant_id, SQL, p, 1, "users", sealed, rows);
  json_t *seen = json_object();
  size_t i;
  json_t *r;
  json_array_foreach(rows, i, r)
  {
    const char *e = an_rec_str(r, "email");
    if (e[0])
      json_object_set_new(seen, e, json_true());
  }
  const char **keys = calloc(json_object_size(seen) + 1, sizeof *keys);
  size_t n = 0;
  const char *k;
  json_t *v;
  json_object_foreach(seen, k, v) keys[n++] = k;
  qsort(keys, n, sizeof *keys, cmp_str);
  for (i = 0; i < n; i++)
    json_array_append_new(out, json_pack("{s:s}", "email", keys[i]));
  free(keys);
  json_decref(seen);
  json_decref(rows);
  return rc < 0 ? rc : (int)n;
}

#define DISCLOSURE_COLS                                                                            \
  "id, tenant_id, authority, legal_basis, data_disclosed, disclosed_on, "                          \
  "prior_notice_prohibited, notice, notified_at, recorded_by, created_at FROM lawful_disclosures"

/* What was disclosed, to whom and on what basis is the tenant's free text: sealed under its key. */
static const char *const DISCLOSURE_SEALED[] = {"authority",   "authority",      "legal_basis",
                                                "legal_basis", "data_disclosed", "data_disclosed",
                                                NULL};

static const struct an_store_sealed DISCLOSURES = {"lawful_disclosures", "tenant_id",
                                                   DISCLOSURE_SEALED};

static int disclosures_opened(struct an_db *db, json_t *out, int rc)
{
  if (rc > 0 || json_is_array(out))
    an_store_open_fields(db, out, 0, "tenant_id", "lawful_disclosures", DISCLOSURE_SEALED);
  return rc;
}

int an_store_disclosure_insert(struct an_db *db, const json_t *in, int64_t *id)
{
  static const char SQL[] =
      "INSERT INTO lawful_disclosures (tenant_id, authority, legal_basis, data_disclosed, "
      "disclosed_on, prior_notice_prohibited, notice, recorded_by, created_at) "
      "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id";
  static const char *const KEYS[] = {
      "i:tenant_id",      "t:authority",    "t:legal_basis",
      "t:data_disclosed", "t:disclosed_on", "i:prior_notice_prohibited",
      "t:notice",         "t:recorded_by",  "i:created_us"};
  return an_store_rec_sealed_query(db, SQL, in, an_rec_int(in, "tenant_id"), &DISCLOSURES, KEYS, 9,
                                   an_store_int_cb, id);
}

int an_store_disclosure_get_all(struct an_db *db, int64_t id, json_t **out)
{
  static const char SQL[] = "SELECT " DISCLOSURE_COLS " WHERE id = $1";
  return an_store_row_opened(db, SQL, AN_ARGS(AN_P_INT(id)), &DISCLOSURES, out);
}

int an_store_disclosure_list_all(struct an_db *db, json_t *out)
{
  static const char SQL[] = "SELECT " DISCLOSURE_COLS " ORDER BY id DESC LIMIT 500";
  int rc = an_store_rows(db, SQL, NULL, 0, out);
  return disclosures_opened(db, out, rc);
}

int an_store_disclosure_notified(struct an_db *db, int64_t tenant_id, int64_t id,
                                 const char *notice, int64_t at)
{
  static const char SQL[] = "UPDATE lawful_disclosures SET notice = $3, notified_at = $4 "
                            "WHERE id = $1 AND tenant_id = $2";
  return an_db_query(db, SQL,
                     AN_ARGS(AN_P_INT(id), AN_P_INT(tenant_id), AN_P_TEXT(notice), AN_P_INT(at)),
                     NULL, NULL);
}
