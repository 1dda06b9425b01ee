"""The service centre's figures per department and per month (效能评估, 好差评 statistics).

Read by the supervision dashboard and by the public 好差评 page, so both show the same
numbers. Every figure is a grouped aggregate (conditional counts): a handful of queries
whatever the number of cases. What each figure counts:

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
from datetime import date, datetime, time, timedelta

from django.db.models import Case as Choose
from django.db.models import Count, DateField, Exists, F, OuterRef, Q, Sum, Value, When
from django.utils import timezone

from gongkai.core.calendar import WorkingCalendar
from gongkai.core.models import Department
from gongkai.services.models import Case, Evaluation, Grade, OneTimeNotice, Rectification
from gongkai.services.models.ratings import BAD_GRADES

GRADES = [grade.value for grade in Grade]  # 5 .. 1


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
        for name in (
            "received",
            "completed",
            "accepted_completed",
            "on_time",
            "days_used",
            "days_promised",
            "one_visit",
            "bad",
            "rectified",
            "answered",
            "answered_on_time",
        ):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        for grade, count in other.grades.items():
            self.grades[grade] += count


def _ratio(part: int, whole: int) -> float | None:
    return round(part / whole, 1) if whole else None


def _rate(part: int, whole: int) -> float | None:
    """A percentage with one decimal, None when nothing was counted (shown as a dash)."""
    return round(100 * part / whole, 1) if whole else None


def _bounds(start: date, end: date) -> tuple[datetime, datetime]:
    """The instants of the local days start..end (an index range, not a per-row date cast)."""
    tz = timezone.get_current_timezone()
    return (
        datetime.combine(start, time.min, tzinfo=tz),
        datetime.combine(end + timedelta(days=1), time.min, tzinfo=tz),
    )


def department_figures(
    start: date, end: date, departments: Iterable[int] | None = None
) -> tuple[list[Figures], Figures]:
    """Each department's figures for start..end (inclusive), and the total row.

    `departments`: the ids to keep (a department head's own), None for all.
    """
    rows = _collect(start, end, departments, by_month=False)
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
    rows = _collect(start, end, departments, by_month=True)
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


def _month_of(value) -> date:
    return value.date() if isinstance(value, datetime) else value


def _collect(start, end, departments, *, by_month: bool) -> dict[object, Figures]:
    begin, stop = _bounds(start, end)
    rows: dict[object, Figures] = {}

    def row(key) -> Figures:
        key = _month_of(key) if by_month else key
        return rows.setdefault(key, Figures(key))

    def scoped(queryset, path="department"):
        if departments is None:
            return queryset
        return queryset.filter(**{f"{path}_id__in": list(departments)})

    def key(field, path="department", *, instant=False):
        return _month_key(field, start, end, instant=instant) if by_month else F(path)

    received = scoped(Case.objects.filter(submitted_at__gte=begin, submitted_at__lt=stop))
    for entry in (
        received.values(k=key("submitted_at", instant=True)).annotate(n=Count("pk")).order_by()
    ):
        row(entry["k"]).received = entry["n"]

    accepted = Q(promised_clock__isnull=False, accepted_on__isnull=False)
    # A subquery, not a join: a case with two notices must still count once.
    notices = OneTimeNotice.objects.filter(case=OuterRef("pk"))
    completed = scoped(Case.objects.filter(completed_on__gte=start, completed_on__lte=end))
    for entry in (
        completed.values(k=key("completed_on"))
        .annotate(
            n=Count("pk"),
            accepted=Count("pk", filter=accepted),
            on_time=Count(
                "pk", filter=accepted & Q(completed_on__lte=F("promised_clock__due_date"))
            ),
            one_visit=Count("pk", filter=Q(~Exists(notices), version__visits__lte=1)),
        )
        .order_by()
    ):
        figures = row(entry["k"])
        figures.completed, figures.accepted_completed = entry["n"], entry["accepted"]
        figures.on_time, figures.one_visit = entry["on_time"], entry["one_visit"]

    _add_days_used(completed.filter(accepted), key("completed_on"), row)

    rated = scoped(
        Evaluation.objects.filter(rated_at__gte=begin, rated_at__lt=stop, excluded=False)
    )
    bad = Q(grade__in=BAD_GRADES)
    for entry in (
        rated.values(k=key("rated_at", instant=True))
        .annotate(
            bad=Count("pk", filter=bad),
            rectified=Count("pk", filter=bad & Q(rectification__answered_on__isnull=False)),
            **{f"g{grade}": Count("pk", filter=Q(grade=grade)) for grade in GRADES},
        )
        .order_by()
    ):
        figures = row(entry["k"])
        figures.bad, figures.rectified = entry["bad"], entry["rectified"]
        figures.grades = {grade: entry[f"g{grade}"] for grade in GRADES}

    answered = scoped(
        Rectification.objects.filter(
            answered_on__gte=start, answered_on__lte=end, evaluation__excluded=False
        ),
        "evaluation__department",
    )
    for entry in (
        answered.values(k=key("answered_on", "evaluation__department"))
        .annotate(
            n=Count("pk"),
            on_time=Count("pk", filter=Q(answered_on__lte=F("answer_clock__due_date"))),
        )
        .order_by()
    ):
        figures = row(entry["k"])
        figures.answered, figures.answered_on_time = entry["n"], entry["on_time"]
    return rows


def _month_key(field: str, start: date, end: date, *, instant: bool) -> Choose:
    """The first day of the month `field` falls in (rows already within start..end): a CASE
    over the months' ends, comparisons the database makes itself on the column's index order.
    TruncMonth would do on PostgreSQL, but on SQLite it calls back into Python for every row.
    `instant`: a date-time column, compared with the local midnights that end the months."""
    whens, month = [], start.replace(day=1)
    while month <= end:
        following = (month + timedelta(days=32)).replace(day=1)
        bound = _bounds(following, following)[0] if instant else following
        whens.append(When(**{f"{field}__lt": bound}, then=Value(month)))
        month = following
    return Choose(*whens, output_field=DateField())


def _add_days_used(cases, group, row) -> None:
    """Working days from acceptance to completion, summed per group: the database groups the
    cases by their pair of dates, and one calendar for the whole span counts each pair."""
    pairs = list(
        cases.values("accepted_on", "completed_on", k=group)
        .annotate(n=Count("pk"), promised=Sum("version__promised_days"))
        .order_by()
    )
    if not pairs:
        return
    first = min(entry["accepted_on"] for entry in pairs)
    last = max(entry["completed_on"] for entry in pairs)
    calendar = WorkingCalendar(first, last)
    # ordinal[d]: working days in (first, d]; so days in (a, b] = ordinal[b] - ordinal[a].
    ordinal, count, day = {first: 0}, 0, first
    while day < last:
        day += timedelta(days=1)
        count += calendar.is_working_day(day)
        ordinal[day] = count
    for entry in pairs:
        figures = row(entry["k"])
        used = ordinal[entry["completed_on"]] - ordinal[entry["accepted_on"]]
        figures.days_used += max(used, 0) * entry["n"]
        figures.days_promised += entry["promised"] or 0
