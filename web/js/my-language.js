// The person's own language for mails and notices (GET/PUT /api/v1/me/language), as a card on
// their own settings page. Saving also switches the display language, which is otherwise kept in
// the browser only (the header's English / 日本語 switch).

import { getLang, setLang, t } from './i18n.js';
import { API, get, request } from './api.js';
import { clearError, setBusy, showError, showNotice } from './ui.js';

function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
  node.append(...children);
  return node;
}

function option(value, key) {
  const o = el('option', { value, 'data-i18n': key, lang: value });
  o.textContent = t(key);
  return o;
}

/** Appends the card to container and loads the saved choice; a failure shows in the card. */
export async function mountLanguageCard(container) {
  const select = el('select', { id: 'my-language', name: 'language', 'aria-describedby': 'my-language-hint' },
    option('ja', 'lang.ja'), option('en', 'lang.en'));
  const heading = el('h2', { id: 'my-language-heading', class: 'card-title', 'data-i18n': 'mylang.heading' });
  heading.textContent = t('mylang.heading');
  const label = el('label', { for: 'my-language', 'data-i18n': 'mylang.label' });
  label.textContent = t('mylang.label');
  const hint = el('p', { id: 'my-language-hint', class: 'hint', 'data-i18n': 'mylang.hint' });
  hint.textContent = t('mylang.hint');
  const save = el('button', { type: 'submit', class: 'btn btn-primary', 'data-i18n': 'mylang.save' });
  save.textContent = t('mylang.save');
  const status = el('div', { class: 'alert-region', role: 'status' });
  const error = el('div', { class: 'alert-region', role: 'alert' });
  const form = el('form', { class: 'form', novalidate: '' },
    el('div', { class: 'field' }, el('div', { class: 'label-row' }, label), select, hint),
    el('div', { class: 'card-actions' }, save));
  const card = el('section', { id: 'language-card', class: 'card', 'aria-labelledby': 'my-language-heading' },
    heading, status, error, form);
  container.append(card);
  select.value = getLang();
  try {
    select.value = (await get(`${API}/me/language`)).language;
  } catch (err) {
    showError(error, err);
  }
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    clearError(error);
    setBusy(save, true, 'mylang.saving');
    try {
      const r = await request('PUT', `${API}/me/language`, { language: select.value });
      setLang(r.language);
      showNotice(status, t('mylang.saved'));
    } catch (err) {
      showError(error, err);
    } finally {
      setBusy(save, false);
    }
  });
}
