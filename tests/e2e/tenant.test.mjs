// Browser tests of tenants: an operator registers a company, its administrator logs in with the
// company code and adds a user, and the audit log shows each side only what it may see.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { ADMIN, ApiClient, closeAll, logIn, screenshotPath, startWithBrowser, withPage } from './harness.mjs';

const NEW_PASSWORD = 'Hikari-Tsuki-77#';
const JAPANESE = /[\u3040-\u30ff\u4e00-\u9fff]/;

// Registered through the dashboard in the first test.
const TENANT = {
  code: 'sakura-01',
  storedCode: 'SAKURA-01',
  name: '株式会社さくら商事',
  responsible: '山田 太郎',
  email: 'yamada@sakura.example.jp',
  admin: 'yamada',
};
// Another company made through the API: its events must never show up for TENANT's admin.
const OTHER = { code: 'OTHER-CO', name: 'ほか物産株式会社', admin: 'kobayashi', users: 53 };

let server;
let browser;
let otherTenantId;
let tenantAdmin; // { company_code, login, password } once the password has been changed
let member; // { company_code, login, password } of the user added by the tenant admin

const page$ = (fn, shot) => withPage(browser, server, fn, { failureShot: `failure-tenant-${shot}.png` });

async function changePassword(page, current, notice = '初回ログインのため、パスワードの変更が必要です。') {
  await page.waitForURL('**/password');
  await page.getByText(notice, { exact: false }).waitFor();
  await page.getByLabel('現在のパスワード', { exact: true }).fill(current);
  await page.getByLabel('新しいパスワード', { exact: true }).fill(NEW_PASSWORD);
  await page.getByLabel('新しいパスワード（確認）', { exact: true }).fill(NEW_PASSWORD);
  await page.getByRole('button', { name: 'パスワードを変更する' }).click();
  await page.waitForURL('**/dashboard');
  await page.getByRole('heading', { level: 1, name: 'ダッシュボード' }).waitFor();
}

before(async () => {
  ({ server, browser } = await startWithBrowser());

  // The other company, its admin (logged in, so there are auth.login events of another tenant),
  // and enough of its users for more than one page of user.create events.
  const operator = await ApiClient.login(server.url, ADMIN);
  const made = await operator.expect(201, 'POST', '/api/v1/tenants', {
    company_code: OTHER.code, name: OTHER.name, responsible_name: '小林 一郎',
    responsible_email: 'kobayashi@other.example.jp', admin_login: OTHER.admin,
  });
  otherTenantId = made.tenant.id;
  const other = await ApiClient.login(server.url, {
    company_code: OTHER.code, login: OTHER.admin, password: made.initial_password,
  });
  await other.expect(204, 'POST', '/api/v1/me/password', {
    current_password: made.initial_password, new_password: NEW_PASSWORD,
  });
  for (let i = 1; i <= OTHER.users; i++) {
    await other.expect(201, 'POST', '/api/v1/users', {
      login: `user${String(i).padStart(2, '0')}`, email: `user${i}@other.example.jp`, roles: ['member'],
    });
  }
});

after(() => closeAll(browser, server));

