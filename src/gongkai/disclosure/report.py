"""政府信息公开工作年度报告: the figures of one year's report (国办公开办函〔2021〕30号 template).

Pure computation: `build_report(year, department=None)` reads the database and returns an
`AnnualReportData`; nothing is written. `department=None` is the whole government; a department
includes every department under it (its materialised `path`). The XLSX, PDF, text and HTML
renderings all read the same object, so they cannot disagree.

JSON shape (`AnnualReportData.to_json()`), every key a label printed on the template:

    {
      "year": 2024,
      "department": {"code": "GSX", "name": "高山乡人民政府"} | null,
      "sections": {"一、总体情况": "<narrative>", ... all six REPORT_SECTIONS ...},
      "二": {
        "第二十条第（一）项": {
          "规章":           {"本年制发件数": n|null, "本年废止件数": n|null, "现行有效件数": n|null},
          "行政规范性文件": {... same three columns ...}},
        "第二十条第（五）项": {"行政许可": {"本年处理决定数量": n|null}},
        "第二十条第（六）项": {"行政处罚": {...}, "行政强制": {...}},
        "第二十条第（八）项": {"行政事业性收费": {"本年收费金额（单位：万元）": x|null}}},
      "二来源": {"行政许可|本年处理决定数量": "manual" | "computed" | "missing", ... every cell},
      "三": {
        "一、本年新收政府信息公开申请数量": COLUMNS,
        "二、上年结转政府信息公开申请数量": COLUMNS,
        "三、本年度办理结果": {
          "（一）予以公开": COLUMNS,
          "（二）部分公开（区分处理的，只计这一情形，不计其他情形）": COLUMNS,
          "（三）不予公开": {"1.属于国家秘密": COLUMNS, ... its sub-rows ...},
          "（四）无法提供": {...}, "（五）不予处理": {...}, "（六）其他处理": {...},
          "（七）总计": COLUMNS},
        "四、结转下年度继续办理": COLUMNS},
      "四": {
        "行政复议": FIVE,
        "行政诉讼": {"未经复议直接起诉": FIVE, "复议后起诉": FIVE}},
      "check": {
        "ok": bool,
        "unbalanced": {"<column label>": {"一+二": n, "三（七）+四": m}},   # only failing columns
        "breaches": [{"id", "number", "received_on", "finished_on", "outcome",
                      "applicant_type", "problem", "message"}],
        "warnings": ["<manual figure that could not be used>", ...]}
    }

    COLUMNS = {"自然人": n,
               "法人或其他组织": {"商业企业": n, "科研机构": n, "社会公益组织": n,
                                  "法律服务机构": n, "其他": n},
               "总计": n}
    FIVE = {"结果维持": n, "结果纠正": n, "其他结果": n, "尚未审结": n, "总计": n}

Renderings draw from the same object: `Table3.rows()` (rows in order, headers with no figures),
`Table3.grid()` (the template's merged label cells), `Table2.blocks()`, `Table4.flat()` /
`Table4.header()` and `AnnualReportData.table3_header`; report_xlsx, report_pdf, the
`gongkai report annual` command and templates/disclosure/annual_report.html use only these.

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

Table 二 (主动公开): the platform holds the published documents, nothing else.
- 行政规范性文件 is computed from published items (status 已发布, with a live revision) in the
  scope's catalogue columns of category `art20_1` (行政法规、规章和规范性文件) whose live
  revision carries a 文号: 本年制发 = 生成日期 (created_on, the date of issue) in Y; 本年废止 =
  validity 已废止 with validity_changed_on in Y; 现行有效 = issued by D and in force on D
  (validity 有效 or 已修改 — an amended document stays in force as amended — or repealed /
  expired only after D).
- 规章, 行政许可, 行政处罚, 行政强制 and 行政事业性收费 are not held by the platform (a county
  makes no 规章: 立法法 Art. 93): they come from `AnnualReport.manual_figures` only, keyed
  "row|column" ("行政许可|本年处理决定数量"). A manual figure also overrides a computed cell
  (staff correct what the catalogue cannot see, e.g. a document filed in the wrong column).
  A cell with neither is null and marked "missing" in `二来源`.

Table 四, counted from `ReviewCase` filed in Y about a request of the scope, by `kind`, with its
`result` as recorded; a case concluded after D (concluded_on > D) counts as 尚未审结 for Y. A
case recorded with a result but no concluded_on keeps its result (the date is merely missing).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.db.models import Q

from gongkai.core.models import Department
from gongkai.disclosure.models import AnnualReport, DisclosureRequest, ReviewCase
from gongkai.disclosure.rules import (
    APPLICANT_HEADER,
    COL_FEE_AMOUNT,
    COL_IN_FORCE,
    COL_ISSUED,
    COL_REPEALED,
    LITIGATION_LABEL,
    MANUAL_FIGURE_SEPARATOR,
    NATURAL_PERSON_LABEL,
    ORGANISATION_LABEL,
    ORGANISATION_TYPES,
    OUTCOME_GROUPS,
    OUTCOME_TOTAL_LABEL,
    REPORT_SECTIONS,
    ROW_CARRIED_IN,
    ROW_CARRIED_OUT,
    ROW_NEW,
    ROW_NORMATIVE_DOCUMENTS,
    ROW_RESULTS,
    TABLE2,
    TABLE3_RULE_NOTE,
    TOTAL_LABEL,
    ApplicantType,
    ReviewKind,
    ReviewResult,
)

# Table 三 columns in the template's order, by ApplicantType value (总计 is their sum).
APPLICANT_COLUMNS: tuple[str, ...] = tuple(t.value for t in ApplicantType)
# Table 四 columns in the template's order (总计 is their sum).
REVIEW_COLUMNS: tuple[str, ...] = tuple(r.value for r in ReviewResult)

SOURCE_COMPUTED = "computed"
SOURCE_MANUAL = "manual"
SOURCE_MISSING = "missing"

PROBLEMS = {
    "finished_before_received": "办结日期早于收到申请日期",
    "unknown_outcome": "办理结果不是表三中的任何一行",
    "unknown_applicant_type": "申请人类型不是表三中的任何一列",
}


def column_labels() -> list[str]:
    """Table 三's seven value columns, flat, in order: 自然人, the five organisations, 总计."""
    return [NATURAL_PERSON_LABEL, *(str(t.label) for t in ORGANISATION_TYPES), TOTAL_LABEL]


