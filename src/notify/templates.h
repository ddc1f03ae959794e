/* E-mail templates: the catalogue's mail.<name>.subject and mail.<name>.body messages
 * (core/messages.def), a subject line and a plain-text body with placeholders rendered by
 * an_msg_render_text. Nothing is escaped: mail is plain text. A placeholder without a value is
 * refused, not left empty, so a mail never goes out with a hole where its code or link should
 * be. */
#ifndef AN_NOTIFY_TEMPLATES_H
#define AN_NOTIFY_TEMPLATES_H
#include <stdbool.h>

struct an_mail_tpl {
  const char *name;    /* the name asked for (the caller's string) */
  const char *lang;    /* "ja" or "en" */
  const char *subject; /* one line */
  const char *body;    /* lines end in "\n" */
};

/* Fills out with the template name in lang ("en" for English; anything else, NULL included, is
 * Japanese: every catalogue row has both). Returns false, leaving out untouched, when there is
 * no template of that name. */
bool an_mail_tpl_find(const char *name, const char *lang, struct an_mail_tpl *out);

#endif
