/* The batch sealing and the census of the tables store/seal_fields.h seals (issue 14 item 1
 * continued): applications, change-request particulars, tickets and their messages,
 * personal-data requests, breach records, staff, status-page subscribers, ticket attachments'
 * file names and lawful disclosures' free text. */
#include "store/seal_rows_more.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "store/rows.h"
#include "store/seal.h"
#include "store/seal_fields.h"

#define MAX_COLS 5

/* One table: its sealed columns, the tenant whose key seals a row (a column, or NULL for the
 * operator key) and the blind index kept of one column. */
struct sealed_table {
  const char *table;
  const char *tenant; /* column naming the row's tenant, or NULL: the operator's */
  const char *cols[MAX_COLS + 1];
  const char *bidx_of, *bidx_col; /* column whose blind index goes into bidx_col, or NULL */
};

static const struct sealed_table TABLES[] = {
    {"applications",
     NULL,
     {"address", "phone", "responsible_name", "responsible_email", "consent_by"},
     NULL,
     NULL},
    {"change_requests", "tenant_id", {"details"}, NULL, NULL},
    {"tickets",
     "tenant_id",
     {"subject", "requester_name", "requester_email"},
     "requester_email",
     "requester_bidx"},
    {"ticket_events", "tenant_id", {"author_label", "body", "detail"}, NULL, NULL},
    {"pd_requests", "tenant_id", {"email", "name", "detail"}, NULL, NULL},
    {"pd_breaches", NULL, {"affected_emails"}, NULL, NULL},
    {"pd_breach_notices", NULL, {"email"}, NULL, NULL},
    {"staff", NULL, {"display_name", "email"}, NULL, NULL},
    {"ops_subscribers", NULL, {"email"}, "email", "email_bidx"},
    /* polish: a ticket attachment's file name and a lawful disclosure's free text */
    {"ticket_attachments", "tenant_id", {"filename"}, NULL, NULL},
    {"lawful_disclosures", "tenant_id", {"authority", "legal_basis", "data_disclosed"}, NULL, NULL},
};
#define N_TABLES (sizeof TABLES / sizeof TABLES[0])

/* Writes "SELECT id, <tenant> AS tenant_id, cols FROM table" into b: the head of the batch and
 * census statements, which read the same columns. */
static void select_cols(struct an_buf *b, const struct sealed_table *t)
{
  an_buf_printf(b, "SELECT id, %s AS tenant_id", t->tenant ? t->tenant : "0");
  for (const char *const *c = t->cols; *c; c++)
    an_buf_printf(b, ", %s", *c);
  an_buf_printf(b, " FROM %s", t->table);
}

/* SELECT id, <tenant> AS tenant_id, cols FROM table WHERE some column is plaintext and the
 * tenant has a key (rows of a tenant without one wait: nothing can seal them). */
static char *batch_sql(const struct sealed_table *t)
{
  struct an_buf b = {0};
  select_cols(&b, t);
  an_buf_puts(&b, " WHERE (");
  for (const char *const *c = t->cols; *c; c++)
    an_buf_printf(&b, "%s(%s <> '' AND %s NOT LIKE 'an1:%%')", c == t->cols ? "" : " OR ", *c, *c);
  an_buf_puts(&b, ")");
  /* A row of tenant 0 is the operator's own (sealed under the operator key, which always
   * exists): a stored value, not a parameter meaning "any tenant". */
  if (t->tenant)
    an_buf_printf(&b, " AND (%s IN (SELECT tenant_id FROM tenant_keys) OR %s = 0)", t->tenant,
                  t->tenant);
  an_buf_puts(&b, " ORDER BY id LIMIT 200");
  return an_buf_steal(&b);
}

/* UPDATE table SET c1 = $2, ... [, bidx = $n] WHERE id = $1. */
static char *update_sql(const struct sealed_table *t, size_t *n)
{
  struct an_buf b = {0};
  an_buf_printf(&b, "UPDATE %s SET ", t->table);
  *n = 1;
  for (const char *const *c = t->cols; *c; c++) {
    ++*n;
    an_buf_printf(&b, "%s%s = $%zu", c == t->cols ? "" : ", ", *c, *n);
  }
  if (t->bidx_col) {
    ++*n;
    an_buf_printf(&b, ", %s = $%zu", t->bidx_col, *n);
  }
  an_buf_puts(&b, " WHERE id = $1");
  return an_buf_steal(&b);
}

/* Each table's statements, built once and kept for the process's life: the statement caches of
 * both backends are keyed by the address of the SQL text (store/db.h), so text built per call in
 * a freed buffer gave the next buffer at the same address other text. */
