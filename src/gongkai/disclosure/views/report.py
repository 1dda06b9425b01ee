"""政府信息公开工作年度报告 in the workbench: an agency's report for a year (its tables, the
template's consistency check with the requests behind any breach, the narrative sections
and the table 二 figures staff enter, the XLSX and PDF downloads, and 发布到年报栏目), and
the county-wide summary for the government's disclosure office (tables only, never
published: 条例 Art. 49 reports are each one agency's)."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from gongkai.core import drafts, publications
from gongkai.core.clock import today
from gongkai.core.decorators import action_view, keeps_drafts, staff_required
from gongkai.core.errors import InvalidInput, InvalidTransition
from gongkai.core.files import download_disposition
from gongkai.core.models import Department
from gongkai.disclosure import actions, permissions
from gongkai.disclosure.models import AnnualReport
from gongkai.disclosure.report import build_report, table2_cells
from gongkai.disclosure.report_pdf import build_pdf
from gongkai.disclosure.report_xlsx import build_xlsx
from gongkai.disclosure.rules import MANUAL_FIGURE_SEPARATOR, REPORT_SECTIONS

WHOLE = "all"  # the department choice meaning the county-wide summary
FIRST_YEAR = 2008  # the first year of 政府信息公开 reports (the 2007 regulation took effect)
TEMPLATE = "disclosure/staff/report.html"


def _agencies(user):
    return permissions.handled_agencies(user)


class ScopeForm(forms.Form):
    year = forms.IntegerField(label=gettext_lazy("年度"))  # bounds set per request
    department = forms.ChoiceField(label=gettext_lazy("报告主体"))

    def __init__(self, user, *args, **kwargs):
        super().__init__(*args, **kwargs)
        last = today().year
        self.fields["year"] = forms.IntegerField(
            label=_("年度"),
            min_value=FIRST_YEAR,
            max_value=last,
            error_messages={
                "required": _("请填写报告年度。"),
                "invalid": _("年度应为四位数字的公历年份，如 %(year)d。") % {"year": last - 1},
                "min_value": _("年度不能早于 %(limit_value)s 年。"),
                "max_value": _("年度不能晚于 %(limit_value)s 年。"),
            },
        )
        choices = [(d.short_code, d.name) for d in _agencies(user)]
        if permissions.works_in_office(user):
            choices.append((WHOLE, _("全县汇总（各行政机关报告的合计，仅供查看）")))
        self.fields["department"].choices = choices
        self.fields["department"].error_messages["invalid_choice"] = _("请从列表中选择报告主体。")
        self.fields["department"].error_messages["required"] = _("请选择报告主体。")


def _figure_key(row: str, column: str) -> str:
    return f"{row}{MANUAL_FIGURE_SEPARATOR}{column}"


class ReportTextForm(forms.Form):
    """Sections 一-六 (narrative) and the table 二 cells the platform does not hold."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for number, label in enumerate(REPORT_SECTIONS, start=1):
            self.fields[f"section_{number}"] = forms.CharField(
                label=label, required=False, widget=forms.Textarea(attrs={"rows": 5})
            )
        self.figure_fields = {}
        for index, (row, column) in enumerate(table2_cells(), start=1):
            name = f"fig_{index}"
            self.fields[name] = forms.CharField(
                label=f"{row}：{column}", required=False, max_length=20
            )
            self.figure_fields[name] = _figure_key(row, column)

    def section_fields(self):
        return [self[f"section_{n}"] for n in range(1, len(REPORT_SECTIONS) + 1)]

    def figure_bound_fields(self):
        return [self[name] for name in self.figure_fields]

    def field_for_key(self, key: str) -> str | None:
        return next((n for n, k in self.figure_fields.items() if k == key), None)


class BadScope(Exception):
    """The query string names no year or agency the page can show (answered with 400)."""

    def __init__(self, form: ScopeForm):
        super().__init__("bad scope")
        self.form = form


def _scope(request) -> tuple[int, Department | None, ScopeForm]:
    """(year, agency or None for the summary, scope form) from the query string; BadScope
    for a year or agency that is not one; 403 for an agency outside the user's."""
    user = request.user
    if not permissions.is_disclosure_staff(user):
        raise PermissionDenied(_("年度报告由依申请公开经办人和政府信息公开工作机构负责人编制。"))
    if not request.GET.keys() - {drafts.PARAM}:  # last year's report of the user's first agency
        default = _agencies(user).first()
        code = default.short_code if default else WHOLE
        form = ScopeForm(user, initial={"year": today().year - 1, "department": code})
        return today().year - 1, _department(user, code), form
    form = ScopeForm(user, request.GET)
    if not form.is_valid():
        raise BadScope(form)
    return form.cleaned_data["year"], _department(user, form.cleaned_data["department"]), form


def _department(user, code: str) -> Department | None:
    if code == WHOLE:
        if not permissions.can_view_report(user, None):
            raise PermissionDenied(_("全县汇总由县人民政府的政府信息公开工作机构查看。"))
        return None
    department = _agencies(user).filter(short_code=code).first()
    if department is None or not permissions.can_view_report(user, department):
        raise PermissionDenied(_("您无权查看该机关的年度报告。"))
    return department


