"""The catalogue (实施清单): items, and each change of what an item says as a version that is
drafted, submitted, then approved (published) or returned.

One version at a time is open (draft, submitted or returned) for an item: editors of the
department work on that one, so that two drafts never race to replace the version in force.
Approval is a second person's act (一审一核): a reviewer may not approve a version they drafted.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, fields

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from gongkai.core import audit, hooks, pagecache
from gongkai.core.errors import InvalidInput, InvalidTransition
from gongkai.core.models import Department, Upload
from gongkai.services import permissions
from gongkai.services.apps import PAGE_VERSION
from gongkai.services.models import FeeItem, Material, ServiceItem, ServiceItemVersion
from gongkai.services.rules import (
    Audience,
    HandlingForm,
    ItemType,
    LifeEvent,
    MaterialForm,
    MaterialSource,
    Necessity,
)

SEARCH_KIND = "services.item"  # the search document kind (services.search_documents)
CODE = re.compile(r"[0-9A-Za-z][0-9A-Za-z-]{0,63}")
MAX_DAYS = 365  # a time limit beyond a year is a typing error, not a law
MAX_COPIES = 99
MAX_MATERIALS = 100
MAX_FEES = 50
Version = ServiceItemVersion
OPEN_STATES = (Version.State.DRAFT, Version.State.SUBMITTED, Version.State.RETURNED)


@dataclass
class MaterialData:
    """申请材料 as typed: `blank_form` and `example` are stored uploads (or None)."""

    name: str
    necessity: str = Necessity.REQUIRED
    condition: str = ""
    form: str = MaterialForm.PAPER
    copies: int = 1
    source: str = MaterialSource.APPLICANT
    notes: str = ""
    standard: str = ""
    blank_form: Upload | None = None
    example: Upload | None = None


@dataclass
class FeeData:
    """收费项目 as typed."""

    name: str
    standard: str
    basis: str
    waivable: bool = False


@dataclass
class VersionData:
    """Every field of the 实施清单 a version carries (materials and fees apart)."""

    name: str
    item_type: str
    implementing_body: str
    legal_basis: str
    conditions: str
    process: str
    legal_days: int
    promised_days: int
    consult: str
    complaint: str
    place: str
    hours: str
    audience: str
    basic_code: str = ""
    handling_form: str = HandlingForm.WINDOW
    visits: int = 1
    charges: bool = False
    life_events: list[str] = field(default_factory=list)
    online: bool = False
    result_name: str = ""
    result_type: str = ""
    result_sample: Upload | None = None


REQUIRED_TEXT = (
    "name", "implementing_body", "legal_basis", "conditions", "process",
    "consult", "complaint", "place", "hours",
)  # fmt: skip


def _label(model, name: str) -> str:
    return str(model._meta.get_field(name).verbose_name)


def _check_text(model, obj, names, prefix: str = "") -> None:
    """Required fields filled, and no text longer than its column (the model says how long)."""
    for f in fields(obj):
        value = getattr(obj, f.name)
        if not isinstance(value, str):
            continue
        value = value.strip()
        setattr(obj, f.name, value)
        column = model._meta.get_field(f.name)
        label = str(column.verbose_name)
        if f.name in names and not value:
            raise InvalidInput(_("请填写%(label)s。") % {"label": label}, prefix + f.name)
        limit = getattr(column, "max_length", None)
        if limit and len(value) > limit and column.get_internal_type() == "CharField":
            raise InvalidInput(
                _("%(label)s不能超过 %(n)d 个字。") % {"label": label, "n": limit},
                prefix + f.name,
            )


def _check_choice(value: str, choices, name: str, label: str) -> None:
    if value not in choices.values:
        raise InvalidInput(_("请从列表中选择%(label)s。") % {"label": label}, name)


def _check_days(value, name: str, label: str) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or not 0 <= value <= MAX_DAYS:
        raise InvalidInput(
            _("%(label)s须是 0 到 %(max)d 之间的整数（工作日）。")
            % {"label": label, "max": MAX_DAYS},
            name,
        )
    return value


def check_version_data(data: VersionData) -> None:
    """Every field of the version, with the field's name on the refusal."""
    _check_text(Version, data, REQUIRED_TEXT)
    _check_choice(data.item_type, ItemType, "item_type", _label(Version, "item_type"))
    _check_choice(
        data.handling_form, HandlingForm, "handling_form", _label(Version, "handling_form")
    )
    _check_choice(data.audience, Audience, "audience", _label(Version, "audience"))
    legal = _check_days(data.legal_days, "legal_days", _label(Version, "legal_days"))
    promised = _check_days(data.promised_days, "promised_days", _label(Version, "promised_days"))
    if promised > legal:
        raise InvalidInput(
            _("承诺办结时限（%(p)d 个工作日）不能超过法定办结时限（%(l)d 个工作日）。")
            % {"p": promised, "l": legal},
            "promised_days",
        )
    if not isinstance(data.visits, int) or not 0 <= data.visits <= 10:
        raise InvalidInput(_("到办事现场次数须是 0 到 10 之间的整数。"), "visits")
    unknown = [code for code in data.life_events if code not in LifeEvent.values]
    if unknown:
        raise InvalidInput(_("主题分类“%(code)s”不存在。") % {"code": unknown[0]}, "life_events")
    data.life_events = list(dict.fromkeys(data.life_events))  # each once, in the order given
    if data.online and data.handling_form == HandlingForm.WINDOW:
        raise InvalidInput(
            _("办理形式为“窗口办理”的事项不能设为网上办理：请把办理形式改为含网上办理。"), "online"
        )


