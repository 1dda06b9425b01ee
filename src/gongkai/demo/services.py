"""The demo county's 政务服务: the departments and staff of the 政务服务中心, the catalogue
(实施清单) with its result templates, the 职权目录, and a few hundred cases.

Everything goes through the services actions, so the audit trail and the clocks are the ones
a real county would have. The catalogue is drafted by the catalogue editor and published by
the reviewer (nobody approves their own draft); the cases are in `demo/service_cases.py`.
"""

from __future__ import annotations

from contextlib import contextmanager
from datetime import datetime, time, timedelta
from unittest import mock

from django.db import transaction
from django.utils import timezone

from gongkai.core import actions as core_actions
from gongkai.core.clock import today
from gongkai.core.models import Department, RoleAssignment, User
from gongkai.demo.service_data import DEFAULTS, ITEMS, POWERS, ItemSpec
from gongkai.demo.service_data.types import COMPLAINT, CONSULT, DEFAULT_TEMPLATE, HOURS
from gongkai.services import roles
from gongkai.services.actions import catalogue as catalogue_actions
from gongkai.services.actions import powers as power_actions
from gongkai.services.actions.result_templates import save_result_template
from gongkai.services.models import Power, ServiceItem
from gongkai.services.rules import HandlingForm, ItemType

ROOT_CODE = "SFX"
# Departments the catalogue needs that the county's first list did not have:
# (short code, name, credit code).
DEPARTMENTS = [
    ("SCJ", "县市场监督管理局", "11510000MB0000010K"),
    ("LYJ", "县林业局", "11510000MB0000011L"),
    ("ZRJ", "县自然资源局", "11510000MB0000012M"),
    ("RSJ", "县人力资源和社会保障局", "11510000MB0000013N"),
    ("JTJ", "县交通运输局", "11510000MB0000014P"),
    ("WJJ", "县卫生健康局", "11510000MB0000015Q"),
]
# Every department with items in the catalogue: the 政务服务中心's windows take their cases.
SERVICE_DEPARTMENTS = sorted({spec.dept for spec in ITEMS})
# The staff of 政务服务 hold their role in every department whose items they handle (one
# comprehensive window, 综合窗口, takes every department's applications); the demo's users
# list (county.USERS) gives each its first assignment. The second clerk (window_clerk2) keeps
# only the centre's own: at the 导办台 she is often asked first (首问) and hands over.
WIDE_ROLES = [
    ("clerk", roles.WINDOW_CLERK),
    ("window_clerk", roles.WINDOW_CLERK),
    ("approver", roles.APPROVER),
    ("catalogue_editor", roles.CATALOGUE_EDITOR),
]
EDITOR = "catalogue_editor"
REVIEWER = "catalogue_reviewer"
# The 基本编码's two digits for each kind of item (国家政务服务事项基本目录).
TYPE_CODES = {
    ItemType.LICENSING: "01",
    ItemType.PENALTY: "02",
    ItemType.COERCION: "03",
    ItemType.LEVY: "04",
    ItemType.BENEFIT: "05",
    ItemType.INSPECTION: "06",
    ItemType.CONFIRMATION: "07",
    ItemType.REWARD: "08",
    ItemType.ADJUDICATION: "09",
    ItemType.OTHER: "10",
    ItemType.PUBLIC_SERVICE: "20",
}
# How long ago the catalogue was published: before the first demo case.
CATALOGUE_DAYS_AGO = 400  # before the first case (SPAN_DAYS working days, about a year)


@contextmanager
def wall_clock(at: datetime):
    """Run the actions as if it were `at`. They read the time only from Django's clock
    (`timezone.now`, which `today()` and the auto_now fields call), so the past the demo
    shows is made by the real actions, with their clocks, steps and audit events."""
    with mock.patch("django.utils.timezone.now", return_value=at):
        yield


def moment(day, hour: int = 10, minute: int = 0) -> datetime:
    """`day` at `hour`:`minute`, Shanghai time."""
    return timezone.make_aware(datetime.combine(day, time(hour, minute)))


# ---------------------------------------------------------------- departments and staff


def set_up_staff() -> None:
    """The departments the catalogue needs and the wide role assignments; each once."""
    root = Department.objects.get(short_code=ROOT_CODE)
    order = Department.objects.count()
    for offset, (code, name, credit) in enumerate(DEPARTMENTS):
        if not Department.objects.filter(short_code=code).exists():
            core_actions.create_department(
                actor=None,
                name=name,
                short_code=code,
                parent=root,
                credit_code=credit,
                order=order + offset,
            )
    departments = Department.objects.filter(short_code__in=SERVICE_DEPARTMENTS)
    users = {u.username: u for u in User.objects.filter(username__in=[n for n, _r in WIDE_ROLES])}
    for username, role in WIDE_ROLES:
        user = users.get(username)
        if user is None:
            continue
        held = set(
            RoleAssignment.objects.filter(user=user, role=role).values_list(
                "department_id", flat=True
            )
        )
        for department in departments:
            if department.pk not in held:
                core_actions.assign_role(actor=None, user=user, department=department, role=role)


