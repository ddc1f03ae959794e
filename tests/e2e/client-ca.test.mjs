// Browser test of the client-certificate card on the tenant settings page (SLA-22): a tenant
// admin registers the company's CA certificate, sees it described, is asked to confirm before
// requiring certificates (and is refused, since this browser presents none), then removes it
// after a confirmation.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ADMIN, ApiClient, closeAll, screenshotPath, startWithBrowser, withPage } from './harness.mjs';

const NEW_PASSWORD = 'Hikari-Tsuki-77#';
const TENANT = { code: 'HINOKI-01', admin: 'tanaka' };

let server;
let browser;
let initialPassword;
let caPem;

before(async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'anshin-ca-'));
  execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1',
    '-nodes', '-keyout', path.join(dir, 'ca.key'), '-out', path.join(dir, 'ca.pem'), '-days', '2',
    '-subj', '/O=Hinoki/CN=Hinoki CA', '-addext', 'basicConstraints=critical,CA:TRUE'], { stdio: 'ignore' });
  caPem = readFileSync(path.join(dir, 'ca.pem'), 'utf8');
  rmSync(dir, { recursive: true, force: true }); // the key is not needed again: nothing left behind
  ({ server, browser } = await startWithBrowser());
  const operator = await ApiClient.login(server.url, ADMIN);
  const made = await operator.expect(201, 'POST', '/api/v1/tenants', {
    company_code: TENANT.code, name: '株式会社ひのき', responsible_name: '田中 一郎',
    responsible_email: 'tanaka@hinoki.example.jp', admin_login: TENANT.admin,
  });
  initialPassword = made.initial_password;
});

after(() => closeAll(browser, server));

test('a tenant admin registers a CA, must confirm requiring certificates, and removes it', async () => {
  await withPage(browser, server, async (page) => {
    await page.goto('/');
    await page.getByLabel('企業コード（事業者スタッフは空欄）', { exact: true }).fill(TENANT.code);
    await page.getByLabel('ログインID', { exact: true }).fill(TENANT.admin);
    const pw = page.getByLabel('パスワード', { exact: true });
    await pw.fill(initialPassword);
    await pw.press('Enter');
    await page.waitForURL('**/password');
    await page.getByLabel('現在のパスワード', { exact: true }).fill(initialPassword);
    await page.getByLabel('新しいパスワード', { exact: true }).fill(NEW_PASSWORD);
    await page.getByLabel('新しいパスワード（確認）', { exact: true }).fill(NEW_PASSWORD);
    await page.getByRole('button', { name: 'パスワードを変更する' }).click();
    await page.waitForURL('**/dashboard');
    await page.goto('/tenant-settings');

    const card = page.locator('#cc-card');
    await card.getByRole('heading', { name: 'クライアント証明書' }).waitFor();
    await assert.doesNotReject(card.locator('#cc-state', { hasText: '未設定' }).waitFor());

    // Register the CA, not yet required.
    await card.getByLabel('認証局（CA）の証明書（PEM形式）', { exact: true }).fill(caPem);
    await card.getByRole('button', { name: '保存', exact: true }).click();
    await card.locator('#cc-state', { hasText: '任意' }).waitFor();
    assert.match(await card.locator('#cc-subject').textContent(), /Hinoki CA/);
    assert.match(await card.locator('#cc-sha256').textContent(), /^([0-9A-F]{2}:){31}[0-9A-F]{2}$/);

    // Requiring certificates asks first; this browser presents none, so the server refuses.
    await card.getByLabel('ログインにクライアント証明書を必須にする', { exact: true }).check();
    await card.getByRole('button', { name: '保存', exact: true }).click();
    const confirm = card.locator('#cc-confirm');
    await confirm.getByRole('heading', { name: 'クライアント証明書を必須にしますか？' }).waitFor();
    await confirm.getByRole('button', { name: '必須にして保存する' }).click();
    await card.locator('#cc-error', { hasText: '締め出し防止' }).waitFor();
    assert.match(await card.locator('#cc-state').textContent(), /任意/);
    await page.screenshot({ path: await screenshotPath('client-ca.png'), fullPage: true });

    // Removing asks first too.
    await card.getByRole('button', { name: '認証局の証明書を削除…' }).click();
    await confirm.getByRole('heading', { name: '認証局の証明書を削除しますか？' }).waitFor();
    await confirm.getByRole('button', { name: '削除する' }).click();
    await card.locator('#cc-state', { hasText: '未設定' }).waitFor();
  });
});
