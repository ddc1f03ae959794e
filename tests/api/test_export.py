"""A tenant's data export (issue 14: WP-16, TOS-10, SLA-23, SLA-24): a tenant admin asks, the
server builds the ZIP in the background with its progress, a single-use link downloads it once;
the ZIP opens, its CSVs (UTF-8 with BOM) read correctly with Python's csv module and hold only
the tenant's own data; the bulk-export rules (one at a time, a daily number, tenant admins only)
are enforced; every step is in the tenant's audit log."""
import csv
import io
import json
import time
import zipfile

from conftest import DRIVER, unique
from tenancy import create_tenant, user_session

SERVER_ENV = {"ANSHIN_LIFECYCLE_EXPORT_POLL_INTERVAL_MS": "100",
              "ANSHIN_LIFECYCLE_EXPORT_PER_DAY": "2"}


def wait_ready(s, url, export_id):
    deadline = time.time() + 20
    seen = set()
    while time.time() < deadline:
        e = s.get("%s/api/v1/exports/%d" % (url, export_id)).json()["export"]
        seen.add(e["progress"])
        if e["status"] in ("ready", "failed"):
            return e, seen
        time.sleep(0.05)
    raise AssertionError("the export was not built in 20 s")


def test_export_zip_single_use_link_and_rules(make_server):
    """WP-16, TOS-10, SLA-23, SLA-24."""
    srv = make_server(DRIVER, env=SERVER_ENV)
    srv.create_staff("admin")
    srv.start()
    op = srv.login("admin")
    mine, other = unique("E").upper(), unique("O").upper()
    made = create_tenant(srv, op, mine, "輸出株式会社")
    create_tenant(srv, op, other, "他社株式会社")
    s = user_session(srv, mine, "admin1", made["initial_password"])
    r = s.post(srv.url + "/api/v1/users", json={
        "login": "taro", "display_name": "山田, \"太郎\"", "email": "taro@example.jp",
        "roles": ["member"]})
    assert r.status_code == 201, r.text
    # Operators have no tenant to export: nothing to see.
    assert op.post(srv.url + "/api/v1/exports", json={}).status_code == 404
    r = s.post(srv.url + "/api/v1/exports", json={})
    assert r.status_code == 202, r.text
    e = r.json()["export"]
    assert e["status"] in ("queued", "running") and e["requested_by"] == "admin1"
    # One at a time.
    assert s.post(srv.url + "/api/v1/exports", json={}).status_code in (202, 409)
    e, progress = wait_ready(s, srv.url, e["id"])
    assert e["status"] == "ready" and e["progress"] == 100 and e["bytes"] > 0, e
    link = s.post(srv.url + "/api/v1/exports/%d/link" % e["id"], json={}).json()
    z = s.get(srv.url + link["download_url"])
    assert z.status_code == 200 and z.headers["Content-Type"] == "application/zip"
    # The link works once.
    assert s.get(srv.url + link["download_url"]).status_code == 404
    zf = zipfile.ZipFile(io.BytesIO(z.content))
    names = set(zf.namelist())
    for kind in ("users", "contracts", "change_requests", "audit_events", "handovers"):
        assert kind + ".csv" in names and kind + ".json" in names
    raw = zf.read("users.csv")
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"), newline="")))
    assert {r["login"] for r in rows} == {"admin1", "taro"}
    assert [r["display_name"] for r in rows if r["login"] == "taro"] == ['山田, "太郎"']
    users_json = json.loads(zf.read("users.json"))
    assert len(users_json) == 2
    audit = list(csv.DictReader(io.StringIO(zf.read("audit_events.csv").decode("utf-8-sig"),
                                            newline="")))
    assert audit and all(other not in json.dumps(a, ensure_ascii=False) for a in audit)
    manifest = json.loads(zf.read("manifest.json"))
    assert manifest["counts"]["users"] == 2
    # The daily number: 2 a day here, the first already used; the second is refused at 3.
    r = s.post(srv.url + "/api/v1/exports", json={})
    if r.status_code == 202:
        wait_ready(s, srv.url, r.json()["export"]["id"])
        r = s.post(srv.url + "/api/v1/exports", json={})
    assert r.status_code == 429 and r.json()["type"] == "/problems/rate-limited"
    events = s.get(srv.url + "/api/v1/audit/events", params={"limit": 200}).json()["items"]
    actions = {ev["action"] for ev in events}
    assert {"data.export_request", "data.export", "data.download"} <= actions


def test_export_holds_tickets_their_messages_and_invoices(make_server):
    """WP-16, SLA-23, SLA-24, TOS-10: the ZIP also holds the tenant's support tickets (subject
    and requester opened from their sealed form), the messages the contractor can read (no
    internal note) and the issued invoices (the fee statements as issued) — and nothing of
    another tenant's tickets."""
    srv = make_server(DRIVER, env=SERVER_ENV)
    srv.create_staff("admin")
    srv.start()
    op = srv.login("admin")
    mine, other = unique("ET").upper(), unique("OT").upper()
    made = create_tenant(srv, op, mine, "問合株式会社")
    theirs = create_tenant(srv, op, other, "他社問合株式会社")
    s = user_session(srv, mine, "admin1", made["initial_password"])
    o = user_session(srv, other, "admin1", theirs["initial_password"])
    r = s.post(srv.url + "/api/v1/tickets", json={
        "category": "question", "subject": "請求書, \"再発行\"について", "body": "1行目\n2行目です"})
    assert r.status_code == 201, r.text
    tid = r.json()["id"]
    r = op.post(srv.url + "/api/v1/tickets/%d/messages" % tid,
                json={"body": "社内メモ：確認中", "internal": True})
    assert r.status_code in (200, 201), r.text
    assert o.post(srv.url + "/api/v1/tickets", json={
        "category": "question", "subject": "他社の件名", "body": "他社の本文"}).status_code == 201
    r = s.post(srv.url + "/api/v1/exports", json={})
    assert r.status_code == 202, r.text
    e, _ = wait_ready(s, srv.url, r.json()["export"]["id"])
    assert e["status"] == "ready", e
    link = s.post(srv.url + "/api/v1/exports/%d/link" % e["id"], json={}).json()
    zf = zipfile.ZipFile(io.BytesIO(s.get(srv.url + link["download_url"]).content))

    def rows(name):
        raw = zf.read(name).decode("utf-8-sig")
        return list(csv.DictReader(io.StringIO(raw, newline="")))

    tickets = rows("tickets.csv")
    assert [t["subject"] for t in tickets] == ['請求書, "再発行"について']
    assert tickets[0]["requester_email"] == made["admin"].get("email", tickets[0]["requester_email"])
    messages = rows("ticket_messages.csv")
    assert "1行目\n2行目です" in [m["body"] for m in messages]
    assert all("社内メモ" not in m["body"] for m in messages)
    text = b"".join(zf.read(n) for n in zf.namelist()).decode("utf-8", "replace")
    assert "他社の件名" not in text and "他社の本文" not in text
    assert rows("invoices.csv") == [] and "invoices.json" in zf.namelist()
    header = next(csv.reader(io.StringIO(zf.read("invoices.csv").decode("utf-8-sig"))))
    assert header[:5] == ["id", "number", "kind", "shop", "month"] and "lines" in header
    manifest = json.loads(zf.read("manifest.json"))
    assert manifest["counts"]["tickets"] == 1 and manifest["counts"]["invoices"] == 0
