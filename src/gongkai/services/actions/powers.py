"""The 职权目录: a power is drafted and kept by its department's catalogue editors and made
public by a catalogue reviewer (政府信息公开条例 Art. 20 (二), (五): the catalogue is public
information, so what goes public passes the same reviewer as the service catalogue).

Editors create powers and change them while they are not public; a public power is changed
or withdrawn by a reviewer, whose change shows at once. `actor` None is the system (the demo,
a command).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, fields

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from gongkai.core import audit, hooks, pagecache
from gongkai.core.errors import InvalidInput, InvalidTransition
from gongkai.core.models import Department, User
from gongkai.services import permissions
from gongkai.services.apps import PAGE_VERSION
from gongkai.services.models import Power, ServiceItem
from gongkai.services.power_documents import KIND as SEARCH_KIND
from gongkai.services.rules import POWER_TYPES

MIN_STEPS = 2  # a process chart joins at least two steps
MAX_STEPS = 20
MAX_STEP_LENGTH = 60  # a step is one box of the chart: a short phrase, not a paragraph
CODE = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*")  # it is the last part of the power's address
# The basis names its law (《中华人民共和国行政许可法》) and cites the article it rests on
# (第三十条, 第30条): Art. 20 (二) asks for the basis, not only the law's name.
LAW = re.compile(r"《[^《》]+》")
ARTICLE = re.compile(r"第[0-9０-９一二三四五六七八九十百千零〇两]+条")


@dataclass
class PowerData:
    """What an editor gives for a power; `steps` one per line (or a list of lines)."""

    code: str
    name: str
    category: str
    department: Department
    basis: str
    responsibilities: str
    accountability: str
    steps: str | list[str]
    unit: str = ""
    service_item: ServiceItem | None = None


# Recorded in the audit event of a change (the department and item by primary key).
FIELDS = tuple(f.name for f in fields(PowerData))


def check_power(data: PowerData) -> PowerData:
    """`data` cleaned (whitespace trimmed, steps one per line), or InvalidInput on a field."""
    text = {
        name: (getattr(data, name) or "").strip()
        for name in ("code", "name", "category", "basis", "responsibilities", "accountability")
    }
    text["unit"] = (data.unit or "").strip()
    lines = data.steps if isinstance(data.steps, list | tuple) else (data.steps or "").splitlines()
    steps = [" ".join(line.split()) for line in lines if line.strip()]
    if not text["code"]:
        raise InvalidInput(_("请填写职权编码。"), "code")
    if len(text["code"]) > 64 or not CODE.fullmatch(text["code"]):
        raise InvalidInput(
            _("职权编码只能由字母、数字、点、连字符和下划线组成，不超过 64 个字符。"), "code"
        )
    if not text["name"]:
        raise InvalidInput(_("请填写职权名称。"), "name")
    if len(text["name"]) > 200:
        raise InvalidInput(_("职权名称不能超过 200 个字。"), "name")
    if text["category"] not in {t.value for t in POWER_TYPES}:
        raise InvalidInput(_("请从十类行政职权中选择职权类别。"), "category")
    if data.department is None:
        raise InvalidInput(_("请选择实施主体。"), "department")
    if len(text["unit"]) > 100:
        raise InvalidInput(_("承办机构不能超过 100 个字。"), "unit")
    if not text["basis"]:
        raise InvalidInput(_("请填写实施依据。"), "basis")
    if not LAW.search(text["basis"]):
        raise InvalidInput(
            _("实施依据应写明法律法规的名称，并加书名号，如《中华人民共和国行政许可法》。"), "basis"
        )
    if not ARTICLE.search(text["basis"]):
        raise InvalidInput(_("实施依据应写明具体条款，如“第三十条”。"), "basis")
    if not text["responsibilities"]:
        raise InvalidInput(_("请填写责任事项。"), "responsibilities")
    if not text["accountability"]:
        raise InvalidInput(_("请填写追责情形。"), "accountability")
    if len(steps) < MIN_STEPS:
        raise InvalidInput(_("运行流程至少要有两个环节，每行写一个。"), "steps")
    if len(steps) > MAX_STEPS:
        raise InvalidInput(_("运行流程最多 %(n)d 个环节。") % {"n": MAX_STEPS}, "steps")
    for number, step in enumerate(steps, start=1):
        if len(step) > MAX_STEP_LENGTH:
            raise InvalidInput(
                _("第 %(n)d 个环节超过 %(max)d 个字，请写成简短的环节名称。")
                % {"n": number, "max": MAX_STEP_LENGTH},
                "steps",
            )
    item = data.service_item
    if item is not None and item.department_id != data.department.pk:
        raise InvalidInput(_("对应的政务服务事项必须是同一实施主体的事项。"), "service_item")
    return PowerData(**text, department=data.department, steps="\n".join(steps), service_item=item)


def _values(power: Power) -> dict[str, object]:
    return {
        name: getattr(power, f"{name}_id" if name in ("department", "service_item") else name)
        for name in FIELDS
    }


@transaction.atomic
def save_power(*, actor: User | None, power: Power | None = None, data: PowerData) -> Power:
    """Create a power (`power` None) or change one; a public power only by a reviewer."""
    before: dict[str, object] = {}
    if power is not None:
        power = Power.objects.select_for_update().select_related("department").get(pk=power.pk)
        _check_may_change(actor, power)
    data = check_power(data)
    if actor is not None and not permissions.can_edit_catalogue(actor, data.department):
        raise PermissionDenied(_("您不能编制该实施主体的职权目录。"))
    if power is not None:
        if power.published and data.code != power.code:
            raise InvalidInput(_("已公开职权的编码不能修改：它是公开页面的网址。"), "code")
        before = _values(power)
    else:
        power = Power()
    for name in FIELDS:
        setattr(power, name, getattr(data, name))
    try:
        with transaction.atomic():
            power.save()
    except IntegrityError:
        raise InvalidInput(
            _("职权编码“%(code)s”已被使用。") % {"code": data.code}, "code"
        ) from None
    after = _values(power)
    if before:
        changed = {k: [before[k], after[k]] for k in FIELDS if before[k] != after[k]}
        audit.record("services.power_update", actor=actor, obj=power, data={"changed": changed})
    else:
        audit.record("services.power_create", actor=actor, obj=power, data=after)
    if power.published:
        _public_changed(power)
    return power


def _public_changed(power: Power) -> None:
    """The public pages show the change on the next request; the search follows after commit."""
    pagecache.change_version(PAGE_VERSION)
    pk = power.pk
    transaction.on_commit(lambda: hooks.content_changed(SEARCH_KIND, pk))


def _check_may_change(actor: User | None, power: Power) -> None:
    if actor is None:
        return
    if not permissions.can_edit_catalogue(actor, power.department):
        raise PermissionDenied(_("您不能修改该职权。"))
    if power.published and not permissions.can_review_catalogue(actor, power.department):
        raise PermissionDenied(_("该职权已公开，只有事项清单审核人可以修改；请联系审核人。"))


def _locked_for_review(actor: User | None, power: Power) -> Power:
    power = Power.objects.select_for_update().select_related("department").get(pk=power.pk)
    if actor is not None and not permissions.can_review_catalogue(actor, power.department):
        raise PermissionDenied(_("只有事项清单审核人可以公开或撤下职权目录。"))
    return power


@transaction.atomic
def publish_power(*, actor: User | None, power: Power) -> Power:
    """Make a power public in the 职权目录 (the public page shows it on the next request)."""
    power = _locked_for_review(actor, power)
    if power.published:
        raise InvalidTransition(_("该职权已经公开。"))
    power.published = True
    power.save(update_fields=["published", "updated_at"])
    audit.record("services.power_publish", actor=actor, obj=power, data={"code": power.code})
    _public_changed(power)
    return power


@transaction.atomic
def unpublish_power(*, actor: User | None, power: Power) -> Power:
    """Take a power out of the public 职权目录 (it stays for its editors)."""
    power = _locked_for_review(actor, power)
    if not power.published:
        raise InvalidTransition(_("该职权没有公开。"))
    power.published = False
    power.save(update_fields=["published", "updated_at"])
    audit.record("services.power_unpublish", actor=actor, obj=power, data={"code": power.code})
    _public_changed(power)
    return power
