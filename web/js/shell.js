// The page shell: skip link, header (brand, navigation by role, language switch, person, logout)
// and footer of every page, rendered from here into the header and footer it puts first and last
// in the body, <header id="site-header" class="site-header"> and <footer id="site-footer"
// class="site-footer">, around the page's content, which it frames in <main id="main"
// class="site-main"><div class="container"> (frameContent below), so that no page carries a copy
// (not even of the placeholders) and the same person sees the same shell on every page.
//
// <body data-shell="session"> marks a page that needs a session: the shell waits for GET /api/v1/me
// (the same request the page itself awaits through requireSession) and shows the menu for the
// person's role. Public pages (<body data-shell="public">: login, catalogue, application, documents)
// show the visitor's shell, or the person's when this browser logged in (api.js optionalSession).

import { applyI18n, initI18n, setLang } from './i18n.js';
import { API, logout, optionalSession, post, requireSession } from './api.js';
import { renderPageFrame } from './page-frame.js';
import { canReadAudit, canReadCompliance, canReviewAccounts, canUseTickets, isOperatorAdmin, isOperatorStaff, isShopStaff, isTenantAdmin, isTenantMember, mustFinishSetup } from './roles.js';

/** The header menu: one entry per page, shown to those who may use it; `also` lists sub-pages. */
const MENU = [
  { href: '/dashboard', key: 'nav.dashboard', show: () => true },
  { href: '/contracts', key: 'nav.contracts', show: isTenantAdmin },
  { href: '/tenant-settings', key: 'nav.tenant_settings', show: isTenantAdmin },
  { href: '/operator', key: 'nav.operator', show: isOperatorAdmin, also: ['/operator-catalogue', '/operator-reports', '/operator-mail', '/operator-profile', '/operator-ops', '/operator-erasures', '/certificate', '/operator-privacy'] },
  { href: '/shop', key: 'nav.shop', show: isShopStaff },
  { href: '/audit', key: 'nav.audit', show: canReadAudit },
  // data protection and lifecycle (issue 14)
  { href: '/export', key: 'nav.export', show: isTenantAdmin },
  // identity and access (issue 11)
  { href: '/account-review', key: 'nav.account_review', show: canReviewAccounts },
  // support desk (issue 13)
  { href: '/tickets', key: 'nav.tickets', show: canUseTickets },
  // Screens (issue 10 item 15): a member's menu — the dashboard (their services) and security.
  { href: '/security', key: 'nav.security', show: isTenantMember },
  // receivables (issue 17): invoices, payments, balances
  { href: '/invoices', key: 'nav.invoices', show: (me) => isTenantAdmin(me) || isShopStaff(me) || isOperatorStaff(me) },
  // service levels (issue 12 item 3): the monthly SLA report per contract
  { href: '/sla-report', key: 'nav.sla_report', show: (me) => isTenantAdmin(me) || isOperatorAdmin(me) },
  // live compliance checks (issue 16): the operator's self-assessment
  { href: '/compliance', key: 'nav.compliance', show: canReadCompliance },
];

/** Menus of a section's pages, rendered into <nav id="section-nav" data-section="…"> (with its label key). */
const SECTIONS = {
  operator: {
    label: 'op.nav.label',
    items: [
      { href: '/operator', key: 'op.nav.review' },
      { href: '/operator-catalogue', key: 'op.nav.catalogue' },
      { href: '/operator-reports', key: 'op.nav.reports' },
      // onboarding (issue 10): the outbox and the operator's particulars
      { href: '/operator-mail', key: 'nav.op_mail' },
      { href: '/operator-profile', key: 'nav.op_profile' },
      // operations and service levels
      { href: '/operator-ops', key: 'op.nav.ops' },
      // data protection and lifecycle (issue 14)
      { href: '/operator-erasures', key: 'op.nav.erasures' },
      // support desk (issue 13): personal-data breaches and lawful disclosures
      { href: '/operator-privacy', key: 'op.nav.privacy' },
    ],
  },
};

/** The visitor's menu (no session). */
const VISITOR_MENU = [
  { href: '/catalogue', key: 'nav.catalogue', also: ['/apply'] },
  { href: '/', key: 'nav.login' },
];

