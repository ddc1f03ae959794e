"""The public catalogue and published documents are kept built in memory and answered with an
ETag (issue 9 item 7): a conditional GET with the current tag gets 304 without a body; any
change to services, plans, shops or documents shows at once on the instance that made it, and
on another instance sharing the database within [market] public_cache_check_ms. TOS-13,
TOS-22, MARK-4-1-1, MARK-4-2-1."""
import datetime
import time

import pytest
import requests

from conftest import Server, unique
from market import setup_catalogue, today_jst

CATALOGUE = "/api/v1/catalogue"
TERMS = "/api/v1/documents/terms"


def get(server, path, etag=None):
    headers = {"If-None-Match": etag} if etag else {}
    return requests.get(server.url + path, headers=headers)


def service_ids(server):
    return {s["id"]: s for s in get(server, CATALOGUE).json()["services"]}


def add_service(server, admin, shop_id, code):
    r = admin.post(server.url + "/api/v1/services", json={
        "shop_id": shop_id, "code": code, "name": "サービス " + code, "description": "説明",
        "conditions": "条件", "notice_days": 180})
    assert r.status_code == 201, r.text
    return r.json()["service"]


@pytest.fixture(scope="module")
def cat(server):
    return setup_catalogue(server, server.login("admin"), unique("pc"))


@pytest.mark.parametrize("path", [CATALOGUE, TERMS])
def test_public_page_answers_304_to_its_etag(server, cat, path):
    """Issue 9 item 7: a strong ETag, `Cache-Control: no-cache` (kept, asked again), 304 with no
    body for a matching If-None-Match (also in a list, weak, or *), 200 for another tag."""
    r = get(server, path)
    assert r.status_code == 200, r.text
    tag = r.headers["ETag"]
    assert tag.startswith('"') and tag.endswith('"') and len(tag) == 34
    assert r.headers["Cache-Control"] == "no-cache"
    assert get(server, path).headers["ETag"] == tag  # the same page, the same tag
    for inm in (tag, '"other", ' + tag, "W/" + tag, "*"):
        r304 = get(server, path, inm)
        assert r304.status_code == 304, inm
        assert r304.content == b"" and r304.headers["ETag"] == tag
        assert r304.headers["Cache-Control"] == "no-cache"
        assert r304.headers["X-Content-Type-Options"] == "nosniff"
    r = get(server, path, '"not-the-tag"')
    assert r.status_code == 200 and r.json() and r.headers["ETag"] == tag


def test_other_api_replies_stay_no_store(server, admin):
    """Only the public pages may be kept by a client: every other API reply stays no-store."""
    assert admin.get(server.url + "/api/v1/me").headers["Cache-Control"] == "no-store"
    assert get(server, "/api/v1/documents/nope").headers["Cache-Control"] == "no-store"


def test_catalogue_changes_show_at_once(server, admin, cat):
    """A new service, a new plan and a discontinuation each change the catalogue and its tag on
    the next request (TOS-9, TOS-13)."""
    tag = get(server, CATALOGUE).headers["ETag"]
    svc = add_service(server, admin, cat["shop"]["id"], unique("pcs"))
    r = get(server, CATALOGUE, tag)
    assert r.status_code == 200 and svc["id"] in service_ids(server)
    tag = r.headers["ETag"]
    r = admin.post(server.url + "/api/v1/services/%d/plans" % svc["id"], json={
        "code": "std", "name": "STD", "monthly_fee": 2000, "tax_rate": 10, "max_users": 5,
        "storage_gb": 1})
    assert r.status_code == 201, r.text
    r = get(server, CATALOGUE, tag)
    assert r.status_code == 200
    plans = service_ids(server)[svc["id"]]["plans"]
    assert [p["monthly_fee_incl_tax"] for p in plans] == [2200]
    tag = r.headers["ETag"]
    on = (today_jst() + datetime.timedelta(days=180)).isoformat()
    r = admin.post(server.url + "/api/v1/services/%d/discontinue" % svc["id"],
                   json={"discontinue_on": on, "reason": "終了"})
    assert r.status_code == 200, r.text
    r = get(server, CATALOGUE, tag)
    assert r.status_code == 200
    assert service_ids(server)[svc["id"]]["status"] == "discontinuing"


def test_published_document_shows_at_once(server, admin, cat):
    """TOS-22: a newly published version is listed (and in force when effective today) at once."""
    before = get(server, TERMS)
    r = admin.post(server.url + "/api/v1/documents", json={
        "kind": "terms", "title": "利用規約 改", "body": "第1条 改",
        "effective_on": today_jst().isoformat()})
    assert r.status_code == 201, r.text
    doc = r.json()["document"]
    r = get(server, TERMS, before.headers["ETag"])
    assert r.status_code == 200
    assert r.json()["in_force"]["id"] == doc["id"]
    assert doc["id"] in [v["id"] for v in r.json()["versions"]]


def second_instance(server, check_ms):
    """Another server process on the same database as server."""
    env = {"ANSHIN_MARKET_PUBLIC_CACHE_CHECK_MS": str(check_ms),
           "ANSHIN_STORE_PATH": server.env["ANSHIN_STORE_PATH"],
           "ANSHIN_KEYS_MASTER_KEY_FILE": server.env["ANSHIN_KEYS_MASTER_KEY_FILE"]}
    if server.driver == "postgres":
        env["ANSHIN_STORE_URL"] = server.env["ANSHIN_STORE_URL"]
    return Server(driver=server.driver, env=env).start()


@pytest.mark.parametrize("check_ms", [0, 300])
def test_other_instances_changes_show(server, admin, cat, check_ms):
    """Issue 9 item 7: an instance sees another's change to the catalogue and to a document, at
    once with check_ms 0, else within check_ms (the fingerprint of the public tables)."""
    other = second_instance(server, check_ms)
    try:
        tag = get(other, CATALOGUE).headers["ETag"]
        terms_tag = get(other, TERMS).headers["ETag"]
        assert get(other, CATALOGUE, tag).status_code == 304
        svc = add_service(server, admin, cat["shop"]["id"], unique("pco"))
        r = admin.post(server.url + "/api/v1/documents", json={
            "kind": "terms", "title": "利用規約 他", "body": "第1条 他",
            "effective_on": today_jst().isoformat()})
        assert r.status_code == 201, r.text
        if check_ms:
            time.sleep(check_ms / 1000 + 0.2)
        r = get(other, CATALOGUE, tag)
        assert r.status_code == 200 and svc["id"] in service_ids(other)
        r = get(other, TERMS, terms_tag)
        assert r.status_code == 200
        assert r.json()["in_force"]["title"] == "利用規約 他"
    finally:
        other.stop()
