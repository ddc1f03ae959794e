// The page shell (web/js/shell.js) for every role: a visitor, an operator admin, support and auditor
// staff, a tenant admin, a tenant member and a shop's staff each start on their main page, visit
// every page the navigation offers and follow every visible same-origin link (transitively); the
// test fails on any 404 (pages, scripts, styles, images, API calls, links to files) and any console
// error, and checks that the header and footer are identical on every page for that role (only
// the current page's mark differs). It also takes screenshots of each role's main page at 1280
// and 390 px, in Japanese and English, under tests/out/e2e/shell-*.png.
//
// Issue 9 item 5 (one page shell); the menu is what the server lets each role open (ACC-*, OPS-*).

import { after, before, describe, it, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  addUserWithPassword, ADMIN, ApiClient, applyConfirmed, closeAll, logInByApi, publishOffer, screenshotPath, settlePassword, startWithBrowser,
} from './harness.mjs';

const PASSWORD = 'Hikari-Tsuki-77#';
const TENANT = { code: 'SHELL-01', name: '株式会社しぇる' };
const MAX_PAGES = 60;

let server;
let browser;
const people = {}; // role name -> credentials for the login page

before(async () => {
  ({ server, browser } = await startWithBrowser());

  const op = await ApiClient.login(server.url, ADMIN);
  // Something to show: published terms, one shop with a service and plan, and a contract for it.
  const { terms, shop, plan } = await publishOffer(op, { shop: { name: 'あおぞらソフト' }, service: { name: '勤怠クラウド' }, plan: { name: 'ベーシック' } });
  const application = await applyConfirmed(op, {
    company_name: '株式会社さくら', company_code: 'SAKURA-01', address: '東京都港区芝公園4-2-8', phone: '03-0000-0000',
    responsible_name: '桜井 一郎', responsible_email: 'sakurai@sakura.example.jp', admin_login: 'admin1',
    plan_id: plan.id, terms_document_id: terms.id, agree: true,
  });
  await op.expect(200, 'POST', `/api/v1/applications/${application.id}/approve`, {});

  const made = await op.expect(201, 'POST', '/api/v1/tenants', {
    company_code: TENANT.code, name: TENANT.name, responsible_name: '殻 一郎',
    responsible_email: 'kara@shell.example.jp', admin_login: 'kanri',
  });
  people['tenant admin'] = await settlePassword(server.url, { company_code: TENANT.code, login: 'kanri', password: made.initial_password }, PASSWORD);
  const ta = await ApiClient.login(server.url, people['tenant admin']);
  const member = await addUserWithPassword(ta, { login: 'ippan', email: 'ippan@shell.example.jp', roles: ['member'] });
  people.member = await settlePassword(server.url, { company_code: TENANT.code, login: 'ippan', password: member.initial_password }, PASSWORD);

  for (const [role, extra] of [['support', {}], ['auditor', {}], ['shop', { shop_id: shop.id }]]) {
    const staff = await op.expect(201, 'POST', '/api/v1/staff', { login: `${role}-staff`, display_name: `${role} 担当`, roles: [role], ...extra });
    people[role === 'shop' ? 'shop staff' : `operator ${role}`] = await settlePassword(server.url, { login: `${role}-staff`, password: staff.initial_password }, PASSWORD);
  }
  people['operator admin'] = ADMIN;
});

after(() => closeAll(browser, server));

/** A logged-in (or, without credentials, visitor's) browser context that records 404s and console errors. */
async function session(credentials, { viewport = { width: 1280, height: 860 } } = {}) {
  const context = await browser.newContext({ baseURL: server.url, locale: 'ja-JP', timezoneId: 'Asia/Tokyo', viewport });
  context.setDefaultTimeout(10000);
  const page = await context.newPage();
  const problems = [];
  page.on('pageerror', (err) => problems.push(`${page.url()}: page error: ${err.message}`));
  page.on('console', (msg) => {
    if (msg.type() === 'error' || /Content Security Policy|Refused to/i.test(msg.text())) {
      problems.push(`${page.url()}: console ${msg.type()}: ${msg.text()}`);
    }
  });
  page.on('response', (res) => {
    if (res.status() === 404) problems.push(`${page.url()}: 404 for ${res.url()}`);
  });
  if (credentials) {
    await logInByApi(page, server.url, credentials); // the crawl is not about the login screen
  }
  return { context, page, problems };
}

/** Waits until the page and its shell are complete (the person's menu, when logged in). */
async function settled(page, loggedIn) {
  await page.waitForLoadState('networkidle');
  if (loggedIn) await page.locator('#site-header #logout-button').waitFor();
  else await page.locator('#site-header .lang-switch').waitFor();
}

/** The shell as the person sees it, without the current page's mark. */
function shellOf(page) {
  return page.evaluate(() => {
    const copy = (id) => {
      const node = document.getElementById(id).cloneNode(true);
      for (const el of node.querySelectorAll('[aria-current]')) el.removeAttribute('aria-current');
      return node.innerHTML;
    };
    return { header: copy('site-header'), footer: copy('site-footer') };
  });
}

/** Visible same-origin links of the page, as path + query (no fragment). */
function linksOf(page) {
  return page.evaluate(() => [...document.querySelectorAll('a[href]')]
    .filter((a) => a.checkVisibility() && new URL(a.href).origin === location.origin)
    .map((a) => {
      const u = new URL(a.href);
      return { path: u.pathname + u.search, file: a.hasAttribute('download') || u.pathname.startsWith('/api/') };
    }));
}

