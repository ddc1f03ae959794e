// A tenant admin exports all the company's data in the browser (issue 14: WP-16, TOS-10, SLA-23):
// asks, sees the progress while the server builds it, downloads the ZIP once.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { ADMIN, ApiClient, closeAll, logIn as logInPage, screenshotPath, startWithBrowser, withPage } from './harness.mjs';

const TENANT = { company_code: 'EXPORT-01', login: 'sato', password: 'Hikari-Tsuki-77#' };

let server;
let browser;

before(async () => {
  ({ server, browser } = await startWithBrowser({ env: { ANSHIN_LIFECYCLE_EXPORT_POLL_INTERVAL_MS: '300' } }));
  const op = await ApiClient.login(server.url, ADMIN);
  const made = await op.expect(201, 'POST', '/api/v1/tenants', {
    company_code: TENANT.company_code, name: '株式会社エクスポート', responsible_name: '佐藤 花子',
    responsible_email: 'sato@export.example.jp', admin_login: TENANT.login,
  });
  const ta = await ApiClient.login(server.url, { company_code: TENANT.company_code, login: TENANT.login, password: made.initial_password });
  await ta.expect(204, 'POST', '/api/v1/me/password', { current_password: made.initial_password, new_password: TENANT.password });
});

after(() => closeAll(browser, server));

test('a tenant admin exports, sees the progress and downloads the ZIP once', async () => {
  await withPage(browser, server, async (page) => {
    await logInPage(page, TENANT);
    await page.waitForURL('**/dashboard');
    await page.getByRole('link', { name: 'エクスポート' }).first().click();
    await page.waitForURL('**/export');
    await page.getByRole('button', { name: 'すべてのデータをエクスポートする' }).click();
    const row = page.locator('#ex-rows tr').first();
    await row.locator('progress').waitFor();
    await row.getByText('ダウンロードできます').waitFor({ timeout: 20000 });
    assert.equal(await row.locator('progress').getAttribute('value'), '100');
    await page.screenshot({ path: await screenshotPath('export-ready.png'), fullPage: true });
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      row.getByRole('button', { name: /ダウンロード/ }).click(),
    ]);
    assert.match(download.suggestedFilename(), /^export-\d+-\d+-[0-9a-f]+\.zip$/);
    const path = await download.path();
    assert.ok(path);
    await page.locator('#ex-rows tr').first().getByText('ダウンロード済み').waitFor({ timeout: 10000 });
  }, { failureShot: 'failure-export.png', acceptDownloads: true });
});
