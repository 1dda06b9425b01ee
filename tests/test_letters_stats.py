"""政民互动's statistics (letters.stats and /hudong/stats/): the figures equal a count by hand
on a small set of letters crossing the National Day holiday, a month's local boundary and a
year's; a fixed number of queries whatever the number of letters; the page's period form."""

from __future__ import annotations

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from gongkai.letters import actions, stats
from gongkai.letters.rules import Kind
from tests.letters_data import Letters, fresh, written
from tests.pages import at, block_text, field_errors, page

pytestmark = pytest.mark.django_db

STATS = "/hudong/stats/"
YEAR = (date(2025, 1, 1), date(2025, 12, 31))
CORRECTION = {"kind": Kind.CORRECTION, "page_url": "https://www.example.gov.cn/a"}


@pytest.fixture
def people(county):
    return Letters(county)


def accept(people, letter, when: str):
    with at(when):
        actions.accept_letter(
            actor=people.triage_of(letter.mailbox), letter=letter, department=people.nyj
        )
    return fresh(letter)


def reply(people, letter, when: str):
    with at(when):
        draft = actions.save_draft(actor=people.handler, letter=letter, text="已办理。")
        actions.submit_draft(actor=people.handler, draft=draft)
        actions.review_draft(actor=people.reviewer, draft=draft, approve=True)
        if letter.mailbox.review_levels == 2:
            actions.review_draft(actor=people.office_reviewer, draft=draft, approve=True)
    return fresh(letter)


@pytest.fixture
def letters(people):
    """Five letters of which four fall in 2025:

    A  县长信箱, written 30 September 23:30 (still September in Shanghai), accepted that day,
       replied 10 October: 2 working days (9 and 10 October; 1-8 October off), due 21 October.
    B  县长信箱, 纠错, written and accepted 9 October, replied 20 October: due 13 October (3
       working days: 10, Saturday 11 a make-up day, 13), so late; 8 working days.
    C  县农业农村局信箱, written and accepted 15 October, replied the next day: 1 working day.
    D  县长信箱, written 20 October, not assigned yet.
    E  县长信箱, written 31 December 2024 23:30: another year.
    """
    with at("2024-12-31 23:30"):
        written(people.head)
    with at("2025-09-30 23:30"):
        a = written(people.head)
    a = reply(people, accept(people, a, "2025-09-30 23:40"), "2025-10-10 09:00")
    with at("2025-10-09 09:00"):
        b = written(people.head, **CORRECTION)
    b = reply(people, accept(people, b, "2025-10-09 10:00"), "2025-10-20 09:00")
    with at("2025-10-15 09:00"):
        c = written(people.nyj_box)
    c = reply(people, accept(people, c, "2025-10-15 10:00"), "2025-10-16 09:00")
    with at("2025-10-20 09:00"):
        written(people.head)
    assert (a.replied_on, a.reply_clock.due_date) == (date(2025, 10, 10), date(2025, 10, 21))
    assert (b.replied_on, b.reply_clock.due_date) == (date(2025, 10, 20), date(2025, 10, 13))
    assert (c.replied_on, c.reply_clock.due_date) == (date(2025, 10, 16), date(2025, 10, 29))
    return people


def figures(row) -> tuple:
    return (row.received, row.answered, row.on_time, row.days_used, row.timed)


def test_by_mailbox_each_month_counts_what_a_hand_count_gives(letters):
    rows = {(row.label, row.month.month): figures(row) for row in stats.monthly(*YEAR)}
    assert rows == {
        ("县长信箱", 9): (1, 0, 0, 0, 0),
        ("县长信箱", 10): (2, 2, 1, 10, 2),
        ("县农业农村局信箱", 10): (1, 1, 1, 1, 1),
    }


def test_by_department_letters_count_with_their_lead_department_or_as_not_assigned(letters):
    rows = {
        (row.label, row.month.month): figures(row) for row in stats.monthly(*YEAR, by="department")
    }
    nyj = letters.nyj.name
    assert rows == {
        (nyj, 9): (1, 0, 0, 0, 0),
        (nyj, 10): (2, 3, 2, 11, 3),
        ("尚未分办", 10): (1, 0, 0, 0, 0),
    }


