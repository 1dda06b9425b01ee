"""The reply clock of a letter, across the 2025 National Day holiday.

Official calendar (国办发明电〔2024〕12号): 1-8 October 2025 off; Sunday 28 September and
Saturday 11 October are working days. Every expected date below was counted by hand on that
calendar, "the start day not counted", and is written as a literal.

- The clock starts at acceptance, not at writing: a 纠错 report is due in 3 working days, any
  other letter in 10 (settings.LETTERS_REPLY_DAYS).
- One extension, asked by the lead department before the due date and approved by the
  mailbox's triage, adds as many working days again; a refused one is spent.
- A letter reassigned to another department keeps its clock; a letter handled again after a
  dissatisfied rating starts a new one.
"""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied
from django.test import override_settings

from gongkai.core.clock import Warning, overdue, warning_level
from gongkai.core.errors import InvalidInput, InvalidTransition
from gongkai.core.models import Clock
from gongkai.letters import actions
from gongkai.letters.models import LetterStep
from gongkai.letters.rules import Kind, Satisfaction, Status
from tests.letters_data import Letters, accepted, events, fresh, replied, written
from tests.pages import at

pytestmark = pytest.mark.django_db
MONDAY = "2025-09-29 10:00"  # the last working Monday before the holiday


@pytest.fixture
def people(county):
    return Letters(county)


def accepted_on(people, when: str, **overrides):
    with at(when):
        return accepted(people, **overrides)


def test_a_correction_is_due_in_three_working_days_and_other_letters_in_ten(people):
    report = accepted_on(people, MONDAY, kind=Kind.CORRECTION, page_url="https://gov.example.cn/")
    # 30 September, then 9 and 10 October.
    assert report.reply_clock.due_date == date(2025, 10, 10)
    assert report.reply_clock.limit_days == 3
    letter = accepted_on(people, MONDAY)
    # 30 Sep; 9, 10, 11 (a working Saturday), 13-17, 20 October.
    assert letter.reply_clock.due_date == date(2025, 10, 20)
    assert letter.reply_clock.purpose == f"来信答复（{letter.number}）"
    assert events(letter, "letters.accept").get().data["due"] == "2025-10-20"


def test_the_clock_starts_at_acceptance_not_at_writing(people):
    with at("2025-09-19 16:00"):  # a Friday: the letter waits for triage over the weekend
        letter = written(people.head, kind=Kind.CORRECTION, page_url="https://gov.example.cn/")
    assert letter.reply_clock is None
    with at(MONDAY):
        actions.accept_letter(actor=people.triage, letter=letter, department=people.nyj)
    letter = fresh(letter)
    assert letter.accepted_on == date(2025, 9, 29)
    assert letter.reply_clock.due_date == date(2025, 10, 10)


@override_settings(LETTERS_REPLY_DAYS={"default": 15, "correction": 2})
def test_the_limits_are_settings(people):
    report = accepted_on(people, MONDAY, kind=Kind.CORRECTION, page_url="https://gov.example.cn/")
    assert report.reply_clock.due_date == date(2025, 10, 9)


def test_an_approved_extension_moves_the_due_date_by_the_limit_again(people):
    letter = accepted_on(people, MONDAY)
    with at("2025-10-15 09:00"):
        actions.request_extension(actor=people.handler, letter=letter, reason="需实地查看水渠")
    letter = fresh(letter)
    assert letter.extension_requested_by == people.handler and actions.extension_pending(letter)
    assert not letter.steps.get(action=LetterStep.Action.EXTEND_REQUEST).public
    with at("2025-10-16 09:00"):
        actions.decide_extension(actor=people.triage, letter=letter, approve=True, opinion="")
    letter = fresh(letter)
    # 21-24, 27-31 October, 3 November.
    assert letter.reply_clock.due_date == date(2025, 11, 3)
    assert letter.extended and not actions.extension_pending(letter)
    extend = letter.steps.get(action=LetterStep.Action.EXTEND)
    assert extend.public and extend.note == "需实地查看水渠"
    assert events(letter, "letters.extension_decide").get().data["due"] == "2025-11-03"
    with pytest.raises(InvalidTransition):
        actions.request_extension(actor=people.handler, letter=letter, reason="再延")


def test_a_correction_is_extended_by_three_working_days(people):
    report = accepted_on(people, MONDAY, kind=Kind.CORRECTION, page_url="https://gov.example.cn/")
    with at("2025-10-09 09:00"):
        actions.request_extension(actor=people.handler, letter=report, reason="需技术公司修复")
        actions.decide_extension(actor=people.triage, letter=report, approve=True, opinion="同意")
    # 11 (a working Saturday), 13, 14 October.
    assert fresh(report).reply_clock.due_date == date(2025, 10, 14)


def test_a_refused_extension_leaves_the_due_date_and_is_spent(people):
    letter = accepted_on(people, MONDAY)
    with at("2025-10-15 09:00"):
        actions.request_extension(actor=people.handler, letter=letter, reason="需实地查看")
        with pytest.raises(InvalidInput) as refused:
            actions.decide_extension(actor=people.triage, letter=letter, approve=False, opinion="")
        assert refused.value.field == "opinion"
        actions.decide_extension(
            actor=people.triage, letter=letter, approve=False, opinion="期限内可以答复"
        )
        letter = fresh(letter)
        assert letter.reply_clock.due_date == date(2025, 10, 20)
        assert letter.extension_refused and not letter.extended
        assert not letter.steps.get(action=LetterStep.Action.EXTEND_REFUSE).public
        with pytest.raises(InvalidTransition):
            actions.request_extension(actor=people.handler, letter=letter, reason="再次申请")
        with pytest.raises(InvalidTransition):  # nothing left to decide
            actions.decide_extension(actor=people.triage, letter=letter, approve=True, opinion="")


