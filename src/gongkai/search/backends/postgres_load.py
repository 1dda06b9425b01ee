"""PostgreSQL: a bulk load into an empty table, without its GIN indexes, built once at the end.

Building a GIN index once over a full table is one sort, where inserting into it is an
insertion per document through the index's pending list. PostgreSQL 15 builds each GIN
index in one process, so each is built on a connection of its own: the words' and the
pairs' indexes take about as long each, and both cores then work until the last one ends.
The build is given BULK_MAINTENANCE_WORK_MEM, for its session only (the server's default is
64 MB); the pairs' index built in the same time with far less or far more (figures:
docs/benchmarks.md).
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from django.db import connections

from gongkai.search.backends.postgres_rows import DOC

# The GIN indexes of migrations 0001, 0003 and 0004, by name, and the column of each.
GIN_INDEXES = {
    "search_document_tsv": "tsv",
    "search_document_ctsv": "ctsv",
    "search_document_ptsv": "ptsv",
}
BULK_MAINTENANCE_WORK_MEM = "1GB"


@contextmanager
def bulk_writing(connection, meanwhile: Callable[[], object] | None = None) -> Iterator[None]:
    """Into an empty table: without the GIN indexes, built again at the end (also after a
    failure; `meanwhile` runs on `connection` while they build, after a load that did not
    fail). Searches meanwhile read the table without them: slower, never wrong.

    Then the table's statistics are gathered again (ANALYZE), as after any restore: the
    planner joins the indexes of the words, pairs and characters only when it knows how
    many rows each matches. Without them, until autovacuum got to the table, it guessed that
    a phrase matched one row and confirmed many times the candidates it needed."""
    with connection.cursor() as cursor:
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
            build_gin_indexes(connection, after)
        elif after is not None:
            after()
    with connection.cursor() as cursor:
        cursor.execute(f"ANALYZE {DOC}")


def build_gin_indexes(connection, meanwhile: Callable[[], object] | None) -> None:
    """Build the dropped GIN indexes, then or meanwhile run `meanwhile`. Outside a
    transaction each index is built on a connection of its own and `meanwhile` runs on
    `connection`; inside one, another connection could not see the rows, so all are built on
    `connection`, then `meanwhile` runs."""
    if connection.in_atomic_block:
        _build_gin(connection, list(GIN_INDEXES))
        if meanwhile is not None:
            meanwhile()
        return
    failed: list[BaseException] = []

    def build(name: str) -> None:
        other = connections.create_connection(connection.alias)
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
