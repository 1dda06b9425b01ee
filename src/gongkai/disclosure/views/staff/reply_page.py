"""The reply's part of the request page: the draft form (showing the draft again), sending
it, its 保密审查 (条例 Art. 17) and the Art. 35 steps, with which of them the request and the
user allow now (the actions check again)."""

from __future__ import annotations

from datetime import date

from gongkai.disclosure import actions, permissions
from gongkai.disclosure.models import DisclosureRequest
from gongkai.disclosure.reply_forms import (
    DelayForm,
    ReasonsForm,
    SecrecyReviewForm,
    SendReplyForm,
    reply_initial,
)
from gongkai.disclosure.rules import FeeMethod
from gongkai.disclosure.staff_forms import ReplyForm


def reply_forms(r: DisclosureRequest, on: date) -> dict:
    return {
        "reply": ReplyForm(
            auto_id="id_reply_%s", initial={"fee_method": FeeMethod.NONE, **reply_initial(r)}
        ),
        "send": SendReplyForm(auto_id="id_send_%s", initial={"on": on}),
        "secrecy": SecrecyReviewForm(auto_id="id_secrecy_%s", initial={"on": on}),
        "reasons": ReasonsForm(auto_id="id_reasons_%s", initial={"on": on}),
        "delay": DelayForm(auto_id="id_delay_%s", initial={"on": on}),
    }


def reply_steps(user, r: DisclosureRequest) -> dict:
    """The reply's steps the page offers: `reply` (draft) is the handlers' (detail.py)."""
    processing = r.status == DisclosureRequest.Status.PROCESSING
    handles = permissions.can_handle(user, r)
    draft = processing and actions.has_draft(r)
    awaiting = actions.awaits_secrecy_review(r)
    return {
        "draft": draft,
        "awaiting_review": awaiting,
        "send": handles and draft and not awaiting,
        # Art. 17: by a reviewer who did not draft it.
        "secrecy": awaiting
        and r.drafted_by_id != user.pk
        and permissions.can_review_secrecy(user, r),
        "reasons": handles and processing and r.reasons_requested_on is None,
        "delay": handles
        and processing
        and r.reasons_requested_on is not None
        and r.reply_delayed_to is None,
    }
