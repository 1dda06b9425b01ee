"""Every write in 政务公开: one function each, in a transaction, with its audit event."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from gongkai.core import audit, tree
from gongkai.core.clock import today
from gongkai.core.errors import InvalidInput, InvalidTransition
from gongkai.core.models import Department, Upload, User
from gongkai.publishing import permissions
from gongkai.publishing.catalogue import SENSITIVE_CATEGORIES, ContentKind, Topic
from gongkai.publishing.html import sanitise
from gongkai.publishing.models import (
    Column,
    IndexCounter,
    Item,
    Revision,
    RevisionAttachment,
    SiteChange,
    Step,
    Workflow,
)
from gongkai.publishing.pii_gate import PersonalInfoFound, scan_revision

MAX_REVIEW_LEVELS = 3  # 三审: 栏目编辑 -> 网站主编 -> 网站总编 (DOMAIN.md section 1)


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


def _touch_site() -> None:
    """Anonymous pages' Last-Modified / ETag move on with every public change."""
    SiteChange.objects.update_or_create(pk=1, defaults={"changed_at": timezone.now()})


def _after_public_change(item: Item) -> None:
    _touch_site()
    from gongkai.core import hooks

    transaction.on_commit(lambda: hooks.content_changed("publishing.item", item.pk))


def _after_draft_change(item: Item) -> None:
    """A draft saved: the staff search follows it (public pages and caches do not change)."""
    from gongkai.core import hooks

    transaction.on_commit(lambda: hooks.draft_changed("publishing.item", item.pk))


# ---------------------------------------------------------------- columns


@transaction.atomic
def create_column(
    *,
    actor: User | None,
    name: str,
    slug: str,
    department: Department,
    parent: Column | None = None,
    kind: str = Column.Kind.LIST,
    review_levels: int = 3,
    in_catalogue: bool = False,
    category: str = "",
    sensitive: bool = False,
    is_news: bool = False,
    update_interval_days: int | None = None,
    order: int = 0,
    external_url: str = "",
    description: str = "",
) -> Column:
    """Create a column owned by `department`."""
    if actor is not None and not permissions.can_manage_columns(actor):
        raise PermissionDenied(_("只有系统管理员可以设置栏目。"))
    if not 1 <= review_levels <= MAX_REVIEW_LEVELS:
        raise InvalidInput(_("审核级数只能是 1 到 3。"), "review_levels")
    if Column.objects.filter(slug=slug).exists():
        raise InvalidInput(_("网址标识“%(slug)s”已被使用。") % {"slug": slug}, "slug")
    column = Column(
        name=name,
        slug=slug,
        department=department,
        parent=parent,
        kind=kind,
        review_levels=review_levels,
        in_catalogue=in_catalogue,
        category=category,
        sensitive=sensitive,
        is_news=is_news,
        update_interval_days=update_interval_days,
        order=order,
        external_url=external_url,
        description=description,
    )
    tree.insert(column)
    _touch_site()  # the catalogue and the parent's page list columns: their ETags must move
    audit.record(
        "column.create",
        actor=actor,
        obj=column,
        data={
            "name": name,
            "slug": slug,
            "department": department.short_code,
            "review_levels": review_levels,
        },
    )
    return column


COLUMN_FIELDS = (
    "name", "slug", "parent", "department", "kind", "review_levels", "in_catalogue", "category",
    "sensitive", "is_news", "update_interval_days", "order", "external_url", "description",
)  # fmt: skip


@transaction.atomic
def update_column(*, actor: User, column: Column, **changes) -> Column:
    """Change a column's settings; moving it re-roots its whole subtree."""
    if not permissions.can_manage_columns(actor):
        raise PermissionDenied(_("只有系统管理员可以设置栏目。"))
    column = Column.objects.select_for_update().get(pk=column.pk)
    unknown = set(changes) - set(COLUMN_FIELDS)
    if unknown:
        raise ValueError(f"not column settings: {sorted(unknown)}")
    if not 1 <= changes.get("review_levels", column.review_levels) <= MAX_REVIEW_LEVELS:
        raise InvalidInput(_("审核级数只能是 1 到 3。"), "review_levels")
    slug = changes.get("slug", column.slug)
    if Column.objects.filter(slug=slug).exclude(pk=column.pk).exists():
        raise InvalidInput(_("网址标识“%(slug)s”已被使用。") % {"slug": slug}, "slug")
    parent = changes.get("parent", column.parent)
    if parent is not None and tree.is_within(parent.path, column.path):
        raise InvalidInput(_("不能把栏目移到它自己或它的下级栏目之下。"), "parent")
    before = {
        f: str(getattr(column, f + "_id" if f in ("parent", "department") else f)) for f in changes
    }
    for name, value in changes.items():
        setattr(column, name, value)
    column.save()
    tree.move(column, parent)
    after = {
        f: str(getattr(column, f + "_id" if f in ("parent", "department") else f)) for f in changes
    }
    changed = {f: [before[f], after[f]] for f in changes if before[f] != after[f]}
    audit.record("column.update", actor=actor, obj=column, data={"changed": changed})
    _touch_site()
    return column


