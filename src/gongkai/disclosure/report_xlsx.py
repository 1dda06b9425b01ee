"""The annual report's tables 二, 三 and 四 as an Excel workbook, in the template's grid.

One sheet per table, named after its section. Header cells are merged as the
国办公开办函〔2021〕30号 template draws them (法人或其他组织 over its five columns, 行政诉讼 over
its two blocks, ...); every figure is a number cell, a missing table 二 figure an empty cell.
"""

from __future__ import annotations

import io

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from gongkai.disclosure.report_tables import (
    AnnualReportData,
    GridRow,
    review_column_labels,
)
from gongkai.disclosure.rules import (
    APPLICANT_HEADER,
    INFO_CONTENT_LABEL,
    LITIGATION_LABEL,
    NATURAL_PERSON_LABEL,
    ORGANISATION_LABEL,
    ORGANISATION_TYPES,
    REPORT_SECTIONS,
    TABLE2,
    TABLE3_RULE_NOTE,
    TOTAL_LABEL,
    ReviewKind,
)

_THIN = Side(style="thin")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_CENTER = Alignment(horizontal="center", vertical="center", wrap_text=True)
_LEFT = Alignment(horizontal="left", vertical="center", wrap_text=True)
_BOLD = Font(bold=True)

# Table 三: label columns A-C, then the seven figures from D.
T3_FIRST_VALUE_COLUMN = 4
T3_HEADER_ROW = 2
T3_FIRST_DATA_ROW = 5


def build_xlsx(report: AnnualReportData) -> bytes:
    """The workbook as bytes (for a download response or a file)."""
    book = Workbook()
    _table2(book.active, report)
    _table3(book.create_sheet(), report)
    _table4(book.create_sheet(), report)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _cell(ws: Worksheet, row: int, col: int, value, *, bold=False, left=False, span=(1, 1)):
    """Write `value` at (row, col), merged over `span` (rows, columns), boxed like the template."""
    rows, cols = span
    if rows > 1 or cols > 1:
        ws.merge_cells(
            start_row=row, start_column=col, end_row=row + rows - 1, end_column=col + cols - 1
        )
    for r in range(row, row + rows):
        for c in range(col, col + cols):
            ws.cell(row=r, column=c).border = _BORDER
    cell = ws.cell(row=row, column=col, value=value)
    cell.alignment = _LEFT if left else _CENTER
    if bold:
        cell.font = _BOLD
    return cell


def _title(ws: Worksheet, text: str, width: int) -> None:
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=width)
    cell = ws.cell(row=1, column=1, value=text)
    cell.font = Font(bold=True, size=12)
    cell.alignment = _LEFT


def _widths(ws: Worksheet, widths: list[float]) -> None:
    for i, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(i)].width = width


# ---------------------------------------------------------------- table 二


def _table2(ws: Worksheet, report: AnnualReportData) -> None:
    ws.title = REPORT_SECTIONS[1]
    _title(ws, REPORT_SECTIONS[1], 4)
    _widths(ws, [24, 18, 18, 18])
    row = 2
    for item, columns, rows in TABLE2:
        _cell(ws, row, 1, item, bold=True, span=(1, 4))
        row += 1
        _cell(ws, row, 1, INFO_CONTENT_LABEL, bold=True)
        # A single column spans the three value columns, as on the template.
        width = 3 // len(columns)
        for i, column in enumerate(columns):
            _cell(ws, row, 2 + i * width, column, bold=True, span=(1, width))
        row += 1
        for label in rows:
            _cell(ws, row, 1, label)
            for i, column in enumerate(columns):
                value = report.table2.get(label, column)
                _cell(ws, row, 2 + i * width, value, span=(1, width))
            row += 1


# ---------------------------------------------------------------- table 三


def _table3(ws: Worksheet, report: AnnualReportData) -> None:
    ws.title = REPORT_SECTIONS[2]
    last = T3_FIRST_VALUE_COLUMN + 6
    _title(ws, REPORT_SECTIONS[2], last)
    _widths(ws, [14, 16, 40, *([10] * 7)])
    top, v = T3_HEADER_ROW, T3_FIRST_VALUE_COLUMN
    _cell(ws, top, 1, TABLE3_RULE_NOTE, span=(3, 3))
    _cell(ws, top, v, APPLICANT_HEADER, bold=True, span=(1, 7))
    _cell(ws, top + 1, v, NATURAL_PERSON_LABEL, bold=True, span=(2, 1))
    _cell(ws, top + 1, v + 1, ORGANISATION_LABEL, bold=True, span=(1, 5))
    for i, kind in enumerate(ORGANISATION_TYPES):
        _cell(ws, top + 2, v + 1 + i, str(kind.label), bold=True)
    _cell(ws, top + 1, v + 6, TOTAL_LABEL, bold=True, span=(2, 1))
    _table3_body(ws, report.table3.grid())


def _table3_body(ws: Worksheet, grid: list[GridRow]) -> None:
    for r, row in enumerate(grid, start=T3_FIRST_DATA_ROW):
        for label in row.labels:
            _cell(
                ws, r, 1 + label.column, label.text, left=True, span=(label.rowspan, label.colspan)
            )
        for i, n in enumerate(row.values):
            _cell(ws, r, T3_FIRST_VALUE_COLUMN + i, n)


# ---------------------------------------------------------------- table 四


def _table4(ws: Worksheet, report: AnnualReportData) -> None:
    ws.title = REPORT_SECTIONS[3]
    _title(ws, REPORT_SECTIONS[3], 15)
    _widths(ws, [10] * 15)
    labels = review_column_labels()
    _cell(ws, 2, 1, str(ReviewKind.REVIEW.label), bold=True, span=(1, 5))
    _cell(ws, 2, 6, LITIGATION_LABEL, bold=True, span=(1, 10))
    for i, label in enumerate(labels):
        _cell(ws, 3, 1 + i, label, bold=True, span=(2, 1))
    for block, kind in enumerate(
        (ReviewKind.LITIGATION_DIRECT, ReviewKind.LITIGATION_AFTER_REVIEW)
    ):
        first = 6 + block * 5
        _cell(ws, 3, first, str(kind.label), bold=True, span=(1, 5))
        for i, label in enumerate(labels):
            _cell(ws, 4, first + i, label, bold=True)
    for i, n in enumerate(report.table4.flat()):
        _cell(ws, 5, 1 + i, n)
