"""SQLite FTS5: `search_fts` (title, body, sub, pairs, facets; positions kept) and
`search_chars` (the distinct CJK characters and the filter tokens; no positions), both with
rowid = SearchDocument.sort_key and tokenize = unicode61 over our space-joined tokens
(migration 0001: tokenize = "unicode61 remove_diacritics 0 tokenchars '_'").

Filters are tokens in the index (`_c12` column 12, `_d3` department 3, `_y2024`, `_v...`
validity, `_k...` kind, `_np` not public): FTS5 intersects them with the words inside the one
MATCH, no join needed to filter or count. Adjacent words of which one is common
(segment.is_common) are also indexed, as the bucket of their pair (`_pd36`: `pair_bucket`,
one of PAIR_BUCKETS), so that a phrase holding a common word is found through its pairs'
buckets, not by reading that word's positions in every document holding it; positions then
confirm it. Neither collides with a word: `_` is a token character here, and words never
hold it.

Buckets, not the pairs themselves (`电子文件_在`): FTS5's writer pays for each distinct token
of a segment, and the pairs are most of the distinct tokens (about 110 per document, tens of
millions in a large index). As buckets they cost FTS5's writer, and the bulk load, less CPU
per document; more buckets cost more, fewer select less (figures: bench/fts5_pairs.py and
docs/benchmarks.md). A bucket is held by about one document in 40 (110 pairs of 4,096
buckets), so a phrase's buckets narrow its candidates that much before positions confirm
it, and a phrase of three words or more by each of its buckets.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime

from gongkai.search.backends.base import (
    COLUMNS,
    FTS5_WEIGHTS,
    NON_PUBLIC,
    Backend,
    Encoded,
    Plan,
    Prepared,
    Row,
    Term,
    boost_sql,
    compiled_fields,
    pair_key,
    scope_sql,
    word_pairs,
)

BM25 = "bm25(search_fts, {})".format(", ".join(str(w) for w in FTS5_WEIGHTS))
DOC = "search_searchdocument"
DAY = "(search_fts.rowid >> 32)"  # the publication day in sort_key: recency needs no join
FTS_TABLES = ("search_fts", "search_chars")
# FTS5's settings (stored in each table, seen by every connection) for a bulk load, and what
# they are when never set (SQLite 3.40). `hashsize`: FTS5 keeps a transaction's new entries in
# memory up to this many bytes (1 MiB: about 200 of our documents) and writes a segment each
# time that fills, merging segments four at a time as they pile up: a document is rewritten
# once per level. For a bulk load it holds a whole batch: one segment per transaction, fewer
# levels. `automerge` (how many segments of a level are merged into one of the next): 16
# during the load instead of 4 rewrites each document about half as often, which saves the
# writer CPU, and the queries on the index it leaves are as fast (figures:
# docs/benchmarks.md). Writes after the load merge as usual.
FTS5_DEFAULTS = {"hashsize": 1024 * 1024, "automerge": 4}
FTS5_BULK = {"hashsize": 256 * 1024 * 1024, "automerge": 16}
BULK_CACHE_KIB = 256 * 1024  # page cache of the bulk load's connection (default 2 MiB)


# Changing it needs `gongkai search reindex --restart` (or a migration like 0005).
PAIR_BUCKETS = 4096


def pair_bucket(a: str, b: str) -> str:
    """The token of the bucket the pair (a, b) is indexed as: its key (base.pair_key) modulo
    PAIR_BUCKETS, in hexadecimal after `_p` (推进 政务公开 -> `_pd36`)."""
    return f"_p{pair_key(a, b) % PAIR_BUCKETS:x}"


def pair_buckets(words, common=None) -> list[str]:
    """The buckets' tokens of the indexed pairs of a word stream, in order (base.word_pairs)."""
    return [pair_bucket(a, b) for a, b in word_pairs(words, common)]


def quote(token: str) -> str:
    """A token as an FTS5 string (tokens are letters, digits and `_`: nothing to escape)."""
    return '"' + token.replace('"', '""') + '"'


def term_expr(term: Term, *, rank: bool = False) -> str:
    """The FTS5 expression of one term.

    A phrase is found through its indexed pairs' buckets (adjacent words, one common) and
    confirmed by its positions in the title or body (a bucket holds other pairs too).
    `rank`: what scores the phrase: its buckets when it has any (BM25 counts the documents
    holding each phrase it scores: a phrase of common words would be confirmed in every
    document holding them), else the phrase itself.
    """
    if term.kind != "phrase":
        return quote(term.tokens[0])
    buckets = [quote(b) for b in dict.fromkeys(pair_buckets(term.tokens))]
    phrase = "{title body} : " + quote(" ".join(term.tokens))
    parts = (buckets or [phrase]) if rank else [*buckets, phrase]
    return parts[0] if len(parts) == 1 else "(" + " AND ".join(parts) + ")"


