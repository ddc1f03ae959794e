// Browser test of a tenant's data placement on the operator's tenants card (WP-1, issue 15 item
// 3): a read-only dialog that names the model and state (shared here, on SQLite), says the move
// is made with the CLI in a maintenance window (and needs PostgreSQL), shows no address, and
// closes back to its button; English too.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { ADMIN, ApiClient, closeAll, logIn, startWithBrowser, withPage } from './harness.mjs';

const TENANT = { code: 'OKIBA-15', name: '株式会社おきば' };

let server;
let browser;

before(async () => {
  ({ server, browser } = await startWithBrowser());
  const operator = await ApiClient.login(server.url, ADMIN);
  await operator.expect(201, 'POST', '/api/v1/tenants', {
    company_code: TENANT.code, name: TENANT.name, responsible_name: '置場 一郎',
    responsible_email: 'okiba@okiba.example.jp', admin_login: 'okiba',
  });
});

after(() => closeAll(browser, server));

test('the operator sees where a tenant\'s data lives, read-only', async () => {
  await withPage(browser, server, async (page) => {
    await logIn(page, ADMIN);
    await page.waitForURL('**/dashboard');
    const open = page.getByRole('button', { name: `${TENANT.name} のデータの置き場所` });
    await open.click();
    const dialog = page.getByRole('dialog', { name: `${TENANT.name} のデータの置き場所` });
    await dialog.waitFor();
    const text = await dialog.innerText();
    assert.match(text, /共用データベース（企業コードで分離）/);
    assert.match(text, /状態\s+共用/);
    assert.match(text, /SQLite/);
    assert.equal(await dialog.getByRole('button').count(), 1, 'nothing to change here, only 閉じる');
    await dialog.getByRole('button', { name: '閉じる' }).click();
    await dialog.waitFor({ state: 'detached' });
    assert.equal(await open.evaluate((b) => b === document.activeElement), true);
  });
});
