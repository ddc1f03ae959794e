// Operations in the browser (issue 12): the operator records an incident for a service and
// publishes its updates on the operations page, schedules maintenance one day short of its notice
// (refused with the first allowed date) and then in time; a visitor without login sees the incident,
// the maintenance and 90 daily bars on the public status page (screenshots at 1280 and 390 px) and
// reports a failure, which lands in the operator's queue. SLA-1, SLA-2, SLA-4, SLA-8, SLA-31.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { ADMIN, ApiClient, applyConfirmed, closeAll, jstDate, logIn, screenshotPath, startWithBrowser, withPage } from './harness.mjs';
import { SmtpSink } from './smtp-sink.mjs';

const SERVICE = '給与計算クラウド';
const INCIDENT = '給与明細の表示が遅い';

let server;
let browser;
let op;
let sink;
let kyuyo;

before(async () => {
  sink = await new SmtpSink().start();
  ({ server, browser } = await startWithBrowser({ env: {
    ANSHIN_MAIL_RELAY: sink.url,
    ANSHIN_MAIL_POLL_INTERVAL_MS: '200',
    ANSHIN_OPS_MONITOR_INTERVAL_MS: '300', // the monitoring section has samples at once
  } }));
  op = await ApiClient.login(server.url, ADMIN);
  const { shop } = await op.expect(201, 'POST', '/api/v1/shops', {
    code: 'hoshizora', name: 'ほしぞらシステム', contact_email: 'shop@hoshizora.example.jp',
  });
  ({ service: kyuyo } = await op.expect(201, 'POST', '/api/v1/services', {
    shop_id: shop.id, code: 'kyuyo', name: SERVICE, description: '給与計算のクラウドサービスです。',
    conditions: '1契約あたり最大ユーザー数まで利用できます。', notice_days: 180,
  }));
});

after(() => closeAll(browser, server, sink));

/** "YYYY-MM-DDTHH:MM" in Japan, n minutes from now (datetime-local). */
function jstLocal(minutes = 0) {
  return new Date(Date.now() + (9 * 60 + minutes) * 60000).toISOString().slice(0, 16);
}

test('the operator records an incident, publishes updates and schedules maintenance with its notice', async () => {
  await withPage(browser, server, async (page) => {
    await logIn(page, ADMIN);
    await page.waitForURL('**/dashboard');
    await page.goto('/operator-ops');
    await page.getByRole('heading', { name: '障害を記録する' }).waitFor();
    await page.getByLabel('件名', { exact: true }).first().fill(INCIDENT);
    await page.getByLabel('影響').selectOption('partial_outage');
    await page.getByLabel('対象サービス').selectOption({ label: SERVICE });
    await page.getByLabel('発生日時（日本時間）').fill(jstLocal(-90));
    await page.getByLabel('最初の報告').fill('原因を調査しております。');
    await page.getByRole('button', { name: '記録して通知する' }).click();
    await page.getByText(/障害 \d+ を記録し、契約者へ通知しました。/).waitFor();
    const row = page.locator('#inc-rows tr', { hasText: INCIDENT });
    await row.waitFor();
    await row.getByRole('combobox').selectOption('identified');
    await row.getByRole('textbox').fill('データベースの索引不足が原因と判明しました。');
    await row.getByRole('button', { name: '公開' }).click();
    await page.getByText(/障害 \d+ の経過を公開しました。/).waitFor();
    await page.locator('#inc-rows tr', { hasText: INCIDENT }).locator('td').nth(2).getByText('原因特定', { exact: true }).waitFor();

    // Maintenance one day short of a week: refused, with the first allowed date.
    const form = page.locator('#mt-form');
    await form.getByLabel('件名').fill('ストレージ増設');
    await form.getByLabel('開始日時（日本時間）').fill(`${jstDate(6)}T01:00`);
    await form.getByLabel('終了日時（日本時間）').fill(`${jstDate(6)}T03:00`);
    await page.getByRole('button', { name: '登録する' }).click();
    await page.locator('#mt-error').getByText(jstDate(7)).first().waitFor();
    await form.getByLabel('開始日時（日本時間）').fill(`${jstDate(7)}T01:00`);
    await form.getByLabel('終了日時（日本時間）').fill(`${jstDate(7)}T03:00`);
    await page.getByRole('button', { name: '登録する' }).click();
    await page.getByText('メンテナンスを登録しました。').waitFor();
    await page.locator('#mt-list').getByText('ストレージ増設').waitFor();
    await page.screenshot({ path: await screenshotPath('ops-operator-1280.png'), fullPage: true });
  }, { failureShot: 'failure-ops-operator.png' });
});

