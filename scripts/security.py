#!/usr/bin/env python3
"""The Python half of `make security` (scripts/security.sh): seeds the scanned server through the
API, serves wapiti's out-of-band endpoint on loopback, lists the API's GET URLs for wapiti, runs
the slowloris attack with its /healthz probe, and judges the reports of sqlmap, wapiti and
testssl.sh. Every subcommand prints one line per finding and exits 1 when the check fails."""
import argparse
import binascii
import datetime
import http.client
import http.server
import json
import os
import re
import resource
import socket
import subprocess
import sys
import threading
import time
import urllib.parse

import requests

TENANT_PASSWORD = "Scan-Tenant-Passw0rd-2026!"
JST = datetime.timezone(datetime.timedelta(hours=9))


# ---------------------------------------------------------------------------------------------
# seed: the data every scanned endpoint needs, made through the API as an operator would.

def _ok(r, code):
    if r.status_code != code:
        raise SystemExit("seed: %s %s answered %d: %s" % (r.request.method, r.request.url,
                                                          r.status_code, r.text[:300]))
    return r.json() if r.content else {}


def _login(url, login, password, company_code=None):
    """A logged-in session with its CSRF header set; changes a one-time password first."""
    body = {"login": login, "password": password}
    if company_code:
        body["company_code"] = company_code
    s = requests.Session()
    j = _ok(s.post(url + "/api/v1/auth/login", json=body), 200)
    s.headers["X-CSRF-Token"] = j["csrf_token"]
    if j.get("password_change_required"):
        _ok(s.post(url + "/api/v1/me/password",
                   json={"current_password": password, "new_password": TENANT_PASSWORD}), 204)
    return s


def _session_record(s):
    name, value = next(iter(s.cookies.items()))
    return {"cookie_name": name, "cookie": value, "csrf": s.headers["X-CSRF-Token"]}


def _initial_password(url, admin, email):
    for m in _ok(admin.get(url + "/api/v1/mail", params={"limit": 500}), 200)["items"]:
        if m["to"] == email:
            body = _ok(admin.get(url + "/api/v1/mail/%d" % m["id"]), 200)["mail"]["body_text"]
            for line in body.splitlines():
                if "初期パスワード：" in line:
                    return line.split("：", 1)[1].strip()
    raise SystemExit("seed: no initial-password mail to " + email)


