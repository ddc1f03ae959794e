// Issue 10, the walkthrough's findings on the screens, one test each (named after the finding):
// item 2 (dangerous actions confirmed in a dialog, no default reason), 9 (field errors beside
// their field, focus on the first), 10 (the IP allowlist's error in Japanese; every audit action
// offered by name), 11 (operator tables: visible row actions, names not squeezed, the English
// console within 1280 px, search / sort / paging / CSV, decided applications in a history),
// 12 (the contracts page on a phone), 16 (the 2FA button once it is on; no version for customers).
// Screenshots of the operator console, the contracts page and the tenant settings at 1280 and
// 390 px, in Japanese and English, go to tests/out/e2e/screens-*.png.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import {
  addUserWithPassword, ADMIN, ApiClient, applyConfirmed, closeAll, logIn as logInPage, logInByApi, publishOffer, screenshotPath, startWithBrowser,
  withPage,
} from './harness.mjs';
import { totp } from './totp.mjs';
import { SmtpSink } from './smtp-sink.mjs';

const PASSWORD = 'Hikari-Tsuki-77#';
const TENANT = { company_code: 'KAEDE-01', login: 'suzuki', password: PASSWORD };
const LONG_NAME = '株式会社さくらインターナショナルホールディングス';

let server;
let browser;
let op;
let sink;
let pending; // an application waiting for a decision
let contractNumber;
let tenantAdmin; // the approved applicant's admin (has a contract), once she set her password

const page$ = (fn, shot, options = {}) => withPage(browser, server, fn, { failureShot: `failure-screens-${shot}.png`, ...options });

// Signs in through the API (these tests are not about the login screen; login.test.mjs is).
async function logIn(page, creds) {
  await logInByApi(page, server.url, creds);
}

