-- Operations and service levels (SLA-1..8, CHK-19, WP-19): maintenance windows beyond the
-- regular rule, incidents with their services and updates, announcements and their deliveries.
-- The regular monthly window is computed from [ops] and never stored.
CREATE TABLE ops_maintenance (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  kind TEXT NOT NULL,                 -- maintenance | planned_stop
  title TEXT NOT NULL,
  service_id INTEGER REFERENCES services (id), -- NULL: every service
  starts_at INTEGER NOT NULL,
  ends_at INTEGER NOT NULL,
  announced_at INTEGER NOT NULL,
  within_notice INTEGER NOT NULL,     -- announced within its notice rule (SLA-2): excluded from planned time
  urgent INTEGER NOT NULL DEFAULT 0,
  urgent_reason TEXT NOT NULL DEFAULT '',
  cancelled INTEGER NOT NULL DEFAULT 0,
  created_by TEXT NOT NULL,
  created_at INTEGER NOT NULL
);
CREATE INDEX ops_maintenance_time ON ops_maintenance (starts_at, ends_at);

CREATE TABLE ops_incidents (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  title TEXT NOT NULL,
  impact TEXT NOT NULL,               -- major_outage | partial_outage | degraded | none (a report not yet triaged)
  status TEXT NOT NULL,               -- reported | investigating | identified | monitoring | resolved
  source TEXT NOT NULL DEFAULT 'operator', -- operator | report
  started_at INTEGER NOT NULL,
  resolved_at INTEGER,
  detected_at INTEGER NOT NULL,
  notify_due_on TEXT NOT NULL,        -- WP-19: the business day by whose end members are told
  notified_at INTEGER,
  reach_half INTEGER NOT NULL DEFAULT 0, -- reached at least half the users (seed 004)
  postmortem TEXT NOT NULL DEFAULT '',
  reporter_name TEXT NOT NULL DEFAULT '',
  reporter_email TEXT NOT NULL DEFAULT '',
  created_by TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);
CREATE INDEX ops_incidents_time ON ops_incidents (started_at);

CREATE TABLE ops_incident_services (
  incident_id INTEGER NOT NULL REFERENCES ops_incidents (id),
  service_id INTEGER NOT NULL REFERENCES services (id),
  PRIMARY KEY (incident_id, service_id)
);

CREATE TABLE ops_incident_updates (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  incident_id INTEGER NOT NULL REFERENCES ops_incidents (id),
  status TEXT NOT NULL,
  body TEXT NOT NULL,
  created_by TEXT NOT NULL,
  created_at INTEGER NOT NULL
);
CREATE INDEX ops_incident_updates_incident ON ops_incident_updates (incident_id, id);

CREATE TABLE ops_announcements (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  kind TEXT NOT NULL,
  title TEXT NOT NULL,
  body TEXT NOT NULL,
  title_en TEXT NOT NULL DEFAULT '',  -- English text ('' = the Japanese is shown)
  body_en TEXT NOT NULL DEFAULT '',
  audience TEXT NOT NULL,             -- all | service | tenant
  service_id INTEGER REFERENCES services (id),
  tenant_id INTEGER REFERENCES tenants (id),
  publish_at INTEGER NOT NULL,
  effective_at INTEGER,               -- when the change or stop happens (notice rules)
  urgent INTEGER NOT NULL DEFAULT 0,
  urgent_reason TEXT NOT NULL DEFAULT '',
  created_by TEXT NOT NULL,
  created_at INTEGER NOT NULL
);
CREATE INDEX ops_announcements_publish ON ops_announcements (publish_at);

-- TOS-21: each delivery of an announcement is recorded with the mail that carried it.
CREATE TABLE ops_announcement_deliveries (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  announcement_id INTEGER NOT NULL REFERENCES ops_announcements (id),
  tenant_id INTEGER NOT NULL REFERENCES tenants (id),
  to_addr TEXT NOT NULL,
  mail_id INTEGER,
  created_at INTEGER NOT NULL
);
CREATE INDEX ops_announcement_deliveries_a ON ops_announcement_deliveries (announcement_id);

-- Subscribers of the public status page by e-mail (double opt-in): the confirmation token is kept
-- as its SHA-256 only; the unsubscribe token goes in every mail for one-click unsubscribing and
-- can do nothing else.
CREATE TABLE ops_subscribers (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  email TEXT NOT NULL,
  lang TEXT NOT NULL DEFAULT 'ja',
  status TEXT NOT NULL DEFAULT 'pending', -- pending | active | removed
  confirm_hash TEXT NOT NULL,
  unsubscribe_token TEXT NOT NULL UNIQUE,
  created_at INTEGER NOT NULL,
  confirmed_at INTEGER,
  removed_at INTEGER
);
CREATE INDEX ops_subscribers_confirm ON ops_subscribers (confirm_hash);
CREATE INDEX ops_subscribers_active ON ops_subscribers (status, id);

