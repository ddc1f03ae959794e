/* The operator console's side of deletion (issue 14, WP-11, SLA-14): requests and approvals of
 * whole-company deletions by the signed-in operator admin (ctx->actor), and the deletion
 * certificates (content for the HTML page, the signed PDF). Operator scope only: any other
 * scope gets AN_EC_GENERIC_NOT_FOUND. */
#ifndef AN_LIFECYCLE_CONSOLE_H
#define AN_LIFECYCLE_CONSOLE_H
#include <jansson.h>
#include <stdint.h>

#include "core/buf.h"
#include "core/ctx.h"
#include "core/errors.h"
#include "store/db.h"

/* The requests, newest first, into out. */
enum an_ec an_erasure_list(const struct an_ctx *ctx, struct an_db *db, json_t *out);
/* A request by the signed-in admin; *out gets {erasure}. AN_EC_GENERIC_NOT_FOUND for an unknown
 * or erased company; AN_EC_GENERIC_INVALID_FIELD for an empty reason. */
enum an_ec an_erasure_create(const struct an_ctx *ctx, struct an_db *db, const char *company_code,
                             const char *reason, json_t **out);
/* Approval by the signed-in admin, then the deletion; *out gets {erasure, certificate}.
 * AN_EC_ERASE_SELF_APPROVAL when the approver asked for it; AN_EC_GENERIC_NOT_FOUND when the
 * request is unknown or no longer pending. */
enum an_ec an_erasure_approve(const struct an_ctx *ctx, struct an_db *db, int64_t id, json_t **out);
/* Certificates: the list, one (with its content and signature), its signed PDF's bytes. */
enum an_ec an_certificate_list(const struct an_ctx *ctx, struct an_db *db, json_t *out);
enum an_ec an_certificate_get(const struct an_ctx *ctx, struct an_db *db, int64_t id, json_t **out);
enum an_ec an_certificate_pdf(const struct an_ctx *ctx, struct an_db *db, int64_t id,
                              struct an_buf *out, char **file_name);

#endif
