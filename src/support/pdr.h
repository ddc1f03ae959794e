/* Personal-data requests (MARK-7-5-2; APPI Arts. 33-35): a person asks to disclose, correct, or
 * stop using / delete their personal data. The identity is verified by the login (a tenant's
 * user files for themselves) or by a six-digit code mailed to the address on record (anyone
 * else, from the public support page). Every request has a deadline ([support]
 * pdr_deadline_days, 14 by default) and a ticket of category personal_data_request. A verified
 * disclosure is a download of everything held about that address — its user records, the audit
 * events of and about those accounts, its tickets and the mails sent to it — as JSON or CSV, with
 * nothing of anyone else. Correction and stopping are carried out by staff and recorded with the
 * outcome, which is mailed to the requester. */
#ifndef AN_SUPPORT_PDR_H
#define AN_SUPPORT_PDR_H
#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/ctx.h"
#include "core/errors.h"
#include "store/db.h"
#include "support/pdr_carry.h"

#define AN_PDR_CODE_MINUTES 30
#define AN_PDR_CODE_ATTEMPTS 5
#define AN_PDR_TOKEN_HOURS 24

struct an_pdr_in {
  const char *kind;   /* disclose, correct, stop */
  const char *detail; /* what to correct or stop ("" for a disclosure) */
  const char *email;  /* the public flow: the address on record */
  const char *name;
  const char *lang;
};

/* Files a request. A tenant user: verified at once by the login, for their own address. The
 * public (AN_SCOPE_PUBLIC): a code is mailed to in->email and the request waits for it. *out gets
 * {id, status, kind, due_on}. INVALID_FIELD (with *bad_field) for an unknown kind or an address
 * without "@"; FORBIDDEN for staff, shops and tokens. */
enum an_ec an_pdr_file(const struct an_ctx *ctx, struct an_db *db, const struct an_pdr_in *in,
                       json_t **out, const char **bad_field);
/* The public flow's second step: the code mailed for request id. Right: the request is verified,
 * its ticket opened, and *out gets {id, status, download_token (disclosures; shown once, valid
 * AN_PDR_TOKEN_HOURS)}. Wrong or expired: AUTH_BAD_CREDENTIALS (the attempt counted; after
 * AN_PDR_CODE_ATTEMPTS the code is dead); NOT_FOUND for an unknown id or one not waiting. */
enum an_ec an_pdr_verify(const struct an_ctx *ctx, struct an_db *db, int64_t id, const char *code,
                         json_t **out);
/* The requests ctx may see: a tenant its own users', the operator all. */
enum an_ec an_pdr_list(const struct an_ctx *ctx, struct an_db *db, json_t **out);
/* The disclosure of request id as "json" or "csv": for the tenant user who filed it, or for
 * anyone holding its download token (public). *body (heap) and *len; audited "pdr.disclose".
 * NOT_FOUND unless the request is a verified disclosure ctx may download. */
enum an_ec an_pdr_download(const struct an_ctx *ctx, struct an_db *db, int64_t id,
                           const char *token, const char *format, char **body, size_t *len);
/* Operator staff: records the outcome ("done" or "refused") with a note, closes the request and
 * mails the requester. A correction or a stop granted ("done") is carried out first
 * (support/pdr_carry.h: the corrected name or address, or whether the accounts are disabled or
 * deleted), and what was done is kept in the request ("carried_out"). CONFLICT when not
 * verified or already completed; INVALID_FIELD (with *bad_field) for an unknown outcome or a
 * grant without what carrying it out needs. */
enum an_ec an_pdr_complete(const struct an_ctx *ctx, struct an_db *db, int64_t id,
                           const char *outcome, const char *note, const struct an_pdr_action *a,
                           json_t **out, const char **bad_field);

#endif