# ---------------------------------------------------------------- drafting


def _check_column(column: Column) -> None:
    if column.kind in (Column.Kind.LINK, Column.Kind.SECTION):
        raise InvalidInput(
            _("“%(column)s”是外部链接或栏目组，不能直接发布信息，请选择其下级栏目。")
            % {"column": column.name},
            "column",
        )


def _check_data(data: ItemData) -> None:
    if not data.title.strip():
        raise InvalidInput(_("请填写标题。"), "title")
    if len(data.title) > 200:
        raise InvalidInput(_("标题不能超过 200 个字。"), "title")


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


@transaction.atomic
def create_item(*, actor: User, column: Column, data: ItemData) -> Item:
    """A new draft in `column`."""
    if not permissions.can_edit_column(actor, column):
        raise PermissionDenied(
            _("您不是“%(column)s”栏目所属部门的栏目编辑。") % {"column": column.name}
        )
    _check_column(column)
    _check_data(data)
    item = Item.objects.create(column=column, created_by=actor)
    revision = _new_revision(item=item, actor=actor, data=data)
    item.latest_revision = revision
    item.save(update_fields=["latest_revision"])
    audit.record(
        "item.create", actor=actor, obj=item, data={"title": revision.title, "column": column.slug}
    )
    _after_draft_change(item)
    return item


def _active_workflow(item: Item) -> Workflow | None:
    return item.workflows.select_for_update().filter(state=Workflow.State.IN_PROGRESS).first()


def _lock(item: Item) -> Item:
    return Item.objects.select_for_update().select_related("column__department").get(pk=item.pk)


def _cancel_workflow(workflow: Workflow, actor: User | None, reason: str) -> None:
    now = timezone.now()
    workflow.state, workflow.finished_at = Workflow.State.CANCELLED, now
    workflow.save(update_fields=["state", "finished_at"])
    workflow.steps.filter(state__in=[Step.State.WAITING, Step.State.PENDING]).update(
        state=Step.State.SKIPPED, finished_at=now
    )
    audit.record("workflow.cancel", actor=actor, obj=workflow, data={"reason": reason})


@transaction.atomic
def save_revision(*, actor: User, item: Item, data: ItemData) -> Revision:
    """Edit: a new revision. Any review under way, or an approval not yet live, starts over."""
    item = _lock(item)
    if not permissions.can_edit_item(actor, item):
        raise PermissionDenied(
            _("您不能修改这条信息：只有所属栏目的编辑可以修改，已撤稿的信息不能修改。")
        )
    _check_data(data)
    workflow = _active_workflow(item)
    if workflow is not None:
        _cancel_workflow(workflow, actor, "edited")
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
    _after_draft_change(item)
    return revision


# ---------------------------------------------------------------- review


def _levels_for(item: Item, revision: Revision) -> list[str]:
    column = item.column
    levels = []
    if column.review_levels >= 2:
        levels.append(Step.Level.CHIEF_EDITOR)
    if column.review_levels >= 3:
        levels.append(Step.Level.EDITOR_IN_CHIEF)
    sensitive = (
        column.sensitive
        or column.category in SENSITIVE_CATEGORIES
        or revision.content_kind != ContentKind.ORDINARY
    )
    if sensitive:
        levels.append(Step.Level.OFFICE)
    return levels


def submit_item(
    *, actor: User, item: Item, publish_at: datetime | None = None, pii_override_reason: str = ""
) -> Workflow:
    """Send the latest revision to review, after the personal-information gate."""
    try:
        with transaction.atomic():
            return _submit(
                actor=actor,
                item=item,
                publish_at=publish_at,
                pii_override_reason=pii_override_reason,
            )
    except PersonalInfoFound as stopped:
        # Recorded after the rollback, in a transaction of its own, so the refusal is kept.
        with transaction.atomic():
            audit.record(
                "item.pii_block",
                actor=actor,
                obj=item,
                data={
                    "revision": item.latest_revision.number,
                    "findings": [f.kind for _w, f in stopped.findings],
                },
            )
        raise


