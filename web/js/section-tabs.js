// On a phone a page of many cards becomes one very long page (/contracts was 5,100 px, issue 10
// item 12). A row of toggle buttons shows one group of cards at a time there; on wider screens
// the buttons are not shown and every card stays visible (the CSS decides, by the screen width).

import { t } from './i18n.js';

/**
 * Renders the buttons into nav (labelled by labelKey) for tabs [{ key (i18n), ids: [card ids] }];
 * the first tab is shown. Returns show(index) (e.g. to show the contract document on selection).
 */
export function sectionTabs(nav, labelKey, tabs) {
  const buttons = tabs.map((tab, i) => {
    const b = document.createElement('button');
    b.type = 'button';
    b.className = 'section-tab';
    b.dataset.i18n = tab.key;
    b.textContent = t(tab.key);
    b.setAttribute('aria-controls', tab.ids.join(' '));
    b.addEventListener('click', () => show(i));
    return b;
  });
  nav.dataset.i18nAriaLabel = labelKey;
  nav.setAttribute('aria-label', t(labelKey));
  nav.replaceChildren(...buttons);

  function show(index) {
    tabs.forEach((tab, i) => {
      buttons[i].setAttribute('aria-pressed', String(i === index));
      for (const id of tab.ids) document.getElementById(id)?.classList.toggle('tab-off', i !== index);
    });
  }
  show(0);
  return show;
}
