"""Deleting a tenant (issue 14): at the deletion deadline after the contract's end (CHK-17,
WP-4, SLA-14) and as a whole-company deletion with two-person approval (WP-11, CHK-6): rows
deleted, the tenant's data key destroyed, the store compacted, the audit chain still verifying,
and a deletion certificate signed with the operator's Ed25519 key (SLA-14) that
`anshin certificate verify` accepts and refuses after one changed byte; the responsible person
is told by mail."""
import datetime
import glob
import os
import subprocess

import pytest

from conftest import BIN, DRIVER, unique
from market import contractor, setup_catalogue, today_jst
from tenancy import create_tenant

SERVER_ENV = {"ANSHIN_WEBHOOK_ALLOW_PRIVATE_TARGETS": "true"}


def cli(srv, *args, fake=None):
    return srv.cli(*args, fake=fake)


def tenant_row(srv, code):
    # The wrapped data key lives in the key store (tenant_keys), apart from the tenant's row.
    return srv.sql("SELECT t.id, t.status, t.name, t.responsible_email, "
                   "COALESCE((SELECT k.dek_wrapped FROM tenant_keys k WHERE k.tenant_id = t.id), "
                   "t.dek_wrapped) FROM tenants t WHERE t.company_code = ?", code)[0]


def users_of(srv, tenant_id):
    return srv.sql("SELECT COUNT(*) FROM users WHERE tenant_id = ?", tenant_id)[0][0]


def certificate_files(srv):
    return sorted(glob.glob(os.path.join(srv.dir, "var", "certificates", "*.pdf")))


