"""行政复议、行政诉讼 in the workbench: every case against the agencies a staff member
handles (annual-report table 四), and recording and concluding a case that is about no
request (proactive disclosure, or no request at all). A case about a request is recorded
and concluded on the request's page (its steps)."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from gongkai.core import drafts
from gongkai.core.decorators import action_view, keeps_drafts, staff_required
from gongkai.core.forms import errors_into
from gongkai.core.models import Department
from gongkai.disclosure import actions, permissions
from gongkai.disclosure.models import ReviewCase
from gongkai.disclosure.rules import ReviewKind, ReviewResult
from gongkai.disclosure.staff_forms import ReviewConcludeForm, date_field, text_area
from gongkai.disclosure.views.staff._access import require_disclosure_staff

TEMPLATE = "disclosure/staff/reviews.html"


def _agencies(user):
    return permissions.handled_agencies(user)


class AgencyField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.name


class ReviewRecordForm(forms.Form):
    """A case against an agency about no request (条例 Art. 51's complaint aside)."""

    department = AgencyField(
        label=gettext_lazy("被申请人/被告机关"),
        queryset=Department.objects.none(),
        empty_label=gettext_lazy("请选择"),
        error_messages={
            "required": gettext_lazy("请选择被申请复议或被起诉的机关。"),
            "invalid_choice": gettext_lazy("请从列表中选择您负责的机关。"),
        },
    )
    kind = forms.ChoiceField(
        label=gettext_lazy("类型"),
        choices=[("", gettext_lazy("请选择")), *ReviewKind.choices],
        error_messages={"required": gettext_lazy("请选择行政复议或行政诉讼类型。")},
    )
    subject = forms.CharField(
        label=gettext_lazy("事由"),
        max_length=200,
        error_messages={"required": gettext_lazy("请填写事由，如“对未主动公开某文件不服”。")},
        help_text=gettext_lazy("例如：申请人认为某规范性文件应主动公开而未公开。"),
    )
    filed_on = date_field(gettext_lazy("立案日期"))
    body = forms.CharField(label=gettext_lazy("复议机关/法院"), max_length=100, required=False)
    note = text_area(gettext_lazy("说明"), max_length=2000, rows=2)

    def __init__(self, *args, agencies=None, **kwargs):
        super().__init__(*args, **kwargs)
        if agencies is not None:
            self.fields["department"].queryset = agencies


def _page(request, form: ReviewRecordForm, *, bound_case=None, bound_form=None, status=200):
    user = request.user
    cases = list(
        ReviewCase.objects.filter(department__in=_agencies(user))
        .select_related("department", "request")
        .order_by("-filed_on", "-pk")
    )
    for case in cases:
        if case.request_id is None and case.result == ReviewResult.PENDING:
            case.form = (
                bound_form
                if bound_case == case.pk
                else ReviewConcludeForm(
                    auto_id=f"id_case{case.pk}_%s", initial={"result": ReviewResult.PENDING}
                )
            )
        else:
            case.form = None
    return render(request, TEMPLATE, {"form": form, "cases": cases}, status=status)


@staff_required
@keeps_drafts
@require_http_methods(["GET", "HEAD", "POST"])
def review_list(request):
    user = request.user
    require_disclosure_staff(user)
    agencies = _agencies(user)
    if request.method != "POST":
        return _page(request, ReviewRecordForm(drafts.take(request), agencies=agencies))
    form = ReviewRecordForm(request.POST, agencies=agencies)
    if form.is_valid():
        data = form.cleaned_data
        with errors_into(form):
            actions.record_review_case(
                actor=user,
                department=data["department"],
                kind=data["kind"],
                filed_on=data["filed_on"],
                subject=data["subject"],
                body=data["body"],
                note=data["note"],
            )
        if not form.errors:
            messages.success(request, _("已登记行政复议或行政诉讼。"))
            return redirect("disclosure:staff:reviews")
    return _page(request, form)


def _review_list_page(**_kwargs) -> str:
    return reverse("disclosure:staff:reviews")


@staff_required
@action_view(_review_list_page)
def review_conclude(request, pk: int):
    """The result of a case about no request (one about a request: on its page)."""
    user = request.user
    require_disclosure_staff(user)
    case = get_object_or_404(ReviewCase.objects.select_related("department"), pk=pk)
    if case.request_id is not None:
        return redirect(case.request)
    if not permissions.can_handle_department(user, case.department):
        raise PermissionDenied(_("您不是该机关的依申请公开经办人。"))
    form = ReviewConcludeForm(request.POST, auto_id=f"id_case{case.pk}_%s")
    if form.is_valid():
        with errors_into(form):
            actions.conclude_review_case(
                actor=user,
                case=case,
                result=form.cleaned_data["result"],
                concluded_on=form.cleaned_data["concluded_on"],
            )
        if not form.errors:
            messages.success(request, _("已登记审结结果。"))
            return redirect("disclosure:staff:reviews")
    return _page(
        request, ReviewRecordForm(agencies=_agencies(user)), bound_case=case.pk, bound_form=form
    )
