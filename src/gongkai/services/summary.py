"""Keeping the per-department, per-day figures (services.models.DepartmentDay) exact.

Each action that changes what a day counts (a case submitted or finished, a rating given, a
rectification answered, a rating excluded by an upheld appeal) calls `refresh` with the
(department, day) pairs it touched, in its own transaction: the rows are locked, then counted
again from the raw tables by services.stats_raw, the same code a full count uses. Counting the
day again rather than adding one keeps the rows right whatever the change (a grade, a late
answer, an exclusion move several figures at once), and the lock makes two transactions on
the same day wait for each other, so the second counts the first's rows.

A changed working calendar moves the working days used by every case finished since the
changed day: `rebuild(first_day)` counts those days again (core.hooks.on_calendar_changed).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import date

from django.db import transaction
from django.db.models import Max, Min
from django.utils import timezone

from gongkai.services import stats_raw
from gongkai.services.models import Case, DepartmentDay, Evaluation, Rectification
from gongkai.services.models.summary import COUNTS, GRADE_COUNTS
from gongkai.services.stats import Figures

Pair = tuple[int, date]


def case_days(case: Case) -> set[Pair]:
    """The days a case is counted on: submitted, and finished."""
    days = {(case.department_id, timezone.localdate(case.submitted_at))}
    if case.completed_on:
        days.add((case.department_id, case.completed_on))
    return days


def rating_days(evaluation: Evaluation, rectification: Rectification | None = None) -> set[Pair]:
    """The days a rating is counted on: rated, and its rectification answered."""
    days = {(evaluation.department_id, timezone.localdate(evaluation.rated_at))}
    if rectification is not None and rectification.answered_on:
        days.add((evaluation.department_id, rectification.answered_on))
    return days


def refresh(pairs: Iterable[Pair]) -> None:
    """Count the given (department, day) rows again; call inside the changing transaction."""
    pairs = sorted(set(pairs))
    if not pairs:
        return
    DepartmentDay.objects.bulk_create(
        [DepartmentDay(department_id=department, day=day) for department, day in pairs],
        ignore_conflicts=True,
    )
    by_department: dict[int, list[date]] = defaultdict(list)
    for department, day in pairs:
        by_department[department].append(day)
    for department, days in by_department.items():
        rows = {
            row.day: row
            for row in DepartmentDay.objects.select_for_update()
            .filter(department_id=department, day__in=days)
            .order_by("day")
        }
        counted = stats_raw.collect(min(days), max(days), [department], "day", Figures)
        for day in days:
            figures = counted.get((department, day))
            if figures is None:  # nothing counted that day any more: no row, as in a rebuild
                rows[day].delete()
            else:
                _store(rows[day], figures)
                rows[day].save()


@transaction.atomic
def rebuild(first_day: date | None = None) -> int:
    """Count every day from first_day on again (None: every day, from the first case or rating);
    the rows before it stay as they are. Returns the number of rows written."""
    if first_day is None:
        first_day = _first_day()
        if first_day is None:
            DepartmentDay.objects.all().delete()
            return 0
    last_day = _last_day(first_day)
    DepartmentDay.objects.filter(day__gte=first_day).delete()
    counted = stats_raw.collect(first_day, last_day, None, "day", Figures)
    rows = []
    for (department, day), figures in sorted(counted.items()):
        row = DepartmentDay(department_id=department, day=day)
        _store(row, figures)
        rows.append(row)
    DepartmentDay.objects.bulk_create(rows, batch_size=2000)
    return len(rows)


def fill_if_missing(using: str = "default", **_signal) -> None:
    """After `migrate`: count every day once if there are cases but no kept day yet."""
    if not DepartmentDay.objects.using(using).exists() and Case.objects.using(using).exists():
        rebuild()


def _first_day() -> date | None:
    days = [
        Case.objects.aggregate(first=Min("submitted_at"))["first"],
        Evaluation.objects.aggregate(first=Min("rated_at"))["first"],
    ]
    days = [timezone.localdate(value) for value in days if value is not None]
    return min(days) if days else None


def _last_day(first_day: date) -> date:
    """The last day anything is counted on (answers and completions are never in the future,
    but a test's clock may be set back)."""
    days = [
        first_day,
        timezone.localdate(),
        Case.objects.aggregate(last=Max("completed_on"))["last"],
        Rectification.objects.aggregate(last=Max("answered_on"))["last"],
    ]
    for instant in (
        Case.objects.aggregate(last=Max("submitted_at"))["last"],
        Evaluation.objects.aggregate(last=Max("rated_at"))["last"],
    ):
        if instant is not None:
            days.append(timezone.localdate(instant))
    return max(day for day in days if day is not None)


def _store(row: DepartmentDay, figures: Figures) -> None:
    for name in COUNTS:
        setattr(row, name, getattr(figures, name))
    for name in GRADE_COUNTS:
        setattr(row, name, figures.grades[int(name[1])])
