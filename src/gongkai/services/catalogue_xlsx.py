"""The catalogue (实施清单) as an XLSX workbook in the column order of the provincial catalogue
systems (国家政务服务平台 实施清单): a sheet 事项 (one row per item), 申请材料 and 收费项目 (rows
joined to their item by 实施编码), and a 填写说明 sheet for whoever fills it in by hand.

The headers and the choice labels are the data format the provincial systems exchange, so they
are written in Chinese whatever the interface language. Cells are read by their column's
header, so a sheet whose columns were moved still reads; every value is checked here, each
failure a message naming the column, and the import action adds the sheet and row number.
"""

from __future__ import annotations

import io
import re
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from django.db import models
from django.utils.translation import gettext as _
from openpyxl import Workbook, load_workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font
from openpyxl.worksheet.datavalidation import DataValidation

from gongkai.core.models import Department
from gongkai.services.models import FeeItem, Material, ServiceItem, ServiceItemVersion
from gongkai.services.rules import (
    Audience,
    HandlingForm,
    ItemType,
    LifeEvent,
    MaterialForm,
    MaterialSource,
    Necessity,
)

CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
YES, NO = "是", "否"
_TRUE = {YES, "y", "yes", "true", "1"}
_FALSE = {NO, "n", "no", "false", "0"}
# A number of working days as the provincial systems often write it: "20", "20个工作日".
_DAYS = re.compile(r"^(\d+)\s*(?:个?工作日|日|天)?$")
# 主题分类 holds several life events: separated as people type lists.
_LIST_SEPARATORS = re.compile(r"[、,，;；\s]+")


class WorkbookUnreadable(Exception):
    """The file is not a workbook this module can read; the message says why, in Chinese."""


class CellError(Exception):
    """One cell's value is refused; the message names the column."""


@dataclass(frozen=True)
class Column:
    """One column: its header, the model field it fills, and how its cells are read."""

    header: str
    field: str
    kind: str = "text"  # text | int | bool | choice | choices | department
    choices: type[models.TextChoices] | None = None
    required: bool = False
    default: Any = None  # an empty cell of a column that is not required
    minimum: int = 0
    model: type[models.Model] | None = None  # whose field limits the length (the sheet's if None)

    def max_length(self, sheet_model: type[models.Model]) -> int | None:
        model = self.model or sheet_model
        return model._meta.get_field(self.field).max_length

    def max_value(self, sheet_model: type[models.Model]) -> int:
        model_field = (self.model or sheet_model)._meta.get_field(self.field)
        small = isinstance(model_field, models.PositiveSmallIntegerField)
        return 32767 if small else 2147483647


@dataclass(frozen=True)
class Sheet:
    name: str
    model: type[models.Model]
    columns: tuple[Column, ...]