def test_two_person_rule_then_deletion_and_certificate(make_server):
    """WP-11, CHK-6, SLA-14, CHK-17: one operator admin asks with a reason, the same admin cannot
    approve (nor can a support member), a different admin approves; the company's rows are
    deleted and its data key destroyed while another company is untouched; the audit chain still
    verifies; the certificate verifies and fails after one changed byte; the responsible person
    is mailed."""
    srv = make_server(DRIVER)
    for login, roles in (("alice", "admin"), ("bob", "admin"), ("carol", "support")):
        srv.create_staff(login, roles=roles)
    srv.start()
    alice = srv.login("alice")
    gone, kept = unique("G").upper(), unique("K").upper()
    create_tenant(srv, alice, gone, "削除株式会社")
    create_tenant(srv, alice, kept, "存続株式会社")
    gone_id, kept_id = tenant_row(srv, gone)[0], tenant_row(srv, kept)[0]
    assert users_of(srv, gone_id) == 1 and users_of(srv, kept_id) == 1
    r = cli(srv, "erase", "request", "--tenant", gone, "--reason", "契約者からの削除依頼",
            "--as", "alice")
    assert r.returncode == 0, r.stderr
    req = int(r.stdout.split('"request_id": ')[1].split(",")[0])
    self_ok = cli(srv, "erase", "approve", str(req), "--as", "alice")
    assert self_ok.returncode == 1 and "two-person" in self_ok.stderr
    support = cli(srv, "erase", "approve", str(req), "--as", "carol")
    assert support.returncode == 1 and "not an active operator admin" in support.stderr
    assert tenant_row(srv, gone)[1] != "erased"
    ok = cli(srv, "erase", "approve", str(req), "--as", "bob")
    assert ok.returncode == 0, ok.stderr
    row = tenant_row(srv, gone)
    assert row[1] == "erased" and row[2] == "" and row[3] == "" and len(bytes(row[4])) == 0
    assert users_of(srv, gone_id) == 0 and users_of(srv, kept_id) == 1
    assert tenant_row(srv, kept)[1] == "active" and len(bytes(tenant_row(srv, kept)[4])) > 0
    actions = [a for (a,) in srv.sql("SELECT action FROM audit_events WHERE tenant_id = ?", gone_id)]
    for a in ("tenant.erase_request", "tenant.erase_approve", "tenant.erase", "certificate.issue"):
        assert a in actions
    denied = srv.sql("SELECT COUNT(*) FROM audit_events WHERE action = 'tenant.erase_approve' "
                     "AND outcome = 'denied'")[0][0]
    assert denied == 2
    assert cli(srv, "audit", "verify").returncode == 0
    mails = [m["subject"] for m in srv.outbox("owner@%s.example.jp" % gone.lower())]
    assert any("データ削除完了" in s for s in mails)
    [pdf] = certificate_files(srv)
    data = open(pdf, "rb").read()
    assert data.startswith(b"%PDF-") and b"%ANSHIN-SIGNATURE ed25519 " in data
    v = cli(srv, "certificate", "verify", pdf)
    assert v.returncode == 0, v.stderr
    for pos in (len(data) // 3, 20):
        bad = bytearray(data)
        bad[pos] ^= 0x01
        open(pdf, "wb").write(bytes(bad))
        assert cli(srv, "certificate", "verify", pdf).returncode == 1
    open(pdf, "wb").write(data)
    # A second approval of the same request does nothing.
    assert cli(srv, "erase", "approve", str(req), "--as", "bob").returncode == 1
    # Another operator's key does not vouch for it.
    other = dict(srv.env, ANSHIN_MASTER_KEY="cd" * 32)
    r = subprocess.run([BIN, "certificate", "verify", pdf], capture_output=True, text=True,
                       env=other, cwd=srv.dir)
    assert r.returncode == 1 and "another key" in r.stderr


def test_deletion_at_the_deadline(make_server):
    """CHK-17, WP-4: a terminated contract's tenant is deleted once its deletion deadline (10
    business days after the end) has come, not before; a certificate is issued."""
    srv = make_server(DRIVER, env=SERVER_ENV)
    srv.create_staff("admin")
    srv.start()
    admin = srv.login("admin")
    cat = setup_catalogue(srv, admin, unique("s"))
    code = unique("D").upper()
    _, c = contractor(srv, admin, cat, code)
    r = admin.post(srv.url + "/api/v1/contracts/%d/terminate" % c["id"],
                   json={"cause": "insolvency", "message": "破産手続開始"})
    assert r.status_code == 200, r.text
    due = datetime.date.fromisoformat(r.json()["contract"]["deletion_due_on"])
    before = "@%s 12:00:00" % (due - datetime.timedelta(days=1)).isoformat()
    r = cli(srv, "erase", "due", fake=before)
    assert r.returncode == 0 and '"erased": 0' in r.stdout, r.stdout + r.stderr
    assert tenant_row(srv, code)[1] != "erased"
    on = "@%s 00:30:00" % due.isoformat()  # 09:30 JST on the deadline
    r = cli(srv, "erase", "due", fake=on)
    assert r.returncode == 0 and '"erased": 1' in r.stdout, r.stdout + r.stderr
    assert tenant_row(srv, code)[1] == "erased"
    assert srv.sql("SELECT COUNT(*) FROM contracts WHERE id = ?", c["id"])[0][0] == 0
    [pdf] = certificate_files(srv)
    assert cli(srv, "certificate", "verify", pdf).returncode == 0
    assert cli(srv, "audit", "verify").returncode == 0


def test_two_person_rule_over_the_api(make_server):
    """WP-11, CHK-6, SLA-14: the operator console's API: a request by one admin, a refused
    self-approval (403 /problems/two-person-rule), approval by another admin deleting the company
    and issuing a certificate whose content and signed PDF can be fetched; a tenant admin sees
    none of it (403)."""
    srv = make_server(DRIVER)
    for login in ("alice", "bob"):
        srv.create_staff(login)
    srv.start()
    alice, bob = srv.login("alice"), srv.login("bob")
    code = unique("A").upper()
    create_tenant(srv, alice, code, "二者承認株式会社")
    url = srv.url + "/api/v1/tenant-erasures"
    bad = alice.post(url, json={"company_code": code, "reason": ""})
    assert bad.status_code == 400 and bad.json()["errors"]
    assert alice.post(url, json={"company_code": "NOPE-1", "reason": "x"}).status_code == 404
    r = alice.post(url, json={"company_code": code.lower(), "reason": "契約者からの依頼"})
    assert r.status_code == 201, r.text
    req = r.json()["erasure"]
    assert req["status"] == "requested" and req["requested_by"] == "alice"
    r = alice.post("%s/%d/approve" % (url, req["id"]), json={})
    assert r.status_code == 403 and r.json()["type"] == "/problems/two-person-rule"
    r = bob.post("%s/%d/approve" % (url, req["id"]), json={})
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["erasure"]["status"] == "approved" and body["erasure"]["approved_by"] == "bob"
    assert body["certificate"]["deleted"]["users"] == 1
    assert bob.post("%s/%d/approve" % (url, req["id"]), json={}).status_code == 404
    items = alice.get(url).json()["items"]
    assert items[0]["id"] == req["id"] and items[0]["status"] == "approved"
    certs = alice.get(srv.url + "/api/v1/deletion-certificates").json()["items"]
    assert len(certs) == 1 and certs[0]["company_code"] == code
    one = alice.get(srv.url + "/api/v1/deletion-certificates/%d" % certs[0]["id"]).json()
    content = one["certificate"]["content"]
    assert content["company_name"] == "二者承認株式会社" and content["approval"] == "alice / bob"
    pdf = alice.get(srv.url + "/api/v1/deletion-certificates/%d/pdf" % certs[0]["id"])
    assert pdf.status_code == 200 and pdf.headers["Content-Type"] == "application/pdf"
    path = os.path.join(srv.dir, "downloaded.pdf")
    open(path, "wb").write(pdf.content)
    assert cli(srv, "certificate", "verify", path).returncode == 0
