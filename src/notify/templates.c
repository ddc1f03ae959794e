#include "notify/templates.h"

#include <stdio.h>
#include <string.h>

#include "core/buf.h"

#define SIG_JA                                                                                \
  "\n"                                                                                        \
  "※このメールは送信専用のアドレスからお送りしています。ご返信いただいてもお答えできません"  \
  "ので、あらかじめご了承ください。\n"                                                        \
  "\n"                                                                                        \
  "-- \n"                                                                                     \
  "anshin 運営事務局\n"

#define SIG_EN                                                                                \
  "\n"                                                                                        \
  "This message was sent from a send-only address; replies are not read.\n"                  \
  "\n"                                                                                        \
  "-- \n"                                                                                     \
  "The anshin operations team\n"

static const struct an_mail_tpl tpls[] = {
    {"email_otp", "ja", "【anshin】ログイン確認コードのお知らせ",
     "anshin をご利用いただき、ありがとうございます。\n"
     "\n"
     "ログインの確認コードをお知らせいたします。\n"
     "\n"
     "  確認コード：{{code}}\n"
     "\n"
     "確認コードの有効期限は、このメールの送信から 10 分間です。\n"
     "ログイン画面に入力して、ログインを完了してください。\n"
     "\n"
     "確認コードは、ほかの方には決してお知らせにならないでください。\n"
     "運営事務局から確認コードをお尋ねすることはございません。\n"
     "\n"
     "このメールにお心当たりがない場合は、お手数ですが本メールを破棄してください。\n"
     "第三者がログインを試みた可能性もございますので、念のためパスワードの変更をご検討ください。\n"
     SIG_JA},
    {"email_otp", "en", "[anshin] Your sign-in code",
     "Thank you for using anshin.\n"
     "\n"
     "Your sign-in code is:\n"
     "\n"
     "  {{code}}\n"
     "\n"
     "The code is valid for 10 minutes from when this message was sent.\n"
     "Enter it on the sign-in screen to finish signing in.\n"
     "\n"
     "Never share this code with anyone. The anshin team will never ask you for it.\n"
     "\n"
     "If you did not try to sign in, please ignore this message. As someone else may have\n"
     "tried to sign in to your account, you may want to change your password.\n" SIG_EN},
    {"invitation", "ja", "【anshin】{{company}} のアカウント発行のお知らせ",
     "{{company}} の管理者により、anshin のアカウントが発行されましたので\n"
     "お知らせいたします。\n"
     "\n"
     "次の画面から、下記の情報でログインしてください。\n"
     "\n"
     "  ログイン画面：{{login_url}}\n"
     "  企業コード　：{{company_code}}\n"
     "  ユーザーID　：{{login}}\n"
     "\n"
     "初期パスワードは、アカウントを発行した管理者から別途お知らせいたします。\n"
     "初回ログインの際に、ご自身でパスワードを変更していただきます。\n"
     "\n"
     "このメールにお心当たりがない場合は、お手数ですが本メールを破棄してください。\n" SIG_JA},
    {"invitation", "en", "[anshin] Your {{company}} account has been created",
     "An administrator of {{company}} has created an anshin account for you.\n"
     "\n"
     "Sign in here with the details below:\n"
     "\n"
     "  Sign-in page:  {{login_url}}\n"
     "  Company code:  {{company_code}}\n"
     "  User ID:       {{login}}\n"
     "\n"
     "The administrator who created the account will give you the initial password\n"
     "separately. You will be asked to change it when you first sign in.\n"
     "\n"
     "If you were not expecting this message, please ignore it.\n" SIG_EN},
    /* The first mail to an applicant's address, not yet known to be theirs (issue 8, M6): our
     * own text and the link only, nothing the form's sender typed. */
    {"application_confirm", "ja", "【anshin】お申込みメールアドレスの確認",
     "anshin の利用申込フォームから、このメールアドレスを利用責任者の連絡先とする\n"
     "お申込みがありました。\n"
     "\n"
     "お申込みを確定するには、24時間以内に次のURLを開き、「お申込みを確定する」を\n"
     "押してください。確定するまで、お申込みは運営事務局に届きません。\n"
     "\n"
     "  {{confirm_url}}\n"
     "\n"
     "このメールにお心当たりがない場合は、お手数ですが本メールを破棄してください。\n"
     "URLを開かなければ、お申込みは24時間後に自動的に削除されます。\n" SIG_JA},
    {"application_confirm", "en", "[anshin] Please confirm your e-mail address",
     "Someone applied on anshin's application form giving this address as the contact of the\n"
     "person responsible.\n"
     "\n"
     "To complete the application, open the link below within 24 hours and press \"Confirm\n"
     "the application\". Until then, the application does not reach the operator.\n"
     "\n"
     "  {{confirm_url}}\n"
     "\n"
     "If you did not apply, please ignore this message: the application is deleted after\n"
     "24 hours.\n" SIG_EN},
    /* Notices of the marketplace (TOS-21): the domain writes the title and the body. */
    {"notice", "ja", "【anshin】{{title}}",
     "{{addressee}} 様\n"
     "\n"
     "anshin をご利用いただき、ありがとうございます。\n"
     "\n"
     "{{body}}\n"
     "\n"
     "ご不明な点は、anshin 運営事務局までお問い合わせください。\n" SIG_JA},
    {"password_reset_notice", "ja", "【anshin】パスワード再設定のお知らせ",
     "ユーザーID「{{login}}」のパスワードが、{{at}} に再設定されました。\n"
     "\n"
     "管理者が再設定した場合は、新しい仮パスワードを管理者からお知らせいたします。\n"
     "次回ログインの際に、ご自身でパスワードを変更していただきます。\n"
     "\n"
     "この操作にお心当たりがない場合は、第三者による不正な操作のおそれがございます。\n"
     "至急、貴社の管理者または anshin 運営事務局までご連絡ください。\n" SIG_JA},
    {"password_reset_notice", "en", "[anshin] Your password has been reset",
     "The password of user ID \"{{login}}\" was reset at {{at}}.\n"
     "\n"
     "If an administrator reset it, they will give you a new temporary password, which you\n"
     "will be asked to change when you next sign in.\n"
     "\n"
     "If you do not recognise this change, someone else may have made it. Please contact\n"
     "your company's administrator or the anshin operations team at once.\n" SIG_EN},
    {"test", "ja", "anshin からのテストメール",
     "このメールは、anshin のメール送信設定を確認するためのテストメールです。\n"
     "{{sent_at}} に、運営スタッフの操作により送信されました。\n"
     "\n"
     "このメールが届いていれば、メールの送信設定は正しく動作しています。\n"
     "お心当たりがない場合は、お手数ですが本メールを破棄してください。\n" SIG_JA},
    {"test", "en", "Test message from anshin",
     "This is a test message to check anshin's e-mail settings.\n"
     "It was sent by the operator's staff at {{sent_at}}.\n"
     "\n"
     "If you are reading it, e-mail delivery works.\n"
     "If you were not expecting it, please ignore it.\n" SIG_EN},
};
#define NTPLS (sizeof tpls / sizeof tpls[0])

