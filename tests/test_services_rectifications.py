"""差评整改 and 申诉: a bad rating opens a rectification on two clocks counted in working days
across the 2025 National Day holiday; only its owner verifies, contacts and answers, in that
order; the applicant replies once; an appeal upheld by a supervisor leaves the rating out of
the statistics and ends the rectification. Every refusal leaves the rows as they were.

Official calendar (国办发明电〔2024〕12号): 1-8 October 2025 off, Saturday 11 October worked.
"""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied

from gongkai.core import pagecache
from gongkai.core.errors import InvalidInput, InvalidTransition
from gongkai.core.models import AuditEvent, Clock, RoleAssignment, User
from gongkai.core.permissions import has_role
from gongkai.core.roles import SUPERVISOR
from gongkai.services import roles
from gongkai.services.actions.rectifications import (
    answer_rectification,
    applicant_reply,
    decide_appeal,
    open_rectification,
    raise_appeal,
    record_contact,
    verify_rectification,
)
from gongkai.services.apps import PAGE_VERSION
from gongkai.services.models import Appeal, Grade, Rectification
from tests.pages import at
from tests.services_cases import Window, staff
from tests.services_rectifications import finished_case, rated

pytestmark = pytest.mark.django_db
State = Rectification.State


@pytest.fixture
def window(county):
    return Window(county)


@pytest.fixture
def supervisor(county):
    user = staff("t_supervisor", SUPERVISOR, county.dept["BGS"], "督查丁")
    return user


def fresh(row):
    return type(row).objects.get(pk=row.pk)


def audited(obj) -> list[str]:
    label = f"{obj._meta.app_label}.{obj._meta.model_name}"
    events = AuditEvent.objects.filter(object_type=label, object_id=str(obj.pk))
    return list(events.order_by("seq").values_list("action", flat=True))


@pytest.fixture
def rectification(window) -> Rectification:
    return rated(finished_case(window)).rectification


def contacted(rectification, owner) -> Rectification:
    with at("2025-10-09 09:00"):
        return record_contact(
            actor=owner,
            rectification=rectification,
            on=date(2025, 10, 9),
            method="电话",
            note="已电话联系申请人，说明办理情况。",
        )


def answered(rectification, owner) -> Rectification:
    contacted(rectification, owner)
    with at("2025-10-10 09:00"):
        return answer_rectification(
            actor=owner,
            rectification=rectification,
            outcome=Rectification.Outcome.EXPLAINED,
            answer="已向申请人解释撤回的原因。",
        )


# ---------------------------------------------------------------- opening


def test_a_bad_rating_opens_a_rectification_on_two_clocks_across_the_holiday(window):
    evaluation = rated(finished_case(window))
    rectification = evaluation.rectification
    assert rectification.state == State.OPEN
    assert rectification.owner == window.clerk
    contact, answer = rectification.contact_clock, rectification.answer_clock
    assert (contact.started_on, contact.limit_days) == (date(2025, 9, 30), 1)
    # 1 working day after Tuesday 30 September: the holiday runs to 8 October.
    assert contact.due_date == date(2025, 10, 9)
    # 9, 10, 11 (a worked Saturday), 13, 14 October.
    assert answer.due_date == date(2025, 10, 14)
    assert contact.state == answer.state == Clock.State.RUNNING
    assert contact.subject == rectification
    assert audited(rectification) == ["services.rectification_open"]


def test_a_good_rating_opens_nothing_and_a_rectification_opens_once(window):
    good = rated(finished_case(window), grade=Grade.SATISFIED)
    assert not Rectification.objects.filter(evaluation=good).exists()
    with pytest.raises(InvalidTransition, match="只有差评"):
        open_rectification(good)
    bad = rated(finished_case(window, code="T-520000-DFY-002"))
    with pytest.raises(InvalidTransition, match="已有整改"):
        open_rectification(bad)
    assert Rectification.objects.filter(evaluation=bad).count() == 1


def test_the_owner_is_a_window_clerk_when_the_handler_can_no_longer_handle_cases(window):
    case = finished_case(window, handler=window.clerk2)
    assert case.handler == window.clerk2
    User.objects.filter(pk=window.clerk2.pk).update(is_active=False)  # left the service
    owner = rated(case).rectification.owner
    assert owner != window.clerk2
    assert has_role(owner, roles.WINDOW_CLERK, window.department)


# ---------------------------------------------------------------- the owner's steps


