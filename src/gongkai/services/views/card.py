"""The 明白卡 download: the printable guide of a published item, as PDF."""

from __future__ import annotations

import importlib.metadata

from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.cache import get_conditional_response, patch_cache_control
from django.views.decorators.http import require_safe

from gongkai.core import pagecache
from gongkai.core.files import download_disposition
from gongkai.services.documents import card_pdf
from gongkai.services.models import ServiceItem, ServiceItemVersion

# A new release may set the card differently: its version is part of the ETag.
RELEASE = importlib.metadata.version("gongkai")


@require_safe
@pagecache.shared
def card(request, code: str):
    """The card of the version in force (404 for an unknown item or one never published);
    revalidated by ETag, which changes with the version."""
    item = get_object_or_404(
        ServiceItem.objects.select_related("current"),
        code=code,
        current__state=ServiceItemVersion.State.PUBLISHED,
    )
    version = item.current
    version.item = item  # the card prints the item's code
    etag = f'"card-{version.pk}-{RELEASE}"'
    response = get_conditional_response(request, etag=etag)
    if response is None:
        response = HttpResponse(card_pdf(version), content_type="application/pdf")
        response["Content-Disposition"] = download_disposition(
            f"{version.name}（明白卡）.pdf", f"card-{item.code}"
        )
    response["ETag"] = etag
    response["X-Content-Type-Options"] = "nosniff"
    # The same for everyone; a reader asks again each time (a new version is seen at once).
    patch_cache_control(response, public=True, max_age=0, must_revalidate=True)
    return response
