"""财务公开 as an Excel workbook: the 收支明细表 of one quarter, for villagers and auditors
who add the figures up themselves. Every amount is a number cell (not text) with two decimal
places; the three totals are written as the server computed them, not as formulas, so that a
reader that does not calculate still shows them."""

from __future__ import annotations

import io

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side

from gongkai.publishing.finance import FinanceTable

CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
AMOUNT_FORMAT = "#,##0.00"
_THIN = Side(style="thin")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_BOLD = Font(bold=True)
WIDTHS = {"A": 10, "B": 36, "C": 16, "D": 36}


def build_finance_xlsx(table: FinanceTable, *, title: str, publisher: str) -> bytes:
    """The workbook as bytes: title, publisher and period, then the rows and the totals."""
    book = Workbook()
    sheet = book.active
    sheet.title = table.period[:31]  # Excel's limit on a sheet name
    sheet.append([title])
    sheet["A1"].font = Font(bold=True, size=12)
    sheet.append([_("公开单位"), publisher])
    sheet.append([_("所属期间"), table.period])
    sheet.append([_("单位"), _("元")])
    header = [_("收支"), _("项目"), _("金额（元）"), _("备注")]
    sheet.append(header)
    first = sheet.max_row
    for row in table.income_rows + table.expenditure_rows:
        sheet.append([row.direction_label, row.name, row.amount, row.note])
    totals = [
        (_("收入合计"), table.income_total),
        (_("支出合计"), table.expenditure_total),
        (_("结余"), table.balance),
    ]
    for label, amount in totals:
        sheet.append([label, "", amount, ""])
    for cells in sheet.iter_rows(min_row=first, max_row=sheet.max_row, max_col=len(header)):
        for cell in cells:
            cell.border = _BORDER
            cell.alignment = Alignment(vertical="center", wrap_text=True)
        cells[2].number_format = AMOUNT_FORMAT
    for cell in sheet[first]:
        cell.font = _BOLD
    for cells in sheet.iter_rows(min_row=sheet.max_row - len(totals) + 1, max_row=sheet.max_row):
        cells[0].font = cells[2].font = _BOLD
    for column, width in WIDTHS.items():
        sheet.column_dimensions[column].width = width
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