def _submit(
    *, actor: User, item: Item, publish_at: datetime | None, pii_override_reason: str
) -> Workflow:
    item = _lock(item)
    overriding = bool(pii_override_reason.strip())
    if overriding and not permissions.can_override_pii(actor, item):
        raise PermissionDenied(_("只有审核人员可以在发现个人信息时放行，编辑请先遮盖。"))
    if not overriding and not permissions.can_edit_item(actor, item):
        raise PermissionDenied(_("只有所属栏目的编辑可以提交这条信息。"))
    if _active_workflow(item) is not None:
        raise InvalidTransition(_("这条信息已在审核中。"))
    revision = item.latest_revision
    if item.live_revision_id == revision.pk or item.approved_revision_id == revision.pk:
        raise InvalidTransition(_("这个版本已经审核通过，修改后才能再次提交。"))
    if publish_at is not None and publish_at <= timezone.now():
        raise InvalidInput(_("定时发布时间须晚于现在。"), "publish_at")
    findings = scan_revision(revision)
    if findings and not overriding:
        raise PersonalInfoFound(findings)
    workflow = Workflow.objects.create(
        item=item,
        revision=revision,
        started_by=actor,
        started_at=timezone.now(),
        pii_override_reason=pii_override_reason.strip() if findings else "",
    )
    if findings:
        audit.record(
            "item.pii_override",
            actor=actor,
            obj=item,
            data={
                "reason": pii_override_reason.strip(),
                "findings": [f.kind for _s, f in findings],
            },
        )
    item.publish_at = publish_at
    item.save(update_fields=["publish_at", "updated_at"])
    levels = _levels_for(item, revision)
    now = timezone.now()
    Step.objects.bulk_create(
        [
            Step(
                workflow=workflow,
                order=i,
                level=level,
                revision=revision,
                state=Step.State.PENDING if i == 0 else Step.State.WAITING,
                pending_since=now if i == 0 else None,
            )
            for i, level in enumerate(levels)
        ]
    )
    audit.record(
        "item.submit",
        actor=actor,
        obj=item,
        data={"revision": revision.number, "levels": levels, "publish_at": publish_at},
    )
    if not levels:  # one-level columns: the editor's own check is the review
        _approve_workflow(workflow, actor)
    return workflow


def _pending_step(workflow: Workflow) -> Step | None:
    return workflow.steps.select_for_update().filter(state=Step.State.PENDING).first()


def _decide(*, actor: User, step: Step, state: str, comment: str) -> tuple[Step, datetime]:
    """Lock a pending step, check the actor may decide it, and record the decision."""
    step = (
        Step.objects.select_for_update()
        .select_related("workflow__item__column__department")
        .get(pk=step.pk)
    )
    if step.state != Step.State.PENDING or step.workflow.state != Workflow.State.IN_PROGRESS:
        raise InvalidTransition(_("这个审核环节已经处理过了。"))
    if not permissions.can_review_step(actor, step):
        raise PermissionDenied(
            _("您没有“%(level)s”的审核权限。") % {"level": step.get_level_display()}
        )
    now = timezone.now()
    step.state, step.actor, step.comment, step.finished_at = state, actor, comment.strip(), now
    step.save(update_fields=["state", "actor", "comment", "finished_at"])
    verb = "step.approve" if state == Step.State.APPROVED else "step.reject"
    audit.record(
        verb,
        actor=actor,
        obj=step.workflow.item,
        data={"level": step.level, "revision": step.revision.number, "comment": step.comment},
    )
    return step, now


@transaction.atomic
def approve_step(*, actor: User, step: Step, comment: str = "") -> Step:
    """Approve one level; the last approval publishes (or schedules) the revision it judged."""
    step, now = _decide(actor=actor, step=step, state=Step.State.APPROVED, comment=comment)
    following = step.workflow.steps.filter(state=Step.State.WAITING).order_by("order").first()
    if following is not None:
        following.state, following.pending_since = Step.State.PENDING, now
        following.save(update_fields=["state", "pending_since"])
    else:
        _approve_workflow(step.workflow, actor)
    return step


@transaction.atomic
def reject_step(*, actor: User, step: Step, comment: str) -> Step:
    """Send the item back to its editor; the comment says what to fix."""
    if not comment.strip():
        raise InvalidInput(_("退回时必须填写审核意见，说明需要修改什么。"), "comment")
    step, now = _decide(actor=actor, step=step, state=Step.State.REJECTED, comment=comment)
    workflow = step.workflow
    workflow.state, workflow.finished_at = Workflow.State.REJECTED, now
    workflow.save(update_fields=["state", "finished_at"])
    workflow.steps.filter(state=Step.State.WAITING).update(
        state=Step.State.SKIPPED, finished_at=now
    )
    return step


