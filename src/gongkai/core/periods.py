"""Periods of the statistics every module counts: local days as instants, and months as a query
expression, so that figures grouped by month are one grouped query on every database."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from django.db.models import Case, DateField, Value, When
from django.utils import timezone

from gongkai.core.calendar import WorkingCalendar


def bounds(start: date, end: date) -> tuple[datetime, datetime]:
    """The instants of the local days start..end (an index range, not a per-row date cast)."""
    tz = timezone.get_current_timezone()
    return (
        datetime.combine(start, time.min, tzinfo=tz),
        datetime.combine(end + timedelta(days=1), time.min, tzinfo=tz),
    )


def first_days(start: date, end: date) -> list[date]:
    """The first day of every month start..end touches, in order."""
    months, month = [], start.replace(day=1)
    while month <= end:
        months.append(month)
        month = (month + timedelta(days=32)).replace(day=1)
    return months


def month_key(field: str, start: date, end: date, *, instant: bool = False) -> Case:
    """The first day of the month `field` falls in (rows already within start..end): a CASE
    over the months' ends, comparisons the database makes itself on the column's index order.
    TruncMonth would do on PostgreSQL, but on SQLite it calls back into Python for every row.
    `instant`: a date-time column, compared with the local midnights that end the months."""
    whens = []
    for month in first_days(start, end):
        following = (month + timedelta(days=32)).replace(day=1)
        bound = bounds(following, following)[0] if instant else following
        whens.append(When(**{f"{field}__lt": bound}, then=Value(month)))
    return Case(*whens, output_field=DateField())


def working_day_ordinals(first: date, last: date) -> dict[date, int]:
    """For every day d of first..last, the working days in (first, d], from one calendar: the
    working days in (a, b] are then ordinal[b] - ordinal[a], as core.calendar counts them, for
    any number of pairs of dates at the cost of one count."""
    calendar = WorkingCalendar(first, last)
    ordinal, count, day = {first: 0}, 0, first
    while day < last:
        day += timedelta(days=1)
        count += calendar.is_working_day(day)
        ordinal[day] = count
    return ordinal
