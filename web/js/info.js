// Public information pages (/privacy, /info?kind=security|environment|support|operator): the
// version in force in the reader's language, and every version with its effective date.

import { getLang, t } from './i18n.js';
import { API, get } from './api.js';
import { initPage, loadPage } from './ui.js';
import { dateEl, el } from './market.js';

initPage();

const $ = (id) => document.getElementById(id);
const KINDS = ['privacy', 'security', 'environment', 'support', 'operator'];
// /privacy is served with this same page (the server maps it); other kinds come as ?kind=.
const asked = window.location.pathname === '/privacy' ? 'privacy' : new URLSearchParams(window.location.search).get('kind');
const kind = KINDS.includes(asked) ? asked : 'privacy';
let data = null;
let shown = null;

function text(v) {
  const en = getLang() === 'en';
  return { title: (en && v.title_en) || v.title, body: (en && v.body_en) || v.body };
}

function render() {
  const name = t(`info.kind.${kind}`);
  document.title = `${name} | anshin`;
  for (const a of document.querySelectorAll('[data-info]')) {
    if (a.dataset.info === kind) a.setAttribute('aria-current', 'page');
    else a.removeAttribute('aria-current');
  }
  if (!data) return;
  const v = shown || data.in_force;
  $('info-heading').textContent = v ? text(v).title : name;
  $('info-effective').textContent = v ? t('info.effective', { date: dateEl(v.effective_on).textContent, version: v.version }) : '';
  $('info-card').hidden = !v;
  $('info-body').textContent = v ? text(v).body : '';
  $('info-versions-card').hidden = data.versions.length < 2;
  $('info-versions').replaceChildren(...data.versions.map((x) => {
    const b = el('button', { type: 'button', className: 'btn btn-secondary btn-sm',
      textContent: t('info.version', { version: x.version, date: dateEl(x.effective_on).textContent }) });
    b.addEventListener('click', () => { shown = x; render(); });
    return el('li', {}, b);
  }));
}

async function load() {
  render();
  await loadPage(async () => {
    data = await get(`${API}/info?kind=${kind}`);
    render();
  });
}

document.addEventListener('anshin:lang', render);
load();
