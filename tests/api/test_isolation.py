"""Tenant isolation probe (CHK-11, WP-1): for every operation in docs/openapi.yaml, tenant A's
admin tries tenant B's resources. Every attempt is refused (403/404, or 401/400 before any
lookup) and nothing of B appears in any response. New endpoints are covered as soon as they are
documented."""
import os
import re

import requests
import yaml

from conftest import ROOT, unique
from market import contractor, setup_catalogue
from tenancy import create_tenant, user_session
from test_api_tokens import shop_staff_session

SAFE_STATUSES = {400, 401, 403, 404, 405, 409, 415, 422}
# Query parameters that name one record of a tenant: probed with each of B's ids as well (usage
# so far this month, issue 17 item 5).
ID_QUERIES = {"contract_id"}


def query_names(doc, op):
    """The names of an operation's query parameters ($ref resolved)."""
    names = set()
    for p in op.get("parameters", []):
        if "$ref" in p:
            p = doc["components"]["parameters"][p["$ref"].rsplit("/", 1)[1]]
        if p.get("in") == "query":
            names.add(p["name"])
    return names


def operations():
    with open(os.path.join(ROOT, "docs", "openapi.yaml"), encoding="utf-8") as f:
        doc = yaml.safe_load(f)
    for path, ops in doc["paths"].items():
        for method, op in ops.items():
            if method in ("get", "post", "put", "patch", "delete"):
                yield (method.upper(), path, op.get("security", doc.get("security")) == [],
                       query_names(doc, op))


def probe(server, client, b_ids, markers, b_cursors=()):
    """Every documented operation with each of B's ids in its path; operations that page by
    cursor also with cursors made from B's records (issue 20)."""
    probed = 0
    for method, path, public, query in operations():
        params = re.findall(r"{(\w+)}", path)
        targets = [path] if not params else [re.sub(r"{\w+}", i, path) for i in sorted(b_ids)]
        if "cursor" in query:
            targets += [target + "?cursor=" + c for target in targets for c in b_cursors]
        id_queries = sorted(query & ID_QUERIES)
        targets += [path + "?%s=%s" % (q, i) for q in id_queries for i in sorted(b_ids)]
        for target in targets:
            if method == "POST" and target.endswith("/auth/logout"):
                continue  # ending the prober's own session would end the probe
            body = {} if method in ("POST", "PUT", "PATCH") else None
            r = client.request(method, server.url + target, json=body)
            probed += 1
            leaked = [m for m in markers if m in r.text]
            assert not leaked, (method, target, r.status_code, leaked)
            # Public pages (the catalogue, published documents) hold nothing of a tenant; for the
            # rest an id of B's must be refused.
            if (params or id_queries) and not public:
                assert r.status_code in SAFE_STATUSES, (method, target, r.status_code, r.text[:200])
    return probed


def test_every_documented_operation_keeps_tenants_apart(server, admin):
    """Every tenant shared; test_dedicated.py runs the same probe on PostgreSQL with B in a
    database of its own (WP-1)."""
    run_isolation_probe(server, admin)


