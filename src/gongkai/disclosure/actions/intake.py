"""Intake: an application submitted or registered (Art. 29, 31), found again by its number
and query code, assigned to a handler; the applicant's identity shown to handlers, audited."""

from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import date

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from gongkai.core import actions as core_actions
from gongkai.core import audit, identity
from gongkai.core.clock import today
from gongkai.core.crypto import lookup_hash
from gongkai.core.errors import InvalidInput, InvalidTransition
from gongkai.core.files import CheckedFile
from gongkai.core.models import Department, User
from gongkai.core.query_codes import matches, new_query_code, next_serial, query_code_hash
from gongkai.disclosure import permissions
from gongkai.disclosure.actions._shared import choice, event, lock, require_handler, required
from gongkai.disclosure.models import DisclosureRequest, RequestCounter, RequestEvent
from gongkai.disclosure.rules import (
    CORRECTION_NOTICE_DAYS,
    REPLY_DAYS,
    ApplicantType,
    Channel,
    Delivery,
    IdType,
    RequestedForm,
)

NUMBER_FORMAT = "{year}-{serial:05d}"
# A transferred application's 所需信息名称: the first line of the writer's words, cut short.
TRANSFER_TITLE_CHARS = 60


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


def check_application(data: ApplicationData) -> ApplicationData:
    """The cleaned application, or InvalidInput naming the first field that is wrong."""
    choice(data.applicant_type, ApplicantType, "applicant_type", _("请选择申请人类型。"))
    data.applicant_name = required(
        data.applicant_name, "applicant_name", _("请填写申请人姓名或名称。"), 100
    )
    choice(data.id_type, IdType, "id_type", _("请选择证件类型。"))
    organisation = data.applicant_type != ApplicantType.NATURAL
    data.id_number = identity.check_id_number(
        data.id_type, data.id_number, organisation=organisation
    )
    if organisation:
        data.contact_person = required(
            data.contact_person, "contact_person", _("法人或其他组织请填写联系人姓名。"), 50
        )
    data.phone = identity.check_phone(data.phone)
    data.email = (data.email or "").strip()
    if data.email and ("@" not in data.email or len(data.email) > 254):
        raise InvalidInput(_("电子邮箱格式不正确。"), "email")
    data.address = (data.address or "").strip()[:200]
    data.postcode = identity.check_postcode(data.postcode)
    data.info_title = required(data.info_title, "info_title", _("请填写所需政府信息的名称。"), 200)
    data.info_description = required(
        data.info_description,
        "info_description",
        _("请描述所需的政府信息（如内容、形成时间等），以便查找。"),
        5000,
    )
    data.info_document_number = (data.info_document_number or "").strip()[:100]
    choice(data.requested_form, RequestedForm, "requested_form", _("请选择信息的载体形式。"))
    choice(data.delivery, Delivery, "delivery", _("请选择获取信息的方式。"))
    if data.delivery == Delivery.EMAIL and not data.email:
        raise InvalidInput(_("选择电子邮件获取时，请填写电子邮箱。"), "email")
    if data.delivery == Delivery.POST and not data.address:
        raise InvalidInput(_("选择邮寄时，请填写通信地址。"), "address")
    return data


def _next_number(year: int) -> str:
    return NUMBER_FORMAT.format(year=year, serial=next_serial(RequestCounter, year))


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
    choice(channel, Channel, "channel", _("请选择申请方式。"))
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
    request = _register(
        data=data,
        department=department,
        channel=channel,
        received_on=received_on,
        actor=actor,
        handler=actor,  # who registers a paper application handles it until reassigned
        code_hash=query_code_hash(code),
        id_scan=id_scan,
        note=note,
    )
    return request, code


@transaction.atomic
def receive_transfer(
    *,
    actor: User,
    department: Department,
    name: str,
    phone: str,
    text: str,
    received_on: date,
    origin: str,
    code_hash: str = "",
) -> DisclosureRequest:
    """An application handed over from another of the public's channels (core.transfers), e.g.
    a letter to the county that asks for government information, in the writer's words.

    It came through the website (Art. 31 网上申请: received the day the platform confirmed it,
    the day the writer submitted it), so the time the hand-over took is not the applicant's to
    lose. The writer gave a name and a phone but no identity document (Art. 29): the request
    is registered without one, and the officer asks for it by a correction notice (Art. 30)
    where it matters. `code_hash`: the code the writer already holds opens this request too;
    none, a code nobody sees (the officer contacts the writer by phone).
    """
    if actor is None:
        raise PermissionDenied(_("转来的申请须记录转办人。"))
    text = (text or "").strip()
    if not text:
        raise InvalidInput(_("请填写所需政府信息的内容描述。"), "info_description")
    if received_on > today():
        raise InvalidInput(_("收到申请的日期不能晚于今天。"), "received_on")
    data = ApplicationData(
        applicant_type=ApplicantType.NATURAL,
        applicant_name=required(name, "applicant_name", _("请填写申请人姓名或名称。"), 100),
        id_type="",
        id_number="",
        phone=identity.check_phone(phone),
        info_title=Truncator(text.splitlines()[0].strip()).chars(TRANSFER_TITLE_CHARS),
        info_description=text,
        requested_form=RequestedForm.ELECTRONIC,
        delivery=Delivery.ONLINE,
    )
    return _register(
        data=data,
        department=department,
        channel=Channel.ONLINE,
        received_on=received_on,
        actor=actor,
        handler=None,  # the disclosure office assigns its own officer
        code_hash=code_hash or query_code_hash(new_query_code()),
        note=_("由%(origin)s转来") % {"origin": origin},
        origin=origin,
    )


def _register(
    *,
    data: ApplicationData,
    department: Department,
    channel: str,
    received_on: date,
    actor: User | None,
    handler: User | None,
    code_hash: str,
    note: str,
    id_scan: CheckedFile | None = None,
    origin: str = "",
) -> DisclosureRequest:
    """The request saved with its number, its clocks, the first line of its timeline and its
    audit event; the caller has checked the application."""
    request = DisclosureRequest(
        number=_next_number(received_on.year),
        query_code_hash=code_hash,
        department=department,
        channel=channel,
        received_on=received_on,
        registered_by=actor,
        handler=handler,
        # No identity document (a transfer): never counted as another applicant's (109号 Art. 4).
        id_number_index=lookup_hash(data.id_number) if data.id_number else "",
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
    event(request, RequestEvent.Kind.RECEIVED, on=received_on, actor=actor, note=note)
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
            **({"transferred_from": origin} if origin else {}),
        },
    )
    return request


def find_request(number: str, code: str) -> DisclosureRequest | None:
    """The request with this number and query code; None for any mismatch (no hint which)."""
    request = DisclosureRequest.objects.filter(number=(number or "").strip()).first()
    if request is None or not matches(request.query_code_hash, code):
        return None
    return request


@transaction.atomic
def assign_handler(*, actor: User, request: DisclosureRequest, handler: User) -> None:
    request = lock(request)
    require_handler(actor, request)
    if not permissions.can_handle(handler, request):
        raise InvalidInput(_("所选人员不是本机关的依申请公开经办人。"), "handler")
    request.handler = handler
    request.save(update_fields=["handler"])
    event(
        request,
        RequestEvent.Kind.ASSIGNED,
        on=today(),
        actor=actor,
        note=handler.display_name or handler.username,
        public=False,
    )
    audit.record("disclosure.assign", actor=actor, obj=request, data={"handler": handler.pk})


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
