#include "notify/notice.h"

#include <stdlib.h>

#include "core/buf.h"
#include "core/messages.h"
#include "notify/mail.h"
#include "store/lang.h"
#include "store/market_ops.h"
#include "store/review_reminders.h"

static char *render(const char *key, const char *part, const char *lang, const json_t *vars)
{
  struct an_buf k = {0};
  an_buf_printf(&k, "notice.%s.%s", key, part);
  char *text = k.data ? an_msg_render(k.data, lang, vars) : NULL;
  an_buf_free(&k);
  return text;
}

int an_notify_portal_notice(const struct an_ctx *ctx, struct an_db *db, int64_t tenant_id,
                            const char *kind, const char *key, const json_t *vars, const char *ref)
{
  static const char *const langs[2] = {"ja", "en"};
  char *t[2], *b[2];
  for (int i = 0; i < 2; i++) {
    t[i] = render(key, "title", langs[i], vars);
    b[i] = render(key, "body", langs[i], vars);
  }
  int rc = AN_DB_HARD;
  if (t[0] && t[1] && b[0] && b[1]) {
    struct an_notice_text text = {t[0], b[0], t[1], b[1]};
    rc = an_store_notice_insert(db, tenant_id, kind, &text, ref, ctx->now);
  }
  for (int i = 0; i < 2; i++) {
    free(t[i]);
    free(b[i]);
  }
  return rc;
}

struct admins {
  const struct an_ctx *ctx;
  struct an_db *db;
  int64_t tenant_id;
  const char *key;
  const json_t *vars;
  int64_t count;
  int rc;
};

/* One admin's mail, in the admin's language, addressed by name (様 in Japanese). */
static void admin_cb(void *cls, const struct an_review_admin *a)
{
  struct admins *s = cls;
  if (s->rc < 0)
    return;
  char lang[AN_LANG_STRLEN];
  int rc = an_store_user_lang(s->db, s->tenant_id, a->id, lang);
  if (rc >= 0)
    rc = an_mail_notice_msg(s->ctx, s->db, s->tenant_id, a->email, a->display_name, lang, s->key,
                            s->vars);
  if (rc < 0)
    s->rc = rc;
  else
    s->count++;
}

int an_notify_tenant_admins(const struct an_ctx *ctx, struct an_db *db, int64_t tenant_id,
                            const char *key, const json_t *vars, int64_t *count)
{
  struct admins s = {ctx, db, tenant_id, key, vars, 0, 0};
  int rc = an_store_review_admins(db, tenant_id, admin_cb, &s);
  *count = s.count;
  return rc < 0 ? rc : s.rc < 0 ? s.rc : 0;
}
