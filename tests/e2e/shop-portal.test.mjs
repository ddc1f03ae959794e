// The shop portal in the browser: an operator admin creates a shop's staff account (role "shop",
// bound to one shop) through the API; the staff member logs in on the normal login page without a
// company code, changes the one-time password, opens 「ショップ管理」 from the dashboard and sees the
// shop's service, its contract (not another shop's), its customer (the view recorded as a
// hand-over), an entitlement, and the 422 of a discontinuation announced too early. Then they run
// the shop's integration from the page: issue an API token (its secret shown once) that works as a
// Bearer token until they revoke it, and set the webhook URL (its new signing secret shown once).

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { ADMIN, ApiClient, applyConfirmed, closeAll, jaDate, jstDate, screenshotPath, startWithBrowser, withPage } from './harness.mjs';

const STAFF = { login: 'aozora-staff', display_name: 'あおぞら 担当', password: 'Hikari-Tsuki-77#' };

let server;
let browser;
let op;
let initialPassword;
let ours; // the contract sold by the staff's shop
let theirs; // one sold by another shop

/** A shop with one service and one plan; resolves {shop, service, plan}. */
async function shopWithPlan(code, name, serviceCode, serviceName) {
  const { shop } = await op.expect(201, 'POST', '/api/v1/shops', { code, name, contact_email: `shop@${code}.example.jp` });
  const { service } = await op.expect(201, 'POST', '/api/v1/services', {
    shop_id: shop.id, code: serviceCode, name: serviceName, description: `${serviceName}です。`, conditions: '特になし。', notice_days: 180,
  });
  const { plan } = await op.expect(201, 'POST', `/api/v1/services/${service.id}/plans`, {
    code: 'basic', name: 'ベーシック', monthly_fee: 1000, tax_rate: 10, max_users: 10, storage_gb: 5,
  });
  return { shop, service, plan };
}

/** Applies for a plan and approves it; resolves the contract. */
async function contractFor(plan, terms, company) {
  const application = await applyConfirmed(op, {
    company_name: company.name, company_code: company.code, address: '東京都港区芝公園4-2-8', phone: '03-0000-0000',
    responsible_name: company.responsible, responsible_email: company.email, admin_login: 'admin1',
    plan_id: plan.id, terms_document_id: terms.id, agree: true,
  });
  return (await op.expect(200, 'POST', `/api/v1/applications/${application.id}/approve`, {})).contract;
}

before(async () => {
  ({ server, browser } = await startWithBrowser());

  op = await ApiClient.login(server.url, ADMIN);
  const { document: terms } = await op.expect(201, 'POST', '/api/v1/documents', {
    kind: 'terms', title: 'anshin 利用規約', body: '第1条（適用）', effective_on: jstDate(0),
  });
  const a = await shopWithPlan('aozora', 'あおぞらソフト', 'kintai', '勤怠クラウド');
  const b = await shopWithPlan('yamabuki', 'やまぶき工房', 'keihi', '経費クラウド');
  ours = await contractFor(a.plan, terms, { name: '株式会社さくら', code: 'SAKURA-01', responsible: '桜井 一郎', email: 'sakurai@sakura.example.jp' });
  theirs = await contractFor(b.plan, terms, { name: '株式会社つばき', code: 'TSUBAKI-01', responsible: '椿 花子', email: 'tsubaki@tsubaki.example.jp' });

  const made = await op.request('POST', '/api/v1/staff', {
    login: STAFF.login, display_name: STAFF.display_name, roles: ['shop'], shop_id: a.shop.id,
  });
  assert.equal(made.status, 201, `POST /api/v1/staff with role shop: ${made.text}`);
  assert.equal(made.data.staff.shop_id, a.shop.id);
  initialPassword = made.data.initial_password;
});

after(() => closeAll(browser, server));

