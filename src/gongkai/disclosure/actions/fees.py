"""The information processing fee as a process (条例 Art. 42, 国办函〔2020〕109号):

- counting: per applicant per agency per calendar month (109号 Art. 4); an application holding
  several matters may be split (一事一申请) and counted as several, with the reason recorded;
- the 收费通知, sent within the reply period (Art. 6): the reply clock pauses on the day it is
  sent and counts again from the day after payment, so the days waited move the due date;
- the payment period, 20 working days from the day after the applicant received the notice
  (its own clock, started when that day is recorded); unpaid after it, the request is closed
  as 六.2 with its notice (`close_unpaid`, run daily by the worker);
- a waiver for hardship, approved by the head of the disclosure office, with its reason.

The reply takes the fee from here (`reply_fee`): a fee that is due is never a line added to
a reply, it is notified and paid (or waived) first.
"""

from __future__ import annotations

from datetime import date

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Q, Sum
from django.utils.translation import gettext as _

from gongkai.core import actions as core_actions
from gongkai.core import audit
from gongkai.core.clock import today
from gongkai.core.errors import InvalidInput, InvalidTransition
from gongkai.core.models import Clock, User
from gongkai.disclosure import fee_notice, fees, notices, permissions
from gongkai.disclosure.actions._shared import (
    check_day,
    event,
    lock,
    not_after_today,
    require_handler,
    require_open,
    required,
    stop_if_running,
    store,
)
from gongkai.disclosure.models import (
    DisclosureRequest,
    ProcessingFee,
    RequestDocument,
    RequestEvent,
)
from gongkai.disclosure.rules import FEE_PAYMENT_DAYS, FEE_UNPAID, FeeMethod

# An application split into more pieces than this is a typing mistake, not 一事一申请.
MAX_PIECES = 100
CHARGED_METHODS = (FeeMethod.PER_APPLICATION, FeeMethod.PER_PAGE)


def applications_before(request: DisclosureRequest) -> int:
    """Applications the applicant made to this agency earlier in the calendar month of this
    one's receipt, each counted as many times as it was split (109号 Art. 4)."""
    if not request.id_number_index:
        return 0  # no identity document given (a transfer): nobody's earlier applications
    start = request.received_on.replace(day=1)
    earlier = DisclosureRequest.objects.filter(
        Q(received_on__lt=request.received_on)
        | Q(received_on=request.received_on, pk__lt=request.pk),
        id_number_index=request.id_number_index,
        department_id=request.department_id,
        received_on__gte=start,
    )
    return earlier.aggregate(n=Sum("application_count"))["n"] or 0


def nth_application_this_month(request: DisclosureRequest) -> int:
    """The number of this application in the applicant's month at this agency (1-based)."""
    return applications_before(request) + 1


def fee_quote(request: DisclosureRequest, method: str, pages: int | None) -> fees.Quote:
    """What the officer's screen and the fee notice compute for this request."""
    return fees.quote(
        method,
        nth_this_month=nth_application_this_month(request),
        pages=pages or 0,
        count=request.application_count,
    )


def _checked_quote(request, method: str, pages: int | None) -> fees.Quote:
    if method not in CHARGED_METHODS:
        raise InvalidInput(_("请选择按件计收或按量计收。"), "fee_method")
    if method == FeeMethod.PER_PAGE and (pages is None or pages < 0):
        raise InvalidInput(_("按量计收须填写页数。"), "fee_pages")
    quote = fee_quote(request, method, pages)
    if not quote.yuan:
        raise InvalidInput(
            _("%(basis)s，在免费范围内，应收 0 元，不收取信息处理费。")
            % {"basis": fees.basis_text(quote)},
            "fee_pages" if method == FeeMethod.PER_PAGE else "fee_method",
        )
    return quote


def _new_fee(request, method: str, pages: int | None, quote: fees.Quote, **fields):
    return ProcessingFee.objects.create(
        request=request,
        method=method,
        quantity=quote.quantity,
        applications=quote.count if method == FeeMethod.PER_APPLICATION else 1,
        amount=quote.yuan,
        bands=[band.to_json() for band in quote.bands],
        **fields,
    )


def _fee_of(request) -> ProcessingFee | None:
    return ProcessingFee.objects.select_for_update().filter(request=request).first()


