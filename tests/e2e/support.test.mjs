// The support desk in the browser (issue 13): a contractor opens a ticket from the 「お問い合わせ」
// page and reads the answer; an operator admin works the queue with its due times (answers,
// closes after a confirmation dialog); a person files a personal-data request from the public
// support page, enters the code mailed to them, and downloads the disclosure.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { ADMIN, ApiClient, closeAll, logIn, screenshotPath, startWithBrowser, withPage } from './harness.mjs';

const NEW_PASSWORD = 'Hikari-Tsuki-77#';
const TENANT = { code: 'MOMIJI-01', admin: 'takeda', email: 'takeda@momiji.example.jp' };
const SUBJECT = '請求書の宛名を変更したい';
const ANSWER = '宛名の変更を承りました。次回の請求書から反映いたします。';

let server;
let browser;
let op;

before(async () => {
  ({ server, browser } = await startWithBrowser());
  op = await ApiClient.login(server.url, ADMIN);
  const made = await op.expect(201, 'POST', '/api/v1/tenants', {
    company_code: TENANT.code, name: '株式会社もみじ', responsible_name: '武田 一郎',
    responsible_email: TENANT.email, admin_login: TENANT.admin,
  });
  const user = await ApiClient.login(server.url, { company_code: TENANT.code, login: TENANT.admin, password: made.initial_password });
  await user.expect(204, 'POST', '/api/v1/me/password', { current_password: made.initial_password, new_password: NEW_PASSWORD });
});

after(() => closeAll(browser, server));

async function loggedIn(page, creds) {
  await logIn(page, creds);
  await page.waitForURL('**/dashboard');
  await page.locator('#main-nav').getByRole('link', { name: 'お問い合わせ' }).click();
  await page.waitForURL('**/tickets');
  await page.getByRole('heading', { level: 1, name: 'お問い合わせ' }).waitFor();
}

test('a contractor opens a ticket and reads the answer', async () => {
  await withPage(browser, server, async (page) => {
    await loggedIn(page, { company_code: TENANT.code, login: TENANT.admin, password: NEW_PASSWORD });
    await page.getByLabel('お問い合わせの種類', { exact: true }).selectOption('question');
    await page.getByLabel('件名', { exact: true }).fill(SUBJECT);
    await page.getByLabel('内容', { exact: true }).fill('株式会社もみじ 経理部 宛てに変更をお願いします。');
    await page.getByRole('button', { name: '送信する' }).click();
    const notice = page.locator('#page-status');
    await notice.getByText(/受付番号 S-[0-9A-F]{10}/).waitFor();
    assert.match(await notice.textContent(), /最初のご回答の期限は .*JST です/);
    const ref = /S-[0-9A-F]{10}/.exec(await notice.textContent())[0];

    // The operator answers (through the API here; the next test works the queue in the browser).
    const { items } = await op.expect(200, 'GET', '/api/v1/tickets');
    const mine = items.find((x) => x.ref === ref);
    await op.expect(200, 'POST', `/api/v1/tickets/${mine.id}/messages`, { body: ANSWER });

    await page.reload();
    const rowLink = page.locator(`tr[data-ref="${ref}"]`).getByRole('link', { name: SUBJECT });
    await rowLink.waitFor();
    assert.equal(await page.locator(`tr[data-ref="${ref}"] td`).nth(2).textContent(), 'お客様の返信待ち');
    await rowLink.click();
    const detail = page.locator('#detail-card');
    await detail.getByText(ANSWER).waitFor();
    assert.ok(await detail.getByText('サポート担当').count() >= 1, 'the answer is signed by support, not a staff login');
    await page.screenshot({ path: await screenshotPath('support-contractor.png'), fullPage: true });

    // Replying reopens the ticket.
    await page.getByLabel('返信', { exact: true }).fill('ありがとうございます。よろしくお願いします。');
    await page.getByRole('button', { name: '返信する' }).click();
    await page.locator('#page-status').getByText('返信しました。').waitFor();
    await page.locator(`tr[data-ref="${ref}"] td`).nth(2).getByText('対応中').waitFor();
  });
});

