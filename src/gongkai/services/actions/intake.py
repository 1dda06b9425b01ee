"""Intake: an application submitted online or registered at the window, with its materials,
a case number and a query code; found again by both.

On receipt the intake clock starts: 行政许可法 Art. 32 (四) gives the agency 5 days to tell
the applicant, in one notice, everything that is missing (else the application counts as
accepted on receipt). A required material not handed in becomes a MISSING row, for that notice.
"""

from __future__ import annotations

from dataclasses import dataclass, fields

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gongkai.core import actions as core_actions
from gongkai.core import audit, identity
from gongkai.core.clock import today
from gongkai.core.crypto import lookup_hash
from gongkai.core.errors import InvalidInput, InvalidTransition
from gongkai.core.files import CheckedFile
from gongkai.core.identity import IdType
from gongkai.core.models import User
from gongkai.core.query_codes import matches, new_query_code, next_serial, query_code_hash
from gongkai.services import permissions, summary
from gongkai.services.actions._shared import choice, required, start_intake_clock, step
from gongkai.services.models import (
    Case,
    CaseCounter,
    CaseMaterial,
    CaseStep,
    Inquiry,
    Material,
    ServiceItem,
    ServiceItemVersion,
)
from gongkai.services.rules import (
    Audience,
    Channel,
    Delivery,
    Necessity,
)

NUMBER_FORMAT = "ZW{year}{serial:06d}"


@dataclass
class ApplicantData:
    """Who applies: a person (自然人) or an organisation (法人), and where to reach them."""

    applicant_type: str
    applicant_name: str
    id_type: str
    id_number: str
    phone: str
    legal_representative: str = ""
    address: str = ""
    email: str = ""
    delivery: str = Delivery.IN_PERSON


@dataclass
class MaterialSubmission:
    """One material of the checklist as handed in: a checked file, or paper at the window."""

    material: Material
    file: CheckedFile | None = None
    paper: bool = False


def check_applicant(data: ApplicantData) -> ApplicantData:
    """The cleaned applicant, or InvalidInput naming the first field that is wrong."""
    choice(data.applicant_type, Audience, "applicant_type", _("请选择申请人类型。"))
    organisation = data.applicant_type == Audience.ORGANISATION
    data.applicant_name = required(
        data.applicant_name, "applicant_name", _("请填写申请人姓名或单位名称。"), 100
    )
    choice(data.id_type, IdType, "id_type", _("请选择证件类型。"))
    data.id_number = identity.check_id_number(
        data.id_type, data.id_number, organisation=organisation
    )
    data.legal_representative = (data.legal_representative or "").strip()
    if organisation:
        data.legal_representative = required(
            data.legal_representative,
            "legal_representative",
            _("法人或其他组织请填写法定代表人（负责人）姓名。"),
            50,
        )
    elif len(data.legal_representative) > 50:
        raise InvalidInput(_("内容过长：不能超过 %(n)d 个字。") % {"n": 50}, "legal_representative")
    data.phone = identity.check_phone(data.phone)
    data.email = (data.email or "").strip()
    if data.email and ("@" not in data.email or len(data.email) > 254):
        raise InvalidInput(_("电子邮箱格式不正确。"), "email")
    data.address = (data.address or "").strip()
    if len(data.address) > 200:
        raise InvalidInput(_("内容过长：不能超过 %(n)d 个字。") % {"n": 200}, "address")
    choice(data.delivery, Delivery, "delivery", _("请选择送达方式。"))
    if data.delivery == Delivery.POST and not data.address:
        raise InvalidInput(_("选择邮寄送达时，请填写通信地址。"), "address")
    return data


def _next_number(year: int) -> str:
    return NUMBER_FORMAT.format(year=year, serial=next_serial(CaseCounter, year))


def find_case(number: str, code: str) -> Case | None:
    """The case with this number and query code; None for any mismatch (no hint which)."""
    case = Case.objects.filter(number=(number or "").strip().upper()).first()
    if case is None or not matches(case.query_code_hash, code):
        return None
    return case


def _version_in_force(item: ServiceItem) -> ServiceItemVersion:
    version = item.current
    if version is None or version.state != ServiceItemVersion.State.PUBLISHED:
        raise InvalidTransition(_("该事项尚未发布，不能申请。"))
    return version


def _check_materials(
    version: ServiceItemVersion, submissions: list[MaterialSubmission], *, online: bool
) -> dict[int, MaterialSubmission]:
    """The submissions by material, each a material of this version, listed once."""
    by_material: dict[int, MaterialSubmission] = {}
    wanted = {m.pk for m in version.materials.all()}
    for submission in submissions:
        pk = submission.material.pk
        if pk not in wanted:
            raise InvalidInput(
                _("“%(name)s”不是该事项的申请材料。") % {"name": submission.material.name},
                "materials",
            )
        if pk in by_material:
            raise InvalidInput(
                _("申请材料“%(name)s”重复提交。") % {"name": submission.material.name},
                "materials",
            )
        if online and submission.paper:
            raise InvalidInput(_("网上申请请上传电子材料。"), f"material_{pk}")
        by_material[pk] = submission
    return by_material