def test_the_owner_verifies_contacts_and_answers_and_the_clocks_stop(window, rectification):
    owner = window.clerk
    with at("2025-10-09 09:00"):
        verify_rectification(
            actor=owner, rectification=rectification, verification="经核查，申请人主动撤回。"
        )
    contacted(rectification, owner)
    row = fresh(rectification)
    assert row.state == State.CONTACTED and row.verification == "经核查，申请人主动撤回。"
    assert (row.contacted_on, row.contact_method) == (date(2025, 10, 9), "电话")
    assert row.contact_clock.state == Clock.State.STOPPED
    assert row.answer_clock.state == Clock.State.RUNNING

    before = pagecache.stored_version(PAGE_VERSION)
    with at("2025-10-10 09:00"), pytest.raises(InvalidInput) as refused:
        answer_rectification(actor=owner, rectification=row, outcome="", answer="已整改。")
    assert refused.value.field == "outcome"
    with at("2025-10-10 09:00"), pytest.raises(InvalidInput) as refused:
        answer_rectification(
            actor=owner, rectification=row, outcome=Rectification.Outcome.RECTIFIED, answer=" "
        )
    assert refused.value.field == "answer"
    assert fresh(rectification).state == State.CONTACTED
    with at("2025-10-10 09:00"):
        answer_rectification(
            actor=owner,
            rectification=row,
            outcome=Rectification.Outcome.RECTIFIED,
            answer="已整改。如有疑问请致电 13912345678，或凭身份证 11010519491231002X 到窗口查询。",
        )
    row = fresh(rectification)
    assert row.state == State.ANSWERED and row.answered_on == date(2025, 10, 10)
    assert "13912345678" in row.answer
    assert "13912345678" not in row.answer_public and "139****5678" in row.answer_public
    assert "11010519491231002X" not in row.answer_public
    assert row.answer_clock.state == Clock.State.STOPPED
    assert row.answer_clock.stopped_on == date(2025, 10, 10)
    assert pagecache.stored_version(PAGE_VERSION) != before
    assert audited(rectification) == [
        "services.rectification_open",
        "services.rectification_verify",
        "services.rectification_contact",
        "services.rectification_answer",
    ]


def test_the_contact_is_refused_on_a_bad_date_or_without_method_or_note(window, rectification):
    owner = window.clerk
    attempts = [
        ({"on": date(2025, 10, 10)}, "on"),  # tomorrow
        ({"on": date(2025, 9, 29)}, "on"),  # before the rating
        ({"on": None}, "on"),
        ({"method": ""}, "method"),
        ({"note": "  "}, "note"),
    ]
    for change, field in attempts:
        values = {"on": date(2025, 10, 9), "method": "短信", "note": "已发短信。", **change}
        with at("2025-10-09 09:00"), pytest.raises(InvalidInput) as refused:
            record_contact(actor=owner, rectification=rectification, **values)
        assert refused.value.field == field, change
    row = fresh(rectification)
    assert row.state == State.OPEN and row.contacted_on is None
    assert row.contact_clock.state == Clock.State.RUNNING


def test_the_steps_go_in_order(window, rectification):
    owner = window.clerk
    with at("2025-10-09 09:00"), pytest.raises(InvalidTransition, match="待核实"):
        answer_rectification(
            actor=owner, rectification=rectification, outcome="rectified", answer="已整改。"
        )
    with pytest.raises(InvalidTransition, match="待核实"):
        applicant_reply(rectification=rectification, satisfied=True)
    contacted(rectification, owner)
    with at("2025-10-09 10:00"), pytest.raises(InvalidTransition, match="已联系"):
        record_contact(
            actor=owner, rectification=rectification, on=date(2025, 10, 9), method="电话", note="x"
        )


def test_only_the_owner_may_work_on_the_rectification(window, rectification, supervisor):
    for someone in (window.clerk2, window.approver, window.stranger, supervisor, None):
        with at("2025-10-09 09:00"), pytest.raises(PermissionDenied):
            verify_rectification(actor=someone, rectification=rectification, verification="x")
        with at("2025-10-09 09:00"), pytest.raises(PermissionDenied):
            record_contact(
                actor=someone,
                rectification=rectification,
                on=date(2025, 10, 9),
                method="电话",
                note="x",
            )
    row = fresh(rectification)
    assert (row.state, row.verification) == (State.OPEN, "")
    assert audited(rectification) == ["services.rectification_open"]


def test_the_applicant_replies_once_and_the_rectification_closes(window, rectification):
    answered(rectification, window.clerk)
    applicant_reply(rectification=rectification, satisfied=False)
    row = fresh(rectification)
    assert row.state == State.CLOSED and row.applicant_satisfied is False
    assert row.applicant_replied_at is not None
    with pytest.raises(InvalidTransition, match="已办结"):
        applicant_reply(rectification=rectification, satisfied=True)
    assert fresh(rectification).applicant_satisfied is False
    event = AuditEvent.objects.get(action="services.rectification_reply")
    assert (event.actor_id, event.actor_label) == (None, "applicant")