def review_column_labels() -> list[str]:
    """Table 四's five columns of one block, in order, ending with 总计."""
    return [*(str(r.label) for r in ReviewResult), TOTAL_LABEL]


class Counts:
    """One row of table 三: a count per applicant type."""

    def __init__(self) -> None:
        self.by_type = dict.fromkeys(APPLICANT_COLUMNS, 0)

    def add(self, applicant_type: str) -> None:
        if applicant_type in self.by_type:
            self.by_type[applicant_type] += 1

    @property
    def total(self) -> int:
        return sum(self.by_type.values())

    def values(self) -> list[int]:
        """The seven cells in column order (自然人, 商业企业 ... 其他, 总计)."""
        return [self.by_type[t] for t in APPLICANT_COLUMNS] + [self.total]

    def to_json(self) -> dict:
        return {
            NATURAL_PERSON_LABEL: self.by_type[ApplicantType.NATURAL],
            ORGANISATION_LABEL: {str(t.label): self.by_type[t] for t in ORGANISATION_TYPES},
            TOTAL_LABEL: self.total,
        }

    @classmethod
    def sum(cls, rows: list[Counts]) -> Counts:
        out = cls()
        for row in rows:
            for t, n in row.by_type.items():
                out.by_type[t] += n
        return out


@dataclass(frozen=True)
class Table3Row:
    """A row of table 三 as drawn: `values` is None for a header row (no figures of its own)."""

    label: str
    level: int  # 0: 一..四; 1: （一）..（七）; 2: the numbered sub-rows
    values: list[int] | None
    group: str = ""  # the （三）..（六） group a sub-row belongs to


