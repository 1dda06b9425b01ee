"""Working days (DOMAIN.md section 2): holidays, 调休 make-up days, provisional years."""

import json
from datetime import date
from io import StringIO

import pytest
from django.core.management import call_command

from gongkai.core import actions
from gongkai.core.calendar import add_working_days, is_working_day, working_days_between
from gongkai.core.models import CalendarDay, CalendarYear

pytestmark = pytest.mark.django_db


def test_the_start_day_itself_is_not_counted():
    # Monday 2026-03-02: the first working day after it is Tuesday.
    assert add_working_days(date(2026, 3, 2), 1).day == date(2026, 3, 3)


def test_zero_working_days_is_the_start_day():
    assert add_working_days(date(2026, 3, 2), 0).day == date(2026, 3, 2)


def test_it_skips_spring_festival_and_counts_the_saturday_make_up_days():
    # 2026-02-14 (Sat) is a make-up working day, 02-15..02-23 is the holiday.
    result = add_working_days(date(2026, 2, 10), 5)
    assert result.day == date(2026, 2, 24)
    assert result.provisional is False


def test_twenty_working_days_across_spring_festival_end_on_a_make_up_saturday():
    assert add_working_days(date(2026, 1, 26), 20).day == date(2026, 2, 28)


def test_it_skips_national_day_and_counts_the_make_up_days():
    # 09-20 (Sun) and 10-10 (Sat) are working days; 10-01..10-07 is the holiday.
    assert add_working_days(date(2026, 9, 28), 3).day == date(2026, 10, 8)
    assert add_working_days(date(2026, 9, 18), 1).day == date(2026, 9, 20)
    assert add_working_days(date(2026, 10, 9), 1).day == date(2026, 10, 10)


@pytest.mark.parametrize(
    "day", ["2026-01-04", "2026-02-14", "2026-02-28", "2026-05-09", "2026-09-20", "2026-10-10"]
)
def test_the_2026_make_up_days_are_working_days(day):
    working, provisional = is_working_day(date.fromisoformat(day))
    assert working and not provisional


def test_a_weekday_holiday_is_not_a_working_day():
    assert is_working_day(date(2026, 10, 1)) == (False, False)


def test_a_year_without_data_falls_back_to_monday_to_friday_and_is_provisional():
    assert not CalendarYear.objects.filter(year=2027).exists()
    result = add_working_days(date(2027, 3, 5), 1)  # Friday
    assert result.day == date(2027, 3, 8)
    assert result.provisional is True


def test_a_count_that_crosses_into_an_unknown_year_is_provisional():
    # 28-31 Dec (4), Friday 1 January 2027 is 元旦 (办法 Art. 2), 4-8 Jan (9), 11 Jan (10).
    result = add_working_days(date(2026, 12, 25), 10)
    assert result.day == date(2027, 1, 11)
    assert result.provisional is True


def test_a_count_inside_a_known_year_is_not_provisional():
    assert add_working_days(date(2026, 12, 1), 10).provisional is False


def test_working_days_between_counts_the_end_but_not_the_start():
    assert working_days_between(date(2026, 2, 13), date(2026, 2, 24)) == (2, False)
    assert working_days_between(date(2026, 2, 24), date(2026, 2, 13)) == (-2, False)


def test_migrate_seeds_every_year_of_the_package():
    years = set(CalendarYear.objects.values_list("year", flat=True))
    assert set(range(2004, 2027)) <= years
    assert CalendarYear.objects.get(year=2026).source == CalendarYear.Source.PACKAGE
    assert CalendarDay.objects.get(date=date(2026, 2, 16)).name == "春节"
    assert CalendarDay.objects.get(date=date(2026, 2, 14)).is_working_day is True


def test_an_administrator_enters_a_new_year_and_it_stops_being_provisional(county):
    actions.set_calendar_year(
        actor=county.user["admin"],
        year=2027,
        notice="国办发明电〔2026〕X号",
        holidays=[(date(2027, 1, 1), "元旦")] + [(date(2027, 2, d), "春节") for d in range(6, 13)],
        workdays=[(date(2027, 2, 14), "春节调休")],
    )
    assert add_working_days(date(2027, 2, 5), 1).day == date(2027, 2, 14)
    assert add_working_days(date(2027, 2, 5), 1).provisional is False


def test_only_an_administrator_may_change_the_calendar(county):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        actions.set_calendar_year(
            actor=county.user["editor"],
            year=2027,
            notice="x",
            holidays=[(date(2027, 1, 1), "元旦")],
            workdays=[],
        )
    assert not CalendarYear.objects.filter(year=2027).exists()


def test_the_due_command_prints_the_contract_json():
    out = StringIO()
    call_command("calendar", "due", "2026-09-28", "3", "--json", stdout=out)
    assert json.loads(out.getvalue()) == {
        "start": "2026-09-28",
        "working_days": 3,
        "due": "2026-10-08",
        "provisional": False,
    }


def test_the_due_command_refuses_a_bad_date():
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="YYYY-MM-DD"):
        call_command("calendar", "due", "2026-13-01", "3", "--json")
