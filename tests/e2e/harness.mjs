// Test harness for the browser tests: a real `anshin` server on a free loopback port with a fresh
// SQLite database in a temp dir, accounts made with `anshin admin create`, and Debian's Chromium
// driven by playwright-core.

import { spawn } from 'node:child_process';
import { mkdtemp, rm, mkdir } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

export const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const OUT_DIR = path.join(REPO, 'tests', 'out', 'e2e');
export const BIN = process.env.ANSHIN_BIN || path.join(REPO, 'build', 'anshin');
export const CHROMIUM = process.env.ANSHIN_CHROMIUM || '/usr/bin/chromium';

const live = new Set(); // server processes to kill if the test process dies early
process.on('exit', () => {
  for (const child of live) child.kill('SIGKILL');
});

/** Asks the kernel for a free TCP port on 127.0.0.1. */
export function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

function tail(text, lines = 40) {
  return text.split('\n').slice(-lines).join('\n');
}

/** Runs the binary once; resolves {code, stdout, stderr}. input: string for stdin ('' = closed at once). */
function run(args, env, input = '', timeoutMs = 20000) {
  return new Promise((resolve, reject) => {
    const child = spawn(BIN, args, { env, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d) => { stdout += d; });
    child.stderr.setEncoding('utf8').on('data', (d) => { stderr += d; });
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`anshin ${args.join(' ')} timed out after ${timeoutMs} ms\n${tail(stderr)}`));
    }, timeoutMs);
    child.on('error', (err) => {
      clearTimeout(timer);
      reject(new Error(`cannot run ${BIN}: ${err.message}`));
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr });
    });
    child.stdin.on('error', () => {}); // the process may exit before reading stdin
    child.stdin.end(input);
  });
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

export class AnshinServer {
  constructor(dir, port) {
    this.dir = dir;
    this.port = port;
    this.url = `http://127.0.0.1:${port}`;
    this.env = {
      PATH: process.env.PATH ?? '/usr/bin:/bin',
      HOME: dir,
      LANG: 'C.UTF-8',
      TZ: 'UTC',
      ANSHIN_SERVER_LISTEN: `127.0.0.1:${port}`,
      ANSHIN_STORE_PATH: path.join(dir, 'anshin.db'),
      ANSHIN_KEYS_MASTER_KEY_FILE: path.join(dir, 'master.key'),
      // The access log files (CHK-7) go to the temp dir too, not the working directory.
      ANSHIN_LOG_ACCESS_DIR: path.join(dir, 'access'),
      // Backups, deletion certificates and exports (issue 14) likewise.
      ANSHIN_BACKUP_DIR: path.join(dir, 'backups'),
      ANSHIN_LIFECYCLE_CERTIFICATE_DIR: path.join(dir, 'certificates'),
      ANSHIN_LIFECYCLE_EXPORT_DIR: path.join(dir, 'exports'),
      ANSHIN_WEB_ROOT: path.join(REPO, 'web'),
      ANSHIN_PASSWORD_ARGON2_MEMORY_KIB: '8192',
      ANSHIN_PASSWORD_ARGON2_ITERATIONS: '1',
      // Every browser test logs in from 127.0.0.1: login rate limits off, as in the API tests.
      ANSHIN_PASSWORD_LOGIN_RATE_PER_IP: '0',
      ANSHIN_PASSWORD_LOGIN_RATE_PER_ACCOUNT: '0',
      // Staff would otherwise be sent to set up TOTP first (mfa.test.mjs sets it up itself).
      ANSHIN_SECURITY_STAFF_MFA_REQUIRED: 'false',
      ANSHIN_BACKUP_SCHEDULE: 'off', // no backup at start (tests of backups turn it on)
      // Public forms (applications, reports) from 127.0.0.1 too: their limits off.
      ANSHIN_PUBLIC_WRITE_RATE_PER_IP: '0',
      ANSHIN_PUBLIC_WRITE_RATE_GLOBAL: '0',
      ANSHIN_PUBLIC_MAIL_RATE_PER_RECIPIENT: '0',
      // Tests that walk pages in several browser contexts at once hold up to six connections each,
      // all from 127.0.0.1: the per-address connection limit (32, against slowloris) off, as in
      // the benchmark.
      ANSHIN_SERVER_PER_IP_CONNECTIONS: '0',
    };
    this.proc = null;
    this.log = '';
  }

  /** Makes a temp dir, picks a port and migrates a fresh database. The server is not running yet. */
  static async create() {
    if (!existsSync(BIN)) {
      throw new Error(`anshin binary not found at ${BIN} (build it, or set ANSHIN_BIN)`);
    }
    const dir = await mkdtemp(path.join(os.tmpdir(), 'anshin-e2e-'));
    const server = new AnshinServer(dir, await freePort());
    const res = await run(['migrate'], server.env);
    if (res.code !== 0) {
      throw new Error(`anshin migrate exited ${res.code}\n${tail(res.stderr)}\n${tail(res.stdout)}`);
    }
    return server;
  }