def cmd_seed(a):
    url = a.url
    admin = _login(url, a.staff, a.password)
    # A tenant with its admin (one-time password changed) and a member made by that admin.
    t = _ok(admin.post(url + "/api/v1/tenants", json={
        "company_code": "ACME", "name": "株式会社アクメ", "responsible_name": "山田 太郎",
        "responsible_email": "owner@acme.example.jp", "admin_login": "yamada"}), 201)
    tadmin = _login(url, "yamada", t["initial_password"], "ACME")
    u = _ok(tadmin.post(url + "/api/v1/users", json={
        "login": "sato", "email": "sato@acme.example.jp", "display_name": "佐藤 花子"}), 201)
    _login(url, "sato", u["initial_password"], "ACME")
    # A shop, a published service with a plan, and terms in force: the application form works.
    shop = _ok(admin.post(url + "/api/v1/shops", json={
        "code": "shop1", "name": "ショップ1", "contact_email": "shop@shop1.example.jp"}), 201)["shop"]
    svc = _ok(admin.post(url + "/api/v1/services", json={
        "shop_id": shop["id"], "code": "kintai", "name": "勤怠クラウド", "description": "勤怠管理",
        "conditions": "最大ユーザー数まで", "notice_days": 90}), 201)["service"]
    plan = _ok(admin.post(url + "/api/v1/services/%d/plans" % svc["id"], json={
        "code": "basic", "name": "BASIC", "monthly_fee": 1000, "initial_fee": 0, "tax_rate": 10,
        "max_users": 50, "storage_gb": 10}), 201)["plan"]
    today = datetime.datetime.now(JST).date().isoformat()
    terms = _ok(admin.post(url + "/api/v1/documents", json={
        "kind": "terms", "title": "利用規約", "body": "第1条 ...", "effective_on": today}),
        201)["document"]
    # One approved application: a second tenant with a contract, so every id in a path exists.
    app = {"company_name": "株式会社ベータ", "company_code": "BETA", "address": "東京都千代田区1-1",
           "phone": "03-1234-5678", "responsible_name": "鈴木 一郎",
           "responsible_email": "suzuki@beta.example.jp", "admin_login": "suzuki",
           "plan_id": plan["id"], "terms_document_id": terms["id"], "agree": True}
    _ok(requests.post(url + "/api/v1/applications", json=app), 202)
    # The applicant confirms the address with the link mailed to it; the operator reads that
    # mail from the outbox (no relay is configured).
    box = _ok(admin.get(url + "/api/v1/mail", params={"limit": 50}), 200)["items"]
    confirm = [m for m in box if m["to"] == app["responsible_email"]
               and m["template"] == "application_confirm"]
    if not confirm:
        raise SystemExit("seed: no confirmation mail for the application")
    text = _ok(admin.get(url + "/api/v1/mail/%d" % confirm[0]["id"]), 200)["mail"]["body_text"]
    token = re.search(r"confirm=([A-Za-z0-9_-]+)", text)
    if not token:
        raise SystemExit("seed: no confirmation link in the mail")
    application = _ok(requests.post(url + "/api/v1/applications/confirm",
                                    json={"token": token.group(1)}), 200)["application"]
    contract = _ok(admin.post(url + "/api/v1/applications/%d/approve" % application["id"],
                              json={}), 200)["contract"]
    mail = _ok(admin.get(url + "/api/v1/mail", params={"limit": 1}), 200)["items"][0]
    staff_id = _ok(admin.get(url + "/api/v1/me"), 200)
    staff_id = staff_id.get("me", staff_id).get("id", 1)
    state = {
        "url": url,
        "tenant": {"code": "ACME", "id": t["tenant"]["id"]},
        "user": {"company_code": "ACME", "login": "sato", "password": TENANT_PASSWORD},
        "application": dict(app, company_code="GAMMA", admin_login="tanaka",
                            responsible_email="tanaka@gamma.example.jp"),
        "ids": {"staff": staff_id, "tenant": t["tenant"]["id"], "application": application["id"],
                "shop": shop["id"], "service": svc["id"], "contract": contract["id"],
                "mail": mail["id"], "document": terms["id"]},
        # One session per scanner, so that no scanner's session is another's.
        "sessions": {k: _session_record(_login(url, a.staff, a.password))
                     for k in ("tenants", "audit", "wapiti")},
    }
    with open(a.state, "w") as f:
        json.dump(state, f, ensure_ascii=False, indent=1)


# ---------------------------------------------------------------------------------------------
# wapiti: its start URLs, its out-of-band endpoint, and the verdict on its report.

SAMPLE = {"limit": "20", "offset": "0", "q": "AC", "user": "scanner", "action": "auth.login",
          "from": "2020-01-01", "to": "2099-12-31", "status": "pending", "kind": "terms",
          "month": None, "change_on": None, "company_code": "ACME", "service_code": "kintai"}
PATH_IDS = {"/staff/": "staff", "/tenants/": "tenant", "/applications/": "application",
            "/shops/": "shop", "/contracts/": "contract", "/mail/": "mail",
            "/document-versions/": "document", "/services/": "service"}


def cmd_wapiti_urls(a):
    """Every GET of docs/openapi.yaml an operator admin (or anyone) may call, path ids taken
    from the seeded data and every query parameter given a plausible value."""
    import yaml
    with open(a.openapi) as f:
        spec = yaml.safe_load(f)
    with open(a.state) as f:
        state = json.load(f)
    params = spec["components"]["parameters"]
    today = datetime.datetime.now(JST).date()
    sample = dict(SAMPLE, month=today.strftime("%Y-%m"), change_on=today.isoformat(),
                  tenant_id=str(state["ids"]["tenant"]))
    for path, ops in spec["paths"].items():
        op = ops.get("get")
        if not op:
            continue
        roles = op.get("x-anshin-permission", {}).get("roles") or []
        if op.get("x-anshin-auth") != "public" and "admin" not in roles:
            continue
        query = []
        for p in op.get("parameters", []):
            if "$ref" in p:
                p = params[p["$ref"].rsplit("/", 1)[1]]
            if p["in"] == "query":
                query.append((p["name"], sample.get(p["name"]) or "1"))
        def sub(m, path=path):
            key = next((v for k, v in PATH_IDS.items() if k in path), None)
            return str(state["ids"][key]) if key else "terms"
        concrete = re.sub(r"\{[a-z_]+\}", sub, path)
        print(a.base + concrete + ("?" + urllib.parse.urlencode(query) if query else ""))


