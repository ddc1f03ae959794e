#include "notify/templates.h"

#include <stdio.h>
#include <string.h>

#include "core/format.h"
#include "core/messages.h"

bool an_mail_tpl_find(const char *name, const char *lang, struct an_mail_tpl *out)
{
  if (!name || strlen(name) > 64)
    return false;
  char subject[96], body[96];
  snprintf(subject, sizeof subject, "mail.%s.subject", name);
  snprintf(body, sizeof body, "mail.%s.body", name);
  lang = an_lang_norm(lang);
  if (!an_msg_text(subject, lang) || !an_msg_text(body, lang))
    return false;
  *out = (struct an_mail_tpl){.name = name,
                              .lang = lang,
                              .subject = an_msg_text(subject, lang),
                              .body = an_msg_text(body, lang)};
  return true;
}