ITEM_CODE = Column("实施编码", "code", required=True, model=ServiceItem)
ITEMS = Sheet(
    "事项",
    ServiceItemVersion,
    (
        ITEM_CODE,
        Column("基本编码", "basic_code"),
        Column("事项名称", "name", required=True),
        Column("事项类型", "item_type", "choice", ItemType, required=True),
        # A department's name, or its short code where names repeat (the import matches both).
        Column("实施主体", "department", "department", required=True),
        Column("设定依据", "legal_basis", required=True),
        Column("受理条件", "conditions", required=True),
        Column("办理流程", "process", required=True),
        Column("办理形式", "handling_form", "choice", HandlingForm, default=HandlingForm.WINDOW),
        Column("法定办结时限", "legal_days", "int", required=True),
        Column("承诺办结时限", "promised_days", "int", required=True),
        Column("到办事现场次数", "visits", "int", default=1),
        Column("是否收费", "charges", "bool", default=False),
        Column("咨询方式", "consult", required=True),
        Column("监督投诉方式", "complaint", required=True),
        Column("办理地点", "place", required=True),
        Column("办理时间", "hours", required=True),
        Column("服务对象", "audience", "choice", Audience, required=True),
        Column("主题分类", "life_events", "choices", LifeEvent, default=""),
        Column("是否网办", "online", "bool", default=False),
        Column("审批结果名称", "result_name"),
        Column("审批结果类型", "result_type"),
    ),
)
MATERIALS = Sheet(
    "申请材料",
    Material,
    (
        ITEM_CODE,
        Column("材料名称", "name", required=True),
        Column("必要性", "necessity", "choice", Necessity, default=Necessity.REQUIRED),
        Column("材料形式", "form", "choice", MaterialForm, default=MaterialForm.PAPER),
        Column("份数", "copies", "int", default=1, minimum=1),
        Column("来源渠道", "source", "choice", MaterialSource, default=MaterialSource.APPLICANT),
        Column("填报须知", "notes"),
        Column("受理标准", "standard"),
        Column("适用情形", "condition"),
    ),
)
FEES = Sheet(
    "收费项目",
    FeeItem,
    (
        ITEM_CODE,
        Column("收费项目名称", "name", required=True),
        Column("收费标准", "standard", required=True),
        Column("收费依据", "basis", required=True),
        Column("是否允许减免", "waivable", "bool", default=False),
    ),
)
SHEETS = (ITEMS, MATERIALS, FEES)
HELP_SHEET = "填写说明"


# ---------------------------------------------------------------- reading


def text(value) -> str:
    """A cell's value as the text it shows: whole numbers without ".0", lines joined by \\n."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).replace("\r\n", "\n").replace("\r", "\n").strip()


def _labels(choices: type[models.TextChoices]) -> dict[str, str]:
    """Label (and value, for files written by other tools) -> value."""
    found = {str(label): value for value, label in choices.choices}
    found.update({value: value for value in choices.values})
    return found


def _one_choice(column: Column, raw: str) -> str:
    value = _labels(column.choices).get(raw)
    if value is None:
        allowed = "、".join(str(label) for label in column.choices.labels)
        raise CellError(
            _("“%(column)s”的值“%(value)s”无效，应为：%(allowed)s。")
            % {"column": column.header, "value": raw, "allowed": allowed}
        )
    return value


def read_cell(column: Column, sheet_model: type[models.Model], raw) -> Any:
    """The cell's value for the model field, or CellError saying what is wrong with it."""
    if isinstance(raw, bool) and column.kind == "bool":
        return raw
    value = text(raw)
    if not value:
        if column.required:
            raise CellError(_("“%(column)s”不能为空。") % {"column": column.header})
        return column.default if column.default is not None else ""
    if column.kind == "department":
        return value  # matched to a department by the import, which knows them all
    if column.kind == "text":
        limit = column.max_length(sheet_model)
        if limit and len(value) > limit:
            raise CellError(
                _("“%(column)s”不能超过 %(limit)d 个字（现为 %(length)d 个字）。")
                % {"column": column.header, "limit": limit, "length": len(value)}
            )
        return value
    if column.kind == "int":
        match = _DAYS.match(value)
        number = int(match.group(1)) if match else None
        if number is None or number < column.minimum:
            raise CellError(
                _("“%(column)s”应为不小于 %(minimum)d 的整数，而不是“%(value)s”。")
                % {"column": column.header, "minimum": column.minimum, "value": value}
            )
        if number > column.max_value(sheet_model):
            raise CellError(
                _("“%(column)s”的数值 %(value)s 过大。") % {"column": column.header, "value": value}
            )
        return number
    if column.kind == "bool":
        if value.lower() in _TRUE:
            return True
        if value.lower() in _FALSE:
            return False
        raise CellError(
            _("“%(column)s”应填“是”或“否”，而不是“%(value)s”。")
            % {"column": column.header, "value": value}
        )
    if column.kind == "choice":
        return _one_choice(column, value)
    chosen: list[str] = []
    for part in _LIST_SEPARATORS.split(value):
        if part and (choice := _one_choice(column, part)) not in chosen:
            chosen.append(choice)
    return ",".join(chosen)