/** Footer links: pages that exist for everyone. Add /privacy or /status here once they exist. */
const FOOTER = [
  { href: '/catalogue', key: 'footer.catalogue' },
  { href: '/terms?kind=terms', key: 'footer.terms' },
  { href: '/terms?kind=important-matters', key: 'footer.important' },
  { href: '/terms?kind=prohibited-acts', key: 'footer.prohibited' },
  // support desk (issue 13): channels, hours, response times, the personal-data contact (TOS-19)
  { href: '/support', key: 'footer.support' },
  // operations and service levels
  { href: '/status', key: 'footer.status' },
  { href: '/news', key: 'footer.news' },
  { href: '/privacy', key: 'footer.privacy' },
  { href: '/info?kind=security', key: 'footer.info' },
];

/** In-page shortcuts (elements with data-nav="<page>") follow the same rules as the menu. */
const SHORTCUTS = {
  audit: canReadAudit,
  contracts: isTenantAdmin,
  'tenant-settings': isTenantAdmin,
  operator: isOperatorAdmin,
  shop: isShopStaff,
  tickets: canUseTickets,
};

function h(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === false || value === null || value === undefined) continue;
    if (name === 'className') node.className = value;
    else if (name.startsWith('data-') || name.startsWith('aria-') || name === 'lang' || name === 'role') node.setAttribute(name, value === true ? '' : value);
    else node[name] = value;
  }
  node.append(...children);
  return node;
}

function isCurrent(item) {
  const here = window.location.pathname;
  const path = item.href.split('?')[0];
  return here === path || (item.also || []).includes(here) || (path === '/' && here === '/index.html');
}

function langSwitch() {
  return h('div', { className: 'lang-switch', role: 'group', 'data-i18n-aria-label': 'lang.group' },
    h('button', { type: 'button', className: 'lang-option', 'data-lang-choice': 'en', lang: 'en', 'aria-pressed': 'false' }, 'English'),
    h('span', { className: 'lang-sep', 'aria-hidden': 'true' }, '/'),
    h('button', { type: 'button', className: 'lang-option', 'data-lang-choice': 'ja', lang: 'ja', 'aria-pressed': 'false' }, '日本語'));
}

function brand(href) {
  // No aria-label: the visible name and tagline are the link's name (WCAG 2.5.3).
  return h('a', { className: 'brand', href },
    h('img', { className: 'brand-mark', src: '/favicon.svg', alt: '', width: 36, height: 36 }),
    h('span', { className: 'brand-text' },
      h('span', { className: 'brand-name' }, 'anshin'),
      h('span', { className: 'brand-tagline', 'data-i18n': 'app.tagline' })));
}

/** A list of menu links, the current page marked. */
function links(items, className = 'nav-list') {
  const list = h('ul', { className });
  for (const item of items) {
    list.append(h('li', {}, h('a', {
      className: 'nav-link', href: item.href, 'data-i18n': item.key, 'aria-current': isCurrent(item) ? 'page' : null,
    })));
  }
  return list;
}

function menu(items) {
  return h('nav', { id: 'main-nav', className: 'header-nav', 'data-i18n-aria-label': 'nav.main' }, links(items));
}

/** The header for me (null: a visitor). */
function header(me) {
  const actions = h('div', { className: 'header-actions' }, langSwitch());
  if (!me) return h('div', { className: 'container header-inner' }, brand('/'), menu(VISITOR_MENU), actions);

  // A menu of the dashboard alone adds nothing to the brand's link to it: members and support
  // staff get none.
  const items = mustFinishSetup(me) ? [] : MENU.filter((item) => item.show(me));
  const user = h('span', { id: 'header-user', className: 'header-user', title: me.display_name || me.login }, me.display_name || me.login);
  const out = h('button', { id: 'logout-button', type: 'button', className: 'btn btn-secondary btn-sm', 'data-i18n': 'common.logout' });
  out.addEventListener('click', async () => {
    out.disabled = true;
    out.dataset.i18n = 'common.logging_out';
    applyI18n(out.parentElement);
    await logout();
  });
  actions.append(user, out);
  return h('div', { className: 'container header-inner' },
    brand(mustFinishSetup(me) ? window.location.pathname : '/dashboard'), items.length > 1 ? menu(items) : '', actions);
}

