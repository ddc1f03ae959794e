// The public application form: the plan chosen from the catalogue, the terms in force opened before
// consent can be given, the privacy policy confirmed and the declaration of Art. 26 made; a
// confirmation step shows everything before it is sent (issue 10 item 20). The form only sends a
// confirmation link to the responsible person's
// address; opening it (?confirm=…) and pressing the button confirms the application, which then
// reaches the operator, and shows the receipt number.

import { t } from './i18n.js';
import { API, get, post } from './api.js';
import { clearError, initPage, markInvalid, setBusy, showError } from './ui.js';
import { documentView, el, yen } from './market.js';
import { handlingText } from './handling.js';

initPage();

const $ = (id) => document.getElementById(id);
let terms = null; // the in-force terms version
let important = null; // the in-force important-matters explanation (MARK-4-1-2), if any
let services = [];

function fillPlans() {
  const select = $('plan_id');
  const chosen = select.value || new URLSearchParams(window.location.search).get('plan') || '';
  select.replaceChildren(el('option', { value: '', textContent: t('apply.plan_choose') }));
  for (const s of services) {
    const group = el('optgroup', { label: `${s.name}（${s.shop_name}）` });
    for (const p of s.plans || []) {
      group.append(el('option', {
        value: String(p.id),
        textContent: t('apply.plan_option', { plan: p.name, fee: yen(p.monthly_fee_incl_tax) }),
      }));
    }
    select.append(group);
  }
  if ([...select.options].some((o) => o.value === chosen)) select.value = chosen;
}

function renderTerms() {
  const box = $('terms-text');
  box.replaceChildren(terms ? documentView(terms) : el('p', { textContent: t('apply.no_terms') }));
  $('important-details').hidden = !important;
  if (important) $('important-text').replaceChildren(documentView(important));
}

async function load() {
  try {
    const [cat, doc, im] = await Promise.all([get(`${API}/catalogue`), get(`${API}/documents/terms`),
      get(`${API}/documents/important-matters`)]);
    important = im.in_force || null;
    // Only services on sale: one being discontinued (TOS-9) takes no new applications.
    services = (cat.services || []).filter((s) => s.status === 'active' && (s.plans || []).length);
    terms = doc.in_force || null;
    fillPlans();
    renderTerms();
    $('apply-card').hidden = false;
    if (!terms) showError($('apply-error'), t('apply.no_terms'));
  } catch (err) {
    showError($('page-error'), err);
  } finally {
    $('loading').hidden = true;
  }
}

// A field that was marked as missing is unmarked once something is typed into it.
$('apply-form').addEventListener('input', (ev) => {
  if (ev.target instanceof HTMLElement && ev.target.value) ev.target.removeAttribute('aria-invalid');
});

// Consent is possible only once the terms, and the important-matters explanation when there is
// one (MARK-4-1-2), have been opened.
let termsSeen = false;
let importantSeen = false;
function consentReady() {
  termsSeen ||= $('terms-details').open && Boolean(terms);
  importantSeen ||= !important || $('important-details').open;
  if (termsSeen && importantSeen) $('agree').disabled = false;
}
$('terms-details').addEventListener('toggle', consentReady);
$('important-details').addEventListener('toggle', consentReady);

let pending = null; // the body shown in the confirmation step

/** The confirmation step: every value, the documents confirmed and the declarations. */
function renderReview() {
  if (!pending) return;
  const row = (key, value) => el('div', { className: 'kv-row' }, el('dt', { textContent: t(key) }), el('dd', { textContent: value }));
  const plan = $('plan_id').selectedOptions[0];
  const group = plan?.parentElement?.label ?? '';
  const rows = [
    row('apply.plan', `${group} ${plan?.textContent ?? ''}`.trim()),
    ...['company_name', 'company_code', 'address', 'phone', 'responsible_name', 'responsible_email', 'admin_login']
      .map((f) => row(`apply.${f}`, pending[f])),
    row('apply.review_terms', t('apply.review_terms_value', { version: terms?.version ?? '' })),
  ];
  if (important) rows.push(row('apply.review_important', t('apply.review_important_value', { version: important.version })));
  rows.push(row('apply.review_privacy', t('apply.review_yes')), row('apply.review_antisocial', t('apply.review_yes')));
  $('review-list').replaceChildren(...rows);
}

