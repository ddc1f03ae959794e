// The page frame: what a page's content begins with — the back link, the page head (title and
// lead), the section menu and the status, error and loading regions the page scripts write into.
// A page declares it in one line, its page head, and keeps only what is its own (the keys):
//
//   <div class="page-head" data-heading="op.cat.heading" data-lead="op.cat.lead" data-frame="operator"></div>
//   <div class="page-head" data-heading="apply.heading" data-back="/catalogue" data-back-key="apply.back" data-regions="error loading"></div>
//
// becomes (the second)
//
//   <p class="back-link"><a class="link-back" href="/catalogue" data-i18n="apply.back"></a></p>
//   <div class="page-head">
//     <h1 class="page-title" data-i18n="apply.heading"></h1>
//   </div>
//   <div id="page-error" class="alert-region" role="alert"></div>
//   <p id="loading" class="loading" data-i18n="common.loading"></p>
//
// The attributes: data-heading and data-lead, the keys of the title and the lead, put before the
// page head's own children; data-heading-id and data-lead-id give them ids (a title or lead the
// page's script writes has an id and no key); data-frame, a preset (FRAMES below) whose parts the other attributes
// override; data-back, a link back, with data-back-key naming its text (default ts.back);
// data-section, a section menu (filled by shell.js from its SECTIONS); data-regions, a
// space-separated list of "status" (#page-status, role="status"), "error" (#page-error,
// role="alert") and "loading" (#loading), in that order on the page. A page head of class
// no-print passes the class on to the back link, section menu and alert regions. Rendered by
// startShell() before the page's own script runs, so the page finds #page-status, #page-error
// and #loading as before.

/** The back link's text when the page names none (「ダッシュボードに戻る」). */
const DEFAULT_BACK_KEY = 'ts.back';

/** Frames shared by the pages of a section. */
const FRAMES = {
  operator: { back: '/dashboard', section: 'operator', regions: 'status error loading' },
};

/** The regions a page may ask for, in the order they stand on the page. */
const REGIONS = {
  status: () => alertRegion('page-status', 'status'),
  error: () => alertRegion('page-error', 'alert'),
  loading: () => textOf('p', 'loading', 'common.loading', { id: 'loading' }),
};

function alertRegion(id, role) {
  const node = document.createElement('div');
  node.id = id;
  node.className = 'alert-region';
  node.setAttribute('role', role);
  return node;
}

function backLink(href, key) {
  const p = document.createElement('p');
  p.className = 'back-link';
  p.append(textOf('a', 'link-back', key, { href }));
  return p;
}

/** An element whose text is the key's (attributes in the order the pages wrote them). */
function textOf(tag, className, key, { id, href } = {}) {
  const node = document.createElement(tag);
  if (id) node.id = id;
  node.className = className;
  if (href) node.setAttribute('href', href);
  if (key) node.dataset.i18n = key;
  return node;
}

function sectionNav(section) {
  const nav = document.createElement('nav');
  nav.id = 'section-nav';
  nav.className = 'console-nav';
  nav.dataset.section = section;
  return nav;
}

/** The frame a page head declares: its preset overridden by its own data-* attributes. */
function declared(head) {
  const own = head.dataset;
  const preset = FRAMES[own.frame] || {};
  return {
    heading: own.heading,
    headingId: own.headingId,
    lead: own.lead,
    leadId: own.leadId,
    back: own.back ?? preset.back,
    key: own.backKey ?? preset.key ?? DEFAULT_BACK_KEY,
    section: own.section ?? preset.section,
    regions: (own.regions ?? preset.regions ?? '').split(/\s+/).filter((name) => REGIONS[name]),
  };
}

const DECLARATIONS = ['heading', 'headingId', 'lead', 'leadId', 'frame', 'back', 'backKey', 'section', 'regions'];
const DECLARED = DECLARATIONS.map((name) => `.page-head[data-${name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}]`).join(', ');

/**
 * Builds the frame of every page head that declares one (a page head without a declaration is
 * left alone). The text comes later, from applyI18n(). A declaration is consumed when rendered,
 * so a second call changes nothing.
 */
export function renderPageFrame() {
  for (const head of document.querySelectorAll(DECLARED)) {
    const frame = declared(head);
    const title = [];
    if (frame.heading || frame.headingId) title.push(textOf('h1', 'page-title', frame.heading, { id: frame.headingId }));
    if (frame.lead || frame.leadId) title.push(textOf('p', 'page-lead', frame.lead, { id: frame.leadId }));
    head.prepend(...title);
    const before = frame.back ? [backLink(frame.back, frame.key)] : [];
    const after = frame.section ? [sectionNav(frame.section)] : [];
    for (const name of frame.regions) after.push(REGIONS[name]());
    if (head.classList.contains('no-print')) {
      for (const node of [...before, ...after]) if (node.id !== 'loading') node.classList.add('no-print');
    }
    head.before(...before);
    head.after(...after);
    for (const name of DECLARATIONS) delete head.dataset[name];
  }
}