def _record_materials(
    actor: User | None,
    case: Case,
    version: ServiceItemVersion,
    by_material: dict[int, MaterialSubmission],
) -> None:
    """A row per material handed in, and a MISSING row per required one that was not (a
    conditional material not handed in may not apply to this applicant: no row)."""
    rows = []
    for material in version.materials.all():
        submission = by_material.get(material.pk)
        handed_in = submission is not None and (submission.file is not None or submission.paper)
        if not handed_in and material.necessity != Necessity.REQUIRED:
            continue
        upload = None
        if handed_in and submission.file is not None:
            upload = core_actions.store_upload(actor=actor, checked=submission.file)
        rows.append(
            CaseMaterial(
                case=case,
                material=material,
                name=material.name,
                upload=upload,
                paper=handed_in and submission.paper,
                state=CaseMaterial.State.PROVIDED if handed_in else CaseMaterial.State.MISSING,
            )
        )
    CaseMaterial.objects.bulk_create(rows)


def _open_case(
    *,
    actor: User | None,
    item: ServiceItem,
    version: ServiceItemVersion,
    data: ApplicantData,
    materials: list[MaterialSubmission],
    channel: str,
    inquiry: Inquiry | None,
) -> tuple[Case, str]:
    by_material = _check_materials(version, materials, online=channel == Channel.ONLINE)
    on = today()
    code = new_query_code()
    case = Case(
        number=_next_number(on.year),
        query_code_hash=query_code_hash(code),
        item=item,
        version=version,
        department=item.department,
        channel=channel,
        inquiry=inquiry,
        id_number_index=lookup_hash(data.id_number),
        submitted_at=timezone.now(),
        registered_by=actor,
        handler=actor,  # who registers at the window handles the case until it is reassigned
        status=Case.Status.SUBMITTED,
        **{f.name: getattr(data, f.name) for f in fields(ApplicantData)},
    )
    case.save()
    _record_materials(actor, case, version, by_material)
    case.intake_clock = start_intake_clock(actor, case, on)
    case.save(update_fields=["intake_clock"])
    summary.refresh(summary.case_days(case))
    action = CaseStep.Action.SUBMIT if channel == Channel.ONLINE else CaseStep.Action.REGISTER
    step(case, action, actor=actor, on=on)
    audit.record(
        "services.submit" if channel == Channel.ONLINE else "services.register",
        actor=actor,
        obj=case,
        actor_label="" if actor else "applicant",
        data={
            "number": case.number,
            "item": item.code,
            "version": version.number,
            "channel": channel,
            "inquiry": inquiry.pk if inquiry else None,
            "missing": [r.name for r in case.materials.filter(state=CaseMaterial.State.MISSING)],
            "intake_due": case.intake_clock.due_date,
        },
    )
    return case, code


@transaction.atomic
def submit_online(
    *, item: ServiceItem, data: ApplicantData, materials: list[MaterialSubmission]
) -> tuple[Case, str]:
    """An applicant applies on the portal; returns the case and its query code (shown once,
    never stored). Received the day it is submitted."""
    data = check_applicant(data)
    version = _version_in_force(item)
    if not version.online:
        raise InvalidTransition(_("该事项不支持网上申请，请到窗口办理。"))
    return _open_case(
        actor=None,
        item=item,
        version=version,
        data=data,
        materials=materials,
        channel=Channel.ONLINE,
        inquiry=None,
    )


@transaction.atomic
def register_at_window(
    *,
    actor: User,
    item: ServiceItem,
    data: ApplicantData,
    materials: list[MaterialSubmission],
    channel: str = Channel.WINDOW,
    inquiry: Inquiry | None = None,
) -> tuple[Case, str]:
    """A clerk registers an applicant in front of them (or by phone or mail); returns the case
    and its query code, to hand over. A linked 首问 inquiry stays as it is (its owner closes it)."""
    if not permissions.can_handle_cases(actor, item.department):
        raise PermissionDenied(_("只有本部门的窗口受理人员可以登记办件。"))
    choice(channel, Channel, "channel", _("请选择申请方式。"))
    if channel == Channel.ONLINE:
        raise InvalidInput(_("窗口登记请选择窗口、电话或信函方式。"), "channel")
    data = check_applicant(data)
    version = _version_in_force(item)
    return _open_case(
        actor=actor,
        item=item,
        version=version,
        data=data,
        materials=materials,
        channel=channel,
        inquiry=inquiry,
    )