test('an operator admin registers a tenant; its admin logs in with the company code and must change the password', async () => {
  let initial;
  await page$(async (page) => {
    await logIn(page, ADMIN);
    await page.waitForURL('**/dashboard');
    const card = page.locator('#tenants-card');
    await card.getByRole('heading', { level: 2, name: 'テナント（契約企業）' }).waitFor();
    await card.locator('#tenants-rows td', { hasText: OTHER.code }).waitFor();

    // The search takes a prefix of the code (typed in lower case too) or of the name.
    const search = page.getByLabel('企業コードまたは企業名', { exact: true });
    const otherRow = card.locator('#tenants-rows td', { hasText: OTHER.code });
    for (const q of ['other', 'ほか物産']) {
      await search.fill('存在しない');
      await search.press('Enter');
      await page.getByText('「存在しない」に一致するテナントはありません。').waitFor();
      await search.fill(q);
      await search.press('Enter');
      await otherRow.waitFor();
    }
    await page.getByRole('button', { name: 'クリア', exact: true }).click();
    assert.equal(await search.inputValue(), '');

    await page.getByLabel('企業コード', { exact: true }).fill(TENANT.code);
    await page.getByLabel('企業名', { exact: true }).fill(TENANT.name);
    await page.getByLabel('利用責任者の氏名', { exact: true }).fill(TENANT.responsible);
    await page.getByLabel('利用責任者のメールアドレス', { exact: true }).fill(TENANT.email);
    await page.getByLabel('管理者のユーザーID', { exact: true }).fill(TENANT.admin);
    await page.getByRole('button', { name: '登録する' }).click();

    const panel = page.locator('#tenant-created');
    await panel.getByRole('heading', { name: 'テナントを登録しました' }).waitFor();
    assert.equal(await page.locator('#tenant-created-code').textContent(), TENANT.storedCode);
    assert.equal(await page.locator('#tenant-created-login').textContent(), TENANT.admin);
    initial = (await page.locator('#tenant-otp-value').textContent()).trim();
    assert.ok(initial.length >= 10, 'an initial password is shown');
    assert.equal(await panel.evaluate((el) => el === document.activeElement), true, 'the panel has the focus');

    const row = page.locator('#tenants-rows tr', { hasText: TENANT.storedCode });
    await row.waitFor();
    assert.match(await row.textContent(), new RegExp(TENANT.name));
    assert.ok((await row.textContent()).includes(TENANT.email));
    assert.match(await row.textContent(), /有効/);
    assert.match(await row.locator('td').last().textContent(), /JST$/);
    await page.screenshot({ path: await screenshotPath('dashboard-tenant-added.png'), fullPage: true });

    // The same company code again: the server's reason, on the form.
    await page.getByLabel('企業コード', { exact: true }).fill(TENANT.code.toUpperCase());
    await page.getByLabel('企業名', { exact: true }).fill('別の会社');
    await page.getByLabel('利用責任者の氏名', { exact: true }).fill('別人');
    await page.getByLabel('利用責任者のメールアドレス', { exact: true }).fill('someone@example.jp');
    await page.getByLabel('管理者のユーザーID', { exact: true }).fill('someone');
    await page.getByRole('button', { name: '登録する' }).click();
    const alert = page.locator('#tenant-form-error[role="alert"] .alert');
    await alert.waitFor();
    assert.match(await alert.textContent(), JAPANESE);
    assert.equal(await page.getByLabel('企業コード', { exact: true }).getAttribute('aria-invalid'), 'true');

    // Closing the panel drops the password from the page.
    await panel.getByRole('button', { name: '閉じる' }).click();
    assert.equal(await panel.isVisible(), false);
    assert.equal(await page.locator('#tenant-otp-value').textContent(), '');
  }, 'register');

  await page$(async (page) => {
    await logIn(page, { company_code: TENANT.code, login: TENANT.admin, password: initial });
    await changePassword(page, initial);
    assert.equal(await page.locator('#me-company-code').textContent(), TENANT.storedCode);
    assert.equal(await page.locator('#me-tenant').textContent(), TENANT.name);
    assert.equal(await page.locator('#me-kind').textContent(), '企業ユーザー');
    assert.match(await page.locator('#me-roles').textContent(), /管理者/);
    assert.match(await page.locator('#greeting').textContent(), new RegExp(TENANT.responsible));
    await page.getByRole('heading', { level: 2, name: 'ユーザー', exact: true }).waitFor();
    // Operator cards are not for tenant users.
    assert.equal(await page.locator('#tenants-card').count(), 0);
    assert.equal(await page.locator('#staff-card').isVisible(), false);
  }, 'tenant-admin');
  tenantAdmin = { company_code: TENANT.code, login: TENANT.admin, password: NEW_PASSWORD };
});