@dataclass(frozen=True)
class LabelCell:
    """A label of table 三's grid: in label column 0-2, merged over rows and columns."""

    text: str
    column: int
    rowspan: int = 1
    colspan: int = 1


@dataclass(frozen=True)
class GridRow:
    """A figure row of table 三 as drawn: the label cells that start on it, its seven figures."""

    labels: list[LabelCell]
    values: list[int]
    level: int


LABEL_COLUMNS = 3  # table 三 has three label columns: 一..四, （一）..（七）, the sub-rows


@dataclass(frozen=True)
class Breach:
    """A request whose data breaks table 三's rule 一 + 二 = 三（七） + 四."""

    id: int
    number: str
    received_on: datetime.date
    finished_on: datetime.date | None
    outcome: str
    applicant_type: str
    problem: str  # a key of PROBLEMS

    @property
    def message(self) -> str:
        return PROBLEMS[self.problem]

    def to_json(self) -> dict:
        return {
            "id": self.id,
            "number": self.number,
            "received_on": self.received_on.isoformat(),
            "finished_on": self.finished_on.isoformat() if self.finished_on else None,
            "outcome": self.outcome,
            "applicant_type": self.applicant_type,
            "problem": self.problem,
            "message": self.message,
        }


@dataclass
class Check:
    ok: bool
    unbalanced: dict[str, tuple[int, int]]  # column label -> (一+二, 三（七）+四)
    breaches: list[Breach]
    warnings: list[str] = field(default_factory=list)

    def to_json(self) -> dict:
        return {
            "ok": self.ok,
            "unbalanced": {
                label: {"一+二": lhs, "三（七）+四": rhs}
                for label, (lhs, rhs) in self.unbalanced.items()
            },
            "breaches": [b.to_json() for b in self.breaches],
            "warnings": list(self.warnings),
        }


@dataclass
class Table3:
    new: Counts
    carried_in: Counts
    outcomes: dict[str, Counts]  # outcome code ("1", "3.4", ...) -> row
    carried_out: Counts

    @property
    def outcome_total(self) -> Counts:
        return Counts.sum(list(self.outcomes.values()))

    def rows(self) -> Iterator[Table3Row]:
        """The rows in the template's order, headers included."""
        yield Table3Row(ROW_NEW, 0, self.new.values())
        yield Table3Row(ROW_CARRIED_IN, 0, self.carried_in.values())
        yield Table3Row(ROW_RESULTS, 0, None)
        for group in OUTCOME_GROUPS:
            if not group.reasons:
                yield Table3Row(group.label, 1, self.outcomes[group.code].values())
                continue
            yield Table3Row(group.label, 1, None)
            for code, label in group.reasons:
                yield Table3Row(label, 2, self.outcomes[code].values(), group=group.label)
        yield Table3Row(OUTCOME_TOTAL_LABEL, 1, self.outcome_total.values())
        yield Table3Row(ROW_CARRIED_OUT, 0, self.carried_out.values())

    def grid(self) -> list[GridRow]:
        """The template's merges, shared by every rendering: 三、本年度办理结果 runs down the
        first label column over all outcome rows, each group （三）-（六） down the second over
        its sub-rows; a row without sub-rows spans the label columns to its right."""
        rows = list(self.rows())
        out: list[GridRow] = []
        pending: list[LabelCell] = []
        for index, row in enumerate(rows):
            if row.values is None:
                span = 0
                for later in rows[index + 1 :]:
                    if later.level <= row.level:
                        break
                    span += later.values is not None
                pending.append(LabelCell(row.label, row.level, rowspan=span))
                continue
            own = LabelCell(row.label, row.level, colspan=LABEL_COLUMNS - row.level)
            out.append(GridRow(labels=[*pending, own], values=row.values, level=row.level))
            pending = []
        return out

    def to_json(self) -> dict:
        results: dict = {}
        for group in OUTCOME_GROUPS:
            if group.reasons:
                results[group.label] = {
                    label: self.outcomes[code].to_json() for code, label in group.reasons
                }
            else:
                results[group.label] = self.outcomes[group.code].to_json()
        results[OUTCOME_TOTAL_LABEL] = self.outcome_total.to_json()
        return {
            ROW_NEW: self.new.to_json(),
            ROW_CARRIED_IN: self.carried_in.to_json(),
            ROW_RESULTS: results,
            ROW_CARRIED_OUT: self.carried_out.to_json(),
        }


