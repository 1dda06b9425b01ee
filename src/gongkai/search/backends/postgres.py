"""PostgreSQL: two tsvector columns of search_searchdocument, each GIN-indexed.

`tsv` holds the words with their positions (title weight A at 1..n, body weight B after a
gap), each word's sub-words at the word's own position with weight C (they never take a
position of their own, so phrases count words exactly as FTS5 does), and without position
(weight D) the filter tokens, the month (`_m202405`, for the window of newest candidates)
and the pairs of adjacent words of which one is common (`电子文件_在`). `ctsv` holds the
distinct CJK characters. Both are written as tsvector literals of our own tokens: the
'simple' configuration would leave them unchanged too, but a literal also carries the
positions and weights we choose.

A phrase is found through its indexed pairs and confirmed by `'a':AB <-> 'b':AB` (adjacent,
in the title or the body), as FTS5 does. Limits of
tsvector that FTS5 does not have: positions above 16,383 count as 16,383 and a word keeps at
most 256 positions, so a phrase of three words or more deep inside a very long document may
be missed; documents are cut at indexer.MAX_BODY_CHARS on both engines.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, timedelta

from gongkai.search.backends.base import (
    COLUMNS,
    PG_WEIGHTS,
    TITLE_BODY_GAP,
    Backend,
    Encoded,
    Plan,
    Prepared,
    Row,
    Term,
    boost_sql,
    pair_tokens,
)

DOC = "search_searchdocument"
EPOCH = date(1970, 1, 1)
SORT_KEY_SHIFT = 32
MAX_WINDOW_MONTHS = 36  # a wider window of newest candidates is given by sort_key alone
MAX_POSITION = 16383
MAX_POSITIONS_PER_WORD = 256
# The GIN indexes of migration 0001. A bulk load into an empty table drops them and builds
# them once at the end (one sort, instead of a million insertions through the pending list),
# with this much memory for the build (the session's only; the server default is 64 MB).
GIN_INDEXES = {"search_document_tsv": "tsv", "search_document_ctsv": "ctsv"}
BULK_MAINTENANCE_WORK_MEM = "1GB"


def lexeme(token: str) -> str:
    return "'" + token.replace("\\", "\\\\").replace("'", "''") + "'"


def tsvector_literal(doc: Prepared) -> str:
    positions: dict[str, list[str]] = {}

    def add(token: str, position: int, weight: str) -> None:
        found = positions.setdefault(token, [])
        if len(found) < MAX_POSITIONS_PER_WORD:
            found.append(f"{min(position, MAX_POSITION)}{weight}")

    subs = doc.subs
    for i, word in enumerate(doc.title_words, 1):
        add(word, i, "A")
        for sub in subs.get(word, ()):
            add(sub, i, "C")  # at its word's own position
    start = len(doc.title_words) + TITLE_BODY_GAP
    for i, word in enumerate(doc.body_words, start + 1):
        add(word, i, "B")
        for sub in subs.get(word, ()):
            add(sub, i, "C")
    parts = [f"{lexeme(t)}:{','.join(p)}" for t, p in positions.items()]
    parts += [lexeme(f) for f in doc.facets]
    parts.append(lexeme(month_token(doc.day)))  # the window of newest candidates (floor)
    parts += [lexeme(p) for p in set(doc.pairs())]  # without positions: they only match
    return " ".join(parts)


def chars_literal(doc: Prepared) -> str:
    return " ".join(lexeme(c) for c in doc.chars)


def term_query(term: Term, *, rank: bool = False) -> str:
    """The tsquery of one term. A phrase is found through its indexed pairs (the GIN index)
    and confirmed by `'a':AB <-> 'b':AB` (adjacent in the title or body); a two-word phrase
    that is one indexed pair needs no confirming. `rank`: the positional phrase, which
    ts_rank_cd scores (on the page's candidates only)."""
    if term.kind != "phrase":
        return lexeme(term.tokens[0])
    phrase = "(" + " <-> ".join(f"{lexeme(t)}:AB" for t in term.tokens) + ")"
    if rank:
        return phrase
    pairs = [lexeme(p) for p in pair_tokens(term.tokens)]
    parts = pairs if len(term.tokens) == 2 and pairs else [*pairs, phrase]
    return parts[0] if len(parts) == 1 else "(" + " & ".join(parts) + ")"


def _and(parts: list[str]) -> str:
    return " & ".join(parts)


def month_token(day: int) -> str:
    """The month of a day number (days since 1970-01-01) as a token: _m202405."""
    when = EPOCH + timedelta(days=day)
    return f"_m{when.year}{when.month:02d}"


def indexer_day(year: int, month: int) -> int:
    return (date(year, month, 1) - EPOCH).days


def _month_range(first_day: int, last_day: int) -> list[str]:
    """Month tokens from the month of `first_day` to that of `last_day`, oldest first."""
    first, last = EPOCH + timedelta(days=first_day), EPOCH + timedelta(days=last_day)
    out, year, month = [], first.year, first.month
    while (year, month) <= (last.year, last.month):
        out.append(f"_m{year}{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return out


class PostgresBackend(Backend):
    vendor = "postgresql"

    # -- writing -------------------------------------------------------------------------

    @contextmanager
    def bulk_writing(self) -> Iterator[None]:
        """Into an empty table: without the GIN indexes, built again at the end (also after a
        failure). Searches meanwhile read the table without them: slower, never wrong."""
        with self.connection.cursor() as cursor:
            cursor.execute(f"SELECT EXISTS (SELECT 1 FROM {DOC})")
            empty = not cursor.fetchone()[0]
            if empty:
                for name in GIN_INDEXES:
                    cursor.execute(f"DROP INDEX IF EXISTS {name}")
        try:
            yield
        finally:
            if empty:
                self._build_gin_indexes()

    def _build_gin_indexes(self) -> None:
        with self.connection.cursor() as cursor:
            cursor.execute("SHOW maintenance_work_mem")
            before = cursor.fetchone()[0]
            cursor.execute(
                "SELECT set_config('maintenance_work_mem', %s, false)", [BULK_MAINTENANCE_WORK_MEM]
            )
            try:
                for name, column in GIN_INDEXES.items():
                    cursor.execute(
                        f"CREATE INDEX IF NOT EXISTS {name} ON {DOC} USING gin ({column})"
                    )
            finally:
                cursor.execute("SELECT set_config('maintenance_work_mem', %s, false)", [before])

    def old_terms(self, sort_keys: list[int]) -> list[set[str]]:
        if not sort_keys:
            return []
        with self.connection.cursor() as cursor:
            cursor.execute(
                f"SELECT tsvector_to_array(tsv) FROM {DOC} WHERE sort_key = ANY(%s)",
                [list(sort_keys)],
            )
            return [{t for t in (row[0] or []) if not t.startswith("_")} for row in cursor]

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

    def encode_index(self, doc: Prepared) -> tuple:
        return (tsvector_literal(doc), chars_literal(doc))

    def insert(self, rows: list[Encoded], ids: list[int], sort_keys: list[int], now) -> None:
        values = [
            (pk, row.kind, row.object_id, key, *row.values, row.is_public, now, *row.index)
            for row, pk, key in zip(rows, ids, sort_keys, strict=True)
        ]
        with self.connection.cursor() as cursor:
            cursor.executemany(
                f"INSERT INTO {DOC} (id, kind, object_id, sort_key, title, body, extra, url,"
                " column_id, department_id, published_at, published_day, year, validity,"
                " is_public, indexed_at, tsv, ctsv) VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s,"
                " %s, %s, %s, %s, %s, %s, %s, %s::tsvector, %s::tsvector)",
                values,
            )

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

    def _where(self, plan: Plan, months: list[str] | None = None) -> tuple[str, list]:
        """WHERE clause and parameters. `months`: month tokens, one of which must match (the
        window of the newest candidates, given to the GIN index with the words)."""
        clauses, params = [], []
        queries = [term_query(t) for t in plan.words] + [lexeme(f) for f in plan.facets]
        if months is None and plan.floor is not None:
            months = self._months_since(plan.floor)
        if months:
            queries.append("(" + " | ".join(lexeme(m) for m in months) + ")")
        if queries:
            clauses.append("d.tsv @@ %s::tsquery")
            params.append(_and(queries))
        if plan.chars:
            clauses.append("d.ctsv @@ %s::tsquery")
            params.append(_and([lexeme(c) for c in plan.chars]))
        if plan.public:
            clauses.append("d.is_public")
        elif plan.departments is not None:
            if plan.departments:
                clauses.append("(d.is_public OR d.department_id = ANY(%s))")
                params.append(sorted(plan.departments))
            else:
                clauses.append("d.is_public")
        if plan.floor is not None:
            clauses.append("d.sort_key >= %s")
            params.append(plan.floor)
        for needle in plan.substrings:
            clauses.append("strpos(lower(d.title || ' ' || d.body || ' ' || d.extra), %s) > 0")
            params.append(needle)
        return " AND ".join(clauses), params

    def page(self, plan: Plan) -> list[Row]:
        where, params = self._where(plan)
        today = [plan.today, plan.today]
        if plan.mode == "rank":
            rank_query = _and([term_query(t, rank=True) for t in plan.rank])
            score = (
                f"ts_rank_cd('{PG_WEIGHTS}'::float4[], d.tsv, %s::tsquery, 1)"
                f" * {boost_sql('d.published_day', '%s', 'GREATEST')}"
            )
            params = [rank_query, *today, *params]
            order, outer = "score DESC, d.sort_key DESC", "r.score DESC, r.sort_key DESC"
        elif plan.mode == "recent":
            bonus = " + ".join(["(strpos(lower(d.title), %s) > 0)::int"] * len(plan.title_terms))
            score = f"({bonus or '0'}) + {boost_sql('d.published_day', '%s', 'GREATEST')} - 1.0"
            params = [*plan.title_terms, *today, *params]
            order, outer = "score DESC, d.sort_key DESC", "r.score DESC, r.sort_key DESC"
        else:
            score = "0.0"
            order, outer = "d.sort_key DESC", "r.sort_key DESC"
        columns = ", ".join(f"d.{c}" for c in COLUMNS)
        sql = (
            f"SELECT {columns}, r.score FROM ("
            f"SELECT d.id, d.sort_key, {score} AS score FROM {DOC} d WHERE {where}"
            f" ORDER BY {order} LIMIT %s OFFSET %s) r"
            f" JOIN {DOC} d ON d.id = r.id ORDER BY {outer}"
        )
        with self.connection.cursor() as cursor:
            cursor.execute(sql, [*params, plan.limit, plan.offset])
            return [_row(values) for values in cursor.fetchall()]

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

    def _months_since(self, floor: int) -> list[str] | None:
        """The month tokens from the floor's month to the newest document's, when few enough
        to help the GIN index (else None: the sort_key range alone)."""
        days = self._newest_and_oldest()
        if days is None:
            return None
        months = _month_range(floor >> SORT_KEY_SHIFT, days[0])
        return months if len(months) <= MAX_WINDOW_MONTHS else None

    def floor(self, plan: Plan, candidates: int) -> int | None:
        """Walk back month by month (one, then two, four... at a time), counting matches
        through the GIN index, until `candidates` are found; the floor is the start of the
        oldest month needed. Heap rows are read only for the months walked, never for every
        match of a common word, and the window is then a handful of month tokens."""
        days = self._newest_and_oldest()
        if days is None:
            return None
        months = _month_range(days[1], days[0])[::-1]  # newest first
        found, start, step = 0, 0, 1
        while start < len(months) and start + step <= MAX_WINDOW_MONTHS:
            chunk = months[start : start + step]
            where, params = self._where(plan, months=chunk)
            with self.connection.cursor() as cursor:
                cursor.execute(
                    f"SELECT count(*) FROM (SELECT 1 FROM {DOC} d WHERE {where} LIMIT %s) s",
                    [*params, candidates - found],
                )
                found += cursor.fetchone()[0]
            start += step
            if found >= candidates:
                year, month = int(chunk[-1][2:6]), int(chunk[-1][6:])
                return indexer_day(year, month) << SORT_KEY_SHIFT
            step *= 2
        if start >= len(months):
            return None  # fewer matches than candidates: rank them all
        where, params = self._where(plan, months=[])
        with self.connection.cursor() as cursor:  # matches spread thin over many years
            cursor.execute(
                f"SELECT d.sort_key FROM {DOC} d WHERE {where}"
                " ORDER BY d.sort_key DESC LIMIT 1 OFFSET %s",
                [*params, candidates - 1],
            )
            row = cursor.fetchone()
            return row[0] if row else None

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
