"""条例 Art. 35: requests clearly beyond a reasonable number or frequency.

The agency may ask the applicant to state reasons. Reasons found unreasonable: the reply is
（五）不予处理 4.无正当理由大量反复申请 (reply.py refuses that outcome until reasons were asked
for). Reasons found reasonable, but the reply cannot be made within the Art. 33 period: a
reasonable later reply date is set and the applicant told (`delay_reply`). Asking for reasons
does not stop the reply period: the 条例 excludes only the time of consultations (Art. 33).
"""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.utils.translation import gettext as _

from gongkai.core import actions as core_actions
from gongkai.core import audit
from gongkai.core.calendar import is_working_day, working_days_between
from gongkai.core.errors import InvalidInput, InvalidTransition
from gongkai.core.models import User
from gongkai.disclosure import reasons_notices
from gongkai.disclosure.actions._shared import (
    check_day,
    event,
    lock,
    require_handler,
    required,
    store,
)
from gongkai.disclosure.models import DisclosureRequest, RequestDocument, RequestEvent
from gongkai.disclosure.notices import format_day


def _require_processing(request: DisclosureRequest) -> None:
    if request.status != DisclosureRequest.Status.PROCESSING:
        raise InvalidTransition(_("只有办理中的申请可以要求说明理由或确定延迟答复期限。"))


@transaction.atomic
def request_reasons(
    *, actor: User, request: DisclosureRequest, on: date, grounds: str
) -> RequestDocument:
    """Art. 35: ask the applicant to state reasons, saying why the requests are beyond a
    reasonable range (a notice for the applicant)."""
    request = lock(request)
    require_handler(actor, request)
    _require_processing(request)
    if request.reasons_requested_on is not None:
        raise InvalidTransition(_("已要求申请人说明理由，不能重复要求。"))
    grounds = required(
        grounds,
        "grounds",
        _("请写明申请数量、频次明显超过合理范围的情况（如本月已申请的件数）。"),
        2000,
    )
    check_day(on, request)
    request.reasons_requested_on = on
    request.save(update_fields=["reasons_requested_on"])
    name, pdf = reasons_notices.reasons_notice(request, grounds=grounds, on=on)
    document = store(
        actor, request, RequestDocument.Kind.REASONS_NOTICE, name, pdf, for_applicant=True
    )
    event(
        request,
        RequestEvent.Kind.REASONS_REQUESTED,
        on=on,
        actor=actor,
        note=grounds,
        document=document,
    )
    audit.record("disclosure.reasons_request", actor=actor, obj=request, data={"on": on})
    return document


@transaction.atomic
def delay_reply(
    *, actor: User, request: DisclosureRequest, on: date, reasons: str, due: date
) -> RequestDocument:
    """Art. 35: the applicant's reasons are reasonable but the reply cannot be made in time:
    the reply date moves to `due` (a working day after the current due date), told to the
    applicant within the current period (told after it, the reply is simply late)."""
    request = lock(request)
    require_handler(actor, request)
    _require_processing(request)
    if request.reasons_requested_on is None:
        raise InvalidTransition(_("须先要求申请人说明理由（第三十五条），再确定延迟答复期限。"))
    if request.reply_delayed_to is not None:
        raise InvalidTransition(_("已确定过延迟答复期限。"))
    reasons = required(reasons, "reasons", _("请填写申请人说明的理由。"), 2000)
    check_day(on, request)
    if on < request.reasons_requested_on:
        raise InvalidInput(_("日期不能早于要求说明理由的日期。"), "on")
    clock = request.reply_clock
    if on > clock.due_date:
        raise InvalidInput(
            _("答复期限（%(due)s）已过：延迟答复期限应在答复期限内确定并告知申请人。")
            % {"due": format_day(clock.due_date)},
            "on",
        )
    if due <= clock.due_date:
        raise InvalidInput(
            _("延迟答复期限须晚于现在的答复期限（%(due)s）。")
            % {"due": format_day(clock.due_date)},
            "due",
        )
    working, _provisional = is_working_day(due)
    if not working:
        raise InvalidInput(_("延迟答复期限须为工作日。"), "due")
    days, _provisional = working_days_between(clock.due_date, due)
    core_actions.extend_clock(
        actor=actor, clock=clock, days=days, reason=_("第三十五条：确定延迟答复的合理期限")
    )
    request.reply_clock.refresh_from_db()
    request.reply_delayed_to = request.reply_clock.due_date
    request.save(update_fields=["reply_delayed_to"])
    name, pdf = reasons_notices.delay_notice(
        request, reasons=reasons, due=request.reply_delayed_to, on=on
    )
    document = store(
        actor, request, RequestDocument.Kind.DELAY_NOTICE, name, pdf, for_applicant=True
    )
    event(
        request,
        RequestEvent.Kind.REPLY_DELAYED,
        on=on,
        actor=actor,
        note=_("申请理由合理，延迟至%(due)s前答复。申请人说明的理由：%(reasons)s")
        % {"due": format_day(request.reply_delayed_to), "reasons": reasons},
        document=document,
    )
    audit.record(
        "disclosure.reply_delay",
        actor=actor,
        obj=request,
        data={"on": on, "due": request.reply_delayed_to, "days": days},
    )
    return document
