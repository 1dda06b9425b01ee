"""The window's rating pad (一次一评): the clerk who handled the case opens it and turns the
screen to the applicant, who presses one of five large buttons; a bad grade asks, on a second
screen, what went wrong. Every button is a submit button, so no script is needed, and nothing
comes preselected: the page takes no grade from its address. The rating is recorded with the
clerk as the one who opened the pad (services.actions.ratings)."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from gongkai.core.decorators import staff_required
from gongkai.core.errors import InvalidTransition
from gongkai.core.forms import errors_into
from gongkai.services.actions.ratings import can_rate, is_rated, rate_case
from gongkai.services.forms_ratings import PadReasonsForm
from gongkai.services.models import Case, Grade
from gongkai.services.models.ratings import BAD_GRADES, Evaluation
from gongkai.services.views.staff._access import get_case_for_user

STEP_GRADE = "grade"  # the first screen: five buttons
STEP_REASONS = "reasons"  # the second screen of a bad grade: what went wrong


def _pad(request, case: Case, *, form=None, status: int = 200, refused: str = ""):
    """The pad: the rating given, or the five buttons, or (with `form`) the second screen."""
    chosen = None
    if form is not None:
        value = form.cleaned_data["grade"] if form.is_bound else form.initial["grade"]
        chosen = Grade(value)
    return render(
        request,
        "services/staff/rating_pad.html",
        {
            "case": case,
            "rated": is_rated(case),
            "can_rate": can_rate(case),
            "grades": PadReasonsForm().grades(),
            "form": form,
            "chosen": chosen,
            "refused": refused,
        },
        status=status,
    )


def _record(request, case: Case, form: PadReasonsForm):
    """Call the action; on success back to the pad's thanks, else the screen again."""
    try:
        with errors_into(form):
            rate_case(
                case=case,
                grade=form.cleaned_data["grade"],
                reasons=form.cleaned_data["reasons"],
                comment=form.cleaned_data["comment"],
                channel=Evaluation.Channel.WINDOW,
                actor=request.user,
            )
    except InvalidTransition as exc:  # rated meanwhile, or the case moved on
        return _pad(request, case, status=409, refused=str(exc))
    if form.errors:
        return _pad(request, case, form=form)
    messages.success(request, _("评价已记录，感谢您的评价！"))
    return redirect("services:staff:rating_pad", number=case.number)


@never_cache
@staff_required
@require_http_methods(["GET", "HEAD", "POST"])
def rating_pad(request, number: str):
    """GET: the five buttons (or the rating already given); POST: a button pressed."""
    case = get_case_for_user(request.user, number)
    if request.method != "POST":
        return _pad(request, case)
    if not can_rate(case):
        return _pad(request, case, status=409)
    form = PadReasonsForm(request.POST)
    if not form.is_valid():
        if "grade" in form.errors:  # no grade, or a forged one: the first screen again
            return _pad(request, case, status=400, refused=_("请按下一个评价按钮。"))
        return _pad(request, case, form=form)
    bad = form.cleaned_data["grade"] in BAD_GRADES
    if bad and request.POST.get("step") != STEP_REASONS:
        # A bad grade pressed: ask what went wrong before recording anything.
        second = PadReasonsForm(initial={"grade": form.cleaned_data["grade"]})
        return _pad(request, case, form=second)
    return _record(request, case, form)
