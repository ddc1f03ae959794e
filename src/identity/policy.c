#include "identity/policy.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "crypto/password.h"

const struct an_pw_policy an_policy_staff = {.min_length = 10, .min_classes = 3,
                                             .reject_login = true};
const struct an_pw_policy an_policy_user = {.min_length = 8, .min_classes = 3,
                                            .reject_login = true};

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

static void add(json_t *errs, const char *rule, const char *ja, const char *en)
{
  json_array_append_new(errs, json_pack("{s:s, s:s, s:s}", "rule", rule, "detail_ja", ja,
                                        "detail_en", en));
}

json_t *an_policy_check(const struct an_pw_policy *p, const char *login, const char *pw)
{
  json_t *errs = json_array();
  char ja[160], en[160];
  if (an_utf8_chars(pw) < (size_t)p->min_length) {
    snprintf(ja, sizeof ja, "パスワードは%d文字以上にしてください。", p->min_length);
    snprintf(en, sizeof en, "Use at least %d characters.", p->min_length);
    add(errs, "min_length", ja, en);
  }
  if (strlen(pw) > AN_PASSWORD_MAX_LEN)
    add(errs, "max_length", "パスワードが長すぎます。", "The password is too long.");
  if (classes(pw) < p->min_classes) {
    snprintf(ja, sizeof ja, "英大文字・英小文字・数字・記号のうち%d種類以上を含めてください。",
             p->min_classes);
    snprintf(en, sizeof en,
             "Use at least %d of: upper-case letters, lower-case letters, digits, symbols.",
             p->min_classes);
    add(errs, "character_classes", ja, en);
  }
  if (p->reject_login && login && an_contains_ci(pw, login))
    add(errs, "similar_to_login", "パスワードにログインIDを含めないでください。",
        "The password must not contain the login ID.");
  if (json_array_size(errs) == 0) {
    json_decref(errs);
    return NULL;
  }
  return errs;
}
