/* The operator edits a contractor's registered particulars (issue 10 item 5; Art. 10, TOS-4,
 * TOS-14): company name, address, phone and responsible person. The contractor notifies such a
 * change at least 30 days ahead; the operator enters it on the day it applies, with the day the
 * notice arrived, and a notice that came later than that is recorded as late. The change is
 * audited (tenant.details_edit: which fields, the notice's day, whether it was late; the company
 * name's old and new value, personal values only sealed in the tenant row) and the responsible
 * person is told in the portal and by mail in the tenant's language (the one replaced too). */
#ifndef AN_MARKET_TENANT_EDIT_H
#define AN_MARKET_TENANT_EDIT_H
#include <jansson.h>
#include <stdint.h>

#include "core/ctx.h"
#include "core/errors.h"
#include "core/spec.h"
#include "store/db.h"

/* The body of PATCH /api/v1/tenants/{id}: every field optional (absent: unchanged), at least one
 * particular; notified_on (YYYY-MM-DD, not after today) defaults to today. */
struct an_tenant_patch {
  char *name, *address, *phone, *responsible_name, *responsible_email, *notified_on;
  uint64_t nulls;
};
extern const struct an_spec an_tenant_patch_spec;

/* Applies the patch to tenant id now. *field names the offending field of INVALID_FIELD (nothing
 * to change, an e-mail address that is not one, notified_on not a past or present day). *out gets
 * {tenant, changed: [fields], notified_on, late_notice}. Returns AN_EC_OK,
 * AN_EC_GENERIC_NOT_FOUND, AN_EC_GENERIC_INVALID_FIELD or AN_EC_GENERIC_INTERNAL. */
enum an_ec an_tenant_update(const struct an_ctx *ctx, struct an_db *db, int64_t id,
                            const struct an_tenant_patch *in, const char **field, json_t **out);

#endif
