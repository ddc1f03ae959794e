"""Native TLS: HSTS on every response and a __Host- session cookie marked Secure (TOS-25)."""
import os
import subprocess

import requests
import urllib3

urllib3.disable_warnings()


def test_tls_serves_hsts_and_secure_cookie(make_server):
    srv = make_server(tls=True)
    cert, key = os.path.join(srv.dir, "cert.pem"), os.path.join(srv.dir, "key.pem")
    subprocess.run(["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt",
                    "ec_paramgen_curve:prime256v1", "-nodes", "-keyout", key, "-out", cert,
                    "-days", "2", "-subj", "/CN=127.0.0.1"], check=True, capture_output=True)
    srv.env["ANSHIN_SERVER_TLS_CERT"] = cert
    srv.env["ANSHIN_SERVER_TLS_KEY"] = key
    srv.create_staff("admin")
    srv.start()
    r = requests.get(srv.url + "/healthz", verify=False)
    assert r.status_code == 200
    assert r.headers["Strict-Transport-Security"].startswith("max-age=")
    r = requests.post(srv.url + "/api/v1/auth/login", verify=False,
                      json={"login": "admin", "password": "Anshin-Test-2026!"})
    assert r.status_code == 200
    cookie = r.headers["Set-Cookie"]
    assert cookie.startswith("__Host-anshin_session=") and "; Secure" in cookie
    r = requests.get(srv.url + "/nope", verify=False)
    assert r.status_code == 404 and "Strict-Transport-Security" in r.headers
    # Plain HTTP to the TLS port gets no answer that a client would accept as a page.
    try:
        plain = requests.get("http://127.0.0.1:%d/healthz" % srv.port, timeout=3)
        assert plain.status_code != 200
    except requests.RequestException:
        pass
