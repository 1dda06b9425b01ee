"""The vocabulary of the public documents (`SearchTerm`): document frequencies for the query
plan, toneless pinyin and initials for pinyin input, and did-you-mean suggestions.

Only public documents count, so that neither a suggestion nor a pinyin rewrite can reveal a
word that appears only in a draft. The indexer keeps `df` exact: +1 for each public document
indexed with the term, -1 for each one removed or replaced.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from django.db import connection
from django.db.models import Q

from gongkai.search import segment
from gongkai.search.models import SearchTerm

MAX_TERM_LENGTH = 40
PINYIN_BATCH = 2000
SUGGEST_CANDIDATES = (
    300  # most frequent terms of similar length sharing the first or last character
)
_LATIN_QUERY = re.compile(r"[a-z][a-z' ]*")


def frequencies(tokens: Iterable[str]) -> dict[str, int]:
    """The document frequency of each token (0 for a token no public document holds)."""
    wanted = {t for t in tokens if len(t) <= MAX_TERM_LENGTH}
    found = dict(SearchTerm.objects.filter(term__in=wanted).values_list("term", "df"))
    return {t: found.get(t, 0) for t in wanted}


def to_pinyin(term: str) -> tuple[str, str]:
    """Toneless pinyin and initials of an all-CJK term (政务公开 -> zhengwugongkai, zwgk)."""
    if not term or not all(segment.is_cjk(c) for c in term):
        return "", ""
    from pypinyin import Style, lazy_pinyin

    syllables = lazy_pinyin(term, style=Style.NORMAL, errors="ignore")
    initials = lazy_pinyin(term, style=Style.FIRST_LETTER, errors="ignore")
    return "".join(syllables), "".join(initials) if len(term) > 1 else ""


def fill_pinyin() -> int:
    """Give pinyin to the terms that have none yet (new terms); returns how many."""
    done = 0
    while True:
        batch = list(
            SearchTerm.objects.filter(pinyin__isnull=True).values_list("pk", "term")[:PINYIN_BATCH]
        )
        if not batch:
            return done
        rows = [(*to_pinyin(term), pk) for pk, term in batch]
        with connection.cursor() as cursor:
            cursor.executemany(
                "UPDATE search_searchterm SET pinyin = %s, initials = %s WHERE id = %s",
                rows,
            )
        done += len(rows)


def _best(**lookup) -> str | None:
    return (
        SearchTerm.objects.filter(df__gt=0, **lookup)
        .order_by("-df", "term")
        .values_list("term", flat=True)
        .first()
    )


def rewrite_pinyin(text: str) -> str | None:
    """The Chinese a query in Latin letters stands for (zhengwu gongkai -> 政务公开), or None.

    Only when the letters are not themselves words of the index (a search for "pdf" stays a
    search for "pdf"). The whole query first, then each space-separated syllable group; pinyin
    initials (zwgk) when the full spelling finds nothing.
    """
    if not _LATIN_QUERY.fullmatch(text):
        return None
    parts = [p.replace("'", "") for p in text.split() if p.replace("'", "")]
    if not parts:
        return None
    known = frequencies(parts)
    if all(known.get(p, 0) > 0 for p in parts):  # (longer than a term: not in `known`)
        return None
    whole = "".join(parts)
    found = _best(pinyin=whole) or (_best(initials=whole) if 1 < len(whole) <= 12 else None)
    if found:
        return found
    if len(parts) > 1:
        each = [_best(pinyin=p) or (_best(initials=p) if len(p) > 1 else None) for p in parts]
        if all(each):
            return " ".join(each)
    return None


def distance(a: str, b: str) -> int:
    """Levenshtein distance."""
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i]
        for j, cb in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb)))
        previous = current
    return previous[-1]


def _edit_limit(word: str) -> int:
    """Edits on the characters that still leave `word` recognisable. A Chinese character
    carries more than a letter: one wrong in three is a typo, one in two another word
    (乡村 is not 乡镇)."""
    size = len(word)
    if segment.has_cjk(word):
        return 0 if size <= 2 else 1 if size <= 5 else 2
    return 0 if size <= 3 else 1 if size <= 7 else 2


def close(word: str, term: str) -> bool:
    """Whether `term` is probably what was meant by `word`: the same toneless pinyin (正务 ->
    政务), one letter of pinyin apart (振新 -> 振兴: the wrong candidate picked in a pinyin
    input method), or few edits on the characters for the word's length (政务公间 -> 政务公开)."""
    if distance(word, term) <= _edit_limit(word):
        return True
    spelled, _initials = to_pinyin(word)
    other, _initials = to_pinyin(term)
    return bool(spelled and other) and distance(spelled, other) <= 1


def similar(word: str) -> str | None:
    """The indexed term `word` is probably a mistyping of, or None: a homophone first, else
    the closest (`close`) of the frequent terms sharing its first or last character, the
    most frequent first."""
    if not 2 <= len(word) <= 12:
        return None
    spelled, _initials = to_pinyin(word)
    if spelled:
        found = (
            SearchTerm.objects.filter(df__gt=0, pinyin=spelled)
            .exclude(term=word)
            .order_by("-df", "term")
            .values_list("term", flat=True)
            .first()
        )
        if found:
            return found
    candidates = (
        SearchTerm.objects.filter(
            Q(first=word[0]) | Q(last=word[-1]),
            df__gt=0,
            length__range=(len(word) - 1, len(word) + 1),
        )
        .exclude(term=word)
        .order_by("-df", "term")
        .values_list("term", "df")[:SUGGEST_CANDIDATES]
    )
    best = None
    for term, df in candidates:
        if close(word, term):
            rank = (distance(word, term), -df)
            if best is None or rank < best[0]:
                best = (rank, term)
    return best[1] if best else None


def suggest(parsed, df: dict[str, int]) -> str | None:
    """A query to suggest when nothing was found: each part holding an unknown word replaced
    by a similar indexed term (the whole part first, else word by word), or None when no
    word has a similar term. Whether the suggestion finds anything is the caller's check."""
    changed = False
    shown = []
    for part in parsed.parts:
        tokens = [tok for t in part.terms if t.kind != "char" for tok in t.tokens]
        replacement = None
        if not all(df.get(tok, 0) > 0 for tok in tokens):
            replacement = similar(part.text.replace(" ", ""))
        if replacement is None:
            pieces = [tok if df.get(tok, 0) > 0 else (similar(tok) or tok) for tok in tokens]
            # The same words spaced otherwise are no suggestion.
            if pieces != tokens:
                replacement = ("" if part.quoted else " ").join(pieces)
        if replacement is None or replacement == part.text:
            shown.append(part.shown())
            continue
        changed = True
        shown.append(f'"{replacement}"' if part.quoted else replacement)
    return " ".join(shown) if changed else None
