"""Hand-offs between modules without imports between them: the receiving app registers."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any, Protocol

_content_listeners: list[Callable[[str, int], None]] = []
_draft_listeners: list[Callable[[str, int], None]] = []


def on_content_changed(listener: Callable[[str, int], None]) -> Callable[[str, int], None]:
    """Register `listener(kind, pk)`, called after commit when public content changes (search, caches)."""
    _content_listeners.append(listener)
    return listener


def content_changed(kind: str, pk: int) -> None:
    for listener in _content_listeners:
        listener(kind, pk)


def on_draft_changed(listener: Callable[[str, int], None]) -> Callable[[str, int], None]:
    """Register `listener(kind, pk)`, called after commit when content only staff see changes.

    A draft saved or edited: the staff search follows it; public caches need not care.
    """
    _draft_listeners.append(listener)
    return listener


def draft_changed(kind: str, pk: int) -> None:
    for listener in _draft_listeners:
        listener(kind, pk)


_calendar_listeners: list[Callable[[Any], None]] = []


def on_calendar_changed(listener: Callable[[Any], None]) -> Callable[[Any], None]:
    """Register `listener(first_day)`, called in the transaction that changes the working
    calendar from `first_day` on: what a module keeps counted in working days it counts again."""
    _calendar_listeners.append(listener)
    return listener


def calendar_changed(first_day) -> None:
    for listener in _calendar_listeners:
        listener(first_day)


# ---------------------------------------------------------------- search documents


class DocumentSource(Protocol):
    """What a module offers the search index for one kind of object (e.g. "<app>.<model>").

    `document(pk)` returns the object as a search document, a dict with the keys
    kind, object_id, title, body (plain text), url, column_id, department_id, published_at,
    validity, is_public, and optionally summary, keywords, document_number, index_number;
    or None when the object is gone and must leave the index. A document with
    `is_public=False` is found only by the staff search, scoped by its department.
    `ids()` gives every object id to index, for a full reindex. A source may also offer
    `documents(pks) -> list[dict | None]` (same order as pks) to read a batch in one query,
    and `label`, the name of the kind shown on the search page.

    For the staff search a source may offer `staff_departments(user) -> set[int] | None`
    (the departments whose non-public documents of this kind the user may find, None for
    every department; without it, none) and `staff_url(pk)` (where staff open a hit). A
    source whose documents are never public sets `public = False`: the public search does not
    offer its kind as a filter.
    """

    def document(self, pk: int) -> dict[str, Any] | None: ...

    def ids(self) -> Iterable[int]: ...


_document_sources: dict[str, DocumentSource] = {}


def register_document_source(kind: str, source: DocumentSource) -> DocumentSource:
    """Register the source of search documents of `kind` (called in the owning app's ready())."""
    _document_sources[kind] = source
    return source


def document_sources() -> dict[str, DocumentSource]:
    """Every registered kind and its source, in registration order."""
    return dict(_document_sources)


def document_source(kind: str) -> DocumentSource | None:
    return _document_sources.get(kind)
