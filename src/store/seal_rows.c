#include "store/seal_rows.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/alloc.h"
#include "store/placement.h"
#include "store/rows.h"
#include "store/seal.h"
#include "store/seal_rows_more.h"
#include "store/tenants.h"
#include "store/users.h"

#define BATCH "200"
#define PLAIN(c) "(" c " <> '' AND " c " NOT LIKE 'an1:%')"

struct batch;

/* The next rows of each table still holding plaintext. */
/* clang-format off */
static const char USERS_SQL[] =
    "SELECT id, tenant_id, display_name, email FROM users "
    "WHERE (" PLAIN("display_name") " OR " PLAIN("email") ") "
    "AND tenant_id IN (SELECT tenant_id FROM tenant_keys) ORDER BY id LIMIT " BATCH;
/* The same in a dedicated tenant's own database (store/placement.c), for that tenant. */
static const char OWN_USERS_SQL[] =
    "SELECT id, tenant_id, display_name, email FROM users "
    "WHERE (" PLAIN("display_name") " OR " PLAIN("email") ") "
    "AND tenant_id = $1 ORDER BY id LIMIT " BATCH;
static const char TENANTS_SQL[] =
    "SELECT id, responsible_name, responsible_email, address, phone FROM tenants "
    "WHERE id IN (SELECT tenant_id FROM tenant_keys) "
    "AND (" PLAIN("responsible_name") " OR " PLAIN("responsible_email") " OR " PLAIN("address")
    " OR " PLAIN("phone") ") ORDER BY id LIMIT " BATCH;
static const char MAILS_SQL[] =
    "SELECT id, tenant_id, to_addr, subject, body_text FROM mail_outbox "
    "WHERE " PLAIN("to_addr") " AND (tenant_id IS NULL OR tenant_id IN "
    "(SELECT tenant_id FROM tenant_keys)) ORDER BY id LIMIT " BATCH;
/* clang-format on */

/* Seals one row of a batch; < 0 stops the batch (its transaction is rolled back). */
typedef int (*row_fn)(struct an_db *db, json_t *row, struct batch *b);

struct batch {
  int64_t now;
  const char *sql; /* the next rows of a table still holding plaintext */
  row_fn seal;     /* seals one of them */
  long done;
  int64_t tenant_id; /* nonzero: sql ($1 = it) runs in that tenant's own database */
};

static int seal_one(struct an_db *db, void *cls, json_t *r)
{
  struct batch *b = cls;
  return b->seal(db, r, b);
}

/* One batch (a transaction body): the rows of b->sql, each sealed by b->seal; b->done counts
 * them. */
static int each_row(struct an_db *db, void *cls)
{
  struct batch *b = cls;
  json_t *rows = json_array();
  struct an_db *src = db; /* joined to this transaction: the rows are sealed where they are */
  int rc = b->tenant_id ? an_store_route(db, b->tenant_id, AN_ROUTE_WRITE, &src) : 0;
  struct an_db_param p[] = {AN_P_INT(b->tenant_id)};
  if (rc >= 0)
    rc = an_store_rows(src, b->sql, b->tenant_id ? p : NULL, b->tenant_id ? 1 : 0, rows);
  return an_store_seal_batch(db, rows, rc, seal_one, b, &b->done);
}

static int user_row(struct an_db *db, json_t *r, struct batch *b)
{
  (void)b;
  int64_t t = an_rec_int(r, "tenant_id");
  /* A value sealed already stays as it is: opened here, sealed again with its partner. */
  char *name = an_store_open_text(t, "users", an_rec_int(r, "id"), "display_name",
                                  an_rec_str(r, "display_name"), NULL);
  char *email =
      an_store_open_text(t, "users", an_rec_int(r, "id"), "email", an_rec_str(r, "email"), NULL);
  int rc = an_store_user_seal(db, t, an_rec_int(r, "id"), name, email);
  free(name);
  free(email);
  return rc;
}

static int tenant_row(struct an_db *db, json_t *r, struct batch *b)
{
  static const char *const cols[] = {"responsible_name", "responsible_email", "address", "phone"};
  int64_t t = an_rec_int(r, "id");
  char *v[4];
  for (int k = 0; k < 4; k++)
    v[k] = an_store_open_text(t, "tenants", t, cols[k], an_rec_str(r, cols[k]), NULL);
  int rc = an_store_tenant_set_details(db, t, NULL, v[2], v[3], v[0], v[1], b->now);
  for (int k = 0; k < 4; k++)
    free(v[k]);
  return rc;
}