# ---------------------------------------------------------------- 申诉


def test_an_upheld_appeal_excludes_the_rating_and_closes_the_rectification(
    window, rectification, supervisor
):
    evaluation = rectification.evaluation
    with at("2025-10-09 09:00"):
        appeal = raise_appeal(
            actor=window.clerk,
            evaluation=evaluation,
            ground=Appeal.Ground.MALICIOUS,
            statement="申请人自行撤回，却以办理慢为由差评。",
        )
    before = pagecache.stored_version(PAGE_VERSION)
    with at("2025-10-10 09:00"):
        decide_appeal(actor=supervisor, appeal=appeal, upheld=True, decision="经核实，申诉成立。")
    appeal = fresh(appeal)
    assert appeal.upheld is True and appeal.decided_by == supervisor
    assert fresh(evaluation).excluded is True
    row = fresh(rectification)
    assert row.state == State.CLOSED
    assert row.contact_clock.state == row.answer_clock.state == Clock.State.STOPPED
    assert row.answer_clock.stopped_on == date(2025, 10, 10)
    assert pagecache.stored_version(PAGE_VERSION) != before
    with pytest.raises(InvalidTransition, match="已经复核"):
        decide_appeal(actor=supervisor, appeal=appeal, upheld=False, decision="再议。")
    with pytest.raises(InvalidTransition, match="不计入统计"):
        raise_appeal(actor=window.clerk, evaluation=evaluation, ground="mistaken", statement="x")
    assert audited(appeal) == ["services.appeal_raise", "services.appeal_decide"]


def test_a_rejected_appeal_changes_nothing_else_and_another_may_follow(
    window, rectification, supervisor
):
    evaluation = rectification.evaluation
    appeal = raise_appeal(
        actor=window.clerk, evaluation=evaluation, ground="mistaken", statement="点错了。"
    )
    with pytest.raises(InvalidTransition, match="待复核"):
        raise_appeal(actor=window.clerk, evaluation=evaluation, ground="mistaken", statement="再")
    decide_appeal(actor=supervisor, appeal=appeal, upheld=False, decision="证据不足。")
    assert fresh(appeal).upheld is False
    assert fresh(evaluation).excluded is False
    row = fresh(rectification)
    assert row.state == State.OPEN and row.answer_clock.state == Clock.State.RUNNING
    raise_appeal(actor=window.clerk, evaluation=evaluation, ground="malicious", statement="补充")
    assert Appeal.objects.filter(evaluation=evaluation).count() == 2


def test_who_may_appeal_and_who_may_decide(window, rectification, supervisor):
    evaluation = rectification.evaluation
    for someone in (window.clerk2, window.stranger, supervisor):
        with pytest.raises(PermissionDenied):
            raise_appeal(actor=someone, evaluation=evaluation, ground="mistaken", statement="x")
    for ground, statement, field in (
        ("", "x", "ground"),
        ("other", "x", "ground"),
        ("mistaken", "", "statement"),
    ):
        with pytest.raises(InvalidInput) as refused:
            raise_appeal(
                actor=window.clerk, evaluation=evaluation, ground=ground, statement=statement
            )
        assert refused.value.field == field
    assert not Appeal.objects.exists()
    appeal = raise_appeal(
        actor=window.clerk, evaluation=evaluation, ground="mistaken", statement="点错了。"
    )
    for someone in (window.clerk, window.approver, window.stranger):
        with pytest.raises(PermissionDenied):
            decide_appeal(actor=someone, appeal=appeal, upheld=True, decision="成立。")
    with pytest.raises(InvalidInput) as refused:
        decide_appeal(actor=supervisor, appeal=appeal, upheld=True, decision="")
    assert refused.value.field == "decision"
    assert fresh(appeal).decided_at is None and not fresh(evaluation).excluded


def test_the_handler_may_appeal_a_rating_owned_by_someone_else(window, supervisor):
    case = finished_case(window, handler=window.clerk2)
    RoleAssignment.objects.filter(user=window.clerk2).delete()  # moved to another post
    evaluation = rated(case)
    assert evaluation.rectification.owner != window.clerk2
    raise_appeal(actor=window.clerk2, evaluation=evaluation, ground="mistaken", statement="误评")


def test_a_good_rating_cannot_be_appealed(window):
    evaluation = rated(finished_case(window), grade=Grade.BASIC)
    with pytest.raises(InvalidTransition, match="只能对差评"):
        raise_appeal(actor=window.clerk, evaluation=evaluation, ground="mistaken", statement="x")
