"""Building blocks for the tests of 好差评: a case at each stage a rating may come, and a
rating through the action at a fixed time."""

from __future__ import annotations

from gongkai.services import actions
from gongkai.services.actions.ratings import rate_case
from gongkai.services.models import Case, Evaluation, Grade
from tests.pages import at
from tests.services_public import applied_online, noticed
from tests.services_window import fresh

NOW = "2025-11-03 10:00"  # a Monday
# Valid personal data in a comment: a mobile number and a resident ID (GB 11643-1999).
PHONE = "13812345678"
RESIDENT_ID = "11010519491231002X"


def granted(item, window) -> Case:
    """A case applied for online, accepted and reviewed by the clerk, granted: 办结."""
    with at(NOW):
        case, _code = applied_online(item, skip=())
        actions.accept_case(actor=window.clerk, case=case)
        actions.review_case(actor=window.clerk, case=fresh(case), opinion="符合条件。")
        actions.decide_case(actor=window.approver, case=fresh(case), grant=True, opinion="准予。")
    return fresh(case)


def refused(item, window) -> Case:
    """不予受理 at intake: 办结 too."""
    with at(NOW):
        case, _code = applied_online(item, skip=())
        actions.refuse_case(actor=window.clerk, case=case, reason="不属于本部门职权范围。")
    return fresh(case)


def awaiting(item, window) -> Case:
    """A one-time notice waiting on the applicant."""
    with at(NOW):
        case, _code = applied_online(item)
        return noticed(case, window)


def rate(
    case,
    grade=Grade.SATISFIED,
    reasons=(),
    comment="",
    channel=Evaluation.Channel.ONLINE,
    actor=None,
) -> Evaluation:
    with at(NOW):
        return rate_case(
            case=case,
            grade=grade,
            reasons=list(reasons),
            comment=comment,
            channel=channel,
            actor=actor,
        )
