"""Handling a request before the reply, on the statutory clock (条例 Art. 30, 33): the
correction notice (Art. 30) and the one extension (Art. 33). Consultation (Art. 32, 34) is
in `consultation`; the 行政复议 and 行政诉讼 afterwards in `reviews`.

- correction notice: within CORRECTION_NOTICE_DAYS of receipt; the reply clock is paused
  while the applicant corrects; the corrected application restarts the whole period from the
  day it arrives (Art. 30); a deadline that passes uncorrected closes the request under 六.1
  (`close_uncorrected`, run daily);
- a step after its legal time (the notice after its 7 working days; the corrected application
  after its deadline, which reopens a request closed under 六.1) is accepted only with the
  reason recorded on the timeline (`late_reason`), where the supervision views find it;
- extension: once, at most EXTENSION_MAX_DAYS, approved by the head of the disclosure office
  and told to the applicant within the reply period (Art. 33); after the due date the reply
  is late, not extended.
"""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from gongkai.core import actions as core_actions
from gongkai.core import audit
from gongkai.core.calendar import add_working_days
from gongkai.core.clock import today
from gongkai.core.errors import InvalidInput, InvalidTransition
from gongkai.core.files import CheckedFile
from gongkai.core.models import Clock, User
from gongkai.disclosure import notices, permissions
from gongkai.disclosure.actions._shared import (
    attach,
    check_day,
    event,
    lock,
    require_handler,
    require_open,
    required,
    stop_if_running,
    store,
)
from gongkai.disclosure.models import (
    DisclosureRequest,
    RequestDocument,
    RequestEvent,
)
from gongkai.disclosure.rules import (
    CORRECTION_NOTICE_DAYS,
    EXTENSION_MAX_DAYS,
    REPLY_DAYS,
    WITHDRAWN_NO_CORRECTION,
)

LATE_REASON_MAX = 500


def correction_notice_due(request: DisclosureRequest) -> date:
    """Art. 30: the last day for the correction notice, 7 working days after receipt."""
    if request.correction_notice_clock_id is not None:
        return request.correction_notice_clock.due_date
    return add_working_days(request.received_on, CORRECTION_NOTICE_DAYS).day


def _late_reason(late: bool, reason: str, message: str) -> str:
    """The reason a step after its legal time was still taken: required then, else unused."""
    reason = (reason or "").strip()
    if not late:
        return ""
    if not reason:
        raise InvalidInput(message, "late_reason")
    if len(reason) > LATE_REASON_MAX:
        raise InvalidInput(
            _("内容过长：不能超过 %(n)d 个字。") % {"n": LATE_REASON_MAX}, "late_reason"
        )
    return reason


def awaits_correction(request: DisclosureRequest) -> bool:
    """A corrected application can be received: the request waits for it, or was closed as
    not corrected in time (六.1) and the applicant turns out to have had a good reason."""
    return request.status == DisclosureRequest.Status.CORRECTION or (
        request.status == DisclosureRequest.Status.CLOSED
        and request.outcome == WITHDRAWN_NO_CORRECTION
    )


