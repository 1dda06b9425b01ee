"""The demo county's 好差评: ratings of the cases the demo made, a department clearly worse than
the others, and rectifications and appeals in every state, all made through the actions."""

from datetime import datetime, time

import pytest
from django.utils import timezone

from gongkai.core.clock import Warning, warning_level
from gongkai.demo import service_ratings, services
from gongkai.services.models import Appeal, Case, CaseStep, Evaluation, Rectification
from gongkai.services.rules import Delivery
from tests.pages import SHANGHAI, at

pytestmark = pytest.mark.django_db
State = Rectification.State
DAYS = ["2026-05-18 10:00", "2027-02-01 10:00"]


def build(day: str, cases: int = 40) -> None:
    with at(day):
        services.load_demo_services(cases=cases)


def now_of(day: str) -> datetime:
    return datetime.fromisoformat(day).replace(tzinfo=SHANGHAI)


@pytest.mark.parametrize("day", DAYS)
def test_rectifications_are_in_every_state_and_two_appeals_were_decided(county, day):
    build(day)
    rectifications = list(
        Rectification.objects.select_related("evaluation", "contact_clock", "answer_clock")
    )
    assert {r.state for r in rectifications} == set(State.values)
    closed = [r for r in rectifications if r.state == State.CLOSED]
    assert {r.applicant_satisfied for r in closed} >= {True, False}
    with at(day):
        overdue = [
            r
            for r in rectifications
            if r.state == State.OPEN and warning_level(r.contact_clock) == Warning.OVERDUE
        ]
    assert overdue, "an open rectification whose contact is overdue"
    answered = [r for r in rectifications if r.state in (State.ANSWERED, State.CLOSED)]
    assert all(r.answer_public for r in answered if r.answered_on)
    upheld = Appeal.objects.select_related("evaluation__rectification").get(upheld=True)
    assert upheld.ground == Appeal.Ground.MALICIOUS and upheld.decided_by.username == "supervisor"
    assert upheld.evaluation.excluded
    assert upheld.evaluation.rectification.state == State.CLOSED
    rejected = Appeal.objects.select_related("evaluation").get(upheld=False)
    assert not rejected.evaluation.excluded and rejected.decision
    assert Evaluation.objects.filter(excluded=True).count() == 1


@pytest.mark.parametrize("day", DAYS)
def test_one_department_draws_clearly_more_bad_reviews_than_the_others(county, day):
    build(day, cases=80)
    counted = Evaluation.objects.filter(excluded=False).select_related("department")
    worse, others = [], []
    for evaluation in counted:
        code = evaluation.department.short_code
        (worse if code == service_ratings.WORSE else others).append(evaluation.is_bad)
    assert len(worse) >= 3 and len(others) >= 30
    worse_rate, others_rate = sum(worse) / len(worse), sum(others) / len(others)
    assert worse_rate >= 0.25
    assert worse_rate >= 3 * others_rate
    # Most applicants are satisfied: 满意 or 非常满意.
    assert sum(e.grade >= 4 for e in counted) > 0.7 * len(counted)


@pytest.mark.parametrize("day", DAYS)
def test_ratings_and_their_rectifications_come_in_the_order_of_time(county, day):
    build(day)
    now = now_of(day)
    evaluations = list(Evaluation.objects.select_related("case"))
    done = {
        step.case_id: step.at
        for step in CaseStep.objects.filter(
            action__in=[CaseStep.Action.COMPLETE, CaseStep.Action.REFUSE]
        ).order_by("at")
    }
    noticed = {
        step.case_id: step.at
        for step in CaseStep.objects.filter(action=CaseStep.Action.ONE_TIME_NOTICE)
    }
    for evaluation in evaluations:
        case = evaluation.case
        assert evaluation.rated_at <= now
        if case.completed_on is None:
            # Rated while a one-time notice waited: after the notice.
            assert case.status == Case.Status.AWAITING_APPLICANT
            assert evaluation.rated_at > noticed[case.pk]
        else:
            assert evaluation.rated_at > done[case.pk]
            assert timezone.localdate(evaluation.rated_at) >= case.completed_on
        if evaluation.channel == Evaluation.Channel.WINDOW:
            # 一次一评: on the pad when the applicant collected the result in person.
            assert case.delivery == Delivery.IN_PERSON and case.delivered_on
    assert {e.channel for e in evaluations} == set(Evaluation.Channel.values)
    # The demo always has a case waiting on a one-time notice; one such is rated meanwhile.
    assert any(e.case.status == Case.Status.AWAITING_APPLICANT for e in evaluations)
    for rectification in Rectification.objects.select_related("evaluation"):
        rated = timezone.localdate(rectification.evaluation.rated_at)
        if rectification.contacted_on:
            assert rated <= rectification.contacted_on
        if rectification.answered_on:
            assert rectification.contacted_on <= rectification.answered_on
        if rectification.applicant_replied_at:
            replied = rectification.applicant_replied_at
            assert replied.date() >= rectification.answered_on and replied <= now
    for appeal in Appeal.objects.select_related("evaluation"):
        assert appeal.evaluation.rated_at < appeal.raised_at < appeal.decided_at <= now


def test_it_loads_once_and_the_same_day_plans_the_same_ratings(county, monkeypatch):
    day = "2026-10-09 10:00"
    real = service_ratings.load_demo_ratings
    monkeypatch.setattr(service_ratings, "load_demo_ratings", lambda: 0)
    build(day, cases=20)
    with at(day):
        now = timezone.make_aware(datetime.combine(timezone.localdate(), time(10)))
        first = service_ratings.Planner(now).plan()
        second = service_ratings.Planner(now).plan()
    assert first, "the cases present get ratings"
    assert [(r.case.pk, r.at, r.grade, r.comment, len(r.steps)) for r in first] == [
        (r.case.pk, r.at, r.grade, r.comment, len(r.steps)) for r in second
    ]
    with at(day):
        made = real()
        assert made == Evaluation.objects.count() > 0
        assert real() == 0
    assert Evaluation.objects.count() == made