test('the tenant admin adds a user, who logs in with the company code and must change the password', async () => {
  assert.ok(tenantAdmin, 'needs the tenant of the previous test');
  let added;
  await page$(async (page) => {
    await logIn(page, tenantAdmin);
    await page.waitForURL('**/dashboard');
    const card = page.locator('#users-card');
    await card.getByRole('heading', { level: 2, name: 'ユーザー', exact: true }).waitFor();
    assert.match(await page.locator('#users-lead').textContent(), new RegExp(TENANT.name));
    await card.getByRole('cell', { name: TENANT.admin, exact: true }).waitFor();
    // Only this tenant's users: none of the other company's.
    assert.equal(await card.locator('#users-rows tr').count(), 1);

    await page.getByLabel('ユーザーID', { exact: true }).fill('sato');
    await page.getByLabel('表示名', { exact: true }).fill('佐藤 花子');
    await page.getByLabel('メールアドレス', { exact: true }).fill('sato@sakura.example.jp');
    await page.getByLabel('ロール', { exact: true }).selectOption({ label: '一般ユーザー' });
    await page.getByRole('button', { name: '追加する' }).click();

    const panel = page.locator('#user-created');
    await panel.getByRole('heading', { name: 'ユーザーを追加しました' }).waitFor();
    assert.match(await page.locator('#user-created-lead').textContent(), new RegExp(TENANT.storedCode));
    // Issue 10: a new user gets only a single-use link by mail; no password is shown or returned.
    assert.match(await page.locator('#user-created-lead').textContent(), /sato@sakura\.example\.jp/);
    assert.equal(await page.locator('#user-otp-value').isVisible(), false);
    assert.equal((await page.locator('#user-otp-value').textContent()).trim(), '');
    const row = card.locator('#users-rows tr', { hasText: 'sato' });
    await row.waitFor();
    assert.match(await row.textContent(), /佐藤 花子/);
    assert.match(await row.textContent(), /一般ユーザー/);
    assert.match(await row.textContent(), /初回パスワード変更待ち/);
    assert.match(await row.textContent(), /未ログイン/);
    // For the next steps the admin gives sato a one-time password (forced reset, through the API).
    const ta = await ApiClient.login(server.url, tenantAdmin);
    const sato = (await ta.expect(200, 'GET', '/api/v1/users')).items.find((u) => u.login === 'sato');
    const { initial_password: password } = await ta.expect(200, 'POST', `/api/v1/users/${sato.id}/password-reset`);
    added = { company_code: TENANT.storedCode, login: 'sato', password };
    await page.screenshot({ path: await screenshotPath('tenant-dashboard.png'), fullPage: true });

    // The same user ID again: the server's reason.
    await page.getByLabel('ユーザーID', { exact: true }).fill('sato');
    await page.getByLabel('メールアドレス', { exact: true }).fill('sato2@sakura.example.jp');
    await page.getByRole('button', { name: '追加する' }).click();
    const alert = page.locator('#user-form-error[role="alert"] .alert');
    await alert.waitFor();
    assert.match(await alert.textContent(), JAPANESE);
  }, 'add-user');

  await page$(async (page) => {
    // Without the company code the user is not found among the operator staff.
    await logIn(page, { login: added.login, password: added.password });
    await page.locator('#login-error .alert').waitFor();
    assert.equal(new URL(page.url()).pathname, '/');

    await logIn(page, added);
    // The one-time password came from the admin's forced reset: the page says so.
    await changePassword(page, added.password, 'パスワードがリセットされたか有効期限が切れたため');
    assert.equal(await page.locator('#me-login').textContent(), 'sato');
    assert.equal(await page.locator('#me-tenant').textContent(), TENANT.name);
    assert.match(await page.locator('#me-roles').textContent(), /一般ユーザー/);
    // A member sees account, session, status and the company's services; the menu offers the
    // dashboard, the support desk and the security settings (issue 10 item 15, issue 13).
    assert.equal(await page.locator('#users-card').count(), 0);
    assert.equal(await page.locator('#tenants-card').count(), 0);
    assert.deepEqual(await page.locator('#main-nav a').allTextContents(), ['ダッシュボード', 'お問い合わせ', 'セキュリティ設定']);
    assert.equal(await page.locator('#audit-link').isVisible(), false);
    // And the audit log answers with the server's refusal.
    await page.goto('/audit');
    const refusal = page.locator('#page-error[role="alert"] .alert');
    await refusal.waitFor();
    assert.match(await refusal.textContent(), JAPANESE);
    assert.equal(await page.locator('#audit-content').isVisible(), false);
    await page.getByRole('link', { name: 'ダッシュボードに戻る' }).waitFor();
  }, 'member');
  member = { ...added, password: NEW_PASSWORD };
});

