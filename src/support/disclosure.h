/* The lawful-disclosure register (WP-21, TOS-26): a disclosure of a contractor's data to an
 * authority without its consent is recorded (authority, legal basis, the data, the date), and the
 * contractor is told by mail — before the disclosure, or, when prior notice is prohibited,
 * promptly after; the record shows which (notice: "prior", "pending", "after"). Operator
 * admins only. */
#ifndef AN_SUPPORT_DISCLOSURE_H
#define AN_SUPPORT_DISCLOSURE_H
#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "core/ctx.h"
#include "core/errors.h"
#include "store/db.h"

struct an_disclosure_in {
  int64_t tenant_id;
  const char *authority, *legal_basis, *data_disclosed;
  const char *disclosed_on; /* YYYY-MM-DD */
  bool prior_notice_prohibited;
};

/* Records a disclosure; without a prohibition the contractor's responsible person is mailed at
 * once (notice "prior"), else the notice waits ("pending"). INVALID_FIELD (*bad_field) for an
 * unknown tenant or a bad date. */
enum an_ec an_disclosure_record(const struct an_ctx *ctx, struct an_db *db,
                                const struct an_disclosure_in *in, json_t **out,
                                const char **bad_field);
/* Sends the pending notice once it may be given (notice "after"). CONFLICT when already sent. */
enum an_ec an_disclosure_notify(const struct an_ctx *ctx, struct an_db *db, int64_t id,
                                json_t **out);
/* {"items": [...]}, newest first. */
enum an_ec an_disclosure_list(const struct an_ctx *ctx, struct an_db *db, json_t **out);

#endif