def check_material(material: MaterialData, row: int) -> None:
    prefix = f"materials-{row}-"
    _check_text(Material, material, ("name",), prefix)
    _check_choice(material.necessity, Necessity, prefix + "necessity", _("必要性"))
    _check_choice(material.form, MaterialForm, prefix + "form", _("材料形式"))
    _check_choice(material.source, MaterialSource, prefix + "source", _("来源渠道"))
    if not isinstance(material.copies, int) or not 1 <= material.copies <= MAX_COPIES:
        raise InvalidInput(
            _("份数须是 1 到 %(max)d 之间的整数。") % {"max": MAX_COPIES}, prefix + "copies"
        )


def check_fees(charges: bool, fees: list[FeeData]) -> None:
    if charges and not fees:
        raise InvalidInput(_("收费的事项须至少填写一个收费项目。"), "charges")
    if not charges and fees:
        raise InvalidInput(
            _("不收费的事项不能填写收费项目：请选择“收费”或删去收费项目。"), "charges"
        )
    if len(fees) > MAX_FEES:
        raise InvalidInput(_("收费项目最多 %(n)d 项。") % {"n": MAX_FEES}, "charges")
    for row, fee in enumerate(fees):
        _check_text(FeeItem, fee, ("name", "standard", "basis"), f"fees-{row}-")


def _require_editor(actor, item: ServiceItem) -> None:
    if not permissions.can_edit_catalogue(actor, item.department):
        raise PermissionDenied(_("您不是该部门的事项清单编制人，不能修改此事项。"))


def _require_reviewer(actor, version: Version) -> None:
    if not permissions.can_review_catalogue(actor, version.item.department):
        raise PermissionDenied(_("您不是该部门事项清单的审核人，不能审核此事项。"))


def _locked_item(item: ServiceItem) -> ServiceItem:
    return ServiceItem.objects.select_for_update().select_related("department").get(pk=item.pk)


def _open_version(item: ServiceItem) -> Version | None:
    return (
        Version.objects.select_for_update()
        .filter(item=item, state__in=OPEN_STATES)
        .order_by("-number")
        .first()
    )


@transaction.atomic
def create_item(*, actor, code: str, department: Department) -> ServiceItem:
    """A new item of `department`'s catalogue, with no version yet."""
    code = (code or "").strip()
    if not permissions.can_edit_catalogue(actor, department):
        raise PermissionDenied(_("您不是该部门的事项清单编制人，不能新建事项。"))
    if not CODE.fullmatch(code):
        raise InvalidInput(_("实施编码只能由字母、数字和连字符组成，最多 64 位。"), "code")
    if ServiceItem.objects.filter(code=code).exists():
        raise InvalidInput(_("实施编码 %(code)s 已被另一个事项使用。") % {"code": code}, "code")
    item = ServiceItem.objects.create(code=code, department=department)
    audit.record("services.item.create", actor=actor, obj=item, data={"code": code})
    return item