function showStep(review) {
  $('apply-card').hidden = review;
  $('apply-review').hidden = !review;
  if (review) $('apply-review').focus();
}

$('apply-back').addEventListener('click', () => {
  showStep(false);
  $('apply-review-button').focus();
});

$('apply-submit').addEventListener('click', async () => {
  const region = $('review-error');
  clearError(region);
  const btn = $('apply-submit');
  setBusy(btn, true, 'apply.submitting');
  try {
    await post(`${API}/applications`, pending);
    $('apply-review').hidden = true;
    const sent = $('apply-sent');
    sent.hidden = false;
    sent.focus();
  } catch (err) {
    // Back to the form with the fields the server named marked.
    showStep(false);
    showError($('apply-error'), err);
    const first = markInvalid($('apply-form'), err);
    if (first) first.focus();
  } finally {
    setBusy(btn, false);
  }
});

$('apply-form').addEventListener('submit', async (ev) => {
  ev.preventDefault();
  const form = ev.currentTarget;
  const region = $('apply-error');
  clearError(region);
  const v = (name) => form.elements.namedItem(name).value.trim();
  const fields = ['company_name', 'company_code', 'address', 'phone', 'responsible_name', 'responsible_email', 'admin_login'];
  const missing = fields.filter((f) => !v(f));
  if (!v('plan_id')) missing.unshift('plan_id');
  for (const f of fields.concat('plan_id')) form.elements.namedItem(f).removeAttribute('aria-invalid');
  if (missing.length) {
    for (const f of missing) form.elements.namedItem(f).setAttribute('aria-invalid', 'true');
    showError(region, t('apply.missing'));
    form.elements.namedItem(missing[0]).focus();
    return;
  }
  if (!terms || !$('agree').checked) {
    showError(region, t('apply.must_agree'));
    return;
  }
  for (const [id, key] of [['privacy_confirmed', 'apply.must_privacy'], ['antisocial_declared', 'apply.must_antisocial']]) {
    $(id).removeAttribute('aria-invalid');
    if (!$(id).checked) {
      $(id).setAttribute('aria-invalid', 'true');
      showError(region, t(key));
      $(id).focus();
      return;
    }
  }
  const body = Object.fromEntries(fields.map((f) => [f, v(f)]));
  body.plan_id = Number(v('plan_id'));
  body.terms_document_id = terms.id;
  body.agree = true;
  body.privacy_confirmed = true;
  body.antisocial_declared = true;
  if (important) body.important_matters_document_id = important.id;
  pending = body;
  renderReview();
  showStep(true);
});

document.addEventListener('anshin:lang', () => {
  if (services.length) fillPlans();
  renderTerms();
  renderReview();
});

const confirmToken = new URLSearchParams(window.location.search).get('confirm');

// The link from the mail: nothing happens until the button is pressed (mail scanners open links).
$('apply-confirm-button').addEventListener('click', async () => {
  const region = $('confirm-error');
  clearError(region);
  const btn = $('apply-confirm-button');
  setBusy(btn, true, 'apply.submitting');
  try {
    const res = await post(`${API}/applications/confirm`, { token: confirmToken });
    $('apply-receipt').textContent = String(res.application.id);
    const handling = handlingText(res.application.handling); // TOS-23
    $('apply-handling').textContent = handling;
    $('apply-handling').hidden = !handling;
    $('apply-confirm').hidden = true;
    const done = $('apply-done');
    done.hidden = false;
    done.focus();
  } catch (err) {
    showError(region, err);
  } finally {
    setBusy(btn, false);
  }
});

if (confirmToken) {
  $('loading').hidden = true;
  $('apply-confirm').hidden = false;
} else {
  load();
}
