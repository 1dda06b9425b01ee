"""The clock rules of a 政务服务 case, across the 2025 National Day holiday.

Official calendar (国办发明电〔2024〕12号): 1-8 October 2025 off; Sunday 28 September and
Saturday 11 October are working days. Every expected date below was counted by hand on that
calendar, "the start day not counted", and is written as a literal.

- Intake: the one-time notice is due within 5 working days of receipt (行政许可法 Art. 32 (四));
  the notice stops intake review, the wait for the applicant does not count, and supplying
  the materials starts a new intake review that day.
- From acceptance: the statutory limit (20 working days, Art. 42) and the promised one (10
  here); a special procedure (Art. 45) pauses both, resuming with the days they had left.
- The extension: +10 working days on the statutory limit only, by the approver, only while
  it runs and not after its last day, only once.
"""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied

from gongkai.core.clock import Warning, overdue, warning_level
from gongkai.core.errors import InvalidInput, InvalidTransition
from gongkai.core.models import Clock
from gongkai.services import actions
from gongkai.services.models import Case, CaseStep
from gongkai.services.rules import Result
from tests.pages import at
from tests.services_cases import Window, organisation, pdf, published_item, submissions

pytestmark = pytest.mark.django_db


@pytest.fixture
def window(county):
    return Window(county)


@pytest.fixture
def item(window):
    return published_item(window.department, legal_days=20, promised_days=10)


def fresh(case: Case) -> Case:
    return Case.objects.select_related("intake_clock", "legal_clock", "promised_clock").get(
        pk=case.pk
    )


def apply(item, when: str, **kwargs) -> Case:
    with at(when):
        case, _code = actions.submit_online(
            item=item, data=organisation(), materials=submissions(item, **kwargs)
        )
    return fresh(case)


def accepted(window, item, when: str) -> Case:
    case = apply(item, when)
    with at(when):
        actions.accept_case(actor=window.clerk, case=case)
    return fresh(case)


def test_the_one_time_notice_wait_does_not_count_and_supplying_restarts_intake_review(window, item):
    # Friday 19 September: 5 working days, 22-26 September.
    case = apply(item, "2025-09-19 09:30", skip=1)
    first = case.intake_clock
    assert first.due_date == date(2025, 9, 26)

    with at("2025-09-24 15:00"):
        actions.send_one_time_notice(actor=window.clerk, case=case, problems={})
    case = fresh(case)
    assert case.status == Case.Status.AWAITING_APPLICANT
    first.refresh_from_db()
    assert first.state == Clock.State.STOPPED and first.stopped_on == date(2025, 9, 24)
    # Three weeks with the applicant: nothing of the case is late meanwhile.
    late = overdue(on=date(2025, 10, 15))
    assert not late.filter(object_id=str(case.pk), content_type__model="case").exists()

    # Thursday 16 October: a new intake review, 5 working days: 17 (1), 20-23 October (5).
    missing = case.materials.get(state="missing")
    with at("2025-10-16 10:00"):
        actions.supply_materials(case=case, files={missing.pk: pdf()})
    case = fresh(case)
    assert case.status == Case.Status.SUBMITTED
    assert case.intake_clock.pk != first.pk
    assert case.intake_clock.started_on == date(2025, 10, 16)
    assert case.intake_clock.due_date == date(2025, 10, 23)

    # Monday 20 October, accepted: 20 working days, 21-24 (4), 27-31 (9), 3-7 (14),
    # 10-14 (19), 17 November (20); promised 10: 21-24 (4), 27-31 (9), 3 November (10).
    with at("2025-10-20 09:00"):
        actions.accept_case(actor=window.clerk, case=case)
    case = fresh(case)
    assert case.intake_clock.state == Clock.State.STOPPED
    assert case.accepted_on == date(2025, 10, 20)
    assert case.legal_clock.due_date == date(2025, 11, 17)
    assert case.promised_clock.due_date == date(2025, 11, 3)


def test_intake_review_skips_the_holiday(item):
    # Tuesday 30 September: 9, 10 (2), Saturday 11 (3), 13, 14 October (5).
    case = apply(item, "2025-09-30 16:00")
    assert case.intake_clock.due_date == date(2025, 10, 14)


