// A deletion certificate as an HTML page (SLA-14): the company, contracts, reason, when its data
// and its data key were destroyed, the rows deleted per kind, the backups that held the data and
// when the last of them ages out, the approval, and the signed PDF to download.

import { t, formatJST } from './i18n.js';
import { API, get } from './api.js';
import { initPage, pagePerson, sessionLost, showError } from './ui.js';
import { el, kvList } from './market.js';

initPage();

const $ = (id) => document.getElementById(id);

function render(c) {
  const x = c.content;
  $('cert-no').textContent = x.certificate_no;
  $('cert-fields').replaceChildren(...Array.from(kvList([
    ['cert.company_code', x.company_code],
    ['cert.company', x.company_name || '—'],
    ['cert.contracts', x.contracts || '—'],
    ['cert.reason', x.reason],
    ['cert.erased_at', formatJST(new Date(x.erased_at_us / 1000).toISOString())],
    ['cert.key_destroyed_at', formatJST(new Date(x.erased_at_us / 1000).toISOString())],
    ['cert.backups', t('cert.backups_n', { n: (x.backups || []).length })],
    ['cert.backups_expire', formatJST(new Date(x.last_backup_expires_us / 1000).toISOString())],
    ['cert.approval', x.approval || '—'],
  ]).childNodes));
  $('cert-deleted').replaceChildren(...Array.from(kvList(Object.entries(x.deleted || {})
    .map(([k, n]) => [`cert.kind.${k}`, String(n)])).childNodes));
  $('cert-key').textContent = t('cert.public_key', { key: x.public_key });
  $('cert-pdf').href = `${API}/deletion-certificates/${c.id}/pdf`;
  $('cert-card').hidden = false;
}

async function load() {
  const me = await pagePerson();
  if (!me) return;
  try {
    const id = new URLSearchParams(window.location.search).get('id');
    render((await get(`${API}/deletion-certificates/${encodeURIComponent(id || '0')}`)).certificate);
  } catch (err) {
    if (!sessionLost(err)) showError($('page-error'), err);
  } finally {
    $('loading').hidden = true;
  }
}

document.addEventListener('anshin:lang', () => { if (!$('cert-card').hidden) load(); });
load();
