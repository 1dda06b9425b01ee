"""What both engines share: the query plan they execute and the rows they return."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from functools import cached_property
from typing import NamedTuple

from gongkai.search import segment

# Ranking: BM25 (FTS5) or ts_rank_cd (PostgreSQL) times a recency boost that is 1 + BOOST for a
# document published today and falls towards 1 with age (half of BOOST after HALF_LIFE days).
RECENCY_BOOST = 0.5
RECENCY_HALF_LIFE_DAYS = 365.0
# Column weights: title, body, sub-words (a word found only inside a longer word), adjacent
# word pairs (a phrase searched for; on SQLite their buckets), filters.
FTS5_WEIGHTS = (10.0, 1.0, 0.3, 3.0, 0.0)
# PostgreSQL's weights are given as {D, C, B, A}: filters, sub-words, body, title.
PG_WEIGHTS = "{0, 0.1, 0.4, 1.0}"
# Title and body are separate FTS5 columns; in the one tsvector a gap keeps a phrase from
# running from the end of the title into the body.
TITLE_BODY_GAP = 1
NON_PUBLIC = "_np"  # the filter token of documents only staff may find

COLUMNS = (
    "id",
    "kind",
    "object_id",
    "sort_key",
    "title",
    "body",
    "extra",
    "url",
    "column_id",
    "department_id",
    "published_at",
    "validity",
    "is_public",
)


def word_pairs(words, common=None) -> list[tuple[str, str]]:
    """The indexed pairs of a word stream: adjacent words of which at least one is common
    (segment.is_common). `common`: the common words among `words`, when already known."""
    if common is None:
        common = {w for w in set(words) if segment.is_common(w)}
    return [(a, b) for a, b in zip(words, words[1:], strict=False) if a in common or b in common]


def pair_tokens(words, common=None) -> list[str]:
    """The indexed pairs as tokens: the two words joined by `_` (电子文件 在 -> 电子文件_在)."""
    return [f"{a}_{b}" for a, b in word_pairs(words, common)]


def pair_hashes(word: str) -> tuple[int, int]:
    """The two independent 63-bit hashes of a word that its pairs' keys are made of
    (`pair_key`): the halves of a BLAKE2b digest of its UTF-8. Stored in both engines'
    indexes: changing them needs a reindex."""
    digest = hashlib.blake2b(word.encode(), digest_size=16).digest()
    return int.from_bytes(digest[:8], "big") >> 1, int.from_bytes(digest[8:], "big") >> 1


# Each word's pair hashes, remembered (in the helper processes of a bulk load, for every
# word of every document when the compiled module is not built).
_HASH_CACHE_SIZE = 500_000
_FIRST: dict[str, int] = {}
_SECOND: dict[str, int] = {}


def word_hashes(words: set[str]) -> tuple[dict[str, int], dict[str, int]]:
    """`pair_hashes` of each of `words`, as two dicts that hold at least them: remembered,
    since a corpus repeats its words."""
    missing = words.difference(_FIRST)  # (`words - _FIRST.keys()` would walk the whole dict)
    if len(_FIRST) + len(missing) > _HASH_CACHE_SIZE:
        _FIRST.clear()
        _SECOND.clear()
        missing = words
    for word in missing:
        _FIRST[word], _SECOND[word] = pair_hashes(word)
    return _FIRST, _SECOND


def pair_key(a: str, b: str) -> int:
    """The key of the pair (a, b), a non-negative 63-bit integer: the first hash of `a` XOR
    the second hash of `b`, so (a, b) and (b, a) differ. PostgreSQL stores it (`ptsv`): two
    distinct pairs share a key with a chance of 2^-63; over the ~30 million distinct pairs
    of 10^6 documents, 5 x 10^-5 shared keys are expected in the whole index, so a two-word
    phrase found by its key alone is as exact as a lexeme. SQLite stores its low bits
    (sqlite.pair_bucket)."""
    first, second = word_hashes({a, b})
    return first[a] ^ second[b]


def _learn(token: str) -> tuple[int, int, bool, list[str], list[str]]:
    """What the compiled fields need of a word seen for the first time: its pairs' hashes,
    whether it is common, its sub-words and its characters."""
    subs, common, chars = segment.word_info(token)
    return (*pair_hashes(token), common, subs, chars)


try:  # built from _fields.pyx when the package is installed (Cython); else in Python
    from gongkai.search.backends import _fields
except ImportError:  # pragma: no cover - an install without a C compiler
    _fields = None
else:
    _fields.learn = _learn
COMPILED_WORDS = 500_000  # words the compiled module remembers at most
_compiled_generation = -1


def compiled_fields():
    """The compiled module (backends/_fields.pyx), having forgotten what it knew of the words
    if the dictionary changed since (or too many are remembered); None when it was not built
    (the callers then do the same in Python)."""
    global _compiled_generation
    if _fields is None:
        return None
    if _compiled_generation != segment.generation or _fields.size() > COMPILED_WORDS:
        _fields.clear()
        _compiled_generation = segment.generation
    return _fields


@dataclass(frozen=True)
class Term:
    """One thing a query asks for: a word, a phrase of words in order, or one CJK character."""

    kind: str  # "word" | "phrase" | "char"
    tokens: tuple[str, ...]

    @property
    def text(self) -> str:
        return "".join(self.tokens) if self.kind != "phrase" else " ".join(self.tokens)


@dataclass
class Plan:
    """One search, decided by api.search and executed by a backend.

    `words` (words and phrases) and `chars` must all match, with the `facets` (filter tokens).
    `rank` is the subset of `words` that ranks: words so common that ranking by them would
    mean scoring most of the index are left out of the score (they still must match).
    `mode`: "rank" (BM25 / ts_rank_cd x recency), "recent" (no rankable word: title matches
    first, then newest), "date" (newest first). `floor` keeps only documents whose sort_key
    is at least it: the newest candidates when ranking every match would be too slow.
    """

    words: list[Term] = field(default_factory=list)
    rank: list[Term] = field(default_factory=list)
    chars: list[str] = field(default_factory=list)
    # Text that must occur as it is in the title, body or extra (the fallback when the words
    # find nothing: segmentation may have cut the text differently, 肉牛 in 发展肉牛肉羊).
    substrings: list[str] = field(default_factory=list)
    facets: list[str] = field(default_factory=list)
    public: bool = True
    # A staff search (public=False): the departments whose non-public documents it finds,
    # for every kind alike (frozenset), or per kind ({kind: frozenset, or None for every
    # department}; a kind not named is found only when public); None: every document.
    departments: frozenset[int] | dict[str, frozenset[int] | None] | None = None
    mode: str = "rank"
    floor: int | None = None
    # The sort keys of the matches at or above `floor`, when the backend found them all while
    # looking for it (PostgreSQL): the page then reads those rows without matching again.
    window: list[int] | None = None
    # Their scores, in the same order, when the backend computed them meanwhile (PostgreSQL):
    # the page then orders the window without reading it again.
    scores: list | None = None
    today: int = 0
    limit: int = 10
    offset: int = 0

    @property
    def title_terms(self) -> list[str]:
        if self.substrings:
            return list(self.substrings)
        return [t.text.replace(" ", "") for t in self.words] + list(self.chars)


@dataclass
class Row:
    """A document as the page query returns it."""

    id: int
    kind: str
    object_id: int
    sort_key: int
    title: str
    body: str
    extra: str
    url: str
    column_id: int | None
    department_id: int | None
    published_at: datetime | None
    validity: str
    is_public: bool
    score: float


@dataclass
class Prepared:
    """A document cut into what the index stores (indexer.prepare): its words, and what each
    word brings (sub-words, characters, commonness), looked up only when an engine asks for
    it (the compiled fields of either engine look the words up themselves)."""

    kind: str
    object_id: int
    title: str
    body: str
    extra: str
    url: str
    column_id: int | None
    department_id: int | None
    published_at: datetime | None
    published_day: int | None
    year: int | None
    validity: str
    is_public: bool
    title_words: list[str]
    body_words: list[str]
    facets: list[str]
    day: int  # the day in sort_key: published day, or today for what was never published
    # The distinct words and sub-words, when the engine's encoding found them on its way.
    terms_found: list[str] | None = None

    @cached_property
    def word_set(self) -> set[str]:
        """The distinct words of title and body."""
        return set(self.title_words).union(self.body_words)

    @cached_property
    def _analysed(self) -> tuple[dict[str, list[str]], set[str], set[str]]:
        return segment.analyse(self.word_set)

    @property
    def subs(self) -> dict[str, list[str]]:
        """The sub-words of each distinct word that has any (政务公开 -> [政务, 公开])."""
        return self._analysed[0]

    @property
    def chars(self) -> list[str]:
        """The distinct CJK characters."""
        return list(self._analysed[1])

    @property
    def common(self) -> set[str]:
        """The distinct words that form indexed pairs (segment.is_common)."""
        return self._analysed[2]

    def sub_words(self) -> list[str]:
        """Each distinct word's sub-words once (they only need to match, not to repeat)."""
        return [s for subs in self.subs.values() for s in subs]

    def pairs(self) -> list[str]:
        """Indexed pairs of the title and of the body (never one across the two)."""
        return pair_tokens(self.title_words, self.common) + pair_tokens(
            self.body_words, self.common
        )

    def terms(self) -> list[str] | set[str]:
        """The distinct tokens, for the vocabulary."""
        if self.terms_found is not None:
            return self.terms_found
        return self.word_set.union(*self.subs.values())


