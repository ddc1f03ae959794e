"""The live self-assessment of the four checklists (issue 16 items 4, 5): every catalog item
scored from its requirement IDs' live statuses (checks and attestations) or from an attestation
naming the item itself, rolled up per section and catalog, the safety-mark verdict computed with
the points (MARK-3-1-5, MARK-3-1-7), what to do next for every failing item, the seed-001 answer
sheet as CSV (確認事項 / 実施有無 / 事業者回答, CHK-14), the 審査項目回答書, OSCAL
assessment-results and `anshin compliance report`. Live state is flipped and items and the verdict
are seen to change."""
import csv
import io
import json
import time

from conftest import unique
from tenancy import create_tenant, first_password, user_session

SERVER_ENV = {"ANSHIN_COMPLIANCE_INTERVAL_MS": "0"}
STATUSES = {"compliant", "partial", "non_compliant", "not_applicable", "unassessed"}
US = 1000000


def evaluate(server, admin):
    r = admin.post(server.url + "/api/v1/compliance/evaluate")
    assert r.status_code == 200, r.text


def catalog(server, admin, cid, lang="ja"):
    r = admin.get(server.url + "/api/v1/compliance/catalogs/" + cid,
                  headers={"Accept-Language": lang})
    assert r.status_code == 200, r.text
    return r.json()


def items(cat):
    return {i["id"]: i for s in cat["sections"] for i in s["items"]}


def test_catalogs_roll_up_and_the_mark_verdict(server, admin):
    """Each catalog's counts add up to its items, per section and overall; the mark catalog
    carries the renewal and first-application verdicts with reasons (MARK-*)."""
    evaluate(server, admin)
    r = admin.get(server.url + "/api/v1/compliance/catalogs")
    assert r.status_code == 200, r.text
    cats = {c["id"]: c for c in r.json()["catalogs"]}
    assert set(cats) == {"checksheet", "whitepaper", "sla", "mark"}
    for c in cats.values():
        assert set(c["counts"]) == STATUSES
        assert sum(c["counts"].values()) == c["items"], c
    v = cats["mark"]["verdict"]
    assert v["renewal"]["mandatory_total"] == 29 and v["renewal"]["points_max"] == 119
    assert v["first"]["mandatory_total"] == 28 and v["first"]["points_max"] == 124
    assert v["renewal"]["pass"] is False and v["renewal"]["reasons"]
    full = catalog(server, admin, "checksheet")
    assert sum(sum(s["counts"].values()) for s in full["sections"]) == full["items"] == 70
    it = items(full)
    # CHK-14: the password floors hold on a fresh system
    assert it["6-23"]["status"] == "compliant" and it["6-23"]["next_step"] is None
    assert it["6-23"]["requirements"][0]["evidence"]["link"].startswith("/")
    # an organisational item: nothing judges it, the next step is an attestation of the item
    assert it["1-1"]["status"] == "unassessed"
    assert "checksheet:1-1" in it["1-1"]["next_step"]
    en = items(catalog(server, admin, "checksheet", "en"))
    assert en["1-1"]["next_step"].startswith("Record an attestation")
    assert admin.get(server.url + "/api/v1/compliance/catalogs/nosuch").status_code == 404


def test_backups_flip_items_and_the_mark_points(server, admin):
    """MARK-3-1-5 / MARK-3-1-7: no backup leaves 3-1-5 non-compliant with the check's reason as
    its next step and 3-1-7 at 0 points; a verified backup with a copy 100 km away makes 3-1-5
    compliant (5 points) and gives 3-1-7 its 5 points, and the verdict's points rise by 10."""
    evaluate(server, admin)
    before = catalog(server, admin, "mark")
    it = items(before)
    assert it["3-1-5"]["status"] == "non_compliant"
    assert it["3-1-5"]["next_step"] == it["3-1-5"]["requirements"][0]["reason"]
    assert it["3-1-5"]["answer"] == {"met": False, "points": 0}
    assert it["3-1-7"]["answer"] == {"points": 0, "points_max": 5}
    now = int(time.time() * US)
    name = "backup-%s.anb" % unique()
    server.sql("INSERT INTO backups (created_at, driver, file_name, status, verified_at) "
               "VALUES (?, 'sqlite', ?, 'ok', ?)", now, name, now)
    bid = server.sql("SELECT id FROM backups WHERE file_name = ?", name)[0][0]
    server.sql("INSERT INTO backup_copies (backup_id, destination, distance_class, status, at) "
               "VALUES (?, 'sftp://far', 'other-building', 'ok', ?)", bid, now)
    evaluate(server, admin)
    mid = items(catalog(server, admin, "mark"))
    assert mid["3-1-7"]["status"] == "partial"
    assert mid["3-1-7"]["answer"]["points"] == 3, "the distance class gives the points"
    server.sql("UPDATE backup_copies SET distance_class = '100km+' WHERE backup_id = ?", bid)
    evaluate(server, admin)
    after = catalog(server, admin, "mark")
    it = items(after)
    assert it["3-1-5"]["status"] == "compliant" and it["3-1-5"]["answer"]["met"] is True
    assert it["3-1-7"]["status"] == "compliant" and it["3-1-7"]["answer"]["points"] == 5
    for app in ("renewal", "first"):
        assert after["verdict"][app]["points"] == before["verdict"][app]["points"] + 10
    # the backup stops: two days later 3-1-5 fails again and the points fall back
    old = now - 48 * 3600 * US
    server.sql("UPDATE backups SET created_at = ?, verified_at = ? WHERE id = ?", old, old, bid)
    evaluate(server, admin)
    stale = catalog(server, admin, "mark")
    assert items(stale)["3-1-5"]["status"] == "non_compliant"
    assert stale["verdict"]["renewal"]["points"] == after["verdict"]["renewal"]["points"] - 5


