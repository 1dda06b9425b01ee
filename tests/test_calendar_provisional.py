"""A year with no State Council notice still knows the statutory days off of
《全国年节及纪念日放假办法》 (2024 revision, Art. 2 and Art. 6), and a notice may set the
December days before its year.

The installed chinesecalendar package carries notices up to 2026; 2030, 2031 and 2033 have none.
Every lunar and solar-term date below was checked against two sources independent of tyme4py:
lunardate 0.3.0 (Hong Kong Observatory tables) for 除夕 and 正月初一 (so 2031-01-22 is 腊月廿九,
2033-01-30 is 腊月三十), 端午 and 中秋, and PyEphem 4.2.1 for the moment the sun reaches
ecliptic longitude 15° (清明): 2031-04-05 07:25 and 2033-04-04 19:02 Beijing time.
"""

from datetime import date

import pytest

from gongkai.core import actions
from gongkai.core.calendar import (
    WorkingCalendar,
    add_working_days,
    is_working_day,
    working_days_between,
)
from gongkai.core.errors import InvalidInput
from gongkai.core.models import AuditEvent, CalendarDay, CalendarYear, Clock
from gongkai.core.statutory_holidays import days_off, festival_days
from tests.pages import field_errors, page, textarea

pytestmark = pytest.mark.django_db

FESTIVALS_2031 = [
    ("2031-01-01", "元旦"),
    ("2031-01-22", "春节"),  # 除夕, 腊月廿九: the twelfth month has 29 days
    ("2031-01-23", "春节"),  # 正月初一
    ("2031-01-24", "春节"),
    ("2031-01-25", "春节"),
    ("2031-04-05", "清明节"),
    ("2031-05-01", "劳动节"),
    ("2031-05-02", "劳动节"),
    ("2031-06-24", "端午节"),
    ("2031-10-01", "中秋节"),  # 八月十五 falls on 国庆
    ("2031-10-01", "国庆节"),
    ("2031-10-02", "国庆节"),
    ("2031-10-03", "国庆节"),
]
FESTIVALS_2033 = [
    ("2033-01-01", "元旦"),
    ("2033-01-30", "春节"),  # 除夕, 腊月三十: the twelfth month has 30 days
    ("2033-01-31", "春节"),  # 正月初一
    ("2033-02-01", "春节"),
    ("2033-02-02", "春节"),
    ("2033-04-04", "清明节"),
    ("2033-05-01", "劳动节"),
    ("2033-05-02", "劳动节"),
    ("2033-06-01", "端午节"),
    ("2033-09-08", "中秋节"),
    ("2033-10-01", "国庆节"),
    ("2033-10-02", "国庆节"),
    ("2033-10-03", "国庆节"),
]


def admin(county):
    return county.user["admin"]


@pytest.mark.parametrize("year", [2030, 2031, 2033])
def test_the_test_years_have_no_notice(year):
    assert not CalendarYear.objects.filter(year=year).exists()


@pytest.mark.parametrize(("day", "name"), FESTIVALS_2031 + FESTIVALS_2033)
def test_each_statutory_festival_is_a_provisional_day_off(day, name):
    day = date.fromisoformat(day)
    assert name in days_off(day.year)[day]
    assert is_working_day(day) == (False, True)


@pytest.mark.parametrize("year", [2031, 2033])
def test_the_festivals_are_exactly_those_of_article_2(year):
    expected = FESTIVALS_2031 if year == 2031 else FESTIVALS_2033
    assert sorted((d.isoformat(), n) for d, n in festival_days(year)) == sorted(expected)


@pytest.mark.parametrize(
    "day",
    [
        "2031-01-21",  # 腊月廿八, the Tuesday before 除夕
        "2031-01-28",  # the Tuesday after the 补假
        "2031-04-04",  # the Friday before 清明
        "2031-06-23",  # the Monday before 端午
        "2031-10-07",  # the Tuesday after National Day and its 补假
        "2033-01-04",
        "2033-06-02",
        "2033-10-06",
    ],
)
def test_the_weekdays_around_them_are_provisional_working_days(day):
    assert is_working_day(date.fromisoformat(day)) == (True, True)


@pytest.mark.parametrize(
    ("day", "name"),
    [
        ("2031-01-27", "春节补假"),  # 初三 on Saturday 25 January
        ("2031-04-07", "清明节补假"),  # 清明 on Saturday 5 April
        ("2031-10-06", "国庆节补假"),  # 中秋 and 国庆 share Wednesday 1 October
        ("2033-01-03", "元旦补假"),  # 元旦 on Saturday
        ("2033-02-03", "春节补假"),  # 除夕 on Sunday 30 January
        ("2033-05-03", "劳动节补假"),  # 1 May on Sunday
        ("2033-10-04", "国庆节补假"),  # 1 October on Saturday
        ("2033-10-05", "国庆节补假"),  # 2 October on Sunday
    ],
)
def test_a_festival_on_a_weekend_is_made_up_on_the_next_free_weekday(day, name):
    day = date.fromisoformat(day)
    assert days_off(day.year)[day] == name
    assert is_working_day(day) == (False, True)


