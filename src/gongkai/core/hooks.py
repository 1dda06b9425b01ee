"""Hand-offs between modules without imports between them: the receiving app registers."""

from __future__ import annotations

from collections.abc import Callable

_content_listeners: list[Callable[[str, int], None]] = []


def on_content_changed(listener: Callable[[str, int], None]) -> Callable[[str, int], None]:
    """Register `listener(kind, pk)`, called after commit when public content changes (search, caches)."""
    _content_listeners.append(listener)
    return listener


def content_changed(kind: str, pk: int) -> None:
    for listener in _content_listeners:
        listener(kind, pk)
