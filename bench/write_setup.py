"""Sets up the write rows of bench/writes.sh: N tenants, each with its admin logged in.

    python3 bench/write_setup.py BASE_URL STAFF_LOGIN STAFF_PASSWORD N OUT_FILE

Creates tenants W001..W<N> through the API as the operator staff account, logs each tenant's
first admin in with its one-time password, changes it, and writes one line per tenant to
OUT_FILE: the anshin_session cookie value and the CSRF token, separated by a space (read by
bench/writes.lua).
"""
import sys

import requests

NEW_PASSWORD = "Write-Bench-2026!"


def main():
    if len(sys.argv) != 6:
        sys.exit(__doc__)
    base, login, password, n, out = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4]), sys.argv[5]
    staff = requests.Session()
    r = staff.post(base + "/api/v1/auth/login", json={"login": login, "password": password})
    r.raise_for_status()
    staff.headers["X-CSRF-Token"] = r.json()["csrf_token"]
    lines = []
    for i in range(1, n + 1):
        code = "W%03d" % i
        r = staff.post(base + "/api/v1/tenants", json={
            "company_code": code, "name": "書込%03d株式会社" % i, "responsible_name": "担当 %03d" % i,
            "responsible_email": "owner@w%03d.example.jp" % i, "admin_login": "admin1"})
        if r.status_code != 201:
            sys.exit("write_setup: POST /api/v1/tenants answered %d: %s" % (r.status_code, r.text))
        first = r.json()["initial_password"]
        r = requests.post(base + "/api/v1/auth/login",
                          json={"company_code": code, "login": "admin1", "password": first})
        r.raise_for_status()
        s = requests.Session()
        s.cookies.update(r.cookies)
        s.headers["X-CSRF-Token"] = r.json()["csrf_token"]
        c = s.post(base + "/api/v1/me/password",
                   json={"current_password": first, "new_password": NEW_PASSWORD})
        if c.status_code != 204:
            sys.exit("write_setup: password change answered %d: %s" % (c.status_code, c.text))
        lines.append("%s %s" % (s.cookies["anshin_session"], s.headers["X-CSRF-Token"]))
    with open(out, "w") as f:
        f.write("\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
