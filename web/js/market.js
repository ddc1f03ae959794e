// Small helpers shared by the marketplace pages: yen amounts, calendar dates (JST), definition
// lists and element building.

import { getLang, markJapanese, t } from './i18n.js';

/** Builds an element: el('td', { className: 'x' }, 'text', child…). */
export function el(tag, props = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(props)) {
    if (v === undefined || v === null || v === false) continue;
    if (k === 'className' || k === 'textContent' || k === 'hidden' || k === 'disabled' || k === 'value' || k === 'type')
      node[k] = v;
    else node.setAttribute(k, v === true ? '' : String(v));
  }
  for (const c of children) if (c !== null && c !== undefined) node.append(c);
  return node;
}

/** An amount in yen: "1,100円" / "¥1,100". */
export function yen(n) {
  if (n === null || n === undefined || n === '') return '—';
  const num = new Intl.NumberFormat(getLang() === 'en' ? 'en-US' : 'ja-JP').format(Number(n));
  // A negative amount in English is "-¥1,000" (as core/format.c writes it), not "¥-1,000".
  if (getLang() === 'en') return Number(n) < 0 ? `-¥${num.slice(1)}` : `¥${num}`;
  return `${num}円`;
}

/** A calendar date (YYYY-MM-DD) as text: 2025年4月1日 ("Apr 1, 2025" in English, as mails and PDFs write it). */
export function dateText(ymd) {
  if (!ymd) return '—';
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(ymd);
  if (!m) return String(ymd);
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  return getLang() === 'en'
    ? new Intl.DateTimeFormat('en-US', { year: 'numeric', month: 'short', day: 'numeric', timeZone: 'UTC' })
      .format(Date.UTC(y, mo - 1, d))
    : `${y}年${mo}月${d}日`;
}

/** A calendar date (YYYY-MM-DD) as <time datetime="…">2025年4月1日</time> (dateText). */
export function dateEl(ymd) {
  if (!ymd) return document.createTextNode('—');
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(ymd);
  if (!m) return document.createTextNode(String(ymd));
  return el('time', { datetime: `${m[1]}-${m[2]}-${m[3]}`, textContent: dateText(ymd) });
}

/** A month (YYYY-MM) as text: 2026年11月 ("November 2026" in English). */
export function monthText(ym) {
  const m = /^(\d{4})-(\d{2})$/.exec(ym ?? '');
  if (!m) return ym ? String(ym) : '—';
  const [y, mo] = [Number(m[1]), Number(m[2])];
  if (getLang() !== 'en') return `${y}年${mo}月`;
  return new Intl.DateTimeFormat('en-US', { month: 'long', year: 'numeric', timeZone: 'UTC' }).format(Date.UTC(y, mo - 1, 1));
}

/** A count or measure with the thousands separator of the current language (12,345 / 1,234.5). */
export function numText(n, digits = 0) {
  if (n === null || n === undefined || n === '' || Number.isNaN(Number(n))) return '—';
  return new Intl.NumberFormat(getLang() === 'en' ? 'en-US' : 'ja-JP', { minimumFractionDigits: digits, maximumFractionDigits: digits })
    .format(Number(n));
}

/** Today in Japan time, YYYY-MM-DD. */
export function todayJST() {
  return new Date(Date.now() + 9 * 3600 * 1000).toISOString().slice(0, 10);
}

/** A <dl class="kv"> from [labelKey, value (string or Node)] pairs. */
export function kvList(rows, className = 'kv') {
  const dl = el('dl', { className });
  for (const [key, value] of rows) {
    const dd = el('dd');
    dd.append(value instanceof Node ? value : String(value ?? '—'));
    dl.append(el('div', { className: 'kv-row' }, el('dt', { textContent: t(key) }), dd));
  }
  return markJapanese(dl);
}

/** "10%" with the label of the rate. */
export function taxRate(rate) {
  return t('market.tax_rate_value', { rate });
}

/** Name of a contract / application status. */
export function statusText(status) {
  const key = `market.status.${status}`;
  const s = t(key);
  return s === key ? String(status) : s;
}

/** The in-force version of a public document (terms, important-matters, prohibited-acts). */
export async function fetchDocument(get, kind) {
  return get(`/api/v1/documents/${encodeURIComponent(kind)}`);
}

/** The text of a document version: title, version/date line and the body kept as written. */
export function documentView(doc) {
  const wrap = el('article', { className: 'doc' });
  wrap.append(el('h3', { className: 'subsection-title', textContent: doc.title }));
  const meta = el('p', { className: 'muted doc-meta' });
  meta.append(t('market.doc.version', { version: doc.version }), ' / ', t('market.doc.effective'), ' ', dateEl(doc.effective_on));
  wrap.append(meta, el('div', { className: 'doc-body', textContent: doc.body }));
  return wrap;
}