test('shop staff log in without a company code and see their shop’s services, contract and customer', async () => {
  await withPage(browser, server, async (page) => {
    await page.goto('/');
    await page.getByLabel('ログインID', { exact: true }).fill(STAFF.login);
    const pw = page.getByLabel('パスワード', { exact: true });
    await pw.fill(initialPassword);
    await pw.press('Enter');
    await page.waitForURL('**/password');
    await page.getByLabel('現在のパスワード', { exact: true }).fill(initialPassword);
    await page.getByLabel('新しいパスワード', { exact: true }).fill(STAFF.password);
    await page.getByLabel('新しいパスワード（確認）', { exact: true }).fill(STAFF.password);
    await page.getByRole('button', { name: 'パスワードを変更する' }).click();
    await page.waitForURL('**/dashboard');

    // The dashboard offers the shop portal (and not the operator console or the audit log).
    assert.equal(await page.locator('#operator-link').isVisible(), false);
    assert.equal(await page.locator('#main-nav').getByRole('link', { name: '監査ログ' }).isVisible(), false);
    await page.locator('#shop-link', { hasText: 'ショップ管理' }).click();
    await page.waitForURL('**/shop');
    await page.getByRole('heading', { level: 1, name: 'ショップ管理' }).waitFor();
    await page.getByText('ショップ：あおぞらソフト', { exact: true }).waitFor();

    // Its service, not the other shop's.
    const svc = page.locator('#svc-rows tr', { hasText: '勤怠クラウド' });
    await svc.waitFor();
    assert.equal(await page.locator('#svc-rows tr', { hasText: '経費クラウド' }).count(), 0);

    // Its contract, not the other shop's.
    await page.locator('#contracts-rows tr', { hasText: ours.number }).waitFor();
    assert.match(await page.locator('#contracts-rows').textContent(), /株式会社さくら/);
    assert.equal(await page.locator('#contracts-rows tr', { hasText: theirs.number }).count(), 0);

    // The customers only on request, with the notice that the view is recorded.
    const customers = page.locator('#customers-card');
    await customers.getByText('表示した記録は運営事務局に残ります', { exact: false }).waitFor();
    assert.equal(await page.locator('#customers-wrap').isVisible(), false);
    await customers.getByRole('button', { name: 'お客様の情報を表示する' }).click();
    const row = page.locator('#customers-rows tr', { hasText: ours.number });
    await row.waitFor();
    assert.match(await row.textContent(), /桜井 一郎/);
    assert.match(await row.textContent(), /sakurai@sakura\.example\.jp/);
    assert.doesNotMatch(await page.locator('#customers-rows').textContent(), /つばき/);

    // The entitlement check.
    const ent = page.locator('#ent-card');
    await ent.getByLabel('企業コード', { exact: true }).fill('sakura-01');
    await ent.getByRole('button', { name: '照会する' }).click();
    await page.locator('#ent-result', { hasText: 'SAKURA-01 は kintai を利用できます' }).waitFor();
    assert.match(await page.locator('#ent-result').textContent(), new RegExp(ours.number));
    await ent.getByLabel('企業コード', { exact: true }).fill('TSUBAKI-01');
    await ent.getByRole('button', { name: '照会する' }).click();
    await page.locator('#ent-result', { hasText: 'TSUBAKI-01 は kintai を利用できません' }).waitFor();

    // A discontinuation too early: the server's 422 and the earliest date (180 days, the platform floor).
    await svc.locator('summary', { hasText: '提供終了…' }).click();
    await svc.getByLabel('提供終了日（最終日）', { exact: true }).fill(jstDate(7));
    await svc.getByLabel('理由（契約者に通知されます）', { exact: true }).fill('サービスを統合するため');
    await svc.getByRole('button', { name: '提供終了を告知する' }).click();
    const alert = page.locator('#svc-error .alert');
    await alert.waitFor();
    assert.match(await alert.textContent(), /予告期間が足りません/);
    assert.match(await alert.textContent(), new RegExp(jaDate(jstDate(180))));
    await page.screenshot({ path: await screenshotPath('shop-portal.png'), fullPage: true });
  }, { failureShot: 'failure-shop-portal.png' });

  // The operator sees the view as a hand-over to the shop.
  const { items } = await op.expect(200, 'GET', '/api/v1/handovers');
  const shown = items.find((h) => h.recipient_kind === 'shop' && h.actor === STAFF.login);
  assert.ok(shown, `a hand-over by ${STAFF.login}: ${JSON.stringify(items)}`);
  assert.equal(shown.records, 1);
});

