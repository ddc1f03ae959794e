"""Validation errors name their field (issue 10 items 9 and 10): every 400 carries errors[] with the
field, an RFC 6901 JSON pointer to it and a message per field, in the request's language. A form
with three bad fields (the shop form) gets three entries that each point at their own field, and
the IP allowlist's error is Japanese in Japanese (it was the parser's English text). CHK-10, UI-2."""
from conftest import unique
from tenancy import create_tenant, user_session


def test_shop_form_three_bad_fields_each_have_their_own_pointer(admin, server):
    """The shop form sent empty: one entry per field, each with its pointer (UI-2)."""
    r = admin.post(server.url + "/api/v1/shops", json={"code": "", "name": "", "contact_email": ""},
                   headers={"Accept-Language": "ja"})
    assert r.status_code == 400, r.text
    errors = r.json()["errors"]
    pointers = sorted(e.get("pointer") for e in errors)
    assert pointers == ["/code", "/contact_email", "/name"], errors
    for e in errors:
        assert e["pointer"] == "/" + e["field"]
        assert e["detail"]


def test_unknown_field_has_a_pointer_too(admin, server):
    r = admin.post(server.url + "/api/v1/shops", json={"code": "x" + unique(), "name": "店", "contact_email": "a@example.jp",
                                                        "colour": "blue"})
    assert r.status_code == 400, r.text
    assert {"field": "colour", "pointer": "/colour"}.items() <= r.json()["errors"][0].items()


def test_ip_allowlist_error_is_japanese_and_points_at_the_entry(admin, server):
    """CHK-10: a bad entry of the allowlist is explained in the person's language and pointed at."""
    t = create_tenant(server, admin, unique("FE").upper(), "項目エラー株式会社")
    s = user_session(server, t["tenant"]["company_code"], "admin1", t["initial_password"])
    for lang, expect in (("ja", "ではありません"), ("en", "is not an IP address")):
        r = s.put(server.url + "/api/v1/ip-allowlist", json={"entries": ["127.0.0.1", "300.1.1.1"]},
                  headers={"Accept-Language": lang})
        assert r.status_code == 400, r.text
        [e] = r.json()["errors"]
        assert e["pointer"] == "/entries/1", e
        assert expect in e["detail"] and "300.1.1.1" in e["detail"], e
        if lang == "ja":
            assert "not an IP" not in e["detail"]


def test_checks_made_after_the_body_limits_name_their_field(admin, server):
    """Roles, token permissions, the Basic gate's user name and the staff member's shop were
    refused with a sentence only: each now points at its field (UI-2)."""
    t = create_tenant(server, admin, unique("FP").upper(), "項目指摘株式会社")
    s = user_session(server, t["tenant"]["company_code"], "admin1", t["initial_password"])
    cases = [
        (s.post, "/api/v1/users", {"login": unique("u"), "email": "u@example.jp", "roles": ["admin"]}, "/roles"),
        (s.post, "/api/v1/api-tokens", {"name": "t", "permissions": ["staff.manage"], "expires_in_days": 30},
         "/permissions"),
        (s.put, "/api/v1/basic-gate", {"enabled": True, "user": "a b:c"}, "/user"),
        (admin.post, "/api/v1/staff", {"login": unique("s"), "display_name": "店", "roles": ["shop"],
                                       "shop_id": 999999}, "/shop_id"),
    ]
    for send, path, body, pointer in cases:
        r = send(server.url + path, json=body)
        assert r.status_code == 400, (path, r.text)
        errors = r.json().get("errors")
        assert errors and errors[0]["pointer"] == pointer and errors[0]["detail"], (path, r.text)
