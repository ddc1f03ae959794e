// Deleting a whole company in the operator console (issue 14: WP-11, CHK-6, SLA-14): one operator
// admin asks with a reason; approving it himself is refused by the two-person rule; a second admin
// approves in a confirmation dialog that has no default button; the company is deleted and the
// certificate page shows what was deleted, with the signed PDF.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { ApiClient, closeAll, logIn as logInPage, screenshotPath, startWithBrowser, withPage } from './harness.mjs';

const ALICE = { login: 'alice', password: 'Sakura-Kaze-2025!' };
const BOB = { login: 'bob', password: 'Hikari-Tsuki-2025!' };
const CODE = 'SHRED-01';

let server;
let browser;

before(async () => {
  ({ server, browser } = await startWithBrowser({ admins: [ALICE, BOB] }));
  const op = await ApiClient.login(server.url, ALICE);
  await op.expect(201, 'POST', '/api/v1/tenants', {
    company_code: CODE, name: '株式会社シュレッダー', responsible_name: '削除 花子',
    responsible_email: 'hanako@shred.example.jp', admin_login: 'hanako',
  });
});

after(() => closeAll(browser, server));

async function logIn(page, creds) {
  await logInPage(page, creds);
  await page.waitForURL('**/dashboard');
}

test('one admin asks, cannot approve alone; a second admin approves; the certificate page', async () => {
  await withPage(browser, server, async (page) => {
    await logIn(page, ALICE);
    await page.goto('/operator-erasures');
    await page.getByLabel('企業コード').fill(CODE);
    await page.getByLabel('削除の理由').fill('契約者からの削除依頼（書面受領）');
    await page.getByRole('button', { name: '削除を依頼する' }).click();
    await page.getByText('別の運用管理者の承認を待っています').waitFor();
    const row = page.locator('#erasures-rows tr', { hasText: CODE });
    await row.getByRole('button', { name: /承認して削除する/ }).click();
    const dialog = page.locator('#approve-dialog');
    await dialog.waitFor();
    // No default choice: neither button holds the focus when the dialog opens.
    const focused = await page.evaluate(() => document.activeElement?.id);
    assert.equal(focused, 'approve-title');
    await dialog.getByRole('button', { name: '削除する', exact: true }).click();
    await page.locator('#erasures-error').getByText('別の運用管理者が承認してください').waitFor();
    await page.screenshot({ path: await screenshotPath('erasure-self-approval.png'), fullPage: true });
  }, { failureShot: 'failure-erasure-alice.png' });

  await withPage(browser, server, async (page) => {
    await logIn(page, BOB);
    await page.goto('/operator-erasures');
    const row = page.locator('#erasures-rows tr', { hasText: CODE });
    await row.getByRole('button', { name: /承認して削除する/ }).click();
    await page.locator('#approve-dialog').getByRole('button', { name: '削除する', exact: true }).click();
    await page.getByText(`${CODE} のデータを削除しました`).waitFor();
    await page.locator('#certs-rows a').first().click();
    await page.waitForURL('**/certificate?id=*');
    await page.locator('#cert-no').getByText(`DC-${CODE}-`).waitFor();
    await page.getByText('株式会社シュレッダー').waitFor();
    await page.getByText('alice / bob').waitFor();
    const href = await page.locator('#cert-pdf').getAttribute('href');
    const pdf = await page.request.get(href);
    assert.equal(pdf.status(), 200);
    assert.equal(pdf.headers()['content-type'], 'application/pdf');
    assert.ok((await pdf.body()).includes('%ANSHIN-SIGNATURE ed25519 '));
    await page.screenshot({ path: await screenshotPath('erasure-certificate.png'), fullPage: true });
  }, { failureShot: 'failure-erasure-bob.png' });
});
