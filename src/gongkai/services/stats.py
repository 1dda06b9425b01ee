"""The service centre's figures per department and per month (效能评估, 好差评 statistics).

Read by the supervision dashboard and by the public 好差评 page, so both show the same
numbers. They are sums over the kept per-department, per-day rows (services.summary; counted
from the cases, ratings and rectifications by services.stats_raw): one query for a year, whatever
the number of cases. A figure falls on the day of its event. What each figure counts:

- received: cases submitted in the period (申请日期);
- completed: cases finished in the period (办结日期), whatever the result;
- on time: of the completed cases that were accepted (they have a promised clock), those
  finished on or before the promised due date (a pause for a special procedure moves it);
- days used: working days from acceptance to completion (core.calendar), against the
  version's promised days, over the same accepted cases;
- one visit (最多跑一次): completed cases without a one-time notice whose item asks for at most
  one visit to the window (ServiceItemVersion.visits ≤ 1);
- ratings: ratings given in the period by grade, an upheld appeal's left out; bad ones are
  不满意 and 非常不满意; "rectified" counts those bad ones whose rectification was answered
  (rectified or explained);
- rectification on time: rectifications answered in the period on or before the answer
  clock's due date, out of all answered in the period.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.db.models import F, Sum

from gongkai.core.models import Department
from gongkai.core.periods import month_key
from gongkai.services.models import DepartmentDay
from gongkai.services.models.summary import COUNTS, GRADE_COUNTS
from gongkai.services.stats_raw import GRADES


@dataclass
class Figures:
    """One row: a department's (or a month's) figures for the period."""

    key: object
    label: str = ""
    received: int = 0
    completed: int = 0
    accepted_completed: int = 0
    on_time: int = 0
    days_used: int = 0
    days_promised: int = 0
    one_visit: int = 0
    grades: dict[int, int] = field(default_factory=lambda: dict.fromkeys(GRADES, 0))
    bad: int = 0
    rectified: int = 0
    answered: int = 0
    answered_on_time: int = 0

    @property
    def rated(self) -> int:
        return sum(self.grades.values())

    @property
    def on_time_rate(self) -> float | None:
        return _rate(self.on_time, self.accepted_completed)

    @property
    def average_days_used(self) -> float | None:
        return _ratio(self.days_used, self.accepted_completed)

    @property
    def average_days_promised(self) -> float | None:
        return _ratio(self.days_promised, self.accepted_completed)

    @property
    def one_visit_rate(self) -> float | None:
        return _rate(self.one_visit, self.completed)

    @property
    def bad_rate(self) -> float | None:
        return _rate(self.bad, self.rated)

    @property
    def rectification_on_time_rate(self) -> float | None:
        return _rate(self.answered_on_time, self.answered)

    def add(self, other: Figures) -> None:
        for name in COUNTS:
            setattr(self, name, getattr(self, name) + getattr(other, name))
        for grade, count in other.grades.items():
            self.grades[grade] += count


def _ratio(part: int, whole: int) -> float | None:
    return round(part / whole, 1) if whole else None


def _rate(part: int, whole: int) -> float | None:
    """A percentage with one decimal, None when nothing was counted (shown as a dash)."""
    return round(100 * part / whole, 1) if whole else None


def department_figures(
    start: date, end: date, departments: Iterable[int] | None = None
) -> tuple[list[Figures], Figures]:
    """Each department's figures for start..end (inclusive), and the total row.

    `departments`: the ids to keep (a department head's own), None for all.
    """
    rows = _read(start, end, departments, F("department"))
    names = dict(
        Department.objects.filter(pk__in=rows.keys()).order_by("path").values_list("pk", "name")
    )
    ordered = [rows[pk] for pk in names]
    for row in ordered:
        row.label = names[row.key]
    return ordered, _total(ordered)


def monthly_trend(
    start: date, end: date, departments: Iterable[int] | None = None
) -> tuple[list[Figures], Figures]:
    """The same figures per calendar month of start..end (every month, empty ones too)."""
    rows = _read(start, end, departments, month_key("day", start, end))
    months, month = [], start.replace(day=1)
    while month <= end:
        row = rows.get(month) or Figures(month)
        row.label = f"{month.year}年{month.month}月"
        months.append(row)
        month = (month + timedelta(days=32)).replace(day=1)
    return months, _total(months)


def _total(rows: list[Figures]) -> Figures:
    total = Figures("total")
    for row in rows:
        total.add(row)
    return total


def _read(start: date, end: date, departments, key) -> dict[object, Figures]:
    """The kept days' sums per `key` (the department, or the month's first day)."""
    days = DepartmentDay.objects.filter(day__gte=start, day__lte=end)
    if departments is not None:
        days = days.filter(department_id__in=list(departments))
    rows = {}
    sums = {name: Sum(name) for name in COUNTS + GRADE_COUNTS}
    for entry in days.values(k=key).annotate(**sums).order_by():
        key = entry["k"].date() if isinstance(entry["k"], datetime) else entry["k"]
        row = rows[key] = Figures(key)
        for name in COUNTS:
            setattr(row, name, entry[name])
        row.grades = {int(name[1]): entry[name] for name in GRADE_COUNTS}
    return rows
