"""The demo county (示范县): departments from the reports the platform was designed from,
and one demo user per role, created through the same actions staff use."""

from __future__ import annotations

from django.db import transaction

from gongkai.core import actions
from gongkai.core import roles as core_roles
from gongkai.core.models import Department, User
from gongkai.demo import disclosure as demo_disclosure
from gongkai.demo import roles as demo_roles
from gongkai.demo import services as demo_services
from gongkai.disclosure import roles as disclosure_roles
from gongkai.letters import roles as letters_roles
from gongkai.publishing import roles as publishing_roles
from gongkai.services import roles as services_roles

ROOT_CODE = "SFX"
# Demo only: printed by `gongkai demo` and in the README. Never used outside demo mode.
DEMO_PASSWORD = "Gongkai-Demo-2026"

# (short code, name, kind, parent code, credit code)
DEPARTMENTS = [
    (ROOT_CODE, "示范县人民政府", Department.Kind.GOVERNMENT, None, "11510000MB0000001A"),
    ("BGS", "县人民政府办公室", Department.Kind.OFFICE, ROOT_CODE, "11510000MB0000002B"),
    ("XXZX", "县信息中心", Department.Kind.OFFICE, ROOT_CODE, "12510000MB0000003C"),
    ("SWJ", "县水务局（移民办）", Department.Kind.OFFICE, ROOT_CODE, "11510000MB0000004D"),
    ("NYJ", "县农业农村局（畜牧）", Department.Kind.OFFICE, ROOT_CODE, "11510000MB0000005E"),
    ("MZJ", "县民政局", Department.Kind.OFFICE, ROOT_CODE, "11510000MB0000006F"),
    (
        "SPJ",
        "县行政审批局（政务服务中心）",
        Department.Kind.OFFICE,
        ROOT_CODE,
        "11510000MB0000007G",
    ),
    ("DAG", "县档案馆", Department.Kind.OFFICE, ROOT_CODE, "12510000MB0000008H"),
    ("GSX", "高山乡人民政府", Department.Kind.TOWNSHIP, ROOT_CODE, "11510000MB0000009J"),
    ("GSX-HPC", "高山乡和平村", Department.Kind.VILLAGE, "GSX", ""),
    ("GSX-XQC", "高山乡新桥村", Department.Kind.VILLAGE, "GSX", ""),
]

# (username, display name, role, department code)
USERS = [
    ("editor", "李编辑", publishing_roles.EDITOR, "NYJ"),
    ("chief", "王主编", publishing_roles.CHIEF_EDITOR, ROOT_CODE),
    ("editor_in_chief", "张总编", publishing_roles.EDITOR_IN_CHIEF, ROOT_CODE),
    ("office_reviewer", "刘审核", publishing_roles.OFFICE_REVIEWER, "BGS"),
    # 政务服务中心: the windows take every department's applications (demo.services gives
    # them their roles in each department with items); the 导办台's clerk is often asked first.
    ("clerk", "赵窗口", services_roles.WINDOW_CLERK, "SPJ"),
    ("window_clerk", "林受理", services_roles.WINDOW_CLERK, "SPJ"),
    ("window_clerk2", "马导办", services_roles.WINDOW_CLERK, "SPJ"),
    ("approver", "钱审批", services_roles.APPROVER, "SPJ"),
    ("catalogue_editor", "唐清单", services_roles.CATALOGUE_EDITOR, "NYJ"),
    ("catalogue_reviewer", "宋审核", services_roles.CATALOGUE_REVIEWER, ROOT_CODE),
    ("disclosure", "孙公开", disclosure_roles.DISCLOSURE_OFFICER, "BGS"),
    ("disclosure_head", "冯主任", disclosure_roles.DISCLOSURE_HEAD, "BGS"),
    ("archivist", "周档案", demo_roles.ARCHIVIST, "DAG"),
    ("supervisor", "吴督查", core_roles.SUPERVISOR, "BGS"),
    ("leader", "韩县长", core_roles.LEADER, ROOT_CODE),
    ("admin", "郑管理", core_roles.SYSTEM_ADMIN, "XXZX"),
    # A second editor in another department: the one who must be refused in scope tests.
    ("township_editor", "陈编辑", publishing_roles.EDITOR, "GSX"),
    # 村务公开: each village's editor writes, the township's chief editor reviews (one level).
    ("township_chief", "黄主编", publishing_roles.CHIEF_EDITOR, "GSX"),
    ("heping_editor", "何文书", publishing_roles.EDITOR, "GSX-HPC"),
    ("xinqiao_editor", "许文书", publishing_roles.EDITOR, "GSX-XQC"),
    # 政民互动: the office triages the 县长信箱 and reviews its replies at the second level;
    # demo.letters gives the departments' triage, handler, reviewer and consultation editor
    # their roles in every department with a mailbox.
    ("letter_triage", "蒋分办", letters_roles.TRIAGE, "BGS"),
    ("letter_office_reviewer", "袁主任", letters_roles.REVIEWER, "BGS"),
    ("letter_dept_triage", "魏收件", letters_roles.TRIAGE, "NYJ"),
    ("letter_handler", "杜办理", letters_roles.HANDLER, "NYJ"),
    ("letter_reviewer", "曹审核", letters_roles.REVIEWER, "NYJ"),
    ("moderator", "潘版主", letters_roles.MODERATOR, "BGS"),
    ("consultation_editor", "罗征集", letters_roles.CONSULTATION_EDITOR, "NYJ"),
]


def is_loaded() -> bool:
    return Department.objects.filter(short_code=ROOT_CODE).exists()


@transaction.atomic
def load_demo_county() -> None:
    """Create the demo county's departments and users (system actor, audited)."""
    created: dict[str, Department] = {}
    for order, (code, name, kind, parent, credit) in enumerate(DEPARTMENTS):
        created[code] = actions.create_department(
            actor=None,
            name=name,
            short_code=code,
            kind=kind,
            parent=created[parent] if parent else None,
            credit_code=credit,
            order=order,
        )
    for username, display, role, dept in USERS:
        _create_user(username, display, role, created[dept])
    demo_disclosure.set_up_offices()
    demo_services.set_up_staff()


def _create_user(username: str, display: str, role: str, department: Department) -> None:
    user = actions.create_user(
        actor=None, username=username, password=DEMO_PASSWORD, display_name=display
    )
    actions.assign_role(actor=None, user=user, department=department, role=role)


@transaction.atomic
def add_missing_users() -> None:
    """Users added to the demo after a county was loaded (a `var/` kept from before)."""
    existing = set(User.objects.values_list("username", flat=True))
    departments = {d.short_code: d for d in Department.objects.all()}
    for username, display, role, dept in USERS:
        if username not in existing:
            _create_user(username, display, role, departments[dept])
