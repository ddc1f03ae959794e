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
    'nav.main': 'メインメニュー',
    'nav.dashboard': 'ダッシュボード',
    'nav.audit': '監査ログ',

    'title.login': 'ログイン | anshin',
    'title.dashboard': 'ダッシュボード | anshin',
    'title.password': 'パスワードの変更 | anshin',
    'title.audit': '監査ログ | anshin',

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
    'dashboard.company_code': '企業コード',
    'dashboard.company_name': '企業名',
    'dashboard.no_roles': 'なし',
    'dashboard.kind.staff': '事業者スタッフ',
    'dashboard.kind.user': '企業ユーザー',
    'dashboard.change_password': 'パスワードを変更',
    'dashboard.open_audit': '監査ログを見る',
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

    'tenants.heading': 'テナント（契約企業）',
    'tenants.lead': 'anshin をご契約の企業（テナント）を確認します。',
    'tenants.lead_admin': 'anshin をご契約の企業（テナント）を確認・登録します。',
    'tenants.search_label': '企業コードまたは企業名',
    'tenants.search_hint': '先頭からの一致で検索します。空欄ですべて表示します。',
    'tenants.search_region': 'テナントの検索',
    'tenants.search': '検索',
    'tenants.search_clear': 'クリア',
    'tenants.list_caption': 'テナントの一覧',
    'tenants.col.code': '企業コード',
    'tenants.col.name': '企業名',
    'tenants.col.status': '状態',
    'tenants.col.responsible': '利用責任者',
    'tenants.col.created': '作成日時（JST）',
    'tenants.empty': 'テナントはまだ登録されていません。',
    'tenants.no_match': '「{q}」に一致するテナントはありません。',
    'tenants.count': '{count} 社',
    'tenants.more': '先頭の {count} 社を表示しています。検索で絞り込んでください。',
    'tenants.add_heading': 'テナントを登録',
    'tenants.add_lead': '利用責任者の方が、入力したユーザーIDでテナントの最初の管理者としてログインします。',
    'tenants.form.code': '企業コード',
    'tenants.form.code_hint': '半角英数字とハイフンの3〜32文字。英字は大文字で登録され、ログイン時に使います。',
    'tenants.form.name': '企業名',
    'tenants.form.responsible_name': '利用責任者の氏名',
    'tenants.form.responsible_email': '利用責任者のメールアドレス',
    'tenants.form.admin_login': '管理者のユーザーID',
    'tenants.form.admin_login_hint': '半角英数字と . _ - の3〜64文字。',
    'tenants.form.submit': '登録する',
    'tenants.form.submitting': '登録中…',
    'tenants.form.missing': 'すべての項目を入力してください。',
    'tenants.created.heading': 'テナントを登録しました',
    'tenants.created.lead': '{name}の管理者 {login} さんのログイン情報です。初期パスワードはこの画面でのみ表示されます。',
    'tenants.created.code': '企業コード',
    'tenants.created.login': 'ユーザーID',

    'users.heading': 'ユーザー',
    'users.lead': '{company}のユーザーを管理します。',
    'users.list_caption': 'ユーザーの一覧',
    'users.col.login': 'ユーザーID',
    'users.col.name': '表示名',
    'users.col.email': 'メールアドレス',
    'users.col.roles': 'ロール',
    'users.col.status': '状態',
    'users.col.last_login': '最終ログイン（JST）',
    'users.never': '未ログイン',
    'users.empty': 'ユーザーはまだ登録されていません。',
    'users.count': '{count} 名',
    'users.more': '先頭の {count} 名を表示しています。',
    'users.add_heading': 'ユーザーを追加',
    'users.form.login': 'ユーザーID',
    'users.form.login_hint': '半角英数字と . _ - の3〜64文字。企業コードと組み合わせてログインします。',
    'users.form.display_name': '表示名',
    'users.form.display_name_hint': '省略するとユーザーIDを表示名にします。',
    'users.form.email': 'メールアドレス',
    'users.form.role': 'ロール',
    'users.form.submit': '追加する',
    'users.form.submitting': '追加中…',
    'users.form.missing': 'ユーザーIDとメールアドレスを入力してください。',
    'users.created.heading': 'ユーザーを追加しました',
    'users.created.lead': '{login} さんの初期パスワードです。ログイン時は企業コード「{code}」とユーザーIDを入力します。この画面でのみ表示されます。',

    'audit.heading': '監査ログ',
    'audit.back': 'ダッシュボードに戻る',
    'audit.lead': 'ログインや登録などの操作の記録を、新しい順に表示します。',
    'audit.lead_tenant': '{company}の記録のみを、新しい順に表示します。',
    'audit.filters': '絞り込み条件',
    'audit.filter.user': 'ユーザーID',
    'audit.filter.user_hint': '操作した人のIDと完全に一致するものを表示します。',
    'audit.filter.action': '操作',
    'audit.filter.action_all': 'すべて',
    'audit.filter.period': '期間',
    'audit.filter.from': '開始日',
    'audit.filter.to': '終了日',
    'audit.filter.period_sep': '〜',
    'audit.filter.period_hint': '日本時間の日付です。終了日の記録も含みます。',
    'audit.filter.tenant': 'テナントID',
    'audit.filter.tenant_hint': '空欄なら、すべてのテナントと事業者の記録を表示します。',
    'audit.filter.submit': '絞り込む',
    'audit.filter.reset': '条件をクリア',
    'audit.filter.bad_range': '終了日は開始日以降の日付を指定してください。',
    'audit.filter.bad_date': '日付は YYYY-MM-DD の形式で入力してください。',
    'audit.filter.bad_tenant': 'テナントIDは半角数字で入力してください。',
    'audit.results': '記録',
    'audit.list_caption': '監査ログの記録（新しい順）',
    'audit.col.at': '日時（JST）',
    'audit.col.actor': '主体',
    'audit.col.action': '操作',
    'audit.col.target': '対象',
    'audit.col.outcome': '結果',
    'audit.col.ip': '接続元IP',
    'audit.col.tenant': 'テナントID',
    'audit.range': '{start}〜{end} 件目',
    'audit.empty': '条件に一致する記録はありません。',
    'audit.page_nav': 'ページ送り',
    'audit.prev': '前へ',
    'audit.next': '次へ',
    'audit.csv': 'CSV をダウンロード',
    'audit.csv_busy': 'ダウンロード中…',
    'audit.csv_hint': '条件に一致する記録を最大 500 件保存します（UTF-8・BOM 付き）。',
    'audit.kind.staff': '事業者スタッフ',
    'audit.kind.user': '企業ユーザー',
    'audit.kind.anonymous': '未認証',
    'audit.kind.system': 'システム',
    'audit.action.auth.login': 'ログイン',
    'audit.action.auth.logout': 'ログアウト',
    'audit.action.auth.password_change': 'パスワード変更',
    'audit.action.staff.create': 'スタッフ追加',
    'audit.action.tenant.create': 'テナント登録',
    'audit.action.user.create': 'ユーザー追加',
    'audit.action.data.download': 'データのダウンロード',
    'audit.outcome.success': '成功',
    'audit.outcome.failure': '失敗',
    'audit.outcome.denied': '拒否',

    'role.admin': '管理者',
    'role.support': 'サポート',
    'role.auditor': '監査担当',
    'role.tenant_admin': '管理者',
    'role.member': '一般ユーザー',
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
    'nav.main': 'Main menu',
    'nav.dashboard': 'Dashboard',
    'nav.audit': 'Audit log',

    'title.login': 'Log in | anshin',
    'title.dashboard': 'Dashboard | anshin',
    'title.password': 'Change password | anshin',
    'title.audit': 'Audit log | anshin',

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
    'dashboard.company_code': 'Company code',
    'dashboard.company_name': 'Company name',
    'dashboard.no_roles': 'None',
    'dashboard.kind.staff': 'Operator staff',
    'dashboard.kind.user': 'Company user',
    'dashboard.change_password': 'Change password',
    'dashboard.open_audit': 'Audit log',
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

    'tenants.heading': 'Tenants (client companies)',
    'tenants.lead': 'The companies (tenants) that have a contract for anshin.',
    'tenants.lead_admin': 'Look up and register the companies (tenants) that have a contract for anshin.',
    'tenants.search_label': 'Company code or name',
    'tenants.search_hint': 'Matches from the beginning. Leave empty to show all.',
    'tenants.search_region': 'Tenant search',
    'tenants.search': 'Search',
    'tenants.search_clear': 'Clear',
    'tenants.list_caption': 'Tenants',
    'tenants.col.code': 'Company code',
    'tenants.col.name': 'Company name',
    'tenants.col.status': 'Status',
    'tenants.col.responsible': 'Responsible person',
    'tenants.col.created': 'Created (JST)',
    'tenants.empty': 'No tenants have been registered yet.',
    'tenants.no_match': 'No tenant matches “{q}”.',
    'tenants.count': 'Total: {count}',
    'tenants.more': 'Showing the first {count}. Search to narrow the list down.',
    'tenants.add_heading': 'Register a tenant',
    'tenants.add_lead': 'The responsible person logs in with the user ID below as the tenant’s first administrator.',
    'tenants.form.code': 'Company code',
    'tenants.form.code_hint': '3 to 32 of A–Z, 0–9 and -; stored in upper case and used to log in.',
    'tenants.form.name': 'Company name',
    'tenants.form.responsible_name': 'Responsible person’s name',
    'tenants.form.responsible_email': 'Responsible person’s e-mail',
    'tenants.form.admin_login': 'Administrator’s user ID',
    'tenants.form.admin_login_hint': '3 to 64 of A–Z, a–z, 0–9, . _ -.',
    'tenants.form.submit': 'Register',
    'tenants.form.submitting': 'Registering…',
    'tenants.form.missing': 'Please fill in every field.',
    'tenants.created.heading': 'Tenant registered',
    'tenants.created.lead': 'Sign-in details of {login}, the administrator of {name}. The initial password is shown only on this screen.',
    'tenants.created.code': 'Company code',
    'tenants.created.login': 'User ID',

    'users.heading': 'Users',
    'users.lead': 'Manage the users of {company}.',
    'users.list_caption': 'Users',
    'users.col.login': 'User ID',
    'users.col.name': 'Display name',
    'users.col.email': 'E-mail',
    'users.col.roles': 'Role',
    'users.col.status': 'Status',
    'users.col.last_login': 'Last login (JST)',
    'users.never': 'Never',
    'users.empty': 'No users have been registered yet.',
    'users.count': 'Total: {count}',
    'users.more': 'Showing the first {count} users.',
    'users.add_heading': 'Add a user',
    'users.form.login': 'User ID',
    'users.form.login_hint': '3 to 64 of A–Z, a–z, 0–9, . _ -; used with the company code to log in.',
    'users.form.display_name': 'Display name',
    'users.form.display_name_hint': 'Defaults to the user ID.',
    'users.form.email': 'E-mail address',
    'users.form.role': 'Role',
    'users.form.submit': 'Add',
    'users.form.submitting': 'Adding…',
    'users.form.missing': 'Please enter a user ID and an e-mail address.',
    'users.created.heading': 'User added',
    'users.created.lead': 'The initial password for {login}, who logs in with the company code “{code}” and the user ID. It is shown only on this screen.',

    'audit.heading': 'Audit log',
    'audit.back': 'Back to the dashboard',
    'audit.lead': 'Logins, registrations and other actions, newest first.',
    'audit.lead_tenant': 'Only the events of {company}, newest first.',
    'audit.filters': 'Filters',
    'audit.filter.user': 'User ID',
    'audit.filter.user_hint': 'Shows the events of exactly this ID.',
    'audit.filter.action': 'Action',
    'audit.filter.action_all': 'All',
    'audit.filter.period': 'Period',
    'audit.filter.from': 'From',
    'audit.filter.to': 'To',
    'audit.filter.period_sep': '–',
    'audit.filter.period_hint': 'Dates in Japan time; the end date is included.',
    'audit.filter.tenant': 'Tenant ID',
    'audit.filter.tenant_hint': 'Leave empty for every tenant and the operator’s own events.',
    'audit.filter.submit': 'Apply',
    'audit.filter.reset': 'Clear',
    'audit.filter.bad_range': 'The end date must not be before the start date.',
    'audit.filter.bad_date': 'Please enter dates as YYYY-MM-DD.',
    'audit.filter.bad_tenant': 'Please enter the tenant ID as a number.',
    'audit.results': 'Events',
    'audit.list_caption': 'Audit events, newest first',
    'audit.col.at': 'Time (JST)',
    'audit.col.actor': 'Actor',
    'audit.col.action': 'Action',
    'audit.col.target': 'Target',
    'audit.col.outcome': 'Result',
    'audit.col.ip': 'Client IP',
    'audit.col.tenant': 'Tenant ID',
    'audit.range': '{start}–{end}',
    'audit.empty': 'No events match these filters.',
    'audit.page_nav': 'Pages',
    'audit.prev': 'Previous',
    'audit.next': 'Next',
    'audit.csv': 'Download CSV',
    'audit.csv_busy': 'Downloading…',
    'audit.csv_hint': 'Saves up to 500 matching events (UTF-8 with BOM).',
    'audit.kind.staff': 'Operator staff',
    'audit.kind.user': 'Company user',
    'audit.kind.anonymous': 'Unauthenticated',
    'audit.kind.system': 'System',
    'audit.action.auth.login': 'Log in',
    'audit.action.auth.logout': 'Log out',
    'audit.action.auth.password_change': 'Password change',
    'audit.action.staff.create': 'Staff added',
    'audit.action.tenant.create': 'Tenant registered',
    'audit.action.user.create': 'User added',
    'audit.action.data.download': 'Data download',
    'audit.outcome.success': 'Success',
    'audit.outcome.failure': 'Failure',
    'audit.outcome.denied': 'Denied',

    'role.admin': 'Administrator',
    'role.support': 'Support',
    'role.auditor': 'Auditor',
    'role.tenant_admin': 'Administrator',
    'role.member': 'Member',
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

// Audit events need the second as well.
const dateTimeSecondFormats = {
  ja: new Intl.DateTimeFormat('ja-JP', {
    timeZone: 'Asia/Tokyo', year: 'numeric', month: '2-digit', day: '2-digit',
    hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23',
  }),
  en: new Intl.DateTimeFormat('en-GB', {
    timeZone: 'Asia/Tokyo', year: 'numeric', month: 'short', day: 'numeric',
    hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23',
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
 * With { seconds: true } the second is shown too (audit events).
 */
export function renderJST(el, value, { seconds = false } = {}) {
  const d = toDate(value);
  if (!d) {
    el.textContent = value ? String(value) : '—';
    return;
  }
  const time = document.createElement('time');
  time.dateTime = d.toISOString();
  time.textContent = (seconds ? dateTimeSecondFormats : dateFormats)[current].format(d);
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