def test_attestation_of_an_item_counts_until_revoked(server, admin):
    """An organisational item (mark 1-1-1, mandatory, no requirement ID) attested as "mark:1-1-1"
    turns compliant and adds a met mandatory item to the verdict; revoked, it fails."""
    url = server.url + "/api/v1/compliance/attestations"
    evaluate(server, admin)
    before = catalog(server, admin, "mark")
    assert items(before)["1-1-1"]["status"] == "unassessed"
    for bad in ("mark:9-9-9", "nosuch:1-1", "mark:"):
        r = admin.post(url, json={"requirement": bad, "attested_by": "山田", "role": "CISO"})
        assert r.status_code == 400, (bad, r.text)
    r = admin.post(url, json={"requirement": "mark:1-1-1", "attested_by": "山田 太郎",
                              "role": "代表取締役", "document_ref": "基本方針 第3版"})
    assert r.status_code == 201, r.text
    aid = r.json()["attestation"]["id"]
    evaluate(server, admin)
    after = catalog(server, admin, "mark")
    it = items(after)["1-1-1"]
    assert it["status"] == "compliant" and it["answer"] == {"met": True}, it
    assert it["requirements"][0]["source"] == "attestation"
    assert after["verdict"]["renewal"]["mandatory_met"] == \
        before["verdict"]["renewal"]["mandatory_met"] + 1
    assert admin.delete(url + "/%d" % aid).status_code == 204
    evaluate(server, admin)
    assert items(catalog(server, admin, "mark"))["1-1-1"]["status"] == "non_compliant"


def read_csv(resp):
    assert resp.status_code == 200, resp.text
    assert resp.headers["Content-Type"].startswith("text/csv")
    raw = resp.content
    assert raw.startswith(b"\xef\xbb\xbf"), "a BOM so Excel reads UTF-8"
    assert b"\r\n" in raw and b"\n" not in raw.replace(b"\r\n", b"")
    return list(csv.reader(io.StringIO(raw[3:].decode("utf-8"), newline="")))


def test_checksheet_csv_is_the_seed_001_sheet(server, admin):
    """Seed 001's sheet: 確認事項 / 実施有無 / 事業者回答 for each of its 70 items (CHK-14's
    row answered 有 with the check's reason); no cell can run as a formula."""
    evaluate(server, admin)
    rows = read_csv(admin.get(server.url + "/api/v1/compliance/catalogs/checksheet.csv"))
    assert rows[0] == ["項番", "確認事項", "実施有無", "事業者回答"]
    assert len(rows) == 71
    by = {r[0]: r for r in rows[1:]}
    assert by["6-23"][2] == "有" and by["6-23"][3]
    assert by["1-1"][2] == "未評価"
    assert all(not c.startswith(("=", "+", "-", "@")) for r in rows for c in r)