/** Crawls from start; resolves { pages, menu } (pages visited, in order; the menu's links). */
async function crawl(credentials) {
  const loggedIn = Boolean(credentials);
  const { context, page, problems } = await session(credentials);
  try {
    const start = loggedIn ? '/dashboard' : '/';
    await page.goto(start);
    await settled(page, loggedIn);
    const menu = await page.locator('#main-nav a').evaluateAll((as) => as.map((a) => new URL(a.href).pathname));
    const queue = [start, ...menu];
    const seen = new Set();
    const files = new Set();
    let first = null;
    while (queue.length) {
      const path = queue.shift();
      if (seen.has(path)) continue;
      seen.add(path);
      assert.ok(seen.size <= MAX_PAGES, `more than ${MAX_PAGES} pages: ${[...seen].join(' ')}`);
      const res = await page.goto(path);
      assert.notEqual(res.status(), 404, `${path} answered 404`);
      await settled(page, loggedIn);
      assert.equal(new URL(page.url()).pathname, path.split('?')[0], `${path} sent the person elsewhere`);
      const shell = await shellOf(page);
      if (!first) first = { path, shell };
      assert.equal(shell.header, first.shell.header, `header on ${path} differs from ${first.path}`);
      assert.equal(shell.footer, first.shell.footer, `footer on ${path} differs from ${first.path}`);
      for (const link of await linksOf(page)) {
        if (link.file) files.add(link.path);
        else if (!seen.has(link.path)) queue.push(link.path);
      }
    }
    for (const path of files) {
      const res = await context.request.get(path);
      assert.notEqual(res.status(), 404, `link to ${path} answered 404`);
    }
    assert.deepEqual(problems, [], 'no 404s and no console errors');
    return { pages: [...seen], menu, shell: first.shell };
  } finally {
    await context.close();
  }
}

const expectedMenus = {
  visitor: ['/catalogue', '/'],
  // The account review (issue 11), the support desk's tickets page (issue 13, tickets.use), a
  // member's security page (issue 10 item 15) and the tenant's export (issue 14).
  'operator admin': ['/dashboard', '/operator', '/audit', '/account-review', '/tickets', '/invoices', '/sla-report', '/compliance'],
  'operator support': ['/dashboard', '/tickets', '/invoices'],
  'operator auditor': ['/dashboard', '/audit', '/account-review', '/invoices', '/compliance'],
  'tenant admin': ['/dashboard', '/contracts', '/tenant-settings', '/audit', '/export', '/account-review', '/tickets', '/invoices', '/sla-report'],
  member: ['/dashboard', '/tickets', '/security'],
  'shop staff': ['/dashboard', '/shop', '/tickets', '/invoices'],
};

// The roles' crawls four at a time, each in its own browser context (most of a crawl is waiting
// for the network to fall idle).
describe('every role\'s pages', { concurrency: 4 }, () => {
  for (const role of Object.keys(expectedMenus)) {
    it(`${role}: every page and link of the menu answers, without console errors, under one shell`, async () => {
      const { pages, menu, shell } = await crawl(people[role]);
      assert.deepEqual(menu, expectedMenus[role], 'menu for the role');
      // The status page, the announcements and the privacy policy exist now (issue 12): the
      // footer links them, and the crawl reaches every information page.
      for (const page of ['/status', '/news', '/privacy', '/info?kind=security', '/info?kind=operator']) {
        assert.ok(pages.includes(page), `${page} is reached`);
      }
      assert.ok(pages.includes('/terms?kind=terms'), 'the footer links the terms');
      if (role !== 'visitor') assert.ok(pages.includes('/password') && pages.includes('/security'), 'own account pages reached');
      if (role === 'operator admin') assert.ok(pages.includes('/operator-catalogue') && pages.includes('/operator-reports') && pages.includes('/operator-ops'));
      // Issue 10: the outbox and the operator's particulars are in the console's menu.
      if (role === 'operator admin') assert.ok(pages.includes('/operator-mail') && pages.includes('/operator-profile'));
    });
  }
});

test('screenshots of each role’s main page, 1280 and 390 px, Japanese and English', async () => {
  for (const role of ['visitor', 'operator admin', 'tenant admin', 'member', 'shop staff']) {
    for (const width of [1280, 390]) {
      const { context, page, problems } = await session(people[role], { viewport: { width, height: 860 } });
      try {
        const main = role === 'visitor' ? '/' : role === 'shop staff' ? '/shop' : role === 'operator admin' ? '/operator' : '/dashboard';
        await page.goto(main);
        await settled(page, role !== 'visitor');
        const name = role.replace(' ', '-');
        await page.screenshot({ path: await screenshotPath(`shell-${name}-ja-${width}.png`), fullPage: true });
        await page.locator('#site-header [data-lang-choice="en"]').click();
        assert.equal(await page.locator('html').getAttribute('lang'), 'en');
        await page.screenshot({ path: await screenshotPath(`shell-${name}-en-${width}.png`), fullPage: true });
        await page.locator('#site-header [data-lang-choice="ja"]').click();
        assert.deepEqual(problems, []);
      } finally {
        await context.close();
      }
    }
  }
});
