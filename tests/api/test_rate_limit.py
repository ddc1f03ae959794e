"""Anti-automation (SLA-21): per-address and per-account login limits answer 429 with
Retry-After before any password work; the limits never lock the account itself."""
import requests

from conftest import ADMIN_PASSWORD


def attempt(srv, ip, login="admin", password="wrong-password-1"):
    return requests.post(srv.url + "/api/v1/auth/login", headers={"X-Forwarded-For": ip},
                         json={"login": login, "password": password})


def test_per_address_limit(make_server):
    srv = make_server(env={"ANSHIN_PASSWORD_LOGIN_RATE_PER_IP": "5",
                           "ANSHIN_PASSWORD_LOGIN_RATE_PER_ACCOUNT": "0",
                           "ANSHIN_SERVER_TRUSTED_PROXIES": "127.0.0.1"})
    srv.create_staff("admin")
    srv.start()
    codes = [attempt(srv, "198.51.100.1", login="user%d" % i).status_code for i in range(8)]
    assert codes[:5] == [401] * 5 and codes[5:] == [429] * 3
    r = attempt(srv, "198.51.100.1")
    assert r.json()["type"] == "/problems/rate-limited"
    assert 1 <= int(r.headers["Retry-After"]) <= 60
    # Another address is unaffected, and the account is not locked: the right password works.
    assert attempt(srv, "198.51.100.2", password=ADMIN_PASSWORD).status_code == 200


def test_per_account_limit(make_server):
    srv = make_server(env={"ANSHIN_PASSWORD_LOGIN_RATE_PER_IP": "0",
                           "ANSHIN_PASSWORD_LOGIN_RATE_PER_ACCOUNT": "3",
                           "ANSHIN_SERVER_TRUSTED_PROXIES": "127.0.0.1"})
    srv.create_staff("admin")
    srv.start()
    codes = [attempt(srv, "203.0.113.%d" % i).status_code for i in range(5)]
    assert codes == [401, 401, 401, 429, 429]  # spread over addresses, still one account


def test_limits_hold_across_instances(make_server):
    """SLA-21 with several instances: the shared counters in the database make the per-account
    limit hold for the sum of attempts on all of them."""
    env = {"ANSHIN_PASSWORD_LOGIN_RATE_PER_IP": "0",
           "ANSHIN_PASSWORD_LOGIN_RATE_PER_ACCOUNT": "4",
           "ANSHIN_PASSWORD_RATE_LIMIT_STORE": "database",
           "ANSHIN_SERVER_TRUSTED_PROXIES": "127.0.0.1"}
    first = make_server(env=env)
    shared = dict(env, ANSHIN_KEYS_MASTER_KEY_FILE=first.env["ANSHIN_KEYS_MASTER_KEY_FILE"],
                  ANSHIN_STORE_PATH=first.env["ANSHIN_STORE_PATH"])
    if first.driver == "postgres":
        shared["ANSHIN_STORE_URL"] = first.env["ANSHIN_STORE_URL"]
    second = make_server(env=shared)
    first.create_staff("admin")
    first.start()
    second.start()
    codes = []
    for i in range(6):  # alternating instances, each below the limit on its own
        codes.append(attempt(first if i % 2 == 0 else second, "203.0.113.%d" % i).status_code)
    assert codes == [401, 401, 401, 401, 429, 429]
    r = attempt(second, "203.0.113.99")
    assert r.status_code == 429 and 1 <= int(r.headers["Retry-After"]) <= 60


def test_memory_store_counts_per_instance(make_server):
    """The default on SQLite (one instance) counts in memory and never touches the table."""
    srv = make_server(env={"ANSHIN_PASSWORD_LOGIN_RATE_PER_ACCOUNT": "2",
                           "ANSHIN_PASSWORD_RATE_LIMIT_STORE": "memory"})
    srv.create_staff("admin")
    srv.start()
    assert [attempt(srv, "x").status_code for _ in range(3)] == [401, 401, 429]
    assert srv.sql("SELECT COUNT(*) FROM rate_limits")[0][0] == 0
