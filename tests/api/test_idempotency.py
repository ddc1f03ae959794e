"""Retried writes (issue 15 item 1; TOS-25, CHK-20: failover without lost or doubled writes): a
write sent with an Idempotency-Key is done once however often it is sent, the first answer is
given again, a key reused for another request is refused, and a repeat after a write whose
answer was lost learns that it happened."""
import threading
import time

import pytest
import requests

from conftest import DRIVER, unique
from tenancy import create_tenant, first_password, user_session

PDR = "/api/v1/personal-data-requests"


@pytest.fixture(scope="module")
def people(server):
    """Two users of one tenant, each with an address (a personal-data request goes to it)."""
    admin = server.login("admin")
    code = unique("ID").upper()
    t = create_tenant(server, admin, code, "冪等株式会社")
    boss = user_session(server, code, "admin1", t["initial_password"])
    out = {"admin": admin, "boss": boss}
    for who in ("a", "b"):
        login = unique(who)
        r = boss.post(server.url + "/api/v1/users", json={
            "login": login, "display_name": "冪等 %s" % who, "email": "%s@example.jp" % login})
        assert r.status_code == 201, r.text
        out[who] = user_session(server, code, login, first_password(server, r.json()))
    return out


def count(server):
    return server.sql("SELECT count(*) FROM pd_requests")[0][0]


def post(server, s, key, body):
    return s.post(server.url + PDR, json=body, headers={"Idempotency-Key": key})


def test_a_repeat_gets_the_first_answer_and_writes_once(server, people):
    """TOS-25: the same key and request twice: one request filed, the same 201 and body again,
    marked Idempotent-Replayed; without a key every POST writes."""
    s, key = people["a"], "op-" + unique()
    before = count(server)
    first = post(server, s, key, {"kind": "disclose"})
    assert first.status_code == 201, first.text
    again = post(server, s, key, {"kind": "disclose"})
    assert again.status_code == 201, again.text
    assert again.json() == first.json()
    assert again.headers.get("Idempotent-Replayed") == "true"
    assert "Idempotent-Replayed" not in first.headers
    assert count(server) == before + 1
    assert s.post(server.url + PDR, json={"kind": "disclose"}).status_code == 201
    assert count(server) == before + 2


def test_the_same_key_with_another_request_is_refused(server, people):
    """The key names one operation: another body (or path) with it is 422 problem+json."""
    s, key = people["a"], "op-" + unique()
    assert post(server, s, key, {"kind": "disclose"}).status_code == 201
    before = count(server)
    r = post(server, s, key, {"kind": "stop"})
    assert r.status_code == 422, r.text
    assert r.headers["Content-Type"].startswith("application/problem+json")
    assert r.json()["type"].endswith("/problems/idempotency-key-reused")
    assert count(server) == before


def test_keys_are_per_caller_and_malformed_keys_are_refused(server, people):
    """Another user's write with the same key is that user's own operation; a key with a space
    or over 255 characters is 400."""
    key = "shared-" + unique()
    before = count(server)
    ra = post(server, people["a"], key, {"kind": "disclose"})
    rb = post(server, people["b"], key, {"kind": "disclose"})
    assert ra.status_code == rb.status_code == 201
    assert ra.json()["request"]["id"] != rb.json()["request"]["id"]
    assert count(server) == before + 2
    for bad in ("has space", "x" * 256):
        r = post(server, people["a"], bad, {"kind": "disclose"})
        assert r.status_code == 400 and r.json()["type"].endswith("/idempotency-key-invalid")
    assert count(server) == before + 2


def test_an_attempt_that_wrote_nothing_is_not_kept(server, people):
    """A refused attempt (400: a field is wrong) changed nothing, so the same key may carry the
    corrected request."""
    s, key = people["a"], "op-" + unique()
    r = post(server, s, key, {"kind": "nonsense"})
    assert r.status_code == 400, r.text
    r = post(server, s, key, {"kind": "disclose"})
    assert r.status_code == 201, r.text


