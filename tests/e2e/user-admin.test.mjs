// Browser tests of the identity screens: a tenant admin suspends, reinstates, resets the password of
// and deletes users from the dashboard's user list; and anyone sees their active sessions and ends
// one left open elsewhere.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { addUserWithPassword, ADMIN, ApiClient, closeAll, logIn, screenshotPath, startWithBrowser, withPage } from './harness.mjs';

const NEW_PASSWORD = 'Hikari-Tsuki-77#';
const TENANT = { code: 'MOMIJI-01', name: '株式会社もみじ', admin: 'tanaka' };
const JAPANESE = /[\u3040-\u30ff\u4e00-\u9fff]/;

let server;
let browser;
let tenantAdmin; // { company_code, login, password }
let member; // sato: suspended, reinstated, password reset
let leaver; // kato: deleted
let roamer; // ito: has two sessions
let stale; // yamamoto: deleted through the API while the admin's page still lists him

const page$ = (fn, shot) => withPage(browser, server, fn, { failureShot: `failure-user-admin-${shot}.png` });

/** A user of the tenant whose one-time password has already been changed through the API. */
async function addUser(admin, login, displayName) {
  const made = await addUserWithPassword(admin, {
    login, display_name: displayName, email: `${login}@momiji.example.jp`, roles: ['member'],
  });
  const creds = { company_code: TENANT.code, login, password: made.initial_password };
  const client = await ApiClient.login(server.url, creds);
  await client.expect(204, 'POST', '/api/v1/me/password', {
    current_password: made.initial_password, new_password: NEW_PASSWORD,
  });
  await client.expect(204, 'POST', '/api/v1/auth/logout');
  return { ...creds, password: NEW_PASSWORD };
}

/** Status of an API login attempt with these credentials. */
async function loginStatus(creds) {
  return (await new ApiClient(server.url).request('POST', '/api/v1/auth/login', creds)).status;
}

before(async () => {
  ({ server, browser } = await startWithBrowser());

  const operator = await ApiClient.login(server.url, ADMIN);
  const made = await operator.expect(201, 'POST', '/api/v1/tenants', {
    company_code: TENANT.code, name: TENANT.name, responsible_name: '田中 一郎',
    responsible_email: 'tanaka@momiji.example.jp', admin_login: TENANT.admin,
  });
  const admin = await ApiClient.login(server.url, {
    company_code: TENANT.code, login: TENANT.admin, password: made.initial_password,
  });
  await admin.expect(204, 'POST', '/api/v1/me/password', {
    current_password: made.initial_password, new_password: NEW_PASSWORD,
  });
  tenantAdmin = { company_code: TENANT.code, login: TENANT.admin, password: NEW_PASSWORD };
  member = await addUser(admin, 'sato', '佐藤 花子');
  leaver = await addUser(admin, 'kato', '加藤 次郎');
  roamer = await addUser(admin, 'ito', '伊藤 三郎');
  const made2 = await admin.expect(201, 'POST', '/api/v1/users', {
    login: 'yamamoto', email: 'yamamoto@momiji.example.jp', roles: ['member'],
  });
  stale = made2.user;
});

after(() => closeAll(browser, server));

