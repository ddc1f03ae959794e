"""Keyset pages for the lists that grow (issue 20 item 2): users, tenants and the mail outbox page
by an opaque cursor (`next_cursor` -> `cursor`) instead of OFFSET, so a page costs the same at any
depth; paging to the end lists every row that existed when paging began exactly once, in order,
while rows are being added; `offset` is refused and a malformed cursor is a 400 naming the
paging fields. CHK-7, SLA-10."""
import re
import threading

from conftest import unique
from tenancy import create_tenant, user_session


def pages(s, url, limit, params=None):
    """Every page of a listing through next_cursor; returns the items and the page count."""
    items, cursor, n = [], None, 0
    while True:
        q = dict(params or {}, limit=limit)
        if cursor:
            q["cursor"] = cursor
        r = s.get(url, params=q)
        assert r.status_code == 200, r.text
        body = r.json()
        assert "next_cursor" in body
        items += body["items"]
        n += 1
        cursor = body["next_cursor"]
        if cursor is None:
            return items, n
        assert len(body["items"]) == limit  # only the last page is short
        assert re.fullmatch(r"[0-9]{1,19}", cursor)


def exactly_once_while_adding(s, url, limit, add, params=None, descending=False):
    """Pages url while add() runs in a loop on another thread; checks every row listed before is
    listed once, none twice, in id order."""
    before, _ = pages(s, url, 500, params)
    stop = threading.Event()
    added = []

    def writer():
        while not stop.is_set():
            added.append(add())

    w = threading.Thread(target=writer)
    w.start()
    try:
        seen, n = pages(s, url, limit, params)
    finally:
        stop.set()
        w.join()
    ids = [x["id"] for x in seen]
    assert len(ids) == len(set(ids)), "a row was listed twice"
    assert {x["id"] for x in before} <= set(ids), "a row was skipped"
    assert ids == sorted(ids, reverse=descending)
    assert added, "nothing was added while paging"
    return n


def test_user_pages_list_every_user_once_while_users_are_added(server, admin):
    """A tenant admin's user list, 4 to a page, while the same admin adds users. Issue 20, WP-3."""
    code = unique("KU").upper()
    t = create_tenant(server, admin, code, "鍵ページ利用者")
    s = user_session(server, code, "admin1", t["initial_password"])
    url = server.url + "/api/v1/users"
    for i in range(14):
        r = s.post(url, json={"login": "m%02d" % i, "email": "m%02d@ku.example.jp" % i})
        assert r.status_code == 201, r.text
    n = [0]

    def add():
        n[0] += 1
        r = s.post(url, json={"login": "late%03d" % n[0], "email": "late%d@ku.example.jp" % n[0]})
        assert r.status_code == 201, r.text
        return r.json()["user"]["id"]

    assert exactly_once_while_adding(s, url, 4, add) >= 4
    # The last page says so; a cursor past the end is an empty last page.
    everything, _ = pages(s, url, 500)
    last = s.get(url, params={"cursor": str(everything[-1]["id"])}).json()
    assert last == {"items": [], "next_cursor": None}
    for bad in ({"offset": 3}, {"cursor": "abc"}, {"cursor": "-1"}, {"cursor": "1.2"},
                {"limit": 0}):
        r = s.get(url, params=bad)
        assert r.status_code == 400, bad
        assert r.headers["Content-Type"].startswith("application/problem+json")
    assert s.get(url, params={"offset": 0}).status_code == 200


def test_tenant_pages_list_every_tenant_once_while_tenants_are_added(server, admin):
    """The operator's tenant list, all and by prefix, while tenants are registered. Issue 20."""
    prefix = unique("KT").upper()
    for i in range(9):
        create_tenant(server, admin, "%s%02d" % (prefix, i), "鍵ページ企業%02d" % i)
    url = server.url + "/api/v1/tenants"
    n = [0]

    def add():
        n[0] += 1
        return create_tenant(server, admin, "%sL%03d" % (prefix, n[0]), "後発企業")["tenant"]["id"]

    exactly_once_while_adding(admin, url, 3, add, params={"q": prefix})
    exactly_once_while_adding(admin, url, 50, add)


def test_mail_pages_list_every_message_once_while_mail_is_queued(server, admin):
    """The operator's outbox, newest first, while mail is queued by the CLI. Issue 20, TOS-21."""
    def add():
        r = server.cli("mail", "test", "--to", unique("k") + "@example.jp")
        assert r.returncode == 0, r.stderr
        return int(re.search(r"queued: mail (\d+)", r.stdout).group(1))

    for _ in range(7):
        add()
    url = server.url + "/api/v1/mail"
    exactly_once_while_adding(admin, url, 2, add, descending=True)
    body = admin.get(url, params={"limit": 1}).json()
    assert body["queued"] >= 7 and body["next_cursor"]
