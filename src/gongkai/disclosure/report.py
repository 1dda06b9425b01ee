"""政府信息公开工作年度报告: the figures of one year's report (国办公开办函〔2021〕30号 template).

Pure computation: `build_report(year, department=None)` reads the database and returns an
`AnnualReportData` (disclosure.report_tables, where its JSON shape is described); nothing is
written (saving the report's text and figures is disclosure.actions.save_annual_report).

Scope (条例 Art. 49, 50): a report covers one 行政机关, its own work: `department` and the
units under it that are no agency themselves (villages, whose requests the township
answers); a bureau or township under the government has a report of its own and is not in
the government's. `department=None` is the county-wide summary (every department), a view
to compare and check the agencies' reports, not a report that is published. The XLSX, PDF,
text and HTML renderings all read the same object, so they cannot disagree.

Counting rules (decisions, documented here because the template leaves them implicit):

Table 三, counted from `DisclosureRequest` (year Y, 1 Jan = J, 31 Dec = D):
- 一 新收: J <= received_on <= D.
- 二 上年结转: received_on < J and (finished_on is null or finished_on >= J).
- 三 办理结果: J <= finished_on <= D, in the row of its `outcome`. A group with sub-reasons
  (（三）-（六）) has no figure of its own: the template lists only its sub-rows, so the group is
  a header (in JSON a dict of sub-rows, not of columns). （七）总计 is the sum of all outcome rows.
- 四 结转下年度: received_on <= D and (finished_on is null or finished_on > D).
- 总计 (column) is the sum of the six applicant columns.
With sound data 一 + 二 = 三（七） + 四 in every column (each request alive during the year is
counted once on each side). The data that breaks it, each listed in `check.breaches` with the
request behind it (only requests of the department scope that touch the year):
- `finished_before_received`: finished_on < received_on. Received after D but finished in Y
  counts in 三 only; received in Y but finished before J counts in 一 only; both in Y is
  counted on both sides but is still wrong data, so it is listed too;
- `unknown_outcome`: finished in Y with an outcome that is no row of table 三 (counted in 一 or
  二 but in no row of 三). "Finished without outcome" cannot happen: a DB constraint;
- `unknown_applicant_type`: counted in no column at all (the rule still holds, the report
  silently loses it), so it is listed.
`check.ok` is true when no column is unbalanced and nothing is listed.

Table 二 (主动公开, 条例 Art. 20): the figures other modules keep come through core.figures,
each provider's key mapped to its row by rules.TABLE2_FIGURES. 行政规范性文件 is the key
"normative_documents", counted by 政务公开 from its published catalogue (the counting rules
are that module's). Its scope is the department's columns and those under it: a column
says which department runs it, not which agency issued each document, so an agency's own
figure cannot be told apart from the columns; staff correct it by hand where they differ.
行政许可 is "licensing_decisions", the licensing cases 政务服务 decided (granted or denied) in
the year by the scope's departments.
- 规章, 行政处罚, 行政强制 and 行政事业性收费, and any row whose provider is not
  installed, come from `AnnualReport.manual_figures` only, keyed "row|column"
  ("行政许可|本年处理决定数量"); a county makes no 规章 (立法法 Art. 93). A manual figure
  also overrides a provided cell (staff correct what the provider cannot see, e.g. a
  document filed in the wrong column). A cell with neither is null and marked "missing" in
  `二来源`.

Table 四, counted from `ReviewCase` against an agency of the scope (about a request, about
proactive disclosure, or about no request at all), in the year each is decided: a case
concluded in Y (J <= concluded_on <= D) counts with its `result`; a case filed by D and not
concluded by then (no conclusion yet, or concluded after D) counts as 尚未审结 in Y (so a
2025 case decided in 2026 is 尚未审结 in 2025 and shows its result in 2026). A case
recorded with a result but no concluded_on keeps its result in the year it was filed (the
date is merely missing).

Section 六 (其他需要报告的事项) starts with the 信息处理费 of the year (条例 Art. 42,
国办函〔2020〕109号): the fee notices sent in Y and their amount, and the fees paid in Y and
their amount, until staff save their own text for it.
"""

from __future__ import annotations

import datetime
from decimal import Decimal, InvalidOperation

from django.db.models import Count, Q, Sum
from django.utils.translation import gettext as _

from gongkai.core import figures
from gongkai.core.models import Department
from gongkai.disclosure.models import (
    AnnualReport,
    DisclosureRequest,
    ProcessingFee,
    ReviewCase,
)
from gongkai.disclosure.report_tables import (
    APPLICANT_COLUMNS,
    REVIEW_COLUMNS,
    SOURCE_COMPUTED,
    SOURCE_MANUAL,
    SOURCE_MISSING,
    AnnualReportData,
    Breach,
    Check,
    Counts,
    Figure,
    Table2,
    Table3,
    Table4,
    column_labels,
    review_column_labels,
)
from gongkai.disclosure.rules import (
    COL_FEE_AMOUNT,
    MANUAL_FIGURE_SEPARATOR,
    OUTCOME_GROUPS,
    REPORT_SECTIONS,
    TABLE2,
    TABLE2_FIGURES,
    ReviewKind,
    ReviewResult,
)

