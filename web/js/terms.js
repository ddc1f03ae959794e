// The public documents (?kind=terms | important-matters | prohibited-acts): the version in force
// and the earlier ones; the prohibited-acts page also takes reports.

import { t } from './i18n.js';
import { API, get } from './api.js';
import { cell, initPage, labelCells, showError } from './ui.js';
import { dateEl, documentView, el } from './market.js';
import { setupReport } from './report.js';

initPage();

const $ = (id) => document.getElementById(id);
const KINDS = ['terms', 'important-matters', 'prohibited-acts'];
const COLS = ['doc.col.version', 'doc.col.title', 'doc.col.effective', 'doc.col.show'];
const kind = KINDS.includes(new URLSearchParams(window.location.search).get('kind'))
  ? new URLSearchParams(window.location.search).get('kind') : 'terms';
let data = null;

function renderHeading() {
  const name = t(`doc.kind.${kind}`);
  $('doc-heading').textContent = name;
  document.title = `${name} | anshin`;
  for (const a of document.querySelectorAll('[data-kind]')) {
    if (a.dataset.kind === kind) a.setAttribute('aria-current', 'page');
    else a.removeAttribute('aria-current');
  }
}

async function showVersion(v) {
  try {
    const res = await get(`${API}/document-versions/${v.id}`);
    const view = $('version-view');
    view.replaceChildren(documentView(res.document || res.version || res));
    view.scrollIntoView({ block: 'nearest' });
  } catch (err) {
    showError($('page-error'), err);
  }
}

function render() {
  renderHeading();
  if (!data) return;
  $('in-force-card').hidden = false;
  $('in-force').replaceChildren(data.in_force ? documentView(data.in_force) : el('p', { className: 'muted', textContent: t('doc.none') }));
  const versions = data.versions || [];
  $('versions-card').hidden = versions.length === 0;
  $('version-rows').replaceChildren(...versions.map((v) => {
    const eff = cell('', 'nowrap');
    eff.append(dateEl(v.effective_on));
    const btn = el('button', { type: 'button', className: 'btn btn-secondary btn-sm', textContent: t('doc.show'),
      'aria-label': t('doc.show_named', { version: v.version }) });
    btn.addEventListener('click', () => showVersion(v));
    const act = cell('');
    act.append(btn);
    return labelCells(el('tr', {}, cell(t('market.doc.version', { version: v.version })), cell(v.title), eff, act), COLS);
  }));
}

async function load() {
  renderHeading();
  try {
    data = await get(`${API}/documents/${kind}`);
    render();
  } catch (err) {
    showError($('page-error'), err);
  } finally {
    $('loading').hidden = true;
  }
}

if (kind === 'prohibited-acts') setupReport();
document.addEventListener('anshin:lang', render);
load();