def test_racing_attempts_with_one_key_write_once(server, people):
    """Eight attempts of one operation at the same moment (a client and its retry racing over
    two connections): one request filed; every attempt gets the same 201 answer."""
    s, key = people["a"], "race-" + unique()
    before = count(server)
    answers = []
    gate = threading.Barrier(8)

    def attempt():
        c = requests.Session()
        c.cookies.update(s.cookies)
        c.headers.update(s.headers)
        gate.wait()
        answers.append(post(server, c, key, {"kind": "correct", "detail": "住所"}))

    threads = [threading.Thread(target=attempt) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert count(server) == before + 1
    assert [r.status_code for r in answers] == [201] * 8, [r.text for r in answers]
    assert len({r.json()["request"]["id"] for r in answers}) == 1


def test_a_repeat_after_a_lost_answer_learns_the_write_happened(server, people):
    """A first attempt whose COMMIT succeeded but whose answer never reached the database (the
    connection was lost right after COMMIT, the instance was killed) leaves the key claimed by
    the write's own transaction and no answer: that state is made here directly, and a repeat
    answers 409 idempotency-done (carried out, do not send again) without writing again."""
    s, key = people["a"], "lost-" + unique()
    assert post(server, s, key, {"kind": "disclose"}).status_code == 201
    server.sql("UPDATE idempotency_keys SET status = NULL, content_type = NULL, body = NULL "
               "WHERE key = ?", key)
    before = count(server)
    t0 = time.time()
    r = post(server, s, key, {"kind": "disclose"})
    assert r.status_code == 409, r.text
    assert r.json()["type"].endswith("/problems/idempotency-done")
    assert time.time() - t0 < 10
    assert count(server) == before


def test_answers_with_a_secret_are_not_kept(server, people):
    """An answer that carries a secret (a new API token's) is not stored: a repeat of the write
    answers 409 idempotency-done and creates nothing."""
    s, key = people["boss"], "tok-" + unique()
    body = {"name": "idem-" + unique(), "permissions": ["users.read"]}
    url = server.url + "/api/v1/api-tokens"
    first = s.post(url, json=body, headers={"Idempotency-Key": key})
    assert first.status_code == 201, first.text
    assert first.json()["secret"].startswith("ansh_")
    tokens = server.sql("SELECT count(*) FROM api_tokens")[0][0]
    again = s.post(url, json=body, headers={"Idempotency-Key": key})
    assert again.status_code == 409, again.text
    assert again.json()["type"].endswith("/problems/idempotency-done")
    assert server.sql("SELECT count(*) FROM api_tokens")[0][0] == tokens
    assert server.sql("SELECT body FROM idempotency_keys WHERE key = ?", key) == [(None,)]


def test_retries_through_terminated_sessions_write_each_operation_once(make_server):
    """TOS-25 under a real fault (PostgreSQL): the server's database sessions are terminated
    every few milliseconds while a client files requests, each with its own key, repeating an
    attempt on 503 or a lost connection until it is answered 201 or 409 idempotency-done. Every
    operation is filed exactly once, including those whose COMMIT was cut."""
    if DRIVER != "postgres":
        pytest.skip("terminating database sessions is a PostgreSQL fault")
    from test_faults import pg_admin_sql, pg_server
    srv = pg_server(make_server)
    admin = srv.login("admin")
    code = unique("IF").upper()
    t = create_tenant(srv, admin, code, "障害冪等株式会社")
    boss = user_session(srv, code, "admin1", t["initial_password"])
    login = unique("f")
    r = boss.post(srv.url + "/api/v1/users", json={
        "login": login, "display_name": "障害 花子", "email": "%s@example.jp" % login})
    assert r.status_code == 201, r.text
    s = user_session(srv, code, login, first_password(srv, r.json()))
    stop = threading.Event()
    kills = [0]

    def killer():
        while not stop.is_set():
            kills[0] += len(pg_admin_sql("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                                         "WHERE application_name = %s", srv.app_name))
            time.sleep(0.02)

    k = threading.Thread(target=killer)
    k.start()
    outcomes = {"201": 0, "409": 0, "retries": 0}
    ops = 30
    try:
        for i in range(ops):
            key = "fault-%d-%s" % (i, unique())
            for _ in range(200):
                try:
                    r = post(srv, s, key, {"kind": "disclose", "detail": "op %d" % i})
                except requests.RequestException:
                    outcomes["retries"] += 1
                    continue
                if r.status_code in (201, 409):
                    if r.status_code == 409:
                        assert r.json()["type"].endswith("/problems/idempotency-done"), r.text
                    outcomes[str(r.status_code)] += 1
                    break
                assert r.status_code in (500, 503), r.text  # nothing known: send it again
                outcomes["retries"] += 1
            else:
                pytest.fail("operation %d never got through" % i)
    finally:
        stop.set()
        k.join()
    filed = srv.sql("SELECT count(*) FROM pd_requests")[0][0]
    print("idempotency under terminated sessions: %d operations, %d filed, %s, %d sessions "
          "terminated" % (ops, filed, outcomes, kills[0]))
    assert filed == ops
