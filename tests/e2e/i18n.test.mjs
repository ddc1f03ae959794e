// Static checks of the web UI (no server, no browser): the ja and en dictionaries have the same
// keys, every key the pages and scripts use exists, and nothing inline would break under the CSP.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile, readdir } from 'node:fs/promises';
import path from 'node:path';
import { REPO } from './harness.mjs';

const WEB = path.join(REPO, 'web');

async function load(rel) {
  return readFile(path.join(WEB, rel), 'utf8');
}

async function filesIn(dir, ext) {
  return (await readdir(path.join(WEB, dir))).filter((f) => f.endsWith(ext)).map((f) => path.join(dir, f));
}

// i18n.js has no imports, so it can be loaded as a data: module outside the browser.
const { messages } = await import(`data:text/javascript,${encodeURIComponent(await load('js/i18n.js'))}`);

test('the Japanese and English dictionaries have the same keys', () => {
  const ja = Object.keys(messages.ja).sort();
  const en = Object.keys(messages.en).sort();
  assert.deepEqual(ja.filter((k) => !en.includes(k)), [], 'keys missing in en');
  assert.deepEqual(en.filter((k) => !ja.includes(k)), [], 'keys missing in ja');
  for (const k of ja) assert.notEqual(messages.ja[k].trim(), '', `empty ja text for ${k}`);
});

test('every key used by the pages and scripts exists', async () => {
  const used = new Set();
  for (const file of await filesIn('.', '.html')) {
    const html = await load(file);
    for (const m of html.matchAll(/data-i18n(?:-placeholder|-aria-label|-title)?="([^"]+)"/g)) used.add(m[1]);
    // The page frame (js/page-frame.js) is declared by the keys of its title, lead and back link,
    // tables, fields, secret rows and panels (js/components.js) by their caption, column, label,
    // heading, note, warning and button keys.
    for (const m of html.matchAll(/data-(?:heading|lead|back-key|caption|label-key|copy-key|heading-key|note-key|warning-key|ok-key|cancel-key|field|hint-key|submit|legend)="([^"]+)"/g)) used.add(m[1]);
    for (const m of html.matchAll(/data-columns="([^"]+)"/g)) for (const key of m[1].split(/\s+/)) used.add(key);
    // "id key" pairs: a card's or subsection's title, a card head, an empty list's note; a
    // select's options as value=key.
    for (const m of html.matchAll(/data-(?:title|titled|card-head|empty)="[^"\s]+ ([^"\s]+)[^"]*"/g)) used.add(m[1]);
    for (const m of html.matchAll(/data-options="([^"]+)"/g)) for (const pair of m[1].split(/\s+/)) used.add(pair.slice(pair.indexOf('=') + 1));
  }
  for (const file of await filesIn('js', '.js')) {
    const js = await load(file);
    for (const m of js.matchAll(/\bt\('([a-z0-9_.]+)'/g)) used.add(m[1]);
    for (const m of js.matchAll(/setBusy\([^,]+, true, '([a-z0-9_.]+)'\)/g)) used.add(m[1]);
    for (const m of js.matchAll(/(?:\bkey|'data-i18n(?:-aria-label)?'): '([a-z0-9_.]+)'/g)) used.add(m[1]);
  }
  const missing = [...used].filter((k) => !(k in messages.ja));
  assert.deepEqual(missing, []);
  assert.ok(used.size > 50, `found ${used.size} keys`);
});

test('pages carry no inline script, style or event handler (strict CSP)', async () => {
  for (const file of await filesIn('.', '.html')) {
    const html = await load(file);
    assert.doesNotMatch(html, /<script(?![^>]*\bsrc=)[^>]*>/i, `${file}: inline <script>`);
    assert.doesNotMatch(html, /<style[\s>]/i, `${file}: <style> element`);
    assert.doesNotMatch(html, /\sstyle\s*=/i, `${file}: style attribute`);
    assert.doesNotMatch(html, /\son[a-z]+\s*=/i, `${file}: inline event handler`);
    assert.doesNotMatch(html, /(src|href)="(https?:)?\/\//i, `${file}: third-party resource`);
    assert.match(html, /<html lang="ja">/, `${file}: Japanese by default`);
    // Skip link, header, menu, language switch and footer come from js/shell.js (one copy).
    assert.match(html, /<body [^>]*data-shell="(public|session)"/, `${file}: shell kind`);
    assert.doesNotMatch(html, /class="skip-link"|data-lang-choice|class="nav-link"[^>]*href="\/dashboard"|id="site-header"|id="site-footer"/, `${file}: copy of the shell`);
  }
  const shell = await load('js/shell.js');
  assert.match(shell, /h\('header', \{ id: 'site-header', className: 'site-header' \}\)/, 'shell: the header element');
  assert.match(shell, /h\('footer', \{ id: 'site-footer', className: 'site-footer' \}\)/, 'shell: the footer element');
  assert.match(shell, /className: 'skip-link', href: '#main'/, 'shell: skip link');
  assert.match(shell, /'data-lang-choice': 'en'/, 'shell: language switch');
});

test('pages carry no text of their own: every string comes from the dictionary (issue 9, item 5)', async () => {
  // scripts/web-strip-text.py removes what is left after a merge.
  for (const file of await filesIn('.', '.html')) {
    const html = (await load(file)).replace(/<!--.*?-->/gs, '');
    assert.doesNotMatch(html, /data-i18n="[^"]+"[^<>]*>[^<\s]/, `${file}: text beside a data-i18n key`);
    for (const attr of ['placeholder', 'aria-label', 'title']) {
      assert.doesNotMatch(html, new RegExp(`<[^>]*\\s${attr}="[^"]*"[^>]*data-i18n-${attr}=|<[^>]*data-i18n-${attr}=[^>]*\\s${attr}="`), `${file}: ${attr} beside its key`);
    }
    const japanese = html.replace(/・/g, '').match(/[\u3040-\u30ff\u3400-\u9fff\uff01-\uff60]+/g);
    assert.equal(japanese, null, `${file}: Japanese text outside the dictionary: ${japanese}`);
  }
});