before(async () => {
  sink = await new SmtpSink().start();
  ({ server, browser } = await startWithBrowser({ env: { ANSHIN_MAIL_RELAY: sink.url } }));
  op = await ApiClient.login(server.url, ADMIN);
  const { terms, shop, service, plan } = await publishOffer(op);
  const base = { address: '東京都港区芝公園4-2-8', phone: '03-0000-0000', plan_id: plan.id, terms_document_id: terms.id, agree: true };
  const approved = await applyConfirmed(op, {
    ...base, company_name: LONG_NAME, company_code: 'SAKURA-01', responsible_name: '桜井 一郎',
    responsible_email: 'sakurai@sakura.example.jp', admin_login: 'kanri',
  });
  contractNumber = (await op.expect(200, 'POST', `/api/v1/applications/${approved.id}/approve`, {})).contract.number;
  const refused = await applyConfirmed(op, {
    ...base, company_name: '合同会社うそつき商事', company_code: 'USO-01', responsible_name: '嘘田 太郎',
    responsible_email: 'uso@uso.example.jp', admin_login: 'usoda',
  });
  await op.expect(200, 'POST', `/api/v1/applications/${refused.id}/refuse`, { reason: 'false_statement', message: '' });
  pending = await applyConfirmed(op, {
    ...base, company_name: '有限会社まつもとエンタープライズ', company_code: 'MATSU-01', responsible_name: '松本 花子',
    responsible_email: 'matsu@matsu.example.jp', admin_login: 'matsu',
  });
  // The approved tenant's admin sets her password from the set-password link of her welcome mail,
  // read from the real SMTP sink (no mail carries a password; the operator's outbox hides the token).
  const welcome = (await sink.waitFor('sakurai@sakura.example.jp', 2)).find((m) => /set-password#token=/.test(m.text));
  const token = /\/set-password#token=([A-Za-z0-9_-]+)/.exec(welcome?.text || '')?.[1];
  assert.ok(token, 'the welcome mail carries the set-password link');
  await new ApiClient(server.url).expect(200, 'POST', '/api/v1/password-links/use', { token, password: PASSWORD });
  tenantAdmin = { company_code: 'SAKURA-01', login: 'kanri', password: PASSWORD };
  const made = await op.expect(201, 'POST', '/api/v1/tenants', {
    company_code: TENANT.company_code, name: '株式会社かえで', responsible_name: '鈴木 花子',
    responsible_email: 'suzuki@kaede.example.jp', admin_login: TENANT.login,
  });
  const ta = await ApiClient.login(server.url, { company_code: TENANT.company_code, login: TENANT.login, password: made.initial_password });
  await ta.expect(204, 'POST', '/api/v1/me/password', { current_password: made.initial_password, new_password: PASSWORD });
});

after(() => closeAll(browser, server, sink));

async function status(id) {
  return (await op.expect(200, 'GET', '/api/v1/applications?status=&limit=500')).items.find((a) => a.id === id).status;
}

test('item 2: no dangerous choice has a default — approval, refusal, suspension and termination ask in a dialog stating the consequences', async () => {
  await page$(async (page) => {
    await logIn(page, ADMIN);
    await page.goto('/operator');
    const row = page.locator('#apps-rows tr', { hasText: pending.company_name });
    await row.waitFor();

    // Approval acts only after the dialog's confirmation; cancelling leaves it pending.
    await row.getByRole('button', { name: `${pending.company_name} のお申込みを承諾する` }).click();
    let dialog = page.getByRole('dialog', { name: `${pending.company_name} のお申込みを承諾しますか？` });
    await dialog.waitFor();
    assert.match(await dialog.textContent(), /matsu@matsu\.example\.jp/, 'says who is mailed');
    assert.match(await dialog.textContent(), /取り消せません/);
    assert.equal(await page.evaluate(() => document.activeElement.tagName), 'H2', 'focus on the title, not on a button');
    await dialog.getByRole('button', { name: 'キャンセル' }).click();
    await dialog.waitFor({ state: 'detached' });
    assert.equal(await status(pending.id), 'pending');

    // Refusal: the reason starts unselected, and confirming without one names the field.
    await row.getByRole('button', { name: `${pending.company_name} のお申込みを謝絶する` }).click();
    dialog = page.getByRole('dialog', { name: `${pending.company_name} のお申込みを謝絶しますか？` });
    const reason = dialog.getByLabel('謝絶の理由', { exact: true });
    assert.equal(await reason.inputValue(), '', 'no reason preselected');
    assert.match(await dialog.textContent(), /第9条第3項/);
    await dialog.getByRole('button', { name: '謝絶を確定する' }).click();
    assert.equal(await reason.getAttribute('aria-invalid'), 'true');
    assert.ok(await reason.evaluate((e) => e === document.activeElement), 'focus on the reason');
    await dialog.locator('.field-error', { hasText: '謝絶の理由' }).waitFor();
    await dialog.getByRole('button', { name: 'キャンセル' }).click();
    assert.equal(await status(pending.id), 'pending');

    // Termination and suspension: the cause starts unselected; both say who is told.
    const crow = page.locator('#op-contract-rows tr', { hasText: contractNumber });
    assert.equal(await crow.locator('summary').count(), 0, 'no folded (▶) row actions');
    await crow.getByRole('button', { name: `契約 ${contractNumber} の契約解除（第13条）` }).click();
    dialog = page.getByRole('dialog');
    assert.equal(await dialog.getByLabel('解除の事由（利用規約第13条第1項）', { exact: true }).inputValue(), '');
    assert.match(await dialog.textContent(), /データ削除期限/);
    await page.screenshot({ path: await screenshotPath('screens-confirm-terminate.png') });
    await dialog.getByRole('button', { name: 'キャンセル' }).click();
    await crow.getByRole('button', { name: `契約 ${contractNumber} を利用停止` }).click();
    assert.match(await page.getByRole('dialog').textContent(), /通知をお送りします/);
    await page.getByRole('dialog').getByRole('button', { name: 'キャンセル' }).click();
    const { items } = await op.expect(200, 'GET', '/api/v1/contracts?limit=100');
    assert.equal(items.find((c) => c.number === contractNumber).status, 'active');
  }, 'item2');
});

test('item 9: a validation error marks each field with its own message and moves the focus to the first', async () => {
  await page$(async (page) => {
    await logIn(page, ADMIN);
    await page.goto('/operator-catalogue');
    const form = page.locator('#shop-form');
    await form.locator('#shop-code').fill('X');
    await form.locator('#shop-email').fill('shop@example.jp');
    await form.getByRole('button').click();
    const code = form.locator('#shop-code');
    await page.waitForFunction(() => document.querySelector('#shop-code').getAttribute('aria-invalid') === 'true');
    assert.ok(await code.evaluate((e) => e === document.activeElement), 'focus on the first bad field');
    assert.equal(await form.locator('#shop-name').getAttribute('aria-invalid'), 'true');
    // Each message sits beside its field and is read with it.
    for (const id of ['shop-code', 'shop-name']) {
      const note = form.locator(`#${id}-error`);
      assert.ok((await note.textContent()).trim().length > 0, `${id} has its message`);
      assert.match(await form.locator(`#${id}`).getAttribute('aria-describedby'), new RegExp(`${id}-error`));
    }
    // The alert's lines say which field each is about: no identical lines.
    const lines = await page.locator('#shop-form-error li').allTextContents();
    assert.equal(new Set(lines).size, lines.length, `distinct lines: ${lines.join(' / ')}`);
    assert.ok(lines.every((l) => /：/.test(l)), `each line names its field: ${lines.join(' / ')}`);
  }, 'item9');
});

test('item 10: the IP allowlist error is Japanese in the Japanese UI and marks the field; the audit filter offers every action by name', async () => {
  await page$(async (page) => {
    await logIn(page, TENANT);
    await page.goto('/tenant-settings');
    const box = page.locator('#ip-form textarea, #ip-entries').first();
    await box.fill('127.0.0.1\n300.1.1.1');
    await page.locator('#ip-form button[type="submit"]').click();
    const alert = page.locator('#ip-error .alert, #ip-form-error .alert').first();
    await alert.waitFor();
    const text = await alert.textContent();
    assert.match(text, /300\.1\.1\.1」はIPアドレスまたはCIDR形式の範囲/);
    assert.doesNotMatch(text, /not an IP address/);
    assert.equal(await box.getAttribute('aria-invalid'), 'true');

    await page.goto('/audit');
    await page.locator('#f-action option:not([value=""])').first().waitFor({ state: 'attached' }); // filled after /me
    const { AUDIT_ACTIONS } = await import(`data:text/javascript,${encodeURIComponent(await readFile(new URL('../../web/js/audit-actions.js', import.meta.url), 'utf8'))}`);
    const options = await page.locator('#f-action option').evaluateAll((os) => os.map((o) => [o.value, o.textContent]));
    const offered = options.filter(([v]) => v);
    assert.equal(offered.length, AUDIT_ACTIONS.length);
    for (const [value, name] of offered) assert.ok(name && name !== value && /[^\x00-\x7f]/.test(name), `${value} has a Japanese name (${name})`);
  }, 'item10');
});

test('item 11: operator tables — actions visible, names whole, English console within 1280 px, search, sort, paging, CSV, decided applications in a history', async () => {
  await page$(async (page) => {
    await logIn(page, ADMIN);
    await page.goto('/operator');
    await page.locator('#apps-rows tr', { hasText: pending.company_name }).waitFor();
    // Actions are buttons in the row, not behind ▶.
    assert.equal(await page.locator('#apps-rows summary, #op-contract-rows summary').count(), 0);
    // Every row action is inside the visible part of its table at 1280 px (no sideways scroll).
    const hidden = await page.evaluate(() => [...document.querySelectorAll('#apps-rows .cell-actions button, #op-contract-rows .cell-actions button')]
      .filter((b) => b.getBoundingClientRect().right > b.closest('.table-wrap').getBoundingClientRect().right + 1).map((b) => b.textContent));
    assert.deepEqual(hidden, [], 'row actions cut off at the right');
    // The long company name is not squeezed into fragments of a few characters.
    const name = page.locator('#op-contract-rows .cell-main', { hasText: LONG_NAME });
    const lines = await name.evaluate((e) => Math.round(e.getBoundingClientRect().height / parseFloat(getComputedStyle(e).lineHeight || '20')));
    assert.ok(lines <= 3, `${LONG_NAME} takes ${lines} lines`);

    // Decided applications stay, with their outcome.
    await page.locator('#apps-view').selectOption('decided');
    const refusedRow = page.locator('#apps-rows tr', { hasText: '合同会社うそつき商事' });
    await refusedRow.waitFor();
    assert.match(await refusedRow.textContent(), /謝絶：虚偽の申告/);
    assert.match(await page.locator('#apps-rows tr', { hasText: LONG_NAME }).textContent(), /承諾/);
    // Search, sort, CSV.
    await page.locator('#apps-q').fill('うそつき');
    await page.waitForFunction(() => document.querySelectorAll('#apps-rows tr').length === 1);
    await page.locator('#apps-q').fill('');
    await page.locator('#apps-sort').selectOption('company');
    await page.locator('#apps-dir').selectOption('desc');
    const first = await page.locator('#apps-rows tr').first().textContent();
    assert.ok(first.includes('合同会社うそつき商事') || first.includes(LONG_NAME));
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'CSVをダウンロード' }).first().click()]);
    const csv = await readFile(await download.path(), 'utf8');
    assert.match(csv, /^\ufeff受付番号,申込者,企業コード/);
    assert.match(csv, /合同会社うそつき商事/);
    assert.match(csv, /謝絶：虚偽の申告/);
    // The contracts table has the same tools.
    await page.locator('#op-contracts-q').fill('SAKURA');
    await page.locator('#op-contract-rows tr', { hasText: contractNumber }).waitFor();

    for (const lang of ['ja', 'en']) {
      await page.locator(`#site-header [data-lang-choice="${lang}"]`).click();
      await page.waitForLoadState('networkidle');
      await page.locator('#apps-view').selectOption('all');
      await page.waitForLoadState('networkidle');
      const width = await page.evaluate(() => document.documentElement.scrollWidth);
      assert.ok(width <= 1280, `${lang} console is ${width} px wide`);
      await page.screenshot({ path: await screenshotPath(`screens-operator-${lang}-1280.png`), fullPage: true });
    }
    await page.locator('#site-header [data-lang-choice="ja"]').click();
  }, 'item11');
});

