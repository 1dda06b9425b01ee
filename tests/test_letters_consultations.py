"""意见征集 through its actions: the period rule, comments only within the period, moderation
(shown masked, or kept), every comment answered before the report, the final policy by its
索引号; who may do each, and what the audit trail keeps."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied

from gongkai.core.errors import InvalidInput, InvalidTransition
from gongkai.core.models import AuditEvent
from gongkai.letters.actions import consultations as actions
from gongkai.letters.models import Comment, Consultation
from gongkai.letters.rules import CommentStatus
from tests.letters_consultations import (
    AFTER,
    CLOSES,
    DURING,
    OPENS,
    PHONE_COMMENT,
    POLICY_INDEX,
    WRITTEN,
    People,
    answered_and_reported,
    comment,
    draft,
    opened,
    published_policy,
)
from tests.pages import at

pytestmark = pytest.mark.django_db
State = Consultation.State
Phase = actions.Phase


@pytest.fixture
def people(county):
    return People(county)


def fresh(obj):
    return type(obj).objects.get(pk=obj.pk)


# ---------------------------------------------------------------- the period


def test_a_period_shorter_than_the_setting_is_refused_next_to_the_closing_date(people):
    with pytest.raises(InvalidInput) as refused:
        draft(people, closes=OPENS + datetime.timedelta(days=29))
    assert refused.value.field == "closes_on"
    assert "不能少于 30 日" in refused.value.message
    assert "2025年12月3日" in refused.value.message  # the earliest closing date
    assert not Consultation.objects.exists()
    assert draft(people, closes=OPENS + datetime.timedelta(days=30)).closes_on == CLOSES


def test_the_shortest_period_is_a_setting(people, settings):
    settings.LETTERS_CONSULTATION_MIN_DAYS = 45
    with pytest.raises(InvalidInput, match="不能少于 45 日"):
        draft(people)


def test_a_closing_date_before_the_opening_date_is_refused(people):
    with pytest.raises(InvalidInput) as refused:
        draft(people, closes=OPENS - datetime.timedelta(days=1))
    assert refused.value.field == "closes_on"


def test_only_an_editor_of_the_department_opens_a_consultation(people, county):
    for outsider in (people.stranger, people.moderator, county.user["editor"]):
        with pytest.raises(PermissionDenied), at(WRITTEN):
            actions.create_consultation(
                actor=outsider,
                department=people.department,
                title="标题",
                explanation="说明",
                draft_text="全文",
                opens_on=OPENS,
                closes_on=CLOSES,
            )
    assert not Consultation.objects.exists()


def test_a_draft_is_edited_until_it_is_published(people):
    consultation = draft(people)
    with at(WRITTEN):
        actions.update_consultation(
            actor=people.editor,
            consultation=consultation,
            title="新标题",
            explanation="说明",
            draft_text="全文",
            opens_on=OPENS,
            closes_on=CLOSES + datetime.timedelta(days=5),
        )
        actions.publish_consultation(actor=people.editor, consultation=consultation)
        with pytest.raises(InvalidTransition):
            actions.update_consultation(
                actor=people.editor,
                consultation=consultation,
                title="再改",
                explanation="说明",
                draft_text="全文",
                opens_on=OPENS,
                closes_on=CLOSES,
            )
    consultation = fresh(consultation)
    assert consultation.title == "新标题" and consultation.state == State.OPEN
    assert consultation.published_at is not None


def test_a_draft_whose_period_already_began_is_not_published(people):
    consultation = draft(people)
    with at("2025-11-04 09:00"), pytest.raises(InvalidInput) as refused:
        actions.publish_consultation(actor=people.editor, consultation=consultation)
    assert refused.value.field == "opens_on"
    assert fresh(consultation).state == State.DRAFT


def test_closed_is_a_date_not_a_state(people):
    consultation = opened(people)
    assert actions.phase(consultation, OPENS - datetime.timedelta(days=1)) == Phase.UPCOMING
    assert actions.phase(consultation, OPENS) == Phase.OPEN
    assert actions.phase(consultation, CLOSES) == Phase.OPEN
    assert actions.phase(consultation, CLOSES + datetime.timedelta(days=1)) == Phase.CLOSED
    assert consultation.state == State.OPEN
    assert list(actions.running(CLOSES)) == [consultation]
    assert list(actions.finished(CLOSES + datetime.timedelta(days=1))) == [consultation]


# ---------------------------------------------------------------- comments


def test_comments_are_taken_from_the_first_to_the_last_day(people):
    consultation = opened(people)
    for when in ("2025-11-02 23:59", "2025-12-04 00:00"):
        with pytest.raises(InvalidTransition):
            comment(consultation, when)
    first = comment(consultation, "2025-11-03 00:01")
    last = comment(consultation, "2025-12-03 23:59")
    assert [c.pk for c in consultation.comments.all()] == [first.pk, last.pk]
    assert first.status == CommentStatus.PENDING


def test_an_unpublished_draft_takes_no_comment(people):
    consultation = draft(people)
    with pytest.raises(InvalidTransition):
        comment(consultation)
    assert not Comment.objects.exists()


def test_a_comment_needs_a_name_and_a_text(people):
    consultation = opened(people)
    with pytest.raises(InvalidInput) as refused:
        comment(consultation, name=" ")
    assert refused.value.field == "author_name"
    with pytest.raises(InvalidInput) as refused:
        comment(consultation, body="")
    assert refused.value.field == "body"
    assert not Comment.objects.exists()


def test_the_comment_text_stays_out_of_the_audit_trail(people):
    consultation = opened(people)
    item = comment(consultation, body=PHONE_COMMENT)
    event = AuditEvent.objects.get(action="letters.consultation.comment", object_id=str(item.pk))
    assert "13912345678" not in str(event.data)


# ---------------------------------------------------------------- moderation


def test_a_shown_comment_is_masked_and_a_kept_one_is_not_shown(people):
    consultation = opened(people)
    shown, kept = comment(consultation, body=PHONE_COMMENT), comment(consultation)
    with at(DURING):
        actions.moderate_comment(actor=people.moderator, comment=shown, show=True)
        actions.moderate_comment(actor=people.editor, comment=kept, show=False)
    shown, kept = fresh(shown), fresh(kept)
    assert shown.status == CommentStatus.SHOWN
    assert "139****5678" in shown.body_public and "13912345678" not in shown.body_public
    assert kept.status == CommentStatus.KEPT and kept.body_public == ""
    events = AuditEvent.objects.filter(action="letters.consultation.moderate")
    assert {(e.actor_id, e.data["to"]) for e in events} == {
        (people.moderator.pk, CommentStatus.SHOWN),
        (people.editor.pk, CommentStatus.KEPT),
    }


def test_a_decision_may_be_changed_and_a_hidden_comment_loses_its_public_text(people):
    consultation = opened(people)
    item = comment(consultation)
    with at(DURING):
        actions.moderate_comment(actor=people.moderator, comment=item, show=True)
        actions.moderate_comment(actor=people.moderator, comment=item, show=False)
    assert fresh(item).status == CommentStatus.KEPT and fresh(item).body_public == ""


def test_another_departments_editor_may_not_moderate(people):
    consultation = opened(people)
    item = comment(consultation)
    with at(DURING), pytest.raises(PermissionDenied):
        actions.moderate_comment(actor=people.stranger, comment=item, show=True)
    assert fresh(item).status == CommentStatus.PENDING


# ---------------------------------------------------------------- answers and the report


def test_comments_are_answered_only_after_the_period(people):
    consultation = opened(people)
    item = comment(consultation)
    with at(DURING), pytest.raises(InvalidTransition, match="结束后才能办理"):
        actions.respond_to_comment(
            actor=people.editor, comment=item, adopted=True, response="已采纳。"
        )
    assert fresh(item).adopted is None


def test_an_answer_not_adopting_needs_its_reason_and_no_personal_data(people):
    consultation = opened(people)
    item = comment(consultation)
    with at(AFTER):
        with pytest.raises(InvalidInput, match="不予采纳的理由") as refused:
            actions.respond_to_comment(
                actor=people.editor, comment=item, adopted=False, response=" "
            )
        assert refused.value.field == "response"
        with pytest.raises(InvalidInput, match="个人信息"):
            actions.respond_to_comment(
                actor=people.editor, comment=item, adopted=False, response="已电话 13912345678 联系"
            )
        with pytest.raises(PermissionDenied):
            actions.respond_to_comment(
                actor=people.moderator, comment=item, adopted=True, response="已采纳。"
            )
    assert fresh(item).adopted is None


def test_the_report_needs_every_comment_moderated_and_answered(people):
    consultation = opened(people)
    first, second = comment(consultation), comment(consultation, body="建议延长期限。")
    with at(AFTER):
        with pytest.raises(InvalidInput, match="2 条意见未审核") as refused:
            actions.publish_feedback(actor=people.editor, consultation=consultation, feedback="x")
        assert refused.value.field == "feedback"
        for item in (first, second):
            actions.moderate_comment(actor=people.editor, comment=item, show=True)
        actions.respond_to_comment(
            actor=people.editor, comment=first, adopted=True, response="已增加相关条款。"
        )
        with pytest.raises(InvalidInput, match="1 条意见未填写采纳情况"):
            actions.publish_feedback(actor=people.editor, consultation=consultation, feedback="x")
    assert fresh(consultation).state == State.OPEN
    assert not AuditEvent.objects.filter(action="letters.consultation.report").exists()


def test_the_report_waits_for_the_end_of_the_period(people):
    consultation = opened(people)
    with at(DURING), pytest.raises(InvalidTransition):
        actions.publish_feedback(actor=people.editor, consultation=consultation, feedback="x")
    assert fresh(consultation).state == State.OPEN


def test_the_published_report_counts_the_comments_and_ends_the_answers(people):
    consultation = opened(people)
    first, second = comment(consultation), comment(consultation, body="建议延长期限。")
    reported = answered_and_reported(
        people,
        consultation,
        [(first, True, True, "已增加相关条款。"), (second, False, False, "期限已符合规定。")],
    )
    assert reported.state == State.REPORTED and reported.reported_at is not None
    event = AuditEvent.objects.get(action="letters.consultation.report")
    assert (event.data["received"], event.data["adopted"], event.data["not_adopted"]) == (2, 1, 1)
    assert actions.phase(reported) == Phase.REPORTED
    with at(AFTER), pytest.raises(InvalidTransition):
        actions.respond_to_comment(
            actor=people.editor, comment=second, adopted=True, response="改为采纳。"
        )
    assert fresh(second).adopted is False


def test_the_final_policy_is_linked_by_an_index_number_that_exists(people, county):
    consultation = opened(people)
    with at(AFTER), pytest.raises(InvalidTransition):
        actions.link_final_policy(
            actor=people.editor, consultation=consultation, index_number=POLICY_INDEX
        )
    consultation = answered_and_reported(people, consultation, [])
    with at(AFTER), pytest.raises(InvalidInput) as refused:
        actions.link_final_policy(
            actor=people.editor, consultation=consultation, index_number=POLICY_INDEX
        )
    assert refused.value.field == "index_number"
    published_policy(county)
    with at(AFTER):
        with pytest.raises(PermissionDenied):
            actions.link_final_policy(
                actor=people.stranger, consultation=consultation, index_number=POLICY_INDEX
            )
        actions.link_final_policy(
            actor=people.editor, consultation=consultation, index_number=f" {POLICY_INDEX} "
        )
    assert fresh(consultation).final_index_number == POLICY_INDEX