class _Endpoint(http.server.BaseHTTPRequestHandler):
    """Plays wapiti's endpoint (wapiti3.ovh) on loopback: the SSRF and XXE modules make the
    target fetch {endpoint}ssrf/... or {endpoint}dtd/..., then ask get_ssrf.php or get_xxe.php
    which of those arrived. Any request but those questions is a request the target made."""
    hits = []
    log = None
    lock = threading.Lock()

    def log_message(self, *args):
        pass

    def _any(self):
        u = urllib.parse.urlsplit(self.path)
        if u.path in ("/get_ssrf.php", "/get_xxe.php"):
            sid = urllib.parse.parse_qs(u.query).get("id", [""])[0]
            kind = "ssrf" if "ssrf" in u.path else "dtd"
            out = {}
            with self.lock:
                for h in self.hits:
                    if h["kind"] == kind and h["session"] == sid:
                        out.setdefault(h["path_id"], {}).setdefault(h["hex"], []).append(h)
            body = json.dumps(out).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
            return
        n = int(self.headers.get("Content-Length") or 0)
        if n:
            self.rfile.read(min(n, 1 << 20))
        parts = u.path.strip("/").split("/")
        hit = {"kind": parts[0] if parts else "", "session": "", "path_id": "", "hex": "",
               "url": self.path, "method": self.command, "ip": self.client_address[0],
               "date": datetime.datetime.now().isoformat(), "size": n,
               "payload": os.path.splitext(parts[-1])[0] if parts else ""}
        if len(parts) >= 4 and parts[0] in ("ssrf", "dtd"):
            hit.update(session=parts[1], path_id=parts[2], hex=parts[3])
        with self.lock:
            self.hits.append(hit)
            with open(self.log, "a") as f:
                f.write(json.dumps(hit) + "\n")
        self.send_response(200)
        self.send_header("Content-Length", "0")
        self.end_headers()

    do_GET = do_POST = do_PUT = do_HEAD = do_OPTIONS = do_DELETE = _any


def cmd_endpoint(a):
    _Endpoint.log = a.log
    open(a.log, "w").close()
    srv = http.server.ThreadingHTTPServer(("127.0.0.1", a.port), _Endpoint)
    srv.serve_forever()


# What counts in wapiti's report. Failing: the vulnerability classes the scan is for, and a
# 500 (an input the server did not handle). Reported only: header, cookie-flag, CSP and CSRF
# advice and the other informational classes.
WAPITI_FAIL = ["Cross Site Scripting", "SQL Injection", "Blind SQL Injection",
               "Command execution", "Path Traversal", "CRLF Injection", "XML External Entity",
               "Server Side Request Forgery", "Open Redirect", "Internal Server Error"]


def cmd_wapiti_check(a):
    try:
        with open(a.report) as f:
            rep = json.load(f)
    except (OSError, ValueError) as e:
        print("INCONCLUSIVE: no wapiti report (%s); see wapiti.log" % e)
        return 1
    failed = 0
    seen = {}
    for group in ("vulnerabilities", "anomalies", "additionals"):
        for cat, items in (rep.get(group) or {}).items():
            if items:
                seen[cat] = len(items)
            if cat in WAPITI_FAIL:
                for it in items:
                    failed += 1
                    print("FINDING %s: %s %s parameter=%s — %s" % (
                        cat, it.get("method"), it.get("path"), it.get("parameter"),
                        (it.get("info") or "").splitlines()[0] if it.get("info") else ""))
    with open(a.hits) as f:
        hits = [json.loads(l) for l in f if l.strip()]
    for h in hits:
        failed += 1
        print("FINDING outbound request from the target to the loopback endpoint: %s %s" % (
            h["method"], h["url"]))
    crawled = len((rep.get("infos") or {}).get("crawled_pages") or []) or rep.get("infos", {}).get("crawled_pages_nbr")
    info = ", ".join("%s %d" % kv for kv in sorted(seen.items()) if kv[0] not in WAPITI_FAIL)
    print("wapiti: %d failing finding(s); informational: %s" % (failed, info or "none"))
    if crawled is not None:
        print("wapiti: %s resources crawled" % crawled)
    return 1 if failed else 0


