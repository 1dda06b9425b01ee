"""PostgreSQL: a document as the fields of a row in COPY's binary format.

The helper processes of a bulk load write each document's fields as the server stores them,
so that the server only copies them: parsing tsvector and array literals was most of the
server's work in a bulk load (figures: docs/benchmarks.md). Each field is its length (int32;
-1 for NULL) and its bytes: text as UTF-8, integers big-endian, timestamps as microseconds
since 2000-01-01 UTC, an array as (dimensions, has nulls, element type, length, lower bound)
then each element with its length, a tsvector as its number of lexemes then each lexeme
NUL-terminated, its number of positions (uint16) and its positions (uint16, strictly
ascending, the weight in the top two bits: A 3, B 2, C 1).

The three index fields (`tsv`, `ctsv`, `ptsv`: backends.postgres) are computed by the
compiled module when it is built (_fields.pyx), else here in Python, to the same bytes.
"""

from __future__ import annotations

import struct
from datetime import UTC, datetime, timedelta
from itertools import chain, repeat

from gongkai.search.backends.base import (
    TITLE_BODY_GAP,
    Encoded,
    Prepared,
    compiled_fields,
    word_hashes,
)
from gongkai.search.backends.postgres_walk import month_token

DOC = "search_searchdocument"
# tsvector's limits: positions above this count as it; a lexeme keeps at most that many.
MAX_POSITION = 16383
MAX_POSITIONS_PER_WORD = 256
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
# Written for every word of every document (the helper process's hottest loop): each
# position with each weight as its two bytes, made once.
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


def copy_data(rows: list[Encoded], ids: list[int], sort_keys: list[int], now: datetime) -> bytes:
    """The COPY stream of a batch: each encoded row (`row_fields`) after its id, sort key and
    indexed_at."""
    start, indexed_at = ROW_START.pack, timestamp_field(now)
    data = [COPY_HEADER]
    for row, pk, key in zip(rows, ids, sort_keys, strict=True):
        data += (start(19, 8, pk, 8, key), indexed_at, row.index[0])
    data.append(COPY_TRAILER)
    return b"".join(data)
