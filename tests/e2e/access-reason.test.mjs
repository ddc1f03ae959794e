// Browser test of the reason dialog (issue 11, WP-18, SLA-29, seed 003: no access without
// agreement): operator staff opening a tenant's users are asked why (a ticket number or a text);
// cancelling shows nothing; with a reason the list opens, and the tenant's data-access view shows
// the read with that reason. The same for a tenant's mail on the outbox page.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { ADMIN, ApiClient, closeAll, logIn, startWithBrowser, withPage } from './harness.mjs';

const NEW_PASSWORD = 'Hikari-Tsuki-77#';
const TENANT = { code: 'KAEDE-11', name: '株式会社かえで', admin: 'suzuki' };

let server;
let browser;
let tenantAdmin;

before(async () => {
  ({ server, browser } = await startWithBrowser());
  const operator = await ApiClient.login(server.url, ADMIN);
  const made = await operator.expect(201, 'POST', '/api/v1/tenants', {
    company_code: TENANT.code, name: TENANT.name, responsible_name: '鈴木 花子',
    responsible_email: 'suzuki@kaede.example.jp', admin_login: TENANT.admin,
  });
  const creds = { company_code: TENANT.code, login: TENANT.admin, password: made.initial_password };
  const c = await ApiClient.login(server.url, creds);
  await c.expect(204, 'POST', '/api/v1/me/password', { current_password: made.initial_password, new_password: NEW_PASSWORD });
  tenantAdmin = { ...creds, password: NEW_PASSWORD };
});

after(() => closeAll(browser, server));

test('operator staff state a reason before a tenant\'s users open, and the tenant sees it', async () => {
  await withPage(browser, server, async (page) => {
    await logIn(page, ADMIN);
    await page.waitForURL('**/dashboard');
    const open = page.getByRole('button', { name: `${TENANT.name} の利用者を表示` });
    await open.waitFor();

    // Cancelled: the dialog closes and nothing of the tenant is shown.
    await open.click();
    const dialog = page.getByRole('dialog', { name: '閲覧の理由' });
    await dialog.waitFor();
    await dialog.getByRole('button', { name: '理由を記録して表示する' }).click();
    await dialog.getByText('理由を入力してください。', { exact: true }).waitFor(); // a reason is required
    await dialog.getByRole('button', { name: '表示しない' }).click();
    await dialog.waitFor({ state: 'detached' });
    assert.equal(await page.locator('#tenant-users').isHidden(), true);

    // With a ticket number: the request is repeated with it and the list opens.
    await open.click();
    await dialog.getByLabel('お問い合わせ番号または理由').fill('TICKET-321 ログイン不可の調査');
    await dialog.getByRole('button', { name: '理由を記録して表示する' }).click();
    const panel = page.locator('#tenant-users');
    await panel.getByRole('heading', { name: `${TENANT.name} の利用者` }).waitFor();
    await panel.locator('#tenant-users-rows tr', { hasText: TENANT.admin }).waitFor();
  });

  const ta = await ApiClient.login(server.url, tenantAdmin);
  const view = await ta.expect(200, 'GET', '/api/v1/data-access');
  const reads = view.items.filter((e) => e.action === 'data.access');
  assert.equal(reads.length, 1);
  assert.equal(reads[0].actor, ADMIN.login);
  assert.match(JSON.stringify(reads[0].details), /TICKET-321 ログイン不可の調査/);
});

test('operator staff state a reason before a tenant\'s mail opens, and the tenant sees the read', async () => {
  await withPage(browser, server, async (page) => {
    await logIn(page, ADMIN);
    await page.waitForURL('**/dashboard');
    await page.goto('/operator-mail');
    const row = page.locator('#mail-rows tr', { hasText: 'suzuki@kaede.example.jp' }).first();
    await row.waitFor();
    const read = row.getByRole('button', { name: /を読む$/ });
    const dialog = page.getByRole('dialog', { name: '閲覧の理由' });

    // Cancelled: nothing of the message is shown.
    await read.click();
    await dialog.getByRole('button', { name: '表示しない' }).click();
    await dialog.waitFor({ state: 'detached' });
    assert.equal(await page.locator('#mail-view').isHidden(), true);

    // With a reason: the message opens and says that the read is disclosed.
    await read.click();
    await dialog.getByLabel('お問い合わせ番号または理由').fill('TICKET-654 メール未着の調査');
    await dialog.getByRole('button', { name: '理由を記録して表示する' }).click();
    await page.locator('#mail-view-body', { hasText: '様' }).waitFor();
    await page.locator('#mail-view-note', { hasText: '監査ログに記録' }).waitFor();
  });

  const ta = await ApiClient.login(server.url, tenantAdmin);
  const view = await ta.expect(200, 'GET', '/api/v1/data-access');
  const reads = view.items.filter((e) => e.action === 'mail.read');
  assert.equal(reads.length, 1);
  assert.equal(reads[0].actor, ADMIN.login);
  assert.equal(reads[0].details.reason, 'TICKET-654 メール未着の調査');
});