for (const width of [1280, 390]) {
  test(`the public status page shows the incident, maintenance and 90-day bars (${width} px)`, async () => {
    await withPage(browser, server, async (page) => {
      await page.goto('/status');
      await page.getByRole('heading', { name: '稼働状況', exact: true }).waitFor();
      await page.locator('#st-incidents').getByText(INCIDENT).waitFor();
      await page.locator('#st-overall').getByText('一部の機能が停止しています。').waitFor();
      await page.locator('#st-maintenance').getByText('ストレージ増設').waitFor();
      const row = page.locator('#st-services .st-row', { hasText: SERVICE });
      assert.equal(await row.locator('.st-bar').count(), 90);
      assert.equal(await page.locator('#st-components .st-row').count(), 4);
      await page.locator('#st-response-times').getByRole('rowheader', { name: 'バッチ処理' }).waitFor(); // SLA-10, SLA-26
      await page.screenshot({ path: await screenshotPath(`ops-status-${width}.png`), fullPage: true });
      await page.getByRole('button', { name: 'English' }).click().catch(() => {});
      if (width === 1280) {
        await page.getByRole('heading', { name: 'Service status', exact: true }).waitFor();
        await page.screenshot({ path: await screenshotPath('ops-status-1280-en.png'), fullPage: true });
      }
    }, { failureShot: `failure-ops-status-${width}.png`, viewport: { width, height: 860 } });
  });
}

test('a visitor reports a failure and it lands in the incident queue', async () => {
  await withPage(browser, server, async (page) => {
    await page.goto('/status');
    await page.getByLabel('件名').fill('ログイン画面が開かない');
    await page.getByLabel('内容（発生日時・画面・表示されたメッセージなど）').fill('12時ごろから 503 が表示されます。');
    await page.getByRole('button', { name: '報告する' }).click();
    await page.getByText(/受付番号は \d+ です。/).waitFor();
  }, { failureShot: 'failure-ops-report.png' });
  const { items } = await op.expect(200, 'GET', '/api/v1/incidents?status=reported');
  assert.ok(items.some((i) => i.title === 'ログイン画面が開かない' && i.source === 'report'));
});

test('a visitor subscribes, confirms through the mail, receives an incident mail and unsubscribes in one click', async () => {
  const addr = 'watcher@kansoku.example.jp';
  await withPage(browser, server, async (page) => {
    await page.goto('/status');
    await page.getByLabel('メールアドレス', { exact: true }).fill(addr);
    await page.getByRole('button', { name: '受け取る' }).click();
    await page.getByText('確認のメールをお送りしました。', { exact: false }).waitFor();
    const [confirm] = await sink.waitFor(addr, 1);
    assert.match(confirm.subject, /登録確認/);
    const link = /(\/status\?confirm=[A-Za-z0-9_-]+)/.exec(confirm.text)[1];
    await page.goto(link);
    await page.getByText('登録が完了しました。', { exact: false }).waitFor();
    await op.expect(201, 'POST', '/api/v1/incidents', {
      title: 'メール送信の遅延', impact: 'degraded', started_at: `${new Date().toISOString().slice(0, 19)}Z`,
    });
    const mails = await sink.waitFor(addr, 2);
    const incident = mails.find((m) => m.subject.includes('メール送信の遅延'));
    assert.ok(incident, mails.map((m) => m.subject).join('; '));
    const off = /(\/status\?unsubscribe=[A-Za-z0-9_-]+)/.exec(incident.text)[1];
    await page.goto(off);
    await page.getByText('お知らせメールの受け取りを解除しました。').waitFor();
    await page.screenshot({ path: await screenshotPath('ops-status-unsubscribed-390.png'), fullPage: false });
  }, { failureShot: 'failure-ops-subscribe.png', viewport: { width: 390, height: 860 } });
});

