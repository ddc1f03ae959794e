"""A database connection that died while idle (a failover, a restarted or terminated backend) is
noticed before it is used and replaced, so requests keep being answered (TOS-25, CHK-20): no
request fails only because its worker thread's connection was cut between two requests."""
import subprocess
import uuid

import pytest
import requests

from conftest import PG_URL, Server

pytestmark = pytest.mark.skipif(not PG_URL, reason="PostgreSQL only (ANSHIN_TEST_PG_URL unset)")


def terminate(srv, app):
    """Ends every session of srv's database connections, as a failover or a restart would."""
    out = subprocess.run(
        ["psql", PG_URL, "-qtAc",
         "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
         "WHERE application_name = '%s'" % app],
        check=True, capture_output=True, text=True)
    return int(out.stdout.strip() or 0)


@pytest.fixture(scope="module")
def pg_server():
    app = "reconnect_" + uuid.uuid4().hex[:8]
    srv = Server(driver="postgres")
    srv.env["ANSHIN_STORE_URL"] += "&application_name=" + app
    srv.create_staff("admin")
    srv.start()
    srv.app_name = app
    yield srv
    srv.stop()


def test_idle_connections_cut_are_replaced_before_use(pg_server):
    """TOS-25: after every session of the instance was terminated, /readyz, a signed-in read and
    a write all succeed at the first try (the dead connection is found before a statement is
    sent, so even a statement outside a transaction is safe to send on the new one)."""
    admin = pg_server.login("admin")
    for _ in range(20):  # every worker thread opens its connection
        assert admin.get(pg_server.url + "/api/v1/me").status_code == 200
        assert requests.get(pg_server.url + "/readyz").status_code == 200
    assert terminate(pg_server, pg_server.app_name) >= 1
    failed = []
    for i in range(40):
        r = requests.get(pg_server.url + "/readyz")
        if r.status_code != 200:
            failed.append(("readyz", r.status_code))
        r = admin.get(pg_server.url + "/api/v1/me")
        if r.status_code != 200:
            failed.append(("me", r.status_code))
    assert failed == []
    assert terminate(pg_server, pg_server.app_name) >= 1
    r = admin.put(pg_server.url + "/api/v1/me/language", json={"language": "en"})
    assert r.status_code in (200, 204), r.text
