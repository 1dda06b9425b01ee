"""Who may open which case or inquiry in the workbench, and what of the applicant a page
shows before the audited reveal."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from gongkai.core import pii
from gongkai.core.identity import mask_phone
from gongkai.services import permissions
from gongkai.services.models import Case, Inquiry
from gongkai.services.queries import handled_departments
from gongkai.services.rules import Audience

# What the case page shows of a case, read with it in one query.
CASE_RELATED = (
    "department",
    "version",
    "item",
    "handler",
    "registered_by",
    "inquiry__first_contact",
    "intake_clock",
    "legal_clock",
    "promised_clock",
    "evaluation",
)


def require_services_staff(user) -> None:
    if not permissions.is_services_staff(user):
        raise PermissionDenied(
            _("政务服务工作台仅限窗口受理人员、审批负责人和事项清单编制审核人员使用。")
        )


def require_window_staff(user) -> None:
    """Cases and first questions: window clerks and approvers."""
    if not handled_departments(user).exists():
        raise PermissionDenied(_("办件和首问登记仅限窗口受理人员和审批负责人使用。"))


def get_case_for_user(user, number: str) -> Case:
    """The case, if this staff member handles cases of its department."""
    case = get_object_or_404(Case.objects.select_related(*CASE_RELATED), number=number)
    if not permissions.can_handle_cases(user, case.department):
        raise PermissionDenied(_("您无权查看此办件：它不属于您负责的部门。"))
    return case


def get_inquiry_for_user(user, pk: int) -> Inquiry:
    """An inquiry its present owner or its first contact may open."""
    inquiry = get_object_or_404(
        Inquiry.objects.select_related(
            "item__current", "item__department", "first_contact", "owner"
        ),
        pk=pk,
    )
    if inquiry.owner_id != user.pk and inquiry.first_contact_id != user.pk:
        raise PermissionDenied(_("您无权查看此首问登记：它不由您负责。"))
    return inquiry


def applicant_shown(case: Case) -> str:
    """A person's name masked; an organisation's name is not personal data."""
    if case.applicant_type == Audience.PERSON:
        return pii.mask_name(case.applicant_name)
    return case.applicant_name


def masked_applicant(case: Case) -> dict:
    local, at, domain = case.email.partition("@")
    return {
        "applicant_name": applicant_shown(case),
        "legal_representative": pii.mask_name(case.legal_representative),
        "id_number": pii.mask_id_number(case.id_number),
        "phone": mask_phone(case.phone),
        "email": f"{local[:1]}{pii.MASK_CHAR * 3}@{domain}" if at else "",
        "address": _("（已隐藏）") if case.address else "",
    }