@transaction.atomic
def split_application(
    *, actor: User, request: DisclosureRequest, count: int, reason: str, on: date
) -> None:
    """109号 Art. 4 (一事一申请): count an application holding several matters as `count`,
    by the smallest reasonable unit, with the reason; before any fee is decided."""
    request = lock(request)
    require_handler(actor, request)
    require_open(request)
    if ProcessingFee.objects.filter(request=request).exists():
        raise InvalidTransition(_("信息处理费已经确定，不能再拆分计件。"))
    if not isinstance(count, int) or not 1 <= count <= MAX_PIECES:
        raise InvalidInput(_("计件数应为 1 至 %(max)d 之间的整数。") % {"max": MAX_PIECES}, "count")
    if count == request.application_count:
        raise InvalidInput(_("此申请已按 %(n)d 件计算，计件数没有改变。") % {"n": count}, "count")
    reason = required(reason, "reason", _("请写明拆分计件的理由（申请包含哪几项内容）。"), 1000)
    check_day(on, request)
    before = request.application_count
    request.application_count, request.split_reason = count, reason
    request.save(update_fields=["application_count", "split_reason"])
    event(
        request,
        RequestEvent.Kind.SPLIT,
        on=on,
        actor=actor,
        note=_("按“一事一申请”原则，本申请按 %(n)d 件计算：%(reason)s")
        % {"n": count, "reason": reason},
    )
    audit.record(
        "disclosure.split",
        actor=actor,
        obj=request,
        data={"from": before, "to": count, "on": on},
    )


@transaction.atomic
def send_fee_notice(
    *,
    actor: User,
    request: DisclosureRequest,
    method: str,
    pages: int | None,
    payment_method: str,
    on: date,
    received_on: date | None = None,
) -> RequestDocument:
    """109号 Art. 6: within the reply period, the 收费通知 (basis, standard, amount, how to
    pay); the reply clock pauses from `on` until payment."""
    request = lock(request)
    require_handler(actor, request)
    if request.status != DisclosureRequest.Status.PROCESSING:
        if request.status == DisclosureRequest.Status.FEE:
            raise InvalidTransition(_("收费通知已经发出，正在等待申请人缴费。"))
        raise InvalidTransition(_("只有办理中的申请可以发出收费通知（补正、征求意见期间不能）。"))
    if ProcessingFee.objects.filter(request=request).exists():
        raise InvalidTransition(_("此申请的信息处理费已经确定（已缴纳或已减免）。"))
    quote = _checked_quote(request, method, pages)
    payment_method = required(
        payment_method, "payment_method", _("请写明缴纳方式（缴款账户、缴款码或地点）。"), 2000
    )
    check_day(on, request)
    clock = request.reply_clock
    if clock.state != Clock.State.RUNNING or on > clock.due_date:
        raise InvalidInput(
            _("收费通知应当在答复期限内发出：答复期限至%(due)s。")
            % {"due": notices.format_day(clock.due_date)},
            "on",
        )
    if received_on is not None:
        _check_received(received_on, on)
    fee = _new_fee(request, method, pages, quote, payment_method=payment_method, sent_on=on)
    request.fee_method = method
    request.fee_pages = pages if method == FeeMethod.PER_PAGE else None
    request.fee_amount = quote.yuan
    request.status = DisclosureRequest.Status.FEE
    request.save(update_fields=["fee_method", "fee_pages", "fee_amount", "status"])
    core_actions.pause_clock(
        actor=actor, clock=clock, on=on, reason=_("发出收费通知，缴费前不计算在答复期限内")
    )
    name, pdf = fee_notice.fee_notice(request, fee, on=on)
    document = store(actor, request, RequestDocument.Kind.FEE_NOTICE, name, pdf, for_applicant=True)
    fee.notice = document
    fee.save(update_fields=["notice"])
    event(
        request,
        RequestEvent.Kind.FEE_NOTICE,
        on=on,
        actor=actor,
        note=_(
            "%(basis)s，应缴信息处理费 %(amount)d 元。请自收到收费通知次日起 %(days)d 个工作日内"
            "缴纳，逾期未缴纳的视为放弃申请；缴费前答复期限暂停计算。"
        )
        % {"basis": fees.basis_text(quote), "amount": quote.yuan, "days": FEE_PAYMENT_DAYS},
        document=document,
    )
    audit.record(
        "disclosure.fee_notice",
        actor=actor,
        obj=request,
        data={"method": method, "quantity": quote.quantity, "amount": quote.yuan, "on": on},
    )
    if received_on is not None:
        _received(actor, request, fee, received_on)
    return document


def _check_received(received_on: date, sent_on: date, field: str = "received_on") -> None:
    if received_on < sent_on:
        raise InvalidInput(_("申请人收到收费通知的日期不能早于发出日期。"), field)
    not_after_today(received_on, field)


def _received(actor, request, fee: ProcessingFee, on: date) -> None:
    """The applicant received the notice on `on`: the payment period starts the next day."""
    fee.received_on = on
    fee.payment_clock = core_actions.start_clock(
        actor=actor,
        purpose=_("缴费期限（%(number)s）") % {"number": request.number},
        start=on,
        days=FEE_PAYMENT_DAYS,
        subject=fee,
    )
    fee.save(update_fields=["received_on", "payment_clock"])
    event(
        request,
        RequestEvent.Kind.FEE_NOTICE_RECEIVED,
        on=on,
        actor=actor,
        note=_("请于%(due)s之前（含当日）缴纳信息处理费 %(amount)d 元，逾期未缴纳的视为放弃申请。")
        % {"due": notices.format_day(fee.payment_clock.due_date), "amount": fee.amount},
    )
    audit.record(
        "disclosure.fee_notice_received",
        actor=actor,
        obj=request,
        data={"on": on, "pay_by": fee.payment_clock.due_date},
    )


