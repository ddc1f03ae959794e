// The operator's page for personal-data breaches and the lawful-disclosure register (issue 13
// item 5/6, MARK-7-6-1/2/3, WP-21, TOS-26): an operator admin records a breach and sees its two
// deadlines to the Personal Information Protection Commission, notifies the people affected and
// records the preliminary report — each only after a confirmation dialog that can be cancelled —
// records a disclosure whose prior notice is prohibited and tells the contractor afterwards; the
// page works in Japanese and English and fits a 390 px phone screen.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { ADMIN, ApiClient, closeAll, jstDate, logIn, screenshotPath, startWithBrowser, withPage } from './harness.mjs';

let server;
let browser;
let op;
let tenantId;

before(async () => {
  ({ server, browser } = await startWithBrowser());
  op = await ApiClient.login(server.url, ADMIN);
  const made = await op.expect(201, 'POST', '/api/v1/tenants', {
    company_code: 'KAEDE-01', name: '株式会社かえで', responsible_name: '楓 太郎',
    responsible_email: 'kaede@kaede.example.jp', admin_login: 'kaede',
  });
  tenantId = made.tenant.id;
});

after(() => closeAll(browser, server));

async function noOverflow(page) {
  return page.evaluate(() => document.documentElement.scrollWidth <= document.documentElement.clientWidth);
}

test('an operator works a breach and the lawful-disclosure register with confirmations', async () => {
  await withPage(browser, server, async (page) => {
    await logIn(page, ADMIN);
    await page.waitForURL('**/dashboard');
    await page.goto('/operator-privacy');
    await page.getByRole('heading', { level: 1, name: '漏えい等事案・法令に基づく開示' }).waitFor();
    await page.locator('#section-nav').getByRole('link', { name: '漏えい等・開示記録' }).waitFor();

    // A breach found today: the preliminary report is due in 5 days, the final one in 30.
    await page.getByText('事案を記録する').click();
    await page.getByLabel('件名', { exact: true }).fill('設定誤りによる請求書の誤送信');
    await page.getByLabel('漏えい等した個人データの項目').fill('氏名、請求金額');
    await page.getByLabel('本人の範囲と人数').fill('株式会社かえでの利用者 1名');
    await page.getByLabel('影響を受けた契約企業の番号（任意）').fill(String(tenantId));
    await page.locator('#breach-form').getByRole('button', { name: '記録する' }).click();
    await page.locator('#page-status').getByText('事案を記録しました。').waitFor();
    const card = page.locator('article[data-breach]').first();
    await card.getByText('事案 1：設定誤りによる請求書の誤送信').waitFor();
    const [y, m, d] = jstDate(5).split('-').map(Number);
    await card.getByText(`${y}年${m}月${d}日`).waitFor();

    // Notifying: cancelling sends nothing; confirming mails the people affected.
    await card.getByRole('button', { name: '本人に通知する' }).click();
    let dialog = page.locator('dialog[open]');
    await dialog.getByText('送信は取り消せません', { exact: false }).waitFor();
    await dialog.getByRole('button', { name: 'キャンセル' }).click();
    assert.equal((await op.expect(200, 'GET', '/api/v1/breaches/1')).breach.notified_count, 0);
    await card.getByRole('button', { name: '本人に通知する' }).click();
    dialog = page.locator('dialog[open]');
    await dialog.getByLabel('メールの件名').fill('【重要】請求書の誤送信についてのお詫び');
    await dialog.getByLabel('メールの本文').fill('このたびは誠に申し訳ございません。');
    await dialog.getByRole('button', { name: '通知メールを送信する' }).click();
    await page.locator('#page-status').getByText('1名に通知しました。').waitFor();

    // The preliminary report, recorded after its dialog.
    await page.locator('article[data-breach]').first().getByRole('button', { name: '速報の提出を記録' }).click();
    dialog = page.locator('dialog[open]');
    await dialog.getByLabel('内容').fill('個人情報保護委員会へ速報を提出（受付番号 123）');
    await dialog.getByRole('button', { name: '記録する' }).click();
    await page.locator('article[data-breach]').first().getByText('（提出済み）').waitFor();
    const { breach } = await op.expect(200, 'GET', '/api/v1/breaches/1');
    assert.ok(breach.steps.some((s) => s.step === 'preliminary_report'));

    // A disclosure whose prior notice is prohibited: nothing is mailed until staff send it.
    await page.getByText('開示を記録する').click();
    await page.getByLabel('契約企業の番号', { exact: true }).fill(String(tenantId));
    await page.getByLabel('開示先（官公庁）').fill('警視庁');
    await page.getByLabel('法令上の根拠').fill('刑事訴訟法第197条第2項');
    await page.getByLabel('開示したデータ').fill('ログイン履歴（2026年11月分）');
    await page.getByLabel('事前の通知が法令等により禁じられている').check();
    await page.locator('#disclosure-form').getByRole('button', { name: '記録する' }).click();
    dialog = page.locator('dialog[open]');
    await dialog.getByText('通知はまだ送信されません', { exact: false }).waitFor();
    await dialog.getByRole('button', { name: '記録する' }).click();
    const row = page.locator('tr[data-disclosure]').first();
    await row.getByText('未通知（事前通知の禁止）').waitFor();
    await row.getByRole('button', { name: /事後の通知を送る/ }).click();
    dialog = page.locator('dialog[open]');
    await dialog.getByRole('button', { name: 'キャンセル' }).click();
    await row.getByText('未通知（事前通知の禁止）').waitFor();
    await row.getByRole('button', { name: /事後の通知を送る/ }).click();
    await page.locator('dialog[open]').getByRole('button', { name: '通知を送信する' }).click();
    await page.locator('tr[data-disclosure]').first().getByText('事後に通知済み').waitFor();
    await page.screenshot({ path: await screenshotPath('privacy-ops.png'), fullPage: true });

    // English, and a phone screen.
    await page.locator('#site-header .lang-switch').getByRole('button', { name: 'English' }).click();
    await page.getByRole('heading', { level: 1, name: 'Data breaches and lawful disclosures' }).waitFor();
    await page.locator('tr[data-disclosure]').first().getByText('Told afterwards').waitFor();
    await page.setViewportSize({ width: 390, height: 860 });
    assert.ok(await noOverflow(page), 'no horizontal overflow at 390 px (en)');
    await page.locator('#site-header .lang-switch').getByRole('button', { name: '日本語' }).click();
    await page.getByRole('heading', { level: 1, name: '漏えい等事案・法令に基づく開示' }).waitFor();
    assert.ok(await noOverflow(page), 'no horizontal overflow at 390 px (ja)');
    await page.screenshot({ path: await screenshotPath('privacy-ops-390.png'), fullPage: true });
  });
  const { items } = await op.expect(200, 'GET', '/api/v1/mail?limit=500');
  assert.ok(items.some((x) => x.to === 'kaede@kaede.example.jp' && x.subject.includes('誤送信')), 'the notice was mailed');
});
