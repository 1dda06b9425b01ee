"""Who may do what in 依申请公开: one function per question, one condition per line.

Requests addressed to the government itself (the root department) are handled by the
disclosure office (settings.DISCLOSURE_OFFICE_CODE, usually 政府办), whose staff also compile
the whole government's annual report.
"""

from __future__ import annotations

from django.conf import settings

from gongkai.core.models import Department
from gongkai.core.permissions import departments_for, has_role
from gongkai.disclosure import roles
from gongkai.disclosure.models import DisclosureRequest


def disclosure_office() -> Department | None:
    return Department.objects.filter(short_code=settings.DISCLOSURE_OFFICE_CODE).first()


def responsible_department(department: Department) -> Department:
    """Who answers for `department`: itself, or the disclosure office for the government."""
    if department.parent_id is None:
        return disclosure_office() or department
    return department


def can_handle(user, request: DisclosureRequest) -> bool:
    """Disclosure officers (and the office head) of the receiving department or one above it."""
    department = responsible_department(request.department)
    return has_role(user, roles.DISCLOSURE_OFFICER, department) or has_role(
        user, roles.DISCLOSURE_HEAD, department
    )


def can_register(user, department: Department) -> bool:
    """Register a request that came in person, by post or by fax."""
    return has_role(user, roles.DISCLOSURE_OFFICER, responsible_department(department))


def can_approve_extension(user, request: DisclosureRequest) -> bool:
    """Art. 33: the head of the disclosure office approves an extension."""
    return has_role(user, roles.DISCLOSURE_HEAD, responsible_department(request.department))


def works_in_office(user) -> bool:
    office = disclosure_office()
    if office is None:
        return False
    return has_role(user, roles.DISCLOSURE_OFFICER, office) or has_role(
        user, roles.DISCLOSURE_HEAD, office
    )


def handled_departments(user):
    """Departments whose requests the user may see (officer or head, with those below; the
    disclosure office's staff also the government itself)."""
    departments = departments_for(user, roles.DISCLOSURE_OFFICER) | departments_for(
        user, roles.DISCLOSURE_HEAD
    )
    if works_in_office(user):
        departments = departments | Department.objects.filter(parent=None)
    return departments.distinct()


def requests_for(user):
    return DisclosureRequest.objects.filter(department__in=handled_departments(user))


def is_disclosure_staff(user) -> bool:
    return has_role(user, roles.DISCLOSURE_OFFICER) or has_role(user, roles.DISCLOSURE_HEAD)


def can_edit_report(user, department: Department | None) -> bool:
    """The annual report: the agency's disclosure staff; the whole government's: the office's."""
    if department is None:
        return works_in_office(user)
    department = responsible_department(department)
    return has_role(user, roles.DISCLOSURE_HEAD, department) or has_role(
        user, roles.DISCLOSURE_OFFICER, department
    )


def can_edit_templates(user) -> bool:
    return has_role(user, roles.DISCLOSURE_HEAD)
