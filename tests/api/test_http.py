"""The HTTP layer: errors as problem+json, limits, security headers, metrics, OpenAPI."""
import json
import os

import requests
import yaml

from conftest import METRICS_TOKEN, ROOT

SECURITY_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
}


def assert_security_headers(r, api=True):
    csp = r.headers.get("Content-Security-Policy", "")
    for part in ("object-src 'none'", "base-uri 'none'", "frame-ancestors 'none'"):
        assert part in csp, (r.url, csp)
    for k, v in SECURITY_HEADERS.items():
        assert r.headers.get(k) == v, (r.url, k, r.headers.get(k))
    assert r.headers.get("X-Request-Id")
    if api:
        assert r.headers.get("Cache-Control") == "no-store", r.url


def assert_problem(r, status, slug):
    assert r.status_code == status, r.text
    assert r.headers["Content-Type"].startswith("application/problem+json")
    p = r.json()
    assert p["type"] == "/problems/" + slug
    assert p["status"] == status
    assert p["detail"]
    assert p["request_id"] == r.headers["X-Request-Id"]
    return p


def test_healthz_and_readyz(server):
    r = requests.get(server.url + "/healthz")
    assert r.status_code == 200 and r.json()["status"] == "ok"
    assert_security_headers(r)
    r = requests.get(server.url + "/readyz")
    assert r.status_code == 200
    assert r.json() == {"status": "ready", "database": "ok", "driver": server.driver}


def test_unknown_route_is_404_problem(server):
    r = requests.get(server.url + "/api/v1/does-not-exist")
    p = assert_problem(r, 404, "not-found")
    assert p["instance"] == "/api/v1/does-not-exist"
    assert_security_headers(r)
    # The default language is Japanese; English on request.
    assert "見つかりません" in p["detail"]
    r = requests.get(server.url + "/nope", headers={"Accept-Language": "en-US,en;q=0.9"})
    assert assert_problem(r, 404, "not-found")["detail"] == "The requested resource was not found."


def test_malformed_json_is_400_naming_the_problem(server):
    r = requests.post(server.url + "/api/v1/auth/login", data='{"login": "a", ',
                      headers={"Content-Type": "application/json"})
    p = assert_problem(r, 400, "malformed-json")
    assert "line 1" in p["detail"] and "column" in p["detail"]
    assert_security_headers(r)


def test_wrong_content_type_is_415(server):
    r = requests.post(server.url + "/api/v1/auth/login", data="login=a&password=b",
                      headers={"Content-Type": "application/x-www-form-urlencoded"})
    assert_problem(r, 415, "unsupported-media-type")


def test_invalid_fields_are_listed(server):
    r = requests.post(server.url + "/api/v1/auth/login", json={"login": 5, "extra": True},
                      headers={"Accept-Language": "en"})
    p = assert_problem(r, 400, "invalid-field")
    fields = {e["field"] for e in p["errors"]}
    assert fields == {"login", "extra", "password"}


def test_two_mib_body_is_413(server):
    body = b"x" * (2 * 1024 * 1024)
    r = requests.post(server.url + "/api/v1/auth/login", data=body,
                      headers={"Content-Type": "application/json"})
    assert_problem(r, 413, "body-too-large")
    assert_security_headers(r)
    # The server keeps serving afterwards.
    assert requests.get(server.url + "/healthz").status_code == 200


def test_trace_is_refused(server):
    r = requests.request("TRACE", server.url + "/")
    assert_problem(r, 405, "method-not-allowed")
    r = requests.request("TRACE", server.url + "/api/v1/me")
    assert r.status_code == 405


def test_wrong_method_lists_allowed(server):
    r = requests.delete(server.url + "/api/v1/auth/login")
    assert_problem(r, 405, "method-not-allowed")
    assert r.headers["Allow"] == "POST"


def test_static_pages_carry_security_headers(server):
    r = requests.get(server.url + "/")
    assert r.status_code == 200
    assert r.headers["Content-Type"].startswith("text/html")
    assert_security_headers(r, api=False)
    assert "Strict-Transport-Security" not in r.headers  # only under TLS
    assert requests.get(server.url + "/../etc/passwd").status_code == 404
    assert requests.get(server.url + "/%2e%2e/CMakeLists.txt").status_code == 404