class Encoded(NamedTuple):
    """A prepared document as the engine writes it: strings, numbers and bytes only, cheap to
    pass between processes (`encode` may run in the indexer's helper process)."""

    kind: str
    object_id: int
    day: int
    is_public: bool
    # title, body, extra, url, column, department, published_at, day, year, validity (or (),
    # when `index` holds them in the engine's own form)
    values: tuple
    index: tuple  # the engine's own: FTS5 column strings, or PostgreSQL's binary COPY fields


class Backend:
    """The engine-specific half: writing index rows and running plans."""

    vendor = ""
    # Processes that cut documents during a bulk load (at most one per core), beside this one,
    # which writes: one where writing takes a core of its own.
    bulk_helpers = 1

    def __init__(self, connection):
        self.connection = connection

    # -- writing (called inside a transaction by indexer) --------------------------------

    @contextmanager
    def bulk_writing(self, meanwhile: Callable[[], object] | None = None) -> Iterator[None]:
        """Around a bulk load (many batches, each its own transaction): the engine's settings
        for writing much at once, restored afterwards. The results of searches stay the same.
        `meanwhile`: called once after a load that did not fail, while the engine finishes
        (PostgreSQL builds its indexes on other connections meanwhile)."""
        yield
        if meanwhile is not None:
            meanwhile()

    def existing(self, kind: str, object_ids: list[int]) -> list[tuple[int, int, int, bool]]:
        """(id, sort_key, object_id, is_public) of the documents already indexed."""
        if not object_ids:
            return []
        marks = ", ".join(["%s"] * len(object_ids))
        with self.connection.cursor() as cursor:
            cursor.execute(
                "SELECT id, sort_key, object_id, is_public FROM search_searchdocument"
                f" WHERE kind = %s AND object_id IN ({marks})",
                [kind, *object_ids],
            )
            return [(i, k, o, bool(p)) for i, k, o, p in cursor.fetchall()]

    def old_terms(self, sort_keys: list[int]) -> list[set[str]]:
        raise NotImplementedError

    def delete(self, ids: list[int], sort_keys: list[int]) -> None:
        raise NotImplementedError

    def next_ids(self, n: int) -> list[int]:
        raise NotImplementedError

    def encode(self, doc: Prepared) -> Encoded:
        """What `insert` writes for `doc`; pure (no database), so it runs in any process."""
        return Encoded(
            doc.kind,
            doc.object_id,
            doc.day,
            doc.is_public,
            (
                doc.title,
                doc.body,
                doc.extra,
                doc.url,
                doc.column_id,
                doc.department_id,
                self.connection.ops.adapt_datetimefield_value(doc.published_at),
                doc.published_day,
                doc.year,
                doc.validity,
            ),
            self.encode_index(doc),
        )

    def encode_index(self, doc: Prepared) -> tuple:
        raise NotImplementedError

    def insert(self, rows: list[Encoded], ids: list[int], sort_keys: list[int], now) -> None:
        raise NotImplementedError

    def add_terms(self, changes: dict[str, int]) -> None:
        """Add each change (+1 per new document holding the term, -1 per removed one) to df."""
        raise NotImplementedError

    def clear_orphans(self) -> None:
        """Empty the engine's own tables if no document is left (after `flush`)."""

    # -- reading -------------------------------------------------------------------------

    @contextmanager
    def reading(self) -> Iterator[None]:
        """Around the statements of one search: the engine's settings for them."""
        yield

    def page(self, plan: Plan) -> list[Row]:
        raise NotImplementedError

    def count(self, plan: Plan, cap: int) -> int:
        """How many documents match, counting no further than `cap`."""
        raise NotImplementedError

    def floor(self, plan: Plan, candidates: int) -> int | None:
        """The sort_key of the `candidates`-th newest match (None when there are fewer)."""
        raise NotImplementedError

    def keys(self, plan: Plan) -> list[int]:
        """The sort_key of every match (no ranking, no limit)."""
        raise NotImplementedError

    def raw_query_sql(self, terms: list[str], limit: int = 10) -> tuple[str, list]:
        """SQL and parameters that send `terms` (tokens, all required) straight to the engine,
        ranked by the engine alone (no recency, no filters): the benchmarks' reference."""
        raise NotImplementedError

    def run_raw(self, terms: list[str], limit: int = 10) -> list[tuple[int, float]]:
        """Run raw_query_sql: (sort_key, score) best first."""
        sql, params = self.raw_query_sql(terms, limit)
        with self.connection.cursor() as cursor:
            cursor.execute(sql, params)
            return [(k, float(s)) for k, s in cursor.fetchall()]