static int mail_row(struct an_db *db, json_t *r, struct batch *b)
{
  static const char SET[] = "UPDATE mail_outbox SET to_addr = $2, subject = $3, body_text = $4, "
                            "to_bidx = $5 WHERE id = $1";
  static const char *const cols[] = {"to_addr", "subject", "body_text"};
  (void)b;
  int64_t t = an_rec_int(r, "tenant_id");
  if (t && an_store_seal_need(db, t) != 1)
    return AN_DB_HARD; /* the key went between the query and now: the next run goes on */
  char *v[3];
  bool ok = true;
  for (int k = 0; k < 3; k++)
    ok = (v[k] = an_store_is_sealed(an_rec_str(r, cols[k]))
                     ? an_strdup(an_rec_str(r, cols[k]))
                     : an_store_seal_text(t, "mail_outbox", 0, cols[k], an_rec_str(r, cols[k]))) !=
             NULL &&
         ok;
  char bidx[AN_BLIND_HEX] = "";
  an_store_blind(t, an_rec_str(r, "to_addr"), bidx);
  struct an_db_param p[] = {AN_P_INT(an_rec_int(r, "id")), AN_P_TEXT(v[0]), AN_P_TEXT(v[1]),
                            AN_P_TEXT(v[2]), AN_P_TEXT(bidx)};
  int rc = ok ? an_db_query(db, SET, p, 5, NULL, NULL) : AN_DB_HARD;
  for (int k = 0; k < 3; k++)
    free(v[k]);
  return rc;
}

/* Runs b's batch after batch until one finds nothing; a failed batch stops the run. */
static int drain(struct an_db *db, struct batch *b, long *total)
{
  for (;;) {
    int rc = an_db_txn(db, each_row, b);
    if (rc < 0)
      return rc;
    if (b->done == 0)
      return 0;
    *total += b->done;
  }
}

int an_store_seal_migrate(struct an_db *db, int64_t now, json_t **out)
{
  long users = 0, tenants = 0, mails = 0;
  struct batch tables[] = {{now, TENANTS_SQL, tenant_row, 0, 0},
                           {now, USERS_SQL, user_row, 0, 0},
                           {now, MAILS_SQL, mail_row, 0, 0}};
  long *totals[] = {&tenants, &users, &mails};
  int rc = an_store_seal_sync(db);
  if (rc >= 0)
    rc = an_store_seal_missing_keys(db);
  for (size_t i = 0; i < 3 && rc >= 0; i++)
    rc = drain(db, &tables[i], totals[i]);
  /* Dedicated tenants' users, each in its own database (one tenant per transaction). */
  int64_t *ids = NULL;
  size_t n = rc >= 0 ? an_store_placement_dedicated(db, &ids) : 0;
  for (size_t i = 0; i < n && rc >= 0; i++) {
    struct batch own = {now, OWN_USERS_SQL, user_row, 0, ids[i]};
    if ((rc = an_store_seal_need(db, ids[i])) == 1) /* a tenant with its key (not erased) */
      rc = drain(db, &own, &users);
  }
  free(ids);
  *out = json_pack("{s:i, s:i, s:i}", "users", (int)users, "tenants", (int)tenants, "mails",
                   (int)mails);
  long more = 0;
  if (rc >= 0)
    rc = an_store_seal_migrate_more(db, *out, &more);
  mails += more; /* for the checkpoint below */
  /* SQLite: the replaced plaintext was zeroed in the new page versions (secure_delete); a
   * checkpoint moves them into the file and empties the WAL that still held the old ones. */
  if (rc >= 0 && users + tenants + mails > 0 && !an_db_is_postgres(db))
    an_db_exec_script(db, "PRAGMA wal_checkpoint(TRUNCATE)");
  return rc < 0 ? rc : 0;
}

static void count(json_t *census, int64_t tenant, const char *stored, int64_t row,
                  const char *table, const char *column)
{
  if (!stored || !stored[0])
    return;
  const char *kind = "plaintext";
  if (an_store_is_sealed(stored)) {
    bool unreadable = false;
    free(an_store_open_text(tenant, table, row, column, stored, &unreadable));
    kind = unreadable ? "unreadable" : "readable";
  }
  char key[24];
  snprintf(key, sizeof key, "%lld", (long long)tenant);
  json_t *tenants = json_object_get(census, "tenants"), *t = json_object_get(tenants, key);
  if (!t) {
    t = json_pack("{s:i, s:i, s:i}", "plaintext", 0, "readable", 0, "unreadable", 0);
    json_object_set_new(tenants, key, t);
  }
  json_t *totals = json_object_get(census, "totals");
  json_object_set_new(t, kind, json_integer(json_integer_value(json_object_get(t, kind)) + 1));
  json_object_set_new(totals, kind,
                      json_integer(json_integer_value(json_object_get(totals, kind)) + 1));
}

