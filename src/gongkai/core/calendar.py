"""The working-day calendar: the State Council's yearly holiday notice, else the fixed holidays.

A day is a working day when the calendar says so (holidays and 调休 make-up days are stored
per year), otherwise when it is Monday to Friday. A year with no stored notice takes the
statutory days off of 《全国年节及纪念日放假办法》 (see statutory_holidays) on top of
Monday-Friday, and every answer that used such a year is marked provisional.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from gongkai.core import statutory_holidays
from gongkai.core.models import CalendarDay, CalendarYear

SATURDAY = 5


@dataclass(frozen=True)
class DayCount:
    """A computed day with whether it rests on a year that has no calendar data."""

    day: date
    provisional: bool


class WorkingCalendar:
    """The calendar for a span of dates, loaded in two queries."""

    def __init__(self, start: date, end: date):
        self.start, self.end = start, end
        self.known_years = set(
            CalendarYear.objects.filter(year__gte=start.year, year__lte=end.year).values_list(
                "year", flat=True
            )
        )
        self.stored = dict(
            CalendarDay.objects.filter(date__gte=start, date__lte=end).values_list(
                "date", "is_working_day"
            )
        )
        self.exceptions: dict[date, bool] = {}
        for year in range(start.year, end.year + 1):
            if year not in self.known_years:
                self.exceptions.update(
                    (day, False) for day in statutory_holidays.days_off(year) if start <= day <= end
                )
        # A day a notice stored wins, even in a year with no notice of its own.
        self.exceptions.update(self.stored)

    def is_working_day(self, day: date) -> bool:
        if day in self.exceptions:
            return self.exceptions[day]
        return day.weekday() < SATURDAY

    def is_known(self, day: date) -> bool:
        # A stored day is certain in any year: the December days of the next year's notice.
        return day.year in self.known_years or day in self.stored


def _span_for(n: int) -> int:
    # Generous: 20 working days never take more than ~45 calendar days, even across Spring Festival.
    return n * 2 + 30


def add_working_days(start: date, n: int) -> DayCount:
    """The n-th working day after `start`; the start day is not counted (民法典 Art. 201)."""
    if n < 0:
        raise ValueError("n must not be negative")
    span = _span_for(n)
    while True:
        cal = WorkingCalendar(start, start + timedelta(days=span))
        day, counted, provisional = start, 0, False
        while counted < n and day < cal.end:
            day += timedelta(days=1)
            if not cal.is_known(day):
                provisional = True
            if cal.is_working_day(day):
                counted += 1
        if counted == n:
            return DayCount(day, provisional)
        span *= 2


def working_days_between(start: date, end: date) -> tuple[int, bool]:
    """How many working days lie in (start, end]; negative when end is before start."""
    if end < start:
        count, provisional = working_days_between(end, start)
        return -count, provisional
    cal = WorkingCalendar(start, end)
    count, provisional, day = 0, False, start
    while day < end:
        day += timedelta(days=1)
        if not cal.is_known(day):
            provisional = True
        if cal.is_working_day(day):
            count += 1
    return count, provisional


def is_working_day(day: date) -> tuple[bool, bool]:
    """Whether `day` is a working day, and whether that answer is provisional."""
    cal = WorkingCalendar(day, day)
    return cal.is_working_day(day), not cal.is_known(day)


def notice_covers(year: int, day: date) -> bool:
    """Whether the notice for `year` may set `day`: a day of that year, or of the December before,
    where the notice puts the 元旦 days off and make-up days (2018-12-29 under 2019's notice)."""
    return day.year == year or (day.year == year - 1 and day.month == 12)


def _notice_year(day: date, holiday) -> int:
    """The notice a package day comes from: a December 元旦 day belongs to the next year's."""
    from gongkai.core.holiday_names import chinese_name

    if day.month == 12 and chinese_name(holiday) == "元旦":
        return day.year + 1
    return day.year


def package_years() -> range:
    """The years the installed chinesecalendar package carries."""
    import chinese_calendar

    years = sorted({d.year for d in chinese_calendar.holidays})
    return range(years[0], years[-1] + 1)


def package_days(year: int) -> list[tuple[date, bool, str]]:
    """(date, is_working_day, name) for every holiday and make-up day of `year` in the package."""
    import chinese_calendar

    from gongkai.core.holiday_names import chinese_name

    days = [
        (d, False, chinese_name(h))
        for d, h in chinese_calendar.holidays.items()
        if _notice_year(d, h) == year
    ]
    days += [
        (d, True, chinese_name(h) + "调休")
        for d, h in chinese_calendar.workdays.items()
        if _notice_year(d, h) == year
    ]
    return sorted(days)


def seed_from_package(year_model=CalendarYear, day_model=CalendarDay) -> list[int]:
    """Store the package's years that the database lacks; returns the years added.

    Takes the models as arguments so a data migration can pass its historical models.
    """
    existing = set(year_model.objects.values_list("year", flat=True))
    stored = set(day_model.objects.values_list("date", flat=True))
    added = []
    for year in package_years():
        if year in existing:
            continue
        y = year_model.objects.create(
            year=year,
            source="package",
            notice="国务院办公厅节假日安排通知（chinesecalendar 数据包）",
        )
        day_model.objects.bulk_create(
            [
                day_model(date=d, year=y, is_working_day=w, name=name)
                for d, w, name in package_days(year)
                if d not in stored  # a notice entered by hand wins over the package
            ]
        )
        added.append(year)
    return added
