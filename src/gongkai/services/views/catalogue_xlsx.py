"""The empty XLSX catalogue template, for departments that fill the 实施清单 in by hand."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from gongkai.core.decorators import staff_required
from gongkai.core.files import download_disposition
from gongkai.services import permissions
from gongkai.services.catalogue_xlsx import CONTENT_TYPE, catalogue_template


@staff_required
@require_http_methods(["GET", "HEAD"])
def template_download(request):
    if not permissions.is_services_staff(request.user):
        raise PermissionDenied(_("只有政务服务工作人员可以下载事项清单模板。"))
    response = HttpResponse(catalogue_template(), content_type=CONTENT_TYPE)
    response["Content-Disposition"] = download_disposition(
        _("政务服务事项清单模板.xlsx"), "catalogue-template"
    )
    return response