function footer() {
  const list = h('ul', { className: 'footer-links' });
  for (const item of FOOTER) list.append(h('li', {}, h('a', { href: item.href, 'data-i18n': item.key })));
  return h('div', { className: 'container footer-inner' },
    h('nav', { 'data-i18n-aria-label': 'footer.nav' }, list),
    h('p', { className: 'footer-copy', 'data-i18n': 'footer.copyright' }));
}

/** Shows or hides the page's own shortcuts (data-nav) by the same rules as the menu. */
function shortcuts(me) {
  for (const node of document.querySelectorAll('[data-nav]')) {
    const may = SHORTCUTS[node.dataset.nav];
    if (may) node.hidden = !me || mustFinishSetup(me) || !may(me);
  }
}

/** Fills the page's section menu, if it has one (the same for every page of the section). */
function sectionMenu() {
  const slot = document.getElementById('section-nav');
  const section = slot && SECTIONS[slot.dataset.section];
  if (!section) return;
  slot.setAttribute('data-i18n-aria-label', section.label);
  slot.replaceChildren(links(section.items, 'nav-list console-nav-list'));
}

function place(id, content) {
  const slot = document.getElementById(id);
  if (!slot) return;
  slot.replaceChildren(content);
  applyI18n(slot);
}

/** Renders the header for me (null: a visitor) and shows the page's shortcuts that are theirs. */
export function renderShell(me) {
  place('site-header', header(me));
  shortcuts(me);
  for (const btn of document.querySelectorAll('#site-header [data-lang-choice]')) {
    btn.addEventListener('click', () => setLang(btn.dataset.langChoice));
  }
}

/**
 * Starts the shell: the main region's frame, the header and footer elements, the skip link, a header without menu at once (brand, language), the footer, the
 * page frame its page head declares (page-frame.js), the section menu, the language; then the menu
 * when the person is known. Called once per page, by initPage().
 */
export function startShell() {
  if (!document.getElementById('main')) frameContent();
  if (!document.getElementById('site-header')) document.body.prepend(h('header', { id: 'site-header', className: 'site-header' }));
  if (!document.getElementById('site-footer')) document.body.append(h('footer', { id: 'site-footer', className: 'site-footer' }));
  if (!document.querySelector('.skip-link')) {
    document.body.prepend(h('a', { className: 'skip-link', href: '#main', 'data-i18n': 'app.skip' }));
  }
  const session = document.body.dataset.shell === 'session';
  place('site-header', h('div', { className: 'container header-inner' },
    brand(session ? '/dashboard' : '/'), h('div', { className: 'header-actions' }, langSwitch())));
  place('site-footer', footer());
  renderPageFrame();
  sectionMenu();
  initI18n();
  // A failed GET /me leaves the brand-and-language header: the page shows the error itself.
  (session ? requireSession() : optionalSession()).then(renderShell, () => {});
  if (session) requireSession().then(noteScreen, () => {});
}

/**
 * A page's body holds only its content: it goes into <main id="main" class="site-main"
 * tabindex="-1"><div class="container">, the frame every page has (a page that writes its own
 * <main> keeps it). Dialogs stay beside the main region, after it.
 */
function frameContent() {
  const container = h('div', { className: 'container' });
  const main = h('main', { id: 'main', className: 'site-main', tabIndex: -1 }, container);
  container.append(...[...document.body.children].filter((node) => node.tagName !== 'DIALOG' && node.tagName !== 'SCRIPT'));
  document.body.prepend(main);
}

/* A tenant user's page open, for the tenant's audit log when it collects screen events (WP-18).
 * Best effort: the page works whether or not it is recorded. */
function noteScreen(me) {
  if (me?.kind !== 'user' || mustFinishSetup(me)) return;
  post(`${API}/me/screen`, { page: window.location.pathname }).catch(() => {});
}
