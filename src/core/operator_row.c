/* Reading an operator-only record by id. */
#include "core/operator_row.h"

enum an_ec an_operator_row(const struct an_ctx *ctx, enum an_ec refused, struct an_db *db,
                           int (*get_all)(struct an_db *db, int64_t id, json_t **row), int64_t id,
                           json_t **row)
{
  if (!an_scope_is_operator(ctx))
    return refused;
  return an_ec_of_read(get_all(db, id, row));
}
