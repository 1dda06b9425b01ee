"""What the 职权目录 gives the search index (registered with core.hooks; search is not imported).

One public document per published power: its name, category, basis, responsibilities and
steps, so that a citizen who types "动物防疫" finds the power beside the guide. A power that is
not public is not in the index (its document is None, which takes it out).
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from gongkai.services.models import Power

KIND = "services.power"


def _powers():
    return Power.objects.filter(published=True).select_related("department")


def to_document(power: Power) -> dict:
    parts = [
        power.get_category_display(),
        power.department.name,
        power.unit,
        power.basis,
        power.responsibilities,
        power.accountability,
        " ".join(power.step_list()),
    ]
    return {
        "kind": KIND,
        "object_id": power.pk,
        "title": power.name,
        "body": "\n".join(p for p in parts if p),
        "summary": power.basis[:200],
        "keywords": power.get_category_display(),
        "document_number": "",
        "index_number": power.code,
        "url": power.get_absolute_url(),
        "column_id": None,
        "department_id": power.department_id,
        "published_at": power.updated_at,
        "validity": "",
        "is_public": True,
    }


class PowerDocuments:
    """The search source of kind "services.power"."""

    label = _("行政职权")

    def document(self, pk: int) -> dict | None:
        power = _powers().filter(pk=pk).first()
        return to_document(power) if power is not None else None

    def documents(self, pks: list[int]) -> list[dict | None]:
        found = _powers().in_bulk(pks)
        return [to_document(found[pk]) if pk in found else None for pk in pks]

    def ids(self):
        return _powers().order_by("pk").values_list("pk", flat=True).iterator()