# Imported by the renderings and the report command through this module as well.
__all__ = [
    "AnnualReportData",
    "build_report",
    "column_labels",
    "compute_table2",
    "compute_table3",
    "compute_table4",
    "fees_paragraph",
    "own_department_ids",
    "parse_manual_figure",
    "review_column_labels",
    "table2_cells",
]


FEES_SECTION = "6"  # 六、其他需要报告的事项: starts with the year's 信息处理费


def _year_bounds(year: int) -> tuple[datetime.date, datetime.date]:
    return datetime.date(year, 1, 1), datetime.date(year, 12, 31)


def own_department_ids(department: Department) -> set[int]:
    """The agency and the units under it that are no agency themselves (villages)."""
    own = {department.pk}
    below = department.descendants_and_self().order_by("path")
    for pk, parent_id, kind in below.values_list("pk", "parent_id", "kind"):
        if kind == Department.Kind.VILLAGE and parent_id in own:
            own.add(pk)
    return own


def _in_scope(department: Department | None, prefix: str) -> Q:
    """Rows whose department (reached through `prefix`) is the agency's own (None: all)."""
    if department is None:
        return Q()
    return Q(**{f"{prefix}__in": own_department_ids(department)})


# ---------------------------------------------------------------- table 三


def compute_table3(
    year: int, department: Department | None = None
) -> tuple[Table3, list[Breach], dict[str, tuple[int, int]]]:
    """Table 三 from the requests, with the requests that break its rule and the columns broken."""
    jan1, dec31 = _year_bounds(year)
    table = Table3(
        new=Counts(),
        carried_in=Counts(),
        outcomes={code: Counts() for code in _outcome_row_codes()},
        carried_out=Counts(),
    )
    breaches: list[Breach] = []
    # Every request that can be counted on either side for the year (one query).
    requests = (
        DisclosureRequest.objects.filter(_in_scope(department, "department"))
        .filter(
            Q(received_on__lte=dec31, finished_on__isnull=True)
            | Q(received_on__lte=dec31, finished_on__gte=jan1)
            | Q(received_on__gte=jan1, received_on__lte=dec31)  # even if finished "before"
            | Q(finished_on__gte=jan1, finished_on__lte=dec31)  # even if received after D
        )
        .order_by("received_on", "pk")
        .values_list(
            "pk", "number", "received_on", "finished_on", "outcome", "applicant_type", named=True
        )
    )
    for r in requests:
        finished = r.finished_on
        problems = []
        if finished is not None and finished < r.received_on:
            problems.append("finished_before_received")
        if r.applicant_type not in APPLICANT_COLUMNS:
            problems.append("unknown_applicant_type")
        if jan1 <= r.received_on <= dec31:
            table.new.add(r.applicant_type)
        elif r.received_on < jan1 and (finished is None or finished >= jan1):
            table.carried_in.add(r.applicant_type)
        if finished is not None and jan1 <= finished <= dec31:
            if r.outcome in table.outcomes:
                table.outcomes[r.outcome].add(r.applicant_type)
            else:
                problems.append("unknown_outcome")
        if r.received_on <= dec31 and (finished is None or finished > dec31):
            table.carried_out.add(r.applicant_type)
        breaches.extend(
            Breach(
                id=r.pk,
                number=r.number,
                received_on=r.received_on,
                finished_on=finished,
                outcome=r.outcome,
                applicant_type=r.applicant_type,
                problem=problem,
            )
            for problem in problems
        )
    unbalanced = {}
    lhs = Counts.sum([table.new, table.carried_in]).values()
    rhs = Counts.sum([table.outcome_total, table.carried_out]).values()
    for label, left, right in zip(column_labels(), lhs, rhs, strict=True):
        if left != right:
            unbalanced[label] = (left, right)
    return table, breaches, unbalanced


def _outcome_row_codes() -> list[str]:
    """Table 三's outcome rows in order: a group without sub-reasons, or each sub-reason."""
    codes: list[str] = []
    for group in OUTCOME_GROUPS:
        codes.extend([code for code, _label in group.reasons] or [group.code])
    return codes


# ---------------------------------------------------------------- table 二


def table2_cells() -> list[tuple[str, str]]:
    """Every (row, column) of table 二, in the template's order (the staff form's fields)."""
    return [(row, col) for _item, columns, rows in TABLE2 for row in rows for col in columns]


def _computed_table2(year: int, department: Department | None) -> dict[tuple[str, str], int]:
    """The cells other modules provide (core.figures), for the scope's departments."""
    provided = figures.figures(year, department.path if department else None)
    cells = {}
    for key, (row, columns) in TABLE2_FIGURES.items():
        for name, value in provided.get(key, {}).items():
            if name in columns:
                cells[(row, columns[name])] = value
    return cells


