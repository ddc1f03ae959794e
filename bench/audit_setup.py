"""Sets up the audit rows of bench/audit.sh: the big tenant with its admin logged in, and the
operator auditor logged in.

    python3 bench/audit_setup.py BASE_URL STAFF_LOGIN AUDITOR_LOGIN PASSWORD OUT_FILE

Creates tenant AUDIT01 through the API as the operator staff account, logs its admin in with the
one-time password and changes it, logs the auditor in, and writes to OUT_FILE three lines: the
tenant's id, the tenant admin's anshin_session cookie, the auditor's.
"""
import sys

import requests

NEW_PASSWORD = "Audit-Bench-2026!"


def login(base, body):
    r = requests.post(base + "/api/v1/auth/login", json=body)
    if r.status_code != 200:
        sys.exit("audit_setup: login answered %d: %s" % (r.status_code, r.text))
    s = requests.Session()
    s.cookies.update(r.cookies)
    s.headers["X-CSRF-Token"] = r.json()["csrf_token"]
    return s


def main():
    if len(sys.argv) != 6:
        sys.exit(__doc__)
    base, staff_login, auditor, password, out = sys.argv[1:]
    staff = login(base, {"login": staff_login, "password": password})
    r = staff.post(base + "/api/v1/tenants", json={
        "company_code": "AUDIT01", "name": "監査ベンチ株式会社", "responsible_name": "担当 一郎",
        "responsible_email": "owner@audit01.example.jp", "admin_login": "u01"})
    if r.status_code != 201:
        sys.exit("audit_setup: POST /api/v1/tenants answered %d: %s" % (r.status_code, r.text))
    tenant_id = r.json()["tenant"]["id"]
    first = r.json()["initial_password"]
    s = login(base, {"company_code": "AUDIT01", "login": "u01", "password": first})
    c = s.post(base + "/api/v1/me/password",
               json={"current_password": first, "new_password": NEW_PASSWORD})
    if c.status_code != 204:
        sys.exit("audit_setup: password change answered %d: %s" % (c.status_code, c.text))
    a = login(base, {"login": auditor, "password": password})
    with open(out, "w") as f:
        f.write("%d\n%s\n%s\n" % (tenant_id, s.cookies["anshin_session"], a.cookies["anshin_session"]))


if __name__ == "__main__":
    main()
