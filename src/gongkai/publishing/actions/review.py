"""Review (三审): submitting the latest revision, each level's decision, and recalling it."""

from __future__ import annotations

from datetime import datetime

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gongkai.core import audit
from gongkai.core.errors import InvalidInput, InvalidTransition
from gongkai.core.models import User
from gongkai.publishing import permissions
from gongkai.publishing.actions.common import active_workflow, cancel_workflow, lock_item
from gongkai.publishing.actions.publication import make_live
from gongkai.publishing.catalogue import SENSITIVE_CATEGORIES, ContentKind
from gongkai.publishing.models import Item, Revision, Step, Workflow
from gongkai.publishing.pii_gate import PersonalInfoFound, scan_revision


def _levels_for(item: Item, revision: Revision, *, from_module: bool = False) -> list[str]:
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
    if from_module and not levels:
        # A document another module made has no column editor behind it: a one-level
        # column's "the editor's own check is the review" does not apply.
        levels.append(Step.Level.CHIEF_EDITOR)
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
    *,
    actor: User,
    item: Item,
    publish_at: datetime | None,
    pii_override_reason: str,
    from_module: bool = False,
) -> Workflow:
    """`from_module`: a document another module vouches for (actions.submit_document)."""
    item = lock_item(item)
    overriding = bool(pii_override_reason.strip())
    if overriding and not permissions.can_override_pii(actor, item):
        raise PermissionDenied(_("只有审核人员可以在发现个人信息时放行，编辑请先遮盖。"))
    if not overriding and not from_module and not permissions.can_edit_item(actor, item):
        raise PermissionDenied(_("只有所属栏目的编辑可以提交这条信息。"))
    if active_workflow(item) is not None:
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
    levels = _levels_for(item, revision, from_module=from_module)
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


def _decide(
    *, actor: User, step: Step, state: str, comment: str, secrecy_confirmed: bool = False
) -> tuple[Step, datetime]:
    """Lock a pending step, check the actor may decide it, and record the decision. The last
    level's approval confirms the 保密审查 (条例 Art. 17): refused without it."""
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
    releasing = state == Step.State.APPROVED and is_last_step(step)
    if releasing and not secrecy_confirmed:
        raise InvalidInput(
            _("最后一级审核通过前，须确认已按《政府信息公开条例》第十七条进行保密审查。"),
            "secrecy_confirmed",
        )
    now = timezone.now()
    step.state, step.actor, step.comment, step.finished_at = state, actor, comment.strip(), now
    step.secrecy_confirmed = releasing
    step.save(update_fields=["state", "actor", "comment", "finished_at", "secrecy_confirmed"])
    verb = "step.approve" if state == Step.State.APPROVED else "step.reject"
    audit.record(
        verb,
        actor=actor,
        obj=step.workflow.item,
        data={
            "level": step.level,
            "revision": step.revision.number,
            "comment": step.comment,
            "secrecy_confirmed": step.secrecy_confirmed,
        },
    )
    return step, now


def is_last_step(step: Step) -> bool:
    """No level waits after this one: its approval releases the revision."""
    return not step.workflow.steps.filter(state=Step.State.WAITING, order__gt=step.order).exists()


@transaction.atomic
def approve_step(
    *, actor: User, step: Step, comment: str = "", secrecy_confirmed: bool = False
) -> Step:
    """Approve one level; the last approval, confirming the 保密审查 (条例 Art. 17), publishes
    (or schedules) the revision it judged."""
    step, now = _decide(
        actor=actor,
        step=step,
        state=Step.State.APPROVED,
        comment=comment,
        secrecy_confirmed=secrecy_confirmed,
    )
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
    item = lock_item(item)
    if not permissions.can_edit_item(actor, item):
        raise PermissionDenied(_("只有所属栏目的编辑可以撤回审核。"))
    workflow = active_workflow(item)
    if workflow is None:
        raise InvalidTransition(_("这条信息不在审核中。"))
    cancel_workflow(workflow, actor, "recalled")


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
        make_live(item, workflow.revision, actor)