test('the tenant admin filters the audit log: only the tenant’s logins, and the CSV link carries the filter', async () => {
  assert.ok(tenantAdmin && member, 'needs the tenant and user of the previous tests');
  await page$(async (page) => {
    await logIn(page, tenantAdmin);
    await page.waitForURL('**/dashboard');
    await page.getByRole('navigation', { name: 'メインメニュー' }).getByRole('link', { name: '監査ログ' }).click();
    await page.waitForURL('**/audit');
    await page.getByRole('heading', { level: 1, name: '監査ログ' }).waitFor();
    assert.match(await page.locator('#audit-lead').textContent(), new RegExp(TENANT.name));
    await page.locator('#audit-rows tr').first().waitFor();
    // No tenant filter or column for tenant users.
    assert.equal(await page.locator('#f-tenant-field').isVisible(), false);
    assert.equal(await page.locator('#col-tenant').isVisible(), false);

    await page.getByLabel('操作', { exact: true }).selectOption({ label: 'ログイン' });
    const answer = page.waitForResponse((r) => r.url().includes('/api/v1/audit/events?'));
    await page.getByRole('button', { name: '絞り込む' }).click();
    const res = await answer;
    assert.equal(res.status(), 200);
    assert.match(res.request().headers()['accept-language'] ?? '', /^ja/);
    const { items } = await res.json();
    await page.waitForURL((url) => url.searchParams.get('action') === 'auth.login');
    assert.ok(items.length >= 3, `logins of yamada (twice) and sato at least, got ${items.length}`);
    for (const e of items) {
      assert.equal(e.action, 'auth.login');
      assert.equal(e.tenant_id, items[0].tenant_id);
      assert.notEqual(e.tenant_id, otherTenantId);
    }

    const rows = page.locator('#audit-rows tr');
    assert.equal(await rows.count(), items.length);
    const actions = await rows.locator('td[data-label="操作"] .cell-main').allTextContents();
    assert.deepEqual([...new Set(actions)], ['ログイン']);
    const actors = new Set(await rows.locator('td[data-label="主体"] .cell-main').allTextContents());
    assert.ok(actors.has(TENANT.admin) && actors.has(member.login), [...actors].join(','));
    for (const a of actors) assert.ok([TENANT.admin, member.login].includes(a), `foreign actor ${a}`);
    assert.match(await rows.first().locator('td[data-label="日時（JST）"]').textContent(), /\d{2}:\d{2}:\d{2} JST$/);
    await rows.first().locator('.badge-outcome-success', { hasText: '成功' }).waitFor();
    assert.match(await page.locator('#audit-range').textContent(), new RegExp(`1〜${items.length} 件目`));
    assert.equal(await page.getByRole('button', { name: '次へ' }).isDisabled(), true);
    assert.equal(await page.getByRole('button', { name: '前へ' }).isDisabled(), true);

    // The CSV link carries the same filter, and the page address keeps it for a reload.
    const csv = page.getByRole('link', { name: 'CSV をダウンロード' });
    const href = new URL(await csv.getAttribute('href'), server.url);
    assert.equal(href.pathname, '/api/v1/audit/events.csv');
    assert.equal(href.searchParams.get('action'), 'auth.login');
    assert.equal(new URL(page.url()).searchParams.get('action'), 'auth.login');
    await page.screenshot({ path: await screenshotPath('audit.png'), fullPage: true });

    const downloading = page.waitForEvent('download');
    await csv.click();
    const file = await (await downloading).path();
    const text = await readFile(file, 'utf8');
    assert.equal(text.charCodeAt(0), 0xfeff, 'UTF-8 with a byte order mark');
    const lines = text.slice(1).trim().split('\r\n');
    assert.match(lines[0], /^連番,日時\(JST\)/);
    assert.equal(lines.length - 1, items.length);
    for (const line of lines.slice(1)) assert.match(line, /"auth\.login"/);
    assert.doesNotMatch(text, new RegExp(OTHER.admin));

    await page.reload();
    await page.locator('#audit-rows tr').first().waitFor();
    assert.equal(await page.getByLabel('操作', { exact: true }).inputValue(), 'auth.login');
  }, 'audit');
});