def test_only_the_lead_department_asks_and_only_the_mailbox_triage_decides(people):
    letter = accepted_on(people, MONDAY)
    with at("2025-10-15 09:00"):
        for stranger in (people.other_handler, people.triage, people.reviewer):
            with pytest.raises(PermissionDenied):
                actions.request_extension(actor=stranger, letter=letter, reason="需实地查看")
        with pytest.raises(InvalidInput) as refused:
            actions.request_extension(actor=people.handler, letter=letter, reason="")
        assert refused.value.field == "reason"
        actions.request_extension(actor=people.handler, letter=letter, reason="需实地查看")
        for stranger in (people.handler, people.nyj_triage, people.office_reviewer):
            with pytest.raises(PermissionDenied):
                actions.decide_extension(actor=stranger, letter=letter, approve=True, opinion="")
    assert actions.extension_pending(fresh(letter))


def test_no_extension_is_asked_after_the_due_date(people):
    letter = accepted_on(people, MONDAY)
    with at("2025-10-21 09:00"), pytest.raises(InvalidTransition):
        actions.request_extension(actor=people.handler, letter=letter, reason="来不及")


def test_a_reassigned_letter_keeps_its_due_date(people):
    letter = accepted_on(people, MONDAY)
    with at("2025-10-15 09:00"):
        actions.reassign_letter(
            actor=people.triage, letter=letter, department=people.mzj, reason="属民政职责"
        )
    letter = fresh(letter)
    assert letter.reply_clock.due_date == date(2025, 10, 20)
    assert letter.reply_clock.state == Clock.State.RUNNING


def test_an_unanswered_letter_falls_overdue_and_a_sent_reply_stops_its_clock(people):
    late = accepted_on(people, MONDAY)
    on_time = accepted_on(people, MONDAY)
    with at("2025-10-20 15:00"):
        assert warning_level(fresh(late).reply_clock) == Warning.DUE_SOON
        draft = actions.save_draft(actor=people.handler, letter=on_time, text="已安排维修。")
        actions.submit_draft(actor=people.handler, draft=draft)
        actions.review_draft(actor=people.reviewer, draft=draft, approve=True)
        actions.review_draft(actor=people.office_reviewer, draft=draft, approve=True)
    on_time = fresh(on_time)
    assert on_time.replied_on == date(2025, 10, 20)
    assert on_time.reply_clock.state == Clock.State.STOPPED
    assert on_time.reply_clock.stopped_on == date(2025, 10, 20)
    behind = overdue(on=date(2025, 10, 21))
    assert behind.filter(pk=fresh(late).reply_clock_id).exists()
    assert not behind.filter(pk=on_time.reply_clock_id).exists()


def test_handling_again_starts_a_new_clock_from_the_day_asked(people):
    with at(MONDAY):
        letter = replied(people, people.nyj_box)
    first = letter.reply_clock
    with at("2025-10-17 11:00"):  # a Friday
        actions.rate_reply(letter=letter, satisfaction=Satisfaction.DISSATISFIED)
        actions.reopen_letter(letter=letter, reason="答复没有说明维修时间")
    letter = fresh(letter)
    assert letter.status == Status.HANDLING
    # 20-24, 27-31 October.
    assert letter.reply_clock.due_date == date(2025, 10, 31)
    assert letter.reply_clock.started_on == date(2025, 10, 17)
    first.refresh_from_db()
    assert first.state == Clock.State.STOPPED and first.stopped_on == date(2025, 9, 29)


def test_a_letter_to_the_county_head_from_writing_to_publication_across_the_holiday(people):
    """The whole life of a letter, each step on its own day, the holiday in the middle."""
    with at("2025-09-26 20:00"):  # Friday evening
        letter = written(people.head, agree_publish=True)
    with at("2025-09-28 09:00"):  # a working Sunday
        actions.accept_letter(
            actor=people.triage, letter=letter, department=people.nyj, note="请农业农村局办理"
        )
    with at("2025-09-30 16:00"):
        draft = actions.save_draft(actor=people.handler, letter=letter, text="已列入冬修计划。")
        actions.submit_draft(actor=people.handler, draft=draft)
    with at("2025-10-09 10:00"):
        actions.review_draft(actor=people.reviewer, draft=draft, approve=True)
    with at("2025-10-11 10:00"):  # a working Saturday
        actions.review_draft(actor=people.office_reviewer, draft=draft, approve=True)
    with at("2025-10-13 08:30"):
        actions.rate_reply(letter=letter, satisfaction=Satisfaction.SATISFIED)
        actions.publish_letter(
            actor=people.triage, letter=letter, **actions.suggested_public_texts(fresh(letter))
        )
    letter = fresh(letter)
    # Accepted on 28 September: 29, 30 September; 9-11, 13-17 October.
    assert letter.accepted_on == date(2025, 9, 28)
    assert letter.reply_clock.due_date == date(2025, 10, 17)
    assert letter.replied_on == date(2025, 10, 11)
    assert letter.reply_clock.stopped_on == date(2025, 10, 11)
    assert letter.status == Status.REPLIED and letter.published_at is not None
    assert list(letter.steps.filter(public=True).values_list("action", flat=True)) == [
        LetterStep.Action.SUBMIT,
        LetterStep.Action.ACCEPT,
        LetterStep.Action.REPLY,
        LetterStep.Action.RATE,
        LetterStep.Action.PUBLISH,
    ]