def parse_manual_figure(column: str, raw) -> Figure:
    """A staff-entered figure: a whole number of documents/decisions, or an amount in 万元."""
    if raw is None or raw == "":
        return None
    try:
        value = Decimal(str(raw).strip())
    except InvalidOperation:
        raise ValueError(raw) from None
    if not value.is_finite() or value < 0:
        raise ValueError(raw)
    if column == COL_FEE_AMOUNT:
        return value
    if value != value.to_integral_value():
        raise ValueError(raw)
    return int(value)


def compute_table2(
    year: int, department: Department | None, manual_figures: dict
) -> tuple[Table2, list[str]]:
    """Table 二: computed cells, then the manual figures over them; warnings for unusable ones."""
    computed = _computed_table2(year, department)
    cells = table2_cells()
    values: dict[tuple[str, str], Figure] = dict.fromkeys(cells)
    sources = dict.fromkeys(cells, SOURCE_MISSING)
    for cell, n in computed.items():
        values[cell] = n
        sources[cell] = SOURCE_COMPUTED
    warnings = []
    for key, raw in (manual_figures or {}).items():
        row, _sep, column = str(key).partition(MANUAL_FIGURE_SEPARATOR)
        if (row, column) not in values:
            warnings.append(f"表二没有“{key}”这一格，已忽略")
            continue
        try:
            value = parse_manual_figure(column, raw)
        except ValueError:
            warnings.append(f"表二“{key}”的数值“{raw}”无效，已忽略")
            continue
        if value is not None:
            values[(row, column)] = value
            sources[(row, column)] = SOURCE_MANUAL
    return Table2(values=values, sources=sources), warnings


# ---------------------------------------------------------------- table 四


def compute_table4(year: int, department: Department | None = None) -> Table4:
    """Table 四: the cases decided in the year with their result, those still open at its
    end as 尚未审结 (see the module docstring)."""
    jan1, dec31 = _year_bounds(year)
    counts = {kind.value: dict.fromkeys(REVIEW_COLUMNS, 0) for kind in ReviewKind}
    cases = (
        ReviewCase.objects.filter(_in_scope(department, "department"), filed_on__lte=dec31)
        .filter(
            Q(concluded_on__isnull=True) | Q(concluded_on__gte=jan1)  # not decided before Y
        )
        .values_list("kind", "result", "filed_on", "concluded_on")
    )
    for kind, result, filed_on, concluded_on in cases:
        if kind not in counts:
            continue
        if concluded_on is not None and concluded_on <= dec31:
            column = result if result in REVIEW_COLUMNS else ReviewResult.PENDING
        elif concluded_on is None and result != ReviewResult.PENDING:
            if filed_on < jan1:
                continue  # decided, on a day not recorded, in the year it was filed
            column = result if result in REVIEW_COLUMNS else ReviewResult.PENDING
        else:
            column = ReviewResult.PENDING  # open at the end of the year
        counts[kind][column] += 1
    return Table4(counts=counts)


# ---------------------------------------------------------------- section 六


def fees_paragraph(year: int, department: Department | None = None) -> str:
    """条例 Art. 42, 国办函〔2020〕109号: the 信息处理费 of the year, as section 六 starts."""
    jan1, dec31 = _year_bounds(year)
    fees = ProcessingFee.objects.filter(_in_scope(department, "request__department"))
    sent = fees.filter(sent_on__gte=jan1, sent_on__lte=dec31).aggregate(
        n=Count("pk"), amount=Sum("amount")
    )
    paid = fees.filter(paid_on__gte=jan1, paid_on__lte=dec31).aggregate(
        n=Count("pk"), amount=Sum("amount")
    )
    if not sent["n"] and not paid["n"]:
        return _("本年度未发出信息处理费收费通知，未收取信息处理费。")
    return _(
        "本年度发出信息处理费收费通知%(sent)d件，金额共计%(sent_amount)d元；"
        "实际收取信息处理费%(paid)d件，金额共计%(paid_amount)d元。"
    ) % {
        "sent": sent["n"],
        "sent_amount": sent["amount"] or 0,
        "paid": paid["n"],
        "paid_amount": paid["amount"] or 0,
    }


# ---------------------------------------------------------------- the report


def build_report(year: int, department: Department | None = None) -> AnnualReportData:
    """The year's report of the agency `department` (None: the county-wide summary)."""
    stored = (
        AnnualReport.objects.filter(year=year, department=department).first()
        if department is not None
        else None  # the county-wide summary has no text of its own
    )
    narrative = dict(stored.sections) if stored else {}
    narrative.setdefault(FEES_SECTION, fees_paragraph(year, department))
    sections = {
        label: str(narrative.get(str(number), "") or "")
        for number, label in enumerate(REPORT_SECTIONS, start=1)
    }
    table2, warnings = compute_table2(year, department, stored.manual_figures if stored else {})
    table3, breaches, unbalanced = compute_table3(year, department)
    table4 = compute_table4(year, department)
    check = Check(
        ok=not breaches and not unbalanced,
        unbalanced=unbalanced,
        breaches=breaches,
        warnings=warnings,
    )
    return AnnualReportData(
        year=year,
        department=department,
        sections=sections,
        table2=table2,
        table3=table3,
        table4=table4,
        check=check,
    )