test('an operator admin pages through one tenant’s audit events (in English)', async () => {
  await page$(async (page) => {
    await logIn(page, ADMIN);
    await page.waitForURL('**/dashboard');
    await page.getByRole('button', { name: 'English', exact: true }).click();
    // This time through the account card's link.
    const link = page.locator('#audit-link');
    assert.equal(await link.textContent(), 'Audit log');
    await link.click();
    await page.waitForURL('**/audit');
    await page.getByRole('heading', { level: 1, name: 'Audit log' }).waitFor();

    await page.getByLabel('Tenant ID', { exact: true }).fill(String(otherTenantId));
    await page.getByLabel('Action', { exact: true }).selectOption({ label: 'User added' });
    await page.getByRole('button', { name: 'Apply' }).click();
    await page.waitForURL((url) => url.searchParams.get('tenant_id') === String(otherTenantId));
    await page.locator('#audit-range', { hasText: '1–50' }).waitFor();
    const rows = page.locator('#audit-rows tr');
    assert.equal(await rows.count(), 50);
    assert.match(await rows.first().textContent(), /User added/);
    assert.equal(await rows.first().locator('td[data-label="Tenant ID"]').textContent(), String(otherTenantId));

    const next = page.getByRole('button', { name: 'Next' });
    const prev = page.getByRole('button', { name: 'Previous' });
    assert.equal(await prev.isDisabled(), true);
    await next.click();
    // 53 users and the admin made by the operator: 54 user.create events.
    await page.locator('#audit-range', { hasText: '51–54' }).waitFor();
    assert.equal(await rows.count(), OTHER.users + 1 - 50);
    assert.equal(await next.isDisabled(), true);
    assert.equal(await prev.evaluate((el) => el === document.activeElement), true, 'focus moved to Previous');
    assert.equal(new URL(page.url()).searchParams.get('page'), '2');
    await page.screenshot({ path: await screenshotPath('audit-en.png'), fullPage: true });

    await prev.click();
    await page.locator('#audit-range', { hasText: '1–50' }).waitFor();

    // An end date before the start date is caught on the page.
    await page.getByLabel('From', { exact: true }).fill('2030-01-02');
    await page.getByLabel('To', { exact: true }).fill('2030-01-01');
    await page.getByRole('button', { name: 'Apply' }).click();
    await page.locator('#filter-error[role="alert"]').getByText('The end date must not be before the start date.').waitFor();
    assert.equal(await page.getByLabel('To', { exact: true }).getAttribute('aria-invalid'), 'true');
  }, 'operator-audit');
});

test('the user list pages by cursor: the first 100 users, then the rest with 続きを表示', async () => {
  // Issue 20 (keyset pages): the other company has its admin and 53 users; 50 more make 104.
  const other = await ApiClient.login(server.url, { company_code: OTHER.code, login: OTHER.admin, password: NEW_PASSWORD });
  for (let i = 1; i <= 50; i++) {
    await other.expect(201, 'POST', '/api/v1/users', {
      login: `more${String(i).padStart(2, '0')}`, email: `more${i}@other.example.jp`, roles: ['member'],
    });
  }
  await page$(async (page) => {
    await logIn(page, { company_code: OTHER.code, login: OTHER.admin, password: NEW_PASSWORD });
    await page.waitForURL('**/dashboard');
    const card = page.locator('#users-card');
    await card.getByRole('cell', { name: OTHER.admin, exact: true }).waitFor();
    assert.equal(await card.locator('#users-rows tr').count(), 100);
    const next = card.getByRole('button', { name: '続きを表示' });
    await next.click();
    await card.getByRole('cell', { name: 'more50', exact: true }).waitFor();
    assert.equal(await card.locator('#users-rows tr').count(), 104);
    assert.equal(await next.isVisible(), false);
    // Every user once: no row repeated across the two pages.
    const logins = await card.locator('#users-rows tr td:first-child').allTextContents();
    assert.equal(new Set(logins).size, 104);
  }, 'user-pages');
});
