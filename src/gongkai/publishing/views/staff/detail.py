"""The item page: its latest revision, its review run, and the forms of what this staff
member may do next (each posted to a step of `steps`)."""

from __future__ import annotations

from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from gongkai.core.decorators import staff_required
from gongkai.core.pii import mask
from gongkai.publishing import permissions
from gongkai.publishing.forms import (
    AfterReviewForm,
    DecisionForm,
    EmergencyForm,
    OverrideForm,
    SubmitForm,
    ValidityForm,
    WithdrawForm,
)
from gongkai.publishing.html import to_text
from gongkai.publishing.models import Item, Revision, Step, Workflow
from gongkai.publishing.pii_gate import scan_revision
from gongkai.publishing.views.staff._access import get_item_for_user, waited

PII_CONTEXT_CHARS = 20  # characters shown either side of a finding


def _submittable(item: Item, active: Workflow | None) -> bool:
    """The latest revision may go to review: not in review, not already approved or live."""
    return (
        item.status != Item.Status.WITHDRAWN
        and active is None
        and item.latest_revision_id not in (item.live_revision_id, item.approved_revision_id)
    )


def _finding_rows(revision: Revision, findings) -> list[dict]:
    """Each finding with where it is and the (masked) text around it."""
    texts: dict[str, list[str]] = {
        _("标题"): [revision.title],
        _("摘要"): [revision.summary],
        _("正文"): [to_text(revision.body)],
        _("收支明细表"): [table.text()] if (table := revision.finance_table) else [],
    }
    for link in revision.attachment_links.select_related("upload"):
        texts.setdefault(_("附件：%(name)s") % {"name": link.upload.name}, []).append(link.text)
    rows = []
    for where, finding in findings:
        text = next(
            (
                t
                for t in texts.get(str(where), [])
                if t[finding.start : finding.end] == finding.text
            ),
            "",
        )
        # Masking keeps every character's position, so the context is cut from the masked text.
        shown = " ".join(mask(text).splitlines()) if text else ""
        start = max(0, finding.start - PII_CONTEXT_CHARS)
        rows.append(
            {
                "where": where,
                "label": finding.label,
                "masked": finding.masked,
                "before": shown[start : finding.start],
                "after": shown[finding.end : finding.end + PII_CONTEXT_CHARS],
                "more_before": start > 0,
                "more_after": finding.end + PII_CONTEXT_CHARS < len(shown),
            }
        )
    return rows


def _empty_forms(item: Item) -> dict:
    """Every step's form, unbound, each with ids of its own (several share the page)."""
    return {
        "submit": SubmitForm(auto_id="id_submit_%s"),
        "override": OverrideForm(auto_id="id_override_%s"),
        "decide": DecisionForm(auto_id="id_decide_%s"),
        "emergency": EmergencyForm(auto_id="id_emergency_%s"),
        "after_review": AfterReviewForm(auto_id="id_after_review_%s"),
        "withdraw": WithdrawForm(auto_id="id_withdraw_%s"),
        "validity": ValidityForm(
            auto_id="id_validity_%s",
            initial={
                "validity": item.validity,
                "on": item.validity_changed_on,
                "replaced_by": item.replaced_by_id,
            },
        ),
    }


def item_page(request, item: Item, *, bound: dict | None = None, findings=None, status=200):
    """The item page; `bound` replaces a step's empty form with the one just refused."""
    user = request.user
    workflow = (
        item.workflows.select_related("revision", "started_by")
        .order_by("-started_at", "-id")
        .first()
    )
    steps = []
    if workflow is not None:
        workflow.item = item
        steps = list(workflow.steps.select_related("actor", "revision").order_by("order"))
        for step in steps:
            step.workflow = workflow
            if step.state == Step.State.PENDING:
                step.waited = waited(step.pending_since)
    active = workflow if workflow and workflow.state == Workflow.State.IN_PROGRESS else None
    pending = next((s for s in steps if s.state == Step.State.PENDING), None) if active else None
    if pending is not None:
        # 条例 Art. 17: the last level's approval confirms the 保密审查 (its form asks for it).
        pending.is_last = not any(
            s.state == Step.State.WAITING for s in steps if s.order > pending.order
        )
    latest = item.latest_revision
    can_edit = permissions.can_edit_item(user, item)
    can_override = permissions.can_override_pii(user, item)
    submittable = _submittable(item, active)
    if findings is None and submittable and can_override:
        # A reviewer sees what stopped (or will stop) the submission, to let it through with a reason.
        findings = scan_revision(latest) or None
    forms = _empty_forms(item)
    forms.update(bound or {})
    attachments = list(latest.attachment_links.select_related("upload"))
    context = {
        "item": item,
        "revision": latest,
        "attachments": attachments,
        "workflow": workflow,
        "steps": steps,
        "active": active,
        "forms": forms,
        "findings": _finding_rows(latest, findings) if findings else None,
        "can": {
            "edit": can_edit,
            "submit": can_edit and submittable,
            "recall": can_edit and active is not None,
            "decide": pending if pending and permissions.can_review_step(user, pending) else None,
            "emergency": permissions.can_emergency_publish(user, item)
            and item.status != Item.Status.WITHDRAWN
            and item.live_revision_id != item.latest_revision_id,
            "after_review": item.needs_after_review and permissions.can_after_review(user, item),
            "withdraw": item.status == Item.Status.PUBLISHED
            and permissions.can_withdraw(user, item),
            "validity": item.published_at is not None
            and item.status != Item.Status.WITHDRAWN
            and permissions.can_change_validity(user, item),
            "mask": can_edit,
            "override": can_override and submittable,
        },
    }
    return render(request, "publishing/staff/item.html", context, status=status)


@staff_required
@require_http_methods(["GET", "HEAD"])
def item_detail(request, pk: int):
    return item_page(request, get_item_for_user(request.user, pk))
