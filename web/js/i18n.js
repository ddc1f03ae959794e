// All visible text of the web UI, in Japanese (default) and English.
// Elements carry data-i18n="key" (text), data-i18n-placeholder, data-i18n-aria-label or
// data-i18n-title; applyI18n() fills them from the dictionary of the chosen language.
// The choice is kept in localStorage under "anshin.lang" and reflected in <html lang>.

export const LANG_KEY = 'anshin.lang';
export const LANGS = ['ja', 'en'];

export const messages = {
  ja: {
    'app.name': 'anshin',
    'app.tagline': '安心して使える SaaS マーケットプレイス',
    'app.skip': 'メインコンテンツへ移動',
    'app.home': 'anshin トップへ',
    'lang.group': '表示言語',
    'lang.ja': '日本語',
    'lang.en': 'English',
    'footer.terms': '利用規約',
    'footer.privacy': 'プライバシーポリシー',
    'footer.status': 'ステータス',
    'footer.nav': 'フッターリンク',
    'footer.copyright': '© anshin',
    'common.required': '必須',
    'common.optional': '任意',
    'common.loading': '読み込み中…',
    'common.close': '閉じる',
    'common.logout': 'ログアウト',
    'common.logging_out': 'ログアウト中…',

    'title.login': 'ログイン | anshin',
    'title.dashboard': 'ダッシュボード | anshin',
    'title.password': 'パスワードの変更 | anshin',

    'login.intro.heading': '契約もセキュリティも、ひとつの場所で。',
    'login.intro.lead': 'anshin は、SaaS の提供者と利用企業をつなぐマーケットプレイスです。利用規約・セキュリティ対策・サービスレベルを、いつでも確認できる形で運用します。',
    'login.intro.point1': '契約の申込みから解約まで、手続きを一元管理',
    'login.intro.point2': 'チェックシートに沿ったセキュリティ対策と監査ログ',
    'login.intro.point3': 'SLA と稼働状況をいつでも確認',
    'login.heading': 'ログイン',
    'login.lead': 'ご利用のアカウントでログインしてください。',
    'login.company_code': '企業コード（事業者スタッフは空欄）',
    'login.login': 'ログインID',
    'login.password': 'パスワード',
    'login.submit': 'ログイン',
    'login.submitting': 'ログイン中…',
    'login.retry_after': '{seconds} 秒ほど待ってから、もう一度お試しください。',
    'login.help': 'パスワードを忘れた場合は、管理者にお問い合わせください。',
    'login.missing': 'ログインIDとパスワードを入力してください。',

    'dashboard.heading': 'ダッシュボード',
    'dashboard.greeting': 'ようこそ、{name} さん',
    'dashboard.account': 'アカウント',
    'dashboard.login_id': 'ログインID',
    'dashboard.kind': '種別',
    'dashboard.roles': 'ロール',
    'dashboard.tenant': '企業',
    'dashboard.no_roles': 'なし',
    'dashboard.kind.staff': '事業者スタッフ',
    'dashboard.kind.user': '企業ユーザー',
    'dashboard.change_password': 'パスワードを変更',
    'dashboard.password_changed': 'パスワードを変更しました。',
    'dashboard.session': 'セッション',
    'dashboard.session.created': 'ログイン日時',
    'dashboard.session.expires': '有効期限',
    'dashboard.session.idle': '自動ログアウト',
    'dashboard.session.idle_value': '無操作 {minutes} 分後',
    'dashboard.session.note': '時刻は日本時間（JST）で表示しています。',
    'dashboard.system': 'システムの状態',
    'dashboard.system.service': 'サービス',
    'dashboard.system.database': 'データベース',
    'dashboard.system.version': 'バージョン',
    'dashboard.system.checked': '確認日時',
    'dashboard.system.ready': '正常に稼働しています',
    'dashboard.system.not_ready': '一部の機能が利用できません',
    'dashboard.system.db_ok': '正常',
    'dashboard.system.db_ng': '異常',
    'dashboard.system.unknown': '不明',
    'dashboard.system.refresh': '再確認',

    'staff.heading': '事業者スタッフ',
    'staff.lead': '運営に携わるスタッフのアカウントを管理します。',
    'staff.list_caption': '事業者スタッフの一覧',
    'staff.col.login': 'ログインID',
    'staff.col.name': '表示名',
    'staff.col.roles': 'ロール',
    'staff.col.status': '状態',
    'staff.col.created': '作成日時（JST）',
    'staff.empty': 'スタッフはまだ登録されていません。',
    'staff.pending_password': '初回パスワード変更待ち',
    'staff.count': '{count} 名',
    'staff.add_heading': 'スタッフを追加',
    'staff.form.login': 'ログインID',
    'staff.form.login_hint': '半角英数字と . _ - の3〜64文字。ログイン時に使います。',
    'staff.form.display_name': '表示名',
    'staff.form.role': 'ロール',
    'staff.form.submit': '追加する',
    'staff.form.submitting': '追加中…',
    'staff.form.missing': 'ログインIDと表示名を入力してください。',
    'staff.created.heading': 'スタッフを追加しました',
    'staff.created.lead': '{login} さんの初期パスワードです。この画面でのみ表示されます。',
    'staff.created.password_label': '初期パスワード',
    'staff.created.copy': 'コピー',
    'staff.created.copied': 'コピーしました。',
    'staff.created.copy_failed': 'コピーできませんでした。パスワードを選択してコピーしてください。',
    'staff.created.note': 'このパスワードは安全な方法でご本人に伝えてください。初回ログイン時にパスワードの変更が必要です。画面を閉じると再表示できません。',

    'role.admin': '管理者',
    'role.support': 'サポート',
    'role.auditor': '監査担当',
    'status.active': '有効',
    'status.suspended': '停止中',
    'status.disabled': '無効',
    'status.locked': 'ロック中',

    'password.heading': 'パスワードの変更',
    'password.required_notice': '初回ログインのため、パスワードの変更が必要です。新しいパスワードを設定してください。',
    'password.lead': '現在のパスワードと、新しいパスワードを入力してください。',
    'password.current': '現在のパスワード',
    'password.new': '新しいパスワード',
    'password.confirm': '新しいパスワード（確認）',
    'password.policy_hint': '10文字以上で、英大文字・英小文字・数字・記号のうち3種類以上を含めてください。ログインIDを含むパスワードは使えません。',
    'password.submit': 'パスワードを変更する',
    'password.submitting': '変更中…',
    'password.cancel': 'ダッシュボードに戻る',
    'password.mismatch': '新しいパスワードと確認用のパスワードが一致しません。',
    'password.missing': 'すべての項目を入力してください。',
    'password.account': '{name}（{login}）さんのパスワードを変更します。',
    'password.account_login': '{login} さんのパスワードを変更します。',

    'error.network': 'サーバーに接続できませんでした。ネットワークを確認して、もう一度お試しください。',
    'error.http': 'エラーが発生しました（HTTP {status}）。時間をおいて再度お試しください。',
    'error.request_id': '問い合わせ番号: {id}',
  },
  en: {
    'app.name': 'anshin',
    'app.tagline': 'The SaaS marketplace you can rely on',
    'app.skip': 'Skip to main content',
    'app.home': 'anshin home',
    'lang.group': 'Display language',
    'lang.ja': '日本語',
    'lang.en': 'English',
    'footer.terms': 'Terms of Use',
    'footer.privacy': 'Privacy Policy',
    'footer.status': 'Status',
    'footer.nav': 'Footer links',
    'footer.copyright': '© anshin',
    'common.required': 'Required',
    'common.optional': 'Optional',
    'common.loading': 'Loading…',
    'common.close': 'Close',
    'common.logout': 'Log out',
    'common.logging_out': 'Logging out…',

    'title.login': 'Log in | anshin',
    'title.dashboard': 'Dashboard | anshin',
    'title.password': 'Change password | anshin',

    'login.intro.heading': 'Contracts and security, in one place.',
    'login.intro.lead': 'anshin is a marketplace that connects SaaS providers with the companies that use them. Terms of use, security controls and service levels are run so that you can check them at any time.',
    'login.intro.point1': 'Every contract step, from application to cancellation, in one place',
    'login.intro.point2': 'Security controls that follow the checksheets, with an audit log',
    'login.intro.point3': 'Service levels and uptime you can check at any time',
    'login.heading': 'Log in',
    'login.lead': 'Log in with your account.',
    'login.company_code': 'Company code (leave empty for operator staff)',
    'login.login': 'Login ID',
    'login.password': 'Password',
    'login.submit': 'Log in',
    'login.submitting': 'Logging in…',
    'login.retry_after': 'Please wait about {seconds} seconds and try again.',
    'login.help': 'If you forgot your password, please contact your administrator.',
    'login.missing': 'Please enter your login ID and password.',

    'dashboard.heading': 'Dashboard',
    'dashboard.greeting': 'Welcome, {name}',
    'dashboard.account': 'Account',
    'dashboard.login_id': 'Login ID',
    'dashboard.kind': 'Account type',
    'dashboard.roles': 'Roles',
    'dashboard.tenant': 'Company',
    'dashboard.no_roles': 'None',
    'dashboard.kind.staff': 'Operator staff',
    'dashboard.kind.user': 'Company user',
    'dashboard.change_password': 'Change password',
    'dashboard.password_changed': 'Your password has been changed.',
    'dashboard.session': 'Session',
    'dashboard.session.created': 'Logged in at',
    'dashboard.session.expires': 'Expires at',
    'dashboard.session.idle': 'Auto logout',
    'dashboard.session.idle_value': 'after {minutes} min idle',
    'dashboard.session.note': 'Times are shown in Japan Standard Time (JST).',
    'dashboard.system': 'System status',
    'dashboard.system.service': 'Service',
    'dashboard.system.database': 'Database',
    'dashboard.system.version': 'Version',
    'dashboard.system.checked': 'Checked at',
    'dashboard.system.ready': 'Operating normally',
    'dashboard.system.not_ready': 'Some functions are unavailable',
    'dashboard.system.db_ok': 'OK',
    'dashboard.system.db_ng': 'Unavailable',
    'dashboard.system.unknown': 'Unknown',
    'dashboard.system.refresh': 'Check again',

    'staff.heading': 'Operator staff',
    'staff.lead': 'Manage the accounts of the staff who run the service.',
    'staff.list_caption': 'Operator staff',
    'staff.col.login': 'Login ID',
    'staff.col.name': 'Display name',
    'staff.col.roles': 'Roles',
    'staff.col.status': 'Status',
    'staff.col.created': 'Created (JST)',
    'staff.empty': 'No staff have been registered yet.',
    'staff.pending_password': 'Initial password not changed yet',
    'staff.count': 'Total: {count}',
    'staff.add_heading': 'Add staff',
    'staff.form.login': 'Login ID',
    'staff.form.login_hint': '3 to 64 of A–Z, a–z, 0–9, . _ -; used to log in.',
    'staff.form.display_name': 'Display name',
    'staff.form.role': 'Role',
    'staff.form.submit': 'Add',
    'staff.form.submitting': 'Adding…',
    'staff.form.missing': 'Please enter a login ID and a display name.',
    'staff.created.heading': 'Staff member added',
    'staff.created.lead': 'The initial password for {login}. It is shown only on this screen.',
    'staff.created.password_label': 'Initial password',
    'staff.created.copy': 'Copy',
    'staff.created.copied': 'Copied.',
    'staff.created.copy_failed': 'Could not copy. Please select the password and copy it.',
    'staff.created.note': 'Pass this password on to the person by a secure channel. They must change it at their first login. Once you close this panel it cannot be shown again.',

    'role.admin': 'Administrator',
    'role.support': 'Support',
    'role.auditor': 'Auditor',
    'status.active': 'Active',
    'status.suspended': 'Suspended',
    'status.disabled': 'Disabled',
    'status.locked': 'Locked',

    'password.heading': 'Change password',
    'password.required_notice': 'This is your first login: please set a new password.',
    'password.lead': 'Enter your current password and a new password.',
    'password.current': 'Current password',
    'password.new': 'New password',
    'password.confirm': 'New password (again)',
    'password.policy_hint': 'Use at least 10 characters with at least three of: upper-case letters, lower-case letters, digits and symbols. The password must not contain your login ID.',
    'password.submit': 'Change password',
    'password.submitting': 'Changing…',
    'password.cancel': 'Back to the dashboard',
    'password.mismatch': 'The new password and its confirmation do not match.',
    'password.missing': 'Please fill in every field.',
    'password.account': 'Changing the password of {name} ({login}).',
    'password.account_login': 'Changing the password of {login}.',

    'error.network': 'Could not reach the server. Please check your network and try again.',
    'error.http': 'An error occurred (HTTP {status}). Please try again later.',
    'error.request_id': 'Reference: {id}',
  },
};

