"""Every table in a template sits in its own scroll box, so that on a phone a wide table scrolls
inside the box and never the page (WCAG 1.4.10). The box takes the keyboard focus and has a
name, as axe's scrollable-region-focusable asks: a table of plain text has nothing else
to focus. The browser test (tests/browser/test_phone_width.py) measures the result; this one
catches a new table that forgot its box, on pages that test does not open.
"""

from __future__ import annotations

import re
from pathlib import Path

SRC = Path(__file__).resolve().parents[1] / "src" / "gongkai"
TABLE = re.compile(r"<table\b[^>]*>")
# The tag just before the table, and nothing but space between them.
BOX_BEFORE = re.compile(r"<div\b([^>]*)>\s*$")
# Tables that reflow instead of scrolling: label and value rows that wrap anywhere.
REFLOWING = {"meta-table"}


def _box_problem(before: str) -> str | None:
    box = BOX_BEFORE.search(before)
    if box is None:
        return "no scroll box just around it"
    attributes = box.group(1)
    needed = ['class="table-scroll"', 'tabindex="0"', 'role="region"']
    missing = [a for a in needed if a not in attributes]
    if not re.search(r'aria-label(ledby)?="[^"]+"', attributes):
        missing.append("aria-label or aria-labelledby")
    return f"its box lacks {', '.join(missing)}" if missing else None


def tables_without_a_scroll_box(root: Path = SRC) -> list[str]:
    problems = []
    for path in sorted(root.rglob("*.html")):
        text = path.read_text(encoding="utf-8")
        for table in TABLE.finditer(text):
            if any(f'class="{name}"' in table.group(0) for name in REFLOWING):
                continue
            if problem := _box_problem(text[: table.start()]):
                line = text.count("\n", 0, table.start()) + 1
                problems.append(f"{path.relative_to(root)}:{line}: {problem}")
    return problems


def test_every_table_scrolls_in_a_named_box_that_takes_focus():
    problems = tables_without_a_scroll_box()
    assert not problems, (
        'wrap each table in <div class="table-scroll" tabindex="0" role="region" '
        'aria-label="…">:\n' + "\n".join(problems)
    )


def test_the_check_finds_a_table_without_its_box(tmp_path):
    """Guard against a check that passes everything."""
    (tmp_path / "t.html").write_text(
        "<h2>x</h2>\n<table><tr><td>1</td></tr></table>\n"
        '<div class="table-scroll" tabindex="0" role="region">\n<table></table></div>\n'
        '<div class="table-scroll" tabindex="0" role="region" aria-label="y">\n<table></table>',
        encoding="utf-8",
    )
    assert tables_without_a_scroll_box(tmp_path) == [
        "t.html:2: no scroll box just around it",
        "t.html:4: its box lacks aria-label or aria-labelledby",
    ]