static struct {
  char *select, *update, *census;
  size_t nparams;
} SQL[N_TABLES];
static pthread_once_t SQL_ONCE = PTHREAD_ONCE_INIT;

static char *census_sql(const struct sealed_table *t)
{
  struct an_buf b = {0};
  select_cols(&b, t);
  an_buf_puts(&b, " ORDER BY id");
  return an_buf_steal(&b);
}

static void build_sql(void)
{
  for (size_t i = 0; i < N_TABLES; i++) {
    SQL[i].select = batch_sql(&TABLES[i]);
    SQL[i].update = update_sql(&TABLES[i], &SQL[i].nparams);
    SQL[i].census = census_sql(&TABLES[i]);
  }
}

struct more_batch {
  const struct sealed_table *t;
  const char *select, *update;
  size_t nparams;
  long done;
};

static int seal_row(struct an_db *db, void *cls, json_t *r)
{
  const struct more_batch *b = cls;
  const struct sealed_table *t = b->t;
  int64_t tenant = an_rec_int(r, "tenant_id");
  char *v[MAX_COLS] = {0};
  struct an_db_param p[MAX_COLS + 2];
  char bidx[AN_BLIND_HEX] = "";
  int rc = 1;
  size_t k = 0;
  p[0] = AN_P_INT(an_rec_int(r, "id"));
  for (; t->cols[k]; k++) {
    const char *stored = an_rec_str(r, t->cols[k]);
    v[k] = an_store_is_sealed(stored) ? strdup(stored)
                                      : an_store_seal_for(db, tenant, t->table, t->cols[k], stored);
    if (!v[k])
      rc = AN_DB_HARD; /* the key went between the query and now: the next run goes on */
    p[k + 1] = AN_P_TEXT(v[k] ? v[k] : "");
    if (t->bidx_of && !strcmp(t->bidx_of, t->cols[k])) {
      char *plain = an_store_open_text(tenant, t->table, 0, t->cols[k], stored, NULL);
      if (plain && plain[0] && !an_store_blind(tenant, plain, bidx))
        rc = AN_DB_HARD;
      free(plain);
    }
  }
  if (t->bidx_col)
    p[++k] = AN_P_TEXT(bidx);
  if (rc > 0)
    rc = an_db_query(db, b->update, p, b->nparams, NULL, NULL);
  for (k = 0; k < MAX_COLS; k++)
    free(v[k]);
  return rc;
}

/* One batch (a transaction body). */
static int more_rows(struct an_db *db, void *cls)
{
  struct more_batch *b = cls;
  json_t *rows = json_array();
  int rc = an_store_rows(db, b->select, NULL, 0, rows);
  return an_store_seal_batch(db, rows, rc, seal_row, b, &b->done);
}

int an_store_seal_batch(struct an_db *db, json_t *rows, int rc,
                        int (*seal)(struct an_db *db, void *cls, json_t *row), void *cls,
                        long *done)
{
  size_t i;
  json_t *r;
  *done = 0;
  json_array_foreach(rows, i, r)
  {
    if (rc < 0)
      break;
    rc = seal(db, cls, r);
    (*done)++;
  }
  json_decref(rows);
  return rc < 0 ? rc : 0;
}

int an_store_seal_migrate_more(struct an_db *db, json_t *out, long *total)
{
  int rc = 0;
  pthread_once(&SQL_ONCE, build_sql);
  for (size_t i = 0; i < N_TABLES && rc >= 0; i++) {
    struct more_batch b = {&TABLES[i], SQL[i].select, SQL[i].update, SQL[i].nparams, 0};
    long n = 0;
    for (;;) {
      if ((rc = an_db_txn(db, more_rows, &b)) < 0 || b.done == 0)
        break;
      n += b.done;
    }
    json_object_set_new(out, TABLES[i].table, json_integer(n));
    *total += n;
  }
  return rc < 0 ? rc : 0;
}

int an_store_seal_census_more(struct an_db *db, an_seal_count_fn count, json_t *census)
{
  int rc = 0;
  pthread_once(&SQL_ONCE, build_sql);
  for (size_t i = 0; i < N_TABLES && rc >= 0; i++) {
    const struct sealed_table *t = &TABLES[i];
    json_t *rows = json_array();
    rc = an_store_rows(db, SQL[i].census, NULL, 0, rows);
    size_t j;
    json_t *r;
    json_array_foreach(rows, j, r) for (const char *const *c = t->cols; *c; c++)
        count(census, an_rec_int(r, "tenant_id"), an_rec_str(r, *c), 0, t->table, *c);
    json_decref(rows);
  }
  return rc < 0 ? rc : 0;
}