def test_a_deadline_crossing_national_day_in_a_provisional_year_skips_it():
    # Friday 30 September 2033; 1-3 October are 国庆, 1 and 2 fall on the weekend: 补假 on 4-5.
    result = add_working_days(date(2033, 9, 30), 1)
    assert result.day == date(2033, 10, 6)
    assert result.provisional is True
    assert working_days_between(date(2033, 9, 30), date(2033, 10, 10)) == (3, True)


def test_a_deadline_crossing_spring_festival_in_a_provisional_year_skips_it():
    # Tuesday 21 January 2031; 除夕 22 to 初三 25 January, 补假 on Monday 27.
    result = add_working_days(date(2031, 1, 21), 2)
    assert result.day == date(2031, 1, 29)
    assert result.provisional is True


@pytest.mark.parametrize("year", [2025, 2026])
def test_every_statutory_day_off_is_off_in_the_real_notice_of_a_year_under_the_revision(year):
    """2025 and 2026 have real notices (from the package); the 办法's days are all among them."""
    derived = days_off(year)
    assert len(derived) >= 13
    stored = dict(
        CalendarDay.objects.filter(date__in=list(derived)).values_list("date", "is_working_day")
    )
    assert {d: stored.get(d) for d in derived} == {d: False for d in derived}


def test_the_lunar_and_solar_term_dates_match_the_real_notices_since_2008():
    """正月初一, 清明, 端午 and 中秋 from tyme4py are days off in every stored notice 2008-2026."""
    wanted = []
    for year in range(2008, 2027):
        festivals = festival_days(year)
        wanted.append([d for d, n in festivals if n == "春节"][1])  # 正月初一
        wanted += [d for d, n in festivals if n in ("清明节", "端午节", "中秋节")]
    assert len(set(wanted)) == 19 * 4
    calendar = WorkingCalendar(date(2008, 1, 1), date(2026, 12, 31))
    assert [d for d in wanted if calendar.is_working_day(d) or not calendar.is_known(d)] == []


def test_a_year_before_the_revision_gets_no_statutory_days():
    assert days_off(2024) == {}


def test_an_entered_notice_replaces_the_provisional_days(county):
    actions.set_calendar_year(
        actor=admin(county),
        year=2031,
        notice="国办发明电〔2030〕X号",
        holidays=[(date(2031, 1, 1), "元旦")],
        workdays=[],
    )
    assert is_working_day(date(2031, 1, 1)) == (False, False)
    # The notice says nothing of 端午 (a test notice): the stored calendar now decides.
    assert is_working_day(date(2031, 6, 24)) == (True, False)


# ---------------------------------------------------------------- the December before


def test_the_2019_notice_sets_the_make_up_saturday_of_december_2018(county):
    actions.set_calendar_year(
        actor=admin(county),
        year=2019,
        notice="国务院办公厅关于2019年部分节假日安排的通知（国办发明电〔2018〕15号）",
        holidays=[(date(2018, 12, 30), "元旦"), (date(2018, 12, 31), "元旦")]
        + [(date(2019, 1, 1), "元旦")],
        workdays=[(date(2018, 12, 29), "元旦调休")],
    )
    stored = CalendarDay.objects.get(date=date(2018, 12, 29))
    assert (stored.year_id, stored.is_working_day, stored.name) == (2019, True, "元旦调休")
    assert is_working_day(date(2018, 12, 29)) == (True, False)
    assert is_working_day(date(2018, 12, 31)) == (False, False)
    # Friday 28 December 2018: the next working day is the make-up Saturday.
    assert add_working_days(date(2018, 12, 28), 1).day == date(2018, 12, 29)
    event = AuditEvent.objects.filter(action="calendar.set_year", object_id="2019").latest("seq")
    assert event.data["workdays"] == ["2018-12-29"]


def test_the_package_files_december_new_year_days_under_the_next_years_notice():
    # The 2019 notice set 2018-12-29 (make-up) and 2018-12-30/31 (days off).
    assert set(
        CalendarDay.objects.filter(
            date__range=(date(2018, 12, 29), date(2018, 12, 31))
        ).values_list("year_id", flat=True)
    ) == {2019}
    assert not CalendarDay.objects.filter(year_id=2018, date__month=12).exists()


