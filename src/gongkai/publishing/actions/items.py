"""Drafting: an item's first draft, each later revision, one-click masking, and items
brought over already published from an old site."""

from __future__ import annotations

from datetime import datetime

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from gongkai.core import audit
from gongkai.core.clock import today
from gongkai.core.errors import InvalidInput
from gongkai.core.models import Upload, User
from gongkai.publishing import permissions
from gongkai.publishing.actions.common import (
    ItemData,
    active_workflow,
    after_draft_change,
    cancel_workflow,
    lock_item,
)
from gongkai.publishing.actions.publication import make_live
from gongkai.publishing.finance import check_table
from gongkai.publishing.html import sanitise
from gongkai.publishing.models import Column, Item, Revision, RevisionAttachment, VillagePart


def _check_column(column: Column) -> None:
    if column.kind in (Column.Kind.LINK, Column.Kind.SECTION):
        raise InvalidInput(
            _("“%(column)s”是外部链接或栏目组，不能直接发布信息，请选择其下级栏目。")
            % {"column": column.name},
            "column",
        )


def _check_data(data: ItemData, column: Column) -> None:
    if not data.title.strip():
        raise InvalidInput(_("请填写标题。"), "title")
    if len(data.title) > 200:
        raise InvalidInput(_("标题不能超过 200 个字。"), "title")
    if column.village_part == VillagePart.FINANCE:
        # 《村民委员会组织法》第三十条: what a village publishes of its finances is its 收支.
        if data.finance is None:
            raise InvalidInput(_("财务公开栏目的信息须填写收支明细表。"), "finance")
        check_table(data.finance, on=today())
    elif data.finance is not None:
        raise InvalidInput(_("只有财务公开栏目的信息带收支明细表。"), "finance")


def _new_revision(*, item: Item, actor: User | None, data: ItemData) -> Revision:
    number = (item.revisions.order_by("-number").values_list("number", flat=True).first() or 0) + 1
    revision = Revision.objects.create(
        item=item,
        number=number,
        title=data.title.strip(),
        summary=data.summary.strip(),
        body=sanitise(data.body),
        document_number=data.document_number.strip(),
        publisher=data.publisher.strip() or item.column.department.name,
        created_on=data.created_on or today(),
        topic=data.topic,
        content_kind=data.content_kind,
        keywords=data.keywords.strip(),
        source=data.source.strip(),
        collector=data.collector.strip(),
        created_by=actor,
        comment=data.comment.strip(),
        finance=data.finance.to_json() if data.finance is not None else None,
    )
    _attach(revision, data.attachments)
    return revision


def _attach(revision: Revision, uploads: list[Upload]) -> None:
    from gongkai.publishing.extract import extract_text

    RevisionAttachment.objects.bulk_create(
        [
            RevisionAttachment(revision=revision, upload=upload, order=i, text=extract_text(upload))
            for i, upload in enumerate(uploads)
        ]
    )
    if uploads:
        revision.attachment_count = len(uploads)
        revision.save(update_fields=["attachment_count"])


@transaction.atomic
def create_item(*, actor: User, column: Column, data: ItemData) -> Item:
    """A new draft in `column`."""
    if not permissions.can_edit_column(actor, column):
        raise PermissionDenied(
            _("您不是“%(column)s”栏目所属部门的栏目编辑。") % {"column": column.name}
        )
    _check_column(column)
    _check_data(data, column)
    item = Item.objects.create(column=column, created_by=actor)
    revision = _new_revision(item=item, actor=actor, data=data)
    item.latest_revision = revision
    item.save(update_fields=["latest_revision"])
    audit.record(
        "item.create", actor=actor, obj=item, data={"title": revision.title, "column": column.slug}
    )
    after_draft_change(item)
    return item


@transaction.atomic
def save_revision(*, actor: User, item: Item, data: ItemData) -> Revision:
    """Edit: a new revision. Any review under way, or an approval not yet live, starts over."""
    item = lock_item(item)
    if not permissions.can_edit_item(actor, item):
        raise PermissionDenied(
            _("您不能修改这条信息：只有所属栏目的编辑可以修改，已撤稿的信息不能修改。")
        )
    _check_data(data, item.column)
    workflow = active_workflow(item)
    if workflow is not None:
        cancel_workflow(workflow, actor, "edited")
    if item.approved_revision_id:
        item.approved_revision, item.publish_at = None, None
        if item.status == Item.Status.SCHEDULED:
            item.status = Item.Status.DRAFT
    revision = _new_revision(item=item, actor=actor, data=data)
    item.latest_revision = revision
    item.save(
        update_fields=["latest_revision", "approved_revision", "publish_at", "status", "updated_at"]
    )
    audit.record(
        "item.edit",
        actor=actor,
        obj=item,
        data={"revision": revision.number, "title": revision.title},
    )
    after_draft_change(item)
    return revision


@transaction.atomic
def mask_personal_info(*, actor: User, item: Item) -> Revision:
    """One-click masking: a new revision with every finding in the body and attachments masked."""
    from gongkai.core.pii import mask
    from gongkai.publishing.extract import mask_attachment
    from gongkai.publishing.html import map_text

    item = lock_item(item)
    if not permissions.can_edit_item(actor, item):
        raise PermissionDenied(_("只有所属栏目的编辑可以修改这条信息。"))
    latest = item.latest_revision
    uploads = []
    for link in latest.attachment_links.select_related("upload__file"):
        uploads.append(
            mask_attachment(link.upload, actor=actor, text=link.text) if link.text else link.upload
        )
    table = latest.finance_table
    data = ItemData(
        title=mask(latest.title),
        body=map_text(latest.body, mask),
        summary=mask(latest.summary),
        document_number=latest.document_number,
        publisher=latest.publisher,
        created_on=latest.created_on,
        topic=latest.topic,
        content_kind=latest.content_kind,
        keywords=latest.keywords,
        source=latest.source,
        collector=latest.collector,
        attachments=uploads,
        comment=_("遮盖个人信息"),
        finance=table.mapped(mask) if table is not None else None,
    )
    revision = save_revision(actor=actor, item=item, data=data)
    audit.record("item.pii_mask", actor=actor, obj=item, data={"revision": revision.number})
    return revision


@transaction.atomic
def import_published_item(
    *,
    actor: User | None,
    column: Column,
    data: ItemData,
    published_at: datetime | None = None,
    index_number: str = "",
) -> Item:
    """Bring an already published item over from an old site (the import command)."""
    _check_column(column)
    _check_data(data, column)
    if index_number and Item.objects.filter(index_number=index_number).exists():
        raise InvalidInput(_("索引号“%(n)s”已存在。") % {"n": index_number}, "index_number")
    item = Item.objects.create(column=column, created_by=actor, index_number=index_number or None)
    revision = _new_revision(item=item, actor=actor, data=data)
    item.latest_revision = revision
    item.save(update_fields=["latest_revision"])
    audit.record(
        "item.import", actor=actor, obj=item, data={"title": revision.title, "column": column.slug}
    )
    make_live(item, revision, actor, published_at=published_at)
    return item