test('the privacy policy and the other information pages answer in Japanese and English', async () => {
  await withPage(browser, server, async (page) => {
    await page.goto('/privacy');
    await page.getByRole('heading', { name: 'プライバシーポリシー', level: 1 }).waitFor();
    await page.getByText('Cookie の利用', { exact: false }).waitFor();
    await page.getByText('個人情報お問い合わせ窓口', { exact: false }).waitFor();
    await page.screenshot({ path: await screenshotPath('ops-privacy-1280.png'), fullPage: true });
    await page.getByRole('button', { name: 'English' }).click();
    await page.getByRole('heading', { name: 'Privacy policy', level: 1 }).waitFor();
    await page.goto('/info?kind=operator');
    await page.getByText('Applicable law', { exact: false }).waitFor();
  }, { failureShot: 'failure-ops-privacy.png' });
});

test('the operator sees each probe of the monitor with its state (SLA-7, CHK-5)', async () => {
  await withPage(browser, server, async (page) => {
    await logIn(page, ADMIN);
    await page.waitForURL('**/dashboard');
    await page.goto('/operator-ops');
    await page.getByRole('heading', { name: '監視' }).waitFor();
    const db = page.locator('#mon-rows tr', { hasText: 'データベース' });
    await db.getByText('正常', { exact: true }).waitFor();
    await page.locator('#mon-rows tr', { hasText: 'メール中継サーバー' }).getByText('正常', { exact: true }).waitFor();
    await page.locator('#mon-heading').scrollIntoViewIfNeeded();
    await page.screenshot({ path: await screenshotPath('ops-monitor-1280.png'), fullPage: false });
  }, { failureShot: 'failure-ops-monitor.png' });
});

test('the operator reads the monthly SLA report of a contract, with its CSV (SLA-4, SLA-6, SLA-10)', async () => {
  const { document: terms } = await op.expect(201, 'POST', '/api/v1/documents', {
    kind: 'terms', title: 'anshin 利用規約', body: '第1条（適用）', effective_on: jstDate(0),
  });
  const { plan } = await op.expect(201, 'POST', `/api/v1/services/${kyuyo.id}/plans`, {
    code: 'std', name: 'スタンダードプラン', monthly_fee: 3000, tax_rate: 10, max_users: 20, storage_gb: 10,
  });
  const app = await applyConfirmed(op, {
    address: '東京都千代田区丸の内1-1-1', phone: '03-1111-2222', plan_id: plan.id, terms_document_id: terms.id, agree: true,
    company_name: '株式会社みなと商事', company_code: 'MINATO-01', responsible_name: '港 太郎',
    responsible_email: 'minato@minato.example.jp', admin_login: 'minato',
  });
  const { contract } = await op.expect(200, 'POST', `/api/v1/applications/${app.id}/approve`, {});
  await withPage(browser, server, async (page) => {
    await logIn(page, ADMIN);
    await page.waitForURL('**/dashboard');
    await page.goto(`/sla-report?contract=${contract.id}`);
    await page.getByRole('heading', { name: '月次SLA報告', level: 1 }).waitFor();
    const report = page.locator('#slr-report');
    await report.getByText(contract.number, { exact: false }).first().waitFor();
    await report.getByRole('rowheader', { name: '稼働率', exact: true }).waitFor();
    await report.getByText(INCIDENT).waitFor();
    await report.getByText(/平均復旧時間：/).waitFor();
    const csv = await page.getByRole('link', { name: 'CSVをダウンロード' }).getAttribute('href');
    assert.match(csv, /format=csv/);
    await page.screenshot({ path: await screenshotPath('ops-sla-report-1280.png'), fullPage: true });
  }, { failureShot: 'failure-ops-sla-report.png' });
});
