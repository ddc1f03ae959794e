/* Operator IP restriction (CHK-9: privileged access needs IP restriction plus authentication):
 * the operator's staff work only from [security] staff_allowed_networks, and a staff account with
 * a list of its own only from that list as well. The client address is the request's (the peer,
 * or the last X-Forwarded-For entry from a trusted proxy: http/server.c). Shop staff are not the
 * operator's: only their own list applies to them. */
#ifndef AN_IDENTITY_STAFF_NETWORKS_H
#define AN_IDENTITY_STAFF_NETWORKS_H
#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "core/ctx.h"
#include "core/errors.h"
#include "store/db.h"
#include "store/staff.h"

/* True when staff account s may work from ip under ctx's configuration. An unreadable list admits
 * nobody. */
bool an_staff_networks_permit(const struct an_ctx *ctx, const struct an_staff *s, const char *ip);
/* Audits a refused address as access.denied (reason staff_network), in a transaction of its own. */
void an_staff_networks_audit_denied(const struct an_ctx *ctx, struct an_db *db,
                                    const struct an_staff *s);
/* Replaces staff account id's own list with entries (a JSON array of CIDRs; empty = none).
 * Audited staff.networks_update. Returns AN_EC_OK, AN_EC_GENERIC_INVALID_FIELD (*errors lists
 * each bad entry as {field, rule, detail_ja, detail_en}), AN_EC_GENERIC_NOT_FOUND or
 * AN_EC_GENERIC_INTERNAL. */
enum an_ec an_staff_networks_set(const struct an_ctx *ctx, struct an_db *db, int64_t id,
                                 const json_t *entries, json_t **errors);
/* *out = {entries: [CIDR], global: [CIDR]} for staff account id. Returns AN_EC_OK,
 * AN_EC_GENERIC_NOT_FOUND or AN_EC_GENERIC_INTERNAL. */
enum an_ec an_staff_networks_get(const struct an_ctx *ctx, struct an_db *db, int64_t id,
                                 json_t **out);

#endif
