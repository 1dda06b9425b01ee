"""What the actions of 政务公开 share: an editor's input, locking an item, its review run,
and telling the site (caches, search) that something changed."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.db import transaction
from django.utils import timezone

from gongkai.core import audit, pagecache
from gongkai.core.models import Upload, User
from gongkai.publishing import queries
from gongkai.publishing.catalogue import ContentKind, Topic
from gongkai.publishing.finance import FinanceTable
from gongkai.publishing.models import Item, SiteChange, Step, Workflow


@dataclass
class ItemData:
    """What an editor fills in; everything else about an item is derived."""

    title: str
    body: str = ""
    summary: str = ""
    document_number: str = ""
    publisher: str = ""
    created_on: date | None = None
    topic: str = Topic.GENERAL
    content_kind: str = ContentKind.ORDINARY
    keywords: str = ""
    source: str = ""
    collector: str = ""
    attachments: list[Upload] = field(default_factory=list)
    comment: str = ""
    # 财务公开's table (publishing.finance.FinanceTable): required in a finance column, else None.
    finance: FinanceTable | None = None


def touch_site() -> None:
    """Anonymous pages' Last-Modified / ETag, and the page cache's version, move on with every
    public change."""
    changed = timezone.now()
    SiteChange.objects.update_or_create(pk=1, defaults={"changed_at": changed})
    pagecache.change_version(queries.PAGE_VERSION, queries.version_of(changed))


def after_public_change(item: Item) -> None:
    touch_site()
    from gongkai.core import hooks

    transaction.on_commit(lambda: hooks.content_changed("publishing.item", item.pk))


def after_draft_change(item: Item) -> None:
    """A draft saved: the staff search follows it (public pages and caches do not change)."""
    from gongkai.core import hooks

    transaction.on_commit(lambda: hooks.draft_changed("publishing.item", item.pk))


def lock_item(item: Item) -> Item:
    """The item's row, locked until the transaction ends, with what permission checks read."""
    return Item.objects.select_for_update().select_related("column__department").get(pk=item.pk)


def active_workflow(item: Item) -> Workflow | None:
    return item.workflows.select_for_update().filter(state=Workflow.State.IN_PROGRESS).first()


def cancel_workflow(workflow: Workflow, actor: User | None, reason: str) -> None:
    """End a review run without a decision; its open steps are skipped."""
    now = timezone.now()
    workflow.state, workflow.finished_at = Workflow.State.CANCELLED, now
    workflow.save(update_fields=["state", "finished_at"])
    workflow.steps.filter(state__in=[Step.State.WAITING, Step.State.PENDING]).update(
        state=Step.State.SKIPPED, finished_at=now
    )
    audit.record("workflow.cancel", actor=actor, obj=workflow, data={"reason": reason})