@transaction.atomic
def request_correction(
    *,
    actor: User,
    request: DisclosureRequest,
    on: date,
    items: str,
    deadline: date | None = None,
    late_reason: str = "",
) -> RequestDocument:
    """Art. 30: one notice listing everything to correct, with a deadline; the clock waits.
    After the 7 working days the notice is late: only with `late_reason`, flagged."""
    request = lock(request)
    require_handler(actor, request)
    if request.status != DisclosureRequest.Status.PROCESSING:
        raise InvalidTransition(_("只有办理中的申请可以告知补正。"))
    if request.events.filter(kind=RequestEvent.Kind.CORRECTION_REQUESTED).exists():
        raise InvalidTransition(_("补正应一次性告知，此申请已告知过补正。"))
    items = (items or "").strip()
    if not items:
        raise InvalidInput(_("请列明需要补正的全部事项。"), "items")
    check_day(on, request)
    notice_due = correction_notice_due(request)
    late_reason = _late_reason(
        on > notice_due,
        late_reason,
        _(
            "补正告知应在收到申请之日起 %(days)d 个工作日内（%(due)s前）发出（条例第三十条），"
            "现已逾期：请填写逾期原因，将记入办理过程。"
        )
        % {"days": CORRECTION_NOTICE_DAYS, "due": notices.format_day(notice_due)},
    )
    if deadline is None:
        deadline = add_working_days(on, settings.DISCLOSURE_CORRECTION_DEADLINE_DAYS).day
    if deadline <= on:
        raise InvalidInput(_("补正期限应晚于告知日期。"), "deadline")
    request.status = DisclosureRequest.Status.CORRECTION
    request.correction_deadline = deadline
    request.save(update_fields=["status", "correction_deadline"])
    stop_if_running(actor, request.correction_notice_clock, on)
    core_actions.pause_clock(
        actor=actor, clock=request.reply_clock, on=on, reason=_("告知补正，待申请人补正")
    )
    name, pdf = notices.correction_notice(request, items=items, on=on, deadline=deadline)
    document = store(
        actor, request, RequestDocument.Kind.CORRECTION_NOTICE, name, pdf, for_applicant=True
    )
    event(
        request,
        RequestEvent.Kind.CORRECTION_REQUESTED,
        on=on,
        actor=actor,
        note=items,
        document=document,
        late_reason=late_reason,
    )
    audit.record(
        "disclosure.correction_request",
        actor=actor,
        obj=request,
        data={"on": on, "deadline": deadline, "late_reason": late_reason},
    )
    return document


@transaction.atomic
def receive_correction(
    *,
    actor: User,
    request: DisclosureRequest,
    on: date,
    note: str = "",
    file: CheckedFile | None = None,
    late_reason: str = "",
) -> None:
    """Art. 30: the corrected application arrived on `on`: the reply period starts again.
    After the correction deadline only with the applicant's good reason (`late_reason`),
    flagged; a request already closed as not corrected (六.1) is then handled again."""
    request = lock(request)
    require_handler(actor, request)
    if not awaits_correction(request):
        raise InvalidTransition(_("此申请不在待补正状态。"))
    check_day(on, request)
    late_reason = _late_reason(
        on > request.correction_deadline,
        late_reason,
        _(
            "补正期限已于%(deadline)s届满。申请人有正当理由逾期补正的，请填写逾期原因，"
            "将记入办理过程（条例第三十条）。"
        )
        % {"deadline": notices.format_day(request.correction_deadline)},
    )
    reason = _("收到补正后的申请，答复期限重新起算")
    if request.status == DisclosureRequest.Status.CLOSED:
        # Closed as withdrawn (六.1) with its clock stopped: a new period on a new clock.
        request.outcome, request.finished_on = "", None
        request.delivered_on, request.delivery_note = None, ""
        request.reply_clock = core_actions.start_clock(
            actor=actor,
            purpose=_("依申请公开答复期限（%(number)s）") % {"number": request.number},
            start=on,
            days=REPLY_DAYS,
            subject=request,
        )
        note = "\n".join(filter(None, [_("撤销“逾期未补正、不再处理”，继续办理。"), note]))
    else:
        core_actions.restart_clock(
            actor=actor, clock=request.reply_clock, on=on, days=REPLY_DAYS, reason=reason
        )
        request.reply_clock.refresh_from_db()
    request.status = DisclosureRequest.Status.PROCESSING
    request.save(
        update_fields=[
            "status",
            "outcome",
            "finished_on",
            "delivered_on",
            "delivery_note",
            "reply_clock",
        ]
    )
    document = None
    if file is not None:
        document = attach(
            actor, request, RequestDocument.Kind.CORRECTED_APPLICATION, file, for_applicant=False
        )
    event(
        request,
        RequestEvent.Kind.CORRECTED,
        on=on,
        actor=actor,
        note=note,
        document=document,
        late_reason=late_reason,
    )
    audit.record(
        "disclosure.corrected",
        actor=actor,
        obj=request,
        data={"on": on, "due": request.reply_clock.due_date, "late_reason": late_reason},
    )


