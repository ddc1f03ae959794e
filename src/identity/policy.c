#include "identity/policy.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "core/messages.h"
#include "crypto/password.h"

const struct an_pw_policy an_policy_staff = {
    .min_length = 10, .min_classes = 3, .reject_login = true};
const struct an_pw_policy an_policy_user = {
    .min_length = 8, .min_classes = 3, .reject_login = true};

static int classes(const char *s)
{
  int up = 0, lo = 0, dig = 0, sym = 0;
  for (; *s; s++) {
    unsigned char c = (unsigned char)*s;
    if (isupper(c))
      up = 1;
    else if (islower(c))
      lo = 1;
    else if (isdigit(c))
      dig = 1;
    else
      sym = 1;
  }
  return up + lo + dig + sym;
}

bool an_contains_ci(const char *hay, const char *needle)
{
  size_t n = needle ? strlen(needle) : 0;
  if (n < 3)
    return false;
  for (; *hay; hay++)
    if (strncasecmp(hay, needle, n) == 0)
      return true;
  return false;
}

static void add(json_t *errs, const char *rule, const char *key, long long n)
{
  json_t *v = json_pack("{s:I}", "min", (json_int_t)n);
  json_array_append_new(errs, an_msg_field_error(rule, key, v));
  json_decref(v);
}

json_t *an_policy_check(const struct an_pw_policy *p, const char *login, const char *pw)
{
  json_t *errs = json_array();
  if (an_utf8_chars(pw) < (size_t)p->min_length)
    add(errs, "min_length", "field.password.min_length", p->min_length);
  if (strlen(pw) > AN_PASSWORD_MAX_LEN)
    add(errs, "max_length", "field.password.max_length", 0);
  if (classes(pw) < p->min_classes)
    add(errs, "character_classes", "field.password.character_classes", p->min_classes);
  if (p->reject_login && login && an_contains_ci(pw, login))
    add(errs, "similar_to_login", "field.password.similar_to_login", 0);
  if (json_array_size(errs) == 0) {
    json_decref(errs);
    return NULL;
  }
  return errs;
}
