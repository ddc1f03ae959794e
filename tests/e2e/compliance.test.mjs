// The operator's self-assessment page (issue 16 items 2, 3, 6): requirements with their status,
// reason and evidence after 今すぐ評価; an attestation recorded with the form counts for its
// requirement; revoking it asks in a dialog first (nothing chosen for the person) and the history
// shows the change. Screenshots at 1280 and 390 px.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { ADMIN, closeAll, logInByApi, screenshotPath, startWithBrowser, withPage } from './harness.mjs';

let server;
let browser;

before(async () => {
  ({ server, browser } = await startWithBrowser({ env: { ANSHIN_COMPLIANCE_INTERVAL_MS: '0' } }));
});

after(() => closeAll(browser, server));

test('evaluate, drill down to evidence, attest and revoke with a confirmation', async () => {
  await withPage(browser, server, async (page) => {
    await logInByApi(page, server.url, ADMIN, { landing: '/compliance' });
    await page.getByRole('heading', { name: '自己評価', level: 1 }).waitFor();
    await page.getByRole('button', { name: '今すぐ評価' }).click();
    await page.getByText(/評価しました（状況が変わった要件：\d+件）。/).waitFor();
    const backup = page.locator('#req-MARK-3-1-5');
    await backup.getByText('不適合').waitFor();
    await backup.getByText('検証済みのバックアップがありません').waitFor();
    await backup.getByText('根拠を表示').click();
    await backup.getByText('max_age_hours').waitFor();
    await page.screenshot({ path: await screenshotPath('compliance-1280.png'), fullPage: true });

    await page.getByText('証跡を登録', { exact: true }).first().click();
    await page.getByLabel('要件ID（例：MARK-1-1-1）').fill('MARK-1-2-1');
    await page.getByLabel('確認者').fill('佐藤 花子');
    await page.getByLabel('役職').fill('情報セキュリティ責任者');
    await page.getByLabel('根拠文書').fill('教育実施記録 2026年度');
    await page.getByRole('button', { name: '証跡を登録' }).click();
    await page.getByText('MARK-1-2-1 の証跡を登録しました。次の評価から反映されます。').waitFor();
    await page.getByRole('button', { name: '今すぐ評価' }).click();
    await page.locator('#req-MARK-1-2-1').getByText('適合', { exact: true }).waitFor();

    await page.getByRole('button', { name: 'MARK-1-2-1 の証跡を取り消す' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByText('この証跡は直ちに数えられなくなり').waitFor();
    await dialog.getByRole('button', { name: '証跡を取り消す' }).click();
    await page.getByText('MARK-1-2-1 の証跡を取り消しました。').waitFor();
    await page.getByRole('button', { name: '今すぐ評価' }).click();
    await page.locator('#req-MARK-1-2-1').getByText('不適合').waitFor();
    const rows = page.locator('#hist-list tr', { hasText: 'MARK-1-2-1' });
    await rows.first().getByText('適合 → 不適合').waitFor();
    assert.ok(await rows.count() >= 2, 'both changes are in the history');
  }, { failureShot: 'failure-compliance.png' });
  await withPage(browser, server, async (page) => {
    await logInByApi(page, server.url, ADMIN, { landing: '/compliance' });
    await page.locator('#req-list article').first().waitFor();
    await page.screenshot({ path: await screenshotPath('compliance-390.png'), fullPage: true });
  }, { viewport: { width: 390, height: 860 }, failureShot: 'failure-compliance-390.png' });
});
