"""意见征集 in the workbench: the list (with the form of a new consultation), and one
consultation's page: edit and publish the draft, moderate the comments, answer each after the
period, publish the feedback report, link the final policy. Each step's form posts to its own
address; a refusal shows the page again with the message next to the field and the text kept.

Who sees a consultation: the consultation editors of its department (or above it), who do
everything but moderate only with the moderators, and the moderators (county-wide), who see
the published ones and moderate their comments. Staff of other departments are refused.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from gongkai.core import drafts, pii
from gongkai.core.decorators import action_view, keeps_drafts, staff_required
from gongkai.core.errors import InvalidTransition
from gongkai.core.forms import errors_into
from gongkai.core.permissions import departments_for, has_role
from gongkai.letters import forms_consultations as cf
from gongkai.letters import permissions, roles
from gongkai.letters.actions import consultations as actions
from gongkai.letters.models import Comment, Consultation
from gongkai.letters.rules import CommentStatus, consultation_min_days

State = Consultation.State
Phase = actions.Phase


def consultation_url(pk: int, comment: int | None = None) -> str:
    url = reverse("letters:staff:consultation", args=[pk])
    return f"{url}#comment-{comment}" if comment else url


def _is_editor(user) -> bool:
    return has_role(user, roles.CONSULTATION_EDITOR)


def may_view(user, consultation: Consultation) -> bool:
    if actions.may_manage(user, consultation):
        return True
    return permissions.can_moderate(user) and consultation.state != State.DRAFT


def get_consultation_for_user(user, pk: int) -> Consultation:
    consultation = get_object_or_404(
        Consultation.objects.select_related("department", "draft_file", "created_by"), pk=pk
    )
    if not may_view(user, consultation):
        raise PermissionDenied(_("您无权查看此意见征集：它不属于您负责的部门。"))
    return consultation


# ---------------------------------------------------------------- the list


def _visible(user):
    """The consultations of the departments the user runs; a moderator's also every
    published one."""
    mine = Q(department__in=departments_for(user, roles.CONSULTATION_EDITOR))
    if permissions.can_moderate(user):
        mine |= ~Q(state=State.DRAFT)
    return (
        Consultation.objects.filter(mine)
        .select_related("department")
        .annotate(
            received=Count("comments"),
            pending=Count("comments", filter=Q(comments__status=CommentStatus.PENDING)),
        )
        .order_by("-opens_on", "-pk")
    )


@staff_required
@keeps_drafts
@require_http_methods(["GET", "HEAD", "POST"])
def consultation_list(request):
    """意见征集: the user's consultations, their phase and comments waiting; a new one (POST)."""
    user = request.user
    editor = _is_editor(user)
    if not (editor or permissions.can_moderate(user)):
        raise PermissionDenied(_("意见征集仅限意见征集管理人员和留言审核人员使用。"))
    form = None
    if editor:
        form = cf.ConsultationForm(drafts.take(request), user=user, auto_id="id_new_%s")
    if request.method == "POST":
        if not editor:
            raise PermissionDenied(_("只有意见征集管理人员可以新建意见征集。"))
        form = cf.ConsultationForm(request.POST, request.FILES, user=user, auto_id="id_new_%s")
        if form.is_valid():
            data = form.cleaned_data
            with errors_into(form):
                consultation = actions.create_consultation(
                    actor=user,
                    department=data["department"],
                    title=data["title"],
                    explanation=data["explanation"],
                    draft_text=data["draft_text"],
                    opens_on=data["opens_on"],
                    closes_on=data["closes_on"],
                    draft_file=data["draft_file"],
                )
            if not form.errors:
                messages.success(request, _("已保存意见征集草稿，核对无误后可发布。"))
                return redirect(consultation_url(consultation.pk))
    rows = [{"consultation": c, "phase_label": actions.phase_label(c)} for c in _visible(user)]
    return render(
        request,
        "letters/consultations/staff/list.html",
        {"rows": rows, "form": form, "min_days": consultation_min_days()},
    )


# ---------------------------------------------------------------- one consultation


@dataclass(frozen=True)
class Step:
    """One step: `make(data, files, consultation, comment)` its form, `act(actor,
    consultation, comment, form)` its action; `per_comment`: its address names a comment."""

    make: Callable[..., forms.Form]
    act: Callable[[Any, Consultation, Comment | None, Any], object]
    done: Any
    per_comment: bool = False


def _edit_form(data, files, consultation, comment):
    initial = {
        name: getattr(consultation, name)
        for name in ("title", "explanation", "draft_text", "opens_on", "closes_on")
    }
    return cf.ConsultationForm(data, files, new=False, initial=initial, auto_id="id_edit_%s")


def _edit(actor, consultation, comment, form):
    data = form.cleaned_data
    return actions.update_consultation(
        actor=actor,
        consultation=consultation,
        title=data["title"],
        explanation=data["explanation"],
        draft_text=data["draft_text"],
        opens_on=data["opens_on"],
        closes_on=data["closes_on"],
        draft_file=data["draft_file"],
    )


def _respond_form(data, files, consultation, comment):
    initial = {}
    if comment.adopted is not None:
        initial = {"adopted": cf.YES if comment.adopted else cf.NO, "response": comment.response}
    return cf.RespondForm(data, initial=initial, auto_id=f"id_respond{comment.pk}_%s")


