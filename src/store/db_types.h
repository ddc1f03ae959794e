/* The values shared by the store's interface (store/db.h) and its backends
 * (store/db_backend.h): statuses, parameter and column types, the row callback, transaction
 * modes. Included through store/db.h; nothing else includes it directly. */
#ifndef AN_STORE_DB_TYPES_H
#define AN_STORE_DB_TYPES_H
#include <stddef.h>
#include <stdint.h>

enum an_db_status {
  AN_DB_ROLLBACK = -3, /* a transaction body chose to roll back (business rule), not an error */
  AN_DB_HARD = -2,
  AN_DB_SOFT = -1,
  AN_DB_NONE = 0,
  AN_DB_ONE = 1,
};

enum an_db_type { AN_DB_T_NULL, AN_DB_T_INT, AN_DB_T_TEXT, AN_DB_T_BLOB };

struct an_db_param {
  enum an_db_type type;
  int64_t i;
  const char *s;
  const void *b;
  size_t n;
};

#define AN_P_NULL ((struct an_db_param){.type = AN_DB_T_NULL})
#define AN_P_INT(v) ((struct an_db_param){.type = AN_DB_T_INT, .i = (int64_t)(v)})
/* A NULL string binds SQL NULL. A function, not a macro, so a named array may be passed without
 * an always-true address test. */
static inline struct an_db_param an_p_text(const char *s)
{
  return (struct an_db_param){.type = s ? AN_DB_T_TEXT : AN_DB_T_NULL, .s = s};
}
#define AN_P_TEXT(v) an_p_text(v)
#define AN_P_BLOB(p, len) ((struct an_db_param){.type = AN_DB_T_BLOB, .b = (p), .n = (len)})
#define AN_P_BOOL(v) AN_P_INT((v) ? 1 : 0)
/* A statement's parameters written in place: AN_ARGS(AN_P_INT(a), AN_P_TEXT(b)) stands for the
 * array and its length, the (params, n) pair of an_db_query and of the readers of store/rows.h
 * and store/query.h. */
#define AN_ARGS(...)                                                                               \
  ((const struct an_db_param[]){__VA_ARGS__}),                                                     \
      (sizeof((const struct an_db_param[]){__VA_ARGS__}) / sizeof(struct an_db_param))

struct an_db;
struct an_db_row;

/* Called once per result row; the row's values are valid only during the call. */
typedef void (*an_db_row_cb)(void *cls, const struct an_db_row *row);

/* The isolation a transaction asks for; see an_db_txn_mode in store/db.h. */
enum an_db_mode { AN_DB_SERIALIZABLE, AN_DB_READ_COMMITTED, AN_DB_SNAPSHOT };

#endif
