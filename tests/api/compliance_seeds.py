"""Readers of the four checklist seeds kept in catalogs/sources/ (copies of the seed documents,
unchanged), for the catalog tests: each returns the items in the seed's own numbering, so a
catalog that misses, repeats or renumbers an item fails its test.

The seeds are conversions of PDF and Excel sheets, so the readers follow their quirks: table rows
split over lines, item numbers split by a stray space ("2 2" for 22), HTML fragments."""
import os
import re
import unicodedata

ROOT = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))
SOURCES = os.path.join(ROOT, "catalogs", "sources")
CATALOGS = os.path.join(ROOT, "catalogs")

TAG = re.compile(r"<[^>]+>")


def source(prefix):
    """The text of the seed copy whose file name starts with prefix ("001" .. "004")."""
    names = [n for n in os.listdir(SOURCES) if n.startswith(prefix + "_")]
    assert len(names) == 1, names
    with open(os.path.join(SOURCES, names[0]), encoding="utf-8") as f:
        return f.read()


def squash(text):
    """Text compared without markup, spaces or width differences (the PDF conversion breaks
    lines and inserts spaces inside Japanese words)."""
    text = unicodedata.normalize("NFKC", TAG.sub("", text))
    return re.sub(r"\s+", "", text)


# ---- seed 001: METI checksheet ----

HEADING_001 = re.compile(r"^(\d+(?: \d)?)\. (\S.*?)\s*$")
ITEM_001 = re.compile(r"^(\d+(?: \d)?)\t")


def checksheet_items():
    """Seed 001 as a list of (id, section, subsection, 確認事項). A heading "N. title" is a new
    section when N follows the current section's number, else a subsection. Items are numbered
    within their section; in a section with more than one subsection the numbers restart per
    subsection, so there the id is section-subsection-item, else section-item ("6-25")."""
    section, sub, rows = 0, None, []
    for line in source("001").splitlines():
        cols = line.split("\t")
        m = HEADING_001.match(cols[0])
        if m and len(cols[0]) < 40:
            n = int(m.group(1).replace(" ", ""))
            if n == section + 1:
                section, sub = n, None
            else:
                sub = n
            continue
        m = ITEM_001.match(line)
        if m and section:
            rows.append([section, sub, int(m.group(1).replace(" ", "")), cols[1]])
        elif rows and len(cols) > 1 and cols[0] == "" and cols[1].strip() not in ("", "確認事項"):
            rows[-1][3] += cols[1]  # a question continued on the next line of the table
    subs = {}
    for s, sub, _, _ in rows:
        subs.setdefault(s, set()).add(sub)
    out = []
    for s, sub, n, text in rows:
        ident = "%d-%d-%d" % (s, sub, n) if len(subs[s]) > 1 else "%d-%d" % (s, n)
        out.append((ident, s, sub, text))
    return out


# ---- seed 002: ISO/IEC 27017 white paper ----

HEADING_002 = re.compile(r"^\s*(\d+)\.\s*(\S[^（]*?)(?:（(.+?)）)?\s*$")


def whitepaper_sections():
    """Seed 002's numbered sections as (number, title, control or None); a heading split over
    two lines (8 and 32) is joined. The control is normalised to ASCII ("CLD.9.5.1")."""
    lines = [ln.strip() for ln in source("002").splitlines()]
    out, i = [], 0
    while i < len(lines):
        ln = lines[i]
        m = re.match(r"^(\d+)\.\s*(\S.*)$", ln)
        if m and not re.match(r"^\d+\.\d", ln) and int(m.group(1)) == len(out) + 1:
            text = m.group(2)
            if "（" in text and "）" not in text or (len(out) + 1 == 8 and "）" not in text):
                j = i + 1
                while j < len(lines) and not lines[j]:
                    j += 1
                text += lines[j]
                i = j
            text = text.strip()
            control = None
            c = re.search(r"（([^（）]+)）\s*$", text)
            if c:
                control = re.sub(r"\s+", "", unicodedata.normalize("NFKC", c.group(1)))
                text = text[: c.start()].strip()
            out.append((len(out) + 1, text, control))
        i += 1
    return out


# ---- seed 003: SLA sheet ----

def sla_rows():
    """Seed 003's table rows in document order, each the whole row's text (a row may continue
    on following lines that do not start a new row). The header rows are not items."""
    rows = []
    for line in source("003").splitlines():
        if line.startswith("| 種別 |") or line.startswith("|---"):
            continue
        if line.startswith("| ") and line.strip() != "|":
            rows.append(line)
        elif rows:
            rows[-1] += "\n" + line
    return rows


# ---- seed 004: safety-mark application ----

ITEM_004 = re.compile(r"(?<![\d-])(\d-\d-\d) ?\((必須|\d+点|[0-9]～[0-9]点[^)]*)\)")


def mark_questions():
    """Seed 004's question list (審査質問項目一覧) as (id, grade), grade as printed: "必須",
    "3点", "1～5点", "0～5点、但し0点の場合は不合格"."""
    text = source("004").split("## 審査項目回答書")[0]
    return [(m.group(1), m.group(2)) for m in ITEM_004.finditer(text)]


def mark_answer_sheet_ids():
    """The item numbers of seed 004's answer sheet (審査項目回答書), in order, each once."""
    text = source("004").split("## 審査項目回答書")[1]
    seen = []
    for m in re.finditer(r"(?<![\d\-「])(\d-\d-\d)(?![\d\-」])", text):
        if m.group(1) not in seen:
            seen.append(m.group(1))
    return seen


def mark_rule_sentence():
    """The pass rule as printed: (first mandatory, first points max, first points min,
    renewal mandatory, renewal points max, renewal points min, [items where 0 fails])."""
    text = source("004")
    m = re.search(r"必須 ?(\d+) ?項目、推奨 ?(\d+) ?点中 ?(\d+) ?点以上（更新審査の場合、必須 ?(\d+) ?"
                  r"項目、推奨 ?(\d+) ?点中 ?(\d+) ?点以上）で合格となります。但し、(.+?) は 0 点の場合は不合格",
                  text)
    assert m, "rule sentence not found in seed 004"
    zero = re.findall(r"\d-\d-\d", m.group(7))
    return tuple(int(m.group(i)) for i in range(1, 7)) + (zero,)