@transaction.atomic
def record_fee_notice_received(*, actor: User, request: DisclosureRequest, on: date) -> None:
    """The day the applicant received the fee notice (a signed receipt, the e-mail sent)."""
    request = lock(request)
    require_handler(actor, request)
    fee = _fee_of(request)
    if fee is None or not fee.awaiting_payment:
        raise InvalidTransition(_("此申请没有待缴费的收费通知。"))
    if fee.received_on is not None:
        raise InvalidTransition(_("已经登记过申请人收到收费通知的日期。"))
    _check_received(on, fee.sent_on, "on")
    _received(actor, request, fee, on)


@transaction.atomic
def record_fee_payment(
    *, actor: User, request: DisclosureRequest, on: date, note: str = ""
) -> ProcessingFee:
    """The fee was paid on `on`: the reply clock counts again from the next day."""
    request = lock(request)
    require_handler(actor, request)
    fee = _fee_of(request)
    if request.status != DisclosureRequest.Status.FEE or fee is None or not fee.awaiting_payment:
        raise InvalidTransition(_("此申请没有待缴费的收费通知。"))
    if on < fee.sent_on:
        raise InvalidInput(_("缴费日期不能早于收费通知发出日期。"), "on")
    not_after_today(on)
    if fee.payment_due is not None and on > fee.payment_due:
        raise InvalidInput(
            _("缴费期限已于%(due)s届满，逾期未缴纳的视为放弃申请。")
            % {"due": notices.format_day(fee.payment_due)},
            "on",
        )
    note = (note or "").strip()
    if len(note) > 200:
        raise InvalidInput(_("内容过长：不能超过 %(n)d 个字。") % {"n": 200}, "note")
    fee.paid_on, fee.payment_note = on, note
    fee.save(update_fields=["paid_on", "payment_note"])
    stop_if_running(actor, fee.payment_clock, on)
    _resume(actor, request, on)
    event(
        request,
        RequestEvent.Kind.FEE_PAID,
        on=on,
        actor=actor,
        note=_("已缴纳信息处理费 %(amount)d 元，答复期限自次日起恢复计算。")
        % {"amount": fee.amount},
    )
    audit.record(
        "disclosure.fee_paid",
        actor=actor,
        obj=request,
        data={"on": on, "amount": fee.amount, "due": request.reply_clock.due_date},
    )
    return fee


def _resume(actor, request, on: date) -> None:
    core_actions.resume_clock(actor=actor, clock=request.reply_clock, on=on)
    request.reply_clock.refresh_from_db()
    request.status = DisclosureRequest.Status.PROCESSING
    request.save(update_fields=["status"])


@transaction.atomic
def waive_fee(
    *,
    actor: User,
    request: DisclosureRequest,
    reason: str,
    on: date,
    method: str = FeeMethod.NONE,
    pages: int | None = None,
) -> ProcessingFee:
    """A fee waived for hardship, approved by the head of the disclosure office, with the
    reason: before any notice (`method` and `pages` count it), or while a notice awaits
    payment (the reply clock then counts again from the next day)."""
    request = lock(request)
    if not permissions.can_waive_fee(actor, request):
        raise PermissionDenied(_("减免信息处理费须经政府信息公开工作机构负责人同意。"))
    require_open(request)
    reason = required(reason, "reason", _("请写明减免的理由（如申请人经济困难的情况）。"), 1000)
    check_day(on, request)
    fee = _fee_of(request)
    if fee is not None:
        if not fee.awaiting_payment:
            raise InvalidTransition(_("此申请的信息处理费已经缴纳或减免。"))
        if on < fee.sent_on:
            raise InvalidInput(_("减免日期不能早于收费通知发出日期。"), "on")
        stop_if_running(actor, fee.payment_clock, on)
        _resume(actor, request, on)
    else:
        if request.status != DisclosureRequest.Status.PROCESSING:
            raise InvalidTransition(_("只有办理中的申请可以减免信息处理费。"))
        quote = _checked_quote(request, method, pages)
        fee = _new_fee(request, method, pages, quote)
        request.fee_method = method
        request.fee_pages = pages if method == FeeMethod.PER_PAGE else None
    fee.waived_on, fee.waiver_reason, fee.waived_by = on, reason, actor
    fee.save(update_fields=["waived_on", "waiver_reason", "waived_by"])
    request.fee_amount = 0  # nothing is charged
    request.save(update_fields=["fee_method", "fee_pages", "fee_amount"])
    event(
        request,
        RequestEvent.Kind.FEE_WAIVED,
        on=on,
        actor=actor,
        # The applicant sees that the fee is waived; the reason (their circumstances) stays
        # on the staff page and in the audit log.
        note=_("应收信息处理费 %(amount)d 元，经政府信息公开工作机构负责人同意，予以免收。")
        % {"amount": fee.amount},
    )
    audit.record(
        "disclosure.fee_waived",
        actor=actor,
        obj=request,
        data={"on": on, "amount": fee.amount, "reason": reason},
    )
    return fee