test('item 12: on a phone the operator console, tenant settings and contracts fit the screen (screenshots)', async () => {
  const shots = [[ADMIN, '/operator', 'operator'], [TENANT, '/tenant-settings', 'tenant-settings']];
  if (tenantAdmin) shots.push([tenantAdmin, '/contracts', 'contracts']);
  for (const [who, path, name] of shots) {
    for (const width of [1280, 390]) {
      await page$(async (page) => {
        await logIn(page, who);
        await page.goto(path);
        await page.waitForLoadState('networkidle');
        for (const lang of ['ja', 'en']) {
          await page.locator(`#site-header [data-lang-choice="${lang}"]`).click();
          await page.waitForLoadState('networkidle');
          const size = await page.evaluate(() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]);
          assert.ok(size[0] <= size[1], `${path} (${lang}) is ${size[0]} px wide on ${size[1]} px`);
          if (name === 'contracts' && width === 390) {
            // It was one 5,100 px page: on a phone one group of cards is shown at a time.
            const height = await page.evaluate(() => document.documentElement.scrollHeight);
            assert.ok(height <= 3000, `/contracts (${lang}) is ${height} px tall at 390 px`);
            await page.getByRole('button', { name: lang === 'ja' ? '利用料金' : 'Fees' }).click();
            assert.equal(await page.locator('#fees-card').isVisible(), true);
            assert.equal(await page.locator('#doc-card').isVisible(), false);
            await page.getByRole('button', { name: lang === 'ja' ? '契約書面' : 'Document' }).first().click();
          }
          if (width !== 1280 || name !== 'operator') {
            await page.screenshot({ path: await screenshotPath(`screens-${name}-${lang}-${width}.png`), fullPage: true });
          }
        }
        await page.locator('#site-header [data-lang-choice="ja"]').click();
      }, `item12-${name}-${width}`, { viewport: { width, height: 860 } });
    }
  }
});

