"""Things finished that the records archive will take (电子档案: 《中华人民共和国档案法》第三十七条,
electronic records kept from the systems that made them).

A module whose work ends in a record worth keeping (a decided case, an answered request)
registers a source for each kind in its ready(); the records module reads every source and
files what is new since its last run. Core knows neither side: only this shape.

A source is a callable `source(since: date) -> Iterable[ArchiveEntry]`: the objects of its
kind finished on or after `since`, each with what the archive needs to file it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date

from gongkai.core.models import Department, Upload


@dataclass(frozen=True)
class ArchiveEntry:
    """One finished object as the archive will file it."""

    kind: str  # the registered kind, e.g. "<app>.<model>"
    object_id: str
    title: str
    finished_on: date
    department: Department
    # 保管期限 as the source suggests it ("permanent", "30y", "10y"); the archivist decides.
    retention: str
    files: tuple[Upload, ...] = field(default=())


ArchiveSource = Callable[[date], Iterable[ArchiveEntry]]

_sources: dict[str, ArchiveSource] = {}


def register_archive_source(kind: str, source: ArchiveSource) -> ArchiveSource:
    """Register the source of finished objects of `kind` (called in the owning app's ready())."""
    known = _sources.get(kind)
    if known is not None and known is not source:
        raise ValueError(f"archive kind {kind!r} already has a source")
    _sources[kind] = source
    return source


def archive_sources() -> dict[str, ArchiveSource]:
    """Every registered kind and its source, in registration order."""
    return dict(_sources)


def finished_since(since: date) -> list[ArchiveEntry]:
    """Every source's entries finished on or after `since`, kind by kind."""
    return [entry for source in _sources.values() for entry in source(since)]