def scope_sql(plan: Plan) -> tuple[str, list]:
    """The staff search's scope, `(d.is_public OR ...)` over the documents table `d`, and its
    parameters; ("", []) when the plan is not scoped (public only, or everything)."""
    if plan.public or plan.departments is None:
        return "", []
    scopes = plan.departments
    if not isinstance(scopes, dict):
        scopes = {None: scopes}
    parts, params = ["d.is_public"], []
    for kind, ids in scopes.items():
        if ids is not None and not ids:
            continue  # none of this kind beyond the public ones
        tests = []
        if kind is not None:
            tests.append("d.kind = %s")
            params.append(kind)
        if ids is not None:
            tests.append(f"d.department_id IN ({', '.join(['%s'] * len(ids))})")
            params += sorted(ids)
        if not tests:
            return "", []  # every document of every kind
        parts.append("(" + " AND ".join(tests) + ")")
    return "(" + " OR ".join(parts) + ")", params


def boost_sql(published_day: str, mark: str, greatest: str) -> str:
    """The recency multiplier in SQL; takes `today` twice as parameters."""
    age = f"{greatest}(0, {mark} - COALESCE({published_day}, {mark}))"
    return (
        f"(1.0 + {RECENCY_BOOST} * {RECENCY_HALF_LIFE_DAYS} / ({RECENCY_HALF_LIFE_DAYS} + {age}))"
    )
