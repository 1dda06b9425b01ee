"""Replying: the lead department drafts, reviewers approve at the mailbox's one or two levels
(level 1 in the answering department, level 2 in the mailbox's), the last approval sends the
reply; a draft sent back never goes out and the next draft is reviewed from level 1 again."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied

from gongkai.core.errors import InvalidInput, InvalidTransition
from gongkai.core.models import AuditEvent, Clock
from gongkai.letters import actions
from gongkai.letters.models import LetterStep, ReplyDraft
from gongkai.letters.rules import Status
from tests.letters_data import REPLY, Letters, accepted, events, fresh, written

pytestmark = pytest.mark.django_db
Action = LetterStep.Action
State = ReplyDraft.State


@pytest.fixture
def people(county):
    return Letters(county)


def submitted(people, mailbox=None, text: str = REPLY) -> ReplyDraft:
    letter = accepted(people, mailbox)
    draft = actions.save_draft(actor=people.handler, letter=letter, text=text)
    return actions.submit_draft(actor=people.handler, draft=draft)


def test_one_level_the_department_reviewer_sends_the_reply(people):
    draft = submitted(people, people.nyj_box)
    assert draft.state == State.REVIEW and draft.levels == 1
    assert fresh(draft.letter).status == Status.REVIEW
    actions.review_draft(actor=people.reviewer, draft=draft, approve=True, opinion="同意")
    draft.refresh_from_db()
    letter = fresh(draft.letter)
    assert draft.state == State.SENT
    assert letter.status == Status.REPLIED and letter.replied_on is not None
    assert letter.reply == REPLY and letter.reply_department == people.nyj
    assert letter.reply_clock.state == Clock.State.STOPPED
    # The writer sees the reply; the drafting and reviewing stay inside.
    public = list(letter.steps.filter(public=True).values_list("action", flat=True))
    assert public == [Action.SUBMIT, Action.ACCEPT, Action.REPLY]
    assert {Action.DRAFT, Action.SUBMIT_REVIEW, Action.APPROVE} <= set(
        letter.steps.filter(public=False).values_list("action", flat=True)
    )
    assert events(letter, "letters.reply").get().data["department"] == "NYJ"
    assert AuditEvent.objects.filter(
        action="letters.review", object_type="letters.replydraft", object_id=str(draft.pk)
    ).exists()


def test_two_levels_the_office_reviewer_sends_after_the_department(people):
    draft = submitted(people, people.head)
    assert draft.levels == 2
    actions.review_draft(actor=people.reviewer, draft=draft, approve=True)
    draft.refresh_from_db()
    assert draft.state == State.REVIEW
    assert fresh(draft.letter).status == Status.REVIEW  # not sent after level 1
    with pytest.raises(PermissionDenied):  # level 2 is the mailbox department's
        actions.review_draft(actor=people.other_reviewer, draft=draft, approve=True)
    actions.review_draft(actor=people.office_reviewer, draft=draft, approve=True)
    draft.refresh_from_db()
    assert draft.state == State.SENT
    assert [(r.level, r.reviewer_id) for r in draft.reviews.all()] == [
        (1, people.reviewer.pk),
        (2, people.office_reviewer.pk),
    ]
    assert fresh(draft.letter).status == Status.REPLIED


def test_level_one_is_the_answering_department_s(people):
    draft = submitted(people, people.head)
    for stranger in (people.office_reviewer, people.other_reviewer, people.handler2):
        with pytest.raises(PermissionDenied):
            actions.review_draft(actor=stranger, draft=draft, approve=True)
    assert not draft.reviews.exists()


def test_nobody_reviews_their_own_draft_or_one_draft_twice(county, people):
    from gongkai.core import actions as core_actions
    from gongkai.letters import roles

    # One person who may both write and review in 县农业农村局, and review for the office.
    both = people.reviewer
    core_actions.assign_role(actor=None, user=both, department=people.nyj, role=roles.HANDLER)
    core_actions.assign_role(actor=None, user=both, department=people.office, role=roles.REVIEWER)
    letter = accepted(people)
    draft = actions.save_draft(actor=both, letter=letter, text=REPLY)
    actions.submit_draft(actor=both, draft=draft)
    with pytest.raises(PermissionDenied):
        actions.review_draft(actor=both, draft=draft, approve=True)

    draft = submitted(people, people.head)
    actions.review_draft(actor=both, draft=draft, approve=True)
    with pytest.raises(PermissionDenied):
        actions.review_draft(actor=both, draft=draft, approve=True)
    draft.refresh_from_db()
    assert draft.state == State.REVIEW


def test_a_draft_sent_back_does_not_go_out_and_the_next_is_reviewed_again(people):
    draft = submitted(people, people.head)
    actions.review_draft(actor=people.reviewer, draft=draft, approve=True)
    with pytest.raises(InvalidInput) as refused:
        actions.review_draft(actor=people.office_reviewer, draft=draft, approve=False)
    assert refused.value.field == "opinion"
    actions.review_draft(
        actor=people.office_reviewer, draft=draft, approve=False, opinion="请写明完工时间"
    )
    draft.refresh_from_db()
    letter = fresh(draft.letter)
    assert draft.state == State.RETURNED
    assert letter.status == Status.HANDLING and letter.reply == "" and letter.replied_on is None
    assert letter.steps.get(action=Action.SEND_BACK).note == "请写明完工时间"
    with pytest.raises(InvalidTransition):  # the returned draft is not reviewed again
        actions.review_draft(actor=people.office_reviewer, draft=draft, approve=True)

    second = actions.save_draft(actor=people.handler2, letter=letter, text=REPLY + "12月20日完工。")
    assert second.pk != draft.pk and second.author == people.handler2
    actions.submit_draft(actor=people.handler2, draft=second)
    with pytest.raises(PermissionDenied):  # level 1 first, again
        actions.review_draft(actor=people.office_reviewer, draft=second, approve=True)
    actions.review_draft(actor=people.reviewer, draft=second, approve=True)
    actions.review_draft(actor=people.office_reviewer, draft=second, approve=True)
    letter = fresh(letter)
    assert letter.status == Status.REPLIED and letter.reply.endswith("12月20日完工。")
    draft.refresh_from_db()
    assert draft.state == State.RETURNED  # the first draft keeps its judgement


def test_a_draft_not_yet_submitted_is_rewritten_in_place(people):
    letter = accepted(people)
    first = actions.save_draft(actor=people.handler, letter=letter, text="初稿")
    again = actions.save_draft(actor=people.handler2, letter=letter, text="二稿")
    assert again.pk == first.pk and again.text == "二稿" and again.author == people.handler2
    assert letter.steps.filter(action=Action.DRAFT).count() == 1


def test_only_the_lead_department_drafts_and_submits(people):
    letter = accepted(people)
    for stranger in (people.other_handler, people.reviewer, people.triage):
        with pytest.raises(PermissionDenied):
            actions.save_draft(actor=stranger, letter=letter, text=REPLY)
    draft = actions.save_draft(actor=people.handler, letter=letter, text=REPLY)
    with pytest.raises(PermissionDenied):
        actions.submit_draft(actor=people.other_handler, draft=draft)
    with pytest.raises(InvalidInput) as refused:
        actions.save_draft(actor=people.handler, letter=letter, text="  ")
    assert refused.value.field == "text"


def test_drafting_needs_a_letter_being_handled(people):
    waiting = written(people.head)
    with pytest.raises(PermissionDenied):  # no lead department yet
        actions.save_draft(actor=people.handler, letter=waiting, text=REPLY)
    draft = submitted(people, people.nyj_box)
    with pytest.raises(InvalidTransition):  # in review: no second draft meanwhile
        actions.save_draft(actor=people.handler, letter=draft.letter, text=REPLY)
    with pytest.raises(InvalidTransition):
        actions.submit_draft(actor=people.handler, draft=draft)


def test_a_draft_of_the_former_lead_is_not_submitted_after_a_reassignment(people):
    letter = accepted(people)
    draft = actions.save_draft(actor=people.handler, letter=letter, text=REPLY)
    actions.reassign_letter(
        actor=people.triage, letter=letter, department=people.mzj, reason="属民政职责"
    )
    with pytest.raises(PermissionDenied):
        actions.submit_draft(actor=people.handler, draft=draft)
    with pytest.raises(InvalidTransition):  # the new lead writes its own
        actions.submit_draft(actor=people.other_handler, draft=draft)
    draft.refresh_from_db()
    assert draft.state == State.DRAFT
    own = actions.save_draft(actor=people.other_handler, letter=letter, text="民政局答复")
    assert own.pk != draft.pk and own.department == people.mzj
