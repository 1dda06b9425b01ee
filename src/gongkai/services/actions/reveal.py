"""Reading an applicant's personal data in full: for those who handle the case, every look
audited (a refused look too, in a transaction of its own since the request fails)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from gongkai.core import audit
from gongkai.services import permissions
from gongkai.services.models import Case

REVEALED_FIELDS = (
    "applicant_name",
    "legal_representative",
    "id_number",
    "phone",
    "address",
    "email",
)


@transaction.atomic
def reveal_applicant(*, actor, case: Case) -> dict:
    """The applicant's identity and contact data in full; audited."""
    if not permissions.can_handle_cases(actor, case.department):
        raise PermissionDenied(_("您无权查看此申请人的身份信息。"))
    audit.record(
        "services.identity_view", actor=actor, obj=case, data={"fields": list(REVEALED_FIELDS)}
    )
    return {field: getattr(case, field) for field in REVEALED_FIELDS}


def record_refused_reveal(*, actor, case: Case) -> None:
    """A refused look at an applicant's data, kept though the request itself fails."""
    with transaction.atomic():
        audit.record("services.identity_view", actor=actor, obj=case, success=False)
