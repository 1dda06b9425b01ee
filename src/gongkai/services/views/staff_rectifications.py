"""差评整改 in the workbench: the owner's list of open rectifications with both due dates, one
rectification's page (the rating, the case, the clocks, the forms of its next steps), and the
supervisors' list of appeals. Each step's form posts to its own address; a refusal shows the
page again with the message next to the field and the text kept.

Who sees a rectification: its owner, the case's handler, anyone who handles the department's
cases, and supervisors. The applicant's comment in full only to the owner and supervisors;
everyone else reads it masked (core.pii), as the public would.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from gongkai.core.clock import Warning, clock_state, today, warning_expression
from gongkai.core.decorators import action_view, staff_required
from gongkai.core.errors import InvalidTransition
from gongkai.core.forms import errors_into
from gongkai.services import forms_rectifications as rf
from gongkai.services import permissions
from gongkai.services.actions import rectifications as actions
from gongkai.services.models import Appeal, Rectification
from gongkai.services.rules import RatingReason

State = Rectification.State
RELATED = (
    "evaluation__case__version",
    "evaluation__department",
    "evaluation__handler",
    "owner",
    "contact_clock",
    "answer_clock",
)
APPEAL_RELATED = ("evaluation__case__version", "evaluation__department", "raised_by")


def rectification_url(pk: int) -> str:
    return reverse("services:staff:rectification", args=[pk])


def may_view(user, rectification: Rectification) -> bool:
    evaluation = rectification.evaluation
    if user.pk in (rectification.owner_id, evaluation.handler_id):
        return True
    if actions.is_supervisor(user):
        return True
    return permissions.can_handle_cases(user, evaluation.department)


def get_rectification_for_user(user, pk: int) -> Rectification:
    rectification = get_object_or_404(Rectification.objects.select_related(*RELATED), pk=pk)
    if not may_view(user, rectification):
        raise PermissionDenied(_("您无权查看此差评整改：它不属于您负责的部门。"))
    return rectification


def _require_list_reader(user) -> bool:
    """Services staff or a supervisor; returns whether the user supervises."""
    supervises = actions.is_supervisor(user)
    if not (supervises or permissions.is_services_staff(user)):
        raise PermissionDenied(_("差评整改仅限政务服务工作人员和督查人员查看。"))
    return supervises


def _open_appeals():
    return Appeal.objects.filter(decided_at__isnull=True).select_related(*APPEAL_RELATED)


# ---------------------------------------------------------------- lists


def _deadline(clock, warning: str) -> dict | None:
    """A clock in a list: its due date and the warning the query worked out."""
    if clock is None:
        return None
    return {"clock": clock, "warning": warning, "label": Warning(warning).label}


@staff_required
@require_http_methods(["GET", "HEAD"])
def rectification_list(request):
    """我的差评整改: open ones with both due dates and their warnings; a supervisor also sees
    the appeals waiting for review."""
    supervises = _require_list_reader(request.user)
    on = today()
    mine = (
        Rectification.objects.filter(owner=request.user)
        .exclude(state=State.CLOSED)
        .select_related(*RELATED)
        .annotate(
            contact_warning=warning_expression("contact_clock", on),
            answer_warning=warning_expression("answer_clock", on),
        )
        .order_by("answer_clock__due_date", "pk")
    )
    rows = [
        {
            "rectification": row,
            "contact": _deadline(row.contact_clock, row.contact_warning),
            "answer": _deadline(row.answer_clock, row.answer_warning),
        }
        for row in mine
    ]
    return render(
        request,
        "services/staff/rectifications.html",
        {
            "rows": rows,
            "contact_days": settings.SERVICES_RECTIFY_CONTACT_DAYS,
            "answer_days": settings.SERVICES_RECTIFY_ANSWER_DAYS,
            "supervises": supervises,
            "appeals": list(_open_appeals()) if supervises else [],
        },
    )


@staff_required
@require_http_methods(["GET", "HEAD"])
def appeal_list(request):
    """差评申诉复核 (supervisors): those waiting, then the latest decided."""
    if not actions.is_supervisor(request.user):
        raise PermissionDenied(_("差评申诉由督查人员复核。"))
    decided = (
        Appeal.objects.filter(decided_at__isnull=False)
        .select_related(*APPEAL_RELATED, "decided_by")
        .order_by("-decided_at")[:50]
    )
    return render(
        request,
        "services/staff/appeals.html",
        {"appeals": list(_open_appeals()), "decided": list(decided)},
    )


# ---------------------------------------------------------------- one rectification


@dataclass(frozen=True)
class Step:
    """One next step: `act(actor, rectification, form)` calls its action."""

    form_class: type[forms.Form]
    act: Callable[[Any, Rectification, Any], object]
    done: Any


def _open_appeal(rectification: Rectification) -> Appeal | None:
    return (
        Appeal.objects.filter(evaluation_id=rectification.evaluation_id, decided_at__isnull=True)
        .select_related("raised_by")
        .first()
    )


def _decide(actor, rectification: Rectification, form) -> Appeal:
    appeal = _open_appeal(rectification)
    if appeal is None:
        raise InvalidTransition(_("此差评没有待复核的申诉。"))
    return actions.decide_appeal(
        actor=actor, appeal=appeal, upheld=form.is_upheld, decision=form.cleaned_data["decision"]
    )


STEPS: dict[str, Step] = {
    "verify": Step(
        rf.VerifyForm,
        lambda actor, r, form: actions.verify_rectification(
            actor=actor, rectification=r, verification=form.cleaned_data["verification"]
        ),
        gettext_lazy("已记录核实情况。"),
    ),
    "contact": Step(
        rf.ContactForm,
        lambda actor, r, form: actions.record_contact(
            actor=actor,
            rectification=r,
            on=form.cleaned_data["on"],
            method=form.cleaned_data["method"],
            note=form.cleaned_data["note"],
        ),
        gettext_lazy("已记录回访情况，回访期限停止计算。"),
    ),
    "answer": Step(
        rf.AnswerForm,
        lambda actor, r, form: actions.answer_rectification(
            actor=actor,
            rectification=r,
            outcome=form.cleaned_data["outcome"],
            answer=form.cleaned_data["answer"],
        ),
        gettext_lazy("已答复申请人，答复已在好差评公示页面公开（个人信息已遮盖）。"),
    ),
    "appeal": Step(
        rf.AppealForm,
        lambda actor, r, form: actions.raise_appeal(
            actor=actor,
            evaluation=r.evaluation,
            ground=form.cleaned_data["ground"],
            statement=form.cleaned_data["statement"],
        ),
        gettext_lazy("已提出申诉，等待督查人员复核。"),
    ),
    "decide": Step(rf.DecideAppealForm, _decide, gettext_lazy("已作出申诉复核结论。")),
}


def _blank(name: str, on) -> forms.Form:
    initial = {"on": on} if name == "contact" else None
    return STEPS[name].form_class(auto_id=f"id_{name}_%s", initial=initial)


def available(user, rectification: Rectification, open_appeal: Appeal | None) -> dict:
    """Which steps this user may take now (the actions check again)."""
    owner = user.pk == rectification.owner_id
    evaluation = rectification.evaluation
    return {
        "verify": owner and rectification.state in actions.BEFORE_ANSWER,
        "contact": owner and rectification.state == State.OPEN,
        "answer": owner and rectification.state == State.CONTACTED,
        "appeal": actions.may_appeal(user, evaluation, rectification)
        and not evaluation.excluded
        and open_appeal is None,
        "decide": open_appeal is not None
        and open_appeal.raised_by_id != user.pk
        and actions.is_supervisor(user),
    }


def reason_labels(evaluation) -> list[str]:
    labels = dict(RatingReason.choices)
    return [str(labels[code]) for code in evaluation.reason_list() if code in labels]


def rectification_page(request, rectification: Rectification, *, bound: dict | None = None):
    """The page; `bound` holds a step's form posted back with errors, by step name."""
    on = today()
    user = request.user
    evaluation = rectification.evaluation
    open_appeal = _open_appeal(rectification)
    forms_by_step = {name: _blank(name, on) for name in STEPS}
    forms_by_step.update(bound or {})
    can = available(user, rectification, open_appeal)
    full_comment = user.pk == rectification.owner_id or actions.is_supervisor(user)
    appeals = evaluation.appeals.select_related("raised_by", "decided_by").order_by("raised_at")
    return render(
        request,
        "services/staff/rectification.html",
        {
            "rectification": rectification,
            "evaluation": evaluation,
            "case": evaluation.case,
            "reasons": reason_labels(evaluation),
            "comment": evaluation.comment if full_comment else evaluation.comment_public,
            "comment_masked": not full_comment,
            "case_link": permissions.can_handle_cases(user, evaluation.department),
            "contact_clock": clock_state(rectification.contact_clock, on),
            "answer_clock": clock_state(rectification.answer_clock, on),
            "appeals": list(appeals),
            "open_appeal": open_appeal,
            "forms": forms_by_step,
            "can": can,
            "nothing_to_do": not any(can.values()),
        },
    )


