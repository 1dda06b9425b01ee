"""Who may do what in 依申请公开: one function per question, one condition per line.

An agency's requests are handled by the disclosure staff of its 政府信息公开工作机构 (条例
Art. 4): the office named for it (`DisclosureOffice`, e.g. 县人民政府办公室 for 县人民政府),
or the agency itself when none is named. A role held in a department also covers the
departments under it (core.permissions.has_role). The staff of the government's office also
compile the county-wide summary of the annual reports.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db.models import Q

from gongkai.core import roles as core_roles
from gongkai.core.models import Department, RoleAssignment, User
from gongkai.core.permissions import can_manage_organisation, departments_for, has_role
from gongkai.disclosure import roles
from gongkai.disclosure.models import DisclosureOffice, DisclosureRequest

HANDLER_ROLES = (roles.DISCLOSURE_OFFICER, roles.DISCLOSURE_HEAD)


def government() -> Department | None:
    """The people's government at the top of the tree (本级政府)."""
    return Department.objects.filter(parent=None).order_by("order", "pk").first()


def responsible_department(department: Department) -> Department:
    """Whose disclosure staff answer for `department`: its named office, or itself."""
    named = DisclosureOffice.objects.filter(department=department).select_related("office")
    found = named.first()
    return found.office if found else department


def disclosure_office() -> Department | None:
    """The office that handles the government's own requests."""
    root = government()
    return responsible_department(root) if root else None


def _handles(user, role: str, department: Department) -> bool:
    return has_role(user, role, responsible_department(department))


def can_handle_department(user, department: Department) -> bool:
    """Officers and the office head of the department's disclosure office (or one above it)."""
    return _handles(user, roles.DISCLOSURE_OFFICER, department) or _handles(
        user, roles.DISCLOSURE_HEAD, department
    )


def can_handle(user, request: DisclosureRequest) -> bool:
    """Disclosure officers (and the office head) of the receiving department's office."""
    return can_handle_department(user, request.department)


def possible_handlers(department: Department):
    """Who may be assigned a request to `department`: the officers and heads of its
    disclosure office or of a department above that office."""
    office = responsible_department(department)
    users = RoleAssignment.objects.filter(
        role__in=HANDLER_ROLES, department_id__in=office.ancestor_ids()
    ).values("user_id")
    return User.objects.filter(pk__in=users, is_active=True).order_by("display_name", "username")


def can_register(user, department: Department) -> bool:
    """Register a request that came in person, by post or by fax."""
    return _handles(user, roles.DISCLOSURE_OFFICER, department)


def can_approve_extension(user, request: DisclosureRequest) -> bool:
    """Art. 33: the head of the disclosure office approves an extension."""
    return _handles(user, roles.DISCLOSURE_HEAD, request.department)


def can_waive_fee(user, request: DisclosureRequest) -> bool:
    """An information processing fee is waived (hardship) by the head of the disclosure office,
    as an extension is approved (Art. 33): a decision of the office, not of one officer."""
    return _handles(user, roles.DISCLOSURE_HEAD, request.department)


def works_in_office(user) -> bool:
    """Handles the government's own requests (and so sees the county-wide summary)."""
    root = government()
    return root is not None and can_handle_department(user, root)


def _served_by(offices) -> Q:
    """Departments whose requests the staff of `offices` (a queryset) handle: those with no
    office of their own among them, and those whose named office is among them."""
    named = DisclosureOffice.objects.values("department")
    served = DisclosureOffice.objects.filter(office__in=offices).values("department")
    return (Q(pk__in=offices.values("pk")) & ~Q(pk__in=named)) | Q(pk__in=served)


def handled_departments(user):
    """Departments whose requests the user may see (as officer or head)."""
    mine = departments_for(user, roles.DISCLOSURE_OFFICER) | departments_for(
        user, roles.DISCLOSURE_HEAD
    )
    return Department.objects.filter(_served_by(mine))


def handled_agencies(user):
    """The agencies whose requests the user handles, for their annual reports and review
    cases: villages are left out (no 行政机关: their township answers for them)."""
    return handled_departments(user).exclude(kind=Department.Kind.VILLAGE).order_by("path")


def registrable_departments(user):
    """Departments for which the user may register a paper application (as officer)."""
    return Department.objects.filter(_served_by(departments_for(user, roles.DISCLOSURE_OFFICER)))


def requests_for(user):
    return DisclosureRequest.objects.filter(department__in=handled_departments(user))


def is_disclosure_staff(user) -> bool:
    return has_role(user, roles.DISCLOSURE_OFFICER) or has_role(user, roles.DISCLOSURE_HEAD)


def can_edit_report(user, department: Department | None) -> bool:
    """An agency's annual report: its disclosure staff. The county-wide summary (None) is a
    view of the agencies' reports, not a report of its own: nobody edits it."""
    if department is None:
        return False
    return can_handle_department(user, department)


def can_view_report(user, department: Department | None) -> bool:
    """An agency's report: its disclosure staff; the county-wide summary: the government's."""
    if department is None:
        return works_in_office(user)
    return can_handle_department(user, department)


def can_publish_report(user, department: Department | None) -> bool:
    """条例 Art. 49: sending an agency's report to its 年报 column is for the head of its
    disclosure office (the column's own review then decides)."""
    if department is None:
        return False
    return _handles(user, roles.DISCLOSURE_HEAD, department)


def can_set_office(user) -> bool:
    """Naming an agency's disclosure office changes who sees its requests: administrators."""
    return can_manage_organisation(user)


def can_edit_templates(user) -> bool:
    return has_role(user, roles.DISCLOSURE_HEAD)


# 条例 Art. 17: where the 保密审查 role must be held (settings.DISCLOSURE_SECRECY_REVIEW_SCOPE):
# for the request's disclosure office or a department above it, or for that office only.
SECRECY_REVIEW_SCOPES = ("tree", "department")


def can_review_secrecy(user, request: DisclosureRequest) -> bool:
    """Who may review a reply before it releases information (Art. 17): the holders of the
    role settings.DISCLOSURE_SECRECY_REVIEW_ROLE names, within its scope. The drafter never
    reviews their own draft (the action refuses it)."""
    role = settings.DISCLOSURE_SECRECY_REVIEW_ROLE
    scope = settings.DISCLOSURE_SECRECY_REVIEW_SCOPE
    if not core_roles.is_known(role):
        raise ImproperlyConfigured(f"DISCLOSURE_SECRECY_REVIEW_ROLE: no role {role!r}")
    if scope not in SECRECY_REVIEW_SCOPES:
        raise ImproperlyConfigured(
            f"DISCLOSURE_SECRECY_REVIEW_SCOPE: one of {SECRECY_REVIEW_SCOPES}"
        )
    department = responsible_department(request.department)
    if not has_role(user, role, department):
        return False
    if scope == "department":
        return RoleAssignment.objects.filter(user=user, role=role, department=department).exists()
    return True