STEPS: dict[str, Step] = {
    "edit": Step(_edit_form, _edit, gettext_lazy("已保存修改。")),
    "publish": Step(
        lambda data, files, c, comment: forms.Form(data, auto_id="id_publish_%s"),
        lambda actor, c, comment, form: actions.publish_consultation(actor=actor, consultation=c),
        gettext_lazy("已发布，征集期限内公众可以在门户网站提交意见。"),
    ),
    "moderate": Step(
        lambda data, files, c, comment: cf.ModerateForm(
            data, auto_id=f"id_moderate{comment.pk}_%s"
        ),
        lambda actor, c, comment, form: actions.moderate_comment(
            actor=actor, comment=comment, show=form.is_shown
        ),
        gettext_lazy("已审核此意见。"),
        per_comment=True,
    ),
    "respond": Step(
        _respond_form,
        lambda actor, c, comment, form: actions.respond_to_comment(
            actor=actor,
            comment=comment,
            adopted=form.is_adopted,
            response=form.cleaned_data["response"],
        ),
        gettext_lazy("已保存此意见的采纳情况。"),
        per_comment=True,
    ),
    "report": Step(
        lambda data, files, c, comment: cf.FeedbackForm(
            data, initial={"feedback": c.feedback}, auto_id="id_report_%s"
        ),
        lambda actor, c, comment, form: actions.publish_feedback(
            actor=actor, consultation=c, feedback=form.cleaned_data["feedback"]
        ),
        gettext_lazy("已发布意见采纳情况。"),
    ),
    "final": Step(
        lambda data, files, c, comment: cf.FinalPolicyForm(
            data, initial={"index_number": c.final_index_number}, auto_id="id_final_%s"
        ),
        lambda actor, c, comment, form: actions.link_final_policy(
            actor=actor, consultation=c, index_number=form.cleaned_data["index_number"]
        ),
        gettext_lazy("已关联正式文件。"),
    ),
}


def available(user, consultation: Consultation, current: str) -> dict:
    """Which steps this user may take now (the actions check again)."""
    manages = actions.may_manage(user, consultation)
    after = current == Phase.CLOSED
    return {
        "edit": manages and current == Phase.DRAFT,
        "publish": manages and current == Phase.DRAFT,
        "moderate": consultation.state == State.OPEN and actions.may_moderate(user, consultation),
        "respond": manages and after,
        "report": manages and after,
        "final": manages and current == Phase.REPORTED,
    }


def consultation_page(request, consultation: Consultation, *, bound: dict | None = None):
    """The page; `bound` holds a step's form posted back with errors, by step name (and
    comment pk for a comment's step)."""
    bound = bound or {}
    current = actions.phase(consultation)
    can = available(request.user, consultation, current)
    comments = list(consultation.comments.all())
    rows = []
    for number, comment in enumerate(comments, 1):
        row = {
            "number": number,
            "comment": comment,
            "findings": sorted({str(f.label) for f in pii.scan(comment.body)}),
        }
        if can["moderate"]:
            row["moderate"] = bound.get(("moderate", comment.pk)) or STEPS["moderate"].make(
                None, None, consultation, comment
            )
        if can["respond"]:
            row["respond"] = bound.get(("respond", comment.pk)) or _respond_form(
                None, None, consultation, comment
            )
        rows.append(row)
    page_forms = {
        name: bound.get(name) or step.make(None, None, consultation, None)
        for name, step in STEPS.items()
        if not step.per_comment and can[name]
    }
    counts = actions.report_counts(comments)
    counts["pending"] = sum(1 for c in comments if c.status == CommentStatus.PENDING)
    counts["unanswered"] = sum(1 for c in comments if c.adopted is None)
    return render(
        request,
        "letters/consultations/staff/detail.html",
        {
            "consultation": consultation,
            "phase": current,
            "phase_label": actions.phase_label(consultation),
            "rows": rows,
            "counts": counts,
            "forms": page_forms,
            "can": can,
            "min_days": consultation_min_days(),
            "public": consultation.state != State.DRAFT,
        },
    )


@staff_required
@require_http_methods(["GET", "HEAD"])
def consultation_detail(request, pk: int):
    return consultation_page(request, get_consultation_for_user(request.user, pk))


def _comment_of(consultation: Consultation, comment: int | None) -> Comment | None:
    if comment is None:
        return None
    return get_object_or_404(Comment, pk=comment, consultation=consultation)


def _bound_key(name: str, comment: Comment | None):
    return (name, comment.pk) if comment is not None else name


def _restore(name: str):
    """The page with step `name`'s form holding what was typed before the session ended."""

    def restore(request, data, pk: int, comment: int | None = None):
        consultation = get_consultation_for_user(request.user, pk)
        target = _comment_of(consultation, comment)
        form = STEPS[name].make(data, None, consultation, target)
        return consultation_page(request, consultation, bound={_bound_key(name, target): form})

    return restore


def step_view(name: str):
    """The POST view of step `name` on consultation `pk` (and comment `comment`)."""
    step = STEPS[name]

    @staff_required
    @action_view(consultation_url, restore=_restore(name))
    def view(request, pk: int, comment: int | None = None):
        consultation = get_consultation_for_user(request.user, pk)
        target = _comment_of(consultation, comment)
        form = step.make(request.POST, request.FILES, consultation, target)
        if form.is_valid():
            try:
                with errors_into(form):
                    step.act(request.user, consultation, target, form)
            except InvalidTransition as exc:
                messages.error(request, str(exc))
                return redirect(consultation_url(pk, comment))
            if not form.errors:
                messages.success(request, str(step.done))
                return redirect(consultation_url(pk, comment))
        bound = {_bound_key(name, target): form}
        return consultation_page(request, consultation, bound=bound)

    view.__name__ = view.__qualname__ = f"consultation_{name}"
    return view