/* Appends every dedicated tenant's users, read in its own database, to u. */
static int own_users(struct an_db *db, json_t *u)
{
  static const char SQL[] =
      "SELECT id, tenant_id, display_name, email FROM users WHERE tenant_id = $1 ORDER BY id";
  int64_t *ids = NULL;
  size_t n = an_store_placement_dedicated(db, &ids);
  int rc = 0;
  for (size_t i = 0; i < n && rc >= 0; i++) {
    struct an_db *own;
    struct an_db_param p[] = {AN_P_INT(ids[i])};
    if ((rc = an_store_route_peek(db, ids[i], &own)) >= 0 && own != db)
      rc = an_store_rows(own, SQL, p, 1, u);
  }
  free(ids);
  return rc;
}

int an_store_seal_census(struct an_db *db, json_t **out)
{
  static const char USERS[] = "SELECT id, tenant_id, display_name, email FROM users ORDER BY id";
  static const char TENANTS[] = "SELECT id, responsible_name, responsible_email, address, phone "
                                "FROM tenants ORDER BY id";
  static const char MAILS[] = "SELECT id, COALESCE(tenant_id, 0) AS tenant_id, to_addr, subject, "
                              "body_text FROM mail_outbox ORDER BY id";
  json_t *c = json_pack("{s:{}, s:{s:i, s:i, s:i}}", "tenants", "totals", "plaintext", 0,
                        "readable", 0, "unreadable", 0);
  json_t *u = json_array(), *t = json_array(), *m = json_array();
  int rc = an_store_seal_sync(db);
  if (rc >= 0)
    rc = an_store_rows(db, USERS, NULL, 0, u);
  if (rc >= 0)
    rc = an_store_rows(db, TENANTS, NULL, 0, t);
  if (rc >= 0)
    rc = an_store_rows(db, MAILS, NULL, 0, m);
  if (rc >= 0)
    rc = an_store_seal_census_more(db, count, c);
  size_t i;
  json_t *r;
  if (rc >= 0)
    rc = own_users(db, u);
  json_array_foreach(u, i, r)
  {
    int64_t tid = an_rec_int(r, "tenant_id"), id = an_rec_int(r, "id");
    count(c, tid, an_rec_str(r, "display_name"), id, "users", "display_name");
    count(c, tid, an_rec_str(r, "email"), id, "users", "email");
  }
  static const char *const tcols[] = {"responsible_name", "responsible_email", "address", "phone"};
  json_array_foreach(t, i, r) for (int k = 0; k < 4; k++) count(
      c, an_rec_int(r, "id"), an_rec_str(r, tcols[k]), an_rec_int(r, "id"), "tenants", tcols[k]);
  static const char *const mcols[] = {"to_addr", "subject", "body_text"};
  json_array_foreach(m, i, r) for (int k = 0; k < 3; k++)
      count(c, an_rec_int(r, "tenant_id"), an_rec_str(r, mcols[k]), 0, "mail_outbox", mcols[k]);
  json_decref(u);
  json_decref(t);
  json_decref(m);
  *out = c;
  return rc < 0 ? rc : 0;
}

int an_store_seal_outbox_all(struct an_db *db, json_t *out)
{
  static const char SQL[] =
      "SELECT id, COALESCE(tenant_id, 0) AS tenant_id, to_addr, subject, body_text, template, "
      "lang, status FROM mail_outbox ORDER BY id";
  static const char *const sealed[] = {"to_addr",   "to_addr",   "subject", "subject",
                                       "body_text", "body_text", NULL};
  int rc = an_store_seal_sync(db);
  if (rc < 0)
    return rc;
  json_t *rows = json_array();
  rc = an_store_rows(db, SQL, NULL, 0, rows);
  an_store_open_rows(rows, 0, "tenant_id", "mail_outbox", NULL, sealed);
  json_array_extend(out, rows);
  json_decref(rows);
  return rc;
}
