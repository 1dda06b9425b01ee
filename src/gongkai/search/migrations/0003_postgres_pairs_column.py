"""PostgreSQL: the word pairs move from `tsv` to a column and GIN index of their own
(`ptsv`), and `tsv` is kept in the row (`STORAGE MAIN`) rather than in TOAST.

Ranking and confirming a phrase read `tsv` for every candidate: out of TOAST it is one
fetch and decompression fewer, and without the pairs it is smaller. Existing rows are
rewritten here (pairs are the lexemes holding `_` that do not start with it), so no reindex
is needed.
"""

from django.db import migrations

PAIRS = (
    "ARRAY(SELECT t FROM unnest(tsvector_to_array(tsv)) t"
    " WHERE t LIKE '%%\\_%%' AND t NOT LIKE '\\_%%')"
)


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(
            "SELECT 'lz4' = ANY(enumvals) FROM pg_settings"
            " WHERE name = 'default_toast_compression'"
        )
        row = cursor.fetchone()
    lz4 = ", ALTER COLUMN ptsv SET COMPRESSION lz4" if row and row[0] else ""
    schema_editor.execute(
        "ALTER TABLE search_searchdocument ADD COLUMN IF NOT EXISTS ptsv tsvector,"
        f" ALTER COLUMN tsv SET STORAGE MAIN{lz4}"
    )
    schema_editor.execute(
        f"UPDATE search_searchdocument SET ptsv = array_to_tsvector({PAIRS}),"
        f" tsv = ts_delete(tsv, {PAIRS}) WHERE tsv IS NOT NULL"
    )
    schema_editor.execute(
        "CREATE INDEX IF NOT EXISTS search_document_ptsv ON search_searchdocument"
        " USING gin (ptsv)"
    )


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("DROP INDEX IF EXISTS search_document_ptsv")
    schema_editor.execute(
        "UPDATE search_searchdocument SET tsv = tsv || ptsv WHERE ptsv IS NOT NULL"
    )
    schema_editor.execute(
        "ALTER TABLE search_searchdocument DROP COLUMN IF EXISTS ptsv,"
        " ALTER COLUMN tsv SET STORAGE EXTENDED"
    )


class Migration(migrations.Migration):
    dependencies = [("search", "0002_postgres_lz4")]

    operations = [migrations.RunPython(forwards, backwards)]
