/* The second factor (SLA-22, WP-12): TOTP enrolment with a QR code, verification at login with
 * single-use codes, and 10 single-use recovery codes. */
#ifndef AN_IDENTITY_MFA_H
#define AN_IDENTITY_MFA_H
#include <jansson.h>
#include <stdbool.h>

#include "core/ctx.h"
#include "core/errors.h"
#include "identity/principal.h"
#include "store/db.h"

/* Starts (or restarts) a TOTP enrolment for who: a new secret, sealed (the tenant's data key for
 * tenant users, the master-derived MFA key for staff). *out gets {"secret","otpauth_uri",
 * "qr_svg"} (a data: URI). Audits mfa.totp_begin. */
enum an_ec an_mfa_totp_begin(const struct an_ctx *ctx, struct an_db *db,
                             const struct an_principal *who, json_t **out);
/* Confirms the enrolment with a current code; *codes gets the 10 recovery codes, shown once.
 * Returns AN_EC_OK, AN_EC_MFA_FAILED (wrong code or no enrolment) or AN_EC_GENERIC_INTERNAL. */
enum an_ec an_mfa_totp_confirm(const struct an_ctx *ctx, struct an_db *db,
                               const struct an_principal *who, const char *code, json_t **codes);
/* Removes the second factor. Audits mfa.totp_disable. */
enum an_ec an_mfa_totp_disable(const struct an_ctx *ctx, struct an_db *db,
                               const struct an_principal *who);
/* 1 when who has a second factor (a confirmed TOTP enrolment, or e-mail codes turned on), 0
 * when not, < 0 on error. */
int an_mfa_enrolled(struct an_db *db, const struct an_principal *who);
/* 1 when who's second factor is TOTP, 0 when it is e-mail codes (or none), < 0 on error. */
int an_mfa_has_totp(struct an_db *db, const struct an_principal *who);
/* Turns e-mail one-time codes on or off for a tenant user (staff have no e-mail address here).
 * Audits mfa.email_enable / mfa.email_disable. Returns AN_EC_OK, AN_EC_GENERIC_INVALID_FIELD
 * (staff) or AN_EC_GENERIC_INTERNAL. */
enum an_ec an_mfa_email_set(const struct an_ctx *ctx, struct an_db *db,
                            const struct an_principal *who, bool on);
/* Inside the caller's transaction: makes a 6-digit code valid for 10 minutes, stores its keyed
 * hash and queues it by e-mail (template email_otp) to the user, in lang or, when lang is NULL,
 * in the user's own language. Returns 1 or an error. */
int an_mfa_email_send(const struct an_ctx *ctx, struct an_db *db, const struct an_principal *who,
                      const char *lang);
/* Checks a TOTP code (single use, one step of drift either side) or a recovery code (single
 * use). Audits auth.mfa. Returns AN_EC_OK or AN_EC_MFA_FAILED (or AN_EC_GENERIC_INTERNAL). */
enum an_ec an_mfa_verify(const struct an_ctx *ctx, struct an_db *db, const struct an_principal *who,
                         const char *code, const char *recovery_code);

#endif
