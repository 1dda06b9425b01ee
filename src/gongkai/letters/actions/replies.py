"""Replying: the lead department drafts, the draft is reviewed at one or two levels (the
mailbox's setting, pinned to the draft when submitted), and the last approval sends it.

The review steps belong to the draft they judged (as a publishing revision's do): a draft sent
back stays as it was with its opinion, and the reply written after it is a new draft, reviewed
from level 1 again. Level 1 is a reviewer of the answering department; level 2 a reviewer of
the department that owns the mailbox (the government office for the 县长信箱). Nobody reviews
their own draft, and nobody approves the same draft at both levels.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gongkai.core import audit
from gongkai.core.clock import today
from gongkai.core.errors import InvalidTransition
from gongkai.letters import permissions
from gongkai.letters.actions._shared import (
    REASON_LIMIT,
    REPLY_LIMIT,
    lock,
    optional,
    pages_changed,
    require_handler,
    require_status,
    required,
    step,
    stop_reply_clock,
)
from gongkai.letters.models import Letter, LetterStep, ReplyDraft, ReplyReview
from gongkai.letters.rules import Status

Action = LetterStep.Action
State = ReplyDraft.State


def _lock_draft(draft: ReplyDraft) -> tuple[Letter, ReplyDraft]:
    """The letter, then the draft, locked in that order (as every letter action locks)."""
    letter = lock(draft.letter)
    return letter, ReplyDraft.objects.select_for_update().get(pk=draft.pk)


@transaction.atomic
def save_draft(*, actor, letter: Letter, text: str) -> ReplyDraft:
    """拟写答复: the draft not yet submitted is rewritten; after one was sent back or sent,
    a new draft is begun."""
    letter = lock(letter)
    require_handler(actor, letter)
    require_status(letter, Status.HANDLING)
    text = required(text, "text", _("请填写答复内容。"), REPLY_LIMIT)
    draft = (
        ReplyDraft.objects.select_for_update()
        .filter(letter=letter, department_id=letter.department_id, state=State.DRAFT)
        .first()
    )
    if draft is None:
        draft = ReplyDraft.objects.create(
            letter=letter,
            text=text,
            author=actor,
            department=letter.department,
            created_at=timezone.now(),
            levels=letter.mailbox.review_levels,
        )
        step(letter, Action.DRAFT, actor=actor, department=letter.department, public=False)
    else:
        draft.text, draft.author = text, actor
        draft.save(update_fields=["text", "author"])
    audit.record(
        "letters.draft", actor=actor, obj=draft, data={"letter": letter.number, "chars": len(text)}
    )
    return draft


@transaction.atomic
def submit_draft(*, actor, draft: ReplyDraft) -> ReplyDraft:
    """提交审核: the draft goes to its reviewers with the mailbox's number of levels."""
    letter, draft = _lock_draft(draft)
    require_handler(actor, letter)
    require_status(letter, Status.HANDLING)
    if draft.state != State.DRAFT:
        raise InvalidTransition(_("只有未提交的答复稿可以提交审核。"))
    if draft.department_id != letter.department_id:
        raise InvalidTransition(_("此答复稿由原主办部门拟写，来信已改派，请重新拟写。"))
    draft.state, draft.levels = State.REVIEW, letter.mailbox.review_levels
    draft.save(update_fields=["state", "levels"])
    letter.status = Status.REVIEW
    letter.save(update_fields=["status"])
    step(letter, Action.SUBMIT_REVIEW, actor=actor, department=draft.department, public=False)
    audit.record(
        "letters.draft_submit",
        actor=actor,
        obj=draft,
        data={"letter": letter.number, "levels": draft.levels},
    )
    return draft


def _require_reviewer(actor, letter: Letter, draft: ReplyDraft, level: int) -> None:
    department = draft.department if level == 1 else letter.mailbox.department
    if actor is None or not permissions.can_review(actor, department):
        if level == 1:
            raise PermissionDenied(_("第一级审核须由答复部门的来信答复审核人办理。"))
        raise PermissionDenied(_("第二级审核须由信箱所属部门的来信答复审核人办理。"))
    if actor.pk == draft.author_id:
        raise PermissionDenied(_("不能审核自己拟写的答复。"))
    if draft.reviews.filter(reviewer=actor, approved=True).exists():
        raise PermissionDenied(_("同一答复稿的两级审核须由不同的人办理。"))


@transaction.atomic
def review_draft(*, actor, draft: ReplyDraft, approve: bool, opinion: str = "") -> ReplyDraft:
    """审核: approved at the last level, the reply is sent (the letter REPLIED, the clock
    stopped); sent back, the department writes a new draft."""
    letter, draft = _lock_draft(draft)
    require_status(letter, Status.REVIEW)
    if draft.state != State.REVIEW:
        raise InvalidTransition(_("此答复稿不在审核中。"))
    level = draft.reviews.filter(approved=True).count() + 1
    _require_reviewer(actor, letter, draft, level)
    if approve:
        opinion = optional(opinion, "opinion", REASON_LIMIT)
    else:
        opinion = required(opinion, "opinion", _("请填写退回修改的意见。"), REASON_LIMIT)
    ReplyReview.objects.create(
        draft=draft,
        level=level,
        reviewer=actor,
        approved=bool(approve),
        opinion=opinion,
        at=timezone.now(),
    )
    if not approve:
        draft.state = State.RETURNED
        draft.save(update_fields=["state"])
        letter.status = Status.HANDLING
        letter.save(update_fields=["status"])
        step(letter, Action.SEND_BACK, actor=actor, note=opinion, public=False)
    else:
        step(letter, Action.APPROVE, actor=actor, note=opinion, public=False)
        if level >= draft.levels:
            _send(actor, letter, draft)
    audit.record(
        "letters.review",
        actor=actor,
        obj=draft,
        data={"letter": letter.number, "level": level, "approve": bool(approve)},
    )
    return draft


def _send(actor, letter: Letter, draft: ReplyDraft) -> None:
    """The reply goes out today; a rating of an earlier reply does not carry over to it."""
    on = today()
    draft.state = State.SENT
    draft.save(update_fields=["state"])
    letter.status, letter.replied_on = Status.REPLIED, on
    letter.reply, letter.reply_department = draft.text, draft.department
    letter.satisfaction, letter.rated_at = "", None
    letter.save(
        update_fields=[
            "status",
            "replied_on",
            "reply",
            "reply_department",
            "satisfaction",
            "rated_at",
        ]
    )
    stop_reply_clock(actor, letter, on)
    step(letter, Action.REPLY, actor=actor, department=draft.department)
    audit.record(
        "letters.reply",
        actor=actor,
        obj=letter,
        data={"draft": draft.pk, "department": draft.department.short_code, "on": on},
    )
    pages_changed()
