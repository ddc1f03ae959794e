// The operator console in the browser, beyond the approval of journey.test.mjs: an application
// refused with a reason of Art. 9-3 (the applicant's mail at the SMTP sink names the article), a
// change request notified late approved, a material terms version published too early (the 422
// detail and the earliest date) and then in time, a shop with a service and a plan set up through
// the pages, edited (its conditions, its plan's fee raised after a confirmation) and found in the
// public catalogue; and a tenant admin turning the HTTP Basic gate on in
// the tenant settings (the password shown once), then, in a browser that passes the gate, off.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { ADMIN, ApiClient, applyConfirmed, closeAll, jaDate, jstDate, logIn as logInPage, logInByApi, screenshotPath, startWithBrowser, withPage } from './harness.mjs';
import { SmtpSink } from './smtp-sink.mjs';

const TENANT = { company_code: 'KAEDE-01', login: 'suzuki', password: 'Hikari-Tsuki-77#' };
const APPLICANT = {
  company_name: '株式会社うそつき商事',
  company_code: 'usotsuki',
  address: '大阪府大阪市北区梅田1-1-1',
  phone: '06-1234-5678',
  responsible_name: '嘘田 太郎',
  responsible_email: 'uso@usotsuki.example.jp',
  admin_login: 'usoda',
};
const SERVICE = '人事評価クラウド';

let server;
let browser;
let sink;
let op;

const page$ = (fn, shot, options = {}) => withPage(browser, server, fn, { failureShot: `failure-operator-${shot}.png`, ...options });

// Signs in through the API (these tests are not about the login screen; login.test.mjs is).
async function logIn(page, creds) {
  await logInByApi(page, server.url, creds);
}

before(async () => {
  sink = await new SmtpSink().start();
  ({ server, browser } = await startWithBrowser({ env: {
    ANSHIN_MAIL_RELAY: sink.url,
    ANSHIN_MAIL_POLL_INTERVAL_MS: '200',
  } }));

  op = await ApiClient.login(server.url, ADMIN);
  const { shop } = await op.expect(201, 'POST', '/api/v1/shops', {
    code: 'aozora', name: 'あおぞらソフト', contact_email: 'shop@aozora.example.jp',
  });
  const { service } = await op.expect(201, 'POST', '/api/v1/services', {
    shop_id: shop.id, code: 'kintai', name: '勤怠クラウド', description: '勤怠管理のクラウドサービスです。',
    conditions: '1契約あたり最大ユーザー数まで利用できます。', notice_days: 180,
  });
  const { plan } = await op.expect(201, 'POST', `/api/v1/services/${service.id}/plans`, {
    code: 'basic', name: 'ベーシック', monthly_fee: 1000, initial_fee: 0, tax_rate: 10, max_users: 50, storage_gb: 10,
  });
  const { document: terms } = await op.expect(201, 'POST', '/api/v1/documents', {
    kind: 'terms', title: 'anshin 利用規約', body: '第1条（適用）\nこの規約は、anshin の利用に適用されます。', effective_on: jstDate(0),
  });
  // An application to refuse.
  await applyConfirmed(op, { ...APPLICANT, plan_id: plan.id, terms_document_id: terms.id, agree: true });
  // A tenant whose admin asks for a details change fewer than 30 days ahead.
  const made = await op.expect(201, 'POST', '/api/v1/tenants', {
    company_code: TENANT.company_code, name: '株式会社かえで', responsible_name: '鈴木 花子',
    responsible_email: 'suzuki@kaede.example.jp', admin_login: TENANT.login,
  });
  const ta = await ApiClient.login(server.url, { company_code: TENANT.company_code, login: TENANT.login, password: made.initial_password });
  await ta.expect(204, 'POST', '/api/v1/me/password', { current_password: made.initial_password, new_password: TENANT.password });
  await ta.expect(201, 'POST', '/api/v1/change-requests', { kind: 'details', change_on: jstDate(3), responsible_name: '佐藤 次郎' });
});

after(() => closeAll(browser, server, sink));

