"""The service centre's figures counted from the cases, ratings and rectifications themselves.

What each figure counts is said in services.stats. The dashboard does not read these counts
directly (a year is some 330,000 cases at the scale of a large county): services.summary keeps
them per department and day, and computes each day's row here, so the kept figures and a count
from the raw tables are the same code. Every figure is a grouped aggregate (conditional counts):
a handful of queries whatever the number of cases.

`collect(start, end, departments, by)` groups by "department", "month" (its first day) or
"day" (a (department, day) pair); days of date-times are local days.
"""

from __future__ import annotations

from datetime import date, datetime

from django.db.models import Count, Exists, F, OuterRef, Q, Sum
from django.db.models.functions import TruncDate

from gongkai.core.periods import bounds, month_key, working_day_ordinals
from gongkai.services.models import Case, Evaluation, Grade, OneTimeNotice, Rectification
from gongkai.services.models.ratings import BAD_GRADES

GRADES = [grade.value for grade in Grade]  # 5 .. 1
BY = ("department", "month", "day")


def collect(start: date, end: date, departments, by: str, make) -> dict:
    """The figures of start..end (inclusive) per group, as `make(key)` objects (services.stats'
    Figures) with the counted attributes set; `departments`: the ids to keep, None for all."""
    assert by in BY, by
    begin, stop = bounds(start, end)
    rows: dict = {}

    def row(entry):
        if by == "day":
            key = (entry["k"], _day_of(entry["d"]))
        elif by == "month":
            key = _day_of(entry["k"])
        else:
            key = entry["k"]
        return rows.setdefault(key, make(key))

    def scoped(queryset, path="department"):
        if departments is None:
            return queryset
        return queryset.filter(**{f"{path}_id__in": list(departments)})

    def keys(field, path="department", *, instant=False) -> dict:
        if by == "month":
            return {"k": month_key(field, start, end, instant=instant)}
        if by == "day":
            return {"k": F(path), "d": TruncDate(field) if instant else F(field)}
        return {"k": F(path)}

    received = scoped(Case.objects.filter(submitted_at__gte=begin, submitted_at__lt=stop))
    for entry in (
        received.values(**keys("submitted_at", instant=True)).annotate(n=Count("pk")).order_by()
    ):
        row(entry).received = entry["n"]

    accepted = Q(promised_clock__isnull=False, accepted_on__isnull=False)
    # A subquery, not a join: a case with two notices must still count once.
    notices = OneTimeNotice.objects.filter(case=OuterRef("pk"))
    completed = scoped(Case.objects.filter(completed_on__gte=start, completed_on__lte=end))
    for entry in (
        completed.values(**keys("completed_on"))
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
        figures = row(entry)
        figures.completed, figures.accepted_completed = entry["n"], entry["accepted"]
        figures.on_time, figures.one_visit = entry["on_time"], entry["one_visit"]

    _add_days_used(completed.filter(accepted), keys("completed_on"), row)

    rated = scoped(
        Evaluation.objects.filter(rated_at__gte=begin, rated_at__lt=stop, excluded=False)
    )
    bad = Q(grade__in=BAD_GRADES)
    for entry in (
        rated.values(**keys("rated_at", instant=True))
        .annotate(
            bad=Count("pk", filter=bad),
            rectified=Count("pk", filter=bad & Q(rectification__answered_on__isnull=False)),
            **{f"g{grade}": Count("pk", filter=Q(grade=grade)) for grade in GRADES},
        )
        .order_by()
    ):
        figures = row(entry)
        figures.bad, figures.rectified = entry["bad"], entry["rectified"]
        figures.grades = {grade: entry[f"g{grade}"] for grade in GRADES}

    answered = scoped(
        Rectification.objects.filter(
            answered_on__gte=start, answered_on__lte=end, evaluation__excluded=False
        ),
        "evaluation__department",
    )
    for entry in (
        answered.values(**keys("answered_on", "evaluation__department"))
        .annotate(
            n=Count("pk"),
            on_time=Count("pk", filter=Q(answered_on__lte=F("answer_clock__due_date"))),
        )
        .order_by()
    ):
        figures = row(entry)
        figures.answered, figures.answered_on_time = entry["n"], entry["on_time"]
    return rows


def _day_of(value) -> date:
    return value.date() if isinstance(value, datetime) else value


def _add_days_used(cases, keys: dict, row) -> None:
    """Working days from acceptance to completion, summed per group: the database groups the
    cases by their pair of dates, and one calendar for the whole span counts each pair."""
    pairs = list(
        cases.values("accepted_on", "completed_on", **keys)
        .annotate(n=Count("pk"), promised=Sum("version__promised_days"))
        .order_by()
    )
    if not pairs:
        return
    first = min(entry["accepted_on"] for entry in pairs)
    last = max(entry["completed_on"] for entry in pairs)
    ordinal = working_day_ordinals(first, last)
    for entry in pairs:
        figures = row(entry)
        used = ordinal[entry["completed_on"]] - ordinal[entry["accepted_on"]]
        figures.days_used += max(used, 0) * entry["n"]
        figures.days_promised += entry["promised"] or 0
