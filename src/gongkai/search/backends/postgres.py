"""PostgreSQL: three columns of search_searchdocument, each GIN-indexed: a tsvector and two
integer arrays. This module is the engine (`PostgresBackend`) and its queries; a document's
row is written by postgres_rows, a bulk load managed by postgres_load, and the window of the
newest candidates found by postgres_walk.

`tsv` holds the words with their positions (title weight A at 1..n, body weight B after a
gap), each word's sub-words at the word's own position with weight C (they never take a
position of their own, so phrases count words exactly as FTS5 does), and without position
(weight D) the filter tokens and the month (`_m202405`, for the window of newest
candidates). It is written by us, token by token, not by a text search configuration
('simple' would leave the tokens unchanged too, but not take the positions and weights we
choose), in COPY's binary format. `ptsv` holds the keys of the pairs of adjacent words of
which one is common (电子文件 在: `pair_key`, 63 bits from the two words' hashes), `ctsv` the
code points of the distinct CJK characters. They are integers because GIN compares
integers by value where it compares lexemes as strings: their indexes build faster, and
COPY reads them faster (migration 0004).

`tsv` is stored in the row (`STORAGE MAIN`, compressed), not in TOAST: ranking and
confirming a phrase read it for every candidate. The pairs have their own column so that
they do not enlarge it, and their own GIN index, built beside the others after a bulk load
(postgres_load). The planner joins the two indexes' bitmaps for a phrase, so a pair most
documents hold costs a bitmap of all of them in each month walked (hence `_common_pairs`).
One GIN index over (`tsv`, `ptsv`) would intersect inside GIN instead, but it builds as
slowly as pairs inside `tsv`, and with the pairs hashed into buckets it was slower both to
build and to query (docs/benchmarks.md).

A phrase is found through its indexed pairs (`ptsv`) and confirmed by
`'a':AB <-> 'b':AB` on `tsv` (adjacent, in the title or the body), as FTS5 does. Only the
pairs holding a common word are indexed: GIN keeps no positions, so confirming reads the
row's tsvector whatever is indexed, and indexing every pair (as tokens, or as hashed
buckets) made the GIN build far longer and every tsvector larger, which slowed the queries
reading them more than the phrases gained (docs/benchmarks.md). Limits of tsvector that
FTS5 does not have: positions above 16,383 count as 16,383 and a word keeps at most 256
positions, so a phrase of three words or more deep inside a very long document may be
missed; documents are cut at indexer.MAX_BODY_CHARS on both engines.
"""

from __future__ import annotations

import functools
import time
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager

from django.db import DatabaseError
from django.db.transaction import TransactionManagementError

from gongkai.search.backends.base import (
    COLUMNS,
    PG_WEIGHTS,
    Backend,
    Encoded,
    Plan,
    Prepared,
    Row,
    Term,
    boost_sql,
    pair_key,
    scope_sql,
    word_pairs,
)
from gongkai.search.backends.postgres_load import bulk_writing
from gongkai.search.backends.postgres_rows import COPY_SQL, DOC, copy_data, row_fields
from gongkai.search.backends.postgres_walk import SORT_KEY_SHIFT, months_since
from gongkai.search.backends.postgres_walk import floor as walk_floor

SORT_KEY_COLUMN = COLUMNS.index("sort_key")
# A pair held by more than this share of the documents is not looked up in the pairs' index
# within the months of the floor's walk (`_common_pairs`); its positions in `tsv` confirm the
# phrase instead. The statistics that say which pairs those are are read again this often.
COMMON_PAIR_SHARE = 0.05
PAIR_STATISTICS_SECONDS = 300.0
_common_pair_keys: dict[str, tuple[float, frozenset[int]]] = {}  # per database alias


def _escaped(token: str) -> str:
    return token.replace("\\", "\\\\").replace("'", "''")


def lexeme(token: str) -> str:
    """A token in a tsquery."""
    return "'" + _escaped(token) + "'"


def term_query(term: Term, *, whole: bool = False) -> str:
    """The `tsv` tsquery of one term: a lexeme, or a phrase as `'a':AB <-> 'b':AB` (adjacent
    in the title or the body), which ts_rank_cd also scores. A two-word phrase that is one
    indexed pair is matched by `pair_keys` alone: '' here, unless `whole` (to rank it, or
    when its key is not looked up)."""
    if term.kind != "phrase":
        return lexeme(term.tokens[0])
    if not whole and len(term.tokens) == 2 and word_pairs(term.tokens):
        return ""
    return "(" + " <-> ".join(f"{lexeme(t)}:AB" for t in term.tokens) + ")"


