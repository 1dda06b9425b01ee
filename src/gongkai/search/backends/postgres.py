"""PostgreSQL: three columns of search_searchdocument, each GIN-indexed: a tsvector and two
integer arrays.

`tsv` holds the words with their positions (title weight A at 1..n, body weight B after a
gap), each word's sub-words at the word's own position with weight C (they never take a
position of their own, so phrases count words exactly as FTS5 does), and without position
(weight D) the filter tokens and the month (`_m202405`, for the window of newest
candidates). It is written by us, token by token, not by a text search configuration
('simple' would leave the tokens unchanged too, but not take the positions and weights we
choose), in COPY's binary format (below). `ptsv` holds the keys of the pairs of adjacent
words of which one is common (电子文件 在: `pair_key`, 63 bits from the two words' hashes),
`ctsv` the code points of the distinct CJK characters. GIN compares integers by value where
it compares lexemes as strings: at 10^6 documents the pairs' index (tens of millions of
distinct pairs) built in 95 s as integers against 204 s as lexemes, the characters' in 26
against 41 s, and COPY read the two columns in 40% of the time (migration 0004).

`tsv` is stored in the row (`STORAGE MAIN`, compressed), not in TOAST: ranking and
confirming a phrase read it for every candidate. The pairs have their own column so that
they do not enlarge it (a quarter of its tokens), and their own GIN index, built beside the
others after a bulk load (PostgreSQL 15 builds each GIN index in one process). The planner
joins the two indexes' bitmaps for a phrase: a pair held by a fifth of the documents
(`信息化_建设`) then costs a bitmap of 200,000 rows in each month walked. One GIN index over
(`tsv`, `ptsv`) would intersect inside GIN instead, but it builds as slowly as pairs inside
`tsv`; with the pairs hashed into 2^18 buckets it was measured slower on both counts
(docs/benchmarks.md, 11-30 09:07).

A phrase is found through its indexed pairs (`ptsv`) and confirmed by
`'a':AB <-> 'b':AB` on `tsv` (adjacent, in the title or the body), as FTS5 does. Indexing
every pair (GIN keeps no positions, so confirming reads the row's tsvector) was measured at
10^6 documents: with the pairs as tokens the GIN build took over 25 minutes; as 2^20 hashed
buckets it took 17.5 minutes, and every tsvector grew by a quarter, which slowed the queries
reading them more than the phrases gained (docs/benchmarks.md, 11-30 06:30). Limits of
tsvector that FTS5 does not have: positions above 16,383 count as 16,383 and a word keeps at
most 256 positions, so a phrase of three words or more deep inside a very long document may
be missed; documents are cut at indexer.MAX_BODY_CHARS on both engines.
"""

from __future__ import annotations

import calendar
import math
import struct
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime, timedelta
from functools import lru_cache
from itertools import chain, repeat

from django.db import DatabaseError, connections
from django.db.transaction import TransactionManagementError

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
    compiled_fields,
    pair_key,
    scope_sql,
    word_hashes,
    word_pairs,
)

DOC = "search_searchdocument"
EPOCH = date(1970, 1, 1)
SORT_KEY_SHIFT = 32
MAX_WINDOW_MONTHS = 36  # a wider window of newest candidates is given by sort_key alone
STEADY_MATCHES = 100  # found in the months walked: their density says how far to go
SORT_KEY_COLUMN = COLUMNS.index("sort_key")
MAX_POSITION = 16383
MAX_POSITIONS_PER_WORD = 256
# The GIN indexes of migrations 0001, 0003 and 0004. A bulk load into an empty table drops
# them and builds them once at the end (one sort, instead of a million insertions through the
# pending list), with this much memory for the build (the session's only; the server default
# is 64 MB; 64 MB to 4 GB built the pairs' index in the same time at 10^6 documents), each on
# a connection of its own: the words, the characters and the pairs took 91, 26 and 95 s at
# 10^6 documents, each alone; on two connections (the words and the characters on one) the
# phase took the longer of 117 and 95 s; on three both cores work until the last one ends.
GIN_INDEXES = {
    "search_document_tsv": "tsv",
    "search_document_ctsv": "ctsv",
    "search_document_ptsv": "ptsv",
}
BULK_MAINTENANCE_WORK_MEM = "1GB"
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


