"""Usage metering (issue 17 item 5, SLA-11, TOS-20): plans' metered dimensions, usage reported by
a shop with its token per contract, meter and hour under an idempotency key, the usage so far this
month for the contractor and the shop, and metered lines in the month's statement and invoice
with the tax computed once per rate together with the monthly lines."""
import datetime

import requests

from conftest import unique
from market import contractor, setup_catalogue, today_jst
from test_receivables import charge, invoices_of, issue, month_start, run_due_jobs, ym


def bearer(token):
    s = requests.Session()
    s.headers["Authorization"] = "Bearer " + token
    return s


def hour_utc(delta_hours=0):
    t = datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(hours=delta_hours)
    return t.replace(minute=0, second=0, microsecond=0).strftime("%Y-%m-%dT%H:%M:%SZ")


def add_meter(server, admin, plan_id, code, price, rate):
    r = admin.post(server.url + "/api/v1/plans/%d/meters" % plan_id, json={
        "code": code, "name": "従量 " + code, "unit": "GB", "unit_price": price, "tax_rate": rate})
    assert r.status_code == 201, r.text + server.read_log()
    return r.json()["meter"]


def test_usage_reports_idempotent_scoped_and_billed(server, admin):
    """SLA-11, TOS-20: a repeated idempotency key is counted once; a shop cannot report for
    another shop's contract (404) nor a late hour (422 naming /hour); the contractor and the shop
    see the usage so far this month, another contractor does not; the month's statement and its
    invoice carry one metered line per contract and meter, taxed once per rate with the monthly
    lines."""
    cat = setup_catalogue(server, admin, unique("um"))
    other = setup_catalogue(server, admin, unique("uo"))
    basic, food = cat["plans"]["basic"]["id"], cat["plans"]["food"]["id"]
    add_meter(server, admin, basic, "storage", 3, 10)
    add_meter(server, admin, food, "orders", 13, 8)
    # The operator only; a code once per plan; a tax rate of 10 or 8.
    dup = admin.post(server.url + "/api/v1/plans/%d/meters" % basic, json={
        "code": "storage", "name": "x", "unit": "GB", "unit_price": 1, "tax_rate": 10})
    assert dup.status_code == 409 and dup.json()["type"] == "/problems/meter-exists"
    bad = admin.post(server.url + "/api/v1/plans/%d/meters" % basic, json={
        "code": "calls", "name": "x", "unit": "回", "unit_price": 1, "tax_rate": 9})
    assert bad.status_code == 400 and bad.json()["errors"][0]["pointer"] == "/tax_rate"

    s, c = contractor(server, admin, cat, unique("UM").upper())
    r = s.post(server.url + "/api/v1/change-requests", json={"kind": "add_service",
                                                             "plan_id": food})
    assert r.status_code == 201, r.text
    admin.post(server.url + "/api/v1/change-requests/%d/approve" % r.json()["change_request"]["id"],
               json={})
    run_due_jobs(server)
    food_contract = server.sql("SELECT id FROM contracts WHERE tenant_id = ? AND plan_id = ?",
                               c["tenant_id"], food)[0][0]
    shop = bearer(admin.post(server.url + "/api/v1/shops/%d/tokens" % cat["shop"]["id"],
                             json={"name": "計測"}).json()["secret"])
    stranger = bearer(admin.post(server.url + "/api/v1/shops/%d/tokens" % other["shop"]["id"],
                                 json={"name": "他社"}).json()["secret"])
    url = server.url + "/api/v1/usage-reports"

    def report(client, contract_id, meter, qty, key, hour=None):
        return client.post(url, json={"contract_id": contract_id, "meter": meter,
                                      "quantity": qty, "hour": hour or hour_utc(),
                                      "idempotency_key": key})

    first = report(shop, c["id"], "storage", 4, "k-1")
    assert first.status_code == 201, first.text + server.read_log()
    again = report(shop, c["id"], "storage", 400, "k-1")  # the same key: nothing changes
    assert again.status_code == 200 and again.json() == first.json()
    assert report(shop, c["id"], "storage", 3, "k-2", hour_utc(-1)).status_code == 201
    assert report(shop, food_contract, "orders", 5, "k-3").status_code == 201
    # Another shop's token: the contract is not found, and nothing is recorded.
    assert report(stranger, c["id"], "storage", 99, "s-1").status_code == 404
    # A meter of another plan, an hour past the window, an hour not yet begun.
    assert report(shop, c["id"], "orders", 1, "k-4").json()["errors"][0]["pointer"] == "/meter"
    late = report(shop, c["id"], "storage", 1, "k-5", hour_utc(-80))
    assert late.status_code == 422, late.text
    assert late.json()["type"] == "/problems/usage-outside-window"
    assert late.json()["errors"][0]["pointer"] == "/hour"
    assert report(shop, c["id"], "storage", 1, "k-6", hour_utc(+2)).status_code == 422
    n = server.sql("SELECT COUNT(*) FROM usage_reports WHERE tenant_id = ?", c["tenant_id"])[0][0]
    assert n == 3
    audited = server.sql("SELECT COUNT(*) FROM audit_events WHERE action = 'usage.report' "
                         "AND tenant_id = ?", c["tenant_id"])[0][0]
    assert audited == 3

    # Usage so far this month (quantity 4 + 3, not 400): the contractor's and the shop's view.
    for client in (s, shop):
        got = client.get(url, params={"contract_id": c["id"]})
        assert got.status_code == 200, got.text
        items = got.json()["items"]
        assert [(i["meter"], i["quantity"], i["amount"]) for i in items] == [("storage", 7, 21)]
    outsider, _ = contractor(server, admin, cat, unique("UX").upper())
    assert outsider.get(url, params={"contract_id": c["id"]}).status_code == 404
    assert stranger.get(url, params={"contract_id": c["id"]}).status_code == 404

    # Billed in the month of the hour: moved to last month (with the contracts) to invoice it.
    today = today_jst()
    last = month_start(today, 1)
    server.sql("UPDATE contracts SET start_on = ? WHERE tenant_id = ?",
               month_start(today, 2).isoformat(), c["tenant_id"])
    server.sql("UPDATE usage_reports SET month = ? WHERE tenant_id = ?", ym(last), c["tenant_id"])
    fees = s.get(server.url + "/api/v1/fees", params={"month": ym(last)})
    assert fees.status_code == 200, fees.text
    st = [x for x in fees.json()["statements"] if x["shop_id"] == cat["shop"]["id"]][0]
    metered = [(l["meter"], l["quantity"], l["unit_price"], l["amount"], l["tax_rate"])
               for l in st["lines"] if l["kind"] == "metered"]
    assert sorted(metered) == [("orders", 5, 13, 65, 8), ("storage", 7, 3, 21, 10)]
    # BASIC 1,015 + 21 at 10 %, FOOD 1,019 + 65 at 8 %: the tax once per rate, rounded down.
    assert (st["subtotal_10"], st["tax_10"]) == (1036, 103)  # 103.6
    assert (st["subtotal_8"], st["tax_8"]) == (1084, 86)  # 86.72
    assert st["total"] == 1036 + 103 + 1084 + 86
    issue(admin, server, ym(last))
    inv = [i for i in invoices_of(s, server) if i["month"] == ym(last)][0]
    assert (inv["subtotal_10"], inv["tax_10"], inv["subtotal_8"], inv["tax_8"]) == (1036, 103,
                                                                                   1084, 86)
    assert sum(1 for l in inv["lines"] if l["kind"] == "metered") == 2


def test_usage_reported_is_due_at_a_cancellation_notice(server, admin):
    """TOS-7 (Art. 12-2), SLA-11: the amount due at once at a notice includes the metered usage
    reported and not yet invoiced, taxed once per rate with the fixed fees."""
    cat = setup_catalogue(server, admin, unique("ud"))
    add_meter(server, admin, cat["plans"]["basic"]["id"], "storage", 3, 10)
    s, c = contractor(server, admin, cat, unique("UD").upper())
    shop = bearer(admin.post(server.url + "/api/v1/shops/%d/tokens" % cat["shop"]["id"],
                             json={"name": "計測"}).json()["secret"])
    r = shop.post(server.url + "/api/v1/usage-reports", json={
        "contract_id": c["id"], "meter": "storage", "quantity": 7, "hour": hour_utc(),
        "idempotency_key": "d-1"})
    assert r.status_code == 201, r.text
    today = today_jst()
    base = 3000 + charge(1015, today, today, today) + 21
    preview = s.get(server.url + "/api/v1/contracts/%d/cancel-preview" % c["id"]).json()
    assert preview["due"]["accrued"] == base + base * 10 // 100