const struct an_mail_tpl *an_mail_tpl_find(const char *name, const char *lang)
{
  const struct an_mail_tpl *fallback = NULL;
  if (!name)
    return NULL;
  for (size_t i = 0; i < NTPLS; i++) {
    if (strcmp(tpls[i].name, name) != 0)
      continue;
    if (lang && strcmp(tpls[i].lang, lang) == 0)
      return &tpls[i];
    if (strcmp(tpls[i].lang, "ja") == 0)
      fallback = &tpls[i];
  }
  return fallback;
}

static int name_char(char c)
{
  return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
}

/* When p starts a placeholder "{{ name }}", sets its name (start and length) and returns the
 * length of the whole placeholder; else returns 0. */
static size_t placeholder(const char *p, const char **name, size_t *len)
{
  if (p[0] != '{' || p[1] != '{')
    return 0;
  const char *q = p + 2;
  while (*q == ' ')
    q++;
  *name = q;
  while (name_char(*q))
    q++;
  *len = (size_t)(q - *name);
  while (*q == ' ')
    q++;
  if (*len == 0 || q[0] != '}' || q[1] != '}')
    return 0;
  return (size_t)(q + 2 - p);
}

/* Appends vars' value for name; false when it has none usable. */
static int append_value(struct an_buf *b, const json_t *vars, const char *name, size_t len)
{
  char key[64];
  if (!vars || len >= sizeof key)
    return 0;
  memcpy(key, name, len);
  key[len] = '\0';
  const json_t *v = json_object_get(vars, key);
  if (json_is_string(v))
    an_buf_append(b, json_string_value(v), json_string_length(v));
  else if (json_is_integer(v))
    an_buf_printf(b, "%lld", (long long)json_integer_value(v));
  else
    return 0;
  return 1;
}

char *an_mail_tpl_render(const char *text, const json_t *vars, char *missing, size_t n)
{
  struct an_buf b = {0};
  for (const char *p = text; *p;) {
    const char *open = strstr(p, "{{");
    if (!open) {
      an_buf_puts(&b, p);
      break;
    }
    an_buf_append(&b, p, (size_t)(open - p));
    p = open;
    const char *name;
    size_t len, whole = placeholder(p, &name, &len);
    if (!whole) {
      an_buf_append(&b, p, 1);
      p++;
      continue;
    }
    if (!append_value(&b, vars, name, len)) {
      snprintf(missing, n, "%.*s", (int)len, name);
      an_buf_free(&b);
      return NULL;
    }
    p += whole;
  }
  return an_buf_steal(&b);
}