test('item 16: the dashboard button reads "manage" once 2FA is on; customers see no build version', async () => {
  const ta = await ApiClient.login(server.url, TENANT);
  await page$(async (page) => {
    await logIn(page, TENANT);
    await page.locator('#security-link', { hasText: '二要素認証を設定' }).waitFor();
    await page.locator('#system-db', { hasText: /正常|異常/ }).waitFor();
    assert.equal(await page.locator('#system-version-row').isVisible(), false, 'no version for a customer');
    assert.doesNotMatch(await page.locator('main').innerText(), /バージョン/);
  }, 'item16-before');
  const { secret } = await ta.expect(201, 'POST', '/api/v1/me/mfa/totp');
  await ta.expect(200, 'POST', '/api/v1/me/mfa/totp/confirm', { code: totp(secret, Math.floor(Date.now() / 30000)) });
  await page$(async (page) => {
    await logInPage(page, TENANT);
    await page.locator('#mfa-code, input[autocomplete="one-time-code"]').first().fill(totp(secret, Math.floor(Date.now() / 30000) + 1));
    await page.locator('#mfa-code, input[autocomplete="one-time-code"]').first().press('Enter');
    await page.waitForURL('**/dashboard');
    await page.locator('#me-mfa', { hasText: '有効' }).waitFor();
    assert.equal((await page.locator('#security-link').textContent()).trim(), '二要素認証の管理');
  }, 'item16-mfa');
  await page$(async (page) => {
    await logIn(page, ADMIN);
    await page.locator('#system-version-row').waitFor();
  }, 'item16-staff');
});

