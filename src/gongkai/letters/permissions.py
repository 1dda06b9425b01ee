"""Who may do what in 政民互动: one function per question, one condition per line.

A role held in a department covers the departments under it (core.permissions.has_role).
Routing scope: a letter is seen by the triage of its mailbox's department, by its lead and
assisting departments' handlers and reviewers, and by supervisors (core.supervision).
"""

from __future__ import annotations

from gongkai.core.models import Department
from gongkai.core.permissions import can_manage_organisation, has_role
from gongkai.letters import roles

STAFF_ROLES = (
    roles.TRIAGE,
    roles.HANDLER,
    roles.REVIEWER,
    roles.MODERATOR,
    roles.CONSULTATION_EDITOR,
)
LETTER_ROLES = (roles.TRIAGE, roles.HANDLER, roles.REVIEWER)


def is_letters_staff(user) -> bool:
    """Who has work in the 政民互动 workbench: its roles, and the system administrator, who
    sets up the mailboxes."""
    return any(has_role(user, role) for role in STAFF_ROLES) or can_manage_organisation(user)


def handles_letters(user) -> bool:
    return any(has_role(user, role) for role in LETTER_ROLES)


def can_triage(user, mailbox_department: Department) -> bool:
    return has_role(user, roles.TRIAGE, mailbox_department)


def can_set_up_mailboxes(user) -> bool:
    """A new mailbox is the county's configuration: the system administrator's."""
    return can_manage_organisation(user)


def can_manage_mailbox(user, mailbox) -> bool:
    """One mailbox's settings, opening and closing: the administrator, or the triage of the
    mailbox's department (who answers for what it promises the public)."""
    if can_manage_organisation(user):
        return True
    return can_triage(user, mailbox.department)


def manages_mailboxes(user) -> bool:
    """Whether the mailboxes' page has anything for this user."""
    return can_manage_organisation(user) or has_role(user, roles.TRIAGE)


def can_draft(user, department: Department) -> bool:
    return has_role(user, roles.HANDLER, department)


def can_review(user, department: Department) -> bool:
    return has_role(user, roles.REVIEWER, department)


def can_moderate(user) -> bool:
    return has_role(user, roles.MODERATOR)


def can_run_consultations(user, department: Department) -> bool:
    return has_role(user, roles.CONSULTATION_EDITOR, department)


def can_keep_blocked_words(user) -> bool:
    """The board's blocked words: kept by the moderators and by the system administrator."""
    return can_moderate(user) or can_manage_organisation(user)
