"""The public trust page (issue 16 item 5), published with [compliance] trust_page: anyone sees
which automatic checks pass (WP-12, MARK-2-1-5 among them) and when they were last evaluated,
without reasons, evidence or attestations. Off by default: see test_trust_is_off_by_default in
test_compliance_assess.py."""
import requests

SERVER_ENV = {"ANSHIN_COMPLIANCE_INTERVAL_MS": "0", "ANSHIN_COMPLIANCE_TRUST_PAGE": "true"}


def test_trust_page_lists_checks_without_evidence(server, admin):
    r = admin.post(server.url + "/api/v1/compliance/attestations", json={
        "requirement": "mark:1-1-1", "attested_by": "山田", "role": "代表取締役"})
    assert r.status_code == 201, r.text
    assert admin.post(server.url + "/api/v1/compliance/evaluate").status_code == 200
    d = requests.get(server.url + "/api/v1/trust").json()
    assert d["published"] is True and d["evaluated_at"]
    by = {c["requirement"]: c for c in d["checks"]}
    assert by["MARK-2-1-5"]["status"] == "non_compliant"
    assert by["CHK-14"]["status"] == "compliant"
    assert "mark:1-1-1" not in by, "attestations stay private"
    assert d["total"] == len(d["checks"]) and 0 < d["passing"] < d["total"]
    assert all(set(c) == {"requirement", "status", "since"} for c in d["checks"])
    page = requests.get(server.url + "/trust")
    assert page.status_code == 200 and "trust.js" in page.text