# -- rows in COPY's binary format ------------------------------------------------------------
#
# The helper processes of a bulk load write each document's fields as the server stores them,
# so that the server only copies them: parsing the tsvector literals was its largest share of
# a bulk load (150 of 250 us per document, 10,000 documents into the table without its GIN
# indexes; the two arrays' literals another 95). Each field is its length (int32; -1 for
# NULL) and its bytes: text as UTF-8, integers big-endian, timestamps as microseconds since
# 2000-01-01 UTC, an array as (dimensions, has nulls, element type, length, lower bound) then
# each element with its length, a tsvector as its number of lexemes then each lexeme
# NUL-terminated, its number of positions (uint16) and its positions (uint16, strictly
# ascending, the weight in the top two bits: A 3, B 2, C 1).
COPY_SQL = (
    f"COPY {DOC} (id, sort_key, indexed_at, kind, object_id, title, body, extra, url, column_id,"
    " department_id, published_at, published_day, year, validity, is_public, tsv, ctsv, ptsv)"
    " FROM STDIN (FORMAT binary)"
)
COPY_HEADER = b"PGCOPY\n\xff\r\n\x00" + bytes(8)  # signature, flags, header extension length
COPY_TRAILER = b"\xff\xff"
ROW_START = struct.Struct(">hiqiq")  # 19 fields; id and sort_key (indexed_at follows)
_INT8, _INT4, _INT2 = struct.Struct(">iq"), struct.Struct(">ii"), struct.Struct(">ih")
_NULL = b"\xff\xff\xff\xff"
_BOOL = {True: b"\x00\x00\x00\x01\x01", False: b"\x00\x00\x00\x01\x00"}
_ARRAY = struct.Struct(">iiiIii")  # field length; 1 dimension, no nulls, type, length, 1
_EMPTY_ARRAY = struct.Struct(">iiiI")  # field length 12; 0 dimensions, no nulls, type
_INT4_OID, _INT8_OID = 23, 20
PG_EPOCH = datetime(2000, 1, 1, tzinfo=UTC)
_MICROSECOND = timedelta(microseconds=1)
# Written for every word of every document (the helper process's hottest loop at 10^6
# documents): each position with each weight as its two bytes, made once.
_LABELS = {
    weight: [(bits << 14 | i).to_bytes(2, "big") for i in range(MAX_POSITION + 1)]
    for weight, bits in (("A", 3), ("B", 2), ("C", 1))
}
_COUNTS = [n.to_bytes(2, "big") for n in range(MAX_POSITIONS_PER_WORD + 1)]
# Remembered in the helper processes of a bulk load, for every word and sub-word of every
# document: each token's bytes in a tsvector.
_LEXEME_CACHE_SIZE = 500_000
_LEXEMES: dict[str, bytes] = {}


def _text(value: str) -> bytes:
    data = value.encode()
    return len(data).to_bytes(4, "big") + data


def _int(packer: struct.Struct, size: int, value: int | None) -> bytes:
    return _NULL if value is None else packer.pack(size, value)


