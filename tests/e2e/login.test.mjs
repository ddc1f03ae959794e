// Browser tests of login, forced password change, logout, the language switch and staff management,
// against a real anshin server and Debian's Chromium.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { AnshinServer, launchBrowser, openPage, screenshotPath } from './harness.mjs';

const ADMIN = { login: 'admin', password: 'Sakura-Kaze-2025!' };
const NEW_PASSWORD = 'Hikari-Tsuki-77#';
const JAPANESE = /[\u3040-\u30ff\u4e00-\u9fff]/;

let server;
let browser;
let oneTime; // { login, password } of an account that must change its password

before(async () => {
  server = await AnshinServer.create();
  await server.createAdmin(ADMIN.login, ADMIN.password);
  oneTime = await server.createAdminWithOneTimePassword('tanaka');
  await server.start();
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

/** Runs fn with a page in a fresh browser context and fails on page errors or CSP violations. */
async function withPage(fn, options) {
  const { context, page, problems } = await openPage(browser, server.url, options);
  try {
    await fn(page);
    assert.deepEqual(problems, [], 'the page logged errors or CSP violations');
  } catch (err) {
    await page.screenshot({ path: await screenshotPath('failure.png'), fullPage: true }).catch(() => {});
    if (server.log) err.message += `\n--- server log (tail) ---\n${server.log.split('\n').slice(-15).join('\n')}`;
    throw err;
  } finally {
    await context.close();
  }
}

const pathOf = (page) => new URL(page.url()).pathname;

async function logIn(page, { login, password }) {
  await page.goto('/');
  await page.getByLabel('ログインID', { exact: true }).fill(login);
  const pw = page.getByLabel('パスワード', { exact: true });
  await pw.fill(password);
  await pw.press('Enter');
}

test('an admin logs in through the login page and sees the dashboard', async () => {
  await withPage(async (page) => {
    await page.goto('/');
    assert.equal(await page.locator('html').getAttribute('lang'), 'ja');
    await page.getByRole('heading', { level: 1, name: 'ログイン' }).waitFor();
    await page.getByText('安心して使える SaaS マーケットプレイス').first().waitFor();
    // The optional company code field is there and labelled.
    await page.getByLabel('企業コード（事業者スタッフは空欄）', { exact: true }).waitFor();
    await page.screenshot({ path: await screenshotPath('login.png'), fullPage: true });

    await page.getByLabel('ログインID', { exact: true }).pressSequentially(ADMIN.login);
    await page.getByLabel('パスワード', { exact: true }).pressSequentially(ADMIN.password);
    await page.getByRole('button', { name: 'ログイン', exact: true }).click();

    await page.waitForURL('**/dashboard');
    await page.getByRole('heading', { level: 1, name: 'ダッシュボード' }).waitFor();
    assert.equal(await page.locator('#me-login').textContent(), ADMIN.login);
    assert.match(await page.locator('#greeting').textContent(), /ようこそ/);
    assert.match(await page.locator('#me-roles').textContent(), /管理者/);
    assert.match(await page.locator('#session-expires').textContent(), /JST$/);

    // System status from /readyz and the version from /healthz.
    await page.locator('#system-dot.status-ok').waitFor();
    assert.equal(await page.locator('#system-text').textContent(), '正常に稼働しています');
    assert.match(await page.locator('#system-version').textContent(), /^\d+\.\d+\.\d+/);

    // Admins see the operator staff card with both accounts.
    await page.getByRole('heading', { level: 2, name: '事業者スタッフ' }).waitFor();
    await page.locator('#staff-rows tr').nth(1).waitFor();
    const logins = await page.locator('#staff-rows tr td:first-child').allTextContents();
    assert.deepEqual([...logins].sort(), [ADMIN.login, oneTime.login].sort());

    await page.screenshot({ path: await screenshotPath('dashboard.png'), fullPage: true });
  });
});

test('a wrong password shows the server’s Japanese message and stays on the login page', async () => {
  await withPage(async (page) => {
    await page.goto('/');
    await page.getByLabel('ログインID', { exact: true }).fill(ADMIN.login);
    await page.getByLabel('パスワード', { exact: true }).fill('Not-The-Password-1');
    const answer = page.waitForResponse((r) => r.url().endsWith('/api/v1/auth/login'));
    await page.getByRole('button', { name: 'ログイン', exact: true }).click();
    const res = await answer;
    assert.equal(res.status(), 401);
    assert.match(res.headers()['content-type'] ?? '', /application\/problem\+json/);
    const problem = await res.json();
    assert.match(problem.detail, JAPANESE, 'the server answered in Japanese');

    const alert = page.getByRole('alert').filter({ hasText: problem.detail });
    await alert.waitFor();
    assert.equal(pathOf(page), '/');
    assert.equal(await page.getByLabel('パスワード', { exact: true }).inputValue(), '');
    await page.screenshot({ path: await screenshotPath('login-error.png') });
  });
});

test('a one-time password must be changed first; logout returns to the login page', async () => {
  await withPage(async (page) => {
    await logIn(page, oneTime);
    await page.waitForURL('**/password');
    await page.getByRole('heading', { level: 1, name: 'パスワードの変更' }).waitFor();
    await page.getByText('初回ログインのため、パスワードの変更が必要です。', { exact: false }).waitFor();

    const current = page.getByLabel('現在のパスワード', { exact: true });
    const next = page.getByLabel('新しいパスワード', { exact: true });
    const confirm = page.getByLabel('新しいパスワード（確認）', { exact: true });
    const submit = page.getByRole('button', { name: 'パスワードを変更する' });
    const alert = page.locator('#password-error');

    // The confirmation must match (checked in the page).
    await current.fill(oneTime.password);
    await next.fill(NEW_PASSWORD);
    await confirm.fill(`${NEW_PASSWORD}x`);
    await submit.click();
    await alert.getByText('一致しません', { exact: false }).waitFor();

    // A password the policy refuses: every reason from the server is listed.
    const policyAnswer = page.waitForResponse((r) => r.url().endsWith('/api/v1/me/password'));
    await next.fill('short');
    await confirm.fill('short');
    await submit.click();
    const res = await policyAnswer;
    assert.equal(res.status(), 422);
    const problem = await res.json();
    assert.ok(Array.isArray(problem.errors) && problem.errors.length > 0, 'policy errors[] present');
    await alert.locator('.alert-list li').nth(problem.errors.length - 1).waitFor();
    for (const e of problem.errors) await alert.getByText(e.detail, { exact: true }).waitFor();
    await page.screenshot({ path: await screenshotPath('password.png'), fullPage: true });

    await next.fill(NEW_PASSWORD);
    await confirm.fill(NEW_PASSWORD);
    await submit.click();
    await page.waitForURL('**/dashboard');
    await page.getByRole('heading', { level: 1, name: 'ダッシュボード' }).waitFor();
    assert.equal(await page.locator('#me-login').textContent(), oneTime.login);
    await page.getByRole('status').getByText('パスワードを変更しました。').waitFor();

    await page.getByRole('button', { name: 'ログアウト' }).click();
    await page.waitForURL((url) => url.pathname === '/');
    await page.getByRole('heading', { level: 1, name: 'ログイン' }).waitFor();

    // The session is gone: the dashboard sends us back to the login page.
    await page.goto('/dashboard');
    await page.waitForURL((url) => url.pathname === '/');

    // The new password works.
    await logIn(page, { login: oneTime.login, password: NEW_PASSWORD });
    await page.waitForURL('**/dashboard');
  });
});

test('the English switch turns the login page into English and persists after reload', async () => {
  await withPage(async (page) => {
    await page.goto('/');
    await page.getByRole('button', { name: 'English', exact: true }).click();
    const checkEnglish = async () => {
      assert.equal(await page.locator('html').getAttribute('lang'), 'en');
      await page.getByRole('heading', { level: 1, name: 'Log in' }).waitFor();
      await page.getByLabel('Company code (leave empty for operator staff)', { exact: true }).waitFor();
      await page.getByLabel('Login ID', { exact: true }).waitFor();
      await page.getByLabel('Password', { exact: true }).waitFor();
      await page.getByRole('link', { name: 'Terms of Use' }).waitFor();
      assert.equal(await page.getByRole('button', { name: 'English', exact: true }).getAttribute('aria-pressed'), 'true');
    };
    await checkEnglish();
    assert.equal(await page.evaluate(() => localStorage.getItem('anshin.lang')), 'en');

    await page.reload();
    await checkEnglish();
    assert.equal(await page.title(), 'Log in | anshin');

    // Server messages follow the language too.
    await page.getByLabel('Login ID', { exact: true }).fill(ADMIN.login);
    await page.getByLabel('Password', { exact: true }).fill('Not-The-Password-2');
    await page.getByRole('button', { name: 'Log in', exact: true }).click();
    const alert = page.locator('#login-error .alert');
    await alert.waitFor();
    assert.doesNotMatch(await alert.textContent(), JAPANESE);
    await page.screenshot({ path: await screenshotPath('login-en.png'), fullPage: true });

    await page.getByRole('button', { name: '日本語', exact: true }).click();
    assert.equal(await page.locator('html').getAttribute('lang'), 'ja');
    await page.getByRole('heading', { level: 1, name: 'ログイン' }).waitFor();
  });
});

test('an admin adds a staff member, who gets a one-time password', async () => {
  let added;
  await withPage(async (page) => {
    await logIn(page, ADMIN);
    await page.waitForURL('**/dashboard');
    await page.getByRole('heading', { level: 2, name: '事業者スタッフ' }).waitFor();

    await page.getByLabel('ログインID', { exact: true }).fill('suzuki');
    await page.getByLabel('表示名', { exact: true }).fill('鈴木 花子');
    await page.getByLabel('ロール', { exact: true }).selectOption('support');
    await page.getByRole('button', { name: '追加する' }).click();

    const panel = page.locator('#staff-created');
    await panel.getByRole('heading', { name: 'スタッフを追加しました' }).waitFor();
    const password = (await page.locator('#otp-value').textContent()).trim();
    assert.ok(password.length >= 10, 'an initial password is shown');
    await panel.getByText('初回ログイン時にパスワードの変更が必要です', { exact: false }).waitFor();
    await page.locator('#staff-rows td', { hasText: 'suzuki' }).waitFor();
    added = { login: 'suzuki', password };
    await page.screenshot({ path: await screenshotPath('dashboard-staff-added.png'), fullPage: true });

    // The same login again: the server's reason is shown.
    await page.getByLabel('ログインID', { exact: true }).fill('suzuki');
    await page.getByLabel('表示名', { exact: true }).fill('鈴木 次郎');
    await page.getByRole('button', { name: '追加する' }).click();
    const alert = page.locator('#staff-form-error .alert');
    await alert.waitFor();
    assert.match(await alert.textContent(), JAPANESE);
  });

  await withPage(async (page) => {
    await logIn(page, added);
    await page.waitForURL('**/password');
    await page.getByLabel('現在のパスワード', { exact: true }).fill(added.password);
    await page.getByLabel('新しいパスワード', { exact: true }).fill(NEW_PASSWORD);
    await page.getByLabel('新しいパスワード（確認）', { exact: true }).fill(NEW_PASSWORD);
    await page.getByRole('button', { name: 'パスワードを変更する' }).click();
    await page.waitForURL('**/dashboard');
    await page.locator('#me-roles').getByText('サポート').waitFor();
    // Not an admin: no staff management.
    assert.equal(await page.locator('#staff-card').isVisible(), false);
  });
});
