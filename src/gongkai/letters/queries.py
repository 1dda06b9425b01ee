"""What the letter pages read: the letters a user may see (routing scope), and the published
ones.

Routing scope, one condition per line: the triage of a mailbox's department sees its letters
(and so do that department's reviewers, who give the second review level); the handlers and
reviewers of a department see the letters it leads or assists; supervisors see everything.
A role held in a department covers the departments under it. Each condition is a subquery,
so a list stays one query whatever the number of departments.
"""

from __future__ import annotations

from django.db.models import Exists, F, OuterRef, Q, QuerySet
from django.db.models.lookups import StartsWith

from gongkai.core import supervision
from gongkai.core.models import Department, RoleAssignment
from gongkai.letters import roles
from gongkai.letters.models import Letter


def _departments_where(user, *held: str) -> QuerySet[Department]:
    """Departments at or under one where `user` holds one of `held` (a subquery)."""
    assignments = RoleAssignment.objects.filter(
        StartsWith(OuterRef("path"), F("department__path")), user=user, role__in=held
    )
    return Department.objects.filter(Exists(assignments))


def _scope(user) -> Q | None:
    """The condition on letters for `user`; None: every letter; Q(pk__in=[]): none."""
    if not (user and user.is_authenticated and user.is_active):
        return Q(pk__in=[])
    if supervision.sees_everything(user):
        return None
    mailboxes = _departments_where(user, roles.TRIAGE, roles.REVIEWER)
    answering = _departments_where(user, roles.HANDLER, roles.REVIEWER)
    assisted = Letter.assisting.through.objects.filter(
        letter_id=OuterRef("pk"), department__in=answering
    )
    return Q(mailbox__department__in=mailboxes) | Q(department__in=answering) | Q(Exists(assisted))


def visible_letters(user) -> QuerySet[Letter]:
    """The letters `user` may open, newest first, with what a list shows."""
    letters = Letter.objects.select_related("mailbox", "department", "reply_clock")
    scope = _scope(user)
    return letters if scope is None else letters.filter(scope)


def can_see(user, letter: Letter) -> bool:
    scope = _scope(user)
    if scope is None:
        return True
    return Letter.objects.filter(scope, pk=letter.pk).exists()


def published_letters() -> QuerySet[Letter]:
    """The letters on the public pages, latest published first."""
    return (
        Letter.objects.filter(published_at__isnull=False)
        .select_related("mailbox", "reply_department")
        .order_by("-published_at", "-pk")
    )
