"""Issue 12 item 3: the monthly SLA report per contract (SLA-4, SLA-6, SLA-10, SLA-26, SLA-1):
availability against 99.90 %, the month's incidents with their durations and the MTTR against
30 minutes, response times against their targets, and the maintenance windows; JSON for the
page and CSV in the reader's language, for the contractor (its own contracts only) and the
operator."""
import csv
import datetime
import io

import pytest
import requests

from conftest import unique
from market import JST, contractor, setup_catalogue


def jst(y, mo, d, h=0, mi=0):
    return datetime.datetime(y, mo, d, h, mi, tzinfo=JST).isoformat()


@pytest.fixture(scope="module")
def setup(server):
    admin = server.login("admin")
    cat = setup_catalogue(server, admin, unique("slr"))
    sid = cat["service"]["id"]
    tenant, contract = contractor(server, admin, cat, unique("slt"))
    other_tenant, other_contract = contractor(server, admin, cat, unique("slo"))
    for title, impact, s, e in (("全面停止", "major_outage", jst(2026, 7, 10, 10), jst(2026, 7, 10, 11, 30)),
                                ("一部停止", "partial_outage", jst(2026, 7, 20, 12), jst(2026, 7, 20, 12, 30))):
        r = admin.post(server.url + "/api/v1/incidents", json={
            "title": title, "impact": impact, "service_ids": [sid], "started_at": s,
            "resolved_at": e})
        assert r.status_code == 201, r.text
    return {"admin": admin, "tenant": tenant, "contract": contract, "other": other_tenant,
            "other_contract": other_contract}


def test_report_figures(server, setup):
    """SLA-4, SLA-6: July 2026 with the regular window of 26 July (300 min), a 90-minute major
    outage and a 30-minute partial outage (weight 0): 44,340 planned minutes, 90 down,
    99.797 % (below 99.90 %), 2 incidents, MTTR 60 minutes (above 30)."""
    r = setup["tenant"].get(server.url + "/api/v1/sla/report",
                            params={"contract": setup["contract"]["id"], "month": "2026-07"})
    assert r.status_code == 200, r.text
    rep = r.json()
    assert rep["month"] == "2026-07"
    assert rep["contract"]["number"] == setup["contract"]["number"]
    a = rep["availability"]
    assert a["maintenance_minutes"] == 300 and a["planned_minutes"] == 44340
    assert a["downtime_minutes"] == 90
    assert a["availability_percent"] == 99.797 and a["target_percent"] == 99.9
    assert a["met"] is False
    assert rep["incident_count"] == 2
    assert [i["duration_minutes"] for i in rep["incidents"]] == [90, 30]
    assert rep["mttr_minutes"] == 60 and rep["mttr_target_minutes"] == 30
    assert rep["response_times"]["api"]["target_ms"] == 500
    assert any(m["regular"] for m in rep["maintenance"])


def test_report_csv_in_the_readers_language(server, setup):
    """The CSV: a header from the catalogue, one row per figure with its target and result,
    every incident and window with JST times."""
    params = {"contract": setup["contract"]["id"], "month": "2026-07", "format": "csv"}
    r = setup["tenant"].get(server.url + "/api/v1/sla/report", params=params)
    assert r.status_code == 200 and r.headers["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(r.text)))
    assert rows[0] == ["区分", "項目", "値", "目標", "判定"]
    assert ["稼働率", "稼働率（%）", "99.797", "99.900", "未達"] in rows
    assert any(row[1].endswith("全面停止 (全面停止)") and "2026年7月10日 10:00" in row[2] for row in rows)
    r = setup["admin"].get(server.url + "/api/v1/sla/report", params=params,
                           headers={"Accept-Language": "en"})
    rows = list(csv.reader(io.StringIO(r.text)))
    assert rows[0] == ["section", "item", "value", "target", "result"]
    assert ["Availability", "Availability (%)", "99.797", "99.900", "missed"] in rows


def test_report_scope(server, setup):
    """Tenant isolation: a contractor reads only its own contracts' reports (404 for another's);
    the operator reads every contract; bad parameters are 400 naming the field."""
    other = setup["other_contract"]["id"]
    r = setup["tenant"].get(server.url + "/api/v1/sla/report", params={"contract": other, "month": "2026-07"})
    assert r.status_code == 404
    r = setup["admin"].get(server.url + "/api/v1/sla/report", params={"contract": other, "month": "2026-07"})
    assert r.status_code == 200
    r = setup["admin"].get(server.url + "/api/v1/sla/report", params={"contract": "x"})
    assert r.status_code == 400 and r.json()["errors"][0]["field"] == "contract"
    r = setup["admin"].get(server.url + "/api/v1/sla/report", params={"contract": other, "month": "2026-7"})
    assert r.status_code == 400 and r.json()["errors"][0]["field"] == "month"


def test_own_services_status(server, setup):
    """Issue 12 item 5, item 4 ("a logged-in contractor sees only the services it bought"):
    /api/v1/me/status lists the tenant's services only, and the incidents of another service
    are not shown to it; the operator gets everything."""
    admin = setup["admin"]
    other = setup_catalogue(server, admin, unique("sln"))["service"]["id"]
    r = admin.post(server.url + "/api/v1/incidents", json={
        "title": "他サービスの障害", "impact": "major_outage", "service_ids": [other],
        "started_at": jst(2026, 7, 1, 9)})
    assert r.status_code == 201, r.text
    mine = setup["tenant"].get(server.url + "/api/v1/me/status")
    assert mine.status_code == 200, mine.text
    doc = mine.json()
    assert doc["own_services_only"] is True
    assert [s["id"] for s in doc["services"]] == [setup["contract"]["service_id"]]
    assert all(i["title"] != "他サービスの障害" for i in doc["incidents"])
    everything = admin.get(server.url + "/api/v1/me/status").json()
    assert other in [s["id"] for s in everything["services"]]
    assert any(i["title"] == "他サービスの障害" for i in everything["incidents"])
    assert requests.get(server.url + "/api/v1/me/status").status_code == 401
