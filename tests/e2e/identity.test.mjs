// Browser tests of identity and access (issue 11): a tenant admin creates a custom role, assigns it
// to a member, and the member's menu changes at the next page (CHK-13, WP-7, WP-8); a session that
// ends by its idle timeout returns to the login page saying why, and back to the page after the
// login (CHK-15).

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { addUserWithPassword, ADMIN, ApiClient, closeAll, logIn, startWithBrowser, withPage } from './harness.mjs';

const NEW_PASSWORD = 'Hikari-Tsuki-77#';
const TENANT = { code: 'MOMIJI-11', admin: 'kato' };
const MEMBER = { login: 'ono', email: 'ono@momiji.example.jp' };

let server;
let browser;
let tenantAdmin; // {company_code, login, password} after the one-time password was changed
let member;

/** Logs in over the API with a one-time password and changes it; resolves the new credentials. */
async function settle(login, oneTime) {
  const creds = { company_code: TENANT.code, login, password: oneTime };
  const c = await ApiClient.login(server.url, creds);
  await c.expect(204, 'POST', '/api/v1/me/password', { current_password: oneTime, new_password: NEW_PASSWORD });
  return { ...creds, password: NEW_PASSWORD };
}

before(async () => {
  ({ server, browser } = await startWithBrowser());
  const operator = await ApiClient.login(server.url, ADMIN);
  const made = await operator.expect(201, 'POST', '/api/v1/tenants', {
    company_code: TENANT.code, name: '株式会社もみじ', responsible_name: '加藤 一郎',
    responsible_email: 'kato@momiji.example.jp', admin_login: TENANT.admin,
  });
  tenantAdmin = await settle(TENANT.admin, made.initial_password);
  const ta = await ApiClient.login(server.url, tenantAdmin);
  const u = await addUserWithPassword(ta, MEMBER);
  member = await settle(MEMBER.login, u.initial_password);
});

after(() => closeAll(browser, server));

const menuLinks = (page) => page.locator('#main-nav a').allTextContents();

test('a tenant admin creates a role, assigns it, and the member\'s menu changes', async () => {
  // The member first: no audit log in the menu (a member holds no permission).
  await withPage(browser, server, async (page) => {
    await logIn(page, member);
    await page.waitForURL('**/dashboard');
    await page.getByRole('heading', { level: 1, name: 'ダッシュボード' }).waitFor();
    assert.ok(!(await menuLinks(page)).includes('監査ログ'));
  });

  await withPage(browser, server, async (page) => {
    await logIn(page, tenantAdmin);
    await page.waitForURL('**/dashboard');
    await page.goto('/tenant-settings');
    const card = page.locator('#roles-card');
    await card.getByRole('heading', { level: 2, name: 'ロール' }).waitFor();
    await card.getByLabel('ロール名', { exact: true }).fill('監査担当');
    await card.getByLabel('監査ログの閲覧（テナント管理者は自社分のみ）').check();
    await card.getByRole('button', { name: '作成する' }).click();
    await card.locator('[role="status"]', { hasText: 'ロール「監査担当」を作成しました。' }).waitFor();
    await card.locator('#roles-rows tr', { hasText: '監査担当' }).waitFor();

    // Assign it to the member, with the built-in member role.
    await card.getByLabel('ユーザー', { exact: true }).selectOption({ label: `${MEMBER.login} (${MEMBER.login})` });
    await card.locator('#assign-custom').getByLabel('監査担当').check();
    await card.getByRole('button', { name: '割り当てを保存する' }).click();
    await card.locator('#assign-status', { hasText: '割り当てを保存しました。' }).waitFor();
    // The ledger shows the member's new permission.
    await page.locator('#ledger-rows tr', { hasText: MEMBER.login }).getByText('監査ログの閲覧（テナント管理者は自社分のみ）').waitFor();
  });

  // The member's menu now offers the audit log, and the page opens.
  await withPage(browser, server, async (page) => {
    await logIn(page, member);
    await page.waitForURL('**/dashboard');
    await page.locator('#main-nav').getByRole('link', { name: '監査ログ' }).click();
    await page.waitForURL('**/audit');
    await page.getByRole('heading', { level: 1, name: '監査ログ' }).waitFor();
  });
});

test('a session ended by its idle timeout returns to the login page, says why, then comes back', async () => {
  await withPage(browser, server, async (page) => {
    await logIn(page, tenantAdmin);
    await page.waitForURL('**/dashboard');
    await page.goto('/tenant-settings');
    await page.getByRole('heading', { level: 1, name: 'テナント設定' }).waitFor();
    // 31 minutes without a request (the tenant's default idle timeout is 30).
    execFileSync('sqlite3', ['-cmd', '.timeout 5000', server.env.ANSHIN_STORE_PATH,
      'UPDATE sessions SET last_seen_at = last_seen_at - 1860000000 WHERE revoked_at IS NULL']);
    await page.reload();
    await page.waitForURL((url) => url.pathname === '/' && url.searchParams.get('ended') === 'idle');
    await page.getByText('一定時間操作がなかったため、安全のためログアウトしました。', { exact: false }).waitFor();
    await page.getByLabel('企業コード（事業者スタッフは空欄）', { exact: true }).fill(TENANT.code);
    await page.getByLabel('ログインID', { exact: true }).fill(tenantAdmin.login);
    const pw = page.getByLabel('パスワード', { exact: true });
    await pw.fill(tenantAdmin.password);
    await pw.press('Enter');
    await page.waitForURL('**/tenant-settings');
    await page.getByRole('heading', { level: 1, name: 'テナント設定' }).waitFor();
  });
});

test('a tenant admin opens the account review, downloads its CSV and records the review', async () => {
  await withPage(browser, server, async (page) => {
    await logIn(page, tenantAdmin);
    await page.waitForURL('**/dashboard');
    await page.locator('#main-nav').getByRole('link', { name: '棚卸' }).click();
    await page.waitForURL('**/account-review');
    await page.getByRole('heading', { level: 1, name: 'アカウントの棚卸' }).waitFor();
    await page.locator('#ar-rows tr', { hasText: MEMBER.login }).waitFor();
    await page.getByText('まだ棚卸の記録はありません。').waitFor();
    const [file] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'CSV をダウンロード' }).click(),
    ]);
    assert.equal(file.suggestedFilename(), 'account-review.csv');
    const text = (await (await file.createReadStream()).toArray()).join('');
    assert.match(text, /ユーザーID,名前,状態,ロール,権限,特権,最終ログイン\(UTC\),二要素認証,休眠/);
    assert.match(text, new RegExp(`"${MEMBER.login}"`));
    await page.getByRole('button', { name: '棚卸を完了として記録する' }).click();
    await page.locator('#ar-done-status', { hasText: '棚卸の完了を記録しました。' }).waitFor();
    await page.getByText(`前回の棚卸：${TENANT.admin}`).waitFor();
  });
});
