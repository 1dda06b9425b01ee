"""The days off that 《全国年节及纪念日放假办法》 (2024 revision) itself fixes, year by year.

The State Council's yearly notice decides the real days off and the 调休 make-up days
(办法 Art. 7). Until a year's notice is entered, the calendar takes the festivals of Art. 2 and,
for a festival day that falls on a Saturday or Sunday, the 补假 of Art. 6. Lunar dates and the
清明 solar term come from tyme4py (寿星天文历 algorithms), not from a table kept here.
"""

from __future__ import annotations

from datetime import date, timedelta
from functools import lru_cache

from tyme4py.lunar import LunarDay
from tyme4py.solar import SolarTerm

# The 2024 revision (春节 from 除夕, 劳动节 on 1 and 2 May) applies from 1 January 2025.
FIRST_YEAR = 2025
SATURDAY = 5


def _gregorian(solar_day) -> date:
    return date(solar_day.get_year(), solar_day.get_month(), solar_day.get_day())


def _lunar(year: int, month: int, day: int) -> date:
    """The Gregorian date of a day of lunar `year` (a regular month, never a leap one)."""
    return _gregorian(LunarDay.from_ymd(year, month, day).get_solar_day())


def festival_days(year: int) -> list[tuple[date, str]]:
    """The festival days of 办法 Art. 2 in Gregorian `year`, in the article's order."""
    new_year = _lunar(year, 1, 1)
    return [
        (date(year, 1, 1), "元旦"),
        # 除夕 is the eve of 正月初一: the last day of the twelfth month, its 29th or 30th.
        *[(new_year + timedelta(days=n), "春节") for n in range(-1, 3)],
        (_gregorian(SolarTerm.from_name(year, "清明").get_solar_day()), "清明节"),
        (date(year, 5, 1), "劳动节"),
        (date(year, 5, 2), "劳动节"),
        (_lunar(year, 5, 5), "端午节"),
        (_lunar(year, 8, 15), "中秋节"),
        *[(date(year, 10, d), "国庆节") for d in (1, 2, 3)],
    ]


@lru_cache(maxsize=32)
def _days_off(year: int) -> tuple[tuple[date, str], ...]:
    if year < FIRST_YEAR:
        return ()
    off: dict[date, str] = {}
    owed: list[tuple[date, str]] = []
    for day, name in festival_days(year):
        if day in off:
            # 中秋 on a 国庆 day: each festival is a day off of its own (Art. 2), so one is owed.
            off[day] = f"{off[day]}、{name}"
            owed.append((day, name))
            continue
        off[day] = name
        if day.weekday() >= SATURDAY:
            owed.append((day, name))  # Art. 6: 补假 on a working day
    for day, name in owed:
        # The 办法 leaves the day to the notice; until it is entered, the first weekday after
        # the festival that is not already off.
        make_up = day
        while make_up.weekday() >= SATURDAY or make_up in off:
            make_up += timedelta(days=1)
        off[make_up] = f"{name}补假"
    return tuple(sorted(off.items()))


def days_off(year: int) -> dict[date, str]:
    """Every statutory day off of `year` (festival days and 补假) by date, with its name.

    Empty for a year before the 2024 revision took effect (its rules were different).
    """
    return dict(_days_off(year))