@dataclass
class RawRow:
    """One row as the sheet holds it: its number as a spreadsheet shows it, cells by header."""

    number: int
    cells: dict[str, Any] = field(default_factory=dict)


@dataclass
class RawSheet:
    rows: list[RawRow] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)  # required headers not found
    absent: bool = False  # no sheet of that name


def _open(source: bytes | str | Path | IO[bytes]):
    if isinstance(source, bytes):
        source = io.BytesIO(source)
    elif isinstance(source, (str, Path)):
        path = Path(source)
        if not path.is_file():
            raise WorkbookUnreadable(_("找不到文件“%(path)s”。") % {"path": path})
        source = path
    try:
        return load_workbook(source, read_only=True, data_only=True)
    except Exception as exc:  # zipfile, XML and openpyxl errors alike: not a workbook
        raise WorkbookUnreadable(
            _("无法读取工作簿：请提供 Excel 2007 及以上版本的 .xlsx 文件（%(error)s）。")
            % {"error": exc.__class__.__name__}
        ) from None


def read_workbook(source: bytes | str | Path | IO[bytes]) -> dict[str, RawSheet]:
    """The three sheets' rows (empty rows skipped), by sheet name."""
    book = _open(source)
    try:
        return {sheet.name: _read_sheet(book, sheet) for sheet in SHEETS}
    finally:
        book.close()


def _read_sheet(book, sheet: Sheet) -> RawSheet:
    if sheet.name not in book.sheetnames:
        return RawSheet(absent=True)
    rows = book[sheet.name].iter_rows(values_only=True)
    header = [text(cell) for cell in next(rows, ())]
    result = RawSheet(missing=[c.header for c in sheet.columns if c.header not in header])
    if result.missing:
        return result
    positions = {name: index for index, name in reversed(list(enumerate(header))) if name}
    # Row numbers as a spreadsheet shows them: the header is row 1.
    for number, cells in enumerate(rows, start=2):
        if not any(text(cell) for cell in cells):
            continue
        values = {
            c.header: cells[positions[c.header]] if positions[c.header] < len(cells) else None
            for c in sheet.columns
        }
        result.rows.append(RawRow(number, values))
    return result


# ---------------------------------------------------------------- writing


def cell_value(column: Column, value) -> Any:
    """The model value as the cell shows it: labels for choices, 是/否, numbers as numbers."""
    if column.kind == "int":
        return value
    if column.kind == "bool":
        return YES if value else NO
    if column.kind == "choice":
        return str(column.choices(value).label) if value else ""
    if column.kind == "choices":
        return "、".join(str(column.choices(code).label) for code in value.split(",") if code)
    # Characters XML 1.0 cannot carry (stray control codes pasted from elsewhere) are dropped.
    return ILLEGAL_CHARACTERS_RE.sub("", value or "")


def _append(worksheet, values: Iterable) -> None:
    worksheet.append(list(values))
    for cell in worksheet[worksheet.max_row]:
        # Text is never a formula: "=..." typed in a field stays text (openpyxl would write it
        # as a formula, and a spreadsheet would run it).
        if isinstance(cell.value, str) and cell.value.startswith("="):
            cell.data_type = "s"
        cell.alignment = Alignment(vertical="top", wrap_text=True)


def _start_sheet(book: Workbook, sheet: Sheet, *, first: bool):
    worksheet = book.active if first else book.create_sheet()
    worksheet.title = sheet.name
    worksheet.append([column.header for column in sheet.columns])
    for index, column in enumerate(sheet.columns, start=1):
        cell = worksheet.cell(row=1, column=index)
        cell.font = Font(bold=True)
        letter = cell.column_letter
        worksheet.column_dimensions[letter].width = 14 if column.kind != "text" else 24
        if column.kind in ("choice", "bool"):
            # A drop-down of the allowed labels, for those who fill the sheet in by hand.
            labels = [YES, NO] if column.kind == "bool" else [str(x) for x in column.choices.labels]
            check = DataValidation(type="list", formula1='"' + ",".join(labels) + '"')
            check.add(f"{letter}2:{letter}5000")
            worksheet.add_data_validation(check)
    worksheet.freeze_panes = "B2"
    return worksheet


