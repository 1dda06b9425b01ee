"""督查看板: the red and yellow cards of every module (core.supervision) and the service
centre's figures per department and per month (services.stats), with their charts.

Each chart is drawn by supervision.js from the data in a json_script element and sits beside
the table that carries the same figures: without JavaScript, or for a screen reader, the
tables say everything. Every table downloads as an XLSX workbook built from the same rows.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import date, timedelta

from django import forms
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods
from openpyxl import Workbook
from openpyxl.styles import Font

from gongkai.core import supervision
from gongkai.core.clock import today
from gongkai.core.decorators import staff_required
from gongkai.core.files import download_disposition
from gongkai.services import stats
from gongkai.services.models import Grade

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FIRST_YEAR = 2019  # 国办发〔2019〕51号: 好差评 began that year
MONTHS = [(m, gettext_lazy("%(m)s月") % {"m": m}) for m in range(1, 13)]


class PeriodForm(forms.Form):
    """The period of the tables: a year, and a range of its months."""

    year = forms.TypedChoiceField(label=gettext_lazy("年度"), coerce=int)
    start = forms.TypedChoiceField(label=gettext_lazy("起始月份"), coerce=int, choices=MONTHS)
    end = forms.TypedChoiceField(label=gettext_lazy("截止月份"), coerce=int, choices=MONTHS)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        this_year = today().year
        self.fields["year"].choices = [(y, f"{y}年") for y in range(this_year, FIRST_YEAR - 1, -1)]
        invalid = _("请从列表中选择。")
        for field in self.fields.values():
            field.error_messages.update({"invalid_choice": invalid, "required": invalid})

    def clean(self):
        data = super().clean()
        if data.get("start") and data.get("end") and data["end"] < data["start"]:
            self.add_error("end", _("截止月份不能早于起始月份。"))
        return data

    def period(self) -> tuple[date, date]:
        year, start, end = (self.cleaned_data[name] for name in ("year", "start", "end"))
        last = (date(year, end, 28) + timedelta(days=4)).replace(day=1) - timedelta(days=1)
        return date(year, start, 1), last


def _period_form(request) -> PeriodForm:
    if not {"year", "start", "end"} & set(request.GET):
        on = today()
        return PeriodForm({"year": on.year, "start": 1, "end": on.month})
    return PeriodForm(request.GET)


@dataclass
class Table:
    """A table as the page shows it and the workbook holds it: the same rows for both."""

    slug: str
    caption: str
    headers: list[str]
    percent: set[int]  # the columns holding a percentage
    rows: list[list]

    def shown(self) -> list[list[str]]:
        return [[self._text(i, value) for i, value in enumerate(row)] for row in self.rows]

    def _text(self, column: int, value) -> str:
        if value is None:
            return "—"
        return f"{value}%" if column in self.percent else str(value)


def _rated(row: stats.Figures) -> list:
    return [row.rated, *(row.grades[g] for g in stats.GRADES), row.bad_rate]


def department_table(rows, total, start, end) -> Table:
    headers = [_("部门"), _("受理"), _("办结"), _("按时办结率"), _("平均用时（工作日）")]
    headers += [_("平均承诺时限（工作日）"), _("最多跑一次占比"), _("评价数")]
    headers += [str(g.label) for g in Grade] + [_("差评率"), _("差评已整改"), _("整改按时率")]
    body = [
        [
            row.label,
            row.received,
            row.completed,
            row.on_time_rate,
            row.average_days_used,
            row.average_days_promised,
            row.one_visit_rate,
            *_rated(row),
            row.rectified,
            row.rectification_on_time_rate,
        ]
        for row in [*rows, total]
    ]
    body[-1][0] = _("合计")
    caption = _("各部门办件与评价（%(start)s至%(end)s）") % {
        "start": f"{start.year}年{start.month}月{start.day}日",
        "end": f"{end.year}年{end.month}月{end.day}日",
    }
    return Table("departments", caption, headers, {3, 6, 13, 15}, body)


def trend_table(months, total, start, end) -> Table:
    headers = [_("月份"), _("受理"), _("办结"), _("按时办结率"), _("评价数"), _("差评")]
    headers += [_("差评率"), _("差评已整改"), _("整改按时率")]
    body = [
        [
            row.label,
            row.received,
            row.completed,
            row.on_time_rate,
            row.rated,
            row.bad,
            row.bad_rate,
            row.rectified,
            row.rectification_on_time_rate,
        ]
        for row in [*months, total]
    ]
    body[-1][0] = _("合计")
    caption = _("月度趋势（%(year)s年%(start)s月至%(end)s月）") % {
        "year": start.year,
        "start": start.month,
        "end": end.month,
    }
    return Table("trend", caption, headers, {3, 6, 8}, body)


def _tables(form: PeriodForm, scope) -> tuple[Table, Table, dict]:
    start, end = form.period()
    departments = None if scope is None else sorted(scope)
    rows, total = stats.department_figures(start, end, departments)
    months, month_total = stats.monthly_trend(start, end, departments)
    charts = {
        "trend": {
            "labels": [m.label for m in months],
            "series": {
                _("受理"): [m.received for m in months],
                _("办结"): [m.completed for m in months],
            },
            "rate": {"name": _("按时办结率"), "values": [m.on_time_rate for m in months]},
        },
        "departments": {
            "labels": [r.label for r in rows],
            "series": {str(g.label): [r.grades[g.value] for r in rows] for g in Grade},
        },
    }
    return (
        department_table(rows, total, start, end),
        trend_table(months, month_total, start, end),
        charts,
    )


def _scope(request):
    if not supervision.may_supervise(request.user):
        raise PermissionDenied(_("督查看板仅限督查人员、县领导和部门负责人查看。"))
    return supervision.scope_for(request.user)


@staff_required
@require_http_methods(["GET", "HEAD"])
def dashboard(request):
    scope = _scope(request)
    form = _period_form(request)
    context = _board_context(form, scope)
    if form.is_valid():
        departments, trend, charts = _tables(form, scope)
        context.update(departments=departments, tables=[departments, trend], charts=charts)
        context["query"] = request.GET.urlencode()
    return render(request, "workbench/supervision.html", context)


def _board_context(form: PeriodForm, scope) -> dict:
    board = supervision.board(scope, today())
    due_soon = _("黄牌：%(n)s 个工作日内到期") % {"n": settings.CLOCK_DUE_SOON_DAYS}
    return {
        "form": form,
        "everything": scope is None,
        "cards": [
            ("red", _("红牌：已超期"), _("没有超期事项。"), board["red"]),
            ("yellow", due_soon, _("没有即将到期的事项。"), board["yellow"]),
        ],
    }


@staff_required
@require_http_methods(["GET", "HEAD"])
def export(request, table: str):
    scope = _scope(request)
    if table not in ("departments", "trend"):
        raise Http404(_("没有这张表。"))
    form = _period_form(request)
    if not form.is_valid():
        context = _board_context(form, scope)
        return render(request, "workbench/supervision.html", context, status=400)
    departments, trend, _charts = _tables(form, scope)
    chosen = departments if table == "departments" else trend
    response = HttpResponse(workbook(chosen), content_type=XLSX)
    response["Content-Disposition"] = download_disposition(
        f"{chosen.caption}.xlsx", f"supervision-{table}"
    )
    return response


def workbook(table: Table) -> bytes:
    """The table as a one-sheet workbook: the caption, the headers, then the rows (numbers
    as numbers, a figure with nothing to count left empty)."""
    book = Workbook()
    sheet = book.active
    sheet.title = table.slug
    sheet.append([table.caption])
    sheet["A1"].font = Font(bold=True)
    sheet.append([f"{h}（%）" if i in table.percent else h for i, h in enumerate(table.headers)])
    for row in table.rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
