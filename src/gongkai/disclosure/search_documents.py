"""What 依申请公开 gives the search index (registered with core.hooks; search is not imported).

One document per answered request (已答复): what was asked for and what was answered, found
only by the staff search of those who handle the receiving agency's requests
(permissions.handled_departments), so that an officer finds how a similar request was
answered before. Never public, and nothing of the applicant is indexed: no name, no
identity, no contact details. Requests still being handled, or closed without an answer,
are not in the index.
"""

from __future__ import annotations

from datetime import datetime, time

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gongkai.disclosure import permissions
from gongkai.disclosure.models import DisclosureRequest

KIND = "disclosure.request"


def to_document(request: DisclosureRequest) -> dict | None:
    if request.status != DisclosureRequest.Status.REPLIED:
        return None
    finished = request.finished_on or request.received_on
    parts = [request.info_description, request.get_outcome_display(), request.reply_text]
    if request.withheld:
        parts.append(request.withheld)
    return {
        "kind": KIND,
        "object_id": request.pk,
        "title": request.info_title,
        "body": "\n".join(p for p in parts if p),
        "document_number": request.info_document_number,
        "index_number": request.number,
        "url": reverse("disclosure:staff:request", args=[request.pk]),
        "column_id": None,
        "department_id": request.department_id,
        "published_at": timezone.make_aware(datetime.combine(finished, time(12))),
        "validity": "",
        "is_public": False,
    }


class RequestDocuments:
    """The search source of kind "disclosure.request"."""

    label = _("依申请公开答复")
    public = False

    def document(self, pk: int) -> dict | None:
        request = DisclosureRequest.objects.filter(pk=pk).first()
        return to_document(request) if request is not None else None

    def documents(self, pks: list[int]) -> list[dict | None]:
        found = DisclosureRequest.objects.in_bulk(pks)
        return [to_document(found[pk]) if pk in found else None for pk in pks]

    def ids(self):
        return (
            DisclosureRequest.objects.filter(status=DisclosureRequest.Status.REPLIED)
            .order_by("pk")
            .values_list("pk", flat=True)
            .iterator()
        )

    # No staff_url: the document's own url is already the workbench page.
    def staff_departments(self, user) -> set[int]:
        return set(permissions.handled_departments(user).values_list("pk", flat=True))