# ---------------------------------------------------------------------------------------------
# sqlmap: the verdict on one run's console output.

def cmd_sqlmap_check(a):
    with open(a.log, errors="replace") as f:
        out = f.read()
    codes = re.findall(r"HTTP error codes detected during run:\s*(.*)", out)
    if "identified the following injection point" in out:
        for m in re.finditer(r"Parameter: (.*)\n(?:\s+Type: (.*)\n)?", out):
            print("FINDING injectable %s (%s)" % (m.group(1), m.group(2) or "?"))
        return 1
    if re.search(r"\b429 \(Too Many Requests\)", "\n".join(codes)):
        print("INCONCLUSIVE: the server rate-limited the scan (%s); turn the limit off for the "
              "scanned server (SECURITY_SERVER_ENV)" % codes[-1])
        return 1
    if re.search(r"\b5\d\d \(", "\n".join(codes)):
        print("FINDING the server answered 5xx to sqlmap's input: %s" % codes[-1])
        return 1
    if "all tested parameters do not appear to be injectable" in out:
        tested = sorted(set(re.findall(r"testing if (?:\(custom\) POST |GET |Cookie )?"
                                        r"parameter '([^']+)' is dynamic", out)))
        print("sqlmap: nothing injectable; parameters tested: %s%s" % (
            ", ".join(tested) or "?", "; HTTP codes: " + codes[-1] if codes else ""))
        return 0
    crit = re.findall(r"\[CRITICAL\] (.*)", out)
    print("INCONCLUSIVE: sqlmap did not finish its tests: %s" % (crit[-1] if crit else "see log"))
    return 1


# ---------------------------------------------------------------------------------------------
# testssl.sh: TLS 1.2 and newer only, AEAD suites only, and a server cipher order.

AEAD = ("GCM", "CCM", "CHACHA20", "POLY1305")


def cmd_testssl_check(a):
    with open(a.json) as f:
        found = {}
        for item in json.load(f):
            found.setdefault(item["id"], []).append(item)
    failed = 0
    for proto in ("SSLv2", "SSLv3", "TLS1", "TLS1_1"):
        items = found.get(proto)
        if not items:
            print("INCONCLUSIVE: testssl.sh reported nothing on %s" % proto)
            failed += 1
        elif not items[0]["finding"].startswith("not offered"):
            print("FINDING %s %s" % (proto, items[0]["finding"]))
            failed += 1
    suites = [i for k, v in found.items() if k.startswith("cipher-") for i in v]
    if not suites:
        print("INCONCLUSIVE: testssl.sh listed no cipher suite")
        failed += 1
    for s in suites:
        cols = s["finding"].split()
        name = cols[-1] if cols[-1].startswith("TLS_") else " ".join(cols[:4])
        if "_CBC_" in s["finding"] or not any(x in s["finding"].upper() for x in AEAD):
            print("FINDING non-AEAD (CBC) suite offered: %s" % re.sub(r"\s+", " ", s["finding"]))
            failed += 1
        elif a.verbose:
            print("ok %s" % name)
    order = found.get("cipher_order")
    if not order:
        print("INCONCLUSIVE: testssl.sh reported no cipher_order")
        failed += 1
    elif order[0]["severity"] != "OK":
        print("FINDING cipher order: %s" % order[0]["finding"])
        failed += 1
    print("testssl: %d suite(s) offered, %d failing finding(s)" % (len(suites), failed))
    return 1 if failed else 0


# ---------------------------------------------------------------------------------------------
# slowloris: trickled headers from several source addresses while /healthz is probed.

