// Every page for every role (visitor, operator admin, tenant admin, member, shop staff), found by
// following the menu and the visible same-origin links like shell.test.mjs does:
//   - issue 10 item 12: no horizontal overflow on a 390 px phone screen (the document is no wider
//     than the viewport, in Japanese and English; menu labels on one line);
//   - issue 9 item 5: at 1280 px and at 390 px the content of <main> stays within the width of the
//     header and the footer (a wide table scrolls inside its own .table-wrap);
//   - issue 10 item 16: axe-core (the npm package, run inside the page) reports 0 serious or
//     critical violations at 1280 px, in Japanese and English.
// The pages have data to show (a contract, a pending application, users).
// With ANSHIN_E2E_SCREENS=1 each page is also photographed in ja and en at 1280 and 390 px
// (tests/out/e2e/walk-<role>-<page>-<lang>-<width>.png) for a person to look at.

import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import {
  addUserWithPassword, ADMIN, ApiClient, applyConfirmed, closeAll, logInByApi, publishOffer, screenshotPath, settlePassword, startWithBrowser,
} from './harness.mjs';

const PASSWORD = 'Hikari-Tsuki-77#';
const MAX_PAGES = 40;
const SCREENS = process.env.ANSHIN_E2E_SCREENS === '1';
const AXE_SOURCE = readFile(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

let server;
let browser;
const people = { visitor: null };

before(async () => {
  ({ server, browser } = await startWithBrowser());

  const op = await ApiClient.login(server.url, ADMIN);
  const { terms, shop, plan } = await publishOffer(op);
  const base = {
    address: '東京都港区芝公園4-2-8', phone: '03-0000-0000', plan_id: plan.id, terms_document_id: terms.id, agree: true,
  };
  const approved = await applyConfirmed(op, {
    ...base, company_name: '株式会社さくらインターナショナルホールディングス', company_code: 'SAKURA-01',
    responsible_name: '桜井 一郎', responsible_email: 'sakurai@sakura.example.jp', admin_login: 'kanri',
  });
  await op.expect(200, 'POST', `/api/v1/applications/${approved.id}/approve`, {});
  await applyConfirmed(op, {
    ...base, company_name: '有限会社まつもとエンタープライズ', company_code: 'MATSU-01',
    responsible_name: '松本 花子', responsible_email: 'matsu@matsu.example.jp', admin_login: 'matsu',
  });
  // The approved tenant's admin: the initial password from the outbox while the mail carries one;
  // else (a set-password link) a tenant registered by the operator, without a contract.
  let password = null;
  for (const m of (await op.expect(200, 'GET', '/api/v1/mail?limit=500')).items) {
    if (m.to !== 'sakurai@sakura.example.jp') continue;
    const { mail } = await op.expect(200, 'GET', `/api/v1/mail/${m.id}?access_reason=TEST-READ`); // a tenant's mail: a reason (WP-18)
    password ??= /初期パスワード\s*：\s*(\S+)/.exec(mail.body_text || '')?.[1] ?? null;
  }
  if (password) {
    people['tenant admin'] = await settlePassword(server.url, { company_code: 'SAKURA-01', login: 'kanri', password }, PASSWORD);
  } else {
    const made = await op.expect(201, 'POST', '/api/v1/tenants', {
      company_code: 'SHELL-01', name: '株式会社しぇる', responsible_name: '殻 一郎', responsible_email: 'kara@shell.example.jp', admin_login: 'kanri',
    });
    people['tenant admin'] = await settlePassword(server.url, { company_code: 'SHELL-01', login: 'kanri', password: made.initial_password }, PASSWORD);
  }
  const ta = await ApiClient.login(server.url, people['tenant admin']);
  const member = await addUserWithPassword(ta, { login: 'ippan', email: 'ippan@sakura.example.jp', roles: ['member'] });
  people.member = await settlePassword(server.url, { company_code: people['tenant admin'].company_code, login: 'ippan', password: member.initial_password }, PASSWORD);
  const staff = await op.expect(201, 'POST', '/api/v1/staff', { login: 'shop-staff', display_name: '店舗 担当', roles: ['shop'], shop_id: shop.id });
  people['shop staff'] = await settlePassword(server.url, { login: 'shop-staff', password: staff.initial_password }, PASSWORD);
  people['operator admin'] = ADMIN;
});

after(() => closeAll(browser, server));

async function session(credentials, width) {
  const context = await browser.newContext({ baseURL: server.url, locale: 'ja-JP', timezoneId: 'Asia/Tokyo', viewport: { width, height: 860 } });
  context.setDefaultTimeout(10000);
  const page = await context.newPage();
  if (credentials) {
    await logInByApi(page, server.url, credentials); // the walk is not about the login screen
  }
  return { context, page };
}

async function settled(page, loggedIn) {
  await page.waitForLoadState('networkidle');
  if (loggedIn) await page.locator('#site-header #logout-button').waitFor();
  else await page.locator('#site-header .lang-switch').waitFor();
  await page.locator('#loading').waitFor({ state: 'hidden' }).catch(() => {});
}

function linksOf(page) {
  return page.evaluate(() => [...document.querySelectorAll('a[href]')]
    .filter((a) => a.checkVisibility() && new URL(a.href).origin === location.origin && !a.hasAttribute('download')
      && !new URL(a.href).pathname.startsWith('/api/'))
    .map((a) => { const u = new URL(a.href); return u.pathname + u.search; }));
}

/** Visits every page of the role and checks each in ja and en: overflow at 390 px, axe at 1280 px. */
async function everyPage(role) {
  const credentials = people[role];
  const loggedIn = Boolean(credentials);
  const { context, page } = await session(credentials, 1280);
  const failures = [];
  try {
    const start = loggedIn ? '/dashboard' : '/';
    const queue = [start];
    const seen = new Set();
    while (queue.length) {
      const path = queue.shift();
      if (seen.has(path)) continue;
      seen.add(path);
      assert.ok(seen.size <= MAX_PAGES, `more than ${MAX_PAGES} pages`);
      await page.goto(path);
      await settled(page, loggedIn);
      for (const lang of ['ja', 'en']) {
        await page.locator(`#site-header [data-lang-choice="${lang}"]`).click();
        await page.waitForFunction((l) => document.documentElement.lang === l, lang);
        await page.waitForLoadState('networkidle'); // pages reload their lists in the new language
        await page.waitForTimeout(150);
        // One visit, both checks: the phone width, then the desktop width.
        await page.setViewportSize({ width: 390, height: 860 });
        failures.push(...(await overflow(page, `${path} (${lang}, 390 px)`)));
        failures.push(...(await withinShell(page, `${path} (${lang}, 390 px)`)));
        await shot(page, role, path, lang, 390);
        await page.setViewportSize({ width: 1280, height: 860 });
        failures.push(...(await withinShell(page, `${path} (${lang}, 1280 px)`)));
        failures.push(...(await axe(page, `${path} (${lang}, 1280 px)`)));
        await shot(page, role, path, lang, 1280);
      }
      await page.locator('#site-header [data-lang-choice="ja"]').click();
      for (const link of await linksOf(page)) if (!seen.has(link)) queue.push(link);
    }
    return { pages: [...seen], failures };
  } finally {
    await context.close();
  }
}

async function overflow(page, where) {
  // Menu labels stay on one line (they broke mid-word on phones).
  const broken = await page.evaluate(() => [...document.querySelectorAll('#main-nav a, #section-nav a, .section-tab')]
    .filter((a) => a.checkVisibility() && a.firstChild)
    .filter((a) => {
      const r = document.createRange();
      r.selectNodeContents(a);
      return new Set([...r.getClientRects()].map((x) => Math.round(x.top))).size > 1;
    }).map((a) => a.textContent));
  if (broken.length) return [`${where}: menu labels on more than one line: ${broken.join(', ')}`];
  const found = await page.evaluate(() => {
    const vw = document.documentElement.clientWidth;
    if (document.documentElement.scrollWidth <= vw) return null;
    // Name the widest elements that stick out, for the message.
    const out = [];
    for (const el of document.querySelectorAll('body *')) {
      const r = el.getBoundingClientRect();
      if (r.right > vw + 1 && el.checkVisibility() && !el.closest('.table-wrap')) {
        out.push(`${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ''}.${[...el.classList].join('.')} right=${Math.round(r.right)}`);
      }
    }
    return { width: document.documentElement.scrollWidth, vw, out: out.slice(0, 6) };
  });
  return found ? [`${where}: page is ${found.width} px wide on a ${found.vw} px screen: ${found.out.join(', ')}`] : [];
}

/**
 * The page's content is as wide as the header and the footer (the invoices and operator pages used
 * a wider container than their header), and nothing in <main> sticks out of it except inside a
 * container that scrolls on its own (.table-wrap).
 */
async function withinShell(page, where) {
  const found = await page.evaluate(() => {
    const box = (sel) => document.querySelector(sel)?.getBoundingClientRect();
    const head = box('#site-header > .container');
    const body = box('#main > .container');
    const foot = box('#site-footer > .container');
    if (!head || !body) return null;
    const out = [];
    // A narrow form (a .container.narrow) may be narrower than the header, never wider.
    const inside = (a, b) => a.left >= b.left - 1 && a.right <= b.right + 1;
    if (!inside(body, head)) out.push(`main ${Math.round(body.left)}-${Math.round(body.right)} vs header ${Math.round(head.left)}-${Math.round(head.right)}`);
    if (foot && Math.abs(foot.width - head.width) > 1) out.push(`footer ${Math.round(foot.left)}-${Math.round(foot.right)} vs header ${Math.round(head.left)}-${Math.round(head.right)}`);
    const scrolls = (e) => {
      for (let p = e.parentElement; p && p.id !== 'main'; p = p.parentElement) {
        if (/(auto|scroll|hidden)/.test(getComputedStyle(p).overflowX)) return true;
      }
      return false;
    };
    for (const e of document.querySelectorAll('#main *')) {
      if (!e.checkVisibility() || scrolls(e)) continue;
      const r = e.getBoundingClientRect();
      if (r.width && (r.right > head.right + 1 || r.left < head.left - 1)) {
        out.push(`${e.tagName.toLowerCase()}${e.id ? `#${e.id}` : ''}${[...e.classList].map((c) => `.${c}`).join('')} ${Math.round(r.left)}-${Math.round(r.right)}`);
      }
      if (out.length >= 6) break;
    }
    return out;
  });
  return found?.length ? [`${where}: wider than the header: ${found.join(', ')}`] : [];
}

async function shot(page, role, path, lang, width) {
  if (!SCREENS) return;
  const name = `${role}-${path}`.replace(/[^A-Za-z0-9-]+/g, '-').replace(/-+/g, '-');
  await page.screenshot({ path: await screenshotPath(`walk-${name}-${lang}-${width}.png`), fullPage: true });
}

async function axe(page, where) {
  const loaded = await page.evaluate(() => typeof window.axe !== 'undefined');
  if (!loaded) await page.evaluate(await AXE_SOURCE); // evaluate is not subject to the page's CSP
  const violations = await page.evaluate(async () => {
    const res = await window.axe.run(document, { resultTypes: ['violations'] });
    return res.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => `${v.id} (${v.impact}): ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(' | ')}`);
  });
  return violations.map((v) => `${where}: ${v}`);
}

const ROLES = ['visitor', 'operator admin', 'tenant admin', 'member', 'shop staff'];

// The roles' walks four at a time, each in its own browser context: most of a walk is waiting for
// the network to fall idle after a page load or a language switch.
describe('every page of each role', { concurrency: 4 }, () => {
  for (const role of ROLES) {
    it(`every page of the ${role}: no horizontal overflow at 390 px (issue 10 item 12), no serious or critical axe violation (item 16)`, async () => {
      const { pages, failures } = await everyPage(role);
      assert.ok(pages.length >= 2, `pages visited: ${pages.join(' ')}`);
      assert.deepEqual(failures, []);
    });
  }
});