  /** Creates an operator admin with a chosen password (no change needed at first login). */
  async createAdmin(login, password) {
    const res = await run(['admin', 'create', '--login', login], this.env, `${password}\n`);
    if (res.code !== 0) {
      throw new Error(`anshin admin create --login ${login} exited ${res.code}\n${tail(res.stderr)}`);
    }
    return { login, password };
  }

  /** Creates an operator admin with a generated one-time password (must be changed at first login). */
  async createAdminWithOneTimePassword(login) {
    const res = await run(['admin', 'create', '--login', login], this.env, '');
    if (res.code !== 0) {
      throw new Error(`anshin admin create --login ${login} exited ${res.code}\n${tail(res.stderr)}`);
    }
    const m = /^password: (\S+)$/m.exec(res.stdout);
    if (!m || !new RegExp(`^login: ${login}$`, 'm').test(res.stdout)) {
      throw new Error(`anshin admin create printed no login/password lines:\n${res.stdout}`);
    }
    return { login, password: m[1] };
  }

  /**
   * Starts `anshin serve` and waits until GET /healthz answers 200 (20 s at most). Test files run
   * side by side (node --test --test-concurrency), so the free port picked at create() may have
   * been taken by another file's server meanwhile: then it starts again on another port (twice at
   * most); this.port, this.url and this.env follow.
   */
  async start(timeoutMs = 20000) {
    for (let attempt = 0; ; attempt++) {
      try {
        return await this.startOnce(timeoutMs);
      } catch (err) {
        if (attempt >= 2 || !/address in use/.test(this.log)) throw err;
        this.log = '';
        this.port = await freePort();
        this.url = `http://127.0.0.1:${this.port}`;
        this.env.ANSHIN_SERVER_LISTEN = `127.0.0.1:${this.port}`;
      }
    }
  }

  async startOnce(timeoutMs) {
    const proc = spawn(BIN, ['serve'], { env: this.env, stdio: ['ignore', 'pipe', 'pipe'] });
    this.proc = proc;
    live.add(proc);
    const keep = (d) => {
      this.log += d;
      if (this.log.length > 200000) this.log = this.log.slice(-100000);
    };
    proc.stdout.setEncoding('utf8').on('data', keep);
    proc.stderr.setEncoding('utf8').on('data', keep);
    let exited = null;
    proc.on('exit', (code, signal) => {
      exited = { code, signal };
      live.delete(proc);
    });

    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      if (exited) {
        throw new Error(`anshin serve exited early (${exited.code ?? exited.signal})\n${tail(this.log)}`);
      }
      try {
        const res = await fetch(`${this.url}/healthz`, { signal: AbortSignal.timeout(1000) });
        if (res.status === 200) return this;
      } catch {
        /* not listening yet */
      }
      await sleep(100);
    }
    await this.stop();
    throw new Error(`anshin serve did not answer /healthz within ${timeoutMs} ms\n${tail(this.log)}`);
  }

  /** Stops the server with SIGTERM (SIGKILL after 5 s) and removes the temp dir. */
  async stop() {
    const proc = this.proc;
    this.proc = null;
    if (proc && proc.exitCode === null && proc.signalCode === null) {
      const done = new Promise((r) => proc.once('exit', r));
      proc.kill('SIGTERM');
      const killed = await Promise.race([done.then(() => false), sleep(5000).then(() => true)]);
      if (killed) {
        proc.kill('SIGKILL');
        await done;
      }
    }
    if (proc) live.delete(proc);
    await rm(this.dir, { recursive: true, force: true });
  }
}

/** Launches headless Chromium from Debian's package. */
/** The operator admin most browser tests log in as (created by startWithBrowser's default). */
export const ADMIN = Object.freeze({ login: 'admin', password: 'Sakura-Kaze-2025!' });

/**
 * The set-up the browser tests share: a fresh server with the given operator admins (with a
 * password each, no change needed) and extra environment (set before the admins are made, so a
 * key that the CLI reads applies to them too), started, and the browser. Resolves
 * { server, browser }; pair it with closeAll(browser, server) in after().
 */
export async function startWithBrowser({ admins = [ADMIN], env = {} } = {}) {
  const server = await AnshinServer.create();
  Object.assign(server.env, env);
  for (const admin of admins) await server.createAdmin(admin.login, admin.password);
  await server.start();
  return { server, browser: await launchBrowser() };
}

