"""Routing (分办): who may accept, return, transfer, reassign, merge and close a letter, and
what each leaves on the letter, its history and the audit log; routing scope (a department
sees only its letters)."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied

from gongkai.core import transfers
from gongkai.core.errors import InvalidInput, InvalidTransition
from gongkai.core.models import Clock
from gongkai.letters import actions, queries
from gongkai.letters.models import LetterStep
from gongkai.letters.rules import Channel, Status
from tests.letters_data import Letters, accepted, events, fresh, written

pytestmark = pytest.mark.django_db
Action = LetterStep.Action


@pytest.fixture
def people(county):
    return Letters(county)


@pytest.fixture
def disclosure_desk(monkeypatch):
    """A stand-in for 依申请公开's receiver (the disclosure app registers the real one); it
    keeps what it was handed."""
    received = []

    def receive(*, actor, submission):
        received.append((actor, submission))
        return "YSQ2025000042"

    monkeypatch.setitem(
        transfers._receivers,
        "disclosure.request",
        transfers.Receiver("disclosure.request", "依申请公开", receive),
    )
    return received


# ---------------------------------------------------------------- accept


def test_the_office_accepts_and_assigns_a_letter_with_assisting_departments(people):
    letter = written(people.head)
    actions.accept_letter(
        actor=people.triage,
        letter=letter,
        department=people.nyj,
        assisting=[people.mzj],
        note="请农业农村局牵头办理",
    )
    letter = fresh(letter)
    assert letter.status == Status.HANDLING and letter.accepted_on is not None
    assert letter.department == people.nyj
    assert list(letter.assisting.all()) == [people.mzj]
    assert letter.reply_clock.state == Clock.State.RUNNING
    accept = letter.steps.get(action=Action.ACCEPT)
    assert accept.public and accept.department == people.nyj
    assert events(letter, "letters.accept").get().data["assisting"] == ["MZJ"]


@pytest.mark.parametrize("who", ["nyj_triage", "handler", "reviewer", "office_reviewer"])
def test_only_the_triage_of_the_mailbox_department_accepts(people, who):
    letter = written(people.head)
    with pytest.raises(PermissionDenied):
        actions.accept_letter(actor=getattr(people, who), letter=letter, department=people.nyj)
    assert fresh(letter).status == Status.SUBMITTED


def test_a_department_triages_its_own_mailbox(people):
    letter = written(people.nyj_box)
    with pytest.raises(PermissionDenied):  # the office triages only its own mailboxes
        actions.accept_letter(actor=people.triage, letter=letter, department=people.nyj)
    actions.accept_letter(actor=people.nyj_triage, letter=letter, department=people.nyj)
    assert fresh(letter).status == Status.HANDLING


def test_accepting_needs_a_lead_department_not_also_assisting(people):
    letter = written(people.head)
    with pytest.raises(InvalidInput) as refused:
        actions.accept_letter(actor=people.triage, letter=letter, department=None)
    assert refused.value.field == "department"
    with pytest.raises(InvalidInput) as refused:
        actions.accept_letter(
            actor=people.triage, letter=letter, department=people.nyj, assisting=[people.nyj]
        )
    assert refused.value.field == "assisting"
    assert fresh(letter).reply_clock is None


def test_a_letter_is_accepted_once(people):
    letter = accepted(people)
    with pytest.raises(InvalidTransition):
        actions.accept_letter(actor=people.triage, letter=letter, department=people.mzj)


# ---------------------------------------------------------------- return, transfer, merge, close


def test_a_letter_outside_scope_is_returned_with_the_reason_told(people):
    letter = written(people.head)
    with pytest.raises(InvalidInput) as refused:
        actions.return_letter(actor=people.triage, letter=letter, reason="")
    assert refused.value.field == "reason"
    with pytest.raises(PermissionDenied):
        actions.return_letter(actor=people.handler, letter=letter, reason="不属于本县职权")
    actions.return_letter(actor=people.triage, letter=letter, reason="不属于本县职权")
    letter = fresh(letter)
    assert letter.status == Status.RETURNED and letter.closing_reason == "不属于本县职权"
    step = letter.steps.get(action=Action.RETURN)
    assert step.public and step.note == "不属于本县职权"
    assert events(letter, "letters.return").exists()
    with pytest.raises(InvalidTransition):
        actions.accept_letter(actor=people.triage, letter=letter, department=people.nyj)


def test_a_petition_matter_is_transferred_and_its_clock_stopped(people):
    letter = accepted(people)
    actions.transfer_letter(
        actor=people.triage, letter=letter, channel=Channel.PETITION, reason="属信访事项"
    )
    letter = fresh(letter)
    assert letter.status == Status.TRANSFERRED and letter.transferred_to == Channel.PETITION
    assert letter.reply_clock.state == Clock.State.STOPPED
    assert letter.steps.get(action=Action.TRANSFER_CHANNEL).public


def test_a_request_for_information_becomes_a_disclosure_request(people, disclosure_desk):
    letter = written(people.head, body="请公开2025年高山乡农田水利项目的资金使用情况。")
    actions.transfer_letter(
        actor=people.triage, letter=letter, channel=Channel.DISCLOSURE, reason="属依申请公开"
    )
    letter = fresh(letter)
    assert letter.status == Status.TRANSFERRED and letter.transfer_reference == "YSQ2025000042"
    ((actor, submission),) = disclosure_desk
    assert actor == people.triage
    assert submission.name == "张三丰" and submission.phone == "13812345678"
    assert "资金使用情况" in submission.text and letter.number in submission.origin
    assert submission.query_code_hash == letter.query_code_hash
    assert "YSQ2025000042" in letter.steps.get(action=Action.TRANSFER_CHANNEL).note
    assert events(letter, "letters.transfer").get().data["reference"] == "YSQ2025000042"


def test_without_the_disclosure_channel_the_transfer_is_refused(people, monkeypatch):
    monkeypatch.delitem(transfers._receivers, "disclosure.request", raising=False)
    letter = written(people.head)
    with pytest.raises(InvalidTransition):
        actions.transfer_letter(
            actor=people.triage, letter=letter, channel=Channel.DISCLOSURE, reason="属依申请公开"
        )
    assert fresh(letter).status == Status.SUBMITTED


def test_a_transfer_needs_a_known_channel(people):
    letter = written(people.head)
    with pytest.raises(InvalidInput) as refused:
        actions.transfer_letter(actor=people.triage, letter=letter, channel="court", reason="x")
    assert refused.value.field == "channel"


def test_a_duplicate_is_merged_into_the_letter_it_repeats(people):
    first = accepted(people)
    duplicate = written(people.head)
    with pytest.raises(InvalidInput) as refused:
        actions.merge_letter(actor=people.triage, letter=duplicate, into=duplicate, reason="重复")
    assert refused.value.field == "into"
    actions.merge_letter(actor=people.triage, letter=duplicate, into=first, reason="重复来信")
    duplicate = fresh(duplicate)
    assert duplicate.status == Status.MERGED and duplicate.merged_into == first
    assert first.number in duplicate.steps.get(action=Action.MERGE).note
    third = written(people.head)
    with pytest.raises(InvalidInput):  # not into a letter that was itself merged
        actions.merge_letter(actor=people.triage, letter=third, into=duplicate, reason="重复")


def test_an_abusive_letter_is_closed_with_a_reason(people):
    letter = written(people.head, body="（辱骂内容）")
    with pytest.raises(PermissionDenied):
        actions.close_letter(actor=people.handler, letter=letter, reason="含辱骂内容")
    actions.close_letter(actor=people.triage, letter=letter, reason="含辱骂内容")
    letter = fresh(letter)
    assert letter.status == Status.CLOSED and letter.closing_reason == "含辱骂内容"
    assert events(letter, "letters.close").exists()
    with pytest.raises(InvalidTransition):
        actions.close_letter(actor=people.triage, letter=letter, reason="again")


# ---------------------------------------------------------------- reassign


def test_a_reassigned_letter_keeps_its_clock_and_the_new_lead_stops_assisting(people):
    letter = written(people.head)
    actions.accept_letter(
        actor=people.triage, letter=letter, department=people.nyj, assisting=[people.mzj]
    )
    clock = fresh(letter).reply_clock
    with pytest.raises(InvalidInput) as refused:
        actions.reassign_letter(
            actor=people.triage, letter=letter, department=people.nyj, reason="x"
        )
    assert refused.value.field == "department"
    with pytest.raises(PermissionDenied):
        actions.reassign_letter(
            actor=people.handler, letter=letter, department=people.mzj, reason="职责不符"
        )
    actions.reassign_letter(
        actor=people.triage, letter=letter, department=people.mzj, reason="职责不符"
    )
    letter = fresh(letter)
    assert letter.department == people.mzj and list(letter.assisting.all()) == []
    assert letter.reply_clock.pk == clock.pk and letter.reply_clock.due_date == clock.due_date
    data = events(letter, "letters.reassign").get().data
    assert data["from"] == "NYJ" and data["to"] == "MZJ"


# ---------------------------------------------------------------- routing scope


def test_a_department_sees_only_its_letters(people, county):
    ours = accepted(people)
    assisted = written(people.head)
    actions.accept_letter(
        actor=people.triage, letter=assisted, department=people.mzj, assisting=[people.nyj]
    )
    theirs = accepted(people, department=people.mzj)
    waiting = written(people.head)
    own_box = written(people.nyj_box)

    def seen(user):
        return set(queries.visible_letters(user).values_list("number", flat=True))

    everything = {x.number for x in (ours, assisted, theirs, waiting, own_box)}
    assert seen(people.triage) >= {ours.number, assisted.number, theirs.number, waiting.number}
    assert own_box.number not in seen(people.triage)
    # A department's triage routes its own mailbox; answering is its handlers' work.
    assert seen(people.nyj_triage) & everything == {own_box.number}
    assert seen(people.handler) & everything == {ours.number, assisted.number}
    assert seen(people.other_handler) & everything == {assisted.number, theirs.number}
    # The office's reviewer gives the second level on the 县长信箱's letters.
    assert seen(people.office_reviewer) & everything == everything - {own_box.number}
    assert seen(county.user["supervisor"]) >= everything
    assert not seen(county.user["editor"]) & everything
    assert queries.can_see(people.handler, ours)
    assert not queries.can_see(people.handler, theirs)
    assert queries.can_see(people.other_handler, assisted)
    assert queries.can_see(county.user["supervisor"], theirs)


def test_the_visible_letters_are_two_queries_whatever_their_number(
    people, django_assert_num_queries
):
    """One to ask whether the user supervises everything, one for the list."""
    for _i in range(3):
        accepted(people)
    with django_assert_num_queries(2):
        rows = [
            (x.mailbox.name, x.department.name, x.reply_clock.due_date)
            for x in queries.visible_letters(people.handler)
        ]
    assert len(rows) >= 3
