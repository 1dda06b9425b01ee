"""Who may open which request in the workbench, and what of the applicant a list shows."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from gongkai.core import pii
from gongkai.disclosure import permissions
from gongkai.disclosure.models import DisclosureRequest
from gongkai.disclosure.rules import ApplicantType

# What the request page shows of a request, read with it in one query.
REQUEST_RELATED = (
    "department",
    "handler",
    "registered_by",
    "reply_clock",
    "correction_notice_clock",
)


def require_disclosure_staff(user) -> None:
    if not permissions.is_disclosure_staff(user):
        raise PermissionDenied(
            _("依申请公开工作台仅限依申请公开经办人和政府信息公开工作机构负责人使用。")
        )


def get_request_for_user(user, pk: int) -> DisclosureRequest:
    """The request, if this staff member handles requests of its department."""
    request = get_object_or_404(DisclosureRequest.objects.select_related(*REQUEST_RELATED), pk=pk)
    # Art. 17: a 保密审查 reviewer opens the request whose reply they review.
    if not permissions.can_handle(user, request) and not permissions.can_review_secrecy(
        user, request
    ):
        raise PermissionDenied(_("您无权查看此申请：它不属于您负责的机关。"))
    return request


def applicant_shown(request: DisclosureRequest) -> str:
    """A natural person's name masked; an organisation's name is not personal data."""
    if request.applicant_type == ApplicantType.NATURAL:
        return pii.mask_name(request.applicant_name)
    return request.applicant_name