def _help_sheet(book: Workbook) -> None:
    worksheet = book.create_sheet(HELP_SHEET)
    _append(worksheet, [_("工作表"), _("列"), _("必填"), _("可填的值")])
    for sheet in SHEETS:
        for column in sheet.columns:
            if column.kind in ("choice", "choices"):
                allowed = "、".join(str(label) for label in column.choices.labels)
                if column.kind == "choices":
                    allowed = _("可填多个，以顿号分隔：") + allowed
            elif column.kind == "bool":
                allowed = f"{YES}、{NO}"
            elif column.kind == "int":
                allowed = _("整数（工作日数、次数或份数）")
            else:
                allowed = ""
            _append(worksheet, [sheet.name, column.header, YES if column.required else "", allowed])
    worksheet.column_dimensions["D"].width = 60


def write_workbook(
    target: str | Path | IO[bytes] | None,
    *,
    items: Iterable[list] = (),
    materials: Iterable[list] = (),
    fees: Iterable[list] = (),
) -> bytes | None:
    """Write the rows (cell values in each sheet's column order) to `target`; the bytes
    themselves when `target` is None."""
    book = Workbook()
    for index, (sheet, rows) in enumerate(zip(SHEETS, (items, materials, fees), strict=True)):
        worksheet = _start_sheet(book, sheet, first=index == 0)
        for row in rows:
            _append(worksheet, row)
    _help_sheet(book)
    if target is None:
        out = io.BytesIO()
        book.save(out)
        return out.getvalue()
    book.save(target)
    return None


def catalogue_template() -> bytes:
    """The empty workbook: headers, drop-downs and the 填写说明 sheet."""
    return write_workbook(None)


def iter_cells(source: bytes | str | Path | IO[bytes]) -> Iterator[tuple[str, tuple]]:
    """Every row of every sheet as (sheet name, cell values): what two exports compare."""
    book = load_workbook(io.BytesIO(source) if isinstance(source, bytes) else source)
    try:
        for worksheet in book.worksheets:
            for row in worksheet.iter_rows(values_only=True):
                yield worksheet.title, row
    finally:
        book.close()


# ---------------------------------------------------------------- export


def department_labels() -> dict[int, str]:
    """Each department as the 实施主体 column names it: its name, or its short code where
    another department has the same name (the import matches either)."""
    departments = list(Department.objects.values_list("pk", "name", "short_code"))
    counts = Counter(name for _pk, name, _code in departments)
    return {pk: name if counts[name] == 1 else code for pk, name, code in departments}


def _row(sheet: Sheet, item: ServiceItem, obj, departments: dict[int, str]) -> list:
    values = []
    for column in sheet.columns:
        if column is ITEM_CODE:
            values.append(item.code)
        elif column.kind == "department":
            values.append(departments[item.department_id])
        else:
            values.append(cell_value(column, getattr(obj, column.field)))
    return values


def export_catalogue(target: str | Path | IO[bytes] | None = None) -> bytes | None:
    """The published version of every item, in the import's format (an import of it changes
    nothing); written to `target`, or returned as bytes when `target` is None."""
    items = list(
        ServiceItem.objects.filter(current__isnull=False)
        .select_related("current")
        .prefetch_related("current__materials", "current__fees")
        .order_by("code")
    )
    departments = department_labels()
    return write_workbook(
        target,
        items=[_row(ITEMS, item, item.current, departments) for item in items],
        materials=[
            _row(MATERIALS, item, material, departments)
            for item in items
            for material in item.current.materials.all()
        ],
        fees=[
            _row(FEES, item, fee, departments) for item in items for fee in item.current.fees.all()
        ],
    )
