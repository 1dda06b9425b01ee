"""Handling a request before the reply, on the statutory clock (条例 Art. 30-34): the
correction notice (Art. 30), consultation of a third party (Art. 32) or another agency
(Art. 34), the one extension (Art. 33); and afterwards the 行政复议 and 行政诉讼 about it.

- correction notice: the reply clock is paused while the applicant corrects; the corrected
  application restarts the whole period from the day it arrives (Art. 30); a deadline that
  passes uncorrected closes the request under 六.1 (`close_uncorrected`, run daily);
- consultation: the reply clock pauses on the day the letter goes out and counts again from
  the day after the opinion (or the end of the opinion period) arrives; the opinion period
  is its own clock;
- extension: once, at most EXTENSION_MAX_DAYS, approved by the head of the disclosure office.
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
from gongkai.core.models import User
from gongkai.disclosure import notices, permissions
from gongkai.disclosure.actions._shared import (
    attach,
    check_day,
    choice,
    event,
    lock,
    require_handler,
    require_open,
    required,
    stop_if_running,
    store,
)
from gongkai.disclosure.models import (
    Consultation,
    DisclosureRequest,
    RequestDocument,
    RequestEvent,
    ReviewCase,
)
from gongkai.disclosure.rules import (
    EXTENSION_MAX_DAYS,
    OTHER_AGENCY_DAYS,
    REPLY_DAYS,
    THIRD_PARTY_DAYS,
    WITHDRAWN_NO_CORRECTION,
    ReviewKind,
    ReviewResult,
)


@transaction.atomic
def request_correction(
    *, actor: User, request: DisclosureRequest, on: date, items: str, deadline: date | None = None
) -> RequestDocument:
    """Art. 30: one notice listing everything to correct, with a deadline; the clock waits."""
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
    )
    audit.record(
        "disclosure.correction_request",
        actor=actor,
        obj=request,
        data={"on": on, "deadline": deadline},
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
) -> None:
    """Art. 30: the corrected application arrived on `on`: the reply period starts again."""
    request = lock(request)
    require_handler(actor, request)
    if request.status != DisclosureRequest.Status.CORRECTION:
        raise InvalidTransition(_("此申请不在待补正状态。"))
    check_day(on, request)
    request.status = DisclosureRequest.Status.PROCESSING
    request.save(update_fields=["status"])
    core_actions.restart_clock(
        actor=actor,
        clock=request.reply_clock,
        on=on,
        days=REPLY_DAYS,
        reason=_("收到补正后的申请，答复期限重新起算"),
    )
    request.reply_clock.refresh_from_db()
    document = None
    if file is not None:
        document = attach(
            actor, request, RequestDocument.Kind.CORRECTED_APPLICATION, file, for_applicant=False
        )
    event(request, RequestEvent.Kind.CORRECTED, on=on, actor=actor, note=note, document=document)
    audit.record(
        "disclosure.corrected",
        actor=actor,
        obj=request,
        data={"on": on, "due": request.reply_clock.due_date},
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


@transaction.atomic
def start_consultation(
    *, actor: User, request: DisclosureRequest, party: str, party_name: str, on: date
) -> Consultation:
    """Art. 32 / 34: ask a third party or another agency; the reply clock pauses from `on`."""
    request = lock(request)
    require_handler(actor, request)
    if request.status != DisclosureRequest.Status.PROCESSING:
        raise InvalidTransition(_("只有办理中的申请可以征求意见。"))
    choice(party, Consultation.Party, "party", _("请选择征求对象类型。"))
    party_name = required(party_name, "party_name", _("请填写征求意见的对象。"), 100)
    check_day(on, request)
    days = THIRD_PARTY_DAYS if party == Consultation.Party.THIRD_PARTY else OTHER_AGENCY_DAYS
    core_actions.pause_clock(
        actor=actor, clock=request.reply_clock, on=on, reason=_("征求意见，所需时间不计算在内")
    )
    consultation = Consultation.objects.create(
        request=request, party=party, party_name=party_name, started_on=on
    )
    consultation.opinion_clock = core_actions.start_clock(
        actor=actor,
        purpose=_("征求意见期限（%(number)s，%(party)s）")
        % {"number": request.number, "party": party_name},
        start=on,
        days=days,
        subject=consultation,
    )
    consultation.save(update_fields=["opinion_clock"])
    request.status = DisclosureRequest.Status.CONSULTING
    request.save(update_fields=["status"])
    event(
        request,
        RequestEvent.Kind.CONSULTATION_STARTED,
        on=on,
        actor=actor,
        # The applicant sees this line: the kind of party, not its name (it may be the very
        # third party whose interests are at stake).
        note=_("向%(kind)s征求意见，征求意见期限至%(due)s，其间不计入答复期限")
        % {
            "kind": consultation.get_party_display(),
            "due": notices.format_day(consultation.opinion_clock.due_date),
        },
    )
    audit.record(
        "disclosure.consultation_start",
        actor=actor,
        obj=request,
        data={"party": party, "on": on, "opinion_due": consultation.opinion_clock.due_date},
    )
    return consultation


@transaction.atomic
def end_consultation(
    *, actor: User, consultation: Consultation, on: date, opinion: str = ""
) -> None:
    """The opinion arrived (or its period ended) on `on`: the reply clock counts again."""
    request = lock(consultation.request)
    require_handler(actor, request)
    consultation = Consultation.objects.select_for_update().get(pk=consultation.pk)
    if consultation.ended_on is not None:
        raise InvalidTransition(_("此次征求意见已经结束。"))
    if on < consultation.started_on:
        raise InvalidInput(_("结束日期不能早于发出日期。"), "on")
    check_day(on, request)
    consultation.ended_on, consultation.opinion = on, (opinion or "").strip()
    consultation.save(update_fields=["ended_on", "opinion"])
    stop_if_running(actor, consultation.opinion_clock, on)
    core_actions.resume_clock(actor=actor, clock=request.reply_clock, on=on)
    request.reply_clock.refresh_from_db()
    request.status = DisclosureRequest.Status.PROCESSING
    request.save(update_fields=["status"])
    silent = not consultation.opinion
    kind = consultation.get_party_display()
    event(
        request,
        RequestEvent.Kind.CONSULTATION_ENDED,
        on=on,
        actor=actor,
        note=_("%(kind)s逾期未提出意见，由本机关依法决定") % {"kind": kind}
        if silent
        else _("收到%(kind)s的意见") % {"kind": kind},
    )
    audit.record(
        "disclosure.consultation_end",
        actor=actor,
        obj=request,
        data={"on": on, "due": request.reply_clock.due_date, "silent": silent},
    )


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


@transaction.atomic
def add_review_case(
    *,
    actor: User,
    request: DisclosureRequest,
    kind: str,
    filed_on: date,
    body: str = "",
    note: str = "",
) -> ReviewCase:
    request = lock(request)
    require_handler(actor, request)
    choice(kind, ReviewKind, "kind", _("请选择行政复议或行政诉讼类型。"))
    if filed_on > today():
        raise InvalidInput(_("日期不能晚于今天。"), "filed_on")
    if filed_on < request.received_on:
        raise InvalidInput(_("立案日期不能早于收到申请的日期。"), "filed_on")
    case = ReviewCase.objects.create(
        request=request, kind=kind, filed_on=filed_on, body=body.strip()[:100], note=note
    )
    event(
        request,
        RequestEvent.Kind.REVIEW,
        on=filed_on,
        actor=actor,
        note=case.get_kind_display(),
        public=False,
    )
    audit.record(
        "disclosure.review_add", actor=actor, obj=case, data={"kind": kind, "filed_on": filed_on}
    )
    return case


@transaction.atomic
def conclude_review_case(
    *, actor: User, case: ReviewCase, result: str, concluded_on: date | None
) -> ReviewCase:
    case = ReviewCase.objects.select_for_update().get(pk=case.pk)
    require_handler(actor, case.request)
    choice(result, ReviewResult, "result", _("请选择结果。"))
    if result == ReviewResult.PENDING:
        concluded_on = None
    elif concluded_on is None:
        raise InvalidInput(_("请填写审结日期。"), "concluded_on")
    elif concluded_on < case.filed_on or concluded_on > today():
        raise InvalidInput(_("审结日期应在立案日期与今天之间。"), "concluded_on")
    case.result, case.concluded_on = result, concluded_on
    case.save(update_fields=["result", "concluded_on"])
    audit.record(
        "disclosure.review_conclude",
        actor=actor,
        obj=case,
        data={"result": result, "concluded_on": concluded_on},
    )
    return case