def pair_keys(term: Term) -> list[int]:
    """The `ptsv` keys of a phrase's indexed pairs (the GIN index finds its candidates by
    them; `term_query` confirms the positions), or []."""
    if term.kind != "phrase":
        return []
    return [pair_key(a, b) for a, b in word_pairs(term.tokens)]


def _and(parts: list[str]) -> str:
    return " & ".join(parts)


class PostgresBackend(Backend):
    vendor = "postgresql"
    # The server's own process parses and stores the rows; this one only sends them on: with
    # two helpers cutting the text both cores stay busy, with one they were not quite full.
    bulk_helpers = 2

    # -- writing -------------------------------------------------------------------------

    def bulk_writing(
        self, meanwhile: Callable[[], object] | None = None
    ) -> AbstractContextManager[None]:
        """Without the GIN indexes, into an empty table (postgres_load.bulk_writing)."""
        return bulk_writing(self.connection, meanwhile)

    def old_terms(self, sort_keys: list[int]) -> list[set[str]]:
        if not sort_keys:
            return []
        with self.connection.cursor() as cursor:
            cursor.execute(
                f"SELECT tsvector_to_array(tsv) FROM {DOC} WHERE sort_key = ANY(%s)",
                [list(sort_keys)],
            )
            # Words and sub-words, not the filter tokens (`_...`).
            return [{t for t in (row[0] or []) if "_" not in t} for row in cursor]

    def delete(self, ids: list[int], sort_keys: list[int]) -> None:
        if ids:
            with self.connection.cursor() as cursor:
                cursor.execute(f"DELETE FROM {DOC} WHERE id = ANY(%s)", [list(ids)])

    def next_ids(self, n: int) -> list[int]:
        with self.connection.cursor() as cursor:
            cursor.execute(
                f"SELECT nextval(pg_get_serial_sequence('{DOC}', 'id'))"
                " FROM generate_series(1, %s)",
                [n],
            )
            return [row[0] for row in cursor.fetchall()]

    def encode(self, doc: Prepared) -> Encoded:
        """The row as COPY's binary fields, but for the three the writer adds (`insert`)."""
        return Encoded(doc.kind, doc.object_id, doc.day, doc.is_public, (), (row_fields(doc),))

    def insert(self, rows: list[Encoded], ids: list[int], sort_keys: list[int], now) -> None:
        # COPY, not INSERT: one stream for the batch instead of a statement per row.
        with (
            self.connection.cursor() as cursor,
            self.connection.wrap_database_errors,
            cursor.cursor.copy(COPY_SQL) as copy,
        ):
            copy.write(copy_data(rows, ids, sort_keys, now))

    def add_terms(self, changes: dict[str, int]) -> None:
        items = [(term, delta) for term, delta in sorted(changes.items()) if delta and term]
        if not items:
            return
        terms = [t for t, _d in items]
        with self.connection.cursor() as cursor:
            # Sorted, so that two writers lock the vocabulary rows in the same order.
            cursor.execute(
                "INSERT INTO search_searchterm (term, df, length, first, last)"
                " SELECT * FROM unnest(%s::text[], %s::int[], %s::int[], %s::text[], %s::text[])"
                " ON CONFLICT (term) DO UPDATE"
                " SET df = GREATEST(0, search_searchterm.df + EXCLUDED.df)",
                [
                    terms,
                    [d for _t, d in items],
                    [len(t) for t in terms],
                    [t[0] for t in terms],
                    [t[-1] for t in terms],
                ],
            )

    # -- reading -------------------------------------------------------------------------

    @contextmanager
    def reading(self) -> Iterator[None]:
        """No sequential scans during a search. Matching `tsv @@ q` on a row read from the
        table reads and decompresses its tsvector, a cost the planner does not count: with a
        LIMIT it may scan the table for a common word, reading tens of thousands of tsvectors
        where the GIN index's bitmap reads only the rows that match."""
        with self.connection.cursor() as cursor:
            cursor.execute(
                "SELECT current_setting('enable_seqscan'), set_config('enable_seqscan', 'off', false)"
            )
            before = cursor.fetchone()[0]
        try:
            yield
        finally:
            try:
                with self.connection.cursor() as cursor:
                    cursor.execute("SELECT set_config('enable_seqscan', %s, false)", [before])
            except (DatabaseError, TransactionManagementError):
                pass  # the transaction failed: its rollback restores the setting

    def _where(
        self, plan: Plan, months: list[str] | None = None, window: bool = False
    ) -> tuple[str, list]:
        """WHERE clause and parameters. `months`: month tokens, one of which must match (the
        window of the newest candidates, given to the GIN index with the words). `window`:
        the rows of `plan.window` (matched already), of which the substrings are checked."""
        if window:
            clauses, params = ["d.sort_key = ANY(%s)"], [plan.window]
        else:
            clauses, params = self._matching(plan, months)
        for needle in plan.substrings:
            clauses.append("strpos(lower(d.title || ' ' || d.body || ' ' || d.extra), %s) > 0")
            params.append(needle)
        return " AND ".join(clauses), params

    def _matching(self, plan: Plan, months: list[str] | None) -> tuple[list[str], list]:
        """The clauses of what the plan matches (words, characters, filters, scope, floor)."""
        clauses, params = [], []
        if months is None and plan.floor is not None:
            months = self._months_since(plan.floor)
        keyed = [(term, pair_keys(term)) for term in plan.words]
        # Within months, a pair most documents hold is not looked up (see _common_pairs); the
        # statistics are read only for a plan that has pairs.
        has_pairs = any(keys for _term, keys in keyed)
        common = self._common_pairs() if months and has_pairs else frozenset()
        queries, pairs = [], []
        for term, keys in keyed:
            kept = [key for key in keys if key not in common]
            pairs += kept
            queries.append(term_query(term, whole=len(kept) < len(keys)))
        queries += [lexeme(f) for f in plan.facets]
        if months:
            queries.append("(" + " | ".join(lexeme(m) for m in months) + ")")
        if queries := [q for q in queries if q]:
            clauses.append("d.tsv @@ %s::tsquery")
            params.append(_and(queries))
        if pairs:
            clauses.append("d.ptsv @> %s::int8[]")
            params.append(pairs)
        if plan.chars:
            clauses.append("d.ctsv @> %s::int4[]")
            params.append([ord(c) for c in plan.chars])
        if plan.public:
            clauses.append("d.is_public")
        else:
            scope, scope_params = scope_sql(plan)
            if scope:
                clauses.append(scope)
                params += scope_params
        if plan.floor is not None:
            clauses.append("d.sort_key >= %s")
            params.append(plan.floor)
        return clauses, params

    def _score(self, plan: Plan) -> tuple[str, list]:
        """The score of a row `d` in SQL (of its tsv, title and published_day), and its
        parameters. Rows are ordered by it, then newest first."""
        today = [plan.today, plan.today]
        if plan.mode == "rank":
            rank_query = _and([term_query(t, whole=True) for t in plan.rank])
            score = (
                f"ts_rank_cd('{PG_WEIGHTS}'::float4[], d.tsv, %s::tsquery, 1)"
                f" * {boost_sql('d.published_day', '%s', 'GREATEST')}"
            )
            return score, [rank_query, *today]
        if plan.mode == "recent":
            bonus = " + ".join(["(strpos(lower(d.title), %s) > 0)::int"] * len(plan.title_terms))
            score = f"({bonus or '0'}) + {boost_sql('d.published_day', '%s', 'GREATEST')} - 1.0"
            return score, [*plan.title_terms, *today]
        return "0.0", []

    def page(self, plan: Plan) -> list[Row]:
        if plan.window is not None and plan.floor is not None:
            if plan.scores is not None and not plan.substrings:
                return self._scored_page(plan)
            # The window's rows, read by key, not matched again (a phrase would confirm each
            # candidate's positions a second time); the substrings are checked on them.
            where, params = self._where(plan, window=True)
        else:
            where, params = self._where(plan)
        score, score_params = self._score(plan)
        columns = ", ".join(f"d.{c}" for c in COLUMNS)
        sql = (
            f"SELECT {columns}, r.score FROM ("
            f"SELECT d.id, d.sort_key, {score} AS score FROM {DOC} d WHERE {where}"
            " ORDER BY score DESC, d.sort_key DESC LIMIT %s OFFSET %s) r"
            f" JOIN {DOC} d ON d.id = r.id ORDER BY r.score DESC, r.sort_key DESC"
        )
        with self.connection.cursor() as cursor:
            cursor.execute(sql, [*score_params, *params, plan.limit, plan.offset])
            return [_row(values) for values in cursor.fetchall()]

    def _scored_page(self, plan: Plan) -> list[Row]:
        """The page of a window the floor found and scored: ordered here as the SQL of `page`
        orders (score, then newest), and only the rows shown are read again."""
        ranked = sorted(zip(plan.scores, plan.window, strict=True), reverse=True)
        shown = ranked[plan.offset : plan.offset + plan.limit]
        if not shown:
            return []
        columns = ", ".join(f"d.{c}" for c in COLUMNS)
        with self.connection.cursor() as cursor:
            cursor.execute(
                f"SELECT {columns} FROM {DOC} d WHERE d.sort_key = ANY(%s)",
                [[key for _score, key in shown]],
            )
            found = {values[SORT_KEY_COLUMN]: values for values in cursor.fetchall()}
        return [_row((*found[key], score)) for score, key in shown if key in found]

    def count(self, plan: Plan, cap: int) -> int:
        where, params = self._where(plan)
        with self.connection.cursor() as cursor:
            cursor.execute(
                f"SELECT count(*) FROM (SELECT 1 FROM {DOC} d WHERE {where} LIMIT %s) s",
                [*params, cap],
            )
            return cursor.fetchone()[0]

    def _newest_and_oldest(self) -> tuple[int, int] | None:
        with self.connection.cursor() as cursor:
            cursor.execute(f"SELECT max(sort_key), min(sort_key) FROM {DOC}")
            newest, oldest = cursor.fetchone()
        if newest is None:
            return None
        return newest >> SORT_KEY_SHIFT, oldest >> SORT_KEY_SHIFT

    def _common_pairs(self) -> frozenset[int]:
        """The keys of the pairs that more than COMMON_PAIR_SHARE of the documents hold, as
        the table's statistics (ANALYZE's most common elements of `ptsv`) say.

        Within the months of the floor's walk the words' index and the month already narrow
        the candidates to a few thousand, whose positions `tsv` confirms; the bitmap of
        such a pair is every document holding it, in every month, and building it costs
        more than confirming the candidates it would remove. A pair held by a few percent of
        the documents still removes most of them (figures: docs/benchmarks.md). Read again
        every PAIR_STATISTICS_SECONDS; none before the first ANALYZE.
        """
        alias = self.connection.alias
        now = time.monotonic()
        cached = _common_pair_keys.get(alias)
        if cached is not None and now - cached[0] < PAIR_STATISTICS_SECONDS:
            return cached[1]
        with self.connection.cursor() as cursor:
            cursor.execute(
                "SELECT most_common_elems::text::int8[], most_common_elem_freqs FROM pg_stats"
                " WHERE schemaname = current_schema() AND tablename = %s AND attname = 'ptsv'",
                [DOC],
            )
            row = cursor.fetchone()
        keys, shares = row if row is not None and row[0] is not None else ([], [])
        # (the shares end with three more figures: the least and most common, and NULLs)
        shared = zip(keys, shares, strict=False)
        common = frozenset(key for key, share in shared if share > COMMON_PAIR_SHARE)
        _common_pair_keys[alias] = (now, common)
        return common

    def _months_since(self, floor: int) -> list[str] | None:
        """The month tokens from the floor's month to the newest document's, or None
        (postgres_walk.months_since)."""
        days = self._newest_and_oldest()
        return None if days is None else months_since(floor, days[0])

    def floor(self, plan: Plan, candidates: int) -> int | None:
        """The floor found by walking back month by month (postgres_walk.floor), reading
        the newest matches of each chunk of months with `_newest`."""
        days = self._newest_and_oldest()
        return walk_floor(plan, candidates, days, functools.partial(self._newest, plan))

    def _newest(self, plan: Plan, months: list[str], n: int) -> list[tuple]:
        """(key, score) of the `n` newest matches in `months` (all months: []), newest first.
        Only those `n` are scored: the others a bitmap scan found are sorted out first."""
        where, params = self._where(plan, months=months)
        score, score_params = self._score(plan)
        with self.connection.cursor() as cursor:
            cursor.execute(
                f"SELECT d.sort_key, {score} FROM ("
                f"SELECT d.sort_key, d.tsv, d.title, d.published_day FROM {DOC} d WHERE {where}"
                " ORDER BY d.sort_key DESC LIMIT %s) d",
                [*score_params, *params, n],
            )
            return cursor.fetchall()

    def keys(self, plan: Plan) -> list[int]:
        where, params = self._where(plan)
        with self.connection.cursor() as cursor:
            cursor.execute(f"SELECT d.sort_key FROM {DOC} d WHERE {where}", params)
            return [row[0] for row in cursor.fetchall()]

    def raw_query_sql(self, terms: list[str], limit: int = 10) -> tuple[str, list]:
        query = _and([lexeme(t) for t in terms])
        return (
            f"SELECT sort_key, ts_rank_cd('{PG_WEIGHTS}'::float4[], tsv, %s::tsquery, 1) AS score"
            f" FROM {DOC} WHERE tsv @@ %s::tsquery ORDER BY score DESC LIMIT %s",
            [query, query, limit],
        )


def _row(values) -> Row:
    data = dict(zip((*COLUMNS, "score"), values, strict=True))
    data["score"] = float(data["score"] or 0.0)
    return Row(**data)
