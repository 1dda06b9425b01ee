"""好差评: the applicant rates a case once (一事一评 online from the progress page, 一次一评 at
the window on the rating pad the clerk opens), after 办结 or while a one-time notice waits: the
service is rated, not the outcome (国办发〔2019〕51号). Nobody changes a rating afterwards: there
is no action for it. A bad rating opens its rectification in the same transaction.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gongkai.core import audit, pagecache, pii
from gongkai.core.errors import InvalidInput, InvalidTransition
from gongkai.core.models import User
from gongkai.services import summary
from gongkai.services.actions._shared import lock, require_handler, require_status
from gongkai.services.actions.rectifications import open_rectification
from gongkai.services.apps import PAGE_VERSION
from gongkai.services.models import Case, Evaluation, Grade
from gongkai.services.models.ratings import BAD_GRADES
from gongkai.services.rules import ONLINE_REASONS, WINDOW_REASONS

# 办结 with any result (不予受理 too), and a one-time notice waiting on the applicant.
RATEABLE = (Case.Status.COMPLETED, Case.Status.DELIVERED, Case.Status.AWAITING_APPLICANT)
COMMENT_MAX = 500
REASONS_BY_CHANNEL = {
    Evaluation.Channel.ONLINE: ONLINE_REASONS,
    Evaluation.Channel.WINDOW: WINDOW_REASONS,
}


def is_rated(case: Case) -> bool:
    """Whether the case has its rating (read with the case when it was select_related)."""
    try:
        return case.evaluation is not None
    except Evaluation.DoesNotExist:
        return False


def can_rate(case: Case) -> bool:
    """Whether the case may be rated now: finished or waiting on a notice, and not yet rated."""
    return case.status in RATEABLE and not is_rated(case)


def reasons_for(channel: str) -> list:
    """The indicators (评价内容) an applicant may tick on this channel."""
    return REASONS_BY_CHANNEL[channel]


def _grade(value) -> int:
    try:
        grade = int(value)
    except (TypeError, ValueError):
        grade = 0
    if grade not in Grade.values:
        raise InvalidInput(_("请选择评价等级。"), "grade")
    return grade


def _reasons(codes: list[str], channel: str, grade: int) -> list[str]:
    """The ticked indicators in the channel's order; a bad grade must name at least one."""
    allowed = reasons_for(channel)
    chosen = set(codes or [])
    if not chosen <= set(allowed):
        raise InvalidInput(_("所选评价内容不在可选范围内，请重新勾选。"), "reasons")
    if grade in BAD_GRADES and not chosen:
        raise InvalidInput(
            _("选择“不满意”或“非常不满意”时，请至少勾选一项您不满意的方面。"), "reasons"
        )
    return [code for code in allowed if code in chosen]


def _comment(text: str) -> tuple[str, str]:
    """The comment as typed, and as the public may see it (personal information masked)."""
    comment = (text or "").strip()
    if len(comment) > COMMENT_MAX:
        raise InvalidInput(
            _("评价意见不能超过 %(n)d 个字（现有 %(count)d 个字）。")
            % {"n": COMMENT_MAX, "count": len(comment)},
            "comment",
        )
    public = pii.mask(comment)
    # Never trust the masking without checking its result: nothing public if anything is left.
    if pii.scan(public):
        public = ""
    return comment, public


def _check_rater(actor: User | None, case: Case, channel: str) -> None:
    """Online: the applicant alone (no staff account); at the window: a clerk or approver of
    the case's department, who opened the pad the applicant presses."""
    if channel == Evaluation.Channel.ONLINE:
        if actor is not None:
            raise PermissionDenied(_("网上评价只能由申请人本人提交，工作人员不能代为评价。"))
        return
    if channel != Evaluation.Channel.WINDOW:
        raise InvalidInput(_("评价渠道无效。"), "channel")
    require_handler(actor, case)


@transaction.atomic
def rate_case(
    *,
    case: Case,
    grade: int,
    reasons: list[str],
    comment: str,
    channel: str,
    actor: User | None = None,
) -> Evaluation:
    """评价: the applicant's one rating of the case (actor None: online; a clerk: the pad)."""
    case = lock(case)
    _check_rater(actor, case, channel)
    if Evaluation.objects.filter(case_id=case.pk).exists():
        raise InvalidTransition(_("已评价：每个办件只能评价一次，评价后不能修改。"))
    require_status(case, *RATEABLE)
    grade = _grade(grade)
    codes = _reasons(reasons, channel, grade)
    comment, comment_public = _comment(comment)
    evaluation = Evaluation.objects.create(
        case=case,
        department_id=case.department_id,
        handler_id=case.handler_id,
        channel=channel,
        grade=grade,
        reasons=",".join(codes),
        comment=comment,
        comment_public=comment_public,
        rated_at=timezone.now(),
    )
    summary.refresh(summary.rating_days(evaluation))
    # The comment stays out of the audit trail: it may hold what the applicant should not
    # have typed; the event says who recorded which grade, and how.
    audit.record(
        "services.rate",
        actor=actor,
        obj=evaluation,
        actor_label="" if actor else "applicant",
        data={
            "case": case.number,
            "channel": channel,
            "grade": grade,
            "reasons": codes,
            "pad_opened_by": actor.get_username() if actor else "",
        },
    )
    if evaluation.is_bad:
        open_rectification(evaluation)
    pagecache.change_version(PAGE_VERSION)
    return evaluation
