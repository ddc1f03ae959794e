/* A record only the operator may read (a certificate of deletion, a breach record): one scope
 * rule for reading it by id. */
#ifndef AN_CORE_OPERATOR_ROW_H
#define AN_CORE_OPERATOR_ROW_H
#include <jansson.h>
#include <stdint.h>

#include "core/ctx.h"
#include "core/errors.h"

struct an_db;

/* The row get_all(db, id, row) reads, into *row, when ctx is the operator's: refused for anyone
 * else (the caller chooses: not found to hide the record, forbidden to say it is there), else
 * an_ec_of_read of the read (AN_EC_OK, AN_EC_GENERIC_NOT_FOUND, AN_EC_GENERIC_INTERNAL). */
enum an_ec an_operator_row(const struct an_ctx *ctx, enum an_ec refused, struct an_db *db,
                           int (*get_all)(struct an_db *db, int64_t id, json_t **row), int64_t id,
                           json_t **row);

#endif
