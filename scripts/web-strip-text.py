#!/usr/bin/env python3
"""Removes the text that web/*.html pages carry next to a dictionary key.

Every visible string of the web UI lives in web/js/i18n.js (Japanese and English); an element says
which one it shows with data-i18n="key" (text), data-i18n-placeholder, data-i18n-aria-label or
data-i18n-title, and applyI18n() fills it in. A copy of the Japanese text in the page is a second
source that drifts; this script drops it:
  <h1 data-i18n="k">ダッシュボード</h1>          -> <h1 data-i18n="k"></h1>
  aria-label="…" data-i18n-aria-label="k"       -> data-i18n-aria-label="k"
Only leaf elements are touched (text without child elements). Idempotent; run it after merging
pages that still carry text:   python3 scripts/web-strip-text.py web/*.html
tests/e2e/i18n.test.mjs fails while a page carries such text.
"""
import re
import sys

TEXT = re.compile(r'(<(?P<tag>[a-z][a-z0-9]*)\b[^<>]*\sdata-i18n="[^"]+"[^<>]*>)(?P<text>[^<]+)(</(?P=tag)>)')
ATTRS = {
    'placeholder': 'data-i18n-placeholder',
    'aria-label': 'data-i18n-aria-label',
    'title': 'data-i18n-title',
}
TAG = re.compile(r'<[a-z][a-z0-9]*\b[^<>]*>')


def strip_attrs(tag):
    for attr, keyed in ATTRS.items():
        if f' {keyed}="' in tag:
            tag = re.sub(rf'\s{attr}="[^"]*"', '', tag)
    return tag


def strip(html):
    html = TEXT.sub(lambda m: m.group(1) + m.group(4), html)
    return TAG.sub(lambda m: strip_attrs(m.group(0)), html)


def main(paths):
    for path in paths:
        with open(path, encoding='utf-8') as f:
            old = f.read()
        new = strip(old)
        if new != old:
            with open(path, 'w', encoding='utf-8') as f:
                f.write(new)
            print(f'{path}: stripped')


if __name__ == '__main__':
    main(sys.argv[1:])