function stored() {
  try {
    return localStorage.getItem(LANG_KEY);
  } catch {
    return null;
  }
}

let current = LANGS.includes(stored()) ? stored() : 'ja';

export function getLang() {
  return current;
}

/** Looks up key in the current language; {name} placeholders are filled from vars. */
export function t(key, vars = {}) {
  const s = messages[current][key] ?? messages.ja[key] ?? key;
  return s.replace(/\{(\w+)\}/g, (m, k) => (k in vars ? String(vars[k]) : m));
}

/** True when the dictionary has key (used for role and status names that may be new). */
export function has(key) {
  return key in messages[current];
}

/** Fills every data-i18n* element under root from the dictionary. */
export function applyI18n(root = document) {
  for (const el of root.querySelectorAll('[data-i18n]')) el.textContent = t(el.dataset.i18n);
  for (const el of root.querySelectorAll('[data-i18n-placeholder]'))
    el.setAttribute('placeholder', t(el.dataset.i18nPlaceholder));
  for (const el of root.querySelectorAll('[data-i18n-aria-label]'))
    el.setAttribute('aria-label', t(el.dataset.i18nAriaLabel));
  for (const el of root.querySelectorAll('[data-i18n-title]'))
    el.setAttribute('title', t(el.dataset.i18nTitle));
  for (const btn of root.querySelectorAll('[data-lang-choice]'))
    btn.setAttribute('aria-pressed', String(btn.dataset.langChoice === current));
}

