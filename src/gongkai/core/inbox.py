"""The staff inbox: each module registers a source of things waiting for a user."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class InboxEntry:
    module: str
    title: str
    url: str
    due: date | None = None
    warning: str = "normal"


Source = Callable[[object], list[InboxEntry]]
_sources: list[Source] = []


def register(source: Source) -> Source:
    """Register a function user -> entries (use as a decorator)."""
    if source not in _sources:
        _sources.append(source)
    return source


def entries_for(user) -> list[InboxEntry]:
    entries = [entry for source in _sources for entry in source(user)]
    return sorted(entries, key=lambda e: (e.due is None, e.due or date.max, e.title))
