"""督查: the red (overdue) and yellow (due soon) cards of every module, through one registry.

A module that keeps deadlines registers a source in its AppConfig's `ready()`: two functions
that list its items overdue on a day and due within CLOCK_DUE_SOON_DAYS working days of it,
each for a scope of departments, capped, with the total. Core only gathers them: it names no
module, and works out the working days late or left for every card at once (one calendar).

Scope: supervisors and leaders see every department; a module may name the roles of its
department heads (`head_roles`), who see the items of the departments they head and those
under them. Anyone else sees nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date

from django.conf import settings

from gongkai.core import roles
from gongkai.core.calendar import WorkingCalendar, add_working_days
from gongkai.core.models import Department, RoleAssignment
from gongkai.core.permissions import departments_for

# The department ids a viewer may see, or None for every department.
Scope = frozenset[int] | None
CAP = 20  # cards listed per source and colour; the total says how many there are


@dataclass(frozen=True)
class Card:
    """One item late or nearly late: what, whose, due when, where to act on it."""

    title: str
    department: str
    due_date: date
    url: str
    days: int = 0  # working days late (red) or left (yellow), filled in by core
    source: str = ""  # the source's label, filled in by core


# overdue(on, scope, limit): due before `on`; due_soon(on, until, scope, limit): due from `on`
# to `until` (CLOCK_DUE_SOON_DAYS working days on, worked out once by core). Each returns the
# first `limit` cards, earliest due first, and how many there are in all.
Lister = Callable[..., tuple[list[Card], int]]


@dataclass(frozen=True)
class Source:
    name: str
    label: str
    overdue: Lister
    due_soon: Lister
    head_roles: tuple[str, ...] = ()


_sources: dict[str, Source] = {}


def register_source(
    name: str,
    label,
    *,
    overdue: Lister,
    due_soon: Lister,
    head_roles: tuple[str, ...] = (),
) -> None:
    """Register a module's deadlines (idempotent for the same name)."""
    _sources[name] = Source(name, label, overdue, due_soon, tuple(head_roles))


def sources() -> list[Source]:
    return list(_sources.values())


def horizon(on: date) -> date:
    """The last day a yellow card may fall due (CLOCK_DUE_SOON_DAYS working days after `on`)."""
    return add_working_days(on, settings.CLOCK_DUE_SOON_DAYS).day


def sees_everything(user) -> bool:
    if not (user and user.is_authenticated and user.is_active):
        return False
    if user.is_superuser:
        return True
    return RoleAssignment.objects.filter(
        user=user, role__in=[roles.SUPERVISOR, roles.LEADER]
    ).exists()


def scope_for(user) -> Scope:
    """None (every department), or the departments `user` heads (empty: no access)."""
    if sees_everything(user):
        return None
    ids: set[int] = set()
    for role in _head_roles():
        ids.update(departments_for(user, role).values_list("pk", flat=True))
    return frozenset(ids)


def _head_roles() -> list[str]:
    return sorted({role for source in _sources.values() for role in source.head_roles})


def may_supervise(user) -> bool:
    """Whether `user` sees the board at all: one query (every staff page's menu asks)."""
    if not (user and user.is_authenticated and user.is_active):
        return False
    if user.is_superuser:
        return True
    wanted = [roles.SUPERVISOR, roles.LEADER, *_head_roles()]
    return RoleAssignment.objects.filter(user=user, role__in=wanted).exists()


def in_scope(queryset, scope: Scope, path: str = "department"):
    """`queryset` narrowed to the departments of `scope` (a helper for sources)."""
    if scope is None:
        return queryset
    return queryset.filter(**{f"{path}_id__in": scope})


def first_page(queryset, limit: int, counted=None) -> tuple[list, int]:
    """A source's first `limit` rows of an ordered queryset and how many there are in all: a
    page that is not full is all of them, so only a full one asks the database to count (from
    `counted`, the same rows without what only the page needs, when given)."""
    page = list(queryset[:limit])
    if len(page) < limit:
        return page, len(page)
    return page, (queryset if counted is None else counted).count()


def department_names(scope: Scope) -> list[tuple[int, str]]:
    return list(
        (Department.objects.all() if scope is None else Department.objects.filter(pk__in=scope))
        .order_by("path")
        .values_list("pk", "name")
    )


@dataclass(frozen=True)
class Column:
    """One source's cards of one colour, and how many there are in all."""

    source: Source
    cards: list[Card]
    total: int


def board(scope: Scope, on: date, limit: int = CAP) -> dict[str, list[Column]]:
    """The red and yellow cards of every source for `scope` on `on`."""
    until = horizon(on)
    red = [_column(s, s.overdue, (on,), scope, limit) for s in _sources.values()]
    yellow = [_column(s, s.due_soon, (on, until), scope, limit) for s in _sources.values()]
    _count_days(on, red, yellow)
    return {"red": red, "yellow": yellow}


def _column(source: Source, lister: Lister, days: tuple, scope, limit) -> Column:
    if scope is not None and not scope:
        return Column(source, [], 0)
    cards, total = lister(*days, scope, limit)
    return Column(source, [replace(card, source=str(source.label)) for card in cards], total)


def _count_days(on: date, red: list[Column], yellow: list[Column]) -> None:
    """Working days late or left on every card, from one calendar over their span."""
    dues = [card.due_date for column in red + yellow for card in column.cards]
    calendar = WorkingCalendar(min(dues + [on]), max(dues + [on]))

    def between(start: date, end: date) -> int:
        return sum(
            calendar.is_working_day(date.fromordinal(day))
            for day in range(start.toordinal() + 1, end.toordinal() + 1)
        )

    for column in red:
        column.cards[:] = [replace(c, days=between(c.due_date, on)) for c in column.cards]
    for column in yellow:
        column.cards[:] = [replace(c, days=between(on, c.due_date)) for c in column.cards]
