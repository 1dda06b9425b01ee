"""SQLite: FTS5's `pairs` column holds the buckets of the pairs (`_pd36`,
backends.sqlite.pair_bucket) instead of the pairs themselves (`推进_政务公开`).

FTS5's writer pays for each distinct token of a segment, and the pairs are most of them: as
4,096 buckets the bulk load's writer spends less CPU per document (figures:
docs/benchmarks.md). Existing rows are rewritten here from the words of their title and
body columns, so no reindex is needed; the reverse writes the pairs again.
"""

from django.db import migrations

BATCH = 1000


def _rewrite(connection, pairs) -> None:
    """Set each row's `pairs` column to `pairs(words)` of its title's words, then its body's."""
    last = 0
    with connection.cursor() as cursor:
        while True:
            cursor.execute(
                "SELECT rowid, title, body FROM search_fts WHERE rowid > %s ORDER BY rowid"
                " LIMIT %s",
                [last, BATCH],
            )
            rows = cursor.fetchall()
            if not rows:
                break
            cursor.executemany(
                "UPDATE search_fts SET pairs = %s WHERE rowid = %s",
                [
                    (" ".join(pairs(title.split()) + pairs(body.split())), rowid)
                    for rowid, title, body in rows
                ],
            )
            last = rows[-1][0]


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "sqlite":
        return
    from gongkai.search.backends.sqlite import pair_buckets

    _rewrite(schema_editor.connection, pair_buckets)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor != "sqlite":
        return
    from gongkai.search.backends.base import pair_tokens

    _rewrite(schema_editor.connection, pair_tokens)


class Migration(migrations.Migration):
    dependencies = [("search", "0004_postgres_integer_keys")]

    operations = [migrations.RunPython(forwards, backwards)]
