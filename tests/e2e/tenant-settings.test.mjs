// Browser test of the tenant settings page: a tenant admin saves a password policy, sees the
// server's range error, issues an API token (the secret is shown once), sees it listed, revokes it.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { ADMIN, ApiClient, closeAll, screenshotPath, startWithBrowser, withPage } from './harness.mjs';

const NEW_PASSWORD = 'Hikari-Tsuki-77#';
const TENANT = { code: 'KAEDE-01', admin: 'suzuki' };

let server;
let browser;
let initialPassword;

before(async () => {
  ({ server, browser } = await startWithBrowser());
  const operator = await ApiClient.login(server.url, ADMIN);
  const made = await operator.expect(201, 'POST', '/api/v1/tenants', {
    company_code: TENANT.code, name: '株式会社かえで', responsible_name: '鈴木 花子',
    responsible_email: 'suzuki@kaede.example.jp', admin_login: TENANT.admin,
  });
  initialPassword = made.initial_password;
});

after(() => closeAll(browser, server));

test('a tenant admin saves the password policy and issues and revokes an API token', async () => {
  await withPage(browser, server, async (page) => {
    // Log in through the page and change the one-time password.
    await page.goto('/');
    await page.getByLabel('企業コード（事業者スタッフは空欄）', { exact: true }).fill(TENANT.code);
    await page.getByLabel('ログインID', { exact: true }).fill(TENANT.admin);
    const pw = page.getByLabel('パスワード', { exact: true });
    await pw.fill(initialPassword);
    await pw.press('Enter');
    await page.waitForURL('**/password');
    await page.getByLabel('現在のパスワード', { exact: true }).fill(initialPassword);
    await page.getByLabel('新しいパスワード', { exact: true }).fill(NEW_PASSWORD);
    await page.getByLabel('新しいパスワード（確認）', { exact: true }).fill(NEW_PASSWORD);
    await page.getByRole('button', { name: 'パスワードを変更する' }).click();
    await page.waitForURL('**/dashboard');

    // From the users card to the settings page (the header menu has the link too).
    const navLink = page.locator('#main-nav').getByRole('link', { name: 'テナント設定' });
    await navLink.waitFor();
    await page.locator('#users-card').getByRole('link', { name: 'テナント設定を開く' }).click();
    await page.waitForURL('**/tenant-settings');
    await page.getByRole('heading', { level: 1, name: 'テナント設定' }).waitFor();

    // Password policy: the floors become the input's range, 12 is saved.
    const pp = page.locator('#pp-card');
    const minLength = pp.getByLabel('最小文字数', { exact: true });
    await minLength.waitFor();
    assert.equal(await minLength.getAttribute('min'), '8');
    assert.equal(await minLength.getAttribute('max'), '128');
    assert.match(await pp.locator('#pp-min_length-range').textContent(), /8〜128/);
    await minLength.fill('12');
    await pp.getByRole('button', { name: '保存', exact: true }).click();
    await pp.locator('[role="status"]', { hasText: '保存しました' }).waitFor();

    // 6 is below the floor: the server's detail and the field's reason, in the alert region.
    await minLength.fill('6');
    await pp.getByRole('button', { name: '保存', exact: true }).click();
    const alert = pp.locator('[role="alert"] .alert');
    await alert.waitFor();
    assert.match(await alert.textContent(), /入力内容に誤りがあります/);
    assert.match(await alert.textContent(), /8〜128 の範囲で指定してください/);
    assert.equal(await minLength.getAttribute('aria-invalid'), 'true');
    assert.equal(await pp.locator('[role="status"] .alert').count(), 0, 'the earlier success message is gone');

    // API token with users.read: the secret once, then listed, then revoked after a confirmation.
    const tok = page.locator('#tok-card');
    await tok.getByLabel('名前', { exact: true }).fill('人事システム連携');
    await tok.getByRole('checkbox', { name: /ユーザー・ポリシー・IP制限の閲覧/ }).check();
    await tok.getByRole('button', { name: '発行する' }).click();
    const created = page.locator('#tok-created');
    await created.getByRole('heading', { name: 'APIトークンを発行しました' }).waitFor();
    const secret = (await page.locator('#tok-secret').textContent()).trim();
    assert.match(secret, /^ansh_\S{20,}$/);
    await created.getByText('このトークンは今だけ表示されます。', { exact: false }).waitFor();
    const row = page.locator('#tok-rows tr', { hasText: '人事システム連携' });
    await row.waitFor();
    assert.match(await row.textContent(), /ユーザー・ポリシー・IP制限の閲覧/);
    assert.match(await row.textContent(), /JST/);
    assert.ok(!(await row.textContent()).includes(secret), 'the list never shows the secret');
    await page.screenshot({ path: await screenshotPath('tenant-settings.png'), fullPage: true });

    await created.getByRole('button', { name: '閉じる' }).click();
    assert.equal(await page.locator('#tok-secret').textContent(), '', 'the secret leaves the page');
    await row.getByRole('button', { name: '「人事システム連携」を失効' }).click();
    const confirm = page.locator('#tok-revoke');
    await confirm.getByRole('heading', { name: 'APIトークン「人事システム連携」を失効しますか？' }).waitFor();
    await confirm.getByRole('button', { name: '失効する' }).click();
    await page.locator('#page-status', { hasText: 'APIトークン「人事システム連携」を失効しました。' }).waitFor();
    await page.locator('#tok-rows tr', { hasText: '失効済み' }).or(page.locator('#tok-empty:visible')).first().waitFor();
    assert.equal(await page.locator('#tok-rows button', { hasText: '失効' }).count(), 0);

    // The account ledger lists the admin with their permissions.
    const ledgerRow = page.locator('#ledger-rows tr', { hasText: TENANT.admin });
    await ledgerRow.waitFor();
    assert.match(await ledgerRow.textContent(), /APIトークンの発行・失効/);
  }, { failureShot: 'failure-tenant-settings.png' });
});

test('an operator admin gets the server’s 403 message and a way back, without the settings', async () => {
  await withPage(browser, server, async (page) => {
    await page.goto('/');
    await page.getByLabel('ログインID', { exact: true }).fill(ADMIN.login);
    const pw = page.getByLabel('パスワード', { exact: true });
    await pw.fill(ADMIN.password);
    await pw.press('Enter');
    await page.waitForURL('**/dashboard');
    assert.equal(await page.locator('#main-nav').getByRole('link', { name: 'テナント設定' }).isVisible(), false);
    await page.goto('/tenant-settings');
    await page.locator('#page-error[role="alert"]', { hasText: 'この操作を行う権限がありません。' }).waitFor();
    assert.equal(await page.locator('#ts-content').isVisible(), false);
    await page.getByRole('link', { name: 'ダッシュボードに戻る' }).last().click();
    await page.waitForURL('**/dashboard');
  }, { failureShot: 'failure-tenant-settings-forbidden.png' });
});
