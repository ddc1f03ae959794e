"""Client certificates per tenant (SLA-22): a tenant admin uploads the company's CA certificate
and may require that its users present a TLS client certificate issued by it, in addition to
password and second factor. Under native TLS the server asks every client for a certificate
(without requiring one); behind a TLS-terminating proxy the certificate comes from a configured
header, believed only from `[server] trusted_proxies`."""
import os
import subprocess
import time
import urllib.parse

import pytest
import requests
import urllib3

from conftest import ADMIN_PASSWORD, unique

urllib3.disable_warnings()

NEW_PASSWORD = "Tenant-Passw0rd-2026!"
HEADER = "X-SSL-Client-Cert"


def openssl(*args):
    subprocess.run(["openssl", *args], check=True, capture_output=True)


def make_ca(d, name):
    key, crt = os.path.join(d, name + "-ca.key"), os.path.join(d, name + "-ca.pem")
    openssl("req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
            "-keyout", key, "-out", crt, "-days", "2", "-subj", "/O=%s/CN=%s CA" % (name, name),
            "-addext", "basicConstraints=critical,CA:TRUE",
            "-addext", "keyUsage=critical,keyCertSign,cRLSign")
    return crt, key


def make_client(d, name, ca, days="2"):
    key, csr, crt = (os.path.join(d, name + x) for x in (".key", ".csr", ".pem"))
    ext = os.path.join(d, name + ".ext")
    with open(ext, "w") as f:
        f.write("extendedKeyUsage=clientAuth\nbasicConstraints=CA:FALSE\n")
    openssl("req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
            "-keyout", key, "-out", csr, "-subj", "/CN=%s" % name)
    openssl("x509", "-req", "-in", csr, "-CA", ca[0], "-CAkey", ca[1], "-CAcreateserial",
            "-days", days, "-out", crt, "-extfile", ext)
    return crt, key


@pytest.fixture(scope="module")
def pki(tmp_path_factory):
    d = str(tmp_path_factory.mktemp("pki"))
    a, b = make_ca(d, "alpha"), make_ca(d, "beta")
    # "-days 0": valid until the second it was made, expired from the next one on.
    return {"ca_a": a, "ca_b": b, "a": make_client(d, "user-a", a),
            "b": make_client(d, "user-b", b), "a_expired": make_client(d, "old-a", a, days="0"),
            "made": time.time()}


def pem(path):
    with open(path) as f:
        return f.read()


def tls_server(make_server, env=None):
    srv = make_server(tls=True, env=env)
    cert, key = os.path.join(srv.dir, "cert.pem"), os.path.join(srv.dir, "key.pem")
    openssl("req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
            "-keyout", key, "-out", cert, "-days", "2", "-subj", "/CN=127.0.0.1")
    srv.env["ANSHIN_SERVER_TLS_CERT"] = cert
    srv.env["ANSHIN_SERVER_TLS_KEY"] = key
    srv.create_staff("admin")
    return srv.start()


def operator(srv):
    s = requests.Session()
    s.verify, s.trust_env = False, False
    r = s.post(srv.url + "/api/v1/auth/login", json={"login": "admin", "password": ADMIN_PASSWORD})
    assert r.status_code == 200, r.text
    s.headers["X-CSRF-Token"] = r.json()["csrf_token"]
    return s


def new_tenant(srv, op, prefix):
    code = unique(prefix).upper()
    r = op.post(srv.url + "/api/v1/tenants", json={
        "company_code": code, "name": code + "株式会社", "responsible_name": "責任者",
        "responsible_email": "owner@%s.example.jp" % code.lower(), "admin_login": "admin1"})
    assert r.status_code == 201, r.text
    return code, r.json()["initial_password"]


def login(srv, code, password, lang="ja", headers=None, **kw):
    return requests.post(srv.url + "/api/v1/auth/login", verify=False,
                         headers=dict(headers or {}, **{"Accept-Language": lang}), timeout=10,
                         json={"company_code": code, "login": "admin1", "password": password}, **kw)


