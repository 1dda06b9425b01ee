"""Titles and snippets with the query's words marked, built from the stored text in Python
so that both engines show exactly the same thing. Everything is escaped first; only the
<mark> elements we add are HTML."""

from __future__ import annotations

import re
from html import escape

from django.utils.safestring import SafeString, mark_safe

SNIPPET_CHARS = 120  # about two lines of Chinese text
MAX_MATCHES = 200  # enough to pick the best window in a long document


def _pattern(terms: list[str]) -> re.Pattern | None:
    terms = sorted({t for t in terms if t}, key=len, reverse=True)
    if not terms:
        return None
    return re.compile("|".join(re.escape(t) for t in terms), re.IGNORECASE)


def _marked(text: str, pattern: re.Pattern | None) -> str:
    if pattern is None:
        return escape(text)
    out, last = [], 0
    for found in pattern.finditer(text):
        out.append(escape(text[last : found.start()]))
        out.append(f"<mark>{escape(found.group(0))}</mark>")
        last = found.end()
    out.append(escape(text[last:]))
    return "".join(out)


def mark(text: str, terms: list[str]) -> SafeString:
    """`text` escaped, each occurrence of a term wrapped in <mark>."""
    return mark_safe(_marked(text, _pattern(terms)))  # noqa: S308 (escaped above)


def contains(text: str, terms: list[str]) -> bool:
    pattern = _pattern(terms)
    return bool(pattern and pattern.search(text))


def snippet(text: str, terms: list[str], size: int = SNIPPET_CHARS) -> SafeString:
    """The stretch of `text` (about `size` characters) holding the most distinct terms, marked."""
    text = " ".join(text.split())
    pattern = _pattern(terms)
    matches = []
    if pattern is not None:
        for i, found in enumerate(pattern.finditer(text)):
            if i >= MAX_MATCHES:
                break
            matches.append((found.start(), found.group(0).lower()))
    if not matches:
        start = 0
    else:
        best, start = -1, matches[0][0]
        for i, (position, _term) in enumerate(matches):
            seen = set()
            for later, term in matches[i:]:
                if later >= position + size:
                    break
                seen.add(term)
            if len(seen) > best:
                best, start = len(seen), position
        start = max(0, start - size // 4)  # a little context before the first match
    end = min(len(text), start + size)
    start = max(0, min(start, end - size))
    body = _marked(text[start:end], pattern)
    prefix = "…" if start > 0 else ""
    suffix = "…" if end < len(text) else ""
    return mark_safe(f"{prefix}{body}{suffix}")  # noqa: S308 (escaped in _marked)