test('an operator works the queue with due times', async () => {
  const user = await ApiClient.login(server.url, { company_code: TENANT.code, login: TENANT.admin, password: NEW_PASSWORD });
  const { ticket } = await user.expect(201, 'POST', '/api/v1/tickets', {
    category: 'failure', subject: 'ログイン画面が表示されない', body: '朝9時ごろから画面が真っ白です。',
  });
  await withPage(browser, server, async (page) => {
    await loggedIn(page, ADMIN);
    const row = page.locator(`tr[data-ref="${ticket.ref}"]`);
    await row.waitFor();
    // Due times in JST, and the state of each target.
    assert.match(await row.locator('td').nth(3).textContent(), /JST/);
    assert.match(await row.locator('td').nth(5).textContent(), /期限内|期限間近|期限超過/);
    assert.match(await page.locator('#tk-counts').textContent(), /対応中 \d+件・期限間近 \d+件・期限超過 \d+件/);
    await row.getByRole('link').click();
    const detail = page.locator('#detail-card');
    await detail.getByText('朝9時ごろから画面が真っ白です。').waitFor();
    await detail.getByText('takeda@momiji.example.jp').waitFor();
    // An internal note, then an answer that waits on the customer.
    await page.getByLabel('返信', { exact: true }).fill('障害対応チームに確認中');
    await page.getByLabel('社内メモにする（お客様には表示されません）').check();
    await page.getByRole('button', { name: '返信する' }).click();
    await detail.locator('li.internal').getByText('障害対応チームに確認中').waitFor();
    await page.getByLabel('返信', { exact: true }).fill('復旧いたしました。ご不便をおかけしました。');
    await page.getByLabel('返信後の状態').selectOption('resolved');
    await page.getByRole('button', { name: '返信する' }).click();
    await row.locator('td').nth(2).getByText('解決済み').waitFor();
    await page.screenshot({ path: await screenshotPath('support-queue.png'), fullPage: true });
    // Closing asks first; cancelling changes nothing, confirming closes for good.
    await page.getByRole('button', { name: '完了にする' }).click();
    const dialog = page.locator('#close-dialog');
    await dialog.waitFor();
    await dialog.getByRole('button', { name: 'やめる' }).click();
    assert.equal(await row.locator('td').nth(2).textContent(), '解決済み');
    await page.getByRole('button', { name: '完了にする' }).click();
    await dialog.getByRole('button', { name: '完了にする' }).click();
    await row.locator('td').nth(2).getByText('完了').waitFor();
    await page.locator('#reply-form').waitFor({ state: 'hidden' }); // a closed ticket takes no reply
  });
  // The customer sees the answer but never the note.
  const { ticket: seen } = await user.expect(200, 'GET', `/api/v1/tickets/${ticket.id}`);
  assert.ok(seen.history.some((e) => e.body === '復旧いたしました。ご不便をおかけしました。'));
  assert.ok(!JSON.stringify(seen).includes('障害対応チームに確認中'));
});

test('a person files a personal-data request from the public page and downloads the result after verification', async () => {
  await withPage(browser, server, async (page) => {
    await page.goto('/support');
    await page.getByRole('heading', { level: 1, name: 'サポート窓口' }).waitFor();
    // The published facts: hours from the schedule, response times, the personal-data contact.
    await page.locator('#sup-hours').getByText('10:00-18:00').first().waitFor();
    await page.getByText('privacy@anshin.localhost').waitFor();
    await page.getByText('受付から14日以内').waitFor();

    const card = page.locator('section', { has: page.getByRole('heading', { name: '個人情報の開示・訂正・利用停止のご請求' }) });
    await card.getByLabel('ご請求の内容').selectOption('disclose');
    await card.getByLabel('ご登録のメールアドレス').fill(TENANT.email);
    await card.getByLabel('お名前', { exact: true }).fill('武田 一郎');
    await card.getByRole('button', { name: '確認コードを受け取る' }).click();
    await card.getByText(/確認コードをメールでお送りしました/).waitFor();

    // The code arrives by mail (read from the outbox by the operator).
    let code = null;
    for (let i = 0; i < 50 && !code; i++) {
      const { items } = await op.expect(200, 'GET', '/api/v1/mail?limit=500');
      const m = items.find((x) => x.to === TENANT.email && x.template === 'pdr_code');
      if (m) code = /確認コード：(\d{6})/.exec((await op.expect(200, 'GET', `/api/v1/mail/${m.id}?access_reason=TEST-READ`)).mail.body_text)[1];
      else await new Promise((r) => setTimeout(r, 100));
    }
    assert.ok(code, 'the code was mailed');
    await card.getByLabel('確認コード（6桁）').fill(code);
    await card.getByRole('button', { name: '本人確認を完了する' }).click();
    const json = card.getByRole('link', { name: '開示データをダウンロード（JSON）' });
    await json.waitFor();
    await page.screenshot({ path: await screenshotPath('support-pdr.png'), fullPage: true });

    const res = await page.request.get(await json.getAttribute('href'));
    assert.equal(res.status(), 200);
    const data = await res.json();
    assert.equal(data.email, TENANT.email);
    assert.deepEqual(data.users.map((u) => u.login), [TENANT.admin]);
    assert.ok(data.tickets.some((x) => x.subject === SUBJECT), 'the person’s tickets');
    assert.ok(!JSON.stringify(data).includes('admin'.concat('@')), 'no one else’s address');
    const csv = await page.request.get(await card.getByRole('link', { name: '開示データをダウンロード（CSV）' }).getAttribute('href'));
    assert.equal(csv.status(), 200);
    assert.match(await csv.text(), /takeda@momiji\.example\.jp/);
  });
});