/** Switches the language, stores the choice, re-renders, and tells the page (event "anshin:lang"). */
export function setLang(lang) {
  if (!LANGS.includes(lang)) return;
  current = lang;
  try {
    localStorage.setItem(LANG_KEY, lang);
  } catch {
    /* storage may be disabled; the choice then lasts for this page only */
  }
  document.documentElement.lang = lang;
  applyI18n();
  document.dispatchEvent(new CustomEvent('anshin:lang', { detail: { lang } }));
}

/** Applies the stored language and wires the language switch buttons. Call once per page. */
export function initI18n() {
  document.documentElement.lang = current;
  applyI18n();
  for (const btn of document.querySelectorAll('[data-lang-choice]')) {
    btn.addEventListener('click', () => setLang(btn.dataset.langChoice));
  }
}

const dateFormats = {
  ja: new Intl.DateTimeFormat('ja-JP', {
    timeZone: 'Asia/Tokyo', year: 'numeric', month: '2-digit', day: '2-digit',
    hour: '2-digit', minute: '2-digit', hourCycle: 'h23',
  }),
  en: new Intl.DateTimeFormat('en-GB', {
    timeZone: 'Asia/Tokyo', year: 'numeric', month: 'short', day: 'numeric',
    hour: '2-digit', minute: '2-digit', hourCycle: 'h23',
  }),
};

