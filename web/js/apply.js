// The public application form: the plan chosen from the catalogue, the terms in force opened before
// consent can be given. The form only sends a confirmation link to the responsible person's
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
  const body = Object.fromEntries(fields.map((f) => [f, v(f)]));
  body.plan_id = Number(v('plan_id'));
  body.terms_document_id = terms.id;
  body.agree = true;
  if (important) body.important_matters_document_id = important.id;
  const btn = $('apply-submit');
  setBusy(btn, true, 'apply.submitting');
  try {
    await post(`${API}/applications`, body);
    $('apply-card').hidden = true;
    const sent = $('apply-sent');
    sent.hidden = false;
    sent.focus();
  } catch (err) {
    showError(region, err);
    const first = markInvalid(form, err);
    if (first) first.focus();
  } finally {
    setBusy(btn, false);
  }
});

document.addEventListener('anshin:lang', () => {
  if (services.length) fillPlans();
  renderTerms();
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
