#include "store/public_version.h"

#include <stdatomic.h>
#include <string.h>

static _Atomic uint64_t generation = 1;

static void bump(void)
{
  atomic_fetch_add(&generation, 1);
}

uint64_t an_store_public_generation(void)
{
  return atomic_load(&generation);
}

void an_store_public_touch(struct an_db *db)
{
  if (an_db_in_txn(db))
    an_db_after_commit(db, bump);
  else
    bump();
}

static void fingerprint_cb(void *cls, const struct an_db_row *row)
{
  struct an_public_fingerprint *f = cls;
  for (int i = 0; i < AN_PUBLIC_FINGERPRINT_N; i++)
    f->v[i] = an_db_row_int(row, i);
}

int an_store_public_fingerprint(struct an_db *db, struct an_public_fingerprint *out)
{
  static const char SQL_PG[] = "SELECT (SELECT count(*) FROM shops), "
                               "(SELECT COALESCE(sum(xmin::text::bigint), 0) FROM shops), "
                               "(SELECT count(*) FROM services), "
                               "(SELECT COALESCE(sum(xmin::text::bigint), 0) FROM services), "
                               "(SELECT count(*) FROM plans), "
                               "(SELECT COALESCE(sum(xmin::text::bigint), 0) FROM plans), "
                               "(SELECT count(*) FROM documents), "
                               "(SELECT COALESCE(sum(xmin::text::bigint), 0) FROM documents)";
  static const char SQL_SQLITE[] =
      "SELECT (SELECT count(*) FROM shops), (SELECT COALESCE(sum(updated_at), 0) FROM shops), "
      "(SELECT count(*) FROM services), (SELECT COALESCE(sum(updated_at), 0) FROM services), "
      "(SELECT count(*) FROM plans), (SELECT COALESCE(max(id), 0) FROM plans), "
      "(SELECT count(*) FROM documents), (SELECT COALESCE(max(id), 0) FROM documents)";
  memset(out, 0, sizeof *out);
  int rc =
      an_db_query(db, an_db_is_postgres(db) ? SQL_PG : SQL_SQLITE, NULL, 0, fingerprint_cb, out);
  return rc < 0 ? rc : 1;
}
