"""Supervision: the registry of late items in core, the sources of 政务服务 and 依申请公开, who
sees what, and the service centre's figures against a hand count (tests/supervision_data.py)."""

from __future__ import annotations

from datetime import date

import pytest

from gongkai.core import roles, supervision
from gongkai.services import roles as services_roles
from gongkai.services import stats
from tests import supervision_data
from tests.pages import at
from tests.services_cases import staff

pytestmark = pytest.mark.django_db


# ---------------------------------------------------------------- the registry


def _fake_lister(cards, total):
    seen = []

    def lister(*arguments):
        seen.append(arguments)
        *_days, limit = arguments
        return cards[:limit], total

    return lister, seen


def test_the_board_gathers_each_source_labels_its_cards_and_counts_working_days(county):
    # Friday 26 September 2025: the 30th (Tuesday) is three working days ahead, Sunday the
    # 28th being a make-up working day (调休) for the National Day; the Friday before (19th) is
    # five working days back.
    late = supervision.Card("甲", "某局", date(2025, 9, 19), "/a/")
    soon = supervision.Card("乙", "某局", date(2025, 9, 30), "/b/")
    overdue, seen = _fake_lister([late], 7)
    due_soon, soon_seen = _fake_lister([soon], 1)
    supervision.register_source("test.fake", "测试来源", overdue=overdue, due_soon=due_soon)
    try:
        board = supervision.board(None, date(2025, 9, 26), limit=5)
    finally:
        supervision._sources.pop("test.fake")
    [red] = [c for c in board["red"] if c.source.name == "test.fake"]
    [yellow] = [c for c in board["yellow"] if c.source.name == "test.fake"]
    assert red.total == 7 and red.cards[0].days == 5 and red.cards[0].source == "测试来源"
    assert yellow.cards[0].days == 3
    assert seen == [(date(2025, 9, 26), None, 5)]
    assert soon_seen == [(date(2025, 9, 26), date(2025, 9, 30), None, 5)]  # 3 working days on


def test_an_empty_scope_asks_no_source(county):
    overdue, seen = _fake_lister([], 0)
    supervision.register_source("test.fake", "测试来源", overdue=overdue, due_soon=overdue)
    try:
        board = supervision.board(frozenset(), date(2025, 9, 26))
    finally:
        supervision._sources.pop("test.fake")
    assert seen == [] and all(c.total == 0 for c in board["red"] + board["yellow"])


def test_supervisors_and_leaders_see_everything_heads_their_own_others_nothing(county):
    assert roles.SUPERVISOR == "supervisor" and roles.label("supervisor") == "督查人员"
    assert supervision.scope_for(county.user["supervisor"]) is None
    assert supervision.scope_for(county.user["leader"]) is None
    head = staff("t_head", services_roles.APPROVER, county.dept["NYJ"])
    assert supervision.scope_for(head) == frozenset({county.dept["NYJ"].pk})
    disclosure_head = supervision.scope_for(county.user["disclosure_head"])
    assert county.dept["BGS"].pk in disclosure_head and county.dept["NYJ"].pk not in disclosure_head
    assert supervision.scope_for(county.user["editor"]) == frozenset()
    assert supervision.may_supervise(head) and supervision.may_supervise(county.user["leader"])
    assert not supervision.may_supervise(county.user["editor"])


def test_late_cases_rectifications_and_requests_reach_the_board_in_scope(county):
    data = supervision_data.build(county)
    from tests.test_disclosure_staff_views import submit

    request = submit(county, "2025-09-01 09:00")
    # Tuesday 16 September: c5 has waited at intake since the 1st (its 5 days ended on the 8th).
    on = date(2025, 9, 16)
    board = supervision.board(None, on)
    red = {c.source.name: c for c in board["red"]}
    numbers = [card.title.split()[0] for card in red["services.cases"].cards]
    assert data["cases"]["c5"].number in numbers and red["services.cases"].total == 1
    assert red["services.cases"].cards[0].days == 6
    # The request received 1 September is due 20 working days later (29 September): yellow
    # on Friday 26 September, red on 9 October.
    yellow = {c.source.name: c for c in supervision.board(None, date(2025, 9, 26))["yellow"]}
    assert yellow["disclosure.requests"].cards[0].url == request.get_absolute_url()
    red = {c.source.name: c for c in supervision.board(None, date(2025, 10, 9))["red"]}
    assert red["disclosure.requests"].total == 1
    # Another department's head sees neither.
    elsewhere = supervision.board(frozenset({county.dept["MZJ"].pk}), on)
    assert all(column.total == 0 for column in elsewhere["red"])


