// Receivables in the browser (issue 17: TOS-6, TOS-7, TOS-13, TOS-20): the operator issues last
// month's invoices and imports the collection agent's result file; the contractor sees the invoice
// in the shop's name, opens its printable copy, downloads its PDF, sees the balance, and sees the
// amount due at once (linked to the open invoices) before giving a cancellation notice; once the
// invoice is long overdue the operator sees the dunning job's suspension proposal and dismisses it.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { ADMIN, ApiClient, applyConfirmed, BIN, closeAll, jstDate, logIn as logInPage, screenshotPath, startWithBrowser, withPage } from './harness.mjs';

const TENANT = { company_code: 'SEIKYU-01', login: 'kaikei', password: 'Hikari-Tsuki-77#' };

let server;
let browser;
let invoiceNumber = '';
let contractId = 0;

/** Runs SQL on the server's SQLite file: the contract is moved back two months, as if signed then. */
function sql(query, ...args) {
  execFileSync('/usr/bin/python3', ['-c', `import sqlite3,sys,json
db=sqlite3.connect(sys.argv[1]); db.execute(sys.argv[2], json.loads(sys.argv[3])); db.commit()`,
  path.join(server.dir, 'anshin.db'), query, JSON.stringify(args)]);
}

function monthStart(back) {
  const now = new Date(Date.now() + 9 * 3600 * 1000);
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - back, 1)).toISOString().slice(0, 10);
}

before(async () => {
  ({ server, browser } = await startWithBrowser({ env: {
    ANSHIN_RECEIVABLES_DUNNING_SECONDS: '1', /* the dunning job looks every second */
  } }));
  const op = await ApiClient.login(server.url, ADMIN);
  const { document: terms } = await op.expect(201, 'POST', '/api/v1/documents', { kind: 'terms', title: 'anshin 利用規約', body: '第1条（適用）', effective_on: jstDate(0) });
  const { shop } = await op.expect(201, 'POST', '/api/v1/shops', { code: 'midori', name: 'みどりソフト株式会社', contact_email: 'shop@midori.example.jp' });
  await op.expect(200, 'PUT', `/api/v1/shops/${shop.id}/invoice-registration`, { invoice_registration_number: 'T1234567890123' });
  const { service } = await op.expect(201, 'POST', '/api/v1/services', {
    shop_id: shop.id, code: 'keihi', name: '経費精算クラウド', description: '経費精算のサービスです。', conditions: '特になし。', notice_days: 180,
  });
  const { plan } = await op.expect(201, 'POST', `/api/v1/services/${service.id}/plans`, {
    code: 'std', name: 'スタンダード', monthly_fee: 1015, initial_fee: 3000, tax_rate: 10, max_users: 10, storage_gb: 5,
  });
  const application = await applyConfirmed(op, {
    company_name: '株式会社請求テスト', company_code: TENANT.company_code, address: '東京都千代田区丸の内1-1-1', phone: '03-0000-0000',
    responsible_name: '会計 花子', responsible_email: 'kaikei@seikyu.example.jp', admin_login: TENANT.login,
    plan_id: plan.id, terms_document_id: terms.id, agree: true,
  });
  const approved = await op.expect(200, 'POST', `/api/v1/applications/${application.id}/approve`, {});
  contractId = approved.contract.id;
  // The new admin sets a password through the welcome mail's link (read from the outbox table, as
  // her mailbox would show it).
  // (The outbox is sealed under the tenant's key: read through `anshin seal outbox`.)
  const outbox = JSON.parse(execFileSync(BIN, ['seal', 'outbox'], { env: server.env, cwd: server.dir }).toString());
  const body = outbox.filter((m) => m.template === 'welcome_admin').at(-1).body_text;
  const token = /\/set-password#token=([A-Za-z0-9_-]+)/.exec(body)[1];
  const res = await fetch(`${server.url}/api/v1/password-links/use`, {
    method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ token, password: TENANT.password }),
  });
  assert.equal(res.status, 200);
  sql('UPDATE contracts SET start_on = ? WHERE id = ?', monthStart(2), contractId);
});

after(() => closeAll(browser, server));

