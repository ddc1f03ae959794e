// Browser test of one's own language for mails and notices (issue 9, item 4): the card on the
// security settings page shows the saved choice, saves English (PUT /api/v1/me/language) and
// switches the display language with it; the server then has English for this person.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { ApiClient, closeAll, logIn, startWithBrowser, withPage } from './harness.mjs';

const ADMIN = { login: 'sato', password: 'Momiji-Yama-2025!' };

let server;
let browser;

before(async () => {
  ({ server, browser } = await startWithBrowser({ admins: [ADMIN] }));
});

after(() => closeAll(browser, server));

test('a staff member chooses English for mails and notices on the security page', async () => {
  await withPage(browser, server, async (page) => {
    await logIn(page, ADMIN);
    await page.waitForURL('**/dashboard');
    await page.goto('/security');
    await page.getByRole('heading', { level: 2, name: 'メールとお知らせの言語' }).waitFor();
    const select = page.getByLabel('言語', { exact: true });
    assert.equal(await select.inputValue(), 'ja');
    await select.selectOption('en');
    await page.getByRole('button', { name: '保存', exact: true }).click();
    await page.getByText('Your language was saved').waitFor();
    assert.equal(await page.locator('html').getAttribute('lang'), 'en');
    await page.getByRole('heading', { level: 2, name: 'Language of mails and notices' }).waitFor();
    // Saved on the server, not only in the browser: a fresh page and the API both say English.
    await page.reload();
    await page.getByRole('heading', { level: 2, name: 'Language of mails and notices' }).waitFor();
    assert.equal(await page.getByLabel('Language', { exact: true }).inputValue(), 'en');
  });
  const api = await ApiClient.login(server.url, ADMIN);
  assert.deepEqual(await api.expect(200, 'GET', '/api/v1/me/language'), { language: 'en' });
});
