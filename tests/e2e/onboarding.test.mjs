// Onboarding in the browser (issue 10, items 1, 6, 7, 8, 13, 14), each test named after its finding:
// nobody could read the outbox; staff could not be disabled or deleted; shop staff only through the
// API; a fixed password hint; compulsory staff MFA unexplained; no operator particulars in mail.
// The server has no mail relay, as with `make run`: the pages must say that mail waits.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { ADMIN, AnshinServer, ApiClient, closeAll, logIn, screenshotPath, startWithBrowser, withPage } from './harness.mjs';

const TENANT = { company_code: 'MOMIJI-01', login: 'kanri', password: 'Hikari-Tsuki-77#' };

let server;
let browser;
let op;
let shop;

const page$ = (fn, shot, options = {}) => withPage(browser, server, fn, { failureShot: `failure-onboarding-${shot}.png`, ...options });

before(async () => {
  ({ server, browser } = await startWithBrowser());
  op = await ApiClient.login(server.url, ADMIN);
  ({ shop } = await op.expect(201, 'POST', '/api/v1/shops', {
    code: 'hoshizora', name: 'ほしぞらソフト', contact_email: 'shop@hoshizora.example.jp',
  }));
  const made = await op.expect(201, 'POST', '/api/v1/tenants', {
    company_code: TENANT.company_code, name: '株式会社もみじ', responsible_name: '紅葉 花子',
    responsible_email: 'hanako@momiji.example.jp', admin_login: TENANT.login,
  });
  const ta = await ApiClient.login(server.url, { company_code: TENANT.company_code, login: TENANT.login, password: made.initial_password });
  await ta.expect(204, 'POST', '/api/v1/me/password', { current_password: made.initial_password, new_password: TENANT.password });
});

after(() => closeAll(browser, server));

async function staffLogIn(page) {
  await logIn(page, ADMIN);
  await page.waitForURL('**/dashboard');
}