@transaction.atomic
def draft_version(
    *, actor, item: ServiceItem, data: VersionData, materials: list, fees: list
) -> Version:
    """Save what an editor typed as the item's open version: a new draft, or the draft or
    returned version already open (which becomes a draft again). A submitted one waits."""
    item = _locked_item(item)
    _require_editor(actor, item)
    check_version_data(data)
    if not materials:
        raise InvalidInput(_("请至少填写一项申请材料。"), "materials")
    if len(materials) > MAX_MATERIALS:
        raise InvalidInput(_("申请材料最多 %(n)d 项。") % {"n": MAX_MATERIALS}, "materials")
    for row, material in enumerate(materials):
        check_material(material, row)
    check_fees(data.charges, fees)
    version = _open_version(item)
    if version is not None and version.state == Version.State.SUBMITTED:
        raise InvalidTransition(_("该事项有一个版本正在审核，审核完成后才能再修改。"))
    values = {f.name: getattr(data, f.name) for f in fields(data)}
    values["life_events"] = ",".join(data.life_events)
    if version is None:
        number = (item.versions.aggregate(n=Max("number"))["n"] or 0) + 1
        version = Version(item=item, number=number)
    for name, value in values.items():
        setattr(version, name, value)
    version.state = Version.State.DRAFT
    version.drafted_by = actor
    version.review_comment = ""
    version.save()
    version.materials.all().delete()
    version.fees.all().delete()
    Material.objects.bulk_create(
        Material(version=version, order=row, **vars(m)) for row, m in enumerate(materials)
    )
    FeeItem.objects.bulk_create(
        FeeItem(version=version, order=row, **vars(f)) for row, f in enumerate(fees)
    )
    audit.record(
        "services.version.draft",
        actor=actor,
        obj=version,
        data={"item": item.code, "number": version.number, "name": version.name},
    )
    return version


def _locked_version(version: Version) -> Version:
    return Version.objects.select_for_update().select_related("item__department").get(pk=version.pk)


@transaction.atomic
def submit_version(*, actor, version: Version) -> Version:
    """Send a draft (or a returned version) to the reviewers."""
    version = _locked_version(version)
    _require_editor(actor, version.item)
    if version.state not in (Version.State.DRAFT, Version.State.RETURNED):
        raise InvalidTransition(_("只有草稿或已退回的版本可以提交审核。"))
    version.state = Version.State.SUBMITTED
    version.save(update_fields=["state"])
    audit.record(
        "services.version.submit", actor=actor, obj=version, data={"number": version.number}
    )
    return version


@transaction.atomic
def approve_version(*, actor, version: Version, comment: str = "") -> Version:
    """Publish a submitted version: it becomes the item's version in force, the one before
    is superseded, and the public pages and the search index follow."""
    version = _locked_version(version)
    _require_reviewer(actor, version)
    if version.drafted_by_id == actor.pk:
        raise PermissionDenied(_("不能审核通过自己编制的版本：请由另一位审核人审核。"))
    if version.state != Version.State.SUBMITTED:
        raise InvalidTransition(_("只有待审核的版本可以审核通过。"))
    item = _locked_item(version.item)
    previous = item.current_id
    if previous is not None:
        Version.objects.filter(pk=previous).update(state=Version.State.SUPERSEDED)
    version.state = Version.State.PUBLISHED
    version.reviewed_by = actor
    version.review_comment = (comment or "").strip()
    version.published_at = timezone.now()
    version.save(update_fields=["state", "reviewed_by", "review_comment", "published_at"])
    item.current = version
    item.save(update_fields=["current"])
    audit.record(
        "services.version.approve",
        actor=actor,
        obj=version,
        data={"item": item.code, "number": version.number, "superseded": previous},
    )
    pagecache.change_version(PAGE_VERSION)
    transaction.on_commit(lambda: hooks.content_changed(SEARCH_KIND, item.pk))
    return version


@transaction.atomic
def return_version(*, actor, version: Version, reason: str) -> Version:
    """Send a submitted version back to its editors with the reviewer's reason."""
    reason = (reason or "").strip()
    if not reason:
        raise InvalidInput(_("请填写退回理由，告诉编制人需要修改什么。"), "reason")
    version = _locked_version(version)
    _require_reviewer(actor, version)
    if version.state != Version.State.SUBMITTED:
        raise InvalidTransition(_("只有待审核的版本可以退回。"))
    version.state = Version.State.RETURNED
    version.reviewed_by = actor
    version.review_comment = reason
    version.save(update_fields=["state", "reviewed_by", "review_comment"])
    audit.record("services.version.return", actor=actor, obj=version, data={"reason": reason})
    return version
