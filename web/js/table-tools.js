// Search, sort, paging and CSV for a table of the operator console, on the rows the page loaded
// (issue 10 item 11). The toolbar goes into a <div class="table-tools"> and the pager into a
// <nav class="pager"> of the page; the page gives the columns (label key and value of a row) and
// renders the rows of the current page itself.

import { t } from './i18n.js';
import { el } from './market.js';

const PAGE = 20;

/** A CSV field: quoted when needed, and a leading = + - @ neutralised (spreadsheet formulas). */
function csvField(v) {
  let s = v === null || v === undefined ? '' : String(v);
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/**
 * Wires a table's tools. spec: { id (prefix of the controls' ids), tools (element), pager (element),
 * columns: [{ col, labelKey, value(item) (text or number, for search / sort / CSV), sort?: false }],
 * defaultSort: key, defaultDesc: bool, csvName: file name, render(items of the page, all matches) }.
 * Returns { setItems(items), refresh() } (refresh re-renders, e.g. after a language switch).
 */
export function tableTools(spec) {
  let items = [];
  let page = 0;
  const state = { q: '', sort: spec.defaultSort, desc: Boolean(spec.defaultDesc) };

  const search = el('input', { id: `${spec.id}-q`, type: 'search', name: 'q', autocomplete: 'off' });
  const sortSel = el('select', { id: `${spec.id}-sort`, name: 'sort' });
  const dir = el('select', { id: `${spec.id}-dir`, name: 'dir' });
  const csv = el('button', { type: 'button', className: 'btn btn-secondary btn-sm' });
  const labels = {
    q: el('label', { for: search.id }), sort: el('label', { for: sortSel.id }), dir: el('label', { for: dir.id }),
  };
  spec.tools.replaceChildren(
    el('div', { className: 'field table-tools-search' }, labels.q, search),
    el('div', { className: 'field' }, labels.sort, sortSel),
    el('div', { className: 'field' }, labels.dir, dir),
    el('div', { className: 'field table-tools-csv' }, csv));
  const info = el('span', { className: 'pager-info', 'aria-live': 'polite' });
  const prev = el('button', { type: 'button', className: 'btn btn-secondary btn-sm' });
  const next = el('button', { type: 'button', className: 'btn btn-secondary btn-sm' });
  spec.pager.replaceChildren(prev, info, next);

  function texts() {
    labels.q.textContent = t('table.search');
    labels.sort.textContent = t('table.sort');
    labels.dir.textContent = t('table.order');
    search.placeholder = t('table.search_hint');
    csv.textContent = t('table.csv');
    prev.textContent = t('table.prev');
    next.textContent = t('table.next');
    sortSel.replaceChildren(...spec.columns.filter((c) => c.sort !== false)
      .map((c) => el('option', { value: c.col, textContent: t(c.labelKey) })));
    sortSel.value = state.sort;
    dir.replaceChildren(el('option', { value: 'asc', textContent: t('table.asc') }), el('option', { value: 'desc', textContent: t('table.desc') }));
    dir.value = state.desc ? 'desc' : 'asc';
    spec.pager.setAttribute('aria-label', t('table.pager'));
  }

  function matches() {
    const q = state.q.toLowerCase();
    const col = spec.columns.find((c) => c.col === state.sort) ?? spec.columns[0];
    const rows = q ? items.filter((it) => spec.columns.some((c) => String(c.value(it) ?? '').toLowerCase().includes(q))) : [...items];
    rows.sort((a, b) => {
      const x = col.value(a) ?? '';
      const y = col.value(b) ?? '';
      const r = typeof x === 'number' && typeof y === 'number' ? x - y : String(x).localeCompare(String(y), 'ja');
      return state.desc ? -r : r;
    });
    return rows;
  }

  function render() {
    const rows = matches();
    const pages = Math.max(1, Math.ceil(rows.length / PAGE));
    page = Math.min(page, pages - 1);
    spec.render(rows.slice(page * PAGE, page * PAGE + PAGE), rows);
    info.textContent = rows.length ? t('table.page_info', { from: page * PAGE + 1, to: Math.min(rows.length, page * PAGE + PAGE), n: rows.length }) : '';
    prev.disabled = page === 0;
    next.disabled = page >= pages - 1;
    spec.pager.hidden = rows.length <= PAGE;
    csv.disabled = rows.length === 0;
  }

  function download() {
    const lines = [spec.columns.map((c) => csvField(t(c.labelKey))).join(',')];
    for (const it of matches()) lines.push(spec.columns.map((c) => csvField(c.value(it))).join(','));
    // A BOM, so that Excel in Japan opens the UTF-8 file with its Japanese intact.
    const blob = new Blob(['\ufeff', lines.join('\r\n'), '\r\n'], { type: 'text/csv;charset=utf-8' });
    const a = el('a', { href: URL.createObjectURL(blob), download: spec.csvName });
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(a.href), 1000);
  }

  search.addEventListener('input', () => { state.q = search.value.trim(); page = 0; render(); });
  sortSel.addEventListener('change', () => { state.sort = sortSel.value; page = 0; render(); });
  dir.addEventListener('change', () => { state.desc = dir.value === 'desc'; page = 0; render(); });
  prev.addEventListener('click', () => { page -= 1; render(); });
  next.addEventListener('click', () => { page += 1; render(); });
  csv.addEventListener('click', download);
  texts();

  return {
    setItems(list) {
      items = list;
      render();
    },
    refresh() {
      texts();
      render();
    },
  };
}