test('nobody can read the outbox: the console lists, reads and resends mail and says it waits without a relay', async () => {
  await page$(async (page) => {
    await staffLogIn(page);
    await page.goto('/operator');
    await page.locator('#section-nav').getByRole('link', { name: '送信メール' }).click();
    await page.waitForURL('**/operator-mail');
    await page.getByRole('heading', { level: 1, name: '送信メール' }).waitFor();
    await page.locator('#mail-relay-off', { hasText: 'メール送信設定' }).waitFor();
    const row = page.locator('#mail-rows tr', { hasText: 'hanako@momiji.example.jp' }).first();
    await row.waitFor();
    assert.match(await row.textContent(), /送信待ち/);
    await row.getByRole('button', { name: /を読む$/ }).click();
    // The contractor's mail is its data: the reason dialog first (WP-18).
    const dialog = page.getByRole('dialog', { name: '閲覧の理由' });
    await dialog.getByLabel('お問い合わせ番号または理由').fill('TICKET-7 初回メールの確認');
    await dialog.getByRole('button', { name: '理由を記録して表示する' }).click();
    const body = page.locator('#mail-view-body');
    await body.waitFor();
    assert.match(await body.textContent(), /紅葉 花子 様/);
    // The link's place shows, its token never does: whoever holds it could set her password.
    assert.match(await body.textContent(), /\/set-password#token=\*{8}\s/);
    assert.doesNotMatch(await body.textContent(), /初期パスワード/);
    await row.getByRole('button', { name: /を再送する$/ }).click();
    await page.locator('#page-status .alert', { hasText: '送信待ちのままです' }).waitFor();
    await page.screenshot({ path: await screenshotPath('operator-mail.png'), fullPage: true });
  }, 'outbox');
});

test('shop staff can only be created through the API: the staff form offers the shop role with its shop and mails a link', async () => {
  await page$(async (page) => {
    await staffLogIn(page);
    await page.getByLabel('ログインID', { exact: true }).last().fill('hoshi-tanto');
    await page.locator('#staff-display-name').fill('星空 担当');
    await page.locator('#staff-role').selectOption('shop');
    await page.locator('#staff-shop-field').waitFor();
    assert.equal(await page.locator('#staff-shop').inputValue(), String(shop.id));
    await page.getByLabel('メールアドレス', { exact: true }).fill('tanto@hoshizora.example.jp');
    await page.locator('#staff-submit').click();
    const mailLine = page.locator('#staff-created-mail');
    await mailLine.waitFor();
    assert.match(await mailLine.textContent(), /tanto@hoshizora\.example\.jp/);
    assert.match(await mailLine.textContent(), /送信待ち/);
    const row = page.locator('#staff-rows tr', { hasText: 'hoshi-tanto' });
    await row.waitFor();
    assert.match(await row.textContent(), /ショップ/);
  }, 'shop-staff');
  const list = await op.expect(200, 'GET', '/api/v1/staff');
  const made = list.items.find((s) => s.login === 'hoshi-tanto');
  assert.equal(made.shop_id, shop.id);
});

test('staff cannot be disabled or deleted: suspend, reinstate and delete confirm in a dialog; the last admin stays', async () => {
  await op.expect(201, 'POST', '/api/v1/staff', { login: 'taisha', display_name: '退社 予定', roles: ['support'] });
  await page$(async (page) => {
    await staffLogIn(page);
    const row = page.locator('#staff-rows tr', { hasText: 'taisha' });
    await row.getByRole('button', { name: 'taisha を利用停止する' }).click();
    const dialog = page.locator('#staff-dialog');
    await dialog.waitFor();
    assert.match(await dialog.textContent(), /セッションはすぐに終了/);
    // No default choice: the focus is on the dialog's text, not on its confirm button.
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'staff-dialog-heading');
    await dialog.getByRole('button', { name: '利用停止する' }).click();
    await page.locator('#staff-status .alert', { hasText: 'taisha を利用停止しました' }).waitFor();
    await row.getByRole('button', { name: 'taisha の利用を再開する' }).click();
    await dialog.getByRole('button', { name: '利用再開' }).click();
    await page.locator('#staff-status .alert', { hasText: 'taisha の利用を再開しました' }).waitFor();
    await row.getByRole('button', { name: 'taisha を削除する' }).click();
    assert.match(await dialog.textContent(), /元に戻せません/);
    await dialog.getByRole('button', { name: '削除する' }).click();
    await page.locator('#staff-status .alert', { hasText: 'taisha を削除しました' }).waitFor();
    assert.equal(await page.locator('#staff-rows tr', { hasText: 'taisha' }).count(), 0);
    // The last operator admin: refused with a problem that says why.
    await page.locator('#staff-rows tr', { hasText: ADMIN.login }).first().getByRole('button', { name: `${ADMIN.login} を削除する` }).click();
    await dialog.getByRole('button', { name: '削除する' }).click();
    await dialog.locator('#staff-dialog-error .alert', { hasText: '管理者が一人もいなくなる' }).waitFor();
    await dialog.getByRole('button', { name: 'キャンセル' }).click();
    await page.screenshot({ path: await screenshotPath('dashboard-staff.png'), fullPage: true });
  }, 'staff', { ignoreHttpErrors: true });
});

test('the password page hint is fixed text: it shows the tenant policy in force', async () => {
  const ta = await ApiClient.login(server.url, TENANT);
  const pol = await ta.expect(200, 'GET', '/api/v1/password-policy');
  const cur = pol.policy ?? pol;
  const body = {};
  for (const k of ['min_length', 'require_upper', 'require_lower', 'require_digit', 'require_symbol', 'history',
    'max_age_days_user', 'max_age_days_admin', 'max_failures', 'lockout_minutes']) if (k in cur) body[k] = cur[k];
  Object.assign(body, { min_length: 14, require_symbol: true });
  await ta.expect(200, 'PUT', '/api/v1/password-policy', body);
  await page$(async (page) => {
    await logIn(page, TENANT);
    await page.waitForURL('**/dashboard');
    await page.goto('/password');
    const hint = page.locator('#policy-hint');
    await page.waitForFunction(() => /14文字以上/.test(document.getElementById('policy-hint').textContent));
    assert.match(await hint.textContent(), /記号/);
    assert.doesNotMatch(await hint.textContent(), /10文字以上/);
  }, 'hint');
});

