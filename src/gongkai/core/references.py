"""Published references: one module cites what another published, without a foreign key.

A reference is the item's 索引号 (index number). The module that publishes registers a
lookup; a module that cites keeps the number and a snapshot of the title and address taken
at the time (a reply must say what was pointed to then, even if the item changes later).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Published:
    index_number: str
    title: str
    url: str


_lookups: list[Callable[[str], Published | None]] = []


def register_lookup(lookup: Callable[[str], Published | None]) -> None:
    """`lookup(index_number)` returns the live published item, or None."""
    if lookup not in _lookups:
        _lookups.append(lookup)


def resolve(index_number: str) -> Published | None:
    """The published item with this 索引号 now, from whichever module publishes it."""
    number = (index_number or "").strip()
    if not number:
        return None
    for lookup in _lookups:
        found = lookup(number)
        if found is not None:
            return found
    return None
