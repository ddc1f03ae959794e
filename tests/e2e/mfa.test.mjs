// Browser tests of two-factor authentication (TOTP): enrolment on the security page, the code step
// of the login page, and turning it off again. The codes are computed here with node:crypto
// (RFC 6238), independently of the server.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { closeAll, screenshotPath, startWithBrowser, withPage } from './harness.mjs';
import { totp } from './totp.mjs';

const ADMIN = { login: 'sato', password: 'Momiji-Yama-2025!' };
const JAPANESE = /[\u3040-\u30ff\u4e00-\u9fff]/;
const STEP = 30;

let server;
let browser;

before(async () => {
  ({ server, browser } = await startWithBrowser({ admins: [ADMIN] }));
});

after(() => closeAll(browser, server));

const counterNow = () => Math.floor(Date.now() / 1000 / STEP);

test('RFC 6238 test vector (SHA-1, T = 59 s)', () => {
  // The RFC's key "12345678901234567890" in base32; its 8-digit value is 94287082.
  assert.equal(totp('GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ', 1), '287082');
});

async function logIn(page) {
  await page.goto('/');
  await page.getByLabel('ログインID', { exact: true }).fill(ADMIN.login);
  const pw = page.getByLabel('パスワード', { exact: true });
  await pw.fill(ADMIN.password);
  await pw.press('Enter');
}

