"""Reading a writer's name and phone in full: for those who route or answer the letter, every
look audited (a refused look too, committed before the refusal)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from gongkai.core import audit
from gongkai.letters import permissions
from gongkai.letters.models import Letter

REVEALED_FIELDS = ("writer_name", "writer_phone")


def may_reveal(actor, letter: Letter) -> bool:
    """The mailbox's triage, and the handlers and reviewers of the lead and assisting
    departments (who may need to call the writer); supervisors read masked data only."""
    if permissions.can_triage(actor, letter.mailbox.department):
        return True
    departments = list(letter.assisting.all())
    if letter.department_id is not None:
        departments.append(letter.department)
    return any(
        permissions.can_draft(actor, d) or permissions.can_review(actor, d) for d in departments
    )


def reveal_writer(*, actor, letter: Letter) -> dict:
    """The writer's name and phone in full; audited whether allowed or not."""
    # As the letter stands now (who leads it), not as the caller's copy last saw it.
    letter = Letter.objects.select_related("mailbox__department", "department").get(pk=letter.pk)
    allowed = may_reveal(actor, letter)
    with transaction.atomic():
        audit.record(
            "letters.identity_view",
            actor=actor,
            obj=letter,
            success=allowed,
            data={"fields": list(REVEALED_FIELDS)},
        )
    if not allowed:
        raise PermissionDenied(_("您无权查看此写信人的姓名和联系电话。"))
    return {field: getattr(letter, field) for field in REVEALED_FIELDS}
