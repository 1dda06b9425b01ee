"""What the writer does on the tracking page (no account: the number and query code found the
letter): rate the reply, and when dissatisfied ask once for the letter to be handled again."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gongkai.core import audit
from gongkai.core.clock import today
from gongkai.core.errors import InvalidTransition
from gongkai.letters.actions._shared import (
    REASON_LIMIT,
    choice,
    lock,
    pages_changed,
    require_status,
    required,
    start_reply_clock,
    step,
)
from gongkai.letters.models import Letter, LetterStep
from gongkai.letters.rules import Satisfaction, Status


@transaction.atomic
def rate_reply(*, letter: Letter, satisfaction: str) -> Letter:
    """评价: the writer's one rating of the reply they received (a new reply after handling
    again may be rated anew)."""
    letter = lock(letter)
    require_status(letter, Status.REPLIED)
    if letter.satisfaction:
        raise InvalidTransition(_("您已评价过这次答复，不能重复评价。"))
    choice(satisfaction, Satisfaction, "satisfaction", _("请选择满意、基本满意或不满意。"))
    letter.satisfaction, letter.rated_at = satisfaction, timezone.now()
    letter.save(update_fields=["satisfaction", "rated_at"])
    step(letter, LetterStep.Action.RATE, actor=None, note=Satisfaction(satisfaction).label)
    audit.record(
        "letters.rate", obj=letter, actor_label="writer", data={"satisfaction": satisfaction}
    )
    pages_changed()
    return letter


@transaction.atomic
def reopen_letter(*, letter: Letter, reason: str) -> Letter:
    """申请再次办理: once, after rating the reply 不满意; the lead department handles it again
    on a new reply clock. The first reply stays on the letter until the next one is sent."""
    letter = lock(letter)
    require_status(letter, Status.REPLIED)
    if letter.reopened:
        raise InvalidTransition(_("每封来信只能申请一次再次办理。"))
    if letter.satisfaction != Satisfaction.DISSATISFIED:
        raise InvalidTransition(_("对答复评价为“不满意”后，才能申请再次办理。"))
    reason = required(reason, "reason", _("请填写申请再次办理的理由。"), REASON_LIMIT)
    letter.status, letter.reopened = Status.HANDLING, True
    letter.reply_clock = start_reply_clock(None, letter, today())
    letter.save(update_fields=["status", "reopened", "reply_clock"])
    step(letter, LetterStep.Action.REOPEN, actor=None, department=letter.department, note=reason)
    audit.record(
        "letters.reopen",
        obj=letter,
        actor_label="writer",
        data={"reason": reason, "due": letter.reply_clock.due_date},
    )
    pages_changed()
    return letter
