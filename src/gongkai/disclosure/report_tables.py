"""The tables of a 政府信息公开工作年度报告 as every rendering reads them (国办公开办函〔2021〕
30号 template); disclosure.report fills them in.

JSON shape (`AnnualReportData.to_json()`), every key a label printed on the template:

    {
      "year": 2024,
      "department": {"code": "GSX", "name": "高山乡人民政府"} | null (the county-wide summary),
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
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal

from gongkai.core.models import Department
from gongkai.disclosure.rules import (
    APPLICANT_HEADER,
    LITIGATION_LABEL,
    MANUAL_FIGURE_SEPARATOR,
    NATURAL_PERSON_LABEL,
    ORGANISATION_LABEL,
    ORGANISATION_TYPES,
    OUTCOME_GROUPS,
    OUTCOME_TOTAL_LABEL,
    ROW_CARRIED_IN,
    ROW_CARRIED_OUT,
    ROW_NEW,
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
        if self.department is None:
            return f"{_whole_government_name()}{self.year}年政府信息公开工作情况（全县汇总）"
        return f"{self.department.name}{self.year}年政府信息公开工作年度报告"

    @property
    def is_summary(self) -> bool:
        """The county-wide summary: a view over the agencies' reports, never published."""
        return self.department is None

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
