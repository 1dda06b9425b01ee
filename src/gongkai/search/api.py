"""The one search interface: `search(query, ...)`, the same on SQLite FTS5 and PostgreSQL.

How a query runs (a few small statements, no per-row Python beyond the page shown):

1. Pinyin: a query in Latin letters that are not indexed words is rewritten to the term
   whose toneless pinyin or initials it is (zhengwu gongkai, zwgk -> 政务公开).
2. Parsing (query.py): words, "quoted phrases", lone CJK characters; filters become tokens.
   A phrase is found through its indexed word pairs, then confirmed by positions
   (backends.sqlite.term_expr).
3. The plan, from the words' document frequencies (one look-up in the vocabulary):
   - relevance: BM25 (FTS5, title weighted 10:1 over body, 0.3 for a word found only inside
     a longer word, 3 for a phrase's pairs) or ts_rank_cd (PostgreSQL, weights A/B/C alike),
     times a recency boost (x1.5 for today, falling towards x1 over years). A word held by
     more than RANK_DF_LIMIT documents still has to match but does not rank: FTS5 would read
     its whole document list on every query to weigh it (the slow tail of such queries)
     while its IDF is near zero anyway. When the words together may match more
     than FULL_RANK_LIMIT documents, only the newest RESULT_WINDOW matches are ranked (found
     by walking the index backwards from the newest: sort_key starts with the publication
     day; on PostgreSQL month tokens give GIN the window). When no word can rank (only very
     common words, or single characters) the newest RESULT_WINDOW matches are ordered by
     "query in the title" first, then newest.
   - date: newest first, straight from the index order.
4. Counting: exact below COUNT_CAP (as far as the pages reach), then reported as "COUNT_CAP
   or more" (`total_capped`). No count query runs when the first page is not full (its
   length is the count), when the floor was found (at least RESULT_WINDOW match), or when
   the query is one word the vocabulary says COUNT_CAP or more public documents hold.
5. When the words find nothing, one of them is in no document and the query is Chinese, its
   text is looked up as it is among the newest RESULT_WINDOW documents holding all its
   characters: segmentation may cut the same characters differently in a document
   (发展肉牛肉羊 is 发展/肉/牛肉/羊).
6. Snippets and marked titles are built in Python from the stored text (highlight.py).

Pages go as deep as RESULT_WINDOW results (100 pages of 10), as web search engines do.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from django.db import connection
from django.utils import timezone
from django.utils.safestring import SafeString

from gongkai.search import highlight, indexer, segment, vocabulary
from gongkai.search.backends import get_backend
from gongkai.search.backends.base import Plan, Row
from gongkai.search.query import MAX_QUERY_LENGTH, ParsedQuery, clean, parse

SORTS = ("relevance", "date")
RESULT_WINDOW = 1_000
# Counted exactly below this, as far as the pages reach: a count beyond reads every further
# match (a phrase's each tsvector on PostgreSQL), for a figure no page can show.
COUNT_CAP = RESULT_WINDOW
MAX_PER_PAGE = 100
RANK_DF_LIMIT = 50_000
# Matches ranked in full before falling back to the newest RESULT_WINDOW: a row costs
# PostgreSQL several times what it costs FTS5 (it unpacks the stored tsvector, where FTS5
# reads the positions).
FULL_RANK_LIMIT = {"sqlite": 5_000, "postgresql": 1_000}

__all__ = ["COUNT_CAP", "MAX_QUERY_LENGTH", "RESULT_WINDOW", "Hit", "SearchResult", "search"]


@dataclass
class Hit:
    """One result: the document as indexed, its title and snippet marked."""

    object_id: int
    kind: str
    title: str
    url: str
    snippet: SafeString
    score: float
    published_at: datetime | None
    title_html: SafeString
    column_id: int | None = None
    department_id: int | None = None
    validity: str = ""
    is_public: bool = True


@dataclass
class SearchResult:
    """A page of results. `total` is exact below COUNT_CAP; from there on it is COUNT_CAP and
    `total_capped` is True ("1000 or more"). `suggestion`: a query to try instead when
    nothing was found. `rewritten_query`: what was searched when pinyin input was read as
    Chinese."""

    query: str
    total: int
    hits: list[Hit]
    suggestion: str | None = None
    query_terms: list[str] = field(default_factory=list)
    total_capped: bool = False
    rewritten_query: str | None = None
    page: int = 1
    per_page: int = 10
    sort: str = "relevance"

    @property
    def pages(self) -> int:
        """Pages that can be shown (no deeper than RESULT_WINDOW results)."""
        reachable = min(self.total, RESULT_WINDOW)
        return max(1, -(-reachable // self.per_page))

    @property
    def has_previous(self) -> bool:
        return self.page > 1

    @property
    def has_next(self) -> bool:
        return self.page < self.pages


def _hit(row: Row, terms: list[str]) -> Hit:
    if highlight.contains(row.body, terms) or not highlight.contains(row.extra, terms):
        text = row.body or row.extra
    else:
        text = row.extra
    return Hit(
        object_id=row.object_id,
        kind=row.kind,
        title=row.title,
        url=row.url,
        snippet=highlight.snippet(text, terms),
        score=float(f"{row.score:.6g}"),
        published_at=row.published_at,
        title_html=highlight.mark(row.title, terms),
        column_id=row.column_id,
        department_id=row.department_id,
        validity=row.validity,
        is_public=row.is_public,
    )


def _plan(parsed: ParsedQuery, df: dict[str, int], **options) -> tuple[Plan, bool]:
    """The plan, and whether it needs a floor (too many matches to rank them all)."""
    words = parsed.words
    term_df = {t: min(df.get(tok, 0) for tok in t.tokens) for t in words}
    # A phrase ranks by its word pairs, which are never very common.
    rank = [t for t in words if t.kind == "phrase" or term_df[t] <= RANK_DF_LIMIT]
    plan = Plan(words=words, rank=rank, chars=parsed.chars, **options)
    if options.get("mode") == "date":
        return plan, False
    if rank:
        plan.mode = "rank"
        limit = FULL_RANK_LIMIT.get(connection.vendor, 5_000)
        return plan, min(term_df.values()) > limit
    plan.mode = "recent"
    return plan, True


def search(
    query: str,
    *,
    column: int | None = None,
    department: int | None = None,
    year: int | None = None,
    kind: str | None = None,
    validity: str | None = None,
    sort: str = "relevance",
    page: int = 1,
    per_page: int = 10,
    public: bool = True,
    departments=None,
) -> SearchResult:
    """Search the index; filters are ANDed; `page` counts from 1.

    `public=True` (the portal) finds public documents only. `public=False` (the workbench)
    adds documents only staff may see, of the `departments` (ids) given, or of every
    department when `departments` is None. `departments` may also be given per kind,
    `{kind: ids or None}`: a kind not named then adds nothing beyond its public documents.
    """
    if sort not in SORTS:
        raise ValueError(f"sort must be one of {SORTS}")
    page, per_page = max(1, int(page)), min(MAX_PER_PAGE, max(1, int(per_page)))
    text = " ".join(str(query or "").split())[:MAX_QUERY_LENGTH]
    options = {
        "sort": sort,
        "page": page,
        "per_page": per_page,
        "public": public,
        "departments": departments,
        "filters": {
            "column": column,
            "department": department,
            "year": year,
            "kind": kind,
            "validity": validity,
        },
    }
    rewritten = vocabulary.rewrite_pinyin(clean(text))
    with get_backend().reading():
        result = _search(rewritten or text, **options)
        if rewritten and result.total == 0:
            # Only say what the letters were read as when that finds something.
            rewritten = None
            result = _search(text, **options)
    result.query = text
    result.rewritten_query = rewritten
    return result


def _known_capped(plan: Plan, df: dict[str, int]) -> bool:
    """Whether the vocabulary alone shows COUNT_CAP matches or more: one word, searched by
    the public with no filter, matches exactly the public documents holding it (its df), so
    counting them (reading COUNT_CAP rows) would only say "or more" again."""
    if not plan.public or plan.facets or plan.chars or plan.substrings or len(plan.words) != 1:
        return False
    term = plan.words[0]
    return term.kind == "word" and df.get(term.tokens[0], 0) >= COUNT_CAP


def _run(backend, plan: Plan, needs_floor: bool, df=None) -> tuple[list[Row], int]:
    """The page's rows and the number of matches (up to COUNT_CAP)."""
    window_full = False
    if needs_floor:
        # The floor is the newest RESULT_WINDOW matches of the index alone: substrings are
        # then checked on those rows only, never on every document holding the characters.
        substrings, plan.substrings = plan.substrings, []
        plan.floor = backend.floor(plan, RESULT_WINDOW)
        plan.substrings = substrings
        # Found: RESULT_WINDOW documents match (the substrings aside), which counts enough.
        window_full = plan.floor is not None and not substrings
    rows = backend.page(plan) if plan.limit else []
    if (rows and len(rows) < plan.limit) or (plan.offset == 0 and not rows):
        return rows, plan.offset + len(rows)
    if (window_full and RESULT_WINDOW >= COUNT_CAP) or (df is not None and _known_capped(plan, df)):
        return rows, COUNT_CAP
    if not plan.substrings:
        plan.floor = None  # count every match, not only the ranked window
    return rows, backend.count(plan, COUNT_CAP)


