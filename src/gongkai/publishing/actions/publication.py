"""Publication: making a revision live (with its 索引号), scheduled publishing, emergency
publishing and its after-review, withdrawal (撤稿) and a document's validity (有效性)."""

from __future__ import annotations

from datetime import date, datetime

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from gongkai.core import audit
from gongkai.core.clock import today
from gongkai.core.errors import InvalidInput, InvalidTransition
from gongkai.core.models import Department, User
from gongkai.publishing import permissions
from gongkai.publishing.actions.common import (
    active_workflow,
    after_public_change,
    cancel_workflow,
    lock_item,
)
from gongkai.publishing.models import IndexCounter, Item, Revision


def _next_index_number(department: Department, year: int) -> str:
    counter, _created = IndexCounter.objects.select_for_update().get_or_create(
        department=department, year=year
    )
    IndexCounter.objects.filter(pk=counter.pk).update(last_serial=F("last_serial") + 1)
    counter.refresh_from_db()
    prefix = department.credit_code or department.short_code
    return settings.PUBLISHING_INDEX_FORMAT.format(
        prefix=prefix, year=year, serial=counter.last_serial
    )


def make_live(
    item: Item, revision: Revision, actor: User | None, published_at: datetime | None = None
) -> None:
    """`revision` becomes what the public sees; the first publication gives the 索引号."""
    now = published_at or timezone.now()
    first = item.published_at is None
    if not item.index_number:
        # The year of an index number is the year of publication (an import keeps its old date).
        item.index_number = _next_index_number(item.column.department, timezone.localdate(now).year)
    item.live_revision, item.approved_revision = revision, None
    item.status = Item.Status.PUBLISHED
    item.published_at = item.published_at or now
    item.last_published_at = now
    item.publish_at = None
    item.save(
        update_fields=[
            "index_number",
            "live_revision",
            "approved_revision",
            "status",
            "published_at",
            "last_published_at",
            "publish_at",
            "updated_at",
        ]
    )
    audit.record(
        "item.publish",
        actor=actor,
        obj=item,
        data={"revision": revision.number, "index_number": item.index_number, "first": first},
    )
    after_public_change(item)


def publish_due_items(now: datetime | None = None) -> int:
    """The worker's job: make approved items live once their time has come, each exactly once.

    Each item is claimed with a conditional UPDATE (healthchecks' pattern): a second worker
    that reads the same row finds it already claimed and moves on.
    """
    now = now or timezone.now()
    published = 0
    due = Item.objects.filter(approved_revision__isnull=False, publish_at__lte=now).values_list(
        "pk", "approved_revision_id"
    )
    for pk, revision_id in list(due):
        with transaction.atomic():
            claimed = Item.objects.filter(pk=pk, approved_revision_id=revision_id).update(
                approved_revision=None
            )
            if claimed != 1:
                continue  # another worker got there first
            item = Item.objects.select_for_update().select_related("column__department").get(pk=pk)
            make_live(item, Revision.objects.get(pk=revision_id), None)
            published += 1
    return published


@transaction.atomic
def emergency_publish(
    *, actor: User, item: Item, reason: str, secrecy_confirmed: bool = False
) -> Item:
    """The editor-in-chief publishes at once; the item is reviewed afterwards.

    What is released skips the review levels but not the 保密审查 (条例 Art. 17): the
    editor-in-chief confirms it, as the last review level does.
    """
    item = lock_item(item)
    if not permissions.can_emergency_publish(actor, item):
        raise PermissionDenied(_("只有网站总编可以紧急发布。"))
    if not reason.strip():
        raise InvalidInput(_("紧急发布必须填写理由。"), "reason")
    if not secrecy_confirmed:
        raise InvalidInput(
            _("紧急发布前须确认已进行保密审查（《政府信息公开条例》第十七条）。"),
            "secrecy_confirmed",
        )
    if item.status == Item.Status.WITHDRAWN:
        raise InvalidTransition(_("已撤稿的信息不能发布。"))
    if item.live_revision_id == item.latest_revision_id:
        raise InvalidTransition(_("最新版本已经发布。"))
    workflow = active_workflow(item)
    if workflow is not None:
        cancel_workflow(workflow, actor, "emergency publish")
    item.needs_after_review, item.emergency_reason = True, reason.strip()
    item.save(update_fields=["needs_after_review", "emergency_reason"])
    audit.record(
        "item.emergency_publish",
        actor=actor,
        obj=item,
        data={"reason": reason.strip(), "secrecy_confirmed": True},
    )
    make_live(item, item.latest_revision, actor)
    return item


