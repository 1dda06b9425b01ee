"""PostgreSQL: compress the stored text and tsvectors with lz4 instead of pglz.

Every indexed row's tsvector is larger than TOAST's threshold, so each insert compresses it
and each ranked or phrase-checked row decompresses it; lz4 does both several times faster.
Values written before keep their compression until they are written again (a reindex).
Servers built without lz4 keep the default.
"""

from django.db import migrations

COLUMNS = ("tsv", "ctsv", "body")


def use_lz4(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(
            "SELECT 'lz4' = ANY(enumvals) FROM pg_settings"
            " WHERE name = 'default_toast_compression'"
        )
        row = cursor.fetchone()
    if row and row[0]:
        alter = ", ".join(f"ALTER COLUMN {c} SET COMPRESSION lz4" for c in COLUMNS)
        schema_editor.execute(f"ALTER TABLE search_searchdocument {alter}")


def use_default(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    alter = ", ".join(f"ALTER COLUMN {c} SET COMPRESSION DEFAULT" for c in COLUMNS)
    schema_editor.execute(f"ALTER TABLE search_searchdocument {alter}")


class Migration(migrations.Migration):
    dependencies = [("search", "0001_initial")]

    operations = [migrations.RunPython(use_lz4, use_default)]