def test_an_open_rectification_is_late_on_its_contact_clock(county):
    data = supervision_data.build(county)
    from gongkai.services.models import Rectification

    open_one = Rectification.objects.get(evaluation__case=data["cases"]["c3"])
    open_one.state = Rectification.State.OPEN
    open_one.contact_clock.state = "running"
    open_one.contact_clock.save()
    open_one.save()
    # Due Friday 10 October; Saturday the 11th is a make-up working day: two days late on the 13th.
    with at("2025-10-13 10:00"):
        red = {c.source.name: c for c in supervision.board(None, date(2025, 10, 13))["red"]}
    [card] = red["services.rectifications"].cards
    assert data["cases"]["c3"].number in card.title and card.days == 2


# ---------------------------------------------------------------- the figures


def test_the_department_figures_equal_the_hand_count(county, django_assert_max_num_queries):
    data = supervision_data.build(county)
    with django_assert_max_num_queries(8):
        rows, total = stats.department_figures(supervision_data.START, supervision_data.END)
    by_name = {row.label: row for row in rows}
    twin, tout = by_name["测试审批局"], by_name["测试外局"]
    assert (twin.received, twin.completed, twin.accepted_completed) == (5, 4, 3)
    assert (twin.on_time, twin.on_time_rate) == (2, 66.7)
    assert (twin.days_used, twin.average_days_used, twin.average_days_promised) == (26, 8.7, 10.0)
    assert (twin.one_visit, twin.one_visit_rate) == (3, 75.0)
    assert twin.grades == {5: 1, 4: 0, 3: 0, 2: 1, 1: 1}
    assert (twin.rated, twin.bad, twin.bad_rate, twin.rectified) == (3, 2, 66.7, 2)
    assert (twin.answered, twin.answered_on_time, twin.rectification_on_time_rate) == (2, 1, 50.0)
    assert (tout.received, tout.completed, tout.on_time, tout.days_used) == (1, 1, 1, 4)
    assert tout.grades[4] == 1 and tout.bad_rate == 0.0 and tout.rectification_on_time_rate is None
    assert (total.received, total.completed, total.rated, total.bad) == (6, 5, 4, 2)
    assert data["cases"]["c5"].completed_on is None


def test_the_monthly_trend_equals_the_hand_count(county):
    supervision_data.build(county)
    months, total = stats.monthly_trend(supervision_data.START, supervision_data.END)
    september, october = months
    assert (september.label, october.label) == ("2025年9月", "2025年10月")
    assert (september.received, september.completed, september.on_time) == (6, 5, 3)
    assert (september.rated, september.bad, september.rectified) == (3, 2, 2)
    assert (october.received, october.rated, october.bad) == (0, 1, 0)
    assert (october.answered, october.answered_on_time, september.answered) == (2, 1, 0)
    assert total.on_time_rate == 75.0


def test_a_department_heads_figures_hold_only_their_department(county):
    supervision_data.build(county)
    rows, total = stats.department_figures(
        supervision_data.START, supervision_data.END, [county.dept["TOUT"].pk]
    )
    assert [row.label for row in rows] == ["测试外局"] and total.received == 1


def test_a_period_without_cases_gives_dashes_not_errors(county):
    rows, total = stats.department_figures(date(2020, 1, 1), date(2020, 1, 31))
    assert rows == [] and total.on_time_rate is None and total.bad_rate is None
