"""A request's files in the workbench: its documents, and the applicant's identity scan
(served only through an audited action)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.views.decorators.http import require_http_methods

from gongkai.core.decorators import action_view, staff_required
from gongkai.core.downloads import serve_upload
from gongkai.core.errors import InvalidTransition
from gongkai.disclosure import actions
from gongkai.disclosure.models import DisclosureRequest, RequestDocument
from gongkai.disclosure.views.staff._access import get_request_for_user
from gongkai.disclosure.views.staff.detail import request_page


@staff_required
@action_view(request_page)
def request_id_scan(request, pk: int):
    """The identity document scan: served only through an audited action (POST, no cache)."""
    disclosure_request = get_object_or_404(DisclosureRequest, pk=pk)
    try:
        upload = actions.open_id_scan(actor=request.user, request=disclosure_request)
    except PermissionDenied:
        actions.record_refused_identity_view(actor=request.user, request=disclosure_request)
        raise
    except InvalidTransition as error:
        raise Http404(error) from None
    return serve_upload(upload, f"document-{upload.pk}")


@staff_required
@require_http_methods(["GET", "HEAD"])
def document_download(request, pk: int, document_pk: int):
    disclosure_request = get_request_for_user(request.user, pk)
    doc = get_object_or_404(
        RequestDocument.objects.select_related("upload__file"),
        pk=document_pk,
        request=disclosure_request,
    )
    return serve_upload(doc.upload, f"document-{doc.upload.pk}")
