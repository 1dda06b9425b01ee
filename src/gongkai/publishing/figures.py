"""What 政务公开 tells other modules: its published items by 索引号, and the annual report's
figures on 规范性文件 (registered with core in PublishingConfig.ready)."""

from __future__ import annotations

import datetime

from gongkai.core import tree
from gongkai.core.references import Published
from gongkai.publishing.catalogue import Category
from gongkai.publishing.models import Item

NORMATIVE_DOCUMENTS = "normative_documents"  # 规范性文件: issued, repealed, in_force


def published_by_reference(reference: str) -> Published | None:
    """The live item with this 索引号 (or, for an item without one, its 信息编号)."""
    live = Item.objects.filter(live_revision__isnull=False).select_related("live_revision")
    item = live.filter(index_number=reference).first()
    if item is None and reference.isdigit():
        item = live.filter(pk=int(reference)).first()
    if item is None:
        return None
    return Published(
        index_number=item.index_number or str(item.pk),
        title=item.live_revision.title,
        url=item.get_absolute_url(),
    )


def normative_document_figures(year: int, scope: str | None) -> dict[str, dict[str, int]]:
    """条例 Art. 20 (一): 规范性文件 issued and repealed in `year`, and in force at its end.

    A document is an item of the Art. 20 (一) category with a document number (文号); it is
    in force at 31 December if it is valid or amended then (a repeal after that day does not
    count against the year).
    """
    jan1, dec31 = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    documents = Item.objects.filter(
        status=Item.Status.PUBLISHED,
        live_revision__isnull=False,
        column__category=Category.ART20_1,
    ).exclude(live_revision__document_number="")
    if scope is not None:
        documents = documents.filter(tree.within(scope, field="column__department__path"))
    issued = repealed = in_force = 0
    for created_on, validity, changed_on in documents.values_list(
        "live_revision__created_on", "validity", "validity_changed_on"
    ):
        if jan1 <= created_on <= dec31:
            issued += 1
        if validity == Item.Validity.REPEALED and changed_on and jan1 <= changed_on <= dec31:
            repealed += 1
        still_in_force = validity in (Item.Validity.VALID, Item.Validity.AMENDED) or (
            changed_on is not None and changed_on > dec31
        )
        if created_on <= dec31 and still_in_force:
            in_force += 1
    return {NORMATIVE_DOCUMENTS: {"issued": issued, "repealed": repealed, "in_force": in_force}}
