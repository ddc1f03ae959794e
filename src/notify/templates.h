/* E-mail templates, as data: one row per {name, lang} with a subject and a plain-text body in
 * which {{name}} placeholders are replaced by values from a JSON object. Nothing is escaped:
 * mail is plain text. A placeholder without a value is refused, not left empty, so a mail never
 * goes out with a hole where its code or link should be. */
#ifndef AN_NOTIFY_TEMPLATES_H
#define AN_NOTIFY_TEMPLATES_H
#include <jansson.h>
#include <stddef.h>

struct an_mail_tpl {
  const char *name;
  const char *lang;    /* "ja" or "en" */
  const char *subject; /* one line */
  const char *body;    /* lines end in "\n" */
};

/* The template name in lang; falls back to Japanese when lang is NULL or has no such template.
 * Returns NULL when there is no template of that name. */
const struct an_mail_tpl *an_mail_tpl_find(const char *name, const char *lang);

/* Returns text (malloc'd, caller frees) with each {{name}} (spaces inside the braces allowed,
 * name of a-z 0-9 _) replaced by vars' member of that name: a string as is, an integer in
 * decimal. Text that is not a placeholder, such as a lone "{{", is copied unchanged. Returns
 * NULL when a placeholder has no string or integer value (vars may be NULL), and writes the
 * first such name into missing (size n). */
char *an_mail_tpl_render(const char *text, const json_t *vars, char *missing, size_t n);

#endif