@dataclass
class Table4:
    counts: dict[str, dict[str, int]]  # ReviewKind value -> ReviewResult value -> n

    def values(self, kind: str) -> list[int]:
        """One block's five cells: the four results, then 总计."""
        row = [self.counts[kind][r] for r in REVIEW_COLUMNS]
        return [*row, sum(row)]

    def flat(self) -> list[int]:
        """The template's single row of 15 numbers: 行政复议, 直接起诉, 复议后起诉."""
        return [n for kind in ReviewKind for n in self.values(kind)]

    def header(self) -> dict:
        """For templates: the labels of the table's three header rows."""
        return {
            "review": str(ReviewKind.REVIEW.label),
            "litigation": LITIGATION_LABEL,
            "litigation_kinds": [
                str(ReviewKind.LITIGATION_DIRECT.label),
                str(ReviewKind.LITIGATION_AFTER_REVIEW.label),
            ],
            "columns": review_column_labels(),
        }

    def _block(self, kind: str) -> dict:
        return dict(zip(review_column_labels(), self.values(kind), strict=True))

    def to_json(self) -> dict:
        return {
            str(ReviewKind.REVIEW.label): self._block(ReviewKind.REVIEW),
            LITIGATION_LABEL: {
                str(ReviewKind.LITIGATION_DIRECT.label): self._block(ReviewKind.LITIGATION_DIRECT),
                str(ReviewKind.LITIGATION_AFTER_REVIEW.label): self._block(
                    ReviewKind.LITIGATION_AFTER_REVIEW
                ),
            },
        }


Figure = int | Decimal | None


@dataclass
class Table2:
    values: dict[tuple[str, str], Figure]  # (row, column) -> figure
    sources: dict[tuple[str, str], str]  # (row, column) -> SOURCE_*

    def get(self, row: str, column: str) -> Figure:
        return self.values[(row, column)]

    def to_json(self) -> dict:
        return {
            item: {
                row: {col: _json_number(self.values[(row, col)]) for col in columns} for row in rows
            }
            for item, columns, rows in TABLE2
        }

    def blocks(self) -> list[dict]:
        """For templates: each 第二十条 item with its columns and (row, figures, sources)."""
        return [
            {
                "item": item,
                "columns": columns,
                "rows": [
                    (
                        row,
                        [self.values[(row, col)] for col in columns],
                        [self.sources[(row, col)] for col in columns],
                    )
                    for row in rows
                ],
            }
            for item, columns, rows in TABLE2
        ]

    def sources_json(self) -> dict:
        return {
            f"{row}{MANUAL_FIGURE_SEPARATOR}{col}": self.sources[(row, col)]
            for _item, columns, rows in TABLE2
            for row in rows
            for col in columns
        }


