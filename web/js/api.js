// Fetch wrapper for the anshin JSON API.
// - JSON in and out, cookies only for the same origin (the session cookie is HttpOnly: never read here)
// - Accept-Language follows the UI language so that server error details come back in it
// - non-GET requests carry X-CSRF-Token with the token the server handed out (login or GET /me)
// - application/problem+json errors become an ApiError with status, type, detail and errors[]

import { getLang, t } from './i18n.js';

export const API = '/api/v1';

let csrfToken = null;

export function setCsrfToken(token) {
  if (typeof token === 'string' && token !== '') csrfToken = token;
}

export function getCsrfToken() {
  return csrfToken;
}

export class ApiError extends Error {
  constructor({ status = 0, type = 'about:blank', title = '', detail = '', code = '', requestId = '',
    errors = [], retryAfter = null, sessionEnded = null } = {}) {
    super(detail || title || `HTTP ${status}`);
    this.name = 'ApiError';
    this.status = status;
    this.type = type;
    this.title = title;
    this.detail = detail || title || '';
    this.code = code;
    this.requestId = requestId;
    this.errors = Array.isArray(errors) ? errors : [];
    this.retryAfter = retryAfter;
    this.sessionEnded = sessionEnded; // "idle" or "absolute" when a session timed out (CHK-15)
  }

  /** True when the problem type ends with the given slug, e.g. "wrong-current-password". */
  is(slug) {
    return typeof this.type === 'string' && (this.type === slug || this.type.endsWith(`/${slug}`));
  }
}

function parseRetryAfter(value) {
  if (!value) return null;
  const n = Number.parseInt(value, 10);
  if (Number.isFinite(n) && String(n) === value.trim()) return n;
  const when = Date.parse(value);
  return Number.isNaN(when) ? null : Math.max(0, Math.ceil((when - Date.now()) / 1000));
}

/**
 * Sends one request (once more after a re-authentication the server asked for). path is absolute ("/api/v1/me", "/readyz"). Returns the parsed JSON body,
 * or null for 204 / empty bodies. Throws ApiError for non-2xx answers and network failures.
 */
export async function request(method, path, body) {
  try {
    return await sendWithReason(method, path, body);
  } catch (err) {
    // A credential change from a session whose last authentication is too old (M5): ask for the
    // password (and code) in a dialog, then repeat the request once.
    if (!(err instanceof ApiError) || !err.is('reauthentication-required')) throw err;
    const { askReauth } = await import('./reauth.js');
    if (!(await askReauth())) throw err;
    return send(method, path, body);
  }
}

/**
 * send(), once more with a reason when the server asks operator staff why they open a tenant's
 * personal data (428 /problems/access-reason-required): the reason dialog asks for a ticket number
 * or a text (WP-18, SLA-29).
 */
async function sendWithReason(method, path, body) {
  try {
    return await send(method, path, body);
  } catch (err) {
    if (!(err instanceof ApiError) || !err.is('access-reason-required')) throw err;
    const { askAccessReason, withAccessReason } = await import('./access-reason.js');
    const reason = await askAccessReason();
    if (!reason) throw err;
    return send(method, withAccessReason(path, reason), body);
  }
}

async function send(method, path, body, raw) {
  const headers = { Accept: 'application/json, application/problem+json', 'Accept-Language': getLang() };
  const init = { method, headers, credentials: 'same-origin', cache: 'no-store' };
  if (raw) {
    headers['Content-Type'] = raw.type;
    init.body = raw.data;
  } else if (body !== undefined) {
    headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(body);
  }
  if (method !== 'GET' && method !== 'HEAD' && csrfToken) headers['X-CSRF-Token'] = csrfToken;

  let res;
  try {
    res = await fetch(path, init);
  } catch {
    throw new ApiError({ status: 0, type: 'network', detail: t('error.network') });
  }

  const ctype = res.headers.get('Content-Type') || '';
  let data = null;
  if (res.status !== 204 && /json/i.test(ctype)) {
    try {
      data = await res.json();
    } catch {
      data = null;
    }
  }

  if (!res.ok) throw problemError(res, data);
  if (data && typeof data.csrf_token === 'string') setCsrfToken(data.csrf_token);
  return data;
}

/** The ApiError for a non-2xx answer whose (problem+json) body, if any, was parsed into data. */
function problemError(res, data) {
  const p = data && typeof data === 'object' ? data : {};
  return new ApiError({
    status: res.status,
    type: p.type || 'about:blank',
    title: p.title || '',
    detail: p.detail || t('error.http', { status: res.status }),
    code: p.code || '',
    requestId: p.request_id || res.headers.get('X-Request-Id') || '',
    errors: p.errors || [],
    retryAfter: parseRetryAfter(res.headers.get('Retry-After')),
    sessionEnded: typeof p.session_ended === 'string' ? p.session_ended : null,
  });
}

