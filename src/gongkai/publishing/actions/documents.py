"""A document another module made (core.publications: the 政府信息公开工作年度报告), put
into a column as a draft and sent to the column's review."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from gongkai.core import actions as core_actions
from gongkai.core import audit
from gongkai.core.errors import InvalidInput, InvalidTransition
from gongkai.core.files import CheckedFile
from gongkai.core.models import User
from gongkai.publishing.actions.common import (
    ItemData,
    active_workflow,
    after_draft_change,
    cancel_workflow,
    lock_item,
)
from gongkai.publishing.actions.items import _check_column, _check_data, _new_revision
from gongkai.publishing.actions.review import _submit
from gongkai.publishing.models import Column, Item, Workflow
from gongkai.publishing.pii_gate import PersonalInfoFound


def submit_document(
    *,
    actor: User,
    column: Column,
    data: ItemData,
    files: list[CheckedFile],
    replaces: Item | None = None,
) -> Item:
    """The document as a draft of `column` with `files` attached (or a new revision of
    `replaces`, an item it made before), submitted for review at once. The calling module
    has checked that `actor` may release it; the column's reviewers decide, at least one of
    them (review._levels_for). Personal information found stops it, as it stops an editor
    (InvalidInput); the refusal is audited in a transaction of its own."""
    try:
        with transaction.atomic():
            data.attachments = [
                *data.attachments,
                *(core_actions.store_upload(actor=actor, checked=f) for f in files),
            ]
            return _submit_document(actor=actor, column=column, data=data, replaces=replaces)
    except PersonalInfoFound as stopped:
        with transaction.atomic():
            audit.record(
                "item.pii_block",
                actor=actor,
                obj=column,
                data={"title": data.title, "findings": [f.kind for _w, f in stopped.findings]},
            )
        raise InvalidInput(
            _("文档中发现个人信息（%(kinds)s），未提交发布。请删除或遮盖后再试。")
            % {"kinds": "、".join(sorted({f.kind for _w, f in stopped.findings}))},
            "publish",
        ) from None


def _submit_document(*, actor: User, column: Column, data: ItemData, replaces: Item | None) -> Item:
    _check_column(column)
    _check_data(data, column)
    if replaces is not None and replaces.column_id == column.pk:
        item = lock_item(replaces)
        if item.status == Item.Status.WITHDRAWN:
            raise InvalidTransition(_("原信息已撤稿，不能再提交新版本。"))
        workflow: Workflow | None = active_workflow(item)
        if workflow is not None:
            cancel_workflow(workflow, actor, "replaced")
        action = "item.edit"
    else:
        item = Item.objects.create(column=column, created_by=actor)
        action = "item.create"
    revision = _new_revision(item=item, actor=actor, data=data)
    item.latest_revision = revision
    item.save(update_fields=["latest_revision", "updated_at"])
    audit.record(
        action,
        actor=actor,
        obj=item,
        data={"title": revision.title, "column": column.slug, "from_module": True},
    )
    after_draft_change(item)
    _submit(actor=actor, item=item, publish_at=None, pii_override_reason="", from_module=True)
    return item
