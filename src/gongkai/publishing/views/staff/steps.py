"""The item page's buttons: submitting for review, letting found personal information
through, masking it, recalling, each level's decision, emergency publishing and its
after-review, withdrawal and validity. Each posts to its own URL; one view binds the step's
form, calls its action and goes back to the item page with what was done, or shows the page
again with the refusal next to the field and the input kept.

A step is declared once in STEPS; `step_view(name)` is its view.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gongkai.core.decorators import action_view, staff_required
from gongkai.core.errors import InvalidInput, InvalidTransition
from gongkai.core.forms import add_invalid_input
from gongkai.publishing import actions, permissions
from gongkai.publishing.forms import (
    AfterReviewForm,
    DecisionForm,
    EmergencyForm,
    OverrideForm,
    SubmitForm,
    ValidityForm,
    WithdrawForm,
)
from gongkai.publishing.models import Item, Step, Workflow
from gongkai.publishing.pii_gate import PersonalInfoFound, scan_revision
from gongkai.publishing.views.staff._access import get_item_for_user
from gongkai.publishing.views.staff.detail import item_page


@dataclass(frozen=True)
class ItemStep:
    """One button: `act(actor, item, cleaned_data, target)` calls its action and returns
    what it returned (`result`)."""

    act: Callable[[Any, Item, dict, Any], Any]
    # What to say when done: a (lazy) text, or `done(item, result, cleaned_data)`.
    done: Promise | Callable[[Item, Any, dict], str]
    # None: a button without fields.
    form_class: type[forms.Form] | None = None
    # The review step the URL names (`step_pk`), found in the item's own review runs.
    target: Callable[[Item, dict], Any] | None = None
    # A refusal before the form is read (the action checks again).
    allowed: Callable[[Any, Item], None] | None = None
    # The page shown again lists the personal information found (to let it through).
    show_findings: bool = False


def _require_pii_reviewer(user, item: Item) -> None:
    if not permissions.can_override_pii(user, item):
        raise PermissionDenied(_("只有审核人员可以在发现个人信息时放行，编辑请先遮盖。"))


def _submitted(_item: Item, workflow: Workflow, _data: dict) -> str:
    if workflow.state == Workflow.State.APPROVED:
        return _("已发布（本栏目无需审核）。")
    return _("已提交审核。")


def _decide(actor, _item: Item, data: dict, step: Step) -> Step:
    if data["decision"] == DecisionForm.REJECT:
        return actions.reject_step(actor=actor, step=step, comment=data["comment"])
    return actions.approve_step(
        actor=actor,
        step=step,
        comment=data["comment"],
        secrecy_confirmed=data["secrecy_confirmed"],
    )


def _decided(item: Item, step: Step, data: dict) -> str:
    if data["decision"] == DecisionForm.REJECT:
        return _("已退回，编辑将在待办中看到您的意见。")
    item.refresh_from_db()
    if item.status == Item.Status.PUBLISHED and item.live_revision_id == step.revision_id:
        return _("审核通过，已发布。")
    return _("审核通过。")


STEPS: dict[str, ItemStep] = {
    "submit": ItemStep(
        lambda actor, item, d, _t: actions.submit_item(
            actor=actor, item=item, publish_at=d["publish_at"]
        ),
        _submitted,
        SubmitForm,
    ),
    "override": ItemStep(
        lambda actor, item, d, _t: actions.submit_item(
            actor=actor, item=item, publish_at=d["publish_at"], pii_override_reason=d["reason"]
        ),
        gettext_lazy("已放行并提交审核，放行理由已记入审计日志。"),
        OverrideForm,
        allowed=_require_pii_reviewer,
        show_findings=True,
    ),
    "mask": ItemStep(
        lambda actor, item, _d, _t: actions.mask_personal_info(actor=actor, item=item),
        lambda _item, revision, _d: (
            _("已遮盖个人信息，生成第 %(n)s 版。请核对预览后再次提交审核。")
            % {"n": revision.number}
        ),
    ),
    "recall": ItemStep(
        lambda actor, item, _d, _t: actions.recall_item(actor=actor, item=item),
        gettext_lazy("已撤回审核，可继续修改。"),
    ),
    "decide": ItemStep(
        _decide,
        _decided,
        DecisionForm,
        target=lambda item, ids: get_object_or_404(Step, pk=ids["step_pk"], workflow__item=item),
    ),
    "emergency": ItemStep(
        lambda actor, item, d, _t: actions.emergency_publish(
            actor=actor, item=item, reason=d["reason"], secrecy_confirmed=d["secrecy_confirmed"]
        ),
        gettext_lazy("已紧急发布，待事后审核。"),
        EmergencyForm,
    ),
    "after_review": ItemStep(
        lambda actor, item, d, _t: actions.complete_after_review(
            actor=actor, item=item, comment=d["comment"]
        ),
        gettext_lazy("事后审核已完成。"),
        AfterReviewForm,
    ),
    "withdraw": ItemStep(
        lambda actor, item, d, _t: actions.withdraw_item(
            actor=actor, item=item, reason=d["reason"]
        ),
        gettext_lazy("已撤稿，原网址将显示撤稿说明。"),
        WithdrawForm,
    ),
    "validity": ItemStep(
        lambda actor, item, d, _t: actions.change_validity(
            actor=actor,
            item=item,
            validity=d["validity"],
            on=d["on"],
            replaced_by=d["replaced_by"],
        ),
        gettext_lazy("有效性已更新。"),
        ValidityForm,
    ),
}


def _back(request, item: Item, level: int, text: str):
    """To the item page, which shows `text` once."""
    messages.add_message(request, level, text)
    return redirect("publishing:staff:item", item.pk)


def run_step(request, item: Item, name: str, **ids):
    """Bind step `name`'s form, call its action and go back to the item page; refused input
    shows the page again with the error next to its field, a refused transition says why."""
    step = STEPS[name]
    if step.allowed is not None:
        step.allowed(request.user, item)
    target = step.target(item, ids) if step.target is not None else None
    form = None
    if step.form_class is not None:
        form = step.form_class(request.POST, auto_id=f"id_{name}_%s")

    def again():
        findings = None
        if step.show_findings:
            findings = scan_revision(item.latest_revision) or None
        return item_page(request, item, bound={name: form}, findings=findings)

    if form is not None and not form.is_valid():
        return again()
    data = form.cleaned_data if form is not None else {}
    try:
        result = step.act(request.user, item, data, target)
    except PersonalInfoFound as stopped:
        # The personal-information gate stopped a submission: the page lists the findings,
        # and a reviewer's override form keeps the chosen publication time.
        override = OverrideForm(
            initial={"publish_at": data.get("publish_at")}, auto_id="id_override_%s"
        )
        return item_page(
            request, item, bound={name: form, "override": override}, findings=stopped.findings
        )
    except InvalidInput as exc:
        if form is None:
            return _back(request, item, messages.ERROR, exc.message)
        add_invalid_input(form, exc)
        return again()
    except InvalidTransition as exc:
        return _back(request, item, messages.ERROR, str(exc))
    done = step.done(item, result, data) if callable(step.done) else str(step.done)
    return _back(request, item, messages.SUCCESS, done)


def item_page_url(pk: int, **_ids) -> str:
    """The address of item `pk`'s page, where the forms of its steps are."""
    return reverse("publishing:staff:item", args=[pk])


def _restore(name: str):
    """The item page with step `name`'s form holding what was typed before the session
    ended (core.drafts): shown to be checked and sent again, nothing done."""
    form_class = STEPS[name].form_class

    def restore(request, data, pk: int, **_ids):
        form = form_class(data, auto_id=f"id_{name}_%s")
        return item_page(request, get_item_for_user(request.user, pk), bound={name: form})

    return restore if form_class is not None else None


def step_view(name: str):
    """The POST view of step `name`: the item (`pk`) and any review step named in the URL."""
    STEPS[name]  # an unknown step fails when the URLs load, not on the first post

    @staff_required
    @action_view(item_page_url, restore=_restore(name))
    def view(request, pk: int, **ids):
        return run_step(request, get_item_for_user(request.user, pk), name, **ids)

    view.__name__ = view.__qualname__ = f"step_{name}"
    return view