test('a staff admin turns on two-factor authentication and logs in with a code', async () => {
  await withPage(browser, server, async (page) => {
    // ---- Enrolment on the security page ----
    await logIn(page);
    await page.waitForURL('**/dashboard');
    await page.locator('#me-mfa', { hasText: '未設定' }).waitFor();
    await page.getByRole('link', { name: '二要素認証を設定' }).click();
    await page.waitForURL('**/security');
    assert.equal(await page.title(), 'セキュリティ設定 | anshin');
    await page.getByRole('heading', { level: 1, name: 'セキュリティ設定（二要素認証）' }).waitFor();
    await page.locator('#mfa-state', { hasText: '無効' }).waitFor();
    await page.getByText('Google Authenticator', { exact: true }).waitFor();
    await page.getByText('Microsoft Authenticator', { exact: true }).waitFor();

    await page.getByRole('button', { name: '設定を開始' }).click();
    await page.getByRole('heading', { level: 2, name: '二要素認証の設定' }).waitFor();
    const qr = page.getByRole('img', { name: '認証アプリで読み取る、二要素認証の設定用 QR コード' });
    await qr.waitFor();
    assert.match(await qr.getAttribute('src'), /^data:image\/svg\+xml;base64,/);
    assert.ok(await qr.evaluate((img) => img.complete && img.naturalWidth > 0), 'the QR code image loads');
    // Setup key in groups of four, for typing by hand.
    const shown = (await page.locator('#secret-value').textContent()).trim();
    assert.match(shown, /^[A-Z2-7]{4}( [A-Z2-7]{1,4})+$/);
    const secret = shown.replace(/\s+/g, '');
    await page.screenshot({ path: await screenshotPath('mfa-enrol.png'), fullPage: true });

    const enrolCode = page.locator('#enrol-form').getByLabel('確認コード', { exact: true });
    assert.equal(await enrolCode.getAttribute('inputmode'), 'numeric');
    assert.equal(await enrolCode.getAttribute('autocomplete'), 'one-time-code');
    const counter = counterNow();
    await enrolCode.fill(totp(secret, counter));
    await page.getByRole('button', { name: '確認して有効にする' }).click();

    const codesCard = page.locator('#codes-card');
    await codesCard.getByRole('heading', { name: '二要素認証を有効にしました' }).waitFor();
    await codesCard.getByText('この画面を閉じると二度と表示されません', { exact: false }).waitFor();
    const codes = await page.locator('#recovery-codes li').allTextContents();
    assert.equal(codes.length, 10);
    for (const c of codes) assert.match(c.trim(), /^[0-9A-Z]{5}-[0-9A-Z]{5}$/);
    assert.equal(new Set(codes).size, 10);
    await page.locator('#mfa-state', { hasText: '有効' }).waitFor();
    await page.locator('#recovery-left', { hasText: '10 個' }).waitFor();
    await page.screenshot({ path: await screenshotPath('mfa-codes.png'), fullPage: true });
    await page.getByRole('button', { name: '保管しました' }).click();
    assert.equal(await page.locator('#recovery-codes li').count(), 0, 'the codes leave the page');

    await page.getByRole('button', { name: 'ログアウト' }).click();
    await page.waitForURL((url) => url.pathname === '/');

    // ---- Login: the password step leads to the code step ----
    await logIn(page);
    await page.getByRole('heading', { level: 1, name: '確認コードの入力' }).waitFor();
    assert.equal(await page.locator('#login-form').isVisible(), false);
    const code = page.getByLabel('確認コード', { exact: true });
    assert.equal(await code.getAttribute('inputmode'), 'numeric');
    assert.equal(await code.getAttribute('autocomplete'), 'one-time-code');
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'mfa-code', 'the code box has the focus');
    await page.getByText(`${ADMIN.login} さんとしてログインしています。`, { exact: true }).waitFor();

    // The session is pending: nothing else answers yet.
    const pending = await page.evaluate(async () => (await fetch('/api/v1/me')).json());
    assert.match(pending.type, /mfa-required$/);

    // The recovery code toggle swaps the input, and back.
    await page.getByRole('button', { name: 'リカバリーコードを使う' }).click();
    await page.getByLabel('リカバリーコード', { exact: true }).waitFor();
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'mfa-recovery');
    await page.getByRole('button', { name: '確認コードを使う' }).click();
    await code.waitFor();

    // A wrong code: the server's Japanese reason in the alert.
    const valid = new Set([-1, 0, 1, 2, 3].map((d) => totp(secret, counter + d)));
    let wrong = 0;
    while (valid.has(String(wrong).padStart(6, '0'))) wrong += 1;
    await code.fill(String(wrong).padStart(6, '0'));
    const answer = page.waitForResponse((r) => r.url().endsWith('/api/v1/auth/mfa'));
    await page.getByRole('button', { name: '確認する', exact: true }).click();
    const res = await answer;
    assert.equal(res.status(), 401);
    const problem = await res.json();
    assert.match(problem.type, /mfa-failed$/);
    assert.match(problem.detail, JAPANESE);
    await page.getByRole('alert').filter({ hasText: problem.detail }).waitFor();
    assert.equal(await code.inputValue(), '');
    assert.equal(await code.getAttribute('aria-invalid'), 'true');
    await page.screenshot({ path: await screenshotPath('mfa-login.png'), fullPage: true });

    // 「戻る」 ends the pending session and shows the password step again.
    await page.getByRole('button', { name: '戻る', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: 'ログイン' }).waitFor();
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'password');
    const after = await page.evaluate(async () => (await fetch('/api/v1/me')).json());
    assert.doesNotMatch(after.type, /mfa-required$/, 'the pending session was logged out');

    // Again, now with the code of the next time step (the enrolment used the current one).
    await logIn(page);
    await page.getByRole('heading', { level: 1, name: '確認コードの入力' }).waitFor();
    await code.fill(totp(secret, counter + 1));
    await code.press('Enter');
    await page.waitForURL('**/dashboard');
    await page.getByRole('heading', { level: 1, name: 'ダッシュボード' }).waitFor();
    assert.equal(await page.locator('#me-login').textContent(), ADMIN.login);
    await page.locator('#me-mfa', { hasText: '有効' }).waitFor();

    // A recovery code works once instead of the app's code (typed in lower case, as people do).
    await page.getByRole('button', { name: 'ログアウト' }).click();
    await page.waitForURL((url) => url.pathname === '/');
    await logIn(page);
    await page.getByRole('button', { name: 'リカバリーコードを使う' }).click();
    const recovery = page.getByLabel('リカバリーコード', { exact: true });
    await recovery.fill(codes[0].trim().toLowerCase());
    await recovery.press('Enter');
    await page.waitForURL('**/dashboard');

    // ---- Turning it off needs a confirmation ----
    // With the factor on, the dashboard's button manages it (issue 10 item 16).
    await page.getByRole('link', { name: '二要素認証の管理' }).click();
    await page.waitForURL('**/security');
    await page.locator('#mfa-state', { hasText: '有効' }).waitFor();
    await page.locator('#recovery-left', { hasText: '9 個' }).waitFor();
    await page.getByRole('button', { name: '二要素認証を無効にする' }).click();
    await page.getByRole('heading', { level: 3, name: '二要素認証を無効にしますか？' }).waitFor();
    await page.getByRole('button', { name: 'キャンセル', exact: true }).click();
    assert.equal(await page.locator('#disable-confirm').isVisible(), false);
    await page.getByRole('button', { name: '二要素認証を無効にする' }).click();
    await page.getByRole('button', { name: '無効にする', exact: true }).click();
    await page.getByRole('status').getByText('二要素認証を無効にしました。').waitFor();
    await page.locator('#mfa-state', { hasText: '無効' }).waitFor();
    await page.getByRole('button', { name: '設定を開始' }).waitFor();
  }, { failureShot: 'mfa-failure.png' });
});

