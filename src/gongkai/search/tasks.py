"""The worker's search jobs: follow each change of indexed content (core.hooks listeners)."""

from __future__ import annotations

from huey.contrib.djhuey import db_task


def object_changed(kind: str, pk: int) -> None:
    """core.hooks listener: (re)index the object in the worker, within a minute."""
    from gongkai.core import hooks

    if hooks.document_source(kind) is not None:
        index_object(kind, pk)


@db_task(retries=2, retry_delay=10)
def index_object(kind: str, pk: int) -> bool:
    """Index the object as it is now (or remove it): the job is idempotent, order does not matter."""
    from gongkai.search import indexer

    return indexer.index_object(kind, pk)


@db_task(retries=2, retry_delay=10)
def reindex_containing(old_tokens: list[str]) -> int:
    """After a dictionary word was added: cut again the documents that hold its text."""
    from gongkai.search import indexer, segment

    segment.reload()
    return indexer.retokenize_containing(old_tokens)
