"""Who may do what in 政务服务: one function per question, one condition per line.

A role held in a department covers the departments under it (core.permissions.has_role).
"""

from __future__ import annotations

from gongkai.core.models import Department
from gongkai.core.permissions import has_role
from gongkai.services import roles

STAFF_ROLES = (
    roles.CATALOGUE_EDITOR,
    roles.CATALOGUE_REVIEWER,
    roles.WINDOW_CLERK,
    roles.APPROVER,
)


def is_services_staff(user) -> bool:
    return any(has_role(user, role) for role in STAFF_ROLES)


def can_edit_catalogue(user, department: Department) -> bool:
    return has_role(user, roles.CATALOGUE_EDITOR, department) or has_role(
        user, roles.CATALOGUE_REVIEWER, department
    )


def can_review_catalogue(user, department: Department) -> bool:
    return has_role(user, roles.CATALOGUE_REVIEWER, department)


def can_handle_cases(user, department: Department) -> bool:
    """Register, take a first question, accept, review, notify, deliver."""
    return has_role(user, roles.WINDOW_CLERK, department) or has_role(
        user, roles.APPROVER, department
    )


def can_decide(user, department: Department) -> bool:
    """一核 and extensions."""
    return has_role(user, roles.APPROVER, department)
