"""政务公开 as core.publications' publisher: a document another module made goes, as a
draft with its file attached, into the column of its kind and to that column's review.

Registered in PublishingConfig.ready(). The kinds it knows and the column category each goes
to are `CATEGORIES`; the column is the department's own of that category, else the nearest
one above it, else the site's first (the government's, usually run by 政府办).
"""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _

from gongkai.core.clock import today
from gongkai.core.errors import InvalidInput
from gongkai.core.files import check_bytes
from gongkai.core.models import Department
from gongkai.core.publications import ANNUAL_REPORT, Document, Publication
from gongkai.publishing import actions
from gongkai.publishing.catalogue import Category, Topic
from gongkai.publishing.html import from_plain_text
from gongkai.publishing.models import Column, Item

# core.publications kind -> the catalogue category of the column it is published in.
CATEGORIES = {ANNUAL_REPORT: Category.ANNUAL_REPORT}


def column_for(kind: str, department: Department) -> Column | None:
    """Where a document of `kind` by `department` is published."""
    category = CATEGORIES.get(kind)
    if category is None:
        return None
    columns = Column.objects.filter(category=category, kind=Column.Kind.LIST)
    nearest = (
        columns.filter(department_id__in=department.ancestor_ids())
        .order_by("-department__path", "path")
        .first()
    )
    return nearest or columns.order_by("path").first()


def publish(document: Document, *, actor) -> Publication:
    """core.publications publisher: the document as a draft of its column, sent to review."""
    column = column_for(document.kind, document.department)
    if column is None:
        raise InvalidInput(
            _("网站上没有“%(category)s”栏目，请先由系统管理员建立该栏目。")
            % {"category": CATEGORIES.get(document.kind, Category.ANNUAL_REPORT).label},
            "publish",
        )
    checked = check_bytes(document.attachment_name, document.attachment)
    data = actions.ItemData(
        title=document.title,
        body=from_plain_text(document.body),
        publisher=document.department.name,
        created_on=today(),
        topic=Topic.GENERAL,
        comment=_("由依申请公开模块生成并提交"),
    )
    replaces = None
    if document.replaces.isdigit():
        replaces = Item.objects.filter(pk=int(document.replaces), column=column).first()
    item = actions.submit_document(
        actor=actor, column=column, data=data, files=[checked], replaces=replaces
    )
    return Publication(
        reference=str(item.pk),
        url=reverse("publishing:staff:item", args=[item.pk]),
        place=column.name,
    )