@staff_required
@require_http_methods(["GET", "HEAD"])
def rectification_detail(request, pk: int):
    return rectification_page(request, get_rectification_for_user(request.user, pk))


def _restore(name: str):
    """The page with step `name`'s form holding what was typed before the session ended."""

    def restore(request, data, pk: int):
        rectification = get_rectification_for_user(request.user, pk)
        form = STEPS[name].form_class(data, auto_id=f"id_{name}_%s")
        return rectification_page(request, rectification, bound={name: form})

    return restore


def step_view(name: str):
    """The POST view of step `name` on rectification `pk`."""
    step = STEPS[name]

    @staff_required
    @action_view(rectification_url, restore=_restore(name))
    def view(request, pk: int):
        rectification = get_rectification_for_user(request.user, pk)
        form = step.form_class(request.POST, auto_id=f"id_{name}_%s")
        if form.is_valid():
            try:
                with errors_into(form):
                    step.act(request.user, rectification, form)
            except InvalidTransition as exc:
                messages.error(request, str(exc))
                return redirect(rectification_url(pk))
            if not form.errors:
                messages.success(request, str(step.done))
                return redirect(rectification_url(pk))
        return rectification_page(request, rectification, bound={name: form})

    view.__name__ = view.__qualname__ = f"rectification_{name}"
    return view