/** Time travel: the sessions' last authentication moves an hour into the past. */
function ageSessions() {
  execFileSync('sqlite3', ['-cmd', '.timeout 5000', server.env.ANSHIN_STORE_PATH,
    'UPDATE sessions SET auth_at = auth_at - 3600000000']);
}

test('an hour after login, turning two-factor authentication off asks for the password and code (M5)', async () => {
  await withPage(browser, server, async (page) => {
    await logIn(page);
    await page.waitForURL('**/dashboard');
    await page.goto('/security');
    await page.locator('#mfa-state', { hasText: '無効' }).waitFor();
    // Right after login the session is recent: the setup needs no extra step.
    await page.getByRole('button', { name: '設定を開始' }).click();
    await page.getByRole('heading', { level: 2, name: '二要素認証の設定' }).waitFor();
    const secret = (await page.locator('#secret-value').textContent()).replace(/\s+/g, '');
    const counter = counterNow();
    await page.locator('#enrol-form').getByLabel('確認コード', { exact: true }).fill(totp(secret, counter));
    await page.getByRole('button', { name: '確認して有効にする' }).click();
    await page.getByRole('button', { name: '保管しました' }).click();
    await page.locator('#mfa-state', { hasText: '有効' }).waitFor();

    ageSessions();
    await page.getByRole('button', { name: '二要素認証を無効にする' }).click();
    await page.getByRole('button', { name: '無効にする', exact: true }).click();
    const dialog = page.getByRole('dialog', { name: 'パスワードの再入力' });
    await dialog.waitFor();
    await page.screenshot({ path: await screenshotPath('mfa-reauth.png'), fullPage: true });
    // A wrong password: the server's reason in the dialog, and the factor stays on.
    await dialog.getByLabel('パスワード', { exact: true }).fill('Not-the-password-1!');
    await dialog.getByLabel('確認コード（認証アプリ、またはリカバリーコード）').fill(totp(secret, counter + 1));
    await dialog.getByRole('button', { name: '確認する', exact: true }).click();
    await dialog.getByRole('alert').getByText('パスワードまたは確認コードが正しくありません。').waitFor();
    // The right password (the code was not spent on the wrong one): the dialog closes and the change goes through.
    await dialog.getByLabel('パスワード', { exact: true }).fill(ADMIN.password);
    await dialog.getByLabel('確認コード（認証アプリ、またはリカバリーコード）').fill(totp(secret, counter + 1));
    await dialog.getByRole('button', { name: '確認する', exact: true }).click();
    await page.getByRole('status').getByText('二要素認証を無効にしました。').waitFor();
    await page.locator('#mfa-state', { hasText: '無効' }).waitFor();
    assert.equal(await page.locator('#reauth-dialog').count(), 0, 'the dialog is gone');
  }, { failureShot: 'mfa-reauth-failure.png' });
});