def _and(parts: list[str]) -> str:
    return " AND ".join(parts)


def python_texts(doc: Prepared) -> tuple[list[str], list[str], list[str]]:
    """A document's sub-words (each distinct word's, repeats across words kept), pairs'
    buckets' tokens (title then body, in order) and distinct characters, in Python."""
    common = doc.common
    buckets = pair_buckets(doc.title_words, common) + pair_buckets(doc.body_words, common)
    return doc.sub_words(), buckets, doc.chars


class SqliteBackend(Backend):
    vendor = "sqlite"

    # -- writing -------------------------------------------------------------------------

    @contextmanager
    def bulk_writing(self, meanwhile: Callable[[], object] | None = None) -> Iterator[None]:
        with self.connection.cursor() as cursor:
            cursor.execute("PRAGMA cache_size")
            cache_size = int(cursor.fetchone()[0])
            saved = {t: {k: _fts5_setting(cursor, t, k) for k in FTS5_BULK} for t in FTS_TABLES}
            for table in FTS_TABLES:
                for name, value in FTS5_BULK.items():
                    _set_fts5(cursor, table, name, value)
            cursor.execute(f"PRAGMA cache_size = -{BULK_CACHE_KIB}")
        try:
            yield
        finally:
            with self.connection.cursor() as cursor:
                for table, values in saved.items():
                    for name, value in values.items():
                        _set_fts5(cursor, table, name, value)
                cursor.execute(f"PRAGMA cache_size = {cache_size}")
        if meanwhile is not None:
            meanwhile()

    def old_terms(self, sort_keys: list[int]) -> list[set[str]]:
        if not sort_keys:
            return []
        marks = ", ".join(["%s"] * len(sort_keys))
        with self.connection.cursor() as cursor:
            cursor.execute(
                f"SELECT title, body, sub FROM search_fts WHERE rowid IN ({marks})", sort_keys
            )
            return [set(f"{t} {b} {s}".split()) for t, b, s in cursor.fetchall()]

    def delete(self, ids: list[int], sort_keys: list[int]) -> None:
        if not ids:
            return
        with self.connection.cursor() as cursor:
            for table in ("search_fts", "search_chars"):
                cursor.executemany(
                    f"DELETE FROM {table} WHERE rowid = %s", [(k,) for k in sort_keys]
                )
            cursor.executemany(f"DELETE FROM {DOC} WHERE id = %s", [(i,) for i in ids])

    def next_ids(self, n: int) -> list[int]:
        with self.connection.cursor() as cursor:
            cursor.execute(
                "SELECT max(COALESCE((SELECT seq FROM sqlite_sequence WHERE name = %s), 0),"
                f" COALESCE((SELECT max(id) FROM {DOC}), 0))",
                [DOC],
            )
            start = cursor.fetchone()[0] + 1
        return list(range(start, start + n))

    def encode_index(self, doc: Prepared) -> tuple:
        """The FTS5 columns' texts: title, body, sub-words, pairs' buckets, filters; and the
        characters. Their tokens are found by the compiled module when it is built (and the
        document's terms kept in `doc.terms_found`), else in Python (`python_texts`)."""
        fields = compiled_fields()
        if fields is None:
            subs, pairs, chars = python_texts(doc)
        else:
            subs, pairs, chars, doc.terms_found = fields.texts(
                doc.title_words, doc.body_words, PAIR_BUCKETS
            )
        facets = " ".join(doc.facets)
        return (
            " ".join(doc.title_words),
            " ".join(doc.body_words),
            " ".join(subs),
            " ".join(pairs),
            facets,
            " ".join(chars) + " " + facets,
        )

    def insert(self, rows: list[Encoded], ids: list[int], sort_keys: list[int], now) -> None:
        indexed_at = self.connection.ops.adapt_datetimefield_value(now)
        doc_rows, fts_rows, char_rows = [], [], []
        for row, pk, key in zip(rows, ids, sort_keys, strict=True):
            doc_rows.append(
                (pk, row.kind, row.object_id, key, *row.values, row.is_public, indexed_at)
            )
            fts_rows.append((key, *row.index[:5]))
            char_rows.append((key, row.index[5]))
        # FTS5 keeps the pending rows of a transaction in memory only while rowids grow: one
        # smaller than the last forces a flush to disk. Documents come in any date order.
        fts_rows.sort()
        char_rows.sort()
        with self.connection.cursor() as cursor:
            cursor.executemany(
                f"INSERT INTO {DOC} (id, kind, object_id, sort_key, title, body, extra, url,"
                " column_id, department_id, published_at, published_day, year, validity,"
                " is_public, indexed_at)"
                " VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s)",
                doc_rows,
            )
            cursor.executemany(
                "INSERT INTO search_fts (rowid, title, body, sub, pairs, facets)"
                " VALUES (%s, %s, %s, %s, %s, %s)",
                fts_rows,
            )
            cursor.executemany("INSERT INTO search_chars (rowid, chars) VALUES (%s, %s)", char_rows)

    def add_terms(self, changes: dict[str, int]) -> None:
        rows = [
            (term, delta, len(term), term[0], term[-1])
            for term, delta in sorted(changes.items())
            if delta and term
        ]
        if not rows:
            return
        with self.connection.cursor() as cursor:
            cursor.executemany(
                "INSERT INTO search_searchterm (term, df, length, first, last)"
                " VALUES (%s, %s, %s, %s, %s)"
                " ON CONFLICT (term) DO UPDATE SET df = max(0, df + excluded.df)",
                rows,
            )

    def clear_orphans(self) -> None:
        with self.connection.cursor() as cursor:
            cursor.execute(
                "SELECT count(*) FROM sqlite_master WHERE name IN ('search_fts', %s)", [DOC]
            )
            if cursor.fetchone()[0] < 2:
                return
            cursor.execute(f"SELECT EXISTS (SELECT 1 FROM {DOC})")
            if not cursor.fetchone()[0]:
                cursor.execute("DELETE FROM search_fts")
                cursor.execute("DELETE FROM search_chars")

    # -- reading -------------------------------------------------------------------------

    @staticmethod
    def _joined(plan: Plan) -> bool:
        """Whether the WHERE clause reads the documents table (scope, substrings)."""
        return bool(plan.substrings) or bool(scope_sql(plan)[0])

    def _source(self, plan: Plan, *, rank: bool = False) -> tuple[str, str, list]:
        """(table, WHERE clause, params) selecting the matches; the table's rowid is sort_key.

        With words, the table is search_fts; characters then narrow it through search_chars.
        With characters only, search_chars alone. With `rank`, search_fts is matched by the
        ranking terms only (so that BM25 scores just them) and the full query narrows it.
        The `+` before a rowid in front of IN keeps SQLite from handing the list to FTS5 as
        rowids to look up one by one (a full MATCH each).
        """
        not_public = f" NOT {quote(NON_PUBLIC)}" if plan.public else ""
        floor_params = [] if plan.floor is None else [plan.floor]
        floor = "" if plan.floor is None else " AND rowid >= %s"
        params: list = []
        if plan.words:
            table = "search_fts"
            facets = [quote(f) for f in plan.facets]
            full = _and([term_expr(t) for t in plan.words] + facets)
            full = f"({full}){not_public}"
            ranked = _and([term_expr(t, rank=True) for t in plan.rank])
            if rank and ranked != _and([term_expr(t) for t in plan.words] + facets):
                clause = "search_fts MATCH %s AND +search_fts.rowid IN"
                clause += f" (SELECT rowid FROM search_fts WHERE search_fts MATCH %s{floor})"
                params += [ranked, full, *floor_params]
            else:
                clause = "search_fts MATCH %s"
                params.append(full)
            if plan.chars:
                clause += " AND +search_fts.rowid IN"
                clause += f" (SELECT rowid FROM search_chars WHERE search_chars MATCH %s{floor})"
                params += [_and([quote(c) for c in plan.chars]), *floor_params]
        else:
            table = "search_chars"
            expr = _and([quote(c) for c in plan.chars] + [quote(f) for f in plan.facets])
            clause = "search_chars MATCH %s"
            params.append(f"({expr}){not_public}")
        if plan.floor is not None:
            clause += f" AND {table}.rowid >= %s"
            params.append(plan.floor)
        scope, scope_params = scope_sql(plan)
        if scope:
            clause += f" AND {scope}"
            params += scope_params
        for needle in plan.substrings:
            clause += " AND instr(lower(d.title || ' ' || d.body || ' ' || d.extra), %s) > 0"
            params.append(needle)
        return table, clause, params

    def _from(self, plan: Plan, table: str, *, join: bool = False) -> str:
        if join or self._joined(plan):
            return f"{table} CROSS JOIN {DOC} d ON d.sort_key = {table}.rowid"
        return table

    def page(self, plan: Plan) -> list[Row]:
        today = [plan.today, plan.today]
        join = False
        if plan.mode == "rank":
            table, where, params = self._source(plan, rank=True)
            score = f"(-{BM25}) * {boost_sql(DAY, '%s', 'max')}"
            params = [*today, *params]
            order, outer = "score DESC, k DESC", "r.score DESC, r.k DESC"
        elif plan.mode == "recent":
            table, where, params = self._source(plan)
            day = f"({table}.rowid >> 32)"
            bonus = " + ".join(["(instr(lower(d.title), %s) > 0)"] * len(plan.title_terms))
            score = f"({bonus or '0'}) + {boost_sql(day, '%s', 'max')} - 1.0"
            params = [*plan.title_terms, *today, *params]
            order, outer = "score DESC, k DESC", "r.score DESC, r.k DESC"
            join = True
        else:
            table, where, params = self._source(plan)
            score = "0.0"
            order, outer = "k DESC", "r.k DESC"
        columns = ", ".join(f"d.{c}" for c in COLUMNS)
        sql = (
            f"SELECT {columns}, r.score FROM ("
            f"SELECT {table}.rowid AS k, {score} AS score FROM {self._from(plan, table, join=join)}"
            f" WHERE {where} ORDER BY {order} LIMIT %s OFFSET %s) r"
            f" CROSS JOIN {DOC} d ON d.sort_key = r.k ORDER BY {outer}"
        )
        with self.connection.cursor() as cursor:
            cursor.execute(sql, [*params, plan.limit, plan.offset])
            return [_row(values) for values in cursor.fetchall()]

    def count(self, plan: Plan, cap: int) -> int:
        table, where, params = self._source(plan)
        sql = (
            f"SELECT count(*) FROM (SELECT 1 FROM {self._from(plan, table)} WHERE {where} LIMIT %s)"
        )
        with self.connection.cursor() as cursor:
            cursor.execute(sql, [*params, cap])
            return cursor.fetchone()[0]

    def floor(self, plan: Plan, candidates: int) -> int | None:
        table, where, params = self._source(plan)
        sql = (
            f"SELECT {table}.rowid FROM {self._from(plan, table)} WHERE {where}"
            f" ORDER BY {table}.rowid DESC LIMIT 1 OFFSET %s"
        )
        with self.connection.cursor() as cursor:
            cursor.execute(sql, [*params, candidates - 1])
            found = cursor.fetchone()
            return found[0] if found else None

    def keys(self, plan: Plan) -> list[int]:
        table, where, params = self._source(plan)
        with self.connection.cursor() as cursor:
            cursor.execute(
                f"SELECT {table}.rowid FROM {self._from(plan, table)} WHERE {where}", params
            )
            return [row[0] for row in cursor.fetchall()]

    def raw_query_sql(self, terms: list[str], limit: int = 10) -> tuple[str, list]:
        return (
            f"SELECT rowid, -{BM25} AS score FROM search_fts WHERE search_fts MATCH %s"
            f" ORDER BY {BM25} LIMIT %s",
            [_and([quote(t) for t in terms]), limit],
        )


def _fts5_setting(cursor, table: str, name: str) -> int:
    cursor.execute(f"SELECT v FROM {table}_config WHERE k = %s", [name])
    found = cursor.fetchone()
    return int(found[0]) if found else FTS5_DEFAULTS[name]


def _set_fts5(cursor, table: str, name: str, value: int) -> None:
    """Change one of a FTS5 table's settings (stored in the table, seen by every connection)."""
    cursor.execute(f"INSERT INTO {table} ({table}, rank) VALUES (%s, %s)", [name, value])


def _row(values) -> Row:
    data = dict(zip((*COLUMNS, "score"), values, strict=True))
    published = data["published_at"]
    if isinstance(published, str):
        published = datetime.fromisoformat(published)
    if published is not None and published.tzinfo is None:
        published = published.replace(tzinfo=UTC)
    data["published_at"] = published
    data["is_public"] = bool(data["is_public"])
    data["score"] = float(data["score"] or 0.0)
    return Row(**data)
