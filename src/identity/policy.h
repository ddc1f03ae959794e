/* Password policy: the rules a new password must meet. Every broken rule is reported, each with a
 * Japanese and an English explanation, so a person can fix them all at once. */
#ifndef AN_IDENTITY_POLICY_H
#define AN_IDENTITY_POLICY_H
#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

#include "core/utf8.h" /* an_utf8_chars, used with these policies */

struct an_pw_policy {
  int min_length;    /* in characters (UTF-8 code points) */
  int min_classes;   /* of upper, lower, digit, symbol */
  bool reject_login; /* refuse passwords containing the login (case-insensitive) */
};

/* The policy for operator staff (privileged accounts: SLA-18 asks at least 8 characters). */
extern const struct an_pw_policy an_policy_staff;
/* The default policy for tenant users (SLA-19: at least 8 characters), until each tenant sets
 * its own. */
extern const struct an_pw_policy an_policy_user;

/* True when hay contains needle ignoring ASCII case; needles shorter than 3 never match. */
bool an_contains_ci(const char *hay, const char *needle);
/* Checks pw against p. Returns NULL when it passes, else a JSON array of
 * {"rule","detail_ja","detail_en"} (caller owns it). */
json_t *an_policy_check(const struct an_pw_policy *p, const char *login, const char *pw);

#endif
