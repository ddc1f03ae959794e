// The self-assessment's checklist view (issue 16 items 4, 5): the seed-001 checksheet with its
// section roll-up, an item opened down to its requirement and evidence (CHK-14), an
// organisational item with its next step (an attestation), the safety-mark view with the
// renewal and first-application verdicts and points (MARK-3-1-7), and the seed-001 answer sheet
// downloaded and read as CSV (BOM, CRLF, 確認事項 / 実施有無 / 事業者回答). Screenshots at 1280
// and 390 px.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { ADMIN, closeAll, logInByApi, screenshotPath, startWithBrowser, withPage } from './harness.mjs';

let server;
let browser;

before(async () => {
  ({ server, browser } = await startWithBrowser({ env: { ANSHIN_COMPLIANCE_INTERVAL_MS: '0' } }));
});

after(() => closeAll(browser, server));

test('checklists: roll-up, drill-down to evidence, mark verdict and the seed-001 CSV', async () => {
  await withPage(browser, server, async (page) => {
    await logInByApi(page, server.url, ADMIN, { landing: '/compliance' });
    await page.getByRole('heading', { name: 'チェックリスト', level: 2 }).waitFor();
    await page.getByRole('button', { name: '今すぐ評価' }).click();
    await page.getByText(/評価しました/).waitFor();
    await page.getByText(/^全70項目：/).waitFor();

    const section = page.locator('#section-checksheet-6');
    await section.locator('summary').first().click();
    const item = page.locator('[id="item-checksheet-6-23"]');
    await item.locator('summary').click();
    await item.getByText('CHK-14').waitFor();
    await item.getByText('適合', { exact: true }).first().waitFor();
    await item.getByRole('link', { name: /\// }).first().waitFor();
    await page.locator('#section-checksheet-1 summary').first().click();
    const org = page.locator('[id="item-checksheet-1-1"]');
    await org.locator('summary').click();
    await org.getByText(/次にすべきこと：checksheet:1-1 について/).waitFor();
    await page.screenshot({ path: await screenshotPath('compliance-checklist-1280.png'), fullPage: true });

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: '回答書をダウンロード（CSV）' }).click(),
    ]);
    assert.equal(download.suggestedFilename(), 'checksheet.csv');
    const raw = await readFile(await download.path());
    assert.deepEqual([...raw.subarray(0, 3)], [0xef, 0xbb, 0xbf], 'a BOM for Excel');
    const text = raw.subarray(3).toString('utf8');
    const lines = text.split('\r\n').filter((l) => l);
    assert.equal(lines[0], '"項番","確認事項","実施有無","事業者回答"');
    assert.equal(lines.length, 71);
    assert.ok(lines.some((l) => l.startsWith('"6-23",') && l.includes('"有"')), 'CHK-14 answered 有');

    // issue 16 item 5: the printable report beside the CSV and the OSCAL
    const [pdf] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: '自己評価報告書（PDF）' }).click(),
    ]);
    assert.equal(pdf.suggestedFilename(), 'self-assessment-report.pdf');
    assert.equal((await readFile(await pdf.path())).subarray(0, 4).toString(), '%PDF');

    await page.getByLabel('表示するチェックリスト').selectOption('mark');
    const renewal = page.locator('#verdict-renewal');
    await renewal.getByText('更新審査').waitFor();
    await renewal.getByText('不合格', { exact: true }).waitFor();
    await renewal.getByText(/必須項目 \d+\/29、点数 \d+\/119点/).waitFor();
    await page.locator('#verdict-first').getByText(/\/124点/).waitFor();
    await page.locator('#section-mark-3 summary').first().click();
    const distance = page.locator('[id="item-mark-3-1-7"]');
    await distance.locator('summary').click();
    await distance.getByText('5点中0点').waitFor();
  }, { failureShot: 'failure-compliance-checklist.png', acceptDownloads: true });
  await withPage(browser, server, async (page) => {
    await logInByApi(page, server.url, ADMIN, { landing: '/compliance' });
    await page.locator('#cat-sections details').first().waitFor();
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth);
    assert.equal(overflow, false, 'no sideways scrolling at 390 px');
    await page.screenshot({ path: await screenshotPath('compliance-checklist-390.png'), fullPage: true });
  }, { viewport: { width: 390, height: 860 }, failureShot: 'failure-compliance-checklist-390.png' });
});