test('a tenant admin suspends, reinstates, resets the password of and deletes users', async () => {
  let temporary;
  await page$(async (page) => {
    const memberApi = await ApiClient.login(server.url, member);
    await logIn(page, tenantAdmin);
    await page.waitForURL('**/dashboard');
    const card = page.locator('#users-card');
    const status = page.locator('#users-status[role="status"]');
    const row = card.locator('#users-rows tr', { hasText: member.login });
    await row.waitFor();
    assert.match(await row.textContent(), /有効/);

    // One's own row has no actions (the API refuses suspending or deleting oneself).
    const own = card.locator('#users-rows tr', { hasText: TENANT.admin });
    assert.equal(await own.getByRole('button').count(), 0);
    assert.match(await own.textContent(), /ご自身のアカウント/);

    // Suspend: confirmed in the panel; the list and a status message say so, and the member is out.
    await row.getByRole('button', { name: '利用停止' }).click();
    const confirm = page.locator('#user-confirm');
    await confirm.getByRole('heading', { name: '佐藤 花子（sato） さんを利用停止しますか？' }).waitFor();
    assert.equal(await confirm.evaluate((el) => el === document.activeElement), true, 'the panel has the focus');
    // Cancel first: nothing happens.
    await confirm.getByRole('button', { name: 'キャンセル' }).click();
    assert.equal(await confirm.isVisible(), false);
    assert.match(await row.textContent(), /有効/);
    await row.getByRole('button', { name: '利用停止' }).click();
    await confirm.getByRole('button', { name: '利用停止する' }).click();
    await status.getByText('佐藤 花子（sato） さんを利用停止にしました。', { exact: false }).waitFor();
    await row.getByText('停止中').waitFor();
    assert.equal(await confirm.isVisible(), false);
    assert.equal(await row.getByRole('button', { name: '利用停止' }).count(), 0);
    assert.notEqual(await loginStatus(member), 200, 'a suspended user cannot log in');
    assert.equal((await memberApi.request('GET', '/api/v1/me')).status, 401, 'the session has ended');
    await page.screenshot({ path: await screenshotPath('user-admin-suspended.png'), fullPage: true });

    // Reinstate: at once, no confirmation.
    await row.getByRole('button', { name: '利用再開' }).click();
    await status.getByText('佐藤 花子（sato） さんの利用を再開しました。').waitFor();
    await row.getByText('有効').waitFor();
    assert.equal(await loginStatus(member), 200, 'the reinstated user logs in again');

    // Password reset: the temporary password is shown once, in the reset panel.
    await row.getByRole('button', { name: 'パスワードリセット' }).click();
    await confirm.getByRole('heading', { name: '佐藤 花子（sato） さんのパスワードをリセットしますか？' }).waitFor();
    await confirm.getByRole('button', { name: 'リセットする' }).click();
    const panel = page.locator('#user-reset');
    await panel.getByRole('heading', { name: 'パスワードをリセットしました' }).waitFor();
    await status.getByText('佐藤 花子（sato） さんのパスワードをリセットしました。', { exact: false }).waitFor();
    assert.match(await page.locator('#user-reset-lead').textContent(), new RegExp(TENANT.code));
    temporary = (await page.locator('#user-reset-value').textContent()).trim();
    assert.ok(temporary.length >= 10, 'a temporary password is shown');
    assert.equal(await panel.evaluate((el) => el === document.activeElement), true, 'the panel has the focus');
    await row.getByText('初回パスワード変更待ち').waitFor();
    assert.notEqual(await loginStatus(member), 200, 'the old password no longer works');
    await page.screenshot({ path: await screenshotPath('user-admin-reset.png'), fullPage: true });
    await panel.getByRole('button', { name: '閉じる' }).click();
    assert.equal(await panel.isVisible(), false);
    assert.equal(await page.locator('#user-reset-value').textContent(), '', 'the password leaves the page');

    // Delete: after the confirmation the row is gone.
    const leaverRow = card.locator('#users-rows tr', { hasText: leaver.login });
    await leaverRow.getByRole('button', { name: '削除' }).click();
    await confirm.getByRole('heading', { name: '加藤 次郎（kato） さんを削除しますか？' }).waitFor();
    await confirm.getByText('元に戻すことはできません。', { exact: false }).waitFor();
    await confirm.screenshot({ path: await screenshotPath('user-admin-confirm.png') });
    await confirm.getByRole('button', { name: '削除する' }).click();
    await status.getByText('加藤 次郎（kato） さんを削除しました。').waitFor();
    await leaverRow.waitFor({ state: 'detached' });
    assert.equal(await card.locator('#users-rows tr').count(), 4);
    assert.equal(await loginStatus(leaver), 401, 'a deleted user cannot log in');

    // An error from the API lands in the alert region: a user deleted elsewhere, from a stale row.
    const admin = await ApiClient.login(server.url, tenantAdmin);
    await admin.expect(204, 'DELETE', `/api/v1/users/${stale.id}`);
    const staleRow = card.locator('#users-rows tr', { hasText: stale.login });
    await staleRow.getByRole('button', { name: '利用停止' }).click();
    await confirm.getByRole('button', { name: '利用停止する' }).click();
    const alert = confirm.locator('#user-confirm-error[role="alert"] .alert');
    await alert.waitFor();
    assert.match(await alert.textContent(), JAPANESE);
    await staleRow.waitFor({ state: 'detached' }); // the list was read again
    assert.equal(await status.locator('.alert').count(), 0, 'no success message');
    await confirm.getByRole('button', { name: 'キャンセル' }).click();
    assert.equal(await card.locator('#users-rows tr').count(), 3);
  }, 'admin');

  // The member logs in with the temporary password and must change it first.
  await page$(async (page) => {
    await logIn(page, { ...member, password: temporary });
    await page.waitForURL('**/password');
    // A reset is not a first login, and the page says so (SLA-18).
    await page.getByText('パスワードがリセットされたか有効期限が切れたため', { exact: false }).waitFor();
    assert.equal(await page.getByText('初回ログインのため', { exact: false }).count(), 0);
    await page.getByLabel('現在のパスワード', { exact: true }).fill(temporary);
    await page.getByLabel('新しいパスワード', { exact: true }).fill('Aozora-Umi-2026$');
    await page.getByLabel('新しいパスワード（確認）', { exact: true }).fill('Aozora-Umi-2026$');
    await page.getByRole('button', { name: 'パスワードを変更する' }).click();
    await page.waitForURL('**/dashboard');
    assert.equal(await page.locator('#me-login').textContent(), member.login);
  }, 'member');
});