def run_isolation_probe(server, admin, prepare=None):
    """The probe's scenario; prepare(a, b), when given, runs once every record of B exists and
    before the probes (test_dedicated.py moves B into a database of its own there, WP-1)."""
    a = create_tenant(server, admin, unique("PA").upper(), "甲株式会社")
    b = create_tenant(server, admin, unique("PB").upper(), "乙株式会社")
    sa = user_session(server, a["tenant"]["company_code"], "admin1", a["initial_password"])
    sb = user_session(server, b["tenant"]["company_code"], "admin1", b["initial_password"])
    bu = sb.post(server.url + "/api/v1/users",
                 json={"login": "otsu-user", "email": "otsu@b-tenant.example.jp"}).json()["user"]
    # B's custom role, held by B's user (CHK-13): its id is probed like every other of B's.
    b_role = sb.post(server.url + "/api/v1/roles",
                     json={"name": "乙専用ロール", "permissions": ["audit.read"]}).json()["id"]
    assert sb.put(server.url + "/api/v1/users/%d/roles" % bu["id"],
                  json={"roles": ["member"], "custom_roles": ["乙専用ロール"]}).status_code == 200
    # A's admin probes by session, then with A's API token holding every tenant permission.
    a_token = sa.post(server.url + "/api/v1/api-tokens", json={
        "name": "probe", "permissions": ["users.read", "users.manage", "audit.read",
                                         "data.download", "tokens.manage", "contracts.read",
                                         "contracts.manage", "tickets.use"]}).json()
    token = a_token["secret"]
    b_token = sb.post(server.url + "/api/v1/api-tokens",
                      json={"name": "b-token", "permissions": ["users.read"]}).json()["token"]["id"]
    b_sessions = [x["id"] for x in sb.get(server.url + "/api/v1/me/sessions").json()["items"]]
    # B is also a contractor of the marketplace: a contract, a change request, notices.
    staff = server.login("admin")
    cat = setup_catalogue(server, staff, unique("iso"))
    b_code = unique("PC").upper()
    sc, bc = contractor(server, staff, cat, b_code)
    br = sc.post(server.url + "/api/v1/change-requests", json={
        "kind": "plan", "contract_id": bc["id"], "plan_id": cat["plans"]["pro"]["id"]}).json()
    # A shop that does not sell B's service probes with its token too.
    other = setup_catalogue(server, staff, unique("isx"))
    shop_token = staff.post(server.url + "/api/v1/shops/%d/tokens" % other["shop"]["id"],
                            json={"name": "probe"}).json()["secret"]
    # Shop scope: the staff of a third shop probe by session too, B's shop's service among the
    # ids (its discontinuation is a shop's write), and a token of that shop as well.
    third, _, shop_staff, _ = shop_staff_session(server, staff)
    cat_token = staff.post(server.url + "/api/v1/shops/%d/tokens" % cat["shop"]["id"],
                           json={"name": "seller"}).json()["token"]["id"]
    # B's support ticket (issue 13), routed to B's shop: a third shop must not see it either.
    b_ticket = sb.post(server.url + "/api/v1/tickets", json={
        "category": "question", "subject": "乙の問い合わせ", "body": "otsu-ticket-body"}).json()
    staff.patch(server.url + "/api/v1/tickets/%d" % b_ticket["id"],
                json={"shop_id": cat["shop"]["id"]})
    b_ids = {str(i) for i in [b["tenant"]["id"], b["admin"]["id"], bu["id"], b_token, *b_sessions,
                              bc["id"], bc["tenant_id"], br["change_request"]["id"],
                              cat["service"]["id"], cat_token, b_role, b_ticket["id"]]}
    # Ids are numbers shared across kinds of resource: leave out any that is also one of A's own,
    # so every probe is an attempt on B.
    a_own = {a["tenant"]["id"], a["admin"]["id"], a_token["token"]["id"],
             *[x["id"] for x in sa.get(server.url + "/api/v1/me/sessions").json()["items"]]}
    b_ids -= {str(i) for i in a_own}
    # ... and none that is the probing shops' own.
    b_ids -= {str(i) for i in [other["shop"]["id"], other["service"]["id"], third["id"],
                               *[p["id"] for p in other["plans"].values()]]}
    # B's ticket must be probed as B's: while its id is also one of the probers', make another.
    taken = {str(i) for i in [*a_own, other["shop"]["id"], other["service"]["id"], third["id"],
                              *[p["id"] for p in other["plans"].values()]]}
    while str(b_ticket["id"]) in taken:
        b_ticket = sb.post(server.url + "/api/v1/tickets", json={
            "category": "question", "subject": "乙の問い合わせ", "body": "otsu-ticket-body"}).json()
        staff.patch(server.url + "/api/v1/tickets/%d" % b_ticket["id"],
                    json={"shop_id": cat["shop"]["id"]})
    b_ids.add(str(b_ticket["id"]))
    markers = [b["tenant"]["company_code"], "乙株式会社", "otsu-user", "otsu@b-tenant.example.jp",
               b["tenant"]["responsible_email"] if "responsible_email" in b["tenant"] else
               b["tenant"]["responsible"]["email"], b_code, "株式会社" + b_code, bc["number"],
               "yamada@%s.example.jp" % b_code.lower(), "乙専用ロール", "乙の問い合わせ",
               "otsu-ticket-body", b_ticket["ticket"]["ref"]]
    bearer = requests.Session()
    bearer.headers["Authorization"] = "Bearer " + token
    probed = 0
    shop = requests.Session()
    shop.headers["Authorization"] = "Bearer " + shop_token
    # Cursors of B's audit events (B's own pages, and one made from B's newest event and an
    # extreme key): they may only position A's own listing.
    b_events = sb.get(server.url + "/api/v1/audit/events", params={"limit": 1}).json()
    b_cursors = [b_events["next_cursor"], "9223372036854775807.9223372036854775807", "0.0",
                 # the id-keyed lists' cursors (users, tenants, mails): B's records' ids
                 str(bu["id"]), str(b["tenant"]["id"]), "0", "9223372036854775807"]
    assert b_cursors[0]
    # Contract pages (issue 9): cursors at and just above B's contract.
    b_cursors += [str(bc["id"]), str(bc["id"] + 1)]
    if prepare:
        prepare(a, b)
    for client in (sa, bearer, shop, shop_staff):
        probed += probe(server, client, b_ids, markers, b_cursors)
    assert probed >= 10
    # B still sees its own data: the probe refused A, it did not break B.
    assert "otsu-user" in sb.get(server.url + "/api/v1/users").text