test('the operator refuses an application with a reason of Art. 9-3; the applicant’s mail names it', async () => {
  await page$(async (page) => {
    await logIn(page, ADMIN);
    await page.goto('/operator');
    await page.getByRole('heading', { level: 1, name: '運営コンソール' }).waitFor();
    const row = page.locator('#apps-rows tr', { hasText: APPLICANT.company_name });
    await row.waitFor();
    await row.getByText(/^\d+時間\d+分$/).waitFor(); // TOS-23: waited, in business hours
    await row.getByRole('button', { name: `${APPLICANT.company_name} のお申込みを謝絶する` }).click();
    const dialog = page.getByRole('dialog', { name: `${APPLICANT.company_name} のお申込みを謝絶しますか？` });
    await dialog.getByLabel('謝絶の理由', { exact: true }).selectOption({ label: '虚偽の申告（第9条第3項第1号）' });
    await dialog.getByLabel('申込者へのメッセージ（任意）', { exact: true }).fill('登記簿の所在地と一致しませんでした。');
    await dialog.getByRole('button', { name: '謝絶を確定する' }).click();
    await page.locator('#page-status .alert', { hasText: `${APPLICANT.company_name} のお申込みを謝絶しました` }).waitFor();
    await page.locator('#apps-empty').waitFor();
  }, 'refuse');

  const deadline = Date.now() + 15000;
  let refusal;
  while (!refusal && Date.now() < deadline) {
    refusal = sink.messages.find((m) => m.rcpt.includes(APPLICANT.responsible_email) && m.text.includes('第9条第3項'));
    if (!refusal) await new Promise((r) => setTimeout(r, 100));
  }
  assert.ok(refusal, `a refusal mail naming 第9条第3項: ${sink.messages.map((m) => `${m.rcpt} ${m.subject}`).join('; ')}`);
  assert.match(refusal.text, /虚偽/);
  assert.match(refusal.text, /登記簿の所在地と一致しませんでした。/);
});

test('the operator approves a change request notified late (「30日前通知なし」)', async () => {
  await page$(async (page) => {
    await logIn(page, ADMIN);
    await page.goto('/operator');
    const row = page.locator('#changes-rows tr', { hasText: '株式会社かえで' });
    await row.waitFor();
    await row.getByText(/^\d+時間\d+分$/).waitFor(); // TOS-23
    await row.getByText('登録内容の変更', { exact: true }).waitFor();
    await row.getByText('利用責任者：佐藤 次郎', { exact: true }).waitFor();
    await row.locator('.badge', { hasText: '30日前通知なし' }).waitFor();
    assert.equal(await row.locator('time').getAttribute('datetime'), jstDate(3));
    await page.screenshot({ path: await screenshotPath('operator-changes.png'), fullPage: true });
    await row.getByRole('button', { name: '株式会社かえで の変更申請を承認する' }).click();
    const dialog = page.getByRole('dialog', { name: '株式会社かえで の変更申請を承認しますか？' });
    assert.match(await dialog.textContent(), new RegExp(`変更は ${jaDate(jstDate(3))} に適用されます`));
    await dialog.getByRole('button', { name: '承認を確定する' }).click();
    await page.locator('#page-status .alert', { hasText: '株式会社かえで の変更申請を承認しました。' }).waitFor();
    await page.locator('#changes-empty').waitFor();
  }, 'change');
  const { items } = await op.expect(200, 'GET', '/api/v1/change-requests');
  assert.equal(items[0].status, 'approved');
  assert.equal(items[0].decided_by, ADMIN.login);
});

test('a material terms version published too early gets the 422 detail, then goes out in time', async () => {
  const tooEarly = jstDate(5);
  const inTime = jstDate(30);
  await page$(async (page) => {
    await logIn(page, ADMIN);
    await page.goto('/operator');
    await page.getByRole('navigation', { name: '運営コンソールのメニュー' }).getByRole('link', { name: 'ショップ・サービス・文書' }).click();
    await page.waitForURL('**/operator-catalogue');
    const card = page.locator('#docs-card');
    await card.getByText('anshin 利用規約', { exact: false }).waitFor(); // the version in force
    await card.getByLabel('文書', { exact: true }).selectOption('terms');
    await card.getByLabel('表題', { exact: true }).fill('anshin 利用規約（第2版）');
    await card.getByLabel('本文', { exact: true }).fill('第1条（適用）\nこの規約は、anshin とその利用者に適用されます。');
    await card.getByLabel('契約者に影響する重要な変更（全契約者に通知）', { exact: true }).check();
    assert.match(await page.locator('#docs-effective-hint').textContent(), new RegExp(jaDate(inTime)));
    await card.getByLabel('施行日', { exact: true }).fill(tooEarly);
    await card.getByRole('button', { name: '公開する' }).click();
    const alert = page.locator('#docs-error .alert');
    await alert.waitFor();
    assert.match(await alert.textContent(), /予告期間が足りません/);
    assert.match(await alert.textContent(), new RegExp(`指定できる最も早い日は ${jaDate(inTime)} です`));

    await card.getByLabel('施行日', { exact: true }).fill(inTime);
    await card.getByRole('button', { name: '公開する' }).click();
    await page.locator('#docs-status .alert', { hasText: '利用規約の第2版を重要な変更として公開し' }).waitFor();
    assert.equal(await page.locator('#docs-error .alert').count(), 0);
    await card.getByText('公開済み・施行前：', { exact: false }).waitFor();
  }, 'documents');
  const doc = await op.expect(200, 'GET', '/api/v1/documents/terms');
  assert.equal(doc.versions[0].version, 2);
  assert.equal(doc.versions[0].material, 1);
  assert.equal(doc.versions[0].effective_on, inTime);
  assert.equal(doc.in_force.version, 1);
});

