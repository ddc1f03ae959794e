"""Keyset pages of the contracts list (issue 9 item 3 / issue 20 item 2; TOS-13, CHK-11): every
scope (operator, shop, tenant) pages by `cursor`, each page the index range below the last id
shown, a cursor from another tenant positions only the caller's own list, and `offset` paging
still works."""
import requests

from conftest import unique
from market import contractor, setup_catalogue

URL = "/api/v1/contracts"


def walk(server, client, limit=1, **params):
    """Every page from the newest, following next_cursor; returns the pages' ids."""
    pages, cursor = [], None
    while True:
        q = dict(params, limit=limit)
        if cursor:
            q["cursor"] = cursor
        r = client.get(server.url + URL, params=q)
        assert r.status_code == 200, r.text
        body = r.json()
        pages.append([c["id"] for c in body["items"]])
        cursor = body["next_cursor"]
        if cursor is None:
            return pages
        assert len(pages) < 50


def test_every_scope_pages_by_cursor(server):
    """TOS-13: the operator, a shop and a tenant each walk their own contracts page by page; the
    pages join to the full list, newest first, and the last page says so (next_cursor null)."""
    staff = server.login("admin")
    cat = setup_catalogue(server, staff, unique("pg"))
    codes = [unique("PG%d" % i).upper() for i in range(3)]
    made = [contractor(server, staff, cat, c) for c in codes]
    ids = sorted((c["id"] for _, c in made), reverse=True)
    # The shop's token sees exactly its three contracts, one a page.
    token = staff.post(server.url + "/api/v1/shops/%d/tokens" % cat["shop"]["id"],
                       json={"name": "pages"}).json()["secret"]
    shop = requests.Session()
    shop.headers["Authorization"] = "Bearer " + token
    assert walk(server, shop) == [[i] for i in ids]
    assert [x for p in walk(server, shop, limit=2) for x in p] == ids
    # The operator's pages join to the operator's full list.
    full = [c["id"] for c in staff.get(server.url + URL, params={"limit": 500}).json()["items"]]
    pages = walk(server, staff, limit=2)
    assert all(len(p) == 2 for p in pages[:-1]) and [x for p in pages for x in p] == full
    # offset paging is unchanged beside it.
    second = staff.get(server.url + URL, params={"limit": 1, "offset": 1}).json()["items"]
    assert [c["id"] for c in second] == full[1:2]
    # A tenant's single contract is one page.
    s0, c0 = made[0]
    assert walk(server, s0) == [[c0["id"]]]


def test_foreign_cursor_positions_own_list_only(server):
    """CHK-11: a cursor made from another tenant's contract (or any number) only bounds the
    caller's own list; nothing of the other tenant appears. Bad cursors are refused (400)."""
    staff = server.login("admin")
    cat = setup_catalogue(server, staff, unique("pf"))
    sa, ca = contractor(server, staff, cat, unique("PFA").upper())
    sb, cb = contractor(server, staff, cat, unique("PFB").upper())
    assert cb["id"] > ca["id"]
    for cursor in (str(cb["id"]), str(cb["id"] + 1), "9223372036854775807"):
        r = sa.get(server.url + URL, params={"cursor": cursor})
        assert r.status_code == 200, r.text
        assert [c["id"] for c in r.json()["items"]] == [ca["id"]]
        assert cb["number"] not in r.text
    r = sb.get(server.url + URL, params={"cursor": str(ca["id"])})
    assert r.json() == {"items": [], "next_cursor": None}
    for bad in ("abc", "0", "-1", "1.2", "99999999999999999999"):
        assert sa.get(server.url + URL, params={"cursor": bad}).status_code == 400, bad
    r = sa.get(server.url + URL, params={"cursor": "5", "offset": "0"})
    assert r.status_code == 400