def _bad_scope(request, error: BadScope) -> HttpResponse:
    """The page with the scope form's errors next to its fields: 400, nothing else shown."""
    return render(request, TEMPLATE, {"scope_form": error.form}, status=400)


def _query(year: int, department: Department | None) -> str:
    code = department.short_code if department else WHOLE
    return f"?year={year}&department={code}"


def _report_page(request, year, department, scope_form, *, text_form=None, **extra):
    report = build_report(year, department)
    if text_form is None and permissions.can_edit_report(request.user, department):
        text_form = _text_form(report, year, department)
    stored = (
        AnnualReport.objects.filter(year=year, department=department).first()
        if department is not None
        else None
    )
    can_publish = (
        department is not None
        and permissions.can_publish_report(request.user, department)
        and publications.can_publish()
    )
    context = {
        "scope_form": scope_form,
        "report": report,
        "text_form": text_form,
        "query": _query(year, department),
        "stored": stored,
        "can_publish": can_publish,
        **extra,
    }
    return render(request, TEMPLATE, context)


def _text_form(report, year, department) -> ReportTextForm:
    initial = {f"section_{n}": text for n, text in enumerate(report.sections.values(), 1)}
    form = ReportTextForm(initial=initial)
    stored = _stored_figures(year, department)
    for name, key in form.figure_fields.items():
        form.fields[name].initial = stored.get(key, "")
    return form


@staff_required
@keeps_drafts
@require_http_methods(["GET", "HEAD", "POST"])
def annual_report(request):
    try:
        year, department, scope_form = _scope(request)
    except BadScope as error:
        return _bad_scope(request, error)
    if request.method != "POST":
        kept = drafts.take(request)
        text_form = ReportTextForm(kept) if kept is not None else None
        return _report_page(request, year, department, scope_form, text_form=text_form)
    if not permissions.can_edit_report(request.user, department):
        raise PermissionDenied(_("您无权编辑此年度报告。"))
    text_form = ReportTextForm(request.POST)
    if text_form.is_valid() and _save(request, year, department, text_form):
        messages.success(request, _("年度报告已保存。"))
        return redirect(reverse("disclosure:staff:report") + _query(year, department))
    return _report_page(request, year, department, scope_form, text_form=text_form)


def _report_page_url() -> str:
    return reverse("disclosure:staff:report")


@staff_required
@action_view(_report_page_url)
def annual_report_publish(request):
    """发布到年报栏目 (条例 Art. 49): the report, PDF attached, into its column's review."""
    try:
        year, department, scope_form = _scope(request)
    except BadScope as error:
        return _bad_scope(request, error)
    if department is None or not permissions.can_publish_report(request.user, department):
        raise PermissionDenied(_("年度报告由政府信息公开工作机构负责人提交发布。"))
    try:
        publication = actions.publish_annual_report(
            actor=request.user, year=year, department=department
        )
    except (InvalidInput, InvalidTransition) as error:
        message = error.message if isinstance(error, InvalidInput) else str(error)
        return _report_page(request, year, department, scope_form, publish_error=message)
    messages.success(
        request,
        _("年度报告已提交到“%(place)s”栏目，经栏目审核通过后公开。") % {"place": publication.place},
    )
    return redirect(reverse("disclosure:staff:report") + _query(year, department))


def _stored_figures(year, department) -> dict:
    stored = AnnualReport.objects.filter(year=year, department=department).first()
    return stored.manual_figures if stored else {}


def _save(request, year, department, form: ReportTextForm) -> bool:
    sections = {str(n): form.cleaned_data[f"section_{n}"] for n in range(1, 7)}
    figures = {key: form.cleaned_data[name] for name, key in form.figure_fields.items()}
    try:
        actions.save_annual_report(
            actor=request.user,
            year=year,
            department=department,
            sections=sections,
            manual_figures=figures,
        )
    except InvalidInput as error:
        form.add_error(form.field_for_key(error.field or ""), error.message)
        return False
    return True


def _download(request, content: bytes, extension: str, content_type: str, report) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    name = f"{report.title}.{extension}"
    response["Content-Disposition"] = download_disposition(name, f"annual-report-{report.year}")
    return response


@staff_required
@require_http_methods(["GET", "HEAD"])
def annual_report_xlsx(request):
    try:
        year, department, _form = _scope(request)
    except BadScope as error:
        return _bad_scope(request, error)
    report = build_report(year, department)
    return _download(
        request,
        build_xlsx(report),
        "xlsx",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        report,
    )


@staff_required
@require_http_methods(["GET", "HEAD"])
def annual_report_pdf(request):
    try:
        year, department, _form = _scope(request)
    except BadScope as error:
        return _bad_scope(request, error)
    report = build_report(year, department)
    return _download(request, build_pdf(report), "pdf", "application/pdf", report)