test('the operator sets up a shop, a service and a plan through the pages; the catalogue shows them', async () => {
  await page$(async (page) => {
    await logIn(page, ADMIN);
    await page.goto('/operator-catalogue');
    await page.getByRole('heading', { level: 1, name: 'ショップ・サービス・文書' }).waitFor();

    // The shop, then its webhook: the signing secret once.
    const shops = page.locator('#shops-card');
    await shops.getByLabel('ショップコード', { exact: true }).fill('midori');
    await shops.getByLabel('ショップ名', { exact: true }).fill('みどりソフト');
    await shops.getByLabel('連絡先メールアドレス', { exact: true }).fill('shop@midori.example.jp');
    await shops.getByRole('button', { name: '登録する' }).click();
    await page.locator('#page-status .alert', { hasText: 'ショップ「みどりソフト」を登録しました。' }).waitFor();
    const shopRow = page.locator('#shops-rows tr', { hasText: 'みどりソフト' });
    await shopRow.waitFor();
    await shopRow.getByText('Webhook を設定…').click();
    await shopRow.getByLabel('Webhook URL（https://…）', { exact: true }).fill('https://hooks.midori.example.jp/anshin');
    await shopRow.getByRole('button', { name: '設定して署名鍵を発行する' }).click();
    await page.locator('#shop-once-panel').getByRole('heading', { name: 'Webhook の署名鍵を発行しました' }).waitFor();
    assert.match(await page.locator('#shop-once-value').textContent(), /^[0-9a-f]{64}$/);
    await page.locator('#shops-rows tr', { hasText: 'https://hooks.midori.example.jp/anshin' }).waitFor();
    await page.locator('#shop-once-panel').getByRole('button', { name: '閉じる' }).click();
    assert.equal(await page.locator('#shop-once-value').textContent(), '');

    // The service (200 days' notice, above the platform's 180-day floor), then a plan at the
    // reduced rate, billed yearly.
    const svc = page.locator('#svc-form');
    await svc.getByLabel('ショップ', { exact: true }).selectOption({ label: 'みどりソフト（midori）' });
    await svc.getByLabel('サービスコード', { exact: true }).fill('hyoka');
    await svc.getByLabel('サービス名', { exact: true }).fill(SERVICE);
    await svc.getByLabel('提供終了の予告期間（日）', { exact: true }).fill('200');
    await svc.getByLabel('サービスの説明', { exact: true }).fill('人事評価をクラウドで行うサービスです。');
    await svc.getByLabel('利用条件', { exact: true }).fill('評価対象者はプランの最大ユーザー数までです。');
    await svc.getByRole('button', { name: 'サービスを登録する' }).click();
    await page.locator('#page-status .alert', { hasText: `サービス「${SERVICE}」を登録しました。` }).waitFor();

    const plan = page.locator('#plan-form');
    assert.equal(await plan.getByLabel('サービス', { exact: true }).locator('option:checked').textContent(), `${SERVICE}（みどりソフト）`);
    await plan.getByLabel('プランコード', { exact: true }).fill('std');
    await plan.getByLabel('プラン名', { exact: true }).fill('スタンダード');
    await plan.getByLabel('月額料金（円・税抜）', { exact: true }).fill('2000');
    await plan.getByLabel('消費税率', { exact: true }).selectOption('8');
    await plan.getByLabel('最大ユーザー数', { exact: true }).fill('20');
    await plan.getByLabel('ストレージ（GB）', { exact: true }).fill('5');
    await plan.getByLabel('請求サイクル', { exact: true }).selectOption('yearly');
    await plan.getByRole('button', { name: 'プランを追加する' }).click();
    await page.locator('#page-status .alert', { hasText: `「${SERVICE}」にプラン「スタンダード」を追加しました。` }).waitFor();
    const svcRow = page.locator('#services-rows tr', { hasText: SERVICE });
    await svcRow.getByText(/スタンダード（std）：2,000円（税込 2,160円）/).waitFor();
    assert.match(await svcRow.textContent(), /200 日前まで/);

    // Discontinuation too early: the earliest date is on the page before, and with the error after.
    const disc = page.locator('#disc-card');
    await disc.getByLabel('サービス', { exact: true }).selectOption({ label: `${SERVICE}（みどりソフト）` });
    assert.match(await page.locator('#disc-earliest').textContent(), new RegExp(`予告期間は 200 日です。指定できる最も早い日：${jaDate(jstDate(200))}`));
    await disc.getByLabel('提供終了日（最終日）', { exact: true }).fill(jstDate(10));
    await disc.getByLabel('理由（契約者に通知されます）', { exact: true }).fill('事業の見直しのため');
    await disc.getByRole('button', { name: '提供終了を告知する' }).click();
    const alert = page.locator('#disc-error .alert');
    await alert.waitFor();
    assert.match(await alert.textContent(), /予告期間が足りません/);
    assert.match(await alert.textContent(), new RegExp(jaDate(jstDate(200))));

    // An edit (issue 10 item 5): the service's conditions, then the plan's fee raised. The raise
    // asks first, in a dialog that says who is told and from when; a plan nobody uses yet
    // changes at once.
    const edit = page.locator('#edit-card');
    await edit.getByLabel('変更するサービス', { exact: true }).selectOption({ label: `${SERVICE}（みどりソフト）` });
    assert.equal(await edit.getByLabel('提供条件', { exact: true }).inputValue(), '評価対象者はプランの最大ユーザー数までです。');
    await edit.getByLabel('提供条件', { exact: true }).fill('評価対象者は最大ユーザー数まで。評価シートは無制限です。');
    await edit.getByRole('button', { name: 'サービスの変更を保存' }).click();
    await page.locator('#page-status .alert', { hasText: `サービス「${SERVICE}」の変更を保存しました。` }).waitFor();
    await edit.getByLabel('変更するプラン', { exact: true }).selectOption({ label: `${SERVICE} / スタンダード（2,000円）` });
    await edit.getByLabel('月額料金（税抜・円）', { exact: true }).fill('2200');
    await edit.getByRole('button', { name: 'プランの変更を保存' }).click();
    const dialog = page.getByRole('dialog', { name: /2,000円 から 2,200円 に値上げしますか/ });
    await dialog.waitFor();
    assert.match(await dialog.textContent(), /ポータルのお知らせとメール/);
    await page.screenshot({ path: await screenshotPath('operator-plan-raise.png'), fullPage: false });
    await dialog.getByRole('button', { name: '値上げを予告する' }).click();
    await page.locator('#page-status .alert', { hasText: 'プラン「スタンダード」の変更を保存しました。' }).waitFor();
    await svcRow.getByText(/スタンダード（std）：2,200円（税込 2,376円）/).waitFor();
    await page.screenshot({ path: await screenshotPath('operator-catalogue.png'), fullPage: true });
    await page.setViewportSize({ width: 390, height: 844 });
    await page.screenshot({ path: await screenshotPath('operator-catalogue-390.png'), fullPage: true });
    await edit.screenshot({ path: await screenshotPath('operator-edit-390.png') });
    assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= 390), 'no horizontal overflow at 390 px');
    await page.setViewportSize({ width: 1280, height: 900 });

    // The public catalogue: the new service with its tax-inclusive price (8 %).
    await page.goto('/catalogue');
    await page.getByRole('heading', { level: 2, name: SERVICE }).waitFor();
    await page.getByRole('cell', { name: '2,376円' }).first().waitFor();
  }, 'catalogue');
});