-- Public information pages (issue 12 item 9) as versioned documents in Japanese and English:
-- the privacy policy, security advice, supported environments, support, and the operator's
-- facts. Version 1 of each is shipped below; the operator publishes later versions.
CREATE TABLE ops_info_pages (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  kind TEXT NOT NULL,
  version INTEGER NOT NULL,
  title TEXT NOT NULL,
  body TEXT NOT NULL,
  title_en TEXT NOT NULL,
  body_en TEXT NOT NULL,
  effective_on TEXT NOT NULL,
  published_by TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  UNIQUE (kind, version)
);
INSERT INTO ops_info_pages (kind, version, title, body, title_en, body_en, effective_on, published_by, created_at)
VALUES ('privacy', 1, 'プライバシーポリシー',
'anshin 運営事務局（以下「当社」）は、本サービスで取り扱う個人情報を、個人情報の保護に関する法律その他の法令に従って適切に取り扱います。

1. 取得する情報
契約者の企業名・所在地・電話番号、利用責任者および利用者の氏名・メールアドレス・ログインID、ログイン履歴・操作記録（監査ログ）・アクセスログ（IPアドレス、日時、画面・APIの種類）。

2. 利用目的
(1) 本サービスの提供、契約の締結・管理、料金の請求
(2) 本人確認、不正利用の防止、セキュリティの確保
(3) 障害・メンテナンス・規約変更等のお知らせ
(4) お問い合わせへの回答
(5) 法令に基づく対応

3. Cookie の利用
本サービスは、ログインの状態を保つためのセッション Cookie（anshin_session）と、なりすまし防止のための確認値のみを使用します。広告・行動追跡のための Cookie や外部の解析ツールは使用しません。表示言語の選択はブラウザー内（localStorage）に保存します。

4. 第三者提供・委託
法令に基づく場合を除き、本人の同意なく第三者に提供しません。業務を委託する場合は、委託先に当社と同等の安全管理を義務付けます（「運営会社・データの所在」のページをご覧ください）。

5. 安全管理措置
通信の暗号化、契約者ごとのデータ暗号鍵、パスワードのハッシュ化、権限の最小化、操作記録の改ざん検知を行っています。

6. 開示・訂正・利用停止等の請求、苦情・相談の窓口
個人情報の開示・訂正・削除・利用停止のご請求、取り扱いに関する苦情・ご相談は、下記の窓口で受け付けます。
  anshin 運営事務局 個人情報お問い合わせ窓口
  メール：privacy@anshin.example.jp（受付は24時間、回答は営業日の 9:00〜17:00）

7. 改定
本ポリシーを改定するときは、施行日の前にこのページとお知らせでご案内します。過去の版もこのページに掲載します。',
'Privacy policy',
'The anshin operations office ("we") handles personal information in the service in accordance with the Act on the Protection of Personal Information and other laws.

1. What we collect
Contractors'' company name, address and phone number; names, e-mail addresses and login IDs of the persons responsible and of users; sign-in history, the audit log and the access log (IP address, time, screen or API used).

2. Purposes
(1) Providing the service, concluding and managing contracts, billing
(2) Identity checks, preventing misuse, security
(3) Notices of incidents, maintenance and changes of terms
(4) Answering inquiries
(5) Obligations under law

3. Cookies
The service uses only a session cookie (anshin_session) that keeps you signed in and a value that protects against request forgery. No advertising or tracking cookies and no external analytics are used. Your display language is kept in your browser (localStorage).

4. Disclosure and subcontracting
We do not give personal information to third parties without consent except as the law requires. Subcontractors are bound to the same safeguards as ours (see "Operator and data location").

5. Safeguards
Encrypted connections, a data key per contractor, hashed passwords, least privilege, and a tamper-evident audit log.

6. Requests for disclosure, correction or deletion, and complaints
Requests to disclose, correct, delete or stop using personal information, and complaints or questions about its handling, are received at:
  anshin operations office, personal data desk
  E-mail: privacy@anshin.example.jp (received at any time; answered on business days 9:00-17:00 JST)

7. Changes
We announce changes on this page and in the announcements before they take effect; earlier versions stay on this page.',
'2000-01-01', 'system', 0);
INSERT INTO ops_info_pages (kind, version, title, body, title_en, body_en, effective_on, published_by, created_at)
VALUES ('security', 1, '安全にご利用いただくために',
'・パスワード：他のサービスと同じものを使わず、12文字以上で推測されにくいものにしてください。二要素認証（認証アプリまたはメールの確認コード）の設定をおすすめします。
・フィッシング：当社がメールでパスワードや確認コードをお尋ねすることはありません。ログインは必ずブックマークした正しいURLから行ってください。
・カード番号：本サービスの画面やお問い合わせで、クレジットカード番号を入力・送信しないでください。
・マルウェア：パソコンにはウイルス対策ソフトを入れ、不審な添付ファイルやリンクを開かないでください。
・更新：OS・ブラウザーは常に最新の状態にしてください。
・不審な操作に気づいたら：すぐにパスワードを変更し、運営事務局までご連絡ください。',
'Using anshin safely',
'- Passwords: do not reuse passwords from other services; use 12 characters or more that are hard to guess. We recommend a second factor (an authenticator app or e-mailed codes).
- Phishing: we never ask for your password or codes by e-mail. Always sign in from the correct bookmarked address.
- Card numbers: never enter or send a credit card number on the service''s screens or in inquiries.
- Malware: use anti-virus software and do not open suspicious attachments or links.
- Updates: keep your operating system and browser up to date.
- If you notice anything suspicious: change your password at once and contact the operations office.',
'2000-01-01', 'system', 0);
INSERT INTO ops_info_pages (kind, version, title, body, title_en, body_en, effective_on, published_by, created_at)
VALUES ('environment', 1, '動作環境（対応ブラウザー・OS）',
'対応ブラウザー（いずれも最新版）：Google Chrome、Microsoft Edge、Mozilla Firefox、Safari
対応OS：Windows 10 / 11、macOS（最新および1つ前のバージョン）、iOS / iPadOS 17 以降、Android 13 以降
画面の幅：390 ピクセル以上（スマートフォンでもご利用いただけます）
JavaScript と Cookie を有効にしてください。
対応環境を変更するときは、1週間以上前にお知らせでご案内します。',
'Supported browsers and systems',
'Browsers (latest versions): Google Chrome, Microsoft Edge, Mozilla Firefox, Safari
Systems: Windows 10 / 11, macOS (the latest and the previous version), iOS / iPadOS 17 or later, Android 13 or later
Screen width: 390 pixels or more (phones are supported)
JavaScript and cookies must be enabled.
Changes to the supported environments are announced at least a week ahead.',
'2000-01-01', 'system', 0);
INSERT INTO ops_info_pages (kind, version, title, body, title_en, body_en, effective_on, published_by, created_at)
VALUES ('support', 1, 'サポート窓口・障害のご連絡',
'受付時間：営業日（土日・祝日・年末年始 12月29日〜1月3日を除く）9:00〜17:00
窓口：メール support@anshin.example.jp、ポータルのお問い合わせ
障害のご連絡：稼働状況のページ（/status）の「障害のご報告」から、24時間どなたでもご連絡いただけます。
障害が発生したときは、稼働状況のページとメールで、発生・経過・復旧をお知らせします。
マニュアル：契約者の管理者向け・利用者向けの操作説明は、ログイン後のダッシュボードからご覧いただけます。',
'Support and incident contact',
'Hours: business days (excluding weekends, national holidays and Dec 29 - Jan 3), 9:00-17:00 JST
Channels: e-mail support@anshin.example.jp, or the inquiry form in the portal
Reporting a failure: anyone may report one at any time with the form on the status page (/status).
During an incident we post its start, progress and resolution on the status page and by e-mail.
Manuals: guides for contractors'' administrators and users are linked from the dashboard after signing in.',
'2000-01-01', 'system', 0);
INSERT INTO ops_info_pages (kind, version, title, body, title_en, body_en, effective_on, published_by, created_at)
VALUES ('operator', 1, '運営会社・データの所在',
'運営者：anshin 運営事務局
データの所在：日本国内のデータセンター（東京）。バックアップも日本国内に保管します。
準拠法：日本法。管轄裁判所は東京地方裁判所とします。
責任の範囲：当社はサービスの基盤（サーバー、ネットワーク、アプリケーション）の運用と保守に責任を負い、契約者は利用者アカウントと登録するデータの管理に責任を負います。
再委託先：データセンター事業者（設備の運用）、メール配信事業者（お知らせメールの送信）。再委託先には、当社と同等の秘密保持とセキュリティ対策を契約で義務付けています。
認証方式：ID・パスワード（argon2id でハッシュ化）、二要素認証（TOTP・メールの確認コード）、APIトークン。
脆弱性診断：年1回以上、第三者による診断を実施します。直近の実施日と範囲はこのページの改定でお知らせします。',
'Operator and data location',
'Operator: the anshin operations office
Data location: a data centre in Japan (Tokyo); backups are also kept in Japan.
Applicable law: the laws of Japan; the Tokyo District Court has jurisdiction.
Responsibility: we operate and maintain the platform (servers, network, application); contractors are responsible for their user accounts and the data they register.
Subcontractors: the data centre operator (facilities) and the e-mail delivery provider (notices). They are bound by contract to the same confidentiality and security measures as ours.
Authentication: ID and password (hashed with argon2id), a second factor (TOTP or e-mailed codes), API tokens.
Vulnerability assessment: by a third party at least once a year; the date and scope of the latest are published by revising this page.',
'2000-01-01', 'system', 0);