@transaction.atomic
def complete_after_review(*, actor: User, item: Item, comment: str = "") -> Item:
    """Review an emergency publication after the fact."""
    item = lock_item(item)
    if not permissions.can_after_review(actor, item):
        raise PermissionDenied(_("只有网站主编或总编可以进行事后审核。"))
    if not item.needs_after_review:
        raise InvalidTransition(_("这条信息不需要事后审核。"))
    item.needs_after_review = False
    item.save(update_fields=["needs_after_review"])
    audit.record("item.after_review", actor=actor, obj=item, data={"comment": comment.strip()})
    return item


@transaction.atomic
def withdraw_item(*, actor: User, item: Item, reason: str) -> Item:
    """撤稿: the item leaves the public lists; its address shows a notice with the reason."""
    item = lock_item(item)
    if not permissions.can_withdraw(actor, item):
        raise PermissionDenied(_("只有网站主编或总编可以撤稿。"))
    if not reason.strip():
        raise InvalidInput(_("撤稿必须填写理由，理由将向公众公示。"), "reason")
    if item.status != Item.Status.PUBLISHED:
        raise InvalidTransition(_("只有已发布的信息可以撤稿。"))
    workflow = active_workflow(item)
    if workflow is not None:
        cancel_workflow(workflow, actor, "withdrawn")
    item.status, item.withdrawn_at, item.withdrawn_reason = (
        Item.Status.WITHDRAWN,
        timezone.now(),
        reason.strip(),
    )
    item.approved_revision, item.publish_at = None, None
    item.save(
        update_fields=[
            "status",
            "withdrawn_at",
            "withdrawn_reason",
            "approved_revision",
            "publish_at",
        ]
    )
    audit.record("item.withdraw", actor=actor, obj=item, data={"reason": reason.strip()})
    after_public_change(item)
    return item


@transaction.atomic
def change_validity(
    *,
    actor: User,
    item: Item,
    validity: str,
    on: date | None = None,
    replaced_by: Item | None = None,
) -> Item:
    """有效性: mark a document amended, repealed or expired (shown on the item itself)."""
    item = lock_item(item)
    if not permissions.can_change_validity(actor, item):
        raise PermissionDenied(_("您不能修改这条信息的有效性。"))
    if validity not in Item.Validity.values:
        raise InvalidInput(_("有效性只能是有效、已修改、已废止或已失效。"), "validity")
    if replaced_by is not None and replaced_by.pk == item.pk:
        raise InvalidInput(_("替代文件不能是本文件。"), "replaced_by")
    if replaced_by is not None and replaced_by.status != Item.Status.PUBLISHED:
        raise InvalidInput(_("替代文件须是已发布的信息。"), "replaced_by")
    before = item.validity
    item.validity = validity
    item.validity_changed_on = None if validity == Item.Validity.VALID else (on or today())
    item.replaced_by = replaced_by if validity != Item.Validity.VALID else None
    item.save(update_fields=["validity", "validity_changed_on", "replaced_by", "updated_at"])
    audit.record(
        "item.validity",
        actor=actor,
        obj=item,
        data={
            "from": before,
            "to": validity,
            "on": item.validity_changed_on,
            "replaced_by": replaced_by and replaced_by.pk,
        },
    )
    if item.status == Item.Status.PUBLISHED:
        after_public_change(item)
    return item
