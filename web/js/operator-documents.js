// Publishing documents on the operator console (TOS-22, MARK-4-4-1): the terms of use, the
// important-matters explanation and the prohibited acts. The version in force of each is listed; a
// material change needs [market] document_notice_days of notice (30 by default): the earliest date
// under that default is shown, and the server's 422 detail when the date is too early.

import { t } from './i18n.js';
import { API, get, post } from './api.js';
import { dateEl, el } from './market.js';
import { daysFromToday, earliestLine, earliestText, onSubmit, reloadThenNotice } from './operator-ui.js';

const $ = (id) => document.getElementById(id);
const KINDS = ['terms', 'important-matters', 'prohibited-acts'];
const NOTICE_DAYS = 30; // the default of [market] document_notice_days

let docs = {};

function versionText(v) {
  const span = el('span');
  span.append(t('market.doc.version', { version: v.version }), ' ', v.title ? `「${v.title}」` : '', ' / ',
    t('market.doc.effective'), ' ', dateEl(v.effective_on));
  return span;
}

function renderCurrent() {
  const dl = $('docs-current');
  dl.replaceChildren();
  for (const kind of KINDS) {
    const d = docs[kind];
    const dd = el('dd');
    if (d?.in_force) dd.append(versionText(d.in_force));
    else dd.append(t('op.docs.none_in_force'));
    const next = (d?.versions || []).find((v) => d.in_force ? v.version > d.in_force.version : true);
    if (next) dd.append(el('span', { className: 'cell-sub' }, t('op.docs.announced'), ' ', versionText(next)));
    dl.append(el('div', { className: 'kv-row' }, el('dt', { textContent: t(`op.docs.kind.${kind}`) }), dd));
  }
}

function renderHint() {
  const hint = $('docs-effective-hint');
  if ($('docs-material').checked) {
    hint.replaceChildren(...earliestText(daysFromToday(NOTICE_DAYS), NOTICE_DAYS));
    $('docs-effective').min = daysFromToday(NOTICE_DAYS);
  } else {
    hint.textContent = t('op.docs.today_or_later');
    $('docs-effective').min = daysFromToday(0);
  }
}

/** Loads the three documents (the version in force and the announced ones). */
export async function loadDocuments() {
  const all = await Promise.all(KINDS.map((k) => get(`${API}/documents/${k}`).catch(() => null)));
  docs = Object.fromEntries(KINDS.map((k, i) => [k, all[i]]));
  renderCurrent();
}

export function setupDocuments() {
  renderHint();
  $('docs-material').addEventListener('change', renderHint);
  document.addEventListener('anshin:lang', () => {
    renderHint();
    renderCurrent();
  });
  const form = $('docs-form');
  onSubmit(form, $('docs-error'), async (v) => {
    $('docs-status').replaceChildren();
    let res;
    try {
      res = await post(`${API}/documents`, {
        kind: v.kind, title: v.title, body: v.body, effective_on: v.effective_on, material: v.material,
      });
    } catch (err) {
      if (err.status === 422) err.extra = [earliestLine(daysFromToday(NOTICE_DAYS), NOTICE_DAYS)];
      throw err;
    }
    const d = res?.document ?? {};
    form.reset();
    renderHint();
    await reloadThenNotice(loadDocuments, t(v.material ? 'op.docs.published_material' : 'op.docs.published', {
      kind: t(`op.docs.kind.${v.kind}`), version: d.version ?? '', date: dateEl(d.effective_on ?? v.effective_on).textContent,
    }), $('docs-status'));
  });
}