@transaction.atomic
def recall_item(*, actor: User, item: Item) -> None:
    """The editor takes an item back out of review."""
    item = _lock(item)
    if not permissions.can_edit_item(actor, item):
        raise PermissionDenied(_("只有所属栏目的编辑可以撤回审核。"))
    workflow = _active_workflow(item)
    if workflow is None:
        raise InvalidTransition(_("这条信息不在审核中。"))
    _cancel_workflow(workflow, actor, "recalled")


def _approve_workflow(workflow: Workflow, actor: User | None) -> None:
    now = timezone.now()
    workflow.state, workflow.finished_at = Workflow.State.APPROVED, now
    workflow.save(update_fields=["state", "finished_at"])
    item = workflow.item
    audit.record(
        "workflow.approve", actor=actor, obj=item, data={"revision": workflow.revision.number}
    )
    if item.publish_at and item.publish_at > now:
        item.approved_revision = workflow.revision
        if item.status == Item.Status.DRAFT:
            item.status = Item.Status.SCHEDULED
        item.save(update_fields=["approved_revision", "status", "updated_at"])
        audit.record("item.schedule", actor=actor, obj=item, data={"publish_at": item.publish_at})
    else:
        _make_live(item, workflow.revision, actor)


# ---------------------------------------------------------------- publishing


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


def _make_live(
    item: Item, revision: Revision, actor: User | None, published_at: datetime | None = None
) -> None:
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
    _after_public_change(item)


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
            _make_live(item, Revision.objects.get(pk=revision_id), None)
            published += 1
    return published


@transaction.atomic
def emergency_publish(*, actor: User, item: Item, reason: str) -> Item:
    """The editor-in-chief publishes at once; the item is reviewed afterwards."""
    item = _lock(item)
    if not permissions.can_emergency_publish(actor, item):
        raise PermissionDenied(_("只有网站总编可以紧急发布。"))
    if not reason.strip():
        raise InvalidInput(_("紧急发布必须填写理由。"), "reason")
    if item.status == Item.Status.WITHDRAWN:
        raise InvalidTransition(_("已撤稿的信息不能发布。"))
    if item.live_revision_id == item.latest_revision_id:
        raise InvalidTransition(_("最新版本已经发布。"))
    workflow = _active_workflow(item)
    if workflow is not None:
        _cancel_workflow(workflow, actor, "emergency publish")
    item.needs_after_review, item.emergency_reason = True, reason.strip()
    item.save(update_fields=["needs_after_review", "emergency_reason"])
    audit.record("item.emergency_publish", actor=actor, obj=item, data={"reason": reason.strip()})
    _make_live(item, item.latest_revision, actor)
    return item


@transaction.atomic
def complete_after_review(*, actor: User, item: Item, comment: str = "") -> Item:
    """Review an emergency publication after the fact."""
    item = _lock(item)
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
    item = _lock(item)
    if not permissions.can_withdraw(actor, item):
        raise PermissionDenied(_("只有网站主编或总编可以撤稿。"))
    if not reason.strip():
        raise InvalidInput(_("撤稿必须填写理由，理由将向公众公示。"), "reason")
    if item.status != Item.Status.PUBLISHED:
        raise InvalidTransition(_("只有已发布的信息可以撤稿。"))
    workflow = _active_workflow(item)
    if workflow is not None:
        _cancel_workflow(workflow, actor, "withdrawn")
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
    _after_public_change(item)
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
    item = _lock(item)
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
        _after_public_change(item)
    return item


@transaction.atomic
def mask_personal_info(*, actor: User, item: Item) -> Revision:
    """One-click masking: a new revision with every finding in the body and attachments masked."""
    from gongkai.core.pii import mask
    from gongkai.publishing.extract import mask_attachment
    from gongkai.publishing.html import map_text

    item = _lock(item)
    if not permissions.can_edit_item(actor, item):
        raise PermissionDenied(_("只有所属栏目的编辑可以修改这条信息。"))
    latest = item.latest_revision
    uploads = []
    for link in latest.attachment_links.select_related("upload__file"):
        uploads.append(
            mask_attachment(link.upload, actor=actor, text=link.text) if link.text else link.upload
        )
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
    _check_data(data)
    if index_number and Item.objects.filter(index_number=index_number).exists():
        raise InvalidInput(_("索引号“%(n)s”已存在。") % {"n": index_number}, "index_number")
    item = Item.objects.create(column=column, created_by=actor, index_number=index_number or None)
    revision = _new_revision(item=item, actor=actor, data=data)
    item.latest_revision = revision
    item.save(update_fields=["latest_revision"])
    audit.record(
        "item.import", actor=actor, obj=item, data={"title": revision.title, "column": column.slug}
    )
    _make_live(item, revision, actor, published_at=published_at)
    return item
