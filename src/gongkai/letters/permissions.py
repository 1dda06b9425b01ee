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
    return any(has_role(user, role) for role in STAFF_ROLES)


def handles_letters(user) -> bool:
    return any(has_role(user, role) for role in LETTER_ROLES)


def can_triage(user, mailbox_department: Department) -> bool:
    return has_role(user, roles.TRIAGE, mailbox_department)


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