test('a user sees their two sessions and ends the other one, whose cookie then gets 401', async () => {
  // The other session: logged in through the API (another device, as far as the server knows).
  const elsewhere = await ApiClient.login(server.url, roamer);
  await elsewhere.expect(200, 'GET', '/api/v1/me');
  await page$(async (page) => {
    await logIn(page, roamer);
    await page.waitForURL('**/dashboard');
    const card = page.locator('#sessions-card');
    await card.getByRole('heading', { level: 2, name: 'ログイン中のセッション' }).waitFor();
    const rows = card.locator('#sessions-rows tr');
    await rows.nth(1).waitFor();
    assert.equal(await rows.count(), 2);
    assert.match(await card.locator('#sessions-count').textContent(), /2 件/);

    // This browser's session comes first, marked 「この端末」, and cannot be ended from here.
    const here = rows.filter({ hasText: 'この端末' });
    assert.equal(await here.count(), 1);
    assert.equal(await here.getByRole('button').count(), 0);
    assert.match(await here.locator('td[data-label="端末"]').textContent(), /Chrome \d+（Linux）/);
    assert.match(await here.locator('td[data-label="IPアドレス"]').textContent(), /^127\.0\.0\.1$/);
    assert.match(await here.locator('td[data-label="ログイン日時（JST）"]').textContent(), /\d{2}:\d{2} JST$/);
    assert.match(await here.locator('td[data-label="最終利用（JST）"]').textContent(), /\d{2}:\d{2} JST$/);
    const other = rows.filter({ hasNotText: 'この端末' });
    await page.screenshot({ path: await screenshotPath('sessions.png'), fullPage: true });

    await other.getByRole('button', { name: '終了する' }).click();
    await card.locator('#sessions-status[role="status"]', { hasText: 'セッションを終了しました。' }).waitFor();
    await other.waitFor({ state: 'detached' });
    assert.equal(await rows.count(), 1);
    assert.match(await card.locator('#sessions-count').textContent(), /1 件/);
    assert.equal((await elsewhere.request('GET', '/api/v1/me')).status, 401, 'the other session has ended');

    // This one still works, and the English labels are there too.
    await page.getByRole('button', { name: 'English', exact: true }).click();
    await card.getByRole('heading', { level: 2, name: 'Active sessions' }).waitFor();
    await rows.first().getByText('This device').waitFor();
    await card.getByRole('button', { name: 'Refresh' }).click();
    await rows.first().getByText('This device').waitFor();
    assert.equal(await rows.count(), 1);
  }, 'sessions');
});

test('issue 10 item 5: a tenant admin edits a user’s name and address in a dialog filled in with the current ones', async () => {
  await page$(async (page) => {
    await logIn(page, tenantAdmin);
    await page.waitForURL('**/dashboard');
    const row = page.locator('#users-card #users-rows tr', { hasText: roamer.login });
    await row.waitFor();
    await row.getByRole('button', { name: '伊藤 三郎（ito） を編集' }).click();
    const dialog = page.getByRole('dialog', { name: '伊藤 三郎（ito） の登録内容を変更' });
    await dialog.waitFor();
    assert.equal(await dialog.getByLabel('表示名', { exact: true }).inputValue(), '伊藤 三郎');
    assert.equal(await dialog.getByLabel('メールアドレス', { exact: true }).inputValue(), 'ito@momiji.example.jp');
    await dialog.getByLabel('表示名', { exact: true }).fill('伊藤 さぶろう');
    await dialog.getByLabel('メールアドレス', { exact: true }).fill('saburo@momiji.example.jp');
    await dialog.getByRole('button', { name: '変更を保存' }).click();
    await page.locator('#users-status', { hasText: '伊藤 さぶろう（ito） の登録内容を変更しました。' }).waitFor();
    await page.locator('#users-rows tr', { hasText: 'saburo@momiji.example.jp' }).waitFor();
    await page.screenshot({ path: await screenshotPath('user-edit.png'), fullPage: false });
  }, 'edit');
});