def test_request_id_is_echoed(server):
    r = requests.get(server.url + "/healthz", headers={"X-Request-Id": "abcdef12-3456"})
    assert r.headers["X-Request-Id"] == "abcdef12-3456"
    r = requests.get(server.url + "/healthz", headers={"X-Request-Id": "bad id\x01"})
    assert r.headers["X-Request-Id"] != "bad id"


def test_metrics_count_requests_by_route_and_status(server):
    """/metrics answers only to [server] metrics_token (I1); see test_edge.py."""
    requests.get(server.url + "/healthz")
    requests.get(server.url + "/api/v1/nothing-here")
    text = requests.get(server.url + "/metrics",
                        headers={"Authorization": "Bearer " + METRICS_TOKEN}).text
    assert 'anshin_http_requests_total{route="/healthz",method="GET",status="200"}' in text
    assert 'route="unmatched",method="",status="404"' in text
    assert "anshin_http_request_duration_seconds_bucket" in text
    assert "anshin_http_requests_in_flight" in text


def test_openapi_is_served_and_true(server):
    r = requests.get(server.url + "/api/v1/openapi.json")
    assert r.status_code == 200
    served = r.json()
    with open(os.path.join(ROOT, "docs", "openapi.yaml"), encoding="utf-8") as f:
        doc = yaml.safe_load(f)
    assert served == json.loads(json.dumps(doc))
    assert served["openapi"].startswith("3.1")
    # Every documented operation exists: none of them is an unmatched route. The public document
    # pages answer 404 for an unknown document themselves, so they get a real one.
    import datetime
    jst = datetime.timezone(datetime.timedelta(hours=9))
    doc_id = server.login("admin").post(server.url + "/api/v1/documents", json={
        "kind": "terms", "title": "利用規約", "body": "第1条",
        "effective_on": datetime.datetime.now(jst).date().isoformat()}).json()["document"]["id"]
    for path, ops in served["paths"].items():
        concrete = path.replace("{kind}", "terms")
        concrete = concrete.replace("{id}", str(doc_id) if "document-versions" in path else "1")
        for method in ops:
            if method not in ("get", "post", "put", "patch", "delete"):
                continue
            r = requests.request(method.upper(), server.url + concrete)
            # Unauthenticated calls reach the route (401, 400, 415 ...), never "no such route".
            assert r.status_code not in (404, 405), (method, path, r.status_code)


def test_oversized_headers_are_refused(server):
    r = requests.get(server.url + "/healthz", headers={"X-Big": "a" * 40000})
    assert r.status_code == 431
    assert requests.get(server.url + "/healthz").status_code == 200


def test_every_route_is_documented():
    """docs/openapi.yaml stays true: every row of the route table is described (the isolation
    probe reads its operations from there)."""
    import re
    with open(os.path.join(ROOT, "src", "api", "routes.c"), encoding="utf-8") as f:
        routes = set(re.findall(r'\{"(GET|POST|PUT|PATCH|DELETE)", "([^"]+)"', f.read()))
    with open(os.path.join(ROOT, "docs", "openapi.yaml"), encoding="utf-8") as f:
        doc = yaml.safe_load(f)
    documented = {(m.upper(), p) for p, ops in doc["paths"].items() for m in ops
                  if m in ("get", "post", "put", "patch", "delete")}
    assert routes == documented


def test_every_error_type_is_documented():
    """The problem types in docs/openapi.yaml are exactly those of src/core/errors.def."""
    import re
    with open(os.path.join(ROOT, "src", "core", "errors.def"), encoding="utf-8") as f:
        defined = {(slug, int(status)) for name, status, slug in
                   re.findall(r'AN_EC\((\w+), (\d+), "([a-z-]+)"', f.read()) if name != "OK"}
    with open(os.path.join(ROOT, "docs", "openapi.yaml"), encoding="utf-8") as f:
        doc = yaml.safe_load(f)
    documented = {(p["type"].rsplit("/", 1)[1], p["status"])
                  for p in doc["components"]["x-anshin-problem-types"]}
    assert defined == documented