/**
 * The login page's address after a 401: when the session timed out, it says why (ended=idle or
 * absolute) and where the person was (next=path), so the login can bring them back (CHK-15).
 */
export function loginUrl(err) {
  if (!(err instanceof ApiError) || !err.sessionEnded) return '/';
  const here = window.location.pathname + window.location.search + window.location.hash;
  const q = new URLSearchParams({ ended: err.sessionEnded, next: here });
  return `/?${q}`;
}

/** The same-origin path a login may return to: "/x..." only (not "//host" nor "/\\host"). */
export function safeNext(value) {
  if (typeof value !== 'string' || !value.startsWith('/')) return null;
  if (value.startsWith('//') || value.startsWith('/\\') || value === '/') return null;
  return value;
}

/**
 * GET of a file (e.g. the audit log CSV) with the same Accept-Language and error handling as the
 * JSON calls. Resolves { blob, filename } (filename from Content-Disposition, else fallbackName).
 */
export async function download(path, fallbackName) {
  const headers = { Accept: 'text/csv, application/problem+json', 'Accept-Language': getLang() };
  let res;
  try {
    res = await fetch(path, { method: 'GET', headers, credentials: 'same-origin', cache: 'no-store' });
  } catch {
    throw new ApiError({ status: 0, type: 'network', detail: t('error.network') });
  }
  if (!res.ok) {
    let data = null;
    if (/json/i.test(res.headers.get('Content-Type') || '')) {
      try {
        data = await res.json();
      } catch {
        data = null;
      }
    }
    throw problemError(res, data);
  }
  return { blob: await res.blob(), filename: dispositionName(res.headers.get('Content-Disposition')) || fallbackName };
}

/** The file name of a Content-Disposition value: RFC 6266 filename*=UTF-8'' (a Japanese name) wins over the ASCII filename="...". */
export function dispositionName(value) {
  const star = /filename\*=UTF-8''([^;\s]+)/i.exec(value || '');
  if (star) {
    try {
      return decodeURIComponent(star[1]);
    } catch {
      /* a malformed escape: fall back to the ASCII name */
    }
  }
  const m = /filename="([^"]+)"/i.exec(value || '');
  return m ? m[1] : '';
}

export const get = (path) => request('GET', path);
/** POSTs a file's bytes as they are (a Blob or File) with its media type, e.g. a CSV. */
export const postFile = (path, data, type) => send('POST', path, undefined, { data, type });
export const post = (path, body) => request('POST', path, body);

/** GET /api/v1/me; also remembers its CSRF token. */
export async function fetchMe() {
  return get(`${API}/me`);
}

/**
 * localStorage flag "anshin.session", set at login and removed at logout or on a 401: lets the public
 * pages skip GET /me (and its 401) for visitors. It only chooses which menu the shell shows; the
 * server checks every request on its own.
 */
const SESSION_HINT = 'anshin.session';

/** Remembers that this browser holds a session (after a successful login). */
export function rememberSession() {
  try {
    localStorage.setItem(SESSION_HINT, '1');
  } catch {
    /* storage disabled: public pages then show the visitor's shell */
  }
}

/** Forgets the session hint (logout, or the server answered 401). */
export function forgetSession() {
  try {
    localStorage.removeItem(SESSION_HINT);
  } catch {
    /* nothing to forget */
  }
}

/** The person on a public page: GET /me when a session may exist, else null without a request. */
export async function optionalSession() {
  let hinted = false;
  try {
    hinted = localStorage.getItem(SESSION_HINT) === '1';
  } catch {
    hinted = false;
  }
  if (!hinted) return null;
  try {
    return await fetchMe();
  } catch (err) {
    if (err instanceof ApiError && err.status === 401) forgetSession();
    return null;
  }
}

/** Logs out and goes to the login page whatever the answer (the session may already be gone). */
export async function logout() {
  forgetSession();
  try {
    await post(`${API}/auth/logout`);
  } catch {
    /* already logged out or server unreachable: the login page is still the right place */
  }
  window.location.assign('/');
}

let session = null; // the one GET /me of this page load, shared by the shell and the page

/**
 * Loads /me for a page that needs a session (once per page load: the shell and the page share the
 * answer); sends the visitor to the login page on 401.
 */
export function requireSession() {
  session ??= loadSession();
  return session;
}

async function loadSession() {
  try {
    const me = await fetchMe();
    rememberSession();
    return me;
  } catch (err) {
    session = null;
    if (err instanceof ApiError && err.status === 401) {
      forgetSession();
      window.location.replace(loginUrl(err));
      return new Promise(() => {}); // never resolves: the page is being left
    }
    throw err;
  }
}
