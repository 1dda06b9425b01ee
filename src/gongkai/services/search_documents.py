"""What the catalogue gives the search index (registered with core.hooks; search is not imported).

One public document per item in force: its published version's name, conditions, materials
and process, so that a citizen who types "宅基地" or "身份证" finds the guide. An item with no
published version is not in the index: a draft is for its editors' catalogue page, and
the public must never find what is not yet in force.
"""

from __future__ import annotations

from django.db.models import Prefetch
from django.utils.translation import gettext_lazy as _

from gongkai.services.actions.catalogue import SEARCH_KIND
from gongkai.services.models import Material, ServiceItem

KIND = SEARCH_KIND


def _items():
    return ServiceItem.objects.select_related("current").prefetch_related(
        Prefetch("current__materials", queryset=Material.objects.only("version_id", "name"))
    )


def to_document(item: ServiceItem) -> dict | None:
    version = item.current
    if version is None:
        return None
    parts = [
        version.get_item_type_display(),
        version.implementing_body,
        version.conditions,
        " ".join(m.name for m in version.materials.all()),
        version.process,
        version.result_name,
    ]
    return {
        "kind": KIND,
        "object_id": item.pk,
        "title": version.name,
        "body": "\n".join(p for p in parts if p),
        "summary": version.conditions[:200],
        "keywords": version.basic_code,
        "document_number": "",
        "index_number": item.code,
        "url": item.get_absolute_url(),
        "column_id": None,
        "department_id": item.department_id,
        "published_at": version.published_at,
        "validity": "",
        "is_public": True,
    }


class ItemDocuments:
    """The search source of kind "services.item"."""

    label = _("办事指南")

    def document(self, pk: int) -> dict | None:
        item = _items().filter(pk=pk).first()
        return to_document(item) if item is not None else None

    def documents(self, pks: list[int]) -> list[dict | None]:
        found = _items().in_bulk(pks)
        return [to_document(found[pk]) if pk in found else None for pk in pks]

    def ids(self):
        return (
            ServiceItem.objects.filter(current__isnull=False)
            .order_by("pk")
            .values_list("pk", flat=True)
            .iterator()
        )
