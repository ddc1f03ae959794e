"""JSON bodies that the fuzz target tests/fuzz/fuzz_json_body found mishandled: every malformed
body gets its 400 problem+json (issue 8: hostile input gets a 4xx, never a 5xx)."""
import requests

from test_http import assert_problem


def test_malformed_json_inside_a_multibyte_character_is_400(server):
    """The parser's message quotes the text near the error, cut inside a character (here the
    first byte of 安 after a backslash): the problem's detail was then not UTF-8, the problem
    could not be built, and the request was answered 500 instead of 400."""
    for body in ('{"a":"\\安心"}', '{"a":"x\\安"}', '{"安\\心":1}', '{"a":tr安}'):
        r = requests.post(server.url + "/api/v1/auth/login", data=body.encode("utf-8"),
                          headers={"Content-Type": "application/json"})
        p = assert_problem(r, 400, "malformed-json")
        assert "line 1" in p["detail"], p


def test_malformed_json_in_english_too(server):
    r = requests.post(server.url + "/api/v1/auth/login", data='{"a":"\\安"}'.encode("utf-8"),
                      headers={"Content-Type": "application/json", "Accept-Language": "en"})
    assert "not valid JSON" in assert_problem(r, 400, "malformed-json")["detail"]
