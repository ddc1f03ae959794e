"""`anshin compliance mark-score --answers FILE [--first-application]`: the safety-mark verdict
(seed 004) from a file of answers, as outside checks call it. JSON out; exit 0 whether the
answers pass or not; exit 2 on a malformed file or a bad value, naming the item. No server."""
import json
import os
import subprocess

import pytest

from conftest import BIN, ROOT


def mark_catalog():
    with open(os.path.join(ROOT, "catalogs", "mark.json"), encoding="utf-8") as f:
        return json.load(f)


def full_answers():
    """Every item met, range items at their maximum."""
    out = {}
    for it in mark_catalog()["items"]:
        out[it["id"]] = it["max"] if it["kind"] == "range" else True
    return out


def run(tmp_path, answers, *args, raw=None):
    path = tmp_path / "answers.json"
    path.write_text(raw if raw is not None else json.dumps(answers), encoding="utf-8")
    p = subprocess.run([BIN, "compliance", "mark-score", "--answers", str(path), *args],
                       capture_output=True, text=True, timeout=30)
    return p


def verdict(tmp_path, answers, *args):
    p = run(tmp_path, answers, *args)
    assert p.returncode == 0, p.stderr
    return json.loads(p.stdout)


def test_full_marks_pass_a_renewal(tmp_path):
    """MARK renewal: all 29 mandatory items and 119 of 119 points pass, with no reasons."""
    v = verdict(tmp_path, full_answers())
    assert (v["mandatory_met"], v["mandatory_total"], v["points"], v["points_max"]) == \
        (29, 29, 119, 119)
    assert v["pass"] is True and v["reasons"] == [] and v["application"] == "renewal"


def test_points_below_92_fail_with_a_reason_exit_0(tmp_path):
    """MARK renewal: 91 points fail (exit 0 all the same) and say why; 92 pass."""
    a = full_answers()
    # 119 - 28 = 91: 3-1-7 and 7-0-2 to 0 (-10), 2-1-5, 2-2-1, 2-3-1 off (-15), 1-1-3 off (-3)
    a.update({"3-1-7": 0, "7-0-2": 0, "2-1-5": False, "2-2-1": False, "2-3-1": False,
              "1-1-3": False})
    v = verdict(tmp_path, a)
    assert v["points"] == 91 and v["pass"] is False
    assert {"code": "points_below_minimum"} in v["reason_codes"]
    assert any("92" in r for r in v["reasons"])
    a["7-0-2"] = 1
    v = verdict(tmp_path, a)
    assert v["points"] == 92 and v["pass"] is True


def test_a_missing_item_counts_as_not_met(tmp_path):
    """MARK-7-6-3: an item left out of the file is not met; the reason names it."""
    a = full_answers()
    del a["7-6-3"]
    v = verdict(tmp_path, a)
    assert v["mandatory_met"] == 28 and v["pass"] is False
    assert {"code": "mandatory_not_met", "item": "7-6-3"} in v["reason_codes"]
    assert any("7-6-3" in r for r in v["reasons"])


def test_an_item_that_fails_at_zero(tmp_path):
    """MARK-7-1-2: 0 points on 7-1-2 fail the application although 114 points are enough."""
    a = full_answers()
    a["7-1-2"] = 0
    v = verdict(tmp_path, a, "--lang", "en")
    assert v["points"] == 114 and v["pass"] is False
    assert v["reason_codes"] == [{"code": "zero_points", "item": "7-1-2"}]
    assert "7-1-2" in v["reasons"][0] and "fails" in v["reasons"][0]


def test_first_application(tmp_path):
    """MARK first application: 28 mandatory items, 96 of 124 points; the audit (1-1-2) is worth
    5 points there instead of being mandatory."""
    a = full_answers()
    a["1-1-2"] = False
    v = verdict(tmp_path, a, "--first-application")
    assert (v["mandatory_met"], v["mandatory_total"], v["points"], v["points_max"]) == \
        (28, 28, 119, 124)
    assert v["pass"] is True and v["application"] == "first"
    v = verdict(tmp_path, a)
    assert v["pass"] is False and v["mandatory_met"] == 28


def test_answers_from_standard_input():
    p = subprocess.run([BIN, "compliance", "mark-score", "--answers", "-"],
                       input=json.dumps(full_answers()), capture_output=True, text=True,
                       timeout=30)
    assert p.returncode == 0 and json.loads(p.stdout)["pass"] is True


@pytest.mark.parametrize("answers,raw,named", [
    ({"3-1-7": 6}, None, "3-1-7"),          # out of range
    ({"7-1-1": -1}, None, "7-1-1"),
    ({"3-1-7": True}, None, "3-1-7"),       # a range item takes points
    ({"1-1-1": 1}, None, "1-1-1"),          # a mandatory item takes true/false
    ({"2-1-5": "yes"}, None, "2-1-5"),
    ({"8-1-1": True}, None, "8-1-1"),       # no such item
    (None, "{\"1-1-1\": true,", None),     # not JSON
    (None, "[true]", None),                 # not an object
    (None, "{\"1-1-1\": true, \"1-1-1\": false}", "1-1-1"),  # an item twice
])
def test_bad_files_exit_2_naming_the_item(tmp_path, answers, raw, named):
    """MARK: a malformed file or a bad value is refused with exit 2, the item named."""
    p = run(tmp_path, answers, raw=raw)
    assert p.returncode == 2, (p.stdout, p.stderr)
    assert p.stdout == ""
    if named:
        assert named in p.stderr


def test_bad_arguments_exit_2(tmp_path):
    assert subprocess.run([BIN, "compliance", "mark-score"], capture_output=True).returncode == 2
    p = subprocess.run([BIN, "compliance", "mark-score", "--answers",
                        str(tmp_path / "missing.json")], capture_output=True, text=True)
    assert p.returncode == 2 and "missing.json" in p.stderr
    assert run(tmp_path, {}, "--lang", "fr").returncode == 2


def test_catalogs_are_listed():
    p = subprocess.run([BIN, "compliance", "catalogs"], capture_output=True, text=True)
    assert p.returncode == 0
    rows = [line.split("\t") for line in p.stdout.splitlines()]
    assert [(r[0], r[1]) for r in rows] == [("checksheet", "70"), ("whitepaper", "42"),
                                             ("sla", "94"), ("mark", "56")]