test('the reports page lists hand-overs and downloads the fees CSV of a month', async () => {
  await page$(async (page) => {
    await logIn(page, ADMIN);
    await page.goto('/operator-reports');
    await page.getByRole('heading', { level: 1, name: '通報・提供記録・料金' }).waitFor();
    await page.locator('#reports-empty').waitFor();
    await page.locator('#handovers-empty').waitFor();
    const month = jstDate(0).slice(0, 7);
    assert.equal(await page.getByLabel('対象月', { exact: true }).inputValue(), month);
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: 'CSV をダウンロード' }).click(),
    ]);
    assert.equal(download.suggestedFilename(), `fees-${month}.csv`);
    const row = page.locator('#handovers-rows tr', { hasText: '料金収納代行' });
    await row.waitFor();
    assert.match(await row.textContent(), /admin/);
  }, 'reports');
});

test('a tenant admin turns the Basic gate on (password shown once) and, passing it, off again', async () => {
  let password = '';
  const gateUser = 'kaede-gate';
  try {
    await page$(async (page) => {
      await logIn(page, TENANT);
      await page.goto('/tenant-settings');
      const card = page.locator('#bg-card');
      await card.getByRole('heading', { name: 'ベーシック認証（アクセス制限）' }).waitFor();
      await page.locator('#bg-state', { hasText: '無効' }).waitFor();
      await page.locator('#bg-on-form').getByLabel('ユーザー名', { exact: true }).fill(gateUser);
      await card.getByRole('button', { name: '有効にする' }).click();
      const created = page.locator('#bg-created');
      await created.getByRole('heading', { name: 'ベーシック認証を有効にしました' }).waitFor();
      password = (await page.locator('#bg-password').textContent()).trim();
      assert.equal(password.length, 20);
      assert.equal((await page.locator('#bg-user-value').textContent()).trim(), gateUser);
      await created.getByText('このパスワードは今だけ表示されます。', { exact: false }).waitFor();
      await created.getByText('ブラウザーが求めるユーザー名とパスワードを入力しないと', { exact: false }).waitFor();
      await page.locator('#bg-state', { hasText: `有効（ユーザー名：${gateUser}）` }).waitFor();
      await page.screenshot({ path: await screenshotPath('tenant-basic-gate.png'), fullPage: true });
    }, 'gate-on');

    // Without the credentials the tenant's requests are refused, the login included.
    const bare = await new ApiClient(server.url).request('POST', '/api/v1/auth/login', TENANT);
    assert.equal(bare.status, 401);
    assert.match(bare.headers.get('www-authenticate') ?? '', /^Basic/);

    // A browser that knows them passes, and turns the gate off after a confirmation.
    await page$(async (page) => {
      await logInPage(page, TENANT); // on the login screen: the browser's own credentials pass the gate
      await page.waitForURL('**/dashboard');
      await page.goto('/tenant-settings');
      await page.locator('#bg-state', { hasText: `有効（ユーザー名：${gateUser}）` }).waitFor();
      await page.getByRole('button', { name: '無効にする…' }).click();
      const confirm = page.locator('#bg-confirm');
      await confirm.getByRole('heading', { name: 'ベーシック認証を無効にしますか？' }).waitFor();
      await confirm.getByRole('button', { name: '無効にする', exact: true }).click();
      await page.locator('#page-status', { hasText: 'ベーシック認証を無効にしました。' }).waitFor();
      await page.locator('#bg-state', { hasText: '無効' }).waitFor();
    }, 'gate-off', { httpCredentials: { username: gateUser, password, origin: server.url, send: 'always' } });

    const plain = await ApiClient.login(server.url, TENANT);
    assert.deepEqual(await plain.expect(200, 'GET', '/api/v1/basic-gate'), { enabled: false, user: '' });
  } finally {
    // Whatever happened above, leave the tenant without the gate.
    if (password) {
      const basic = { Authorization: `Basic ${Buffer.from(`${gateUser}:${password}`).toString('base64')}` };
      const res = await new ApiClient(server.url).request('POST', '/api/v1/auth/login', TENANT);
      if (res.status === 401) {
        const gated = await ApiClient.login(server.url, TENANT, basic);
        await gated.expect(200, 'PUT', '/api/v1/basic-gate', { enabled: false });
      }
    }
  }
});

