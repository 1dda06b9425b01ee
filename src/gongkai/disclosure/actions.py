"""Every write in 依申请公开: one function each, in a transaction, with its audit event.

The clock (DOMAIN.md section 3) is the core `Clock`; nothing here adds days to dates itself:
- receipt: the reply clock starts, REPLY_DAYS working days after `received_on` (Art. 33), and
  the correction-notice clock, CORRECTION_NOTICE_DAYS (Art. 30);
- correction notice: the reply clock is paused while the applicant corrects; the corrected
  application restarts the whole period from the day it arrives (Art. 30); a deadline that
  passes uncorrected closes the request under 六.1 (`close_uncorrected`, run daily);
- consultation of a third party (Art. 32) or another agency (Art. 34): the reply clock
  pauses on the day the letter goes out and counts again from the day after the opinion (or
  the end of the opinion period) arrives; the opinion period is its own clock;
- extension: once, at most EXTENSION_MAX_DAYS, approved by the head of the disclosure office.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass, fields
from datetime import date

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import F
from django.utils.translation import gettext as _

from gongkai.core import actions as core_actions
from gongkai.core import audit, hooks
from gongkai.core.calendar import add_working_days
from gongkai.core.clock import today
from gongkai.core.crypto import lookup_hash
from gongkai.core.errors import InvalidInput, InvalidTransition
from gongkai.core.files import CheckedFile, check_bytes
from gongkai.core.models import Clock, Department, User
from gongkai.disclosure import fees, identity, notices, permissions
from gongkai.disclosure.models import (
    AnnualReport,
    Consultation,
    DisclosureRequest,
    NoticeTemplate,
    RequestCounter,
    RequestDocument,
    RequestEvent,
    ReviewCase,
)
from gongkai.disclosure.rules import (
    CORRECTION_NOTICE_DAYS,
    EXTENSION_MAX_DAYS,
    MANUAL_FIGURE_SEPARATOR,
    OTHER_AGENCY_DAYS,
    OUTCOME_CODES,
    PARTIAL,
    REPLY_DAYS,
    REPORT_SECTIONS,
    THIRD_PARTY_DAYS,
    WITHDRAWN_NO_CORRECTION,
    ApplicantType,
    Channel,
    Delivery,
    FeeMethod,
    IdType,
    RequestedForm,
    ReviewKind,
    ReviewResult,
)
from gongkai.disclosure.search_documents import KIND as SEARCH_KIND

# Query code: 16 characters of Crockford's base32 (80 bits), shown once, stored as a keyed
# hash. With attempts rate-limited, guessing one is out of reach.
QUERY_CODE_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
QUERY_CODE_LENGTH = 16
NUMBER_FORMAT = "{year}-{serial:05d}"
OPEN_STATES = (
    DisclosureRequest.Status.PROCESSING,
    DisclosureRequest.Status.CORRECTION,
    DisclosureRequest.Status.CONSULTING,
)


@dataclass
class ApplicationData:
    """What an applicant fills in (Art. 29)."""

    applicant_type: str
    applicant_name: str
    id_type: str
    id_number: str
    phone: str
    info_title: str
    info_description: str
    requested_form: str
    delivery: str
    legal_representative: str = ""
    contact_person: str = ""
    email: str = ""
    address: str = ""
    postcode: str = ""
    info_document_number: str = ""


def _choice(value: str, choices, field: str, message: str) -> str:
    if value not in choices.values:
        raise InvalidInput(message, field)
    return value


def _required(value: str, field: str, message: str, max_length: int) -> str:
    value = (value or "").strip()
    if not value:
        raise InvalidInput(message, field)
    if len(value) > max_length:
        raise InvalidInput(_("内容过长：不能超过 %(n)d 个字。") % {"n": max_length}, field)
    return value


def check_application(data: ApplicationData) -> ApplicationData:
    """The cleaned application, or InvalidInput naming the first field that is wrong."""
    _choice(data.applicant_type, ApplicantType, "applicant_type", _("请选择申请人类型。"))
    data.applicant_name = _required(
        data.applicant_name, "applicant_name", _("请填写申请人姓名或名称。"), 100
    )
    _choice(data.id_type, IdType, "id_type", _("请选择证件类型。"))
    data.id_number = identity.check_id_number(data.id_type, data.id_number, data.applicant_type)
    organisation = data.applicant_type != ApplicantType.NATURAL
    if organisation:
        data.contact_person = _required(
            data.contact_person, "contact_person", _("法人或其他组织请填写联系人姓名。"), 50
        )
    data.phone = identity.check_phone(data.phone)
    data.email = (data.email or "").strip()
    if data.email and ("@" not in data.email or len(data.email) > 254):
        raise InvalidInput(_("电子邮箱格式不正确。"), "email")
    data.address = (data.address or "").strip()[:200]
    data.postcode = identity.check_postcode(data.postcode)
    data.info_title = _required(data.info_title, "info_title", _("请填写所需政府信息的名称。"), 200)
    data.info_description = _required(
        data.info_description,
        "info_description",
        _("请描述所需的政府信息（如内容、形成时间等），以便查找。"),
        5000,
    )
    data.info_document_number = (data.info_document_number or "").strip()[:100]
    _choice(data.requested_form, RequestedForm, "requested_form", _("请选择信息的载体形式。"))
    _choice(data.delivery, Delivery, "delivery", _("请选择获取信息的方式。"))
    if data.delivery == Delivery.EMAIL and not data.email:
        raise InvalidInput(_("选择电子邮件获取时，请填写电子邮箱。"), "email")
    if data.delivery == Delivery.POST and not data.address:
        raise InvalidInput(_("选择邮寄时，请填写通信地址。"), "address")
    return data


def new_query_code() -> str:
    raw = "".join(secrets.choice(QUERY_CODE_ALPHABET) for _i in range(QUERY_CODE_LENGTH))
    return "-".join(raw[i : i + 4] for i in range(0, QUERY_CODE_LENGTH, 4))


def _code_hash(code: str) -> str:
    return lookup_hash("".join((code or "").split()).replace("-", "").upper())


def _next_number(year: int) -> str:
    counter, _created = RequestCounter.objects.select_for_update().get_or_create(year=year)
    RequestCounter.objects.filter(pk=year).update(last=F("last") + 1)
    counter.refresh_from_db()
    return NUMBER_FORMAT.format(year=year, serial=counter.last)


def _event(request, kind, *, on, actor=None, note="", document=None, public=True):
    due = request.reply_clock.due_date if request.reply_clock_id else None
    return RequestEvent.objects.create(
        request=request,
        kind=kind,
        on=on,
        actor=actor,
        note=note,
        document=document,
        public=public,
        due_after=due,
    )


def _store(actor, request, kind, name: str, content: bytes, *, for_applicant: bool):
    checked = check_bytes(name, content)
    upload = core_actions.store_upload(actor=actor, checked=checked)
    return RequestDocument.objects.create(
        request=request, kind=kind, upload=upload, for_applicant=for_applicant
    )


def _attach(actor, request, kind, checked: CheckedFile, *, for_applicant: bool):
    upload = core_actions.store_upload(actor=actor, checked=checked)
    return RequestDocument.objects.create(
        request=request, kind=kind, upload=upload, for_applicant=for_applicant
    )


@transaction.atomic
def submit_application(
    *,
    data: ApplicationData,
    department: Department,
    channel: str = Channel.ONLINE,
    received_on: date | None = None,
    actor: User | None = None,
    id_scan: CheckedFile | None = None,
    note: str = "",
) -> tuple[DisclosureRequest, str]:
    """Register an application; returns it and its query code (shown once, never stored).

    Online (the applicant, no actor): received the day it is submitted, the platform
    confirming at once (Art. 31 "双方确认之日"). Staff register the other channels with the
    receipt date Art. 31 gives for each (`received_on`, never in the future).
    """
    data = check_application(data)
    _choice(channel, Channel, "channel", _("请选择申请方式。"))
    on = today()
    if channel == Channel.ONLINE and actor is None:
        received_on = on
    elif actor is None or not permissions.can_register(actor, department):
        raise PermissionDenied(_("只有本机关的依申请公开经办人可以登记申请。"))
    if received_on is None:
        raise InvalidInput(_("请填写收到申请的日期。"), "received_on")
    if received_on > on:
        raise InvalidInput(_("收到申请的日期不能晚于今天。"), "received_on")
    code = new_query_code()
    request = DisclosureRequest(
        number=_next_number(received_on.year),
        query_code_hash=_code_hash(code),
        department=department,
        channel=channel,
        received_on=received_on,
        registered_by=actor,
        handler=actor,  # who registers a paper application handles it until reassigned
        id_number_index=lookup_hash(data.id_number),
        **{f.name: getattr(data, f.name) for f in fields(ApplicationData)},
    )
    request.save()
    if id_scan is not None:
        request.id_scan = core_actions.store_upload(actor=actor, checked=id_scan)
    purpose = _("依申请公开答复期限（%(number)s）") % {"number": request.number}
    request.reply_clock = core_actions.start_clock(
        actor=actor, purpose=purpose, start=received_on, days=REPLY_DAYS, subject=request
    )
    request.correction_notice_clock = core_actions.start_clock(
        actor=actor,
        purpose=_("补正告知期限（%(number)s）") % {"number": request.number},
        start=received_on,
        days=CORRECTION_NOTICE_DAYS,
        subject=request,
    )
    request.save(update_fields=["id_scan", "reply_clock", "correction_notice_clock"])
    _event(request, RequestEvent.Kind.RECEIVED, on=received_on, actor=actor, note=note)
    audit.record(
        "disclosure.submit",
        actor=actor,
        obj=request,
        data={
            "number": request.number,
            "channel": channel,
            "received_on": received_on,
            "department": department.pk,
            "due": request.reply_clock.due_date,
        },
    )
    return request, code


def find_request(number: str, code: str) -> DisclosureRequest | None:
    """The request with this number and query code; None for any mismatch (no hint which)."""
    request = DisclosureRequest.objects.filter(number=(number or "").strip()).first()
    if request is None or not code:
        return None
    if not secrets.compare_digest(request.query_code_hash, _code_hash(code)):
        return None
    return request


def _lock(request: DisclosureRequest) -> DisclosureRequest:
    return DisclosureRequest.objects.select_for_update().get(pk=request.pk)


def _require_handler(actor, request) -> None:
    if not permissions.can_handle(actor, request):
        raise PermissionDenied(_("您不是此申请所属机关的依申请公开经办人。"))


def _require_open(request) -> None:
    if request.status not in OPEN_STATES:
        raise InvalidTransition(_("此申请已办结，不能再办理。"))


def _check_day(on: date, request, field: str = "on") -> None:
    if on > today():
        raise InvalidInput(_("日期不能晚于今天。"), field)
    if on < request.received_on:
        raise InvalidInput(_("日期不能早于收到申请的日期。"), field)


def _stop_if_running(actor, clock: Clock | None, on: date) -> None:
    if clock is not None and clock.state != Clock.State.STOPPED:
        core_actions.stop_clock(actor=actor, clock=clock, on=on)


@transaction.atomic
def assign_handler(*, actor: User, request: DisclosureRequest, handler: User) -> None:
    request = _lock(request)
    _require_handler(actor, request)
    if not permissions.can_handle(handler, request):
        raise InvalidInput(_("所选人员不是本机关的依申请公开经办人。"), "handler")
    request.handler = handler
    request.save(update_fields=["handler"])
    _event(
        request,
        RequestEvent.Kind.ASSIGNED,
        on=today(),
        actor=actor,
        note=handler.display_name or handler.username,
        public=False,
    )
    audit.record("disclosure.assign", actor=actor, obj=request, data={"handler": handler.pk})


@transaction.atomic
def request_correction(
    *, actor: User, request: DisclosureRequest, on: date, items: str, deadline: date | None = None
) -> RequestDocument:
    """Art. 30: one notice listing everything to correct, with a deadline; the clock waits."""
    request = _lock(request)
    _require_handler(actor, request)
    if request.status != DisclosureRequest.Status.PROCESSING:
        raise InvalidTransition(_("只有办理中的申请可以告知补正。"))
    if request.events.filter(kind=RequestEvent.Kind.CORRECTION_REQUESTED).exists():
        raise InvalidTransition(_("补正应一次性告知，此申请已告知过补正。"))
    items = (items or "").strip()
    if not items:
        raise InvalidInput(_("请列明需要补正的全部事项。"), "items")
    _check_day(on, request)
    if deadline is None:
        deadline = add_working_days(on, settings.DISCLOSURE_CORRECTION_DEADLINE_DAYS).day
    if deadline <= on:
        raise InvalidInput(_("补正期限应晚于告知日期。"), "deadline")
    request.status = DisclosureRequest.Status.CORRECTION
    request.correction_deadline = deadline
    request.save(update_fields=["status", "correction_deadline"])
    _stop_if_running(actor, request.correction_notice_clock, on)
    core_actions.pause_clock(
        actor=actor, clock=request.reply_clock, on=on, reason=_("告知补正，待申请人补正")
    )
    name, pdf = notices.correction_notice(request, items=items, on=on, deadline=deadline)
    document = _store(
        actor, request, RequestDocument.Kind.CORRECTION_NOTICE, name, pdf, for_applicant=True
    )
    _event(
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
    request = _lock(request)
    _require_handler(actor, request)
    if request.status != DisclosureRequest.Status.CORRECTION:
        raise InvalidTransition(_("此申请不在待补正状态。"))
    _check_day(on, request)
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
        document = _attach(
            actor, request, RequestDocument.Kind.CORRECTED_APPLICATION, file, for_applicant=False
        )
    _event(request, RequestEvent.Kind.CORRECTED, on=on, actor=actor, note=note, document=document)
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
    request = _lock(request)
    if actor is not None:
        _require_handler(actor, request)
    if request.status != DisclosureRequest.Status.CORRECTION:
        raise InvalidTransition(_("此申请不在待补正状态。"))
    if on <= request.correction_deadline:
        raise InvalidTransition(_("补正期限尚未届满。"))
    request.status = DisclosureRequest.Status.CLOSED
    request.outcome = WITHDRAWN_NO_CORRECTION
    request.finished_on = on
    request.save(update_fields=["status", "outcome", "finished_on"])
    _stop_if_running(actor, request.reply_clock, on)
    _event(
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
    request = _lock(request)
    _require_handler(actor, request)
    if request.status != DisclosureRequest.Status.PROCESSING:
        raise InvalidTransition(_("只有办理中的申请可以征求意见。"))
    _choice(party, Consultation.Party, "party", _("请选择征求对象类型。"))
    party_name = _required(party_name, "party_name", _("请填写征求意见的对象。"), 100)
    _check_day(on, request)
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
    _event(
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
    request = _lock(consultation.request)
    _require_handler(actor, request)
    consultation = Consultation.objects.select_for_update().get(pk=consultation.pk)
    if consultation.ended_on is not None:
        raise InvalidTransition(_("此次征求意见已经结束。"))
    if on < consultation.started_on:
        raise InvalidInput(_("结束日期不能早于发出日期。"), "on")
    _check_day(on, request)
    consultation.ended_on, consultation.opinion = on, (opinion or "").strip()
    consultation.save(update_fields=["ended_on", "opinion"])
    _stop_if_running(actor, consultation.opinion_clock, on)
    core_actions.resume_clock(actor=actor, clock=request.reply_clock, on=on)
    request.reply_clock.refresh_from_db()
    request.status = DisclosureRequest.Status.PROCESSING
    request.save(update_fields=["status"])
    silent = not consultation.opinion
    kind = consultation.get_party_display()
    _event(
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
    request = _lock(request)
    if not permissions.can_approve_extension(actor, request):
        raise PermissionDenied(_("延期答复须经政府信息公开工作机构负责人同意。"))
    _require_open(request)
    if request.extended:
        raise InvalidTransition(_("答复期限只能延长一次。"))
    if request.status == DisclosureRequest.Status.CORRECTION:
        raise InvalidTransition(_("待补正的申请不能延期。"))
    if not isinstance(days, int) or not 1 <= days <= EXTENSION_MAX_DAYS:
        raise InvalidInput(
            _("延长期限应为 1 至 %(max)d 个工作日。") % {"max": EXTENSION_MAX_DAYS}, "days"
        )
    reason = _required(reason, "reason", _("请填写延期理由。"), 500)
    _check_day(on, request)
    core_actions.extend_clock(actor=actor, clock=request.reply_clock, days=days, reason=reason)
    request.reply_clock.refresh_from_db()
    request.extended = True
    request.save(update_fields=["extended"])
    name, pdf = notices.extension_notice(request, days=days, reason=reason, on=on)
    document = _store(
        actor, request, RequestDocument.Kind.EXTENSION_NOTICE, name, pdf, for_applicant=True
    )
    _event(
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


def nth_application_this_month(request: DisclosureRequest) -> int:
    """The applicant's count of applications this calendar month, this one included
    (国办函〔2020〕109号 counts per applicant per month)."""
    start = request.received_on.replace(day=1)
    earlier = DisclosureRequest.objects.filter(
        id_number_index=request.id_number_index,
        received_on__gte=start,
        received_on__lte=request.received_on,
        pk__lt=request.pk,
    )
    return earlier.count() + 1


@dataclass
class ReplyData:
    outcome: str
    reply_text: str
    withheld: str = ""
    published_item_id: int | None = None
    fee_method: str = FeeMethod.NONE
    fee_pages: int | None = None


@transaction.atomic
def reply(
    *,
    actor: User,
    request: DisclosureRequest,
    data: ReplyData,
    on: date,
    attachments: list[CheckedFile] = (),
) -> RequestDocument:
    """Art. 36: answer with an outcome from DOMAIN.md section 3; the reply notice is made."""
    request = _lock(request)
    _require_handler(actor, request)
    if request.status != DisclosureRequest.Status.PROCESSING:
        if request.status in OPEN_STATES:
            raise InvalidTransition(_("请先结束补正或征求意见，再作出答复。"))
        raise InvalidTransition(_("此申请已办结，不能再答复。"))
    if data.outcome not in OUTCOME_CODES:
        raise InvalidInput(_("请选择办理结果（含具体情形）。"), "outcome")
    reply_text = _required(data.reply_text, "reply_text", _("请填写答复内容。"), 20000)
    withheld = (data.withheld or "").strip()
    if data.outcome == PARTIAL and not withheld:
        raise InvalidInput(_("部分公开须写明不予公开的内容及理由。"), "withheld")
    _choice(data.fee_method, FeeMethod, "fee_method", _("请选择收费方式。"))
    pages = data.fee_pages
    if data.fee_method == FeeMethod.PER_PAGE and (pages is None or pages < 0):
        raise InvalidInput(_("按量计收须填写页数。"), "fee_pages")
    _check_day(on, request)
    item = None
    if data.published_item_id:
        from gongkai.publishing.models import Item

        item = Item.objects.filter(pk=data.published_item_id, live_revision__isnull=False).first()
        if item is None:
            raise InvalidInput(_("所指的已公开信息不存在或未发布。"), "published_item")
    request.outcome = data.outcome
    request.reply_text = reply_text
    request.withheld = withheld
    request.published_item = item
    request.fee_method = data.fee_method
    request.fee_pages = pages if data.fee_method == FeeMethod.PER_PAGE else None
    request.fee_amount = fees.fee(
        data.fee_method, nth_this_month=nth_application_this_month(request), pages=pages or 0
    )
    request.finished_on = on
    request.status = DisclosureRequest.Status.REPLIED
    request.save()
    _stop_if_running(actor, request.reply_clock, on)
    _stop_if_running(actor, request.correction_notice_clock, on)
    for checked in attachments:
        _attach(actor, request, RequestDocument.Kind.INFORMATION, checked, for_applicant=True)
    name, pdf = notices.reply_notice(request, on=on)
    document = _store(
        actor, request, RequestDocument.Kind.REPLY_NOTICE, name, pdf, for_applicant=True
    )
    _event(
        request,
        RequestEvent.Kind.REPLIED,
        on=on,
        actor=actor,
        note=request.get_outcome_display(),
        document=document,
    )
    audit.record(
        "disclosure.reply",
        actor=actor,
        obj=request,
        data={
            "outcome": data.outcome,
            "on": on,
            "due": request.reply_clock.due_date,
            "fee": request.fee_amount,
        },
    )
    # The staff search finds answered requests (search_documents): the worker indexes it.
    pk = request.pk
    transaction.on_commit(lambda: hooks.draft_changed(SEARCH_KIND, pk))
    return document


@transaction.atomic
def record_delivery(*, actor: User, request: DisclosureRequest, on: date, note: str) -> None:
    request = _lock(request)
    _require_handler(actor, request)
    if request.finished_on is None:
        raise InvalidTransition(_("尚未答复的申请不能登记送达。"))
    if on < request.finished_on:
        raise InvalidInput(_("送达日期不能早于答复日期。"), "on")
    if on > today():
        raise InvalidInput(_("日期不能晚于今天。"), "on")
    note = _required(note, "note", _("请填写送达方式及凭证（如邮件单号）。"), 200)
    request.delivered_on, request.delivery_note = on, note
    request.save(update_fields=["delivered_on", "delivery_note"])
    _event(request, RequestEvent.Kind.DELIVERED, on=on, actor=actor, note=note)
    audit.record("disclosure.deliver", actor=actor, obj=request, data={"on": on})


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
    request = _lock(request)
    _require_handler(actor, request)
    _choice(kind, ReviewKind, "kind", _("请选择行政复议或行政诉讼类型。"))
    if filed_on > today():
        raise InvalidInput(_("日期不能晚于今天。"), "filed_on")
    if filed_on < request.received_on:
        raise InvalidInput(_("立案日期不能早于收到申请的日期。"), "filed_on")
    case = ReviewCase.objects.create(
        request=request, kind=kind, filed_on=filed_on, body=body.strip()[:100], note=note
    )
    _event(
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
    _require_handler(actor, case.request)
    _choice(result, ReviewResult, "result", _("请选择结果。"))
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


@transaction.atomic
def reveal_identity(*, actor: User, request: DisclosureRequest) -> dict:
    """The applicant's identity and contact data, for staff who handle the request; every
    view is audited (refusals too, recorded in their own transaction by the caller's view)."""
    if not permissions.can_handle(actor, request):
        raise PermissionDenied(_("您无权查看此申请人的身份信息。"))
    audit.record(
        "disclosure.identity_view",
        actor=actor,
        obj=request,
        data={"fields": ["id_number", "phone", "email", "address"]},
    )
    return {
        "id_number": request.id_number,
        "phone": request.phone,
        "email": request.email,
        "address": request.address,
    }


@transaction.atomic
def open_id_scan(*, actor: User, request: DisclosureRequest):
    """The identity document scan (an Upload), for staff who handle the request; audited."""
    if not permissions.can_handle(actor, request):
        raise PermissionDenied(_("您无权查看此申请人的身份信息。"))
    if request.id_scan_id is None:
        raise InvalidTransition(_("此申请没有上传证件扫描件。"))
    audit.record("disclosure.identity_view", actor=actor, obj=request, data={"fields": ["id_scan"]})
    return request.id_scan


def record_refused_identity_view(*, actor: User, request: DisclosureRequest) -> None:
    """A refused look at identity data, kept even though the request itself fails."""
    with transaction.atomic():
        audit.record("disclosure.identity_view", actor=actor, obj=request, success=False)


@transaction.atomic
def save_notice_template(*, actor: User, group: str, body: str, remedy: str) -> NoticeTemplate:
    if not permissions.can_edit_templates(actor):
        raise PermissionDenied(_("只有政府信息公开工作机构负责人可以修改告知书模板。"))
    if group not in notices.TEMPLATE_GROUPS:
        raise InvalidInput(_("未知的办理结果类别。"), "group")
    body = _required(body, "body", _("请填写正文模板。"), 10000)
    remedy = _required(remedy, "remedy", _("请填写救济途径。"), 2000)
    notices.check_template(body)
    notices.check_template(remedy, field="remedy")
    template, _created = NoticeTemplate.objects.update_or_create(
        outcome_group=group, defaults={"body": body, "remedy": remedy, "updated_by": actor}
    )
    audit.record("disclosure.template_save", actor=actor, obj=template, data={"group": group})
    return template


@transaction.atomic
def save_annual_report(
    *,
    actor: User,
    year: int,
    department: Department | None,
    sections: dict[str, str],
    manual_figures: dict[str, str],
) -> AnnualReport:
    """Keep the report's narrative (sections "1".."6") and the table 二 figures staff enter
    (keys "row|column" of report.table2_cells(), values as typed; empty: not entered)."""
    from gongkai.disclosure import report

    if not permissions.can_edit_report(actor, department):
        raise PermissionDenied(_("您无权编辑此年度报告。"))
    allowed = {str(i) for i in range(1, len(REPORT_SECTIONS) + 1)}
    if set(sections) - allowed:
        raise InvalidInput(_("未知的报告章节。"), "sections")
    cells = {f"{row}{MANUAL_FIGURE_SEPARATOR}{column}" for row, column in report.table2_cells()}
    figures = {}
    for key, raw in manual_figures.items():
        if key not in cells:
            raise InvalidInput(_("表二没有“%(cell)s”这一格。") % {"cell": key}, key)
        raw = (raw or "").strip()
        if not raw:
            continue
        try:
            report.parse_manual_figure(key.partition(MANUAL_FIGURE_SEPARATOR)[2], raw)
        except ValueError:
            raise InvalidInput(
                _("“%(value)s”不是有效的数值：件数应为不小于 0 的整数，金额为不小于 0 的数。")
                % {"value": raw},
                key,
            ) from None
        figures[key] = raw
    stored, _created = AnnualReport.objects.select_for_update().get_or_create(
        year=year, department=department
    )
    stored.sections = {k: (v or "").strip() for k, v in sections.items()}
    stored.manual_figures = figures
    stored.updated_by = actor
    stored.save()
    audit.record(
        "disclosure.report_save",
        actor=actor,
        obj=stored,
        data={"year": year, "department": department.pk if department else None},
    )
    return stored