test('item 15: a member’s dashboard has a menu and the services the company bought', async () => {
  // A member of the approved company (while its admin's password comes by mail), else of KAEDE-01.
  const admin = tenantAdmin ?? TENANT;
  const ta = await ApiClient.login(server.url, admin);
  const made = await addUserWithPassword(ta, { login: 'ippan', email: 'ippan@example.jp', roles: ['member'] });
  const first = { company_code: admin.company_code, login: 'ippan', password: made.initial_password };
  const m = await ApiClient.login(server.url, first);
  await m.expect(204, 'POST', '/api/v1/me/password', { current_password: made.initial_password, new_password: PASSWORD });
  await page$(async (page) => {
    await logIn(page, { ...first, password: PASSWORD });
    const nav = page.locator('#main-nav a');
    await nav.first().waitFor();
    assert.deepEqual(await nav.allTextContents(), ['ダッシュボード', 'お問い合わせ', 'セキュリティ設定']);
    const card = page.getByRole('region', { name: 'ご利用いただけるサービス' });
    await card.waitFor();
    if (tenantAdmin) {
      const item = card.locator('.service-item', { hasText: '勤怠管理クラウドサービス' });
      await item.waitFor();
      assert.match(await item.textContent(), /ベーシックプラン/);
      assert.match(await item.textContent(), /管理者にお問い合わせください/); // services have no address yet
    } else {
      await card.getByText('ご契約中のサービスはまだありません。').waitFor();
    }
    await page.screenshot({ path: await screenshotPath('screens-member-dashboard-ja-1280.png'), fullPage: true });
  }, 'item15');
});

test('issue 9 item 5: the console writes 2026年12月5日 22:22 JST ("Dec 5, 2026, 22:22 JST"), and Japanese names wrap between phrases in both languages at 1280 and 390 px', async () => {
  const when = { ja: /^\d{4}年\d{1,2}月\d{1,2}日 \d{2}:\d{2} JST$/, en: /^[A-Z][a-z]{2} \d{1,2}, \d{4}, \d{2}:\d{2} JST$/ };
  for (const width of [1280, 390]) {
    await page$(async (page) => {
      await logIn(page, ADMIN);
      await page.goto('/operator');
      for (const lang of ['ja', 'en']) {
        await page.locator(`#site-header [data-lang-choice="${lang}"]`).click();
        await page.waitForFunction((l) => document.documentElement.lang === l, lang);
        await page.waitForLoadState('networkidle');
        const row = page.locator('#apps-rows tr', { hasText: pending.company_name });
        const created = row.locator('td').nth(4);
        await created.locator('time').waitFor();
        const text = (await created.textContent()).replace(/\s+/g, ' ').trim();
        assert.match(text, when[lang], `applied at (${lang}, ${width} px): "${text}"`);
        // Company, service and plan names: no line of one or two characters ("サー|ビス", "プラ|ン").
        const cells = page.locator('#apps-rows td:nth-child(2), #apps-rows td:nth-child(4), #op-contract-rows td:nth-child(2), #op-contract-rows td:nth-child(3)');
        // The text of each line the browser made of each cell's text nodes.
        for (const lines of await cells.evaluateAll((tds) => tds.map((td) => {
          const out = [];
          const walker = document.createTreeWalker(td, NodeFilter.SHOW_TEXT);
          for (let n = walker.nextNode(); n; n = walker.nextNode()) {
            let line = '';
            let top = null;
            for (let i = 0; i < n.data.length; i++) {
              const r = document.createRange();
              r.setStart(n, i);
              r.setEnd(n, i + 1);
              const rect = r.getClientRects()[0];
              if (!rect) continue;
              if (top !== null && Math.abs(rect.top - top) > 4) {
                out.push(line.trim());
                line = '';
              }
              top = rect.top;
              line += n.data[i];
            }
            out.push(line.trim());
          }
          return out.filter(Boolean);
        }))) {
          assert.ok(lines.every((l) => l.length > 2), `${lang}, ${width} px: ${lines.join(' | ')}`);
        }
      }
      await page.locator('#site-header [data-lang-choice="ja"]').click();
    }, `item5-${width}`, { viewport: { width, height: 860 } });
  }
});