/** Changes a one-time password through the API (so the person lands on the dashboard); resolves the credentials with the new one. */
export async function settlePassword(baseURL, credentials, password) {
  const client = await ApiClient.login(baseURL, credentials);
  await client.expect(204, 'POST', '/api/v1/me/password', { current_password: credentials.password, new_password: password });
  return { ...credentials, password };
}

/**
 * What most tests need to apply for: terms in force from today, a shop, its service and a plan, made
 * by the operator client op; each body's fields may be overridden. Resolves { terms, shop, service, plan }.
 */
export async function publishOffer(op, { shop: shopBody = {}, service: serviceBody = {}, plan: planBody = {} } = {}) {
  const { document: terms } = await op.expect(201, 'POST', '/api/v1/documents', {
    kind: 'terms', title: 'anshin 利用規約', body: '第1条（適用）', effective_on: jstDate(0),
  });
  const { shop } = await op.expect(201, 'POST', '/api/v1/shops', { code: 'aozora', name: 'あおぞらソフトウェア開発株式会社', contact_email: 'shop@aozora.example.jp', ...shopBody });
  const { service } = await op.expect(201, 'POST', '/api/v1/services', {
    shop_id: shop.id, code: 'kintai', name: '勤怠管理クラウドサービス', description: '勤怠クラウドです。', conditions: '特になし。', notice_days: 180, ...serviceBody,
  });
  const { plan } = await op.expect(201, 'POST', `/api/v1/services/${service.id}/plans`, {
    code: 'basic', name: 'ベーシックプラン', monthly_fee: 1000, tax_rate: 10, max_users: 10, storage_gb: 5, ...planBody,
  });
  return { terms, shop, service, plan };
}

/** Closes what a test started, in the order given (a browser, a server, a mail sink); undefined ones are skipped. */
export async function closeAll(...things) {
  for (const thing of things) {
    if (!thing) continue;
    if (typeof thing.close === 'function') await thing.close();
    else await thing.stop();
  }
}

export function launchBrowser() {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
}

/** Path for a screenshot under tests/out/e2e (created on demand). */
export async function screenshotPath(name) {
  await mkdir(OUT_DIR, { recursive: true });
  return path.join(OUT_DIR, name);
}

/**
 * Opens a fresh context and page, and collects what would show a broken page: uncaught errors and
 * Content-Security-Policy violations (the strict CSP forbids inline scripts and styles).
 */
export async function openPage(browser, baseURL, { viewport = { width: 1280, height: 860 }, ...contextOptions } = {}) {
  const context = await browser.newContext({ baseURL, locale: 'ja-JP', timezoneId: 'Asia/Tokyo', viewport, ...contextOptions });
  context.setDefaultTimeout(10000);
  const page = await context.newPage();
  const problems = [];
  page.on('pageerror', (err) => problems.push(`page error: ${err.message}`));
  page.on('console', (msg) => {
    const text = msg.text();
    if (/Content Security Policy|Refused to/i.test(text)) problems.push(`CSP: ${text}`);
    else if (msg.type() === 'error' && !/Failed to load resource/.test(text)) problems.push(`console: ${text}`);
  });
  return { context, page, problems };
}

/**
 * The JSON API from node, for setting up data faster than through the pages: keeps the session
 * cookie and the CSRF token of its login, and sends them like the browser does.
 */
export class ApiClient {
  constructor(baseURL, { lang = 'ja' } = {}) {
    this.baseURL = baseURL;
    this.lang = lang;
    this.cookie = '';
    this.csrf = '';
    this.headers = {}; // sent with every request (e.g. Authorization: Basic for a tenant's gate)
  }

  /** Logs in ({company_code?, login, password}, extra headers); resolves a client holding that session. */
  static async login(baseURL, credentials, headers = {}) {
    const client = new ApiClient(baseURL);
    client.headers = headers;
    await client.expect(200, 'POST', '/api/v1/auth/login', credentials);
    return client;
  }

  /** Sends one request; resolves {status, data (parsed JSON or null), text, headers}. */
  async request(method, path, body) {
    const headers = { Accept: 'application/json, application/problem+json', 'Accept-Language': this.lang, ...this.headers };
    if (this.cookie) headers.Cookie = this.cookie;
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    if (method !== 'GET' && method !== 'HEAD' && this.csrf) headers['X-CSRF-Token'] = this.csrf;
    const res = await fetch(new URL(path, this.baseURL), {
      method, headers, body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(10000),
    });
    const setCookie = res.headers.get('set-cookie');
    if (setCookie) this.cookie = setCookie.split(';')[0];
    const text = await res.text();
    let data = null;
    try {
      data = text ? JSON.parse(text) : null;
    } catch {
      data = null;
    }
    if (data && typeof data.csrf_token === 'string') this.csrf = data.csrf_token;
    return { status: res.status, data, text, headers: res.headers };
  }

