"""Who may do what: permission checks as functions, one condition per line."""

from __future__ import annotations

from gongkai.core import roles, tree
from gongkai.core.models import Department, RoleAssignment, User


def _active(user) -> bool:
    return bool(user and user.is_authenticated and user.is_active)


def has_role(user: User, role: str, department: Department | None = None) -> bool:
    """Whether `user` holds `role` in `department` or in a department above it (any, if None)."""
    if not _active(user):
        return False
    assignments = RoleAssignment.objects.filter(user=user, role=role)
    if department is None:
        return assignments.exists()
    return assignments.filter(department_id__in=department.ancestor_ids()).exists()


def roles_of(user: User) -> list[RoleAssignment]:
    if not _active(user):
        return []
    return list(
        RoleAssignment.objects.filter(user=user)
        .select_related("department")
        .order_by("department__path")
    )


def departments_for(user: User, role: str):
    """The departments where `user` holds `role`, with every department under them."""
    paths = RoleAssignment.objects.filter(user=user, role=role).values_list(
        "department__path", flat=True
    )
    if not _active(user) or not paths:
        return Department.objects.none()
    return Department.objects.filter(tree.within(paths))


def is_staff_member(user: User) -> bool:
    """Anyone with at least one role (or a superuser) may use the staff pages."""
    if not _active(user):
        return False
    if user.is_superuser:
        return True
    return RoleAssignment.objects.filter(user=user).exists()


def can_manage_organisation(user: User) -> bool:
    if not _active(user):
        return False
    if user.is_superuser:
        return True
    return has_role(user, roles.SYSTEM_ADMIN)


def can_manage_calendar(user: User) -> bool:
    return can_manage_organisation(user)


def can_view_audit(user: User) -> bool:
    """The audit log is for the auditor and security roles, kept apart from daily work."""
    if not _active(user):
        return False
    if user.is_superuser:
        return True
    return (
        has_role(user, roles.AUDITOR)
        or has_role(user, roles.SECURITY_ADMIN)
        or has_role(user, roles.SYSTEM_ADMIN)
    )


def can_view_personal_data(user: User) -> bool:
    if not _active(user):
        return False
    return user.is_superuser or has_role(user, roles.SECURITY_ADMIN)