@transaction.atomic
def close_uncorrected(
    *, actor: User | None, request: DisclosureRequest, on: date
) -> DisclosureRequest:
    """Art. 30: not corrected by the deadline: treated as withdrawn, outcome 六.1."""
    request = lock(request)
    if actor is not None:
        require_handler(actor, request)
    if request.status != DisclosureRequest.Status.CORRECTION:
        raise InvalidTransition(_("此申请不在待补正状态。"))
    if on <= request.correction_deadline:
        raise InvalidTransition(_("补正期限尚未届满。"))
    request.status = DisclosureRequest.Status.CLOSED
    request.outcome = WITHDRAWN_NO_CORRECTION
    request.finished_on = on
    request.save(update_fields=["status", "outcome", "finished_on"])
    stop_if_running(actor, request.reply_clock, on)
    event(
        request,
        RequestEvent.Kind.CLOSED,
        on=on,
        actor=actor,
        note=_("申请人逾期未补正，视为放弃申请，不再处理。"),
    )
    audit.record("disclosure.close_uncorrected", actor=actor, obj=request, data={"on": on})
    return request


def close_all_uncorrected(on: date | None = None) -> int:
    """The daily job: close every request whose correction deadline has passed."""
    on = on or today()
    due = DisclosureRequest.objects.filter(
        status=DisclosureRequest.Status.CORRECTION, correction_deadline__lt=on
    )
    closed = 0
    for request in due:
        close_uncorrected(actor=None, request=request, on=on)
        closed += 1
    return closed


def reply_period_over(request: DisclosureRequest, on: date | None = None) -> bool:
    """Art. 33: the reply period has ended (a paused clock had no days left when it paused)."""
    clock = request.reply_clock
    if clock.state == Clock.State.PAUSED:
        return clock.remaining_at_pause < 0
    return (on or today()) > clock.due_date


@transaction.atomic
def extend(
    *, actor: User, request: DisclosureRequest, days: int, reason: str, on: date
) -> RequestDocument:
    """Art. 33: one extension of at most 20 working days, approved by the head of the
    disclosure office; the applicant is told by an extension notice."""
    request = lock(request)
    if not permissions.can_approve_extension(actor, request):
        raise PermissionDenied(_("延期答复须经政府信息公开工作机构负责人同意。"))
    require_open(request)
    if request.extended:
        raise InvalidTransition(_("答复期限只能延长一次。"))
    if request.status == DisclosureRequest.Status.CORRECTION:
        raise InvalidTransition(_("待补正的申请不能延期。"))
    if reply_period_over(request):
        raise InvalidTransition(
            _(
                "答复期限已于%(due)s届满，不能再延期：延期须在答复期限内经负责人同意并告知申请人"
                "（条例第三十三条），逾期后只能尽快答复。"
            )
            % {"due": notices.format_day(request.reply_clock.due_date)}
        )
    if not isinstance(days, int) or not 1 <= days <= EXTENSION_MAX_DAYS:
        raise InvalidInput(
            _("延长期限应为 1 至 %(max)d 个工作日。") % {"max": EXTENSION_MAX_DAYS}, "days"
        )
    reason = required(reason, "reason", _("请填写延期理由。"), 500)
    check_day(on, request)
    core_actions.extend_clock(actor=actor, clock=request.reply_clock, days=days, reason=reason)
    request.reply_clock.refresh_from_db()
    request.extended = True
    request.save(update_fields=["extended"])
    name, pdf = notices.extension_notice(request, days=days, reason=reason, on=on)
    document = store(
        actor, request, RequestDocument.Kind.EXTENSION_NOTICE, name, pdf, for_applicant=True
    )
    event(
        request,
        RequestEvent.Kind.EXTENDED,
        on=on,
        actor=actor,
        note=_("延长 %(days)d 个工作日：%(reason)s") % {"days": days, "reason": reason},
        document=document,
    )
    audit.record(
        "disclosure.extend",
        actor=actor,
        obj=request,
        data={"days": days, "on": on, "due": request.reply_clock.due_date},
    )
    return document