test('operator particulars: the T number is validated and mail is signed with them', async () => {
  await page$(async (page) => {
    await staffLogIn(page);
    await page.goto('/operator-profile');
    await page.getByRole('heading', { level: 1, name: '運営者情報' }).waitFor();
    await page.getByLabel('正式名称', { exact: true }).fill('株式会社アンシン');
    await page.getByLabel('所在地', { exact: true }).fill('東京都千代田区丸の内1-1-1');
    await page.getByLabel('代表者', { exact: true }).fill('代表取締役 安心 太郎');
    await page.getByLabel('連絡先', { exact: true }).fill('support@anshin.example.jp');
    const number = page.getByLabel('適格請求書発行事業者登録番号', { exact: true });
    await number.fill('T12345');
    await page.getByRole('button', { name: '保存する' }).click();
    await page.locator('#profile-error .alert', { hasText: 'T」と13桁' }).waitFor();
    assert.equal(await number.getAttribute('aria-invalid'), 'true');
    await number.fill('T1234567890123');
    await page.getByRole('button', { name: '保存する' }).click();
    await page.locator('#page-status .alert', { hasText: '運営者情報を保存しました' }).waitFor();
    assert.equal(await number.getAttribute('aria-invalid'), null);
  }, 'profile', { ignoreHttpErrors: true });
  await op.expect(201, 'POST', '/api/v1/staff', { login: 'shomei', roles: ['support'], email: 'shomei@anshin.example.jp' });
  const { items } = await op.expect(200, 'GET', '/api/v1/mail?limit=5');
  const mail = items.find((m) => m.to === 'shomei@anshin.example.jp');
  const { mail: full } = await op.expect(200, 'GET', `/api/v1/mail/${mail.id}`);
  assert.match(full.body_text, /-- \n株式会社アンシン\n東京都千代田区丸の内1-1-1\nsupport@anshin\.example\.jp\n適格請求書発行事業者登録番号：T1234567890123/);
});

test('compulsory staff MFA is not explained: after the first password change the page says it is required and why', async () => {
  const strict = await AnshinServer.create();
  strict.env.ANSHIN_SECURITY_STAFF_MFA_REQUIRED = 'true';
  const first = await strict.createAdminWithOneTimePassword('shinjin');
  await strict.start();
  try {
    await withPage(browser, strict, async (page) => {
      await logIn(page, first);
      await page.waitForURL('**/password');
      await page.getByLabel('現在のパスワード', { exact: true }).fill(first.password);
      await page.getByLabel('新しいパスワード', { exact: true }).fill('Kumo-Sora-2026!x');
      await page.getByLabel('新しいパスワード（確認）', { exact: true }).fill('Kumo-Sora-2026!x');
      await page.getByRole('button', { name: 'パスワードを変更する' }).click();
      await page.waitForURL('**/security');
      await page.locator('#page-status .alert', { hasText: 'パスワードを変更しました' }).waitFor();
      const required = page.locator('#mfa-required');
      await required.waitFor();
      assert.match(await required.textContent(), /必須/);
      assert.match(await required.textContent(), /すべての契約企業の情報/);
      // The dashboard does not bounce back silently: the explanation is there again.
      await page.goto('/dashboard');
      await page.waitForURL('**/security');
      await page.locator('#mfa-required', { hasText: '必須' }).waitFor();
    }, { failureShot: 'failure-onboarding-mfa.png' });
  } finally {
    await strict.stop();
  }
});