def test_the_sums_per_group_and_per_month_give_the_rates_and_averages(letters):
    rows = stats.monthly(*YEAR)
    groups, total = stats.per_group(rows)
    assert [(g.label, g.received, g.answered) for g in groups] == [
        ("县长信箱", 3, 2),
        ("县农业农村局信箱", 1, 1),
    ]
    assert (total.received, total.answered, total.on_time) == (4, 3, 2)
    assert (total.on_time_rate, total.average_days) == (66.7, 3.7)
    assert (groups[0].on_time_rate, groups[0].average_days) == (50.0, 5.0)
    not_assigned = stats.per_group(stats.monthly(*YEAR, by="department"))[0][-1]
    assert not_assigned.label == "尚未分办"
    assert not_assigned.on_time_rate is None and not_assigned.average_days is None
    october, _total = stats.per_group(rows, date(2025, 10, 1))
    assert [(g.label, g.received) for g in october] == [("县长信箱", 2), ("县农业农村局信箱", 1)]
    months, year_total = stats.per_month(rows, *YEAR)
    assert len(months) == 12 and months[8].label == "2025年9月"
    assert [m.received for m in months] == [0] * 8 + [1, 3, 0, 0]
    assert figures(year_total) == figures(total)


def test_a_period_counts_only_its_own_days(letters):
    october = stats.monthly(date(2025, 10, 1), date(2025, 10, 31))
    assert sum(row.received for row in october) == 3
    assert {row.month for row in october} == {date(2025, 10, 1)}
    last_year = stats.monthly(date(2024, 1, 1), date(2024, 12, 31))
    assert [figures(row) for row in last_year] == [(1, 0, 0, 0, 0)]


def test_the_figures_take_the_same_queries_whatever_the_number_of_letters(letters):
    with CaptureQueriesContext(connection) as few:
        stats.monthly(*YEAR, by="department")
    # Two of them on the same days: one pair of dates, counted twice.
    for when in ("2025-03-03 10:00", "2025-11-04 10:00", "2025-11-04 10:00"):
        with at(when):
            letter = written(letters.nyj_box)
        reply(letters, accept(letters, letter, when), when)
    with CaptureQueriesContext(connection) as more:
        rows = stats.monthly(*YEAR, by="department")
    assert sum(row.answered for row in rows) == sum(row.timed for row in rows) == 6
    assert len(more) == len(few) <= 6, [q["sql"] for q in more.captured_queries]


# ---------------------------------------------------------------- the page


def test_the_page_shows_the_months_mailboxes_and_departments_of_a_month(client, letters):
    with at("2025-11-05 10:00"):
        response = client.get(STATS, {"year": "2025", "month": "10"})
    assert response.status_code == 200
    months = block_text(response, "stats-months")
    assert "2025年10月 3 3 2 66.7% 3.7" in months
    assert "合计 4 3 2 66.7% 3.7" in months
    mailboxes = block_text(response, "stats-mailboxes")
    assert "县长信箱 2 2 1 50.0% 5.0" in mailboxes
    assert "县农业农村局信箱 1 1 1 100.0% 1.0" in mailboxes
    departments = block_text(response, "stats-departments")
    assert f"{letters.nyj.name} 2 3 2 66.7% 3.7" in departments
    assert "尚未分办 1 0 0 — —" in departments
    assert '<th scope="col"' in page(response) and '<th scope="row"' in page(response)
    assert "<caption>2025年10月各信箱来信办理情况</caption>" in page(response)


def test_the_page_defaults_to_this_year(client, letters):
    with at("2025-11-05 10:00"):
        response = client.get(STATS)
    assert "合计 4 3 2 66.7% 3.7" in block_text(response, "stats-mailboxes")
    assert "本年度尚未结束" in page(response)


def test_a_bad_or_future_period_is_said_next_to_the_field_and_this_year_shown(client, letters):
    with at("2025-11-05 10:00"):
        future = client.get(STATS, {"year": "2025", "month": "12"})
        unknown = client.get(STATS, {"year": "1999", "month": "13"})
    assert "这个月份还没有到" in field_errors(future, "month")
    assert "请从列表中选择年份。" in field_errors(unknown, "year")
    assert "请从列表中选择月份。" in field_errors(unknown, "month")
    for response in (future, unknown):
        assert response.status_code == 200
        assert "合计 4 3 2 66.7% 3.7" in block_text(response, "stats-mailboxes")


def test_the_page_offers_the_years_since_the_first_letter_and_answers_get_only(client, letters):
    with at("2025-11-05 10:00"):
        response = client.get(STATS)
    assert '<option value="2024">2024年</option>' in page(response)
    assert '<option value="2023">' not in page(response)
    assert client.post(STATS).status_code == 405