def with_cert(s, cert):
    """A copy of session s on a new connection that presents cert (a pooled connection keeps the
    handshake it was opened with)."""
    c = requests.Session()
    c.verify, c.trust_env, c.cert = False, False, cert
    c.cookies.update(s.cookies)
    c.headers.update(s.headers)
    return c


def session(srv, code, initial, **kw):
    """The tenant admin's session, its one-time password changed."""
    r = login(srv, code, initial, **kw)
    assert r.status_code == 200, r.text
    s = requests.Session()
    s.verify, s.trust_env = False, False  # a CA bundle in the environment would override verify
    s.cookies.update(r.cookies)
    s.headers["X-CSRF-Token"] = r.json()["csrf_token"]
    c = s.post(srv.url + "/api/v1/me/password",
               json={"current_password": initial, "new_password": NEW_PASSWORD}, **kw)
    assert c.status_code == 204, c.text
    return s


def test_native_tls_client_certificate_required_per_tenant(make_server, pki):
    """SLA-22: the right certificate passes; another CA's and none are refused with a clear
    problem (ja/en); a certificate of another tenant's CA does not work."""
    srv = tls_server(make_server)
    op = operator(srv)
    code_a, init_a = new_tenant(srv, op, "CA")
    code_b, init_b = new_tenant(srv, op, "CB")
    sa, sb = session(srv, code_a, init_a), session(srv, code_b, init_b)
    url = srv.url + "/api/v1/client-ca"
    assert sa.get(url).json()["configured"] is False
    # Not a CA certificate, or not PEM at all: refused with a pointer to the field.
    for bad in ("not a certificate", pem(pki["a"][0])):
        r = sa.put(url, json={"certificate": bad, "required": False})
        assert r.status_code == 400, r.text
        assert r.json()["errors"][0]["pointer"] == "/certificate"
    # Requiring certificates without presenting one would lock the company out: refused.
    r = sa.put(url, json={"certificate": pem(pki["ca_a"][0]), "required": True})
    assert r.status_code == 400 and r.json()["errors"][0]["pointer"] == "/required", r.text
    r = with_cert(sa, pki["a"]).put(url, json={"certificate": pem(pki["ca_a"][0]),
                                               "required": True})
    assert r.status_code == 200, r.text
    got = r.json()
    assert got["required"] is True and "alpha CA" in got["ca"]["subject"]
    assert len(got["ca"]["sha256"]) == 95 and got["certificate"].startswith("-----BEGIN")
    r = with_cert(sb, pki["b"]).put(url, json={"certificate": pem(pki["ca_b"][0]),
                                               "required": True})
    assert r.status_code == 200, r.text

    # No certificate: refused, in Japanese by default and in English on request.
    r = login(srv, code_a, NEW_PASSWORD)
    assert r.status_code == 403 and r.json()["type"] == "/problems/client-certificate-required"
    assert "クライアント証明書" in r.json()["detail"]
    r = login(srv, code_a, NEW_PASSWORD, lang="en")
    assert r.status_code == 403 and "client certificate" in r.json()["detail"]
    # Another CA's certificate (tenant B's): refused.
    r = login(srv, code_a, NEW_PASSWORD, cert=pki["b"])
    assert r.status_code == 403 and r.json()["type"] == "/problems/client-certificate-not-accepted"
    assert "認証局" in r.json()["detail"]
    r = login(srv, code_b, NEW_PASSWORD, cert=pki["a"])
    assert r.status_code == 403 and r.json()["type"] == "/problems/client-certificate-not-accepted"
    # The tenant's CA, but expired: refused.
    time.sleep(max(0.0, pki["made"] + 1.1 - time.time()))
    r = login(srv, code_a, NEW_PASSWORD, cert=pki["a_expired"])
    assert r.status_code == 403 and r.json()["type"] == "/problems/client-certificate-not-accepted"
    # The right certificate, with the right password, passes; a wrong password still does not.
    assert login(srv, code_a, NEW_PASSWORD, cert=pki["a"]).status_code == 200
    assert login(srv, code_b, NEW_PASSWORD, cert=pki["b"]).status_code == 200
    assert login(srv, code_a, "Wrong-Passw0rd-2026!", cert=pki["a"]).status_code == 401
    # Operator staff are not a tenant's users: untouched.
    assert operator(srv).get(srv.url + "/api/v1/me").status_code == 200
    # The refusals and the change are in the tenant's audit log.
    ev = sa.get(srv.url + "/api/v1/audit/events", params={"action": "access.denied"}).json()
    reasons = {e["details"].get("reason") for e in ev["items"]}
    assert {"client_certificate_missing", "client_certificate_not_accepted"} <= reasons, reasons
    ev = sa.get(srv.url + "/api/v1/audit/events", params={"action": "client_ca.update"}).json()
    assert ev["items"]
    # Removing the CA lifts the requirement.
    assert sa.delete(url).status_code == 204
    assert sa.get(url).json() == {"configured": False, "required": False, "ca": None,
                                  "certificate": None, "updated_at": None}
    assert login(srv, code_a, NEW_PASSWORD).status_code == 200
    # Tenant B's setting is its own.
    assert login(srv, code_b, NEW_PASSWORD).status_code == 403