@transaction.atomic
def close_unpaid(*, actor: User | None, request: DisclosureRequest, on: date) -> DisclosureRequest:
    """109号 Art. 6: not paid within the period: treated as withdrawn, outcome 六.2, and the
    applicant is told by a notice."""
    request = lock(request)
    if actor is not None:
        require_handler(actor, request)
    fee = _fee_of(request)
    if request.status != DisclosureRequest.Status.FEE or fee is None or not fee.awaiting_payment:
        raise InvalidTransition(_("此申请没有待缴费的收费通知。"))
    if fee.payment_due is None or on <= fee.payment_due:
        raise InvalidTransition(_("缴费期限尚未届满。"))
    request.status = DisclosureRequest.Status.CLOSED
    request.outcome = FEE_UNPAID
    request.reply_text = _(
        "本机关于%(sent)s向您发出收费通知，您于%(received)s收到，未在收到次日起%(days)d个工作日内"
        "（%(due)s之前）缴纳信息处理费，视为放弃申请，本机关不再处理该政府信息公开申请。"
    ) % {
        "sent": notices.format_day(fee.sent_on),
        "received": notices.format_day(fee.received_on),
        "days": FEE_PAYMENT_DAYS,
        "due": notices.format_day(fee.payment_due),
    }
    request.fee_amount = 0  # nothing was paid
    request.finished_on = on
    request.save(update_fields=["status", "outcome", "reply_text", "fee_amount", "finished_on"])
    stop_if_running(actor, fee.payment_clock, on)
    stop_if_running(actor, request.reply_clock, on)
    stop_if_running(actor, request.correction_notice_clock, on)
    name, pdf = notices.reply_notice(request, on=on)
    document = store(
        actor, request, RequestDocument.Kind.REPLY_NOTICE, name, pdf, for_applicant=True
    )
    event(
        request,
        RequestEvent.Kind.CLOSED,
        on=on,
        actor=actor,
        note=_("申请人逾期未缴纳信息处理费，视为放弃申请，不再处理。"),
        document=document,
    )
    audit.record(
        "disclosure.close_unpaid",
        actor=actor,
        obj=request,
        data={"on": on, "pay_by": fee.payment_due, "amount": fee.amount},
    )
    return request


def close_all_unpaid(on: date | None = None) -> int:
    """The daily job: close every request whose payment period ended unpaid."""
    on = on or today()
    due = DisclosureRequest.objects.filter(
        status=DisclosureRequest.Status.FEE,
        processing_fee__paid_on__isnull=True,
        processing_fee__waived_on__isnull=True,
        processing_fee__payment_clock__due_date__lt=on,
    )
    closed = 0
    for request in due:
        close_unpaid(actor=None, request=request, on=on)
        closed += 1
    return closed


def reply_fee(request: DisclosureRequest, method: str, pages: int | None) -> None:
    """Set the reply's fee fields: from the fee process when there was one (the amount paid,
    0 when waived); otherwise the method stated must come to nothing, as a fee that is due is
    notified and paid before the reply (109号 Art. 6)."""
    fee = ProcessingFee.objects.filter(request=request).first()
    if fee is not None:
        request.fee_method = fee.method
        request.fee_pages = fee.quantity if fee.method == FeeMethod.PER_PAGE else None
        request.fee_amount = fee.amount if fee.paid_on else 0
        return
    if method not in FeeMethod.values:
        raise InvalidInput(_("请选择收费方式。"), "fee_method")
    if method == FeeMethod.PER_PAGE and (pages is None or pages < 0):
        raise InvalidInput(_("按量计收须填写页数。"), "fee_pages")
    quote = fee_quote(request, method, pages)
    if quote.yuan:
        raise InvalidInput(
            _(
                "%(basis)s，应收信息处理费 %(amount)d 元：须先在答复期限内发出收费通知，"
                "申请人缴费（或经批准减免）后再作出答复。"
            )
            % {"basis": fees.basis_text(quote), "amount": quote.yuan},
            "fee_method",
        )
    request.fee_method = method
    request.fee_pages = pages if method == FeeMethod.PER_PAGE else None
    request.fee_amount = 0