test('the operator issues last month\'s invoices and imports a payment file', async () => {
  await withPage(browser, server, async (page) => {
    await logInPage(page, ADMIN);
    await page.waitForURL(/\/(dashboard|operator)/);
    await page.goto(`${server.url}/invoices`);
    await page.locator('#iv-ops').waitFor();
    await page.getByRole('button', { name: '請求書を発行する' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('button', { name: '発行する' }).click();
    await page.getByText(/通の請求書を発行しました/).waitFor();
    const row = page.locator('#iv-rows tr').first();
    invoiceNumber = (await row.locator('td').first().textContent()).trim();
    assert.match(invoiceNumber, /^\d{6}-\d{6}-\d{4}$/);
    await row.getByText('未入金', { exact: true }).waitFor();
    // The agent's file in Shift_JIS, paying part of the invoice.
    const text = `請求書番号,入金額,入金日,取引番号\r\n${invoiceNumber},1000,${jstDate(0).replaceAll('-', '/')},振込\r\n`;
    const sjis = execFileSync('/usr/bin/python3', ['-c', 'import sys; sys.stdout.buffer.write(sys.argv[1].encode("cp932"))', text]);
    await page.locator('#iv-file').setInputFiles({ name: 'kekka.csv', mimeType: 'text/csv', buffer: sjis });
    await page.getByRole('button', { name: '取り込む' }).click();
    await page.getByText('1行のうち1行を消し込みました（文字コード：Shift_JIS）。').waitFor();
    await page.locator('#iv-import-rows').getByText('一部入金').waitFor();
    await page.screenshot({ path: await screenshotPath('invoices-operator.png'), fullPage: true });
  }, { failureShot: 'failure-invoices-operator.png' });
});

test('the contractor reads the invoice in the shop\'s name, its balance, and the amount due before cancelling', async () => {
  await withPage(browser, server, async (page) => {
    await logInPage(page, TENANT);
    await page.waitForURL('**/dashboard');
    await page.getByRole('link', { name: '請求書' }).first().click();
    await page.waitForURL('**/invoices');
    const row = page.locator('#iv-rows tr', { hasText: invoiceNumber });
    await row.getByText('一部入金').waitFor();
    await row.getByRole('button', { name: `請求書 ${invoiceNumber} を表示・印刷` }).click();
    const doc = page.locator('#iv-doc');
    await doc.getByText('請求書（適格請求書）').waitFor();
    await doc.getByText('株式会社請求テスト 御中').waitFor();
    await doc.getByText('T1234567890123').waitFor();
    await doc.getByText('みどりソフト株式会社').first().waitFor();
    // The line table's cards carry their column names at 390 px (data-label).
    assert.deepEqual(await doc.locator('tbody tr').first().locator('td').evaluateAll((tds) => tds.map((td) => td.dataset.label)),
      ['契約番号', '内容', '税率', '金額（税抜）']);
    // The server-made PDF (TOS-13): a download, served as application/pdf.
    const [download] = await Promise.all([page.waitForEvent('download'),
      row.getByRole('link', { name: `請求書 ${invoiceNumber} のPDFをダウンロード` }).click()]);
    assert.equal(download.suggestedFilename(), `${invoiceNumber}.pdf`);
    const href = await row.getByRole('link', { name: `請求書 ${invoiceNumber} のPDFをダウンロード` }).getAttribute('href');
    const pdf = await page.request.get(`${server.url}${href}`);
    assert.equal(pdf.status(), 200);
    assert.match(pdf.headers()['content-type'], /^application\/pdf/);
    assert.equal((await pdf.body()).subarray(0, 4).toString(), '%PDF');
    assert.ok(await page.locator('#iv-balance-rows tr').count() === 1);
    await page.screenshot({ path: await screenshotPath('invoices-contractor.png'), fullPage: true });
    await page.setViewportSize({ width: 390, height: 844 });
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth + 1);
    assert.equal(overflow, false, 'no horizontal overflow at 390 px');
    await page.screenshot({ path: await screenshotPath('invoices-contractor-390.png'), fullPage: true });
    await page.setViewportSize({ width: 1280, height: 860 });

    await page.goto(`${server.url}/contracts`);
    await page.locator('#cancel-date').waitFor();
    await page.locator('#cancel-date').fill(jstDate(45));
    await page.locator('#cancel-preview').waitFor({ state: 'visible' });
    const due = (await page.locator('#cancel-preview-due').textContent()).trim();
    assert.match(due, /^[\d,]+円$/);
    const preview = await (await page.request.get(`${server.url}/api/v1/contracts/${contractId}/cancel-preview?desired_on=${jstDate(45)}`)).json();
    assert.equal(due, `${preview.due.due_now.toLocaleString('ja-JP')}円`);
    assert.ok(preview.due.open_invoices > 0, 'the unpaid rest of the invoice is due at once');
    // The amount due links to the open invoices (TOS-7).
    await page.locator('#cancel-preview-due a').click();
    await page.waitForURL('**/invoices?open=1');
    await page.locator('#iv-open-filter').waitFor();
    await page.locator('#iv-rows tr', { hasText: invoiceNumber }).waitFor();
  }, { failureShot: 'failure-invoices-contractor.png' });
});

test('the operator sees the suspension proposal of a long overdue invoice and dismisses it', async () => {
  // 40 days past due: the dunning job (every second here) sends the last reminder and proposes.
  const due = new Date(Date.now() + 9 * 3600 * 1000 - 40 * 86400 * 1000).toISOString().slice(0, 10);
  sql('UPDATE invoices SET due_on = ? WHERE number = ?', due, invoiceNumber);
  const op = await ApiClient.login(server.url, ADMIN);
  for (let i = 0; i < 100; i++) {
    const { items } = await op.expect(200, 'GET', '/api/v1/dunning/proposals');
    if (items.some((p) => p.number === invoiceNumber)) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  await withPage(browser, server, async (page) => {
    await logInPage(page, ADMIN);
    await page.waitForURL(/\/(dashboard|operator)/);
    await page.goto(`${server.url}/invoices`);
    const row = page.locator('#iv-dunning-rows tr', { hasText: invoiceNumber });
    await row.getByText('判断待ち').waitFor();
    await row.getByText('40日').waitFor();
    await page.screenshot({ path: await screenshotPath('invoices-dunning.png'), fullPage: true });
    await row.getByRole('button', { name: '株式会社請求テスト の利用停止を見送る' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByText('この請求書について利用停止の提案を閉じます').waitFor();
    await dialog.getByRole('button', { name: '見送る' }).click();
    await page.getByText('株式会社請求テスト の利用停止を見送りました。').waitFor();
    await row.getByText('見送り', { exact: true }).waitFor();
    assert.equal(await row.getByRole('button').count(), 0, 'a decided proposal offers no action');
  }, { failureShot: 'failure-invoices-dunning.png' });
});

test('at 1280 px the invoice list and the proposals fit without sideways scrolling, in Japanese and English; English dates read "Oct 26, 2026"', async () => {
  // Issue 9 item 4 (one English date style, as in mails and PDFs) and the operator's screens at
  // 1280 px (nine columns and the row buttons) and as labelled cards at 390 px.
  await withPage(browser, server, async (page) => {
    await page.setViewportSize({ width: 1280, height: 900 });
    await logInPage(page, ADMIN);
    await page.waitForURL(/\/(dashboard|operator)/);
    for (const lang of ['ja', 'en']) {
      await page.evaluate((l) => localStorage.setItem('anshin.lang', l), lang);
      await page.goto(`${server.url}/invoices`);
      await page.locator('#iv-rows tr', { hasText: invoiceNumber }).waitFor();
      await page.locator('#iv-dunning-rows tr', { hasText: invoiceNumber }).waitFor();
      for (const rows of ['#iv-rows', '#iv-dunning-rows']) {
        const fit = await page.locator(rows).evaluate((tbody) => {
          const wrap = tbody.closest('.table-wrap');
          return { scroll: wrap.scrollWidth, client: wrap.clientWidth };
        });
        assert.ok(fit.scroll <= fit.client + 1, `${rows} (${lang}) scrolls sideways at 1280 px: ${fit.scroll} > ${fit.client}`);
      }
      const due = (await page.locator('#iv-rows tr', { hasText: invoiceNumber }).locator('td[data-label] time').first().textContent()).trim();
      if (lang === 'en') assert.match(due, /^[A-Z][a-z]{2} \d{1,2}, \d{4}$/, `English date "${due}"`);
      else assert.match(due, /^\d{4}年\d{1,2}月\d{1,2}日$/);
      await page.screenshot({ path: await screenshotPath(`invoices-1280-${lang}.png`), fullPage: true });
      await page.setViewportSize({ width: 390, height: 844 });
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth + 1);
      assert.equal(overflow, false, `no horizontal overflow at 390 px (${lang})`);
      const labels = await page.locator('#iv-dunning-rows tr').first().locator('td').evaluateAll((tds) => tds.map((td) => td.dataset.label));
      assert.equal(labels.length, 9);
      assert.ok(labels.every((l) => l), 'every proposal cell is labelled at 390 px');
      await page.screenshot({ path: await screenshotPath(`invoices-390-${lang}.png`), fullPage: true });
      await page.setViewportSize({ width: 1280, height: 900 });
    }
    // Switching the language in the header redraws the page's own texts (they stayed Japanese).
    await page.evaluate(() => localStorage.setItem('anshin.lang', 'ja'));
    await page.goto(`${server.url}/invoices`);
    await page.locator('#iv-dunning-rows tr', { hasText: invoiceNumber }).waitFor();
    await page.locator('#site-header [data-lang-choice="en"]').click();
    await page.locator('#iv-dunning-lead', { hasText: /^For an invoice past its due date/ }).waitFor();
    await page.locator('#iv-as-of', { hasText: /^As of [A-Z][a-z]{2} \d{1,2}, \d{4}$/ }).waitFor();
    // A timestamp in English (the server's formatter writes "Dec 5, 2026" too).
    const stamp = await page.evaluate(async () => (await import('/js/i18n.js')).formatJST('2026-12-05T03:04:00Z'));
    assert.match(stamp, /^Dec 5, 2026,? 12:04 JST$/);
    await page.locator('#site-header [data-lang-choice="ja"]').click();
    const jaStamp = await page.evaluate(async () => (await import('/js/i18n.js')).formatJST('2026-12-05T13:22:00Z'));
    assert.equal(jaStamp, '2026年12月5日 22:22 JST');
    await page.evaluate(() => localStorage.setItem('anshin.lang', 'ja'));
  }, { failureShot: 'failure-invoices-1280.png' });
});
