"""The next steps on a letter's page. Each step's form posts to its own address; one view binds
the form, calls the step's action and goes back to the letter's page, or shows the page again
with the refusal next to the field and the input kept.

A step is declared once in STEPS: its form, the action it calls and what it says when done;
`step_view(name)` is its view, `letters:staff:letter_<name>` its address.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django import forms
from django.contrib import messages
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gongkai.core.decorators import action_view, staff_required
from gongkai.core.errors import InvalidTransition
from gongkai.core.forms import errors_into
from gongkai.letters import actions, forms_staff
from gongkai.letters.models import Letter, ReplyDraft
from gongkai.letters.views.staff_letter_page import (
    letter_page,
    letter_page_url,
    merge_targets,
    pending_review,
)
from gongkai.letters.views.staff_letters import get_letter_for_user


@dataclass(frozen=True)
class Step:
    """One next step: `act(actor, letter, form)` calls its action with the form's data."""

    form_class: type[forms.Form]
    act: Callable[[Any, Letter, forms.Form], object]
    done: str
    form_kwargs: Callable[[Any, Letter], dict] = field(default=lambda user, letter: {})


def _draft_to_submit(letter: Letter, form: forms.Form) -> ReplyDraft:
    """The saved draft the handler saw on the page (its latest one otherwise)."""
    drafts = letter.drafts.filter(state=ReplyDraft.State.DRAFT)
    chosen = form.cleaned_data.get("draft")
    draft = drafts.filter(pk=chosen).first() if chosen else drafts.first()
    if draft is None:
        raise InvalidTransition(_("没有待提交的答复草稿：请先保存草稿。"))
    return draft


def _draft_under_review(letter: Letter) -> ReplyDraft:
    drafts = list(letter.drafts.prefetch_related("reviews"))
    draft, _level = pending_review(letter, drafts)
    if draft is None:
        raise InvalidTransition(_("此来信没有待审核的答复稿。"))
    return draft


def _d(form: forms.Form) -> dict:
    return form.cleaned_data


STEPS: dict[str, Step] = {
    "accept": Step(
        forms_staff.AcceptForm,
        lambda actor, letter, f: actions.accept_letter(
            actor=actor,
            letter=letter,
            department=_d(f)["department"],
            assisting=list(_d(f)["assisting"]),
            note=_d(f)["note"],
        ),
        gettext_lazy("已受理并分办，答复期限自今日起计算。"),
    ),
    "return": Step(
        forms_staff.ReturnForm,
        lambda actor, letter, f: actions.return_letter(
            actor=actor, letter=letter, reason=_d(f)["reason"]
        ),
        gettext_lazy("已决定不予受理，理由将告知来信人。"),
    ),
    "transfer": Step(
        forms_staff.TransferForm,
        lambda actor, letter, f: actions.transfer_letter(
            actor=actor, letter=letter, channel=_d(f)["channel"], reason=_d(f)["reason"]
        ),
        gettext_lazy("已转办，来信人可在查询页看到转办情况。"),
    ),
    "reassign": Step(
        forms_staff.ReassignForm,
        lambda actor, letter, f: actions.reassign_letter(
            actor=actor, letter=letter, department=_d(f)["department"], reason=_d(f)["reason"]
        ),
        gettext_lazy("已改派，答复期限不变。"),
    ),
    "merge": Step(
        forms_staff.MergeForm,
        lambda actor, letter, f: actions.merge_letter(
            actor=actor, letter=letter, into=_d(f)["into"], reason=_d(f)["reason"]
        ),
        gettext_lazy("已合并。"),
        form_kwargs=lambda user, letter: {"letters": merge_targets(user, letter), "letter": letter},
    ),
    "close": Step(
        forms_staff.CloseForm,
        lambda actor, letter, f: actions.close_letter(
            actor=actor, letter=letter, reason=_d(f)["reason"]
        ),
        gettext_lazy("来信已关闭。"),
    ),
    "decide_extension": Step(
        forms_staff.ExtensionDecisionForm,
        lambda actor, letter, f: actions.decide_extension(
            actor=actor, letter=letter, approve=f.approved, opinion=_d(f)["opinion"]
        ),
        gettext_lazy("已审批延期申请。"),
    ),
    "draft": Step(
        forms_staff.DraftForm,
        lambda actor, letter, f: actions.save_draft(actor=actor, letter=letter, text=_d(f)["text"]),
        gettext_lazy("答复草稿已保存。"),
    ),
    "submit": Step(
        forms_staff.SubmitDraftForm,
        lambda actor, letter, f: actions.submit_draft(
            actor=actor, draft=_draft_to_submit(letter, f)
        ),
        gettext_lazy("答复稿已提交审核。"),
    ),
    "extension": Step(
        forms_staff.ExtensionRequestForm,
        lambda actor, letter, f: actions.request_extension(
            actor=actor, letter=letter, reason=_d(f)["reason"]
        ),
        gettext_lazy("延期申请已提交，等待分办部门审批。"),
    ),
    "review": Step(
        forms_staff.ReviewForm,
        lambda actor, letter, f: actions.review_draft(
            actor=actor,
            draft=_draft_under_review(letter),
            approve=f.approved,
            opinion=_d(f)["opinion"],
        ),
        gettext_lazy("审核意见已提交。"),
    ),
    "publish": Step(
        forms_staff.PublishForm,
        lambda actor, letter, f: actions.publish_letter(
            actor=actor,
            letter=letter,
            subject_public=_d(f)["subject_public"],
            body_public=_d(f)["body_public"],
            reply_public=_d(f)["reply_public"],
        ),
        gettext_lazy("来信和答复已在政民互动页面公开。"),
    ),
    "unpublish": Step(
        forms_staff.UnpublishForm,
        lambda actor, letter, f: actions.unpublish_letter(
            actor=actor, letter=letter, reason=_d(f)["reason"]
        ),
        gettext_lazy("已撤回公开。"),
    ),
}


def _bind(user, letter: Letter, name: str, data) -> forms.Form:
    step = STEPS[name]
    return step.form_class(data, auto_id=f"id_{name}_%s", **step.form_kwargs(user, letter))


def run_step(request, letter: Letter, name: str):
    """Bind step `name`'s form, call its action, and go back to the letter's page; on refused
    input show the page again with the error next to the field and the input kept."""
    step = STEPS[name]
    form = _bind(request.user, letter, name, request.POST)
    if form.is_valid():
        try:
            with errors_into(form):
                step.act(request.user, letter, form)
        except InvalidTransition as exc:
            messages.error(request, str(exc))
            return redirect(letter)
        if not form.errors:
            messages.success(request, str(step.done))
            return redirect(letter)
    return letter_page(request, letter, bound={name: form})


def _restore(name: str):
    """The letter's page with step `name`'s form holding what was typed before the session
    ended (core.drafts): shown to be checked and sent again, nothing done."""

    def restore(request, data, number: str):
        letter = get_letter_for_user(request.user, number)
        return letter_page(request, letter, bound={name: _bind(request.user, letter, name, data)})

    return restore


def step_view(name: str):
    """The POST view of step `name` on the letter `number`."""
    if name not in STEPS:  # fails when the URLs load, not on the first post
        raise KeyError(f"no step {name!r}")

    @staff_required
    @action_view(letter_page_url, restore=_restore(name))
    def view(request, number: str):
        return run_step(request, get_letter_for_user(request.user, number), name)

    view.__name__ = view.__qualname__ = f"step_{name}"
    return view
