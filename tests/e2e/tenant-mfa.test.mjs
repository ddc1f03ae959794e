// A tenant user logs in with company code + user ID + password + TOTP (SLA-22, WP-10), through
// the login page's code step.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { ApiClient, closeAll, screenshotPath, startWithBrowser, withPage } from './harness.mjs';
import { totp } from './totp.mjs';

const OPERATOR = { login: 'ops', password: 'Kaede-Kawa-2026!' };
const NEW_PASSWORD = 'Sakura-Umi-2026!';
const CODE = 'MFA-KK';
let server;
let browser;
let secret;
let counter;
let recovery;

before(async () => {
  ({ server, browser } = await startWithBrowser({ admins: [OPERATOR] }));
  // The tenant, its admin's password change and TOTP enrolment, through the API.
  const op = await ApiClient.login(server.url, OPERATOR);
  const made = await op.expect(201, 'POST', '/api/v1/tenants', {
    company_code: CODE, name: '二要素商事株式会社', responsible_name: '中村 花子',
    responsible_email: 'nakamura@mfa.example.jp', admin_login: 'nakamura',
  });
  const admin = await ApiClient.login(server.url, {
    company_code: CODE, login: 'nakamura', password: made.initial_password,
  });
  await admin.expect(204, 'POST', '/api/v1/me/password', {
    current_password: made.initial_password, new_password: NEW_PASSWORD,
  });
  secret = (await admin.expect(201, 'POST', '/api/v1/me/mfa/totp')).secret;
  counter = Math.floor(Date.now() / 1000 / 30);
  recovery = (await admin.expect(200, 'POST', '/api/v1/me/mfa/totp/confirm',
    { code: totp(secret, counter) })).recovery_codes;
});

after(() => closeAll(browser, server));

test('a tenant user logs in with company code, user ID, password and a TOTP code', async () => {
  await withPage(browser, server, async (page) => {
    await page.goto('/');
    await page.getByLabel('企業コード（事業者スタッフは空欄）', { exact: true }).fill(CODE.toLowerCase());
    await page.getByLabel('ログインID', { exact: true }).fill('nakamura');
    const pw = page.getByLabel('パスワード', { exact: true });
    await pw.fill(NEW_PASSWORD);
    await pw.press('Enter');
    await page.getByRole('heading', { level: 1, name: '確認コードの入力' }).waitFor();
    // The enrolment used the current step; codes only move forward: the next step's code.
    const code = page.getByLabel('確認コード', { exact: true });
    await code.fill(totp(secret, counter + 1));
    await code.press('Enter');
    await page.waitForURL('**/dashboard');
    assert.equal((await page.locator('#me-company-code').textContent()).trim(), CODE);
    await page.screenshot({ path: await screenshotPath('tenant-mfa-dashboard.png'), fullPage: true });
  }, { failureShot: 'tenant-mfa-failure.png' });
});

test('an hour after login, a password change asks for the password and a code first (M5)', async () => {
  await withPage(browser, server, async (page) => {
    await page.goto('/');
    await page.getByLabel('企業コード（事業者スタッフは空欄）', { exact: true }).fill(CODE);
    await page.getByLabel('ログインID', { exact: true }).fill('nakamura');
    const pw = page.getByLabel('パスワード', { exact: true });
    await pw.fill(NEW_PASSWORD);
    await pw.press('Enter');
    await page.getByRole('button', { name: 'リカバリーコードを使う' }).click();
    const rc = page.getByLabel('リカバリーコード', { exact: true });
    await rc.fill(recovery[0]);
    await rc.press('Enter');
    await page.waitForURL('**/dashboard');
    // Time travel: the login moves an hour into the past.
    execFileSync('sqlite3', ['-cmd', '.timeout 5000', server.env.ANSHIN_STORE_PATH,
      'UPDATE sessions SET auth_at = auth_at - 3600000000']);
    await page.goto('/password');
    await page.getByLabel('現在のパスワード', { exact: true }).fill(NEW_PASSWORD);
    await page.getByLabel('新しいパスワード', { exact: true }).fill('Kiri-Mori-2026!x');
    await page.getByLabel('新しいパスワード（確認）', { exact: true }).fill('Kiri-Mori-2026!x');
    await page.getByRole('button', { name: 'パスワードを変更する' }).click();
    const dialog = page.getByRole('dialog', { name: 'パスワードの再入力' });
    await dialog.waitFor();
    await dialog.getByLabel('パスワード', { exact: true }).fill(NEW_PASSWORD);
    await dialog.getByLabel('確認コード（認証アプリ、またはリカバリーコード）').fill(recovery[1]);
    await dialog.getByRole('button', { name: '確認する', exact: true }).click();
    await page.waitForURL('**/dashboard');
    await page.getByRole('status').getByText('パスワードを変更しました。').waitFor();
  }, { failureShot: 'tenant-mfa-reauth-failure.png' });
});