/** Logs the staff member in (password already changed) and opens the shop portal. */
async function openPortal(page) {
  await page.goto('/');
  await page.getByLabel('ログインID', { exact: true }).fill(STAFF.login);
  const pw = page.getByLabel('パスワード', { exact: true });
  await pw.fill(STAFF.password);
  await pw.press('Enter');
  await page.waitForURL('**/dashboard');
  await page.goto('/shop');
  await page.locator('#svc-rows tr', { hasText: '勤怠クラウド' }).waitFor();
}

test('shop staff issue an API token, use it, revoke it, and set the webhook URL', async () => {
  const entitlement = `/api/v1/shop/entitlements?company_code=SAKURA-01&service_code=kintai`;
  let secret;
  await withPage(browser, server, async (page) => {
    await openPortal(page);
    const card = page.locator('#int-card');
    await card.getByRole('heading', { level: 2, name: '連携設定（APIトークン・Webhook）' }).waitFor();
    await page.locator('#itok-empty', { hasText: 'APIトークンはまだありません。' }).waitFor();

    // Issue: the name is required (checked in the page), then the secret is shown once.
    const form = page.locator('#itok-form');
    await form.getByRole('button', { name: '発行する' }).click();
    await page.locator('#itok-error', { hasText: 'トークンの名前を入力してください。' }).waitFor();
    await form.getByLabel('名前', { exact: true }).fill('予約システム連携');
    await form.getByLabel('有効期間（日）', { exact: true }).fill('30');
    await form.getByRole('button', { name: '発行する' }).click();
    const created = page.locator('#itok-created');
    await created.getByRole('heading', { name: 'APIトークンを発行しました' }).waitFor();
    await created.getByText('このトークンは今だけ表示されます。', { exact: false }).waitFor();
    secret = (await page.locator('#itok-secret').textContent()).trim();
    assert.ok(secret.length >= 20, `a token secret: ${secret}`);
    await created.getByRole('button', { name: 'コピー' }).click();
    await page.locator('#itok-copy-status', { hasText: /コピーしました。|コピーできませんでした/ }).waitFor();
    if (/コピーしました/.test(await page.locator('#itok-copy-status').textContent())) {
      assert.equal(await page.evaluate(() => navigator.clipboard.readText()), secret);
    }
    assert.equal(await form.getByLabel('名前', { exact: true }).inputValue(), '', 'the form is cleared');

    // The list: name, prefix (the secret's beginning), active, never used; 30 days of validity.
    const row = page.locator('#itok-rows tr', { hasText: '予約システム連携' });
    await row.waitFor();
    const prefix = (await row.locator('td[data-label="先頭の文字"]').textContent()).replace('…', '');
    assert.ok(prefix.length > 0 && secret.startsWith(prefix), `prefix ${prefix} of ${secret}`);
    assert.equal((await row.locator('td[data-label="状態"]').textContent()).trim(), '有効');
    assert.equal((await row.locator('td[data-label="最終利用（JST）"]').textContent()).trim(), '未使用');
    const expires = await row.locator('td[data-label="有効期限（JST）"] time').getAttribute('datetime');
    const days = (Date.parse(expires) - Date.now()) / 86400000;
    assert.ok(days > 29 && days < 31, `expires in about 30 days: ${expires}`);

    // The secret works as a Bearer token, for this shop.
    const bearer = new ApiClient(server.url);
    bearer.headers = { Authorization: `Bearer ${secret}` };
    const ent = await bearer.expect(200, 'GET', entitlement);
    assert.equal(ent.entitled, true);
    assert.equal(ent.contract, ours.number);

    // Closing the panel removes the secret from the page for good.
    await created.getByRole('button', { name: '閉じる' }).click();
    assert.equal(await created.isVisible(), false);
    assert.equal(await page.locator('#itok-secret').textContent(), '');

    // Revoke: the page asks first; cancelling keeps the token.
    await row.getByRole('button', { name: '「予約システム連携」を失効' }).click();
    const confirm = page.locator('#itok-revoke');
    await confirm.getByRole('heading', { name: 'APIトークン「予約システム連携」を失効しますか？' }).waitFor();
    await confirm.getByRole('button', { name: 'キャンセル' }).click();
    assert.equal(await confirm.isVisible(), false);
    await bearer.expect(200, 'GET', entitlement);
    await row.getByRole('button', { name: '「予約システム連携」を失効' }).click();
    await confirm.getByRole('button', { name: '失効する' }).click();
    await page.locator('#page-status', { hasText: 'APIトークン「予約システム連携」を失効しました。' }).waitFor();
    await row.locator('td[data-label="状態"]', { hasText: '失効済み' }).waitFor();
    assert.equal(await row.getByRole('button', { name: '「予約システム連携」を失効' }).count(), 0);
    assert.notEqual((await row.locator('td[data-label="最終利用（JST）"]').textContent()).trim(), '未使用');
    const refused = await bearer.request('GET', entitlement);
    assert.equal(refused.status, 401, refused.text);

    // The webhook URL: a new signing secret (64 hex) shown once, with the signature explained.
    const hook = page.locator('#hook-form');
    await hook.getByRole('button', { name: '設定して署名鍵を発行する' }).click();
    await page.locator('#hook-error', { hasText: 'Webhook URL を入力してください。' }).waitFor();
    await hook.getByLabel('Webhook URL', { exact: true }).fill('https://hooks.aozora.example.jp/anshin');
    await hook.getByRole('button', { name: '設定して署名鍵を発行する' }).click();
    const hooked = page.locator('#hook-created');
    await hooked.getByRole('heading', { name: 'Webhook URL を設定し、署名鍵を発行しました' }).waitFor();
    await hooked.getByText('この署名鍵は今だけ表示されます。', { exact: false }).waitFor();
    assert.match(await page.locator('#hook-secret').textContent(), /^[0-9a-f]{64}$/);
    assert.equal(await page.locator('#hook-url-value').textContent(), 'https://hooks.aozora.example.jp/anshin');
    assert.match(await hooked.textContent(), /X-Anshin-Signature ヘッダーは sha256=HMAC-SHA256\(署名鍵, "<X-Anshin-Timestamp>\.<本文>"\)/);
    await page.screenshot({ path: await screenshotPath('shop-portal-integration.png'), fullPage: true });

    // In English too.
    await page.getByRole('button', { name: 'English' }).click();
    await card.getByRole('heading', { level: 2, name: 'Integration (API tokens and webhook)' }).waitFor();
    await row.locator('td[data-label="State"]', { hasText: 'Revoked' }).waitFor();
    assert.match(await hooked.textContent(), /X-Anshin-Signature: sha256=HMAC-SHA256\(secret, "<X-Anshin-Timestamp>\.<body>"\)/);
  }, { failureShot: 'failure-shop-portal-integration.png', permissions: ['clipboard-read', 'clipboard-write'] });

  // The operator sees the shop's new webhook URL.
  const { items } = await op.expect(200, 'GET', '/api/v1/shops');
  assert.equal(items.find((s) => s.code === 'aozora').webhook_url, 'https://hooks.aozora.example.jp/anshin');
});

test('an operator admin opening the shop portal is told it is for shop staff', async () => {
  await withPage(browser, server, async (page) => {
    await page.goto('/');
    await page.getByLabel('ログインID', { exact: true }).fill(ADMIN.login);
    const pw = page.getByLabel('パスワード', { exact: true });
    await pw.fill(ADMIN.password);
    await pw.press('Enter');
    await page.waitForURL('**/dashboard');
    assert.equal(await page.locator('#shop-link').isVisible(), false);
    await page.goto('/shop');
    await page.locator('#page-error', { hasText: 'この画面はショップのスタッフだけが利用できます。' }).waitFor();
    assert.equal(await page.locator('#shop-content').isVisible(), false);
  }, { failureShot: 'failure-shop-portal-forbidden.png' });
});
