"""The compliance catalogs (catalogs/*.json) against the seed documents they restate
(catalogs/sources/, copies of the seeds): every item number of each seed appears exactly once in
its catalog, with the seed's own text, so a missed, repeated or renumbered item fails here.
No server: the files are read directly."""
import json
import os
import re
from collections import Counter

import compliance_seeds as seeds

REQUIREMENT = re.compile(r"^(CHK|WP|SLA|MARK|TOS)-[0-9-]+$")


def catalog(name):
    with open(os.path.join(seeds.CATALOGS, name + ".json"), encoding="utf-8") as f:
        return json.load(f)


def ids(cat):
    return [it["id"] for it in cat["items"]]


def check_common(cat):
    """Ids unique, every item in a declared section, English titles present, requirement IDs
    well-formed."""
    counts = Counter(ids(cat))
    assert not [i for i, n in counts.items() if n > 1], "repeated ids"
    sections = {s["id"] for s in cat["sections"]}
    for it in cat["items"]:
        assert it["section"] in sections, it["id"]
        assert it["text"].strip() and it["title_en"].strip(), it["id"]
        for r in it["requirements"]:
            assert REQUIREMENT.match(r), (it["id"], r)
    assert os.path.exists(os.path.join(seeds.CATALOGS, cat["source"])), cat["source"]


def test_checksheet_has_every_item_of_seed_001_once():
    """CHK-*: seed 001's 70 確認事項, numbered section-item (section-subsection-item where a
    section restarts its numbers per subsection), each once with its text as printed."""
    cat = catalog("checksheet")
    check_common(cat)
    seed = seeds.checksheet_items()
    assert len(seed) == 70
    assert Counter(ids(cat)) == Counter(i for i, _, _, _ in seed)
    by_id = {it["id"]: it for it in cat["items"]}
    for ident, section, _, text in seed:
        assert by_id[ident]["section"] == str(section)
        assert seeds.squash(by_id[ident]["text"]) == seeds.squash(text), ident
        assert by_id[ident]["kind"] == "check"
    assert cat["columns"] == ["確認事項", "実施有無", "事業者回答"]
    # the requirement table's sources ("6-25", "2-5", "11-4") name items of this sheet
    assert "CHK-15" in by_id["6-25"]["requirements"]
    assert "CHK-21" in by_id["2-5"]["requirements"]
    assert "CHK-40" in by_id["11-4"]["requirements"]


def test_whitepaper_has_every_control_of_seed_002_once():
    """WP-*: every control seed 002 cites (A.x.y.z, CLD.x.y.z) once, in its chapter, plus the
    scope (§3) and the division of responsibility (§4)."""
    cat = catalog("whitepaper")
    check_common(cat)
    chapters = seeds.whitepaper_sections()
    controls = [c for _, _, c in chapters if c]
    assert len(controls) == 40
    assert Counter(it["control"] for it in cat["items"] if it["control"]) == Counter(controls)
    by_id = {it["id"]: it for it in cat["items"]}
    for n, title, control in chapters:
        if control:
            it = by_id[control]
            assert it["chapter"] == n and seeds.squash(it["text"]) == seeds.squash(title), control
    assert by_id["§3"]["chapter"] == 3 and by_id["§4"]["chapter"] == 4
    assert len(cat["items"]) == 42
    assert "WP-9" in by_id["A.9.2.4"]["requirements"]


def test_sla_has_every_row_of_seed_003_once():
    """SLA-*: the sheet numbers nothing, so its rows are numbered 1..94 in order; each row's
    規程内容 and promised value (target) are the seed's."""
    cat = catalog("sla")
    check_common(cat)
    rows = seeds.sla_rows()
    assert len(rows) == 94
    assert ids(cat) == [str(i) for i in range(1, len(rows) + 1)]
    for it, row in zip(cat["items"], rows):
        assert it["kind"] == "target" and it["target"], it["id"]
        assert seeds.squash(it["text"]) in seeds.squash(row), it["id"]
        assert seeds.squash(it["target"]) in seeds.squash(row), it["id"]
    by_id = {it["id"]: it for it in cat["items"]}
    assert by_id["5"]["target"] == "99.90%" and "SLA-4" in by_id["5"]["requirements"]
    assert "SLA-13" in by_id["32"]["requirements"]


def test_mark_has_every_item_of_seed_004_once_with_its_grade():
    """MARK-*: seed 004's 56 review items once each, with the grade printed in the seed
    (mandatory, N points, a..b points), and the answer sheet (審査項目回答書) lists the same."""
    cat = catalog("mark")
    check_common(cat)
    questions = seeds.mark_questions()
    assert len(questions) == 56
    assert Counter(ids(cat)) == Counter(i for i, _ in questions)
    assert seeds.mark_answer_sheet_ids() == [i for i, _ in questions]
    by_id = {it["id"]: it for it in cat["items"]}
    for ident, grade in questions:
        it = by_id[ident]
        assert it["grade"] == grade
        if grade == "必須":
            assert it["kind"] == "mandatory", ident
        elif re.fullmatch(r"\d+点", grade):
            assert it["kind"] == "points" and it["points"] == int(grade[:-1]), ident
        else:
            lo, hi = re.match(r"(\d)～(\d)点", grade).groups()
            assert it["kind"] == "range" and (it["min"], it["max"]) == (int(lo), int(hi)), ident
        assert sorted(it["applications"]) == ["first", "renewal"], ident
        assert seeds.squash(it["text"]) in seeds.squash(seeds.source("004")), ident


def grade(it, app):
    g = dict(it)
    g.update(it.get("by_application", {}).get(app, {}))
    return g


def test_mark_rules_are_the_printed_rule_and_add_up():
    """MARK: the pass rules as printed in seed 004 (first application 28 mandatory, 96 of 124;
    renewal 29 mandatory, 92 of 119; 7-1-1, 7-1-2, 7-1-3 fail at 0), and the items add up to
    them: counted from the catalog's grades, not copied."""
    cat = catalog("mark")
    f_mand, f_max, f_min, r_mand, r_max, r_min, zero = seeds.mark_rule_sentence()
    rules = cat["rules"]
    assert (rules["first"]["mandatory"], rules["first"]["points_max"],
            rules["first"]["points_min"]) == (f_mand, f_max, f_min)
    assert (rules["renewal"]["mandatory"], rules["renewal"]["points_max"],
            rules["renewal"]["points_min"]) == (r_mand, r_max, r_min)
    assert (r_mand, r_max, r_min) == (29, 119, 92) and (f_mand, f_max, f_min) == (28, 124, 96)
    for app in ("renewal", "first"):
        assert rules[app]["zero_fails"] == zero == ["7-1-1", "7-1-2", "7-1-3"]
        items = [grade(it, app) for it in cat["items"] if app in it["applications"]]
        assert sum(g["kind"] == "mandatory" for g in items) == rules[app]["mandatory"]
        assert sum(g.get("points", g.get("max", 0)) for g in items
                   if g["kind"] != "mandatory") == rules[app]["points_max"]
    distance = [c["points"] for c in {i["id"]: i for i in cat["items"]}["3-1-7"]["choices"]]
    assert distance == [5, 4, 3, 2, 1]
