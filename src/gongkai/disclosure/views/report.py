"""政府信息公开工作年度报告 in the workbench: the tables for a year and an agency (or the whole
government), the template's consistency check with the requests behind any breach, the
narrative sections and the table 二 figures staff enter, and the XLSX and PDF downloads."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gongkai.core.clock import today
from gongkai.core.decorators import staff_required
from gongkai.core.errors import InvalidInput
from gongkai.core.files import download_disposition
from gongkai.core.models import Department
from gongkai.disclosure import actions, permissions
from gongkai.disclosure.models import AnnualReport
from gongkai.disclosure.report import build_report, table2_cells
from gongkai.disclosure.report_pdf import build_pdf
from gongkai.disclosure.report_xlsx import build_xlsx
from gongkai.disclosure.rules import MANUAL_FIGURE_SEPARATOR, REPORT_SECTIONS

WHOLE = "all"  # the department choice meaning the whole government
FIRST_YEAR = 2008  # the first year of 政府信息公开 reports (the 2007 regulation took effect)


def _departments(user):
    return permissions.handled_departments(user).order_by("path")


def _root_handled(user) -> bool:
    return permissions.works_in_office(user)


class ScopeForm(forms.Form):
    year = forms.IntegerField(label=gettext_lazy("年度"))  # bounds set per request
    department = forms.ChoiceField(label=gettext_lazy("报告主体"))

    def __init__(self, user, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"] = forms.IntegerField(
            label=_("年度"), min_value=FIRST_YEAR, max_value=today().year
        )
        choices = [(d.short_code, d.name) for d in _departments(user)]
        if _root_handled(user):
            choices.insert(0, (WHOLE, _("全县（本级政府及所属部门、乡镇）")))
        self.fields["department"].choices = choices


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


def _scope(request):
    """(year, department or None, scope form) from the query string; 403 outside the user's."""
    user = request.user
    if not permissions.is_disclosure_staff(user):
        raise PermissionDenied(_("年度报告由依申请公开经办人和政府信息公开工作机构负责人编制。"))
    data = request.GET if "year" in request.GET else None
    default = WHOLE if _root_handled(user) else _departments(user).first().short_code
    form = ScopeForm(user, data, initial={"year": today().year - 1, "department": default})
    if data is None:
        return today().year - 1, _department(user, default), form
    if not form.is_valid():
        return None, None, form
    return form.cleaned_data["year"], _department(user, form.cleaned_data["department"]), form


def _department(user, code: str) -> Department | None:
    if code == WHOLE:
        if not _root_handled(user):
            raise PermissionDenied(_("您无权查看全县的年度报告。"))
        return None
    department = _departments(user).filter(short_code=code).first()
    if department is None:
        raise PermissionDenied(_("您无权查看该机关的年度报告。"))
    return department


def _query(year: int, department: Department | None) -> str:
    code = department.short_code if department else WHOLE
    return f"?year={year}&department={code}"


@staff_required
def annual_report(request):
    year, department, scope_form = _scope(request)
    if year is None:
        return render(request, "disclosure/staff/report.html", {"scope_form": scope_form})
    report = build_report(year, department)
    can_edit = permissions.can_edit_report(request.user, department)
    text_form = None
    if can_edit:
        initial = {f"section_{n}": text for n, text in enumerate(report.sections.values(), 1)}
        text_form = ReportTextForm(initial=initial)
        stored = _stored_figures(year, department)
        for name, key in text_form.figure_fields.items():
            text_form.fields[name].initial = stored.get(key, "")
        if request.method == "POST":
            text_form = ReportTextForm(request.POST)
            if text_form.is_valid():
                saved = _save(request, year, department, text_form)
                if saved:
                    messages.success(request, _("年度报告已保存。"))
                    return redirect(reverse("disclosure:staff:report") + _query(year, department))
    elif request.method == "POST":
        raise PermissionDenied(_("您无权编辑此年度报告。"))
    return render(
        request,
        "disclosure/staff/report.html",
        {
            "scope_form": scope_form,
            "report": report,
            "text_form": text_form,
            "query": _query(year, department),
        },
    )


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
def annual_report_xlsx(request):
    year, department, _form = _scope(request)
    if year is None:
        return redirect("disclosure:staff:report")
    report = build_report(year, department)
    return _download(
        request,
        build_xlsx(report),
        "xlsx",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        report,
    )


@staff_required
def annual_report_pdf(request):
    year, department, _form = _scope(request)
    if year is None:
        return redirect("disclosure:staff:report")
    report = build_report(year, department)
    return _download(request, build_pdf(report), "pdf", "application/pdf", report)