test('the operator edits a shop, a staff member’s roles (removing admin confirmed; the last admin kept) and a tenant’s particulars', async () => {
  // Issue 10 item 5 (finding: nothing could be edited): shop, staff roles and tenant particulars.
  const { staff: second } = await op.expect(201, 'POST', '/api/v1/staff', { login: 'kanri2', display_name: '管理 二郎', roles: ['admin'] });
  const mailsBefore = sink.messages.filter((m) => m.rcpt.includes('suzuki@kaede.example.jp')).length;
  await page$(async (page) => {
    await logIn(page, ADMIN);
    await page.goto('/operator-catalogue');
    const edit = page.locator('#edit-card');
    await edit.getByLabel('変更するショップ', { exact: true }).selectOption({ label: 'あおぞらソフト（aozora）' });
    assert.equal(await edit.getByLabel('連絡先メールアドレス', { exact: true }).inputValue(), 'shop@aozora.example.jp');
    await edit.getByLabel('ショップ名', { exact: true }).fill('あおぞらソフト株式会社');
    await edit.getByRole('button', { name: 'ショップを変更' }).click();
    await page.locator('#page-status .alert', { hasText: 'ショップ「あおぞらソフト株式会社」を変更しました。' }).waitFor();
    await page.locator('#shops-rows tr', { hasText: 'あおぞらソフト株式会社' }).waitFor();

    await page.goto('/dashboard');
    // Staff: admin taken from kanri2 after a confirmation with no default.
    const row = page.locator('#staff-rows tr', { hasText: 'kanri2' });
    await row.getByRole('button', { name: 'kanri2 を編集' }).click();
    let dialog = page.getByRole('dialog', { name: 'kanri2 の表示名と権限を変更' });
    await dialog.getByLabel('管理者', { exact: true }).uncheck();
    await dialog.getByLabel('監査担当', { exact: true }).check();
    await dialog.getByRole('button', { name: '変更を保存' }).click();
    const confirm = page.getByRole('dialog', { name: 'kanri2 から管理者の権限を外しますか？' });
    await confirm.waitFor();
    assert.equal(await page.evaluate(() => document.activeElement?.tagName), 'H2', 'nothing is chosen for the person');
    await confirm.getByRole('button', { name: '管理者の権限を外す' }).click();
    await page.locator('#staff-status .alert', { hasText: 'kanri2 の登録内容を変更しました。' }).waitFor();
    const { staff: after } = await op.expect(200, 'GET', `/api/v1/staff/${second.id}`);
    assert.deepEqual(after.roles, ['auditor']);
    // The last admin cannot lose the role: the server's reason stays in the dialog.
    await page.locator('#staff-rows tr', { hasText: 'admin' }).first().getByRole('button', { name: 'admin を編集' }).click();
    dialog = page.getByRole('dialog', { name: 'admin の表示名と権限を変更' });
    await dialog.getByLabel('管理者', { exact: true }).uncheck();
    await dialog.getByLabel('サポート', { exact: true }).check();
    await dialog.getByRole('button', { name: '変更を保存' }).click();
    const last = page.getByRole('dialog', { name: 'admin から管理者の権限を外しますか？' });
    await last.getByRole('button', { name: '管理者の権限を外す' }).click();
    await last.locator('.alert', { hasText: '運営の管理者が一人もいなくなるため' }).waitFor();
    await last.getByRole('button', { name: 'キャンセル' }).click();
    await dialog.getByRole('button', { name: 'キャンセル' }).click();

    // Tenant particulars (TOS-4): the responsible person is told by mail, with 様.
    const tenantRow = page.locator('#tenants-rows tr', { hasText: '株式会社かえで' });
    await tenantRow.getByRole('button', { name: '株式会社かえで の登録内容を変更' }).click();
    const td = page.getByRole('dialog', { name: '株式会社かえで の登録内容の変更' });
    assert.match(await td.textContent(), /ポータルのお知らせとメール/);
    await td.getByLabel('住所', { exact: true }).fill('東京都千代田区丸の内1-1-1');
    await td.getByLabel('電話番号', { exact: true }).fill('03-1111-2222');
    await td.getByRole('button', { name: '登録内容を変更する' }).click();
    await page.locator('#tenants-status .alert', { hasText: '株式会社かえで の登録内容を変更し' }).waitFor();
    await page.screenshot({ path: await screenshotPath('operator-tenant-edit.png'), fullPage: false });
  }, 'edits');
  const mails = await sink.waitFor('suzuki@kaede.example.jp', mailsBefore + 1);
  const told = mails.find((m) => m.text.includes('東京都千代田区丸の内1-1-1'));
  assert.ok(told, mails.map((m) => m.subject).join('; '));
  assert.match(told.text, /^鈴木 花子 様/);
});
