"""Building blocks for tests of 差评整改: a finished case and its rating, through the actions."""

from __future__ import annotations

from contextlib import nullcontext

from gongkai.services.actions import close_case, register_at_window
from gongkai.services.actions.ratings import rate_case
from gongkai.services.models import Evaluation, Grade
from gongkai.services.rules import Result
from tests.pages import at
from tests.services_cases import person, published_item, submissions


def when(text: str | None):
    """The wall clock frozen at `text`, or left running (None)."""
    return at(text) if text else nullcontext()


def finished_case(window, *, code="T-520000-DFY-001", handler=None, on="2025-09-29 09:00"):
    """A case registered at the window (by `handler`, the clerk by default) and closed the same
    day (withdrawn: any result may be rated)."""
    item = published_item(window.department, code=code)
    with when(on):
        case, _code = register_at_window(
            actor=handler or window.clerk, item=item, data=person(), materials=submissions(item)
        )
        close_case(actor=window.clerk, case=case, result=Result.WITHDRAWN, reason="申请人撤回。")
    return case


def rated(case, grade=Grade.DISSATISFIED, on="2025-09-30 10:00", comment="太慢了") -> Evaluation:
    """The applicant's online rating of `case`."""
    with when(on):
        return rate_case(
            case=case,
            grade=grade,
            reasons=["efficiency"],
            comment=comment,
            channel=Evaluation.Channel.ONLINE,
        )
