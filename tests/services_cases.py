"""Building blocks for tests of 政务服务 cases: a published item with its materials, the
window's personas, an applicant, a material as an uploaded PDF."""

from __future__ import annotations

from gongkai.core import actions as core_actions
from gongkai.core.files import check_bytes
from gongkai.services import actions, roles
from gongkai.services.models import (
    Material,
    ResultTemplate,
    ServiceItem,
    ServiceItemVersion,
)
from gongkai.services.rules import Audience, ItemType, Necessity
from tests.documents import make_pdf

PASSWORD = "Gongkai-Test-2026"
CERTIFICATE_PREFIX = "动防合字第"


def published_item(
    department,
    *,
    code: str = "T-520000-DFY-001",
    name: str = "动物防疫条件合格证核发",
    legal_days: int = 20,
    promised_days: int = 10,
    online: bool = True,
    item_type: str = ItemType.LICENSING,
) -> ServiceItem:
    """An item in force with two required materials and a conditional one, and its template.
    Written to the tables directly: the catalogue's own workflow is tested on its own."""
    item = ServiceItem.objects.create(code=code, department=department)
    version = ServiceItemVersion.objects.create(
        item=item,
        number=1,
        state=ServiceItemVersion.State.PUBLISHED,
        name=name,
        item_type=item_type,
        implementing_body=department.name,
        legal_basis="《中华人民共和国动物防疫法》第二十四条",
        conditions="场所选址、布局符合动物防疫要求。",
        process="申请\n受理\n审查\n决定\n送达",
        legal_days=legal_days,
        promised_days=promised_days,
        consult="0851-12345678",
        complaint="0851-12345679",
        place="县政务服务中心一楼农业窗口",
        hours="工作日 9:00-17:00",
        audience=Audience.ORGANISATION,
        online=online,
        result_name="动物防疫条件合格证",
    )
    for order, (material, necessity) in enumerate(
        [
            ("动物防疫条件审查申请表", Necessity.REQUIRED),
            ("场所地理位置图、各功能区布局平面图", Necessity.REQUIRED),
            ("授权委托书", Necessity.CONDITIONAL),
        ]
    ):
        Material.objects.create(version=version, order=order, name=material, necessity=necessity)
    item.current = version
    item.save(update_fields=["current"])
    ResultTemplate.objects.create(
        item=item,
        title="动物防疫条件合格证",
        body="{applicant}：\n你单位的{item}申请经审查符合条件，发给合格证（编号：{certificate}）。",
        certificate_prefix=CERTIFICATE_PREFIX,
    )
    return item


def materials_of(item: ServiceItem) -> list[Material]:
    return list(item.current.materials.order_by("order"))


def staff(username: str, role: str, department, display_name: str = "") -> object:
    """A user with one role of 政务服务 in `department`."""
    user = core_actions.create_user(
        actor=None, username=username, password=PASSWORD, display_name=display_name or username
    )
    core_actions.assign_role(actor=None, user=user, department=department, role=role)
    return user


class Window:
    """The personas of a department's window: a clerk, a second clerk, an approver, and a
    clerk of another department who must be refused."""

    def __init__(self, county, code: str = "NYJ", other: str = "MZJ"):
        self.department = county.dept[code]
        self.clerk = staff("t_clerk", roles.WINDOW_CLERK, self.department, "窗口甲")
        self.clerk2 = staff("t_clerk2", roles.WINDOW_CLERK, self.department, "窗口乙")
        self.approver = staff("t_approver", roles.APPROVER, self.department, "审批丙")
        self.stranger = staff("t_stranger", roles.WINDOW_CLERK, county.dept[other], "外部门")


def organisation(**overrides) -> actions.ApplicantData:
    values = {
        "applicant_type": Audience.ORGANISATION,
        "applicant_name": "黔南某某养殖专业合作社",
        "id_type": "credit_code",
        "id_number": "91520000MA6DXY123H",
        "phone": "13800138000",
        "legal_representative": "王大山",
        "address": "高山乡和平村三组",
    }
    values.update(overrides)
    return actions.ApplicantData(**values)


def person(**overrides) -> actions.ApplicantData:
    values = {
        "applicant_type": Audience.PERSON,
        "applicant_name": "王小明",
        "id_type": "resident_id",
        "id_number": "11010519491231002X",
        "phone": "13800138000",
    }
    values.update(overrides)
    return actions.ApplicantData(**values)


def pdf(name: str = "材料.pdf", text: str = "material"):
    return check_bytes(name, make_pdf(text))


def submissions(item: ServiceItem, *, skip: int | None = None, paper: bool = False):
    """Every required material of the item handed in (but the one at index `skip`)."""
    return [
        actions.MaterialSubmission(
            material=m,
            file=None if paper else pdf(f"{m.name}.pdf", f"material {index}"),
            paper=paper,
        )
        for index, m in enumerate(materials_of(item))
        if index != skip and m.necessity == Necessity.REQUIRED
    ]
