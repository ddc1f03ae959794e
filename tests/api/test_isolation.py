"""Tenant isolation probe (CHK-11, WP-1): for every operation in docs/openapi.yaml, tenant A's
admin tries tenant B's resources. Every attempt is refused (403/404, or 401/400 before any
lookup) and nothing of B appears in any response. New endpoints are covered as soon as they are
documented."""
import os
import re

import yaml

from conftest import ROOT, unique
from tenancy import create_tenant, user_session

SAFE_STATUSES = {400, 401, 403, 404, 405, 409, 415, 422}


def operations():
    with open(os.path.join(ROOT, "docs", "openapi.yaml"), encoding="utf-8") as f:
        doc = yaml.safe_load(f)
    for path, ops in doc["paths"].items():
        for method in ops:
            if method in ("get", "post", "put", "patch", "delete"):
                yield method.upper(), path


def test_every_documented_operation_keeps_tenants_apart(server, admin):
    a = create_tenant(server, admin, unique("PA").upper(), "甲株式会社")
    b = create_tenant(server, admin, unique("PB").upper(), "乙株式会社")
    sa = user_session(server, a["tenant"]["company_code"], "admin1", a["initial_password"])
    sb = user_session(server, b["tenant"]["company_code"], "admin1", b["initial_password"])
    bu = sb.post(server.url + "/api/v1/users",
                 json={"login": "otsu-user", "email": "otsu@b-tenant.example.jp"}).json()["user"]
    b_ids = {str(b["tenant"]["id"]), str(b["admin"]["id"]), str(bu["id"])}
    markers = [b["tenant"]["company_code"], "乙株式会社", "otsu-user", "otsu@b-tenant.example.jp",
               b["tenant"]["responsible_email"] if "responsible_email" in b["tenant"] else
               b["tenant"]["responsible"]["email"]]
    probed = 0
    for method, path in operations():
        params = re.findall(r"{(\w+)}", path)
        targets = [path] if not params else [re.sub(r"{\w+}", i, path) for i in sorted(b_ids)]
        for target in targets:
            body = {} if method in ("POST", "PUT", "PATCH") else None
            r = sa.request(method, server.url + target, json=body)
            probed += 1
            leaked = [m for m in markers if m in r.text]
            assert not leaked, (method, target, r.status_code, leaked)
            if params:
                assert r.status_code in SAFE_STATUSES, (method, target, r.status_code, r.text[:200])
    assert probed >= 10
    # B still sees its own data: the probe refused A, it did not break B.
    assert "otsu-user" in sb.get(server.url + "/api/v1/users").text