@dataclass
class AnnualReportData:
    """Everything a year's report shows; see the module docstring for the JSON shape."""

    year: int
    department: Department | None
    sections: dict[str, str]  # REPORT_SECTIONS label -> narrative text ("" if none yet)
    table2: Table2
    table3: Table3
    table4: Table4
    check: Check

    @property
    def table3_header(self) -> dict:
        """For templates: table 三's header labels."""
        return {
            "note": TABLE3_RULE_NOTE,
            "applicant": APPLICANT_HEADER,
            "natural": NATURAL_PERSON_LABEL,
            "organisation": ORGANISATION_LABEL,
            "organisation_types": [str(t.label) for t in ORGANISATION_TYPES],
            "total": TOTAL_LABEL,
        }

    @property
    def title(self) -> str:
        name = self.department.name if self.department else _whole_government_name()
        return f"{name}{self.year}年政府信息公开工作年度报告"

    def to_json(self) -> dict:
        return {
            "year": self.year,
            "department": (
                {"code": self.department.short_code, "name": self.department.name}
                if self.department
                else None
            ),
            "sections": dict(self.sections),
            "二": self.table2.to_json(),
            "二来源": self.table2.sources_json(),
            "三": self.table3.to_json(),
            "四": self.table4.to_json(),
            "check": self.check.to_json(),
        }


def _whole_government_name() -> str:
    root = Department.objects.filter(parent__isnull=True).order_by("path").first()
    return root.name if root else ""


def _json_number(value: Figure) -> int | float | None:
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    return value


def _year_bounds(year: int) -> tuple[datetime.date, datetime.date]:
    return datetime.date(year, 1, 1), datetime.date(year, 12, 31)


def _in_scope(department: Department | None, prefix: str) -> Q:
    """Rows whose department (reached through `prefix`) is `department` or under it."""
    if department is None:
        return Q()
    return Q(**{f"{prefix}__path__startswith": department.path})


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
    from gongkai.publishing.catalogue import Category
    from gongkai.publishing.models import Item

    jan1, dec31 = _year_bounds(year)
    documents = (
        Item.objects.filter(
            _in_scope(department, "column__department"),
            status=Item.Status.PUBLISHED,
            live_revision__isnull=False,
            column__category=Category.ART20_1,
        )
        .exclude(live_revision__document_number="")
        .values_list("live_revision__created_on", "validity", "validity_changed_on")
    )
    issued = repealed = in_force = 0
    for created_on, validity, changed_on in documents:
        if jan1 <= created_on <= dec31:
            issued += 1
        if validity == Item.Validity.REPEALED and changed_on and jan1 <= changed_on <= dec31:
            repealed += 1
        still_in_force = validity in (Item.Validity.VALID, Item.Validity.AMENDED) or (
            changed_on is not None and changed_on > dec31
        )
        if created_on <= dec31 and still_in_force:
            in_force += 1
    return {
        (ROW_NORMATIVE_DOCUMENTS, COL_ISSUED): issued,
        (ROW_NORMATIVE_DOCUMENTS, COL_REPEALED): repealed,
        (ROW_NORMATIVE_DOCUMENTS, COL_IN_FORCE): in_force,
    }


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
    """Table 四 from the review cases filed in the year (concluded after it: 尚未审结)."""
    jan1, dec31 = _year_bounds(year)
    counts = {kind.value: dict.fromkeys(REVIEW_COLUMNS, 0) for kind in ReviewKind}
    cases = ReviewCase.objects.filter(
        _in_scope(department, "request__department"), filed_on__gte=jan1, filed_on__lte=dec31
    ).values_list("kind", "result", "concluded_on")
    for kind, result, concluded_on in cases:
        if kind not in counts:
            continue
        if result not in REVIEW_COLUMNS or (concluded_on is not None and concluded_on > dec31):
            result = ReviewResult.PENDING
        counts[kind][result] += 1
    return Table4(counts=counts)


# ---------------------------------------------------------------- the report


def build_report(year: int, department: Department | None = None) -> AnnualReportData:
    """The year's report for `department` and everything under it (None: whole government)."""
    stored = AnnualReport.objects.filter(year=year, department=department).first()
    narrative = stored.sections if stored else {}
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