class _Trickler(threading.Thread):
    """Opens `conns` connections from `source` at `rate` a second, each sending a request line
    and then one header line every `interval` seconds, never the blank line that ends them. A
    closed connection is not reopened (as slowhttptest does)."""

    def __init__(self, source, host, port, conns, rate, interval, stop):
        super().__init__(daemon=True)
        self.source, self.host, self.port = source, host, port
        self.conns, self.rate, self.interval, self.stop = conns, rate, interval, stop
        self.socks, self.opened, self.refused, self.closed_by_server = [], 0, 0, 0

    def _open_one(self):
        s = socket.socket()
        s.settimeout(2)
        try:
            s.bind((self.source, 0))
            s.connect((self.host, self.port))
            s.sendall(b"GET /healthz?%d HTTP/1.1\r\nHost: %s\r\nUser-Agent: slow\r\n"
                      % (self.opened, self.host.encode()))
            s.setblocking(False)
            self.socks.append(s)
            self.opened += 1
        except OSError:
            s.close()
            self.refused += 1

    def _trickle(self):
        alive = []
        for s in self.socks:
            try:
                if s.recv(1, socket.MSG_PEEK) == b"":
                    raise OSError("closed")
            except BlockingIOError:
                pass
            except OSError:
                self.closed_by_server += 1
                s.close()
                continue
            try:
                s.send(b"X-a: b\r\n")
                alive.append(s)
            except OSError:
                self.closed_by_server += 1
                s.close()
        self.socks = alive

    def run(self):
        next_trickle = time.monotonic() + self.interval
        attempts = 0
        while not self.stop.is_set():
            if attempts < self.conns:
                self._open_one()
                attempts += 1
                self.stop.wait(1.0 / self.rate)
            else:
                self.stop.wait(0.2)
            if time.monotonic() >= next_trickle:
                self._trickle()
                next_trickle = time.monotonic() + self.interval
        for s in self.socks:
            s.close()


def _probe(host, port, source, timeout):
    t0 = time.monotonic()
    c = http.client.HTTPConnection(host, port, timeout=timeout, source_address=(source, 0))
    try:
        c.request("GET", "/healthz")
        r = c.getresponse()
        r.read()
        lat = time.monotonic() - t0
        return r.status == 200 and lat <= timeout, lat, "HTTP %d after %.2f s" % (r.status, lat)
    except (OSError, http.client.HTTPException) as e:
        return False, time.monotonic() - t0, type(e).__name__ + (": %s" % e if str(e) else "")
    finally:
        c.close()


