"""What 政务公开 gives the search index (registered with core.hooks; search is not imported).

One document per item: once published, its live revision, public; before that (a draft, in
review, scheduled) or after withdrawal, its latest revision, found only by the staff search
of the item's department.
"""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from gongkai.publishing.html import to_text
from gongkai.publishing.models import Item
from gongkai.publishing.permissions import visible_department_ids

KIND = "publishing.item"


def _items():
    return Item.objects.select_related("live_revision", "latest_revision", "column")


def to_document(item: Item) -> dict | None:
    public = item.status == Item.Status.PUBLISHED and item.live_revision_id is not None
    revision = item.live_revision if public else item.latest_revision
    if revision is None:
        return None
    return {
        "kind": KIND,
        "object_id": item.pk,
        "title": revision.title,
        "body": to_text(revision.body),
        "summary": revision.summary,
        "keywords": revision.keywords,
        "document_number": revision.document_number,
        "index_number": item.index_number or "",
        "url": item.get_absolute_url()
        if public
        else reverse("publishing:staff:item", args=[item.pk]),
        "column_id": item.column_id,
        "department_id": item.column.department_id,
        "published_at": item.published_at if public else None,
        "validity": item.validity,
        "is_public": public,
    }


class ItemDocuments:
    """The search source of kind "publishing.item"."""

    label = _("政府信息")

    def document(self, pk: int) -> dict | None:
        item = _items().filter(pk=pk).first()
        return to_document(item) if item is not None else None

    def documents(self, pks: list[int]) -> list[dict | None]:
        found = _items().in_bulk(pks)
        return [to_document(found[pk]) if pk in found else None for pk in pks]

    def ids(self):
        return Item.objects.order_by("pk").values_list("pk", flat=True).iterator()

    def staff_departments(self, user) -> set[int] | None:
        return visible_department_ids(user)

    def staff_url(self, pk: int) -> str:
        return reverse("publishing:staff:item", args=[pk])
