// お知らせ一覧 (CHK-19): the published announcements for everyone, newest first; the same entries
// as the Atom feed.

import { formatJST, getLang, t } from './i18n.js';
import { API, get } from './api.js';
import { initPage, loadPage } from './ui.js';
import { el } from './market.js';

initPage();

const $ = (id) => document.getElementById(id);
let items = null;

function render() {
  if (!items) return;
  const en = getLang() === 'en';
  $('news-list').replaceChildren(...(items.length ? items.map((a) => el('article', { className: 'card card-wide', id: `a${a.id}` },
    el('p', { className: 'muted' }, el('span', { className: 'tag', textContent: t(`news.kind.${a.kind}`) }), ` ${formatJST(a.publish_at)}`),
    el('h2', { className: 'card-title', textContent: (en && a.title_en) || a.title }),
    el('p', { className: 'doc-body', textContent: (en && a.body_en) || a.body }),
    a.effective_at ? el('p', { className: 'muted', textContent: t('news.effective', { at: formatJST(a.effective_at) }) }) : '',
    a.urgent ? el('p', { className: 'muted', textContent: `${t('st.urgent')}：${a.urgent_reason}` }) : ''))
    : [el('p', { className: 'muted', textContent: t('news.none') })]));
}

async function load() {
  await loadPage(async () => {
    items = (await get(`${API}/news`)).items;
    render();
  });
}

document.addEventListener('anshin:lang', render);
load();