def _substrings(parsed: ParsedQuery) -> list[str]:
    """The query's text to look for as it is, when every part of it is Chinese."""
    needles = [part.text.replace(" ", "") for part in parsed.parts]
    if not needles or not all(segment.has_cjk(n) for n in needles):
        return []
    return needles


def _scope(departments) -> frozenset[int] | dict[str, frozenset[int] | None] | None:
    if departments is None:
        return None
    if isinstance(departments, dict):
        return {
            str(kind): None if ids is None else frozenset(int(d) for d in ids)
            for kind, ids in departments.items()
        }
    return frozenset(int(d) for d in departments)


def _search(text, *, sort, page, per_page, public, departments, filters, suggest=True):
    parsed = parse(text)
    result = SearchResult(query=text, total=0, hits=[], page=page, per_page=per_page, sort=sort)
    if not parsed.terms:
        return result
    result.query_terms = parsed.highlight_terms()
    df = vocabulary.frequencies(tok for t in parsed.words for tok in t.tokens)
    backend = get_backend()
    offset = (page - 1) * per_page
    common = {
        "facets": indexer.facets(**filters),
        "public": public,
        "departments": _scope(departments),
        "mode": "date" if sort == "date" else "rank",
        "today": indexer.day_number(timezone.localdate()),
        "limit": max(0, min(per_page, RESULT_WINDOW - offset)),
        "offset": offset,
    }
    plan, needs_floor = _plan(parsed, df, **common)
    rows, total = _run(backend, plan, needs_floor, df)
    unknown = any(df.get(tok, 0) == 0 for t in parsed.words for tok in t.tokens)
    needles = _substrings(parsed) if total == 0 and unknown else []
    if needles:
        # Nothing for the words: look for the text itself among the newest documents that
        # hold all its characters (the words may have been cut otherwise in the documents).
        chars = list(dict.fromkeys(c for n in needles for c in segment.characters(n)))
        fallback = Plan(chars=chars, substrings=needles, **common)
        if fallback.mode != "date":
            fallback.mode = "recent"
        rows, total = _run(backend, fallback, True)
        result.query_terms = needles
    result.total = min(total, COUNT_CAP)
    result.total_capped = total >= COUNT_CAP
    result.hits = [_hit(row, result.query_terms) for row in rows]
    if result.total == 0 and suggest:
        suggestion = vocabulary.suggest(parsed, df)
        if suggestion and suggestion != parsed.text:
            found = _search(
                suggestion,
                sort=sort,
                page=1,
                per_page=1,
                public=public,
                departments=departments,
                filters=filters,
                suggest=False,
            )
            if found.total:
                result.suggestion = suggestion
    return result