def test_a_december_day_in_a_year_without_notice_is_certain_once_the_next_notice_sets_it(county):
    actions.set_calendar_year(
        actor=admin(county),
        year=2031,
        notice="国办发明电〔2030〕X号",
        holidays=[(date(2030, 12, 30), "元旦"), (date(2030, 12, 31), "元旦")]
        + [(date(2031, 1, 1), "元旦")],
        workdays=[(date(2030, 12, 28), "元旦调休")],
    )
    assert is_working_day(date(2030, 12, 28)) == (True, False)
    assert is_working_day(date(2030, 12, 30)) == (False, False)
    assert is_working_day(date(2030, 12, 27)) == (True, True)  # 2030 itself has no notice


def test_a_notice_takes_its_december_days_over_from_the_year_they_fall_in(county):
    def enter_2030(workdays):
        actions.set_calendar_year(
            actor=admin(county),
            year=2030,
            notice="2030",
            holidays=[(date(2030, 1, 1), "元旦")],
            workdays=workdays,
        )

    enter_2030([(date(2030, 12, 28), "调休")])
    actions.set_calendar_year(
        actor=admin(county),
        year=2031,
        notice="2031",
        holidays=[(date(2031, 1, 1), "元旦")],
        workdays=[(date(2030, 12, 28), "元旦调休")],
    )
    assert CalendarDay.objects.get(date=date(2030, 12, 28)).year_id == 2031
    enter_2030([])  # re-entering 2030 leaves the day the 2031 notice set
    assert CalendarDay.objects.get(date=date(2030, 12, 28)).name == "元旦调休"
    event = AuditEvent.objects.filter(action="calendar.set_year", object_id="2031").latest("seq")
    assert event.data["before"] == [["2030-12-28", True]]


@pytest.mark.parametrize("day", [date(2030, 11, 30), date(2029, 12, 29), date(2032, 1, 3)])
def test_a_notice_refuses_a_day_outside_its_year_and_the_december_before(county, day):
    with pytest.raises(InvalidInput, match="不在 2031 年内") as refused:
        actions.set_calendar_year(
            actor=admin(county), year=2031, notice="x", holidays=[], workdays=[(day, "调休")]
        )
    assert refused.value.field == "workdays"
    assert not CalendarYear.objects.filter(year=2031).exists()


def test_a_running_deadline_across_the_new_december_days_is_recomputed(county):
    # Thursday 26 December 2030, 3 working days: 27, 30, 31 December (provisional).
    clock = actions.start_clock(actor=None, purpose="答复期限", start=date(2030, 12, 26), days=3)
    assert (clock.due_date, clock.provisional) == (date(2030, 12, 31), True)
    actions.set_calendar_year(
        actor=admin(county),
        year=2031,
        notice="国办发明电〔2030〕X号",
        holidays=[(date(2030, 12, 30), "元旦"), (date(2030, 12, 31), "元旦")]
        + [(date(2031, 1, 1), "元旦")],
        workdays=[(date(2030, 12, 28), "元旦调休")],
    )
    clock.refresh_from_db()
    # 27 December (1), the make-up Saturday 28 (2), Thursday 2 January (3).
    assert clock.due_date == date(2031, 1, 2)
    assert clock.state == Clock.State.RUNNING


# ---------------------------------------------------------------- the workbench form


def test_the_admin_enters_a_notice_with_a_make_up_day_in_the_december_before(staff_client):
    response = staff_client("admin").post(
        "/workbench/calendar/2031/",
        {
            "notice": "国务院办公厅关于2031年部分节假日安排的通知",
            "holidays": "2030-12-30 至 2031-01-01 元旦",
            "workdays": "2030-12-28 元旦调休",
        },
        follow=True,
    )
    assert response.redirect_chain == [("/workbench/calendar/", 302)]
    assert CalendarDay.objects.get(date=date(2030, 12, 28)).year_id == 2031
    again = staff_client("admin").get("/workbench/calendar/2031/")
    assert "2030-12-30 至 2031-01-01 元旦" in textarea(again, "holidays")
    assert "2030-12-28 元旦调休" in textarea(again, "workdays")


def test_the_form_refuses_a_day_before_december_of_the_year_before(staff_client):
    workdays = "2030-11-30 调休"
    response = staff_client("admin").post(
        "/workbench/calendar/2031/",
        {"notice": "x", "holidays": "2031-01-01 元旦", "workdays": workdays},
    )
    assert response.status_code == 200
    assert "2030-11-30 不在 2031 年内" in field_errors(response, "workdays")
    assert textarea(response, "workdays").strip() == workdays
    assert not CalendarYear.objects.filter(year=2031).exists()


def test_the_page_of_a_year_without_notice_lists_the_provisional_days(staff_client):
    response = staff_client("admin").get("/workbench/calendar/2031/")
    assert response.status_code == 200
    assert "2031年10月1日</time> 中秋节、国庆节" in page(response)
    assert "2031年1月22日</time> 春节" in page(response)
    assert "2031年10月6日</time> 国庆节补假" in page(response)