def timestamp_field(value: datetime | None) -> bytes:
    return _NULL if value is None else _INT8.pack(8, (value - PG_EPOCH) // _MICROSECOND)


def _lexeme(token: str) -> bytes:
    """A token as a tsvector lexeme: UTF-8, then NUL (remembered: a corpus repeats them)."""
    if len(_LEXEMES) > _LEXEME_CACHE_SIZE:
        _LEXEMES.clear()
    data = _LEXEMES[token] = token.encode() + b"\x00"
    return data


def _positions(words: list[str], first: int, weight: str, subs, out: dict) -> None:
    """Add `words` at positions first, first+1, ... with `weight`, and each word's sub-words
    at the word's own position with weight C. Positions above MAX_POSITION count as it, and
    a token has each position once (with its highest weight), as PostgreSQL's own parsing of
    a literal keeps it."""
    labels, sub_labels = _LABELS[weight], _LABELS["C"]
    within = max(0, min(len(words), MAX_POSITION + 1 - first))
    for i, word in enumerate(words[:within], first):
        found = out.get(word)
        if found is None:
            out[word] = [labels[i]]
        else:
            found.append(labels[i])
        if word in subs:
            label = sub_labels[i]
            for sub in subs[word]:
                found = out.get(sub)
                if found is None:
                    out[sub] = [label]
                elif found[-1] is not label:  # a sub-word twice in one word: once
                    found.append(label)
    for word in words[within:]:  # beyond MAX_POSITION (a document of 16,000 words or more)
        _at_last_position(out, word, labels[MAX_POSITION])
        for sub in subs.get(word, ()):
            _at_last_position(out, sub, sub_labels[MAX_POSITION])


def _at_last_position(out: dict, token: str, label: bytes) -> None:
    found = out.setdefault(token, [])
    if found and int.from_bytes(found[-1], "big") & 0x3FFF == MAX_POSITION:
        found[-1] = max(found[-1], label)  # the weight is in the high bits
    else:
        found.append(label)


def tsvector_field(doc: Prepared) -> bytes:
    """`tsv`: the words and sub-words with their positions, and without position the filters
    and the month (the window of newest candidates, for the floor), which only match. The
    lexemes in the order found: the server sorts them (in C; sorting them here cost more)."""
    positions: dict[str, list[bytes]] = {}
    _positions(doc.title_words, 1, "A", doc.subs, positions)
    _positions(doc.body_words, len(doc.title_words) + TITLE_BODY_GAP + 1, "B", doc.subs, positions)
    for token in doc.facets:
        positions[token] = []
    positions[month_token(doc.day)] = []
    tokens, labels = list(positions), list(positions.values())
    if max(map(len, labels)) > MAX_POSITIONS_PER_WORD:
        labels = [found[:MAX_POSITIONS_PER_WORD] for found in labels]
    try:
        lexemes = list(map(_LEXEMES.__getitem__, tokens))
    except KeyError:  # a token seen for the first time
        lexemes = [_LEXEMES.get(token) or _lexeme(token) for token in tokens]
    # Lexeme, number of positions, positions, for each token (no loop in Python).
    counts = map(_COUNTS.__getitem__, map(len, labels))
    entries = zip(lexemes, counts, map(b"".join, labels), strict=True)
    data = len(tokens).to_bytes(4, "big") + b"".join(chain.from_iterable(entries))
    return len(data).to_bytes(4, "big") + data


def chars_field(doc: Prepared) -> bytes:
    """`ctsv`: the characters' code points, an int4[]. Each element is its length (4) and the
    code point, big-endian: what UTF-32-BE makes of chr(4) and the character."""
    if not doc.chars:
        return _EMPTY_ARRAY.pack(12, 0, 0, _INT4_OID)
    elements = ("\x04" + "\x04".join(doc.chars)).encode("utf-32-be")
    return _ARRAY.pack(20 + len(elements), 1, 0, _INT4_OID, len(doc.chars), 1) + elements


def pairs_field(doc: Prepared) -> bytes:
    """`ptsv`: the keys of the pairs, an int8[] (`pair_key`, inlined: this runs for every
    adjacent pair of every document of a bulk load)."""
    first, second = word_hashes(doc.word_set)
    common, keys = doc.common, set()
    for words in (doc.title_words, doc.body_words):
        keys.update(
            first[a] ^ second[b]
            for a, b in zip(words, words[1:], strict=False)
            if a in common or b in common
        )
    if not keys:
        return _EMPTY_ARRAY.pack(12, 0, 0, _INT8_OID)
    elements = b"".join(map(_INT8.pack, repeat(8), keys))
    return _ARRAY.pack(20 + len(elements), 1, 0, _INT8_OID, len(keys), 1) + elements


def index_fields(doc: Prepared) -> bytes:
    """`tsv`, `ctsv` and `ptsv` of `doc`, compiled when the extension is built (and the
    document's terms found on the way kept in `doc.terms_found`), else in Python."""
    fields = compiled_fields()
    if fields is None:
        return python_index_fields(doc)
    tokens = [*dict.fromkeys(doc.facets), month_token(doc.day)]
    tsv, ctsv, ptsv, terms = fields.fields(doc.title_words, doc.body_words, tokens)
    doc.terms_found = terms
    return tsv + ctsv + ptsv


def python_index_fields(doc: Prepared) -> bytes:
    """`index_fields` in Python: the same bytes (the arrays' elements in another order)."""
    return tsvector_field(doc) + chars_field(doc) + pairs_field(doc)


def row_fields(doc: Prepared) -> bytes:
    """The COPY fields of `doc` after id, sort_key and indexed_at (which the writer adds)."""
    return b"".join(
        (
            _text(doc.kind),
            _INT8.pack(8, doc.object_id),
            _text(doc.title),
            _text(doc.body),
            _text(doc.extra),
            _text(doc.url),
            _int(_INT8, 8, doc.column_id),
            _int(_INT8, 8, doc.department_id),
            timestamp_field(doc.published_at),
            _int(_INT4, 4, doc.published_day),
            _int(_INT2, 2, doc.year),
            _text(doc.validity),
            _BOOL[doc.is_public],
            index_fields(doc),
        )
    )


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


@lru_cache(maxsize=100_000)  # on every document of a bulk load; days of 270 years
def month_token(day: int) -> str:
    """The month of a day number (days since 1970-01-01) as a token: _m202405."""
    when = EPOCH + timedelta(days=day)
    return f"_m{when.year}{when.month:02d}"


def next_step(step: int, found: int, walked: float, candidates: int) -> int:
    """How many months the floor's walk takes next, having found `found` of `candidates` in
    the `walked` newest (the newest month counted as the share of it that has passed): as
    many as the matches so far say are needed (a quarter more), and at least as many as last
    time. Until STEADY_MATCHES are found, at most twice as many: a few matches say little of
    how dense the rest is. A bitmap scan visits every candidate of the months it reads
    before sorting them, so reading further than needed costs: `"档案信息化建设"` found 578
    in its first month and needed 422 more, which one more month gives, where doubling read
    two (8,862 rows visited for 1,000). So does each statement (the index's posting lists
    entered again): a phrase found about 110 times a month at 10^6 documents walked 1, 2, 4
    and 4 months where the 131 of its first month said 9 more."""
    if found == 0:
        return step * 2
    wanted = math.ceil((candidates - found) * walked / found * 1.25)
    if found < STEADY_MATCHES:
        wanted = min(step * 2, wanted)
    return max(step, wanted)


def passed_share(month: str, newest_day: int) -> float:
    """The share of `month` (a month token) that has passed by the newest document's day:
    1.0 for any month before that day's."""
    newest = EPOCH + timedelta(days=newest_day)
    if month != f"_m{newest.year}{newest.month:02d}":
        return 1.0
    return newest.day / calendar.monthrange(newest.year, newest.month)[1]


def out_of_reach(found: int, walked: float, candidates: int) -> bool:
    """Whether the walk should stop and read the newest `candidates` matches at once: after
    three months at least (the newest one may have begun yesterday), when the density found
    says the rest needs more than twice the months the walk may take. Matches spread that
    thin (`原始` in one department: 926 in 11 years) walked five times before, 35 of 63 ms."""
    if walked < 3 or not found:
        return False
    return walked + math.ceil((candidates - found) * walked / found) > 2 * MAX_WINDOW_MONTHS


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
    # The server's own process parses and stores the rows; this one only sends them on. With
    # one helper the two cores were not quite full: loading 10^6 documents ran at 1,655/s
    # with one (11-30 11:00) and 1,738/s with two (11:40) on the same slow machine, 2,560/s
    # with two on a fast one (12:42; 2,277/s with one at 09:34).
    bulk_helpers = 2

    # -- writing -------------------------------------------------------------------------

    @contextmanager
    def bulk_writing(self, meanwhile: Callable[[], object] | None = None) -> Iterator[None]:
        """Into an empty table: without the GIN indexes, built again at the end (also after a
        failure; `meanwhile` runs on this connection while they build, after a load that did
        not fail). Searches meanwhile read the table without them: slower, never wrong.

        Then the table's statistics are gathered again (ANALYZE), as after any restore: the
        planner joins the indexes of the words, pairs and characters only when it knows how
        many rows each matches. Without them it guessed a phrase matched one row and
        confirmed 28,000 candidates instead of 2,800 (124 against 36 ms at 10^5 documents),
        before autovacuum got to the table."""
        with self.connection.cursor() as cursor:
            cursor.execute(f"SELECT EXISTS (SELECT 1 FROM {DOC})")
            empty = not cursor.fetchone()[0]
            if empty:
                for name in GIN_INDEXES:
                    cursor.execute(f"DROP INDEX IF EXISTS {name}")
        loaded = False
        try:
            yield
            loaded = True
        finally:
            after = meanwhile if loaded else None
            if empty:
                self._build_gin_indexes(after)
            elif after is not None:
                after()
        with self.connection.cursor() as cursor:
            cursor.execute(f"ANALYZE {DOC}")

    def _build_gin_indexes(self, meanwhile: Callable[[], object] | None) -> None:
        """Build the dropped GIN indexes, then or meanwhile run `meanwhile`. PostgreSQL 15
        builds a GIN index in one process: outside a transaction each index is built on a
        connection of its own, so that both cores work however long each takes (inside a
        transaction, another connection could not see the rows), and `meanwhile` runs on
        this one."""
        if self.connection.in_atomic_block:
            _build_gin(self.connection, list(GIN_INDEXES))
            if meanwhile is not None:
                meanwhile()
            return
        failed: list[BaseException] = []

        def build(name: str) -> None:
            other = connections.create_connection(self.connection.alias)
            try:
                _build_gin(other, [name])
            except BaseException as exc:  # raised in the caller's thread below
                failed.append(exc)
            finally:
                other.close()

        threads = [threading.Thread(target=build, args=(n,), name=n) for n in GIN_INDEXES]
        for thread in threads:
            thread.start()
        try:
            if meanwhile is not None:
                meanwhile()
        finally:
            for thread in threads:
                thread.join()
        if failed:
            raise failed[0]

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
        start, indexed_at = ROW_START.pack, timestamp_field(now)
        data = [COPY_HEADER]
        for row, pk, key in zip(rows, ids, sort_keys, strict=True):
            data += (start(19, 8, pk, 8, key), indexed_at, row.index[0])
        data.append(COPY_TRAILER)
        with (
            self.connection.cursor() as cursor,
            self.connection.wrap_database_errors,
            cursor.cursor.copy(COPY_SQL) as copy,
        ):
            copy.write(b"".join(data))

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
        table fetches its tsvector from TOAST and decompresses it (10-20 us), a cost the
        planner does not count: with a LIMIT it may scan the table for a common word, reading
        tens of thousands of tsvectors (0.7 s to count 10,001 matches of a phrase at 10^6
        documents) where the GIN index's bitmap reads only the rows that match (30 ms)."""
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
        such a pair is every document holding it, in every month. At 10^6 documents
        `信息化_建设` (a fifth of them) took 63 of the 97 ms of a month of
        `"档案信息化建设"`, and cut the rows confirmed from 2,842 to 1,272 (13 ms saved).
        A pair held by 3% of the documents (`文件_在`, 9.5 ms) still saved confirming 7,700
        of 8,600 rows. Read again every PAIR_STATISTICS_SECONDS; none before the first ANALYZE.
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
        """The month tokens from the floor's month to the newest document's, when few enough
        to help the GIN index (else None: the sort_key range alone)."""
        days = self._newest_and_oldest()
        if days is None:
            return None
        months = _month_range(floor >> SORT_KEY_SHIFT, days[0])
        return months if len(months) <= MAX_WINDOW_MONTHS else None

    def floor(self, plan: Plan, candidates: int) -> int | None:
        """Walk back month by month (one month, then as many as `next_step` says; within the
        year asked for, if any; not on when `out_of_reach`), reading the sort keys of the
        matches through the GIN index, newest first, until `candidates` are found; the floor
        is the `candidates`-th newest match's key, as on SQLite. Heap rows are read only
        for the months walked, never for every match of a common word, and the window is
        then a handful of month tokens. The keys found are kept as the plan's window, with
        their scores: only the `candidates` newest are scored, and the page reads again only
        the rows it shows."""
        plan.window = plan.scores = None
        days = self._newest_and_oldest()
        if days is None:
            return None
        months = _month_range(days[1], days[0])[::-1]  # newest first
        years = {f[2:] for f in plan.facets if f.startswith("_y")}
        if years:  # a year asked for: its months only (not years of newer months first)
            months = [m for m in months if m[2:6] in years]
        found, start, step, window = 0, 0, 1, []
        # The newest month counts as the share of it that has passed: on the second of the
        # month, two days' matches say how dense a whole month is.
        young = 1.0 - passed_share(months[0], days[0]) if months else 0.0
        while start < len(months) and start + step <= MAX_WINDOW_MONTHS:
            chunk = months[start : start + step]
            newest = self._newest(plan, chunk, candidates - found)
            window += newest
            found += len(newest)
            start += step
            if found >= candidates:
                plan.window, plan.scores = _keys_and_scores(window)
                return plan.window[-1]
            if out_of_reach(found, start - young, candidates):
                break
            step = next_step(step, found, start - young, candidates)
        if start >= len(months):
            return None  # fewer matches than candidates: rank them all
        window = self._newest(plan, [], candidates)  # matches spread thin over many years
        if len(window) < candidates:
            return None
        plan.window, plan.scores = _keys_and_scores(window)
        return plan.window[-1]

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


def _build_gin(connection, names: list[str]) -> None:
    """CREATE INDEX for each of `names` (of GIN_INDEXES) on `connection`, with the memory of
    a bulk build for this session only."""
    with connection.cursor() as cursor:
        cursor.execute("SHOW maintenance_work_mem")
        before = cursor.fetchone()[0]
        cursor.execute(
            "SELECT set_config('maintenance_work_mem', %s, false)", [BULK_MAINTENANCE_WORK_MEM]
        )
        try:
            for name in names:
                cursor.execute(
                    f"CREATE INDEX IF NOT EXISTS {name} ON {DOC} USING gin ({GIN_INDEXES[name]})"
                )
        finally:
            cursor.execute("SELECT set_config('maintenance_work_mem', %s, false)", [before])


def _keys_and_scores(window: list[tuple]) -> tuple[list[int], list]:
    return [key for key, _score in window], [score for _key, score in window]


def _row(values) -> Row:
    data = dict(zip((*COLUMNS, "score"), values, strict=True))
    data["score"] = float(data["score"] or 0.0)
    return Row(**data)
