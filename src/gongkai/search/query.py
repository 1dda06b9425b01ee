"""Reading what a person typed into terms: words, "quoted phrases" and single characters.

Unquoted text is cut by the same `segment.words` as the documents and every word must match
(anywhere: as a word, or inside a longer word through its sub-words). A quoted phrase must
match its words in order, adjacent, in the title or the body. A lone CJK character (typed
alone, not cut out of a longer run) matches any text containing it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from gongkai.search import segment
from gongkai.search.backends.base import Term

MAX_QUERY_LENGTH = 100  # characters; the search form refuses longer queries
MAX_TERMS = 12  # words beyond these are ignored: each one costs the engine a doclist
_QUOTES = str.maketrans({"“": '"', "”": '"', "「": '"', "」": '"', "『": '"', "』": '"'})
_PARTS = re.compile(r'"([^"]*)(?:"|$)|[^\s"]+')
_CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
# Chinese is written without spaces: one typed inside a quoted phrase is not part of it.
_SPACE_IN_CHINESE = re.compile(f"(?<=[{_CJK}])\\s+(?=[{_CJK}])")


@dataclass
class Part:
    """A stretch of the query: one quoted phrase, or one run of text between spaces."""

    text: str
    quoted: bool
    terms: list[Term] = field(default_factory=list)

    def shown(self) -> str:
        return f'"{self.text}"' if self.quoted else self.text


@dataclass
class ParsedQuery:
    text: str
    parts: list[Part]

    @property
    def terms(self) -> list[Term]:
        return list(dict.fromkeys(t for part in self.parts for t in part.terms))[:MAX_TERMS]

    @property
    def words(self) -> list[Term]:
        return [t for t in self.terms if t.kind != "char"]

    @property
    def chars(self) -> list[str]:
        return [t.tokens[0] for t in self.terms if t.kind == "char"]

    def highlight_terms(self) -> list[str]:
        """Every token to mark in titles and snippets."""
        return list(dict.fromkeys(tok for t in self.terms for tok in t.tokens))


def clean(text: str) -> str:
    """The query as the engine reads it: NFKC, lower case, Chinese quotes as ", one space."""
    return " ".join(segment.normalise(text).translate(_QUOTES).split())


def _part_terms(text: str, quoted: bool) -> list[Term]:
    if quoted:
        text = _SPACE_IN_CHINESE.sub("", text)
    if len(text) == 1 and segment.is_cjk(text):
        return [Term("char", (text,))]
    tokens = segment.words(text)
    if quoted and len(tokens) > 1:
        return [Term("phrase", tuple(tokens))]
    return [Term("word", (token,)) for token in tokens]


def parse(query: str) -> ParsedQuery:
    text = clean(query)[:MAX_QUERY_LENGTH]
    parts = []
    for found in _PARTS.finditer(text):
        quoted = found.group(1) is not None
        chunk = (found.group(1) if quoted else found.group(0)).strip()
        if not chunk:
            continue
        terms = _part_terms(chunk, quoted)
        if terms:
            parts.append(Part(chunk, quoted, terms))
    return ParsedQuery(text, parts)
