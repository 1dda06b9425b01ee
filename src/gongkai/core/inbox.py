"""The workbench inbox: each module registers a source of things waiting for a user."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from django.urls import reverse
from django.utils.translation import gettext as _


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
    _sources.append(source)
    return source


def entries_for(user) -> list[InboxEntry]:
    entries = [entry for source in _sources for entry in source(user)]
    return sorted(entries, key=lambda e: (e.due is None, e.due or date.max, e.title))


@register
def calendar_next_year(user) -> list[InboxEntry]:
    """From November, remind the calendar's keepers to enter next year's holiday notice."""
    from gongkai.core import permissions
    from gongkai.core.clock import today
    from gongkai.core.models import CalendarYear

    on = today()
    if on.month < 11 or not permissions.can_manage_calendar(user):
        return []
    next_year = on.year + 1
    if CalendarYear.objects.filter(year=next_year).exists():
        return []
    return [
        InboxEntry(
            module=_("工作日历"),
            title=_("%(year)s 年节假日安排尚未录入，期限计算暂按周一至周五并标为“暂定”")
            % {"year": next_year},
            url=reverse("workbench:calendar_year", args=[next_year]),
            due=date(next_year, 1, 1),
            warning="due_soon",
        )
    ]