# ---------------------------------------------------------------- the catalogue


def item_code(spec: ItemSpec, department: Department) -> str:
    """实施编码: the 实施主体's credit code and the 基本编码."""
    return f"{department.credit_code}{basic_code(spec)}"


def basic_code(spec: ItemSpec) -> str:
    return f"{TYPE_CODES[spec.item_type]}{spec.serial}000"


def version_data(spec: ItemSpec, department: Department) -> catalogue_actions.VersionData:
    return catalogue_actions.VersionData(
        name=spec.name,
        basic_code=basic_code(spec),
        item_type=spec.item_type,
        implementing_body=department.name,
        legal_basis=spec.basis,
        conditions=spec.conditions,
        process="\n".join(spec.steps),
        handling_form=HandlingForm.BOTH if spec.online else HandlingForm.WINDOW,
        legal_days=spec.legal_days,
        promised_days=spec.promised_days,
        visits=spec.visits,
        charges=bool(spec.fees),
        consult=CONSULT,
        complaint=COMPLAINT,
        place=spec.place,
        hours=HOURS,
        audience=spec.audience,
        life_events=list(spec.events),
        online=spec.online,
        result_name=spec.result_name,
        result_type=spec.result_type,
    )


def materials_data(spec: ItemSpec) -> list[catalogue_actions.MaterialData]:
    made = []
    for m in spec.materials:
        made.append(
            catalogue_actions.MaterialData(
                name=m.name,
                necessity="conditional" if m.condition else "required",
                condition=m.condition,
                form=m.form,
                copies=m.copies,
                source=m.source,
                notes=m.notes,
                standard="内容完整、真实有效，签字盖章齐全。",
            )
        )
    return made


def fees_data(spec: ItemSpec) -> list[catalogue_actions.FeeData]:
    return [
        catalogue_actions.FeeData(
            name=f.name, standard=f.standard, basis=f.basis, waivable=f.waivable
        )
        for f in spec.fees
    ]


def load_catalogue() -> dict[str, ServiceItem]:
    """Every item drafted by the editor, submitted, and published by the reviewer."""
    editor = User.objects.get(username=EDITOR)
    reviewer = User.objects.get(username=REVIEWER)
    departments = {d.short_code: d for d in Department.objects.all()}
    items = {}
    for spec in ITEMS:
        department = departments[spec.dept]
        item = catalogue_actions.create_item(
            actor=editor, code=item_code(spec, department), department=department
        )
        version = catalogue_actions.draft_version(
            actor=editor,
            item=item,
            data=version_data(spec, department),
            materials=materials_data(spec),
            fees=fees_data(spec),
        )
        catalogue_actions.submit_version(actor=editor, version=version)
        catalogue_actions.approve_version(
            actor=reviewer, version=version, comment="经审核，要素齐全，同意发布。"
        )
        if spec.prefix:
            save_result_template(
                actor=editor,
                item=item,
                title=spec.result_name,
                body=spec.template or DEFAULT_TEMPLATE,
                certificate_prefix=spec.prefix,
            )
        items[spec.key] = item
    # Re-read: the approval set each item's version in force on its own copy of the row.
    fresh = ServiceItem.objects.select_related("current", "department").in_bulk(
        [i.pk for i in items.values()]
    )
    return {key: fresh[item.pk] for key, item in items.items()}


# ---------------------------------------------------------------- the 职权目录


def load_powers(items: dict[str, ServiceItem]) -> list[Power]:
    editor = User.objects.get(username=EDITOR)
    reviewer = User.objects.get(username=REVIEWER)
    departments = {d.short_code: d for d in Department.objects.all()}
    made = []
    for spec in POWERS:
        responsibilities, accountability, steps = DEFAULTS[spec.category]
        power = power_actions.save_power(
            actor=editor,
            data=power_actions.PowerData(
                code=spec.code,
                name=spec.name,
                category=spec.category,
                department=departments[spec.dept],
                unit=spec.unit,
                basis=spec.basis,
                responsibilities=responsibilities,
                accountability=accountability,
                steps=list(steps),
                service_item=items.get(spec.item) if spec.item else None,
            ),
        )
        made.append(power_actions.publish_power(actor=reviewer, power=power))
    return made


# ---------------------------------------------------------------- the whole


def loaded() -> bool:
    return ServiceItem.objects.exists()


def load_demo_services(*, cases: int | None = None) -> None:
    """Everything `gongkai demo` shows of 政务服务, once: the catalogue and the 职权目录 as
    published some months ago, then the cases of the months since (`cases`: how many of the
    generated ones; all by default) and their applicants' ratings (好差评)."""
    from gongkai.demo import service_cases, service_ratings
    from gongkai.demo.county import add_missing_users

    if loaded():
        return
    add_missing_users()
    with transaction.atomic():
        set_up_staff()
        published = moment(today() - timedelta(days=CATALOGUE_DAYS_AGO), 9)
        with wall_clock(published):
            items = load_catalogue()
            load_powers(items)
    service_cases.load_demo_cases(items, limit=cases)
    service_ratings.load_demo_ratings()