  /** Like request, but fails unless the answer has the expected status; resolves the parsed body. */
  async expect(status, method, path, body) {
    const res = await this.request(method, path, body);
    if (res.status !== status) {
      throw new Error(`${method} ${path}: expected ${status}, got ${res.status}: ${res.text.slice(0, 500)}`);
    }
    return res.data;
  }
}

/** The confirmation token mailed to email for an application, read by operator staff (op) from the outbox. */
export async function confirmationToken(op, email, timeoutMs = 10000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const { items } = await op.expect(200, 'GET', '/api/v1/mail?limit=500');
    const m = (items || []).find((x) => x.to === email && x.template === 'application_confirm');
    if (m) {
      const { mail } = await op.expect(200, 'GET', `/api/v1/mail/${m.id}`);
      const found = /confirm=([A-Za-z0-9_-]+)/.exec(mail.body_text);
      if (found) return found[1];
    }
    if (Date.now() > deadline) throw new Error(`no confirmation mail to ${email}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Submits an application through the API and confirms it from the applicant's mail (the form
 * answers only "received"); resolves the application, now waiting for the operator. */
export async function applyConfirmed(op, body) {
  // The declarations of Art. 26 (issue 10 item 20) are made unless the test says otherwise.
  body = { privacy_confirmed: true, antisocial_declared: true, ...body };
  await op.expect(202, 'POST', '/api/v1/applications', body);
  const token = await confirmationToken(op, body.responsible_email);
  return (await op.expect(200, 'POST', '/api/v1/applications/confirm', { token })).application;
}

/**
 * Runs fn(page) in a fresh browser context; fails on page errors or CSP violations, and on failure
 * saves a screenshot (failureShot, under tests/out/e2e) and appends the server log's tail.
 */
export async function withPage(browser, server, fn, { failureShot = 'failure.png', ...options } = {}) {
  const { context, page, problems } = await openPage(browser, server.url, options);
  try {
    await fn(page, context);
    if (problems.length) throw new Error(`the page logged errors or CSP violations:\n${problems.join('\n')}`);
  } catch (err) {
    await page.screenshot({ path: await screenshotPath(failureShot), fullPage: true }).catch(() => {});
    if (server.log) err.message += `\n--- server log (tail) ---\n${server.log.split('\n').slice(-15).join('\n')}`;
    throw err;
  } finally {
    await context.close();
  }
}

/** Logs in on the login page: company code (left empty for staff), login ID, password, Enter. */
export async function logIn(page, { company_code: company = '', login, password }) {
  await page.goto('/');
  if (company) await page.getByLabel('企業コード（事業者スタッフは空欄）', { exact: true }).fill(company);
  await page.getByLabel('ログインID', { exact: true }).fill(login);
  const pw = page.getByLabel('パスワード', { exact: true });
  await pw.fill(password);
  await pw.press('Enter');
}

/**
 * Signs in through the API and gives the session cookie to the page's browser context, then opens
 * landing (default /dashboard; null: stays): for tests that are not about the login screen, and
 * quicker than typing into it. Resolves the ApiClient holding the same session.
 */
export async function logInByApi(page, baseURL, credentials, { landing = '/dashboard' } = {}) {
  const client = await ApiClient.login(baseURL, credentials);
  const eq = client.cookie.indexOf('=');
  await page.context().addCookies([{
    name: client.cookie.slice(0, eq), value: client.cookie.slice(eq + 1), url: baseURL, httpOnly: true, sameSite: 'Strict',
  }]);
  if (landing) {
    await page.goto(landing);
    // The hint the login page leaves for the public pages' shell (web/js/api.js rememberSession).
    await page.evaluate(() => localStorage.setItem('anshin.session', '1'));
  }
  return client;
}

/** YYYY-MM-DD, n days after today in Japan. */
export function jstDate(n = 0) {
  const now = new Date(Date.now() + 9 * 3600 * 1000);
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + n)).toISOString().slice(0, 10);
}

/** 2026年12月24日 for 2026-12-24. */
export function jaDate(ymd) {
  const [y, m, d] = ymd.split('-').map(Number);
  return `${y}年${m}月${d}日`;
}

/** A user made through the API by its tenant admin (ta), ready to log in. A new user gets only a
 * set-password link by mail, never a password (issue 10); a test without a mailbox has the admin
 * give a one-time password by the forced reset a tenant admin can do. Resolves the creation's
 * answer with that password as initial_password. */
export async function addUserWithPassword(ta, body) {
  const made = await ta.expect(201, 'POST', '/api/v1/users', body);
  const { initial_password } = await ta.expect(200, 'POST', `/api/v1/users/${made.user.id}/password-reset`);
  return { ...made, initial_password };
}
