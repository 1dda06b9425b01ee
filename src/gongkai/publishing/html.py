"""Rich text: everything stored is sanitised (nh3 / Ammonia); pasted Word keeps its structure."""

from __future__ import annotations

import html as html_lib
import re

import nh3

ALLOWED_TAGS = {
    "p",
    "br",
    "h2",
    "h3",
    "h4",
    "h5",
    "ul",
    "ol",
    "li",
    "strong",
    "b",
    "em",
    "i",
    "u",
    "sup",
    "sub",
    "blockquote",
    "hr",
    "table",
    "caption",
    "thead",
    "tbody",
    "tfoot",
    "tr",
    "th",
    "td",
    "a",
    "span",
}
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "td": {"colspan", "rowspan"},
    "th": {"colspan", "rowspan", "scope"},
    "ol": {"start"},
}
TAG = re.compile(r"(<[^>]*>)")
TABLE_OPEN = re.compile(r"<table>", re.I)
TABLE_CLOSE = re.compile(r"</table>", re.I)
BLOCK_END = re.compile(r"</(p|h[2-5]|li|tr|blockquote|caption)>|<br\s*/?>", re.I)


def sanitise(value: str) -> str:
    """Clean HTML: only structural tags, no script, style, event handler or foreign URL scheme."""
    value = value or ""
    if "<" not in value:
        return from_plain_text(value)
    cleaned = nh3.clean(
        value,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer",
        strip_comments=True,
        clean_content_tags={"script", "style", "title", "head", "xml"},
    )
    # Word's empty paragraphs and spans carry nothing once their styles are gone.
    cleaned = re.sub(r"<span>(.*?)</span>", r"\1", cleaned, flags=re.S)
    cleaned = re.sub(r"<p>(\s|&nbsp;|\xa0)*</p>", "", cleaned)
    return cleaned.strip()


def for_display(value: str, label: str) -> str:
    """Sanitised HTML as a page shows it: each table in a box of its own that scrolls
    sideways, so a wide table from a Word file never makes a phone's page scroll. The box can
    take focus and is named (`label`), so a keyboard can scroll it and a screen reader says
    what it is. Done when shown, not when saved: bodies stored earlier get it too."""
    box = f'<div class="table-scroll" tabindex="0" role="region" aria-label="{html_lib.escape(label)}">'
    value = TABLE_OPEN.sub(lambda m: box + m.group(0), value or "")
    return TABLE_CLOSE.sub(lambda m: m.group(0) + "</div>", value)


def from_plain_text(text: str) -> str:
    """Plain pasted text: each non-empty line a paragraph."""
    lines = [line.strip() for line in (text or "").splitlines()]
    return "".join(f"<p>{html_lib.escape(line)}</p>" for line in lines if line)


def to_text(value: str) -> str:
    """The readable text of sanitised HTML (for scanning, search and diffs), one block per line."""
    value = BLOCK_END.sub("\n", value or "")
    value = TAG.sub("", value)
    return html_lib.unescape(value).strip()


def map_text(value: str, transform) -> str:
    """Apply `transform` to the text between tags, leaving the markup as it is."""
    parts = TAG.split(value or "")
    out = []
    for part in parts:
        if part.startswith("<"):
            out.append(part)
        else:
            out.append(html_lib.escape(transform(html_lib.unescape(part)), quote=False))
    return "".join(out)
