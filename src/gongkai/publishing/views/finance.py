"""财务公开 on the portal: a published item's 收支明细表 as an Excel workbook."""

from __future__ import annotations

from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from gongkai.core.files import download_disposition
from gongkai.publishing.finance_xlsx import CONTENT_TYPE, build_finance_xlsx
from gongkai.publishing.models import Item
from gongkai.publishing.views.public import public_page


@public_page
def finance_xlsx(request, pk: int):
    """The live revision's table, only while the item is published (a draft's never)."""
    item = get_object_or_404(
        Item.objects.select_related("live_revision"), pk=pk, status=Item.Status.PUBLISHED
    )
    revision = item.live_revision
    table = revision.finance_table if revision is not None else None
    if table is None:
        raise Http404(_("这条信息没有收支明细表。"))
    content = build_finance_xlsx(table, title=revision.title, publisher=revision.publisher)
    response = HttpResponse(content, content_type=CONTENT_TYPE)
    response["Content-Disposition"] = download_disposition(
        f"{revision.publisher}{table.period}收支明细表.xlsx", f"finance-{item.pk}"
    )
    return response