def test_mark_csv_is_the_answer_sheet_with_boxes_and_points(server, admin):
    """Seed 004's 審査項目回答書: □/■ per answer and the points, the verdict rows beneath."""
    evaluate(server, admin)
    rows = read_csv(admin.get(server.url + "/api/v1/compliance/catalogs/mark.csv"))
    assert rows[0] == ["項番", "審査項目", "区分", "回答", "点数"]
    by = {r[0]: r for r in rows[1:] if r[0]}
    assert len(by) == 56
    assert by["2-1-5"][3] == "□はい ■いいえ" and by["2-1-5"][4] == "0"  # no TLS on the test server
    pts = items(catalog(server, admin, "mark"))["3-1-7"]["answer"]["points"]
    boxes = by["3-1-7"][3].split(" ")
    assert len(boxes) == 6 and boxes[5 - pts] == "■%d点" % pts and by["3-1-7"][4] == str(pts)
    assert sum(b.startswith("■") for b in boxes) == 1
    verdicts = [r for r in rows[1:] if not r[0]]
    assert [r[1] for r in verdicts] == ["更新審査", "新規審査"]
    assert verdicts[0][4] == "不合格"
    for cid in ("whitepaper", "sla"):
        rows = read_csv(admin.get(server.url + "/api/v1/compliance/catalogs/%s.csv" % cid))
        assert rows[0][0] == "項番" and len(rows) > 10


def test_oscal_assessment_results(server, admin):
    """OSCAL assessment-results: one observation with evidence per automatic check, one finding
    per requirement pointing at it (SLA-4, CHK-14 among them)."""
    evaluate(server, admin)
    r = admin.get(server.url + "/api/v1/compliance/oscal")
    assert r.status_code == 200, r.text
    ar = r.json()["assessment-results"]
    assert ar["metadata"]["oscal-version"] == "1.1.2" and ar["import-ap"]["href"]
    res = ar["results"][0]
    assert res["start"] and res["reviewed-controls"]["control-selections"]
    obs = {o["uuid"]: o for o in res["observations"]}
    finds = {f["target"]["target-id"]: f for f in res["findings"]}
    assert {"CHK-14", "SLA-4", "MARK-3-1-5"} <= set(finds)
    assert finds["CHK-14"]["target"]["status"]["state"] == "satisfied"
    assert finds["MARK-2-1-5"]["target"]["status"]["state"] == "not-satisfied"
    for f in finds.values():
        o = obs[f["related-observations"][0]["observation-uuid"]]
        assert o["methods"] == ["TEST"] and o["collected"]
        assert o["relevant-evidence"][0]["href"].startswith("/")
        json.loads(o["relevant-evidence"][0]["description"])
    assert "mark:1-1-1" not in finds, "attestations are not automatic checks"


def test_cli_report_formats(server, admin):
    """`anshin compliance report --format json|csv|oscal [--catalog ID]` evaluates and prints the
    same assessment; an unknown catalog or format exits 2."""
    r = server.cli("compliance", "report", "--format", "json")
    assert r.returncode == 0, r.stderr
    cats = json.loads(r.stdout)["catalogs"]
    assert [c["id"] for c in cats] == ["checksheet", "whitepaper", "sla", "mark"]
    assert "verdict" in cats[3] and cats[0]["sections"][0]["items"][0]["status"] in STATUSES
    r = server.cli("compliance", "report", "--format", "json", "--catalog", "mark", "--lang", "en")
    assert r.returncode == 0 and json.loads(r.stdout)["id"] == "mark"
    r = server.cli("compliance", "report", "--format", "csv", "--catalog", "checksheet")
    assert r.returncode == 0, r.stderr
    assert r.stdout.lstrip("\ufeff").startswith('"項番","確認事項","実施有無","事業者回答"')
    r = server.cli("compliance", "report", "--format", "oscal")
    assert r.returncode == 0 and json.loads(r.stdout)["assessment-results"]["results"]
    assert server.cli("compliance", "report", "--format", "xml").returncode == 2
    assert server.cli("compliance", "report", "--format", "csv", "--catalog", "x").returncode == 2


def test_who_may_read_the_assessment(server, admin):
    """compliance.read: the operator's admin and auditor; tenant users never."""
    login = "audx" + unique()
    server.create_staff(login, roles="auditor")
    aud = server.login(login)
    assert aud.get(server.url + "/api/v1/compliance/catalogs").status_code == 200
    assert aud.get(server.url + "/api/v1/compliance/catalogs/mark.csv").status_code == 200
    code = unique("CA").upper()
    t = create_tenant(server, admin, code, "評価閲覧不可株式会社")
    ta = user_session(server, code, "admin1", first_password(server, t))
    for path in ("/api/v1/compliance/catalogs", "/api/v1/compliance/catalogs/mark",
                 "/api/v1/compliance/catalogs/checksheet.csv", "/api/v1/compliance/oscal"):
        assert ta.get(server.url + path).status_code == 403, path


def test_trust_is_off_by_default(server):
    """[compliance] trust_page is off unless the operator turns it on: the public answer says
    only that nothing is published."""
    import requests
    r = requests.get(server.url + "/api/v1/trust")
    assert r.status_code == 200 and r.json() == {"published": False}
