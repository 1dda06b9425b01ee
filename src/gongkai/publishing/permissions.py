"""Who may do what in 政务公开: one function per question, one condition per line."""

from __future__ import annotations

from gongkai.core.models import RoleAssignment
from gongkai.core.permissions import can_manage_organisation, departments_for, has_role
from gongkai.publishing import roles
from gongkai.publishing.models import Column, Item, Step

LEVEL_ROLE = {
    Step.Level.CHIEF_EDITOR: roles.CHIEF_EDITOR,
    Step.Level.EDITOR_IN_CHIEF: roles.EDITOR_IN_CHIEF,
    Step.Level.OFFICE: roles.OFFICE_REVIEWER,
}
REVIEWER_ROLES = (roles.CHIEF_EDITOR, roles.EDITOR_IN_CHIEF, roles.OFFICE_REVIEWER)
PUBLISHING_ROLES = (roles.EDITOR, *REVIEWER_ROLES)


# ---------------------------------------------------------------- access


def can_use_publishing(user) -> bool:
    """Editors, reviewers and administrators work in 政务公开 (the nav link, the lists)."""
    if can_manage_organisation(user):
        return True
    return RoleAssignment.objects.filter(user=user, role__in=PUBLISHING_ROLES).exists()


def can_edit_column(user, column: Column) -> bool:
    """Column editors of the owning department (or a department above it)."""
    return has_role(user, roles.EDITOR, column.department)


def editable_columns(user):
    return Column.objects.filter(department__in=departments_for(user, roles.EDITOR)).exclude(
        kind__in=[Column.Kind.LINK, Column.Kind.SECTION]
    )


def can_edit_item(user, item: Item) -> bool:
    if item.status == Item.Status.WITHDRAWN:
        return False
    return can_edit_column(user, item.column)


def can_review_step(user, step: Step) -> bool:
    role = LEVEL_ROLE[step.level]
    if role == roles.OFFICE_REVIEWER:
        return has_role(user, role)
    return has_role(user, role, step.workflow.item.column.department)


def is_reviewer_for(user, item: Item) -> bool:
    """Holds a review role over the item's department (the office reviewers: over any)."""
    department = item.column.department
    if has_role(user, roles.OFFICE_REVIEWER):
        return True
    return has_role(user, roles.CHIEF_EDITOR, department) or has_role(
        user, roles.EDITOR_IN_CHIEF, department
    )


def can_view_item(user, item: Item) -> bool:
    """Staff view of an item (drafts included)."""
    return can_edit_column(user, item.column) or is_reviewer_for(user, item)


def can_override_pii(user, item: Item) -> bool:
    """A reviewer (not the editor) may let personal information through, with a reason."""
    department = item.column.department
    return has_role(user, roles.CHIEF_EDITOR, department) or has_role(
        user, roles.EDITOR_IN_CHIEF, department
    )


def can_emergency_publish(user, item: Item) -> bool:
    return has_role(user, roles.EDITOR_IN_CHIEF, item.column.department)


def can_after_review(user, item: Item) -> bool:
    department = item.column.department
    return has_role(user, roles.CHIEF_EDITOR, department) or has_role(
        user, roles.EDITOR_IN_CHIEF, department
    )


def can_withdraw(user, item: Item) -> bool:
    """Withdrawing public information is for the chief editor or the editor-in-chief."""
    department = item.column.department
    return has_role(user, roles.CHIEF_EDITOR, department) or has_role(
        user, roles.EDITOR_IN_CHIEF, department
    )


def can_change_validity(user, item: Item) -> bool:
    return can_edit_column(user, item.column) or can_withdraw(user, item)


def can_manage_columns(user) -> bool:
    from gongkai.core.permissions import can_manage_organisation

    return can_manage_organisation(user)


def visible_department_ids(user) -> set[int] | None:
    """Departments whose items a staff member may see (None: every department)."""
    if has_role(user, roles.OFFICE_REVIEWER):
        return None
    departments = set(departments_for(user, roles.EDITOR).values_list("pk", flat=True))
    for role in (roles.CHIEF_EDITOR, roles.EDITOR_IN_CHIEF):
        departments |= set(departments_for(user, role).values_list("pk", flat=True))
    return departments


def visible_items(user):
    """Items a staff member may see in the workbench (their columns, or what they review)."""
    departments = visible_department_ids(user)
    if departments is None:
        return Item.objects.all()
    return Item.objects.filter(column__department__in=departments)