def test_a_special_procedure_pauses_both_clocks_and_they_resume_with_the_days_left(window, item):
    # Friday 19 September, accepted. Statutory: 22-26 Sep (5), Sun 28 Sep (6), 29-30 (8),
    # 9-10 Oct (10), Sat 11 Oct (11), 13-17 (16), 20-23 October (20). Promised: 22-26 (5),
    # 28 (6), 29-30 (8), 9-10 October (10).
    case = accepted(window, item, "2025-09-19 09:30")
    assert case.legal_clock.due_date == date(2025, 10, 23)
    assert case.promised_clock.due_date == date(2025, 10, 10)

    # Wednesday 24 September, expert review: 22-24 counted, 17 and 7 working days remain.
    with at("2025-09-24 10:00"):
        procedure = actions.start_special_procedure(
            actor=window.clerk, case=case, kind="expert_review", on=date(2025, 9, 24), note="x"
        )
    case = fresh(case)
    assert case.status == Case.Status.SPECIAL
    assert {case.legal_clock.state, case.promised_clock.state} == {Clock.State.PAUSED}
    assert (case.legal_clock.remaining_at_pause, case.promised_clock.remaining_at_pause) == (17, 7)
    # Paused: no warning, even long after the original due dates.
    assert warning_level(case.legal_clock, on=date(2025, 11, 1)) == Warning.PAUSED

    with at("2025-10-14 10:00"), pytest.raises(InvalidInput):
        actions.end_special_procedure(actor=window.clerk, procedure=procedure, on=date(2025, 9, 1))
    with at("2025-10-14 10:00"), pytest.raises(InvalidInput):
        actions.end_special_procedure(
            actor=window.clerk, procedure=procedure, on=date(2025, 10, 15)
        )
    # Tuesday 14 October, the review is over. Statutory 17: 15-17 (3), 20-24 (8),
    # 27-31 (13), 3-6 November (17). Promised 7: 15-17 (3), 20-23 October (7).
    with at("2025-10-14 10:00"):
        actions.end_special_procedure(
            actor=window.clerk, procedure=procedure, on=date(2025, 10, 14)
        )
    case = fresh(case)
    assert case.status == Case.Status.REVIEW
    assert case.legal_clock.due_date == date(2025, 11, 6)
    assert case.promised_clock.due_date == date(2025, 10, 23)
    procedure.refresh_from_db()
    assert (procedure.started_on, procedure.ended_on) == (date(2025, 9, 24), date(2025, 10, 14))
    special = case.steps.filter(action__startswith="special").order_by("on")
    assert [(s.action, s.on) for s in special] == [
        (CaseStep.Action.SPECIAL_START, date(2025, 9, 24)),
        (CaseStep.Action.SPECIAL_END, date(2025, 10, 14)),
    ]
    with at("2025-10-15 10:00"), pytest.raises(InvalidTransition):
        actions.end_special_procedure(
            actor=window.clerk, procedure=procedure, on=date(2025, 10, 15)
        )


def test_a_special_procedure_during_the_decision_returns_to_the_decision(window, item):
    case = accepted(window, item, "2025-09-19 09:30")
    with at("2025-09-22 10:00"):
        actions.review_case(actor=window.clerk, case=case, opinion="符合条件。")
        procedure = actions.start_special_procedure(
            actor=window.clerk, case=case, kind="hearing", on=date(2025, 9, 22)
        )
        with pytest.raises(InvalidTransition):
            actions.decide_case(actor=window.approver, case=case, grant=True, opinion="同意。")
        actions.end_special_procedure(actor=window.clerk, procedure=procedure, on=date(2025, 9, 22))
    assert fresh(case).status == Case.Status.DECISION


def test_closing_during_a_special_procedure_ends_it_and_stops_the_paused_clocks(window, item):
    case = accepted(window, item, "2025-09-19 09:30")
    with at("2025-09-24 10:00"):
        procedure = actions.start_special_procedure(
            actor=window.clerk, case=case, kind="testing", on=date(2025, 9, 24)
        )
        actions.close_case(actor=window.clerk, case=case, result=Result.WITHDRAWN, reason="撤回")
    case = fresh(case)
    assert {case.legal_clock.state, case.promised_clock.state} == {Clock.State.STOPPED}
    procedure.refresh_from_db()
    assert procedure.ended_on == date(2025, 9, 24)


def test_the_extension_is_the_approvers_inside_the_period_and_only_once(window, item):
    case = accepted(window, item, "2025-09-19 09:30")
    with at("2025-10-23 16:00"), pytest.raises(PermissionDenied):
        actions.extend_case(actor=window.clerk, case=case, reason="需要现场核查。")
    with at("2025-10-23 16:00"), pytest.raises(InvalidInput):
        actions.extend_case(actor=window.approver, case=case, reason=" ")
    # Thursday 23 October is the last day of the period: still inside it. +10 working days:
    # 24 (1), 27-31 (6), 3-6 November (10). The promise is not extended.
    with at("2025-10-23 16:00"):
        actions.extend_case(actor=window.approver, case=case, reason="需要现场核查。")
    case = fresh(case)
    assert case.extended
    assert case.legal_clock.due_date == date(2025, 11, 6)
    assert case.legal_clock.extended_days == 10
    assert case.promised_clock.due_date == date(2025, 10, 10)
    with at("2025-10-24 09:00"), pytest.raises(InvalidTransition, match="一次"):
        actions.extend_case(actor=window.approver, case=case, reason="再延长。")
    assert fresh(case).legal_clock.due_date == date(2025, 11, 6)


def test_no_extension_once_the_period_is_over_or_while_paused(window, item):
    late = accepted(window, item, "2025-09-19 09:30")
    with at("2025-10-24 09:00"), pytest.raises(InvalidTransition, match="届满前"):
        actions.extend_case(actor=window.approver, case=late, reason="需要现场核查。")
    late = fresh(late)
    assert not late.extended and late.legal_clock.due_date == date(2025, 10, 23)

    paused = accepted(window, item, "2025-09-19 10:00")
    with at("2025-09-24 10:00"):
        actions.start_special_procedure(
            actor=window.clerk, case=paused, kind="hearing", on=date(2025, 9, 24)
        )
        with pytest.raises(InvalidTransition):
            actions.extend_case(actor=window.approver, case=paused, reason="需要听证。")
    assert not fresh(paused).extended


def test_an_item_done_on_the_spot_has_no_promised_clock(window):
    on_the_spot = published_item(window.department, code="T-JB-9", promised_days=0)
    case = accepted(window, on_the_spot, "2025-09-19 09:30")
    assert case.promised_clock is None and case.legal_clock.due_date == date(2025, 10, 23)
    with at("2025-09-19 11:00"):
        actions.review_case(actor=window.clerk, case=case, opinion="符合。")
        actions.decide_case(actor=window.approver, case=case, grant=True, opinion="同意。")
    assert fresh(case).legal_clock.state == Clock.State.STOPPED