def cmd_slowloris(a):
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    want = a.conns * len(a.sources) + 256
    if soft < want:
        resource.setrlimit(resource.RLIMIT_NOFILE, (min(want, hard), hard))
    stop = threading.Event()
    results = []  # (seconds since start, ok, latency, detail)
    start = time.monotonic()

    def prober():
        while not stop.is_set():
            t = time.monotonic()
            ok, lat, detail = _probe(a.host, a.port, a.probe_source, a.probe_timeout)
            results.append((t - start, ok, lat, detail))
            stop.wait(max(0.0, 1.0 - (time.monotonic() - t)))

    p = threading.Thread(target=prober, daemon=True)
    p.start()
    time.sleep(a.warmup)
    slow = None
    if a.slowhttptest:
        slow = subprocess.Popen(a.slowhttptest, shell=True, stdout=open(a.slowhttptest_log, "w"),
                                stderr=subprocess.STDOUT, start_new_session=True)
    tricklers = [_Trickler(s, a.host, a.port, a.conns, a.rate, a.interval, stop) for s in a.sources]
    for t in tricklers:
        t.start()
    deadline = time.monotonic() + a.duration
    held_max = 0
    while time.monotonic() < deadline:
        time.sleep(1)
        held_max = max(held_max, sum(len(t.socks) for t in tricklers))
    stop.set()
    for t in tricklers:
        t.join(10)
    p.join(a.probe_timeout + 2)
    if slow:
        try:
            slow.wait(a.probe_timeout + 15)
        except subprocess.TimeoutExpired:
            os.killpg(slow.pid, 15)
            slow.wait()
    before = [r for r in results if r[0] < a.warmup]
    during = [r for r in results if r[0] >= a.warmup]
    bad = [r for r in during if not r[1]]
    for s in tricklers:
        print("trickler %s: %d connections opened, %d refused, %d closed by the server" % (
            s.source, s.opened, s.refused, s.closed_by_server))
    print("slowloris: at most %d trickled connections held at once (plus slowhttptest's)" % held_max)
    if slow:
        with open(a.slowhttptest_log, errors="replace") as f:
            text = re.sub(r"\x1b\[[0-9;]*m", "", f.read())
        last = {k: v for k, v in re.findall(r"^(connected|closed|error|service available):\s*(\S+)",
                                            text, re.M)}
        print("slowhttptest (127.0.0.1): connected %s, closed %s, error %s at the end; its own "
              "probe (informational, not the verdict): service available %s" % tuple(last.get(k, "?") for k in (
                  "connected", "closed", "error", "service available")))
    if before and not all(r[1] for r in before):
        print("INCONCLUSIVE: /healthz failed before the attack started")
        return 1
    if not during:
        print("INCONCLUSIVE: no probe ran during the attack")
        return 1
    lat = max(r[2] for r in during if r[1]) if len(bad) < len(during) else float("nan")
    print("probe: %d /healthz requests during the attack, %d unanswered within %.0f s; slowest "
          "answer %.2f s" % (len(during), len(bad), a.probe_timeout, lat))
    failed = 0
    if bad:
        first = bad[0]
        print("FINDING /healthz unanswered from t=%.0f s of the attack (%s); %d of %d probes "
              "failed" % (first[0] - a.warmup, first[3], len(bad), len(during)))
        failed = 1
    # Headers that never end must meet a deadline: a server that keeps every trickled
    # connection for the whole attack only survives while its connection limit is larger.
    if sum(t.opened for t in tricklers) and not sum(t.closed_by_server for t in tricklers):
        print("FINDING no trickled connection was closed by the server in %.0f s: request "
              "headers have no deadline" % a.duration)
        failed = 1
    return failed


def main():
    ap = argparse.ArgumentParser(description=__doc__)
    sub = ap.add_subparsers(dest="cmd", required=True)
    p = sub.add_parser("seed")
    p.add_argument("--url", required=True)
    p.add_argument("--staff", required=True)
    p.add_argument("--password", required=True)
    p.add_argument("--state", required=True)
    p = sub.add_parser("wapiti-urls")
    p.add_argument("--openapi", required=True)
    p.add_argument("--state", required=True)
    p.add_argument("--base", required=True)
    p = sub.add_parser("endpoint")
    p.add_argument("--port", type=int, required=True)
    p.add_argument("--log", required=True)
    p = sub.add_parser("wapiti-check")
    p.add_argument("--report", required=True)
    p.add_argument("--hits", required=True)
    p = sub.add_parser("sqlmap-check")
    p.add_argument("--log", required=True)
    p = sub.add_parser("testssl-check")
    p.add_argument("--json", required=True)
    p.add_argument("--verbose", action="store_true")
    p = sub.add_parser("slowloris")
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, required=True)
    p.add_argument("--sources", type=lambda s: s.split(","), required=True)
    p.add_argument("--conns", type=int, default=250, help="connections per source address")
    p.add_argument("--rate", type=float, default=50, help="new connections a second per source")
    p.add_argument("--interval", type=float, default=5, help="seconds between trickled headers")
    p.add_argument("--duration", type=float, default=60)
    p.add_argument("--warmup", type=float, default=3)
    p.add_argument("--probe-source", default="127.0.0.10")
    p.add_argument("--probe-timeout", type=float, default=2)
    p.add_argument("--slowhttptest", default="")
    p.add_argument("--slowhttptest-log", default=os.devnull)
    a = ap.parse_args()
    return {"seed": cmd_seed, "wapiti-urls": cmd_wapiti_urls, "endpoint": cmd_endpoint,
            "wapiti-check": cmd_wapiti_check, "sqlmap-check": cmd_sqlmap_check,
            "testssl-check": cmd_testssl_check, "slowloris": cmd_slowloris}[a.cmd](a) or 0


if __name__ == "__main__":
    sys.exit(main())