function toDate(value) {
  if (value === null || value === undefined || value === '') return null;
  const d = value instanceof Date ? value : new Date(value);
  return Number.isNaN(d.getTime()) ? null : d;
}

/** Formats an RFC 3339 timestamp (or Date) in Japan time, e.g. "2025/04/01 09:30 JST". */
export function formatJST(value) {
  const d = toDate(value);
  if (!d) return value ? String(value) : '—';
  return `${dateFormats[current].format(d)} JST`;
}

/**
 * Puts a timestamp into el as <time datetime="…">2025/04/01 09:30</time> <span class="tz">JST</span>
 * (Japan time; the zone in a smaller muted span). Unparseable values are shown as they are.
 */
export function renderJST(el, value) {
  const d = toDate(value);
  if (!d) {
    el.textContent = value ? String(value) : '—';
    return;
  }
  const time = document.createElement('time');
  time.dateTime = d.toISOString();
  time.textContent = dateFormats[current].format(d);
  const tz = document.createElement('span');
  tz.className = 'tz';
  tz.textContent = ' JST';
  el.replaceChildren(time, tz);
}

/** Name of a role or status from the dictionary, or the raw value when it is new to this UI. */
export function label(prefix, value) {
  const key = `${prefix}.${value}`;
  return has(key) ? t(key) : String(value);
}
