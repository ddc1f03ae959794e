/* Numbered schema migrations, one list per backend, embedded at build time from
 * src/store/migrations/<driver>/NNN_name.sql. */
#ifndef AN_STORE_MIGRATE_H
#define AN_STORE_MIGRATE_H
#include <stddef.h>

struct an_migration {
  int version;
  const char *name;
  const char *sql;
};

struct an_db;

extern const struct an_migration an_migrations_sqlite[];
extern const struct an_migration an_migrations_postgres[];

/* Applies every migration newer than the database's version, each in its own transaction, and
 * records it in schema_migrations. Safe to run concurrently from several processes (PostgreSQL
 * takes an advisory lock; SQLite a write lock). Returns the number applied (>= 0), or -1 with a
 * message in err. */
int an_store_migrate(struct an_db *db, char *err, size_t errlen);
/* The same, applying no migration above version to (0: all): a database built to an older
 * schema, to upgrade step by step or to test a migration over data of the schema before it. */
int an_store_migrate_to(struct an_db *db, int to, char *err, size_t errlen);
/* The highest version applied, 0 for an empty database, -1 on error. */
int an_store_schema_version(struct an_db *db);

#endif
