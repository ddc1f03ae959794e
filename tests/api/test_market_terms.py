"""The marketplace's divergences from the seeds and its edits (issue 10 items 5, 17, 21 and the
initial password of item 1): notice floors with the first date allowed, a service's and a plan's
edits, a fee increase as a material change with its notice period, and the rounding note.
Requirement IDs in each test."""
import datetime
import subprocess

import pytest

from conftest import BIN, unique
from market import contractor, jp_date, setup_catalogue, today_jst


@pytest.fixture(scope="module")
def cat(server):
    return setup_catalogue(server, server.login("admin"), unique("mt"))


def problem(r, status, slug):
    assert r.status_code == status, r.text
    assert r.headers["Content-Type"].startswith("application/problem+json")
    assert r.json()["type"] == "/problems/" + slug
    return r.json()


def service_body(cat, notice_days):
    return {"shop_id": cat["shop"]["id"], "code": unique("sv"), "name": "サービス",
            "description": "説明", "conditions": "条件", "notice_days": notice_days}


def test_service_notice_below_the_platform_floor_is_refused(server, admin, cat):
    """TOS-9, SLA-3, CHK-40 (issue 10 item 17): a service cannot promise less discontinuation
    notice than the platform's floor ([market] discontinuation_notice_min_days, 180 by
    default); the refusal names the field, the minimum and the first date it would allow. A
    service may set longer."""
    p = problem(admin.post(server.url + "/api/v1/services", json=service_body(cat, 30)), 422,
                "notice-period-too-short")
    e = p["errors"][0]
    first = (today_jst() + datetime.timedelta(days=180)).isoformat()
    assert e["pointer"] == "/notice_days" and e["min_days"] == 180 and e["earliest"] == first
    assert "180" in e["detail"] and jp_date(first) in e["detail"]
    problem(admin.post(server.url + "/api/v1/services", json=service_body(cat, 179)), 422,
            "notice-period-too-short")
    r = admin.post(server.url + "/api/v1/services", json=service_body(cat, 365))
    assert r.status_code == 201 and r.json()["service"]["notice_days"] == 365


def test_a_service_below_the_floor_still_owes_the_floor(server, admin, cat):
    """TOS-9 (issue 10 item 17): a service registered with a shorter notice before the floor
    was raised cannot be discontinued sooner than the floor allows."""
    svc = admin.post(server.url + "/api/v1/services", json=service_body(cat, 200)).json()["service"]
    server.sql("UPDATE services SET notice_days = 30 WHERE id = %d" % svc["id"])
    url = server.url + "/api/v1/services/%d/discontinue" % svc["id"]
    early = (today_jst() + datetime.timedelta(days=60)).isoformat()
    first = (today_jst() + datetime.timedelta(days=180)).isoformat()
    p = problem(admin.post(url, json={"discontinue_on": early, "reason": "終了"}), 422,
                "notice-period-too-short")
    assert p["errors"][0]["earliest"] == first and p["errors"][0]["pointer"] == "/discontinue_on"


@pytest.mark.parametrize("section_key,value", [
    ("ANSHIN_MARKET_DISCONTINUATION_NOTICE_MIN_DAYS", "89"),
    ("ANSHIN_MARKET_DOCUMENT_NOTICE_DAYS", "0"),
    ("ANSHIN_MARKET_DOCUMENT_NOTICE_DAYS", "29"),
])
def test_notice_floors_below_the_seeds_are_refused_at_config_load(server, section_key, value):
    """TOS-9, MARK-4-4-1 (issue 10 item 17): the platform floor is never below 90 days and a
    material change's notice never below 30; the configuration load refuses, naming the key."""
    env = dict(server.env)
    env[section_key] = value
    r = subprocess.run([BIN, "migrate"], env=env, cwd=server.dir, capture_output=True, text=True,
                       timeout=60)
    key = section_key.split("ANSHIN_MARKET_")[1].lower()
    assert r.returncode != 0 and key in (r.stderr + r.stdout)
