// The stylesheet is read as its author wrote it: web/css/app.css has no nested rules, so a rule
// that Chromium parses with rules inside it means a brace was lost (everything after it would be
// nested under one selector and silently stop applying — it happened once where two style blocks
// met, and the status page's availability bars disappeared). Chromium's own CSS parser decides.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { closeAll, startWithBrowser, withPage } from './harness.mjs';

let server;
let browser;

before(async () => {
  ({ server, browser } = await startWithBrowser({ admins: [] }));
});

after(() => closeAll(browser, server));

test('every rule of app.css is a top-level rule: no brace is missing', async () => {
  await withPage(browser, server, async (page) => {
    await page.goto('/');
    const found = await page.evaluate(() => {
      const sheet = [...document.styleSheets].find((s) => (s.href || '').endsWith('/css/app.css'));
      if (!sheet) return { missing: true };
      const nested = [];
      const walk = (rules) => {
        for (const r of rules) {
          if (r instanceof CSSStyleRule && r.cssRules && r.cssRules.length) nested.push(r.selectorText);
          else if (r.cssRules) walk(r.cssRules);
        }
      };
      walk(sheet.cssRules);
      return { count: sheet.cssRules.length, nested };
    });
    assert.ok(!found.missing, 'the page links /css/app.css');
    assert.ok(found.count > 100, `only ${found.count} rules parsed`);
    assert.deepEqual(found.nested, [], 'rules with rules nested inside them');
  }, { failureShot: 'stylesheet-failure.png' });
});
