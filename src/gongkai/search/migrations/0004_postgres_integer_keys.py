"""PostgreSQL: the characters (`ctsv`) and the pairs (`ptsv`) become integer arrays, still
GIN-indexed: a character as its code point, a pair as its 63-bit key
(backends.postgres.pair_key).

GIN compares integers by value and lexemes as strings: both indexes build faster as
integers, and COPY reads the two columns faster (figures: docs/benchmarks.md). Existing
rows are converted here, so no reindex is needed; the reverse cuts the pairs again from the
row's title and text.
"""

from django.db import migrations

DOC = "search_searchdocument"
BATCH = 1000


def _has_lz4(connection) -> bool:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT 'lz4' = ANY(enumvals) FROM pg_settings"
            " WHERE name = 'default_toast_compression'"
        )
        row = cursor.fetchone()
    return bool(row and row[0])


def _convert(schema_editor, types: tuple[str, str], chars_sql: str, old_pairs_sql: str, pairs):
    """Replace `ctsv` by `chars_sql` (of the old `ctsv`) and `ptsv` by `pairs(rows)`, which
    maps rows (id, `old_pairs_sql`, title, body, extra) to the new values; `types`: the new
    columns' types."""
    char_type, pair_type = types
    connection = schema_editor.connection
    schema_editor.execute("DROP INDEX IF EXISTS search_document_ctsv")
    schema_editor.execute("DROP INDEX IF EXISTS search_document_ptsv")
    schema_editor.execute(
        f"ALTER TABLE {DOC} ADD COLUMN new_ctsv {char_type}, ADD COLUMN new_ptsv {pair_type}"
    )
    schema_editor.execute(f"UPDATE {DOC} SET new_ctsv = {chars_sql} WHERE ctsv IS NOT NULL")
    last = 0
    with connection.cursor() as cursor:
        while True:
            cursor.execute(
                f"SELECT id, {old_pairs_sql}, title, body, extra FROM {DOC}"
                " WHERE id > %s AND ptsv IS NOT NULL ORDER BY id LIMIT %s",
                [last, BATCH],
            )
            rows = cursor.fetchall()
            if not rows:
                break
            cursor.executemany(
                f"UPDATE {DOC} SET new_ptsv = %s::{pair_type} WHERE id = %s",
                [(value, row[0]) for row, value in zip(rows, pairs(rows), strict=True)],
            )
            last = rows[-1][0]
    schema_editor.execute(f"ALTER TABLE {DOC} DROP COLUMN ctsv, DROP COLUMN ptsv")
    schema_editor.execute(f"ALTER TABLE {DOC} RENAME COLUMN new_ctsv TO ctsv")
    schema_editor.execute(f"ALTER TABLE {DOC} RENAME COLUMN new_ptsv TO ptsv")
    if _has_lz4(connection):
        schema_editor.execute(
            f"ALTER TABLE {DOC} ALTER COLUMN ctsv SET COMPRESSION lz4,"
            " ALTER COLUMN ptsv SET COMPRESSION lz4"
        )
    schema_editor.execute(
        f"CREATE INDEX IF NOT EXISTS search_document_ctsv ON {DOC} USING gin (ctsv)"
    )
    schema_editor.execute(
        f"CREATE INDEX IF NOT EXISTS search_document_ptsv ON {DOC} USING gin (ptsv)"
    )


def _keys(rows) -> list[list[int]]:
    from gongkai.search.backends.postgres import pair_key

    # The old pairs were the two words joined by `_` (words are letters and digits).
    return [[pair_key(*pair.split("_", 1)) for pair in row[1] or []] for row in rows]


def _pair_tokens(rows) -> list[str]:
    """The pairs as the indexer cut them (indexer.prepare), as tsvector literals."""
    from gongkai.search import indexer
    from gongkai.search.backends.postgres import lexeme

    values = []
    for _id, _old, title, body, extra in rows:
        doc = {"kind": "", "object_id": 0, "title": title, "body": body, "extra": extra}
        pairs = indexer.prepare(doc, today=0).pairs()
        values.append(" ".join(map(lexeme, sorted(set(pairs)))))
    return values


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    _convert(
        schema_editor,
        ("integer[]", "bigint[]"),
        "ARRAY(SELECT ascii(c) FROM unnest(tsvector_to_array(ctsv)) c)",
        "tsvector_to_array(ptsv)",
        _keys,
    )


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    _convert(
        schema_editor,
        ("tsvector", "tsvector"),
        "array_to_tsvector(ARRAY(SELECT chr(c) FROM unnest(ctsv) c))",
        "NULL::text[]",
        _pair_tokens,
    )


class Migration(migrations.Migration):
    dependencies = [("search", "0003_postgres_pairs_column")]

    operations = [migrations.RunPython(forwards, backwards)]
