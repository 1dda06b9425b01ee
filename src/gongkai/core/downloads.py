"""Serving a stored upload as a download, the same way wherever a page hands out a file."""

from __future__ import annotations

from django.http import FileResponse, Http404
from django.utils.translation import gettext as _

from gongkai.core.files import content_path, download_disposition


def serve_upload(upload, fallback_stem: str, *, personal: bool = True) -> FileResponse:
    """The upload's content as an attachment under its sanitised name (`fallback_stem` when
    the name cannot be used), never sniffed as another type; 404 if the content is missing.

    `personal`: the file holds personal data (an applicant's materials, documents or
    identity scan), so no cache may keep it."""
    stored = upload.file
    path = content_path(stored.sha256)
    if not path.exists():
        raise Http404(_("文件不存在。"))
    response = FileResponse(path.open("rb"), content_type=stored.content_type)
    response["Content-Disposition"] = download_disposition(upload.name, fallback_stem)
    response["X-Content-Type-Options"] = "nosniff"
    if personal:
        response["Cache-Control"] = "private, no-store"
    return response
