"""Native TLS: HSTS on every response and a __Host- session cookie marked Secure (TOS-25)."""
import os
import socket
import ssl
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


def tls_server(make_server):
    srv = make_server(tls=True)
    cert, key = os.path.join(srv.dir, "cert.pem"), os.path.join(srv.dir, "key.pem")
    subprocess.run(["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt",
                    "ec_paramgen_curve:prime256v1", "-nodes", "-keyout", key, "-out", cert,
                    "-days", "2", "-subj", "/CN=127.0.0.1"], check=True, capture_output=True)
    srv.env["ANSHIN_SERVER_TLS_CERT"] = cert
    srv.env["ANSHIN_SERVER_TLS_KEY"] = key
    return srv.start()


def handshake(port, minimum, maximum, ciphers=None):
    """The negotiated (protocol, cipher), or None when the server refuses the handshake."""
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    ctx.check_hostname = False
    ctx.verify_mode = ssl.CERT_NONE
    ctx.set_ciphers((ciphers or "ALL") + ":@SECLEVEL=0")
    ctx.minimum_version, ctx.maximum_version = minimum, maximum
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=5) as raw:
            with ctx.wrap_socket(raw) as s:
                return s.version(), s.cipher()[0]
    except (ssl.SSLError, ConnectionError):
        return None


def test_only_tls12_and_13_with_aead_suites_in_server_order(make_server):
    """M3: TLS 1.0 and 1.1 and CBC suites were offered and the client chose the suite (testssl:
    BEAST, LUCKY13 potential). Now TLS 1.2+ only, AEAD suites only, the server's order."""
    srv = tls_server(make_server)
    V = ssl.TLSVersion
    assert handshake(srv.port, V.TLSv1, V.TLSv1) is None
    assert handshake(srv.port, V.TLSv1_1, V.TLSv1_1) is None
    for cbc in ("ECDHE-ECDSA-AES128-SHA", "ECDHE-ECDSA-AES256-SHA384", "ECDHE-ECDSA-AES128-SHA256",
                "AES128-GCM-SHA256", "AES256-SHA"):
        assert handshake(srv.port, V.TLSv1_2, V.TLSv1_2, cbc) is None, cbc
    assert handshake(srv.port, V.TLSv1_3, V.TLSv1_3)[0] == "TLSv1.3"
    # The client prefers AES-128; the server's order puts AES-256 first.
    got = handshake(srv.port, V.TLSv1_2, V.TLSv1_2,
                    "ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-ECDSA-AES256-GCM-SHA384")
    assert got == ("TLSv1.2", "ECDHE-ECDSA-AES256-GCM-SHA384"), got
    assert requests.get(srv.url + "/healthz", verify=False).status_code == 200


def test_refusals_before_the_headers_go_through_tls(make_server):
    """L, I2: the 414 for too many query arguments is written before libmicrohttpd reaches the
    headers; under TLS it goes through the TLS session, with our headers, and the connection
    closes. The ambiguous framing refusals close it as well."""
    srv = tls_server(make_server)
    q = "&".join("a%d=1" % i for i in range(600))
    r = requests.get(srv.url + "/healthz?" + q, verify=False, timeout=5)
    assert r.status_code == 414
    assert r.headers["Content-Type"].startswith("application/problem+json")
    assert r.headers["Strict-Transport-Security"].startswith("max-age=")
    assert r.json()["type"] == "/problems/uri-too-long"
    assert requests.get(srv.url + "/healthz", verify=False).status_code == 200