def test_operator_staff_have_no_client_ca(make_server, pki):
    """SLA-22: the setting is a tenant's; operator staff get 403 (the isolation probe covers the
    rest)."""
    srv = make_server()
    srv.create_staff("admin")
    srv.start()
    op = operator(srv)
    assert op.get(srv.url + "/api/v1/client-ca").status_code == 403
    r = op.put(srv.url + "/api/v1/client-ca",
               json={"certificate": pem(pki["ca_a"][0]), "required": False})
    assert r.status_code == 403


def proxied(cert_path):
    return {HEADER: urllib.parse.quote(pem(cert_path), safe="")}


def test_proxy_header_from_a_trusted_proxy(make_server, pki):
    """SLA-22 behind a TLS-terminating proxy: the URL-escaped PEM (nginx's
    $ssl_client_escaped_cert) in the configured header is believed from a trusted proxy."""
    srv = make_server(env={"ANSHIN_SERVER_TRUSTED_PROXIES": "127.0.0.1/32",
                           "ANSHIN_CLIENTCERT_PROXY_HEADER": HEADER})
    srv.create_staff("admin")
    srv.start()
    code, init = new_tenant(srv, operator(srv), "CP")
    s = session(srv, code, init)
    r = s.put(srv.url + "/api/v1/client-ca", headers=proxied(pki["a"][0]),
              json={"certificate": pem(pki["ca_a"][0]), "required": True})
    assert r.status_code == 200, r.text
    r = login(srv, code, NEW_PASSWORD)
    assert r.status_code == 403 and r.json()["type"] == "/problems/client-certificate-required"
    r = login(srv, code, NEW_PASSWORD, headers=proxied(pki["b"][0]))
    assert r.status_code == 403 and r.json()["type"] == "/problems/client-certificate-not-accepted"
    r = login(srv, code, NEW_PASSWORD, headers=proxied(pki["a"][0]))
    assert r.status_code == 200, r.text


def test_proxy_header_ignored_from_an_untrusted_address(make_server, pki):
    """SLA-22: the same header from an address outside `[server] trusted_proxies` is ignored, so
    a client cannot claim a certificate it does not hold."""
    srv = make_server(env={"ANSHIN_SERVER_TRUSTED_PROXIES": "192.0.2.1/32",
                           "ANSHIN_CLIENTCERT_PROXY_HEADER": HEADER})
    srv.create_staff("admin")
    srv.start()
    code, init = new_tenant(srv, operator(srv), "CU")
    s = session(srv, code, init)
    r = s.put(srv.url + "/api/v1/client-ca", headers=proxied(pki["a"][0]),
              json={"certificate": pem(pki["ca_a"][0]), "required": True})
    assert r.status_code == 400 and r.json()["errors"][0]["pointer"] == "/required", r.text
    r = s.put(srv.url + "/api/v1/client-ca",
              json={"certificate": pem(pki["ca_a"][0]), "required": False})
    assert r.status_code == 200, r.text
    srv.sql("UPDATE tenant_client_cas SET required = 1")
    r = login(srv, code, NEW_PASSWORD, headers=proxied(pki["a"][0]))
    assert r.status_code == 403 and r.json()["type"] == "/problems/client-certificate-required"
