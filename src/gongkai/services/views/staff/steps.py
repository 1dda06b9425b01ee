"""The next steps on a case's page. Each step's form posts to its own address; one view binds
the form, calls the step's action and goes back to the case page, or shows the page again
with the refusal next to the field and the input kept.

A step is declared once in STEPS: its form, the action it calls and what it says when done;
`step_view(name)` is its view.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gongkai.core.decorators import action_view, staff_required
from gongkai.core.errors import InvalidTransition
from gongkai.core.forms import errors_into
from gongkai.services import actions, forms_staff, permissions
from gongkai.services.models import Case, SpecialProcedure
from gongkai.services.queries import handlers_for
from gongkai.services.views.staff._access import get_case_for_user
from gongkai.services.views.staff.case_page import case_page, case_page_url, flagged_materials


@dataclass(frozen=True)
class Step:
    """One next step: `act(actor, case, cleaned_data, form)` calls its action."""

    form_class: type[forms.Form]
    act: Callable[[Any, Case, dict, forms.Form], object]
    done: str
    # A refusal before the form is read (the action checks again).
    allowed: Callable[[Any, Case], None] | None = None
    form_kwargs: Callable[[Case], dict] = field(default=lambda case: {})


def _require_decider(user, case: Case) -> None:
    if not permissions.can_decide(user, case.department):
        raise PermissionDenied(_("审批决定和延长办理期限须由审批负责人作出。"))


def _open_procedure(case: Case) -> SpecialProcedure:
    return get_object_or_404(SpecialProcedure, case=case, ended_on__isnull=True)


STEPS: dict[str, Step] = {
    "assign": Step(
        forms_staff.AssignForm,
        lambda actor, case, d, _f: actions.assign_case(
            actor=actor, case=case, handler=d["handler"]
        ),
        gettext_lazy("已转交经办人。"),
        form_kwargs=lambda case: {"handlers": handlers_for(case.department)},
    ),
    "accept": Step(
        forms_staff.AcceptForm,
        lambda actor, case, d, _f: actions.accept_case(
            actor=actor, case=case, opinion=d["opinion"]
        ),
        gettext_lazy("已受理，并生成受理通知书；法定和承诺办结时限自今日起计算。"),
    ),
    "refuse": Step(
        forms_staff.RefuseForm,
        lambda actor, case, d, _f: actions.refuse_case(actor=actor, case=case, reason=d["reason"]),
        gettext_lazy("已决定不予受理，并生成不予受理通知书。"),
    ),
    "notice": Step(
        forms_staff.NoticeForm,
        lambda actor, case, d, form: actions.send_one_time_notice(
            actor=actor, case=case, problems=form.problems(), note=d["note"]
        ),
        gettext_lazy("已生成一次性告知书，办件等待申请人补正，期间不计入办理时限。"),
        form_kwargs=lambda case: {"materials": list(case.materials.all())},
    ),
    "supply": Step(
        forms_staff.SupplyForm,
        lambda actor, case, _d, form: actions.supply_materials(
            actor=actor, case=case, files=form.files_by_row()
        ),
        gettext_lazy("已登记补正材料，重新进行受理审查。"),
        form_kwargs=lambda case: {"materials": flagged_materials(list(case.materials.all()))},
    ),
    "review": Step(
        forms_staff.ReviewForm,
        lambda actor, case, d, _f: actions.review_case(
            actor=actor, case=case, opinion=d["opinion"]
        ),
        gettext_lazy("已提出审查意见，办件转审批负责人决定。"),
    ),
    "extend": Step(
        forms_staff.ExtendForm,
        lambda actor, case, d, _f: actions.extend_case(actor=actor, case=case, reason=d["reason"]),
        gettext_lazy("已批准延长法定办结时限。"),
        allowed=_require_decider,
    ),
    "special_start": Step(
        forms_staff.SpecialStartForm,
        lambda actor, case, d, _f: actions.start_special_procedure(
            actor=actor, case=case, kind=d["kind"], on=d["on"], note=d["note"]
        ),
        gettext_lazy("特别程序已开始，办理时限暂停计算。"),
    ),
    "special_end": Step(
        forms_staff.SpecialEndForm,
        lambda actor, case, d, _f: actions.end_special_procedure(
            actor=actor, procedure=_open_procedure(case), on=d["on"]
        ),
        gettext_lazy("特别程序已结束，办理时限恢复计算。"),
    ),
    "decide": Step(
        forms_staff.DecideForm,
        lambda actor, case, d, _f: actions.decide_case(
            actor=actor,
            case=case,
            grant=d["decision"] == forms_staff.DecideForm.GRANT,
            opinion=d["opinion"],
            reason=d["reason"],
        ),
        gettext_lazy("已作出审批决定，并生成审批结果文书。"),
        allowed=_require_decider,
    ),
    "close": Step(
        forms_staff.CloseForm,
        lambda actor, case, d, _f: actions.close_case(
            actor=actor, case=case, result=d["result"], reason=d["reason"]
        ),
        gettext_lazy("办件已办结。"),
    ),
    "deliver": Step(
        forms_staff.DeliverForm,
        lambda actor, case, d, _f: actions.deliver_case(
            actor=actor, case=case, method=d["method"], on=d["on"], note=d["note"]
        ),
        gettext_lazy("已登记送达。"),
    ),
}


def _bind(case: Case, name: str, data, files=None) -> forms.Form:
    step = STEPS[name]
    return step.form_class(data, files, auto_id=f"id_{name}_%s", **step.form_kwargs(case))


def run_step(request, case: Case, name: str):
    """Bind step `name`'s form, call its action, and go back to the case page; on refused
    input show the page again with the error next to the field and the input kept."""
    step = STEPS[name]
    if step.allowed is not None:
        step.allowed(request.user, case)
    form = _bind(case, name, request.POST, request.FILES)
    if form.is_valid():
        try:
            with errors_into(form):
                step.act(request.user, case, form.cleaned_data, form)
        except InvalidTransition as exc:
            messages.error(request, str(exc))
            return redirect(case)
        if not form.errors:
            messages.success(request, str(step.done))
            return redirect(case)
    # A browser does not send a file input's choice again: say so next to the input.
    for field_name in form.fields:
        if request.FILES.getlist(field_name):
            form.add_error(field_name, _("表单未保存，文件需重新选择。"))
    return case_page(request, case, bound={name: form})


def _restore(name: str):
    """The case page with step `name`'s form holding what was typed before the session
    ended (core.drafts): shown to be checked and sent again, nothing done."""

    def restore(request, data, number: str):
        case = get_case_for_user(request.user, number)
        return case_page(request, case, bound={name: _bind(case, name, data)})

    return restore


def step_view(name: str):
    """The POST view of step `name` on the case `number`."""
    if name not in STEPS:  # fails when the URLs load, not on the first post
        raise KeyError(f"no step {name!r}")

    @staff_required
    @action_view(case_page_url, restore=_restore(name))
    def view(request, number: str):
        return run_step(request, get_case_for_user(request.user, number), name)

    view.__name__ = view.__qualname__ = f"step_{name}"
    return view
