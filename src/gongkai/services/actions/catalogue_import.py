"""Import the catalogue (实施清单) from the provincial catalogue system's XLSX.

The provincial system is the catalogue of record: an imported item is published at once, as a
new version of the item (or a new item), without the drafting and review an edit made here
goes through. Every row of every sheet is checked before anything is written, and one refused
row refuses the whole file, so a catalogue is never left half imported. An item whose fields,
materials and fees are those of its version in force gets no new version, so importing the
same file twice, or an export of this catalogue, changes nothing.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import IO, Any

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from gongkai.core import audit, hooks, pagecache
from gongkai.core.errors import InvalidInput
from gongkai.core.models import Department
from gongkai.services import permissions
from gongkai.services.actions.catalogue import (
    CODE,
    MAX_MATERIALS,
    FeeData,
    MaterialData,
    VersionData,
    check_fees,
    check_material,
    check_version_data,
)
from gongkai.services.apps import PAGE_VERSION
from gongkai.services.catalogue_xlsx import (
    FEES,
    ITEM_CODE,
    ITEMS,
    MATERIALS,
    SHEETS,
    CellError,
    RawRow,
    Sheet,
    WorkbookUnreadable,
    read_cell,
    read_workbook,
    text,
)
from gongkai.services.models import FeeItem, Material, ServiceItem, ServiceItemVersion

# The version fields the 事项 sheet fills (实施编码 and 实施主体 belong to the item).
VERSION_FIELDS = [c.field for c in ITEMS.columns if c is not ITEM_CODE and c.kind != "department"]
MATERIAL_FIELDS = [c.field for c in MATERIALS.columns if c is not ITEM_CODE]
FEE_FIELDS = [c.field for c in FEES.columns if c is not ITEM_CODE]

# `progress(iterable, total=..., desc=...)` yields the same items (tqdm has this signature).
Progress = Callable[..., Iterable]


@dataclass
class ImportResult:
    """What an import did (or, in a dry run, would do); with errors it did nothing."""

    created: list[str] = field(default_factory=list)  # 实施编码 of new items
    updated: list[str] = field(default_factory=list)  # given a new version
    unchanged: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    dry_run: bool = False

    @property
    def ok(self) -> bool:
        return not self.errors


@dataclass
class ParsedItem:
    row: int
    code: str
    department: Department
    fields: dict[str, Any]
    materials: list[dict[str, Any]] = field(default_factory=list)
    fees: list[dict[str, Any]] = field(default_factory=list)


def _where(sheet: Sheet, row: RawRow, reason: str) -> str:
    return _("%(sheet)s 第 %(row)d 行：%(reason)s") % {
        "sheet": sheet.name,
        "row": row.number,
        "reason": reason,
    }


def _cells(sheet: Sheet, row: RawRow, errors: list[str]) -> dict[str, Any] | None:
    """The row's values by field name, or None (its errors added) if a cell is refused."""
    values, ok = {}, True
    for column in sheet.columns:
        try:
            values[column.field] = read_cell(column, sheet.model, row.cells[column.header])
        except CellError as exc:
            errors.append(_where(sheet, row, str(exc)))
            ok = False
    return values if ok else None


class _Departments:
    """Departments by name, or by short code where names repeat."""

    def __init__(self):
        self.by_code: dict[str, Department] = {}
        self.by_name: dict[str, list[Department]] = {}
        for department in Department.objects.all():
            self.by_code[department.short_code] = department
            self.by_name.setdefault(department.name, []).append(department)

    def find(self, label: str) -> Department:
        named = self.by_name.get(label, [])
        if len(named) == 1:
            return named[0]
        if label in self.by_code:
            return self.by_code[label]
        if named:
            raise CellError(_("有多个部门名为“%(name)s”，请改填机构代码。") % {"name": label})
        raise CellError(
            _("实施主体“%(name)s”不是已有的部门（请填写部门全称或机构代码）。") % {"name": label}
        )


def _parse_items(rows, actor, progress: Progress, errors: list[str]) -> tuple[dict, set]:
    """The valid items by code, and every code the sheet names (valid or not), so that a
    material of an item with a bad cell is not also reported as belonging to no item."""
    departments = _Departments()
    items: dict[str, ParsedItem] = {}
    first_row: dict[str, int] = {}
    for row in progress(rows, total=len(rows), desc=_("检查")):
        code = text(row.cells[ITEM_CODE.header])
        if code in first_row:
            reason = _("实施编码“%(code)s”与第 %(row)d 行重复。")
            errors.append(_where(ITEMS, row, reason % {"code": code, "row": first_row[code]}))
            continue
        if code:
            first_row[code] = row.number
        values = _cells(ITEMS, row, errors)
        if values is None:
            continue
        del values["code"]
        try:
            department = departments.find(values.pop("department"))
            values["implementing_body"] = department.name
            _check_item(code, values)
        except (CellError, InvalidInput) as exc:
            errors.append(_where(ITEMS, row, str(exc)))
            continue
        if actor is not None and not permissions.can_review_catalogue(actor, department):
            reason = _("您无权发布“%(department)s”的事项。") % {"department": department.name}
            errors.append(_where(ITEMS, row, reason))
            continue
        items[code] = ParsedItem(row.number, code, department, values)
    return items, set(first_row)


def _check_item(code: str, values: dict[str, Any]) -> None:
    """The rules an item edited on the staff pages is held to (actions.catalogue)."""
    if not CODE.fullmatch(code):
        raise CellError(_("实施编码只能由字母、数字和连字符组成，最多 64 位。"))
    events = [event for event in values["life_events"].split(",") if event]
    check_version_data(VersionData(**{**values, "life_events": events}))


def _check_material(values: dict[str, Any]) -> None:
    check_material(MaterialData(**values), 0)


def _check_lists(items: dict[str, ParsedItem], errors: list[str]) -> None:
    """Each item's materials and fees as a whole: at least one material, fees if charged."""
    for parsed in items.values():
        try:
            if not parsed.materials:
                raise InvalidInput(_("没有申请材料：请在“申请材料”表中至少填写一项。"))
            if len(parsed.materials) > MAX_MATERIALS:
                raise InvalidInput(_("申请材料最多 %(n)d 项。") % {"n": MAX_MATERIALS})
            check_fees(parsed.fields["charges"], [FeeData(**fee) for fee in parsed.fees])
        except InvalidInput as exc:
            errors.append(_where(ITEMS, RawRow(parsed.row), exc.message))


def _attach(sheet: Sheet, rows, items, named: set, errors: list[str], to: str, check) -> None:
    """Add the material or fee rows to their items (`to`: the ParsedItem list they go in),
    each row first passing `check(values)`."""
    for row in rows:
        values = _cells(sheet, row, errors)
        if values is None:
            continue
        code = values.pop("code")
        if code not in named:
            reason = _("实施编码“%(code)s”不在“事项”表中。") % {"code": code}
            errors.append(_where(sheet, row, reason))
            continue
        try:
            check(values)
        except InvalidInput as exc:
            errors.append(_where(sheet, row, exc.message))
            continue
        if code in items:
            getattr(items[code], to).append(values)


def _normal(value):
    return text(value) if isinstance(value, str) else value


def _snapshot(department_id, fields, materials, fees) -> tuple:
    """What an import compares: equal snapshots mean the row would change nothing."""
    return (
        department_id,
        tuple(_normal(fields[name]) for name in VERSION_FIELDS + ["implementing_body"]),
        tuple(tuple(_normal(m[name]) for name in MATERIAL_FIELDS) for m in materials),
        tuple(tuple(_normal(f[name]) for name in FEE_FIELDS) for f in fees),
    )


def _current_snapshot(item: ServiceItem) -> tuple:
    version = item.current

    def values(obj, names):
        return {name: getattr(obj, name) for name in names}

    return _snapshot(
        item.department_id,
        values(version, VERSION_FIELDS + ["implementing_body"]),
        [values(m, MATERIAL_FIELDS) for m in version.materials.all()],
        [values(f, FEE_FIELDS) for f in version.fees.all()],
    )


def _plan(items: dict[str, ParsedItem], *, lock: bool) -> list[tuple[ParsedItem, Any]]:
    """(parsed, existing item or None) for every item the import changes; the result's lists
    are filled by the caller from it and the unchanged rest."""
    existing = ServiceItem.objects.filter(code__in=list(items))
    if lock:
        # Locked on their own: PostgreSQL will not lock the nullable side of the join below.
        list(existing.select_for_update().values_list("pk", flat=True))
    found = {
        item.code: item
        for item in existing.select_related("current").prefetch_related(
            "current__materials", "current__fees"
        )
    }
    changes = []
    for code, parsed in items.items():
        item = found.get(code)
        if item is not None and item.current_id is not None:
            wanted = _snapshot(parsed.department.pk, parsed.fields, parsed.materials, parsed.fees)
            if wanted == _current_snapshot(item):
                continue
        changes.append((parsed, item))
    return changes


def _publish(*, actor, parsed: ParsedItem, item: ServiceItem | None, now) -> ServiceItem:
    """The parsed item as its new version in force (the item created first if new)."""
    if item is None:
        item = ServiceItem.objects.create(code=parsed.code, department=parsed.department)
    previous = item.current
    number = (item.versions.aggregate(last=Max("number"))["last"] or 0) + 1
    version = ServiceItemVersion.objects.create(
        item=item,
        number=number,
        state=ServiceItemVersion.State.PUBLISHED,
        drafted_by=actor,
        reviewed_by=actor,
        review_comment=_("由 XLSX 事项清单导入"),
        published_at=now,
        # The sheets carry no files: the result sample and each material's blank form and
        # example stay with the new version (materials matched by name).
        result_sample_id=previous.result_sample_id if previous else None,
        **parsed.fields,
    )
    kept = {m.name: m for m in previous.materials.all()} if previous else {}
    Material.objects.bulk_create(
        Material(
            version=version,
            order=order,
            blank_form_id=kept[values["name"]].blank_form_id if values["name"] in kept else None,
            example_id=kept[values["name"]].example_id if values["name"] in kept else None,
            **values,
        )
        for order, values in enumerate(parsed.materials)
    )
    FeeItem.objects.bulk_create(
        FeeItem(version=version, order=order, **values) for order, values in enumerate(parsed.fees)
    )
    if previous is not None:
        previous.state = ServiceItemVersion.State.SUPERSEDED
        previous.save(update_fields=["state"])
    item.current = version
    item.department = parsed.department
    item.save(update_fields=["current", "department"])
    transaction.on_commit(partial(hooks.content_changed, "services.item", item.pk))
    return item


def _no_check(values) -> None:
    """Fee rows need nothing beyond their cells' checks; check_fees looks at them together."""


def _unchanging(iterable, **_kwargs):
    return iterable


def import_catalogue(
    *,
    actor,
    workbook: bytes | str | Path | IO[bytes],
    dry_run: bool = False,
    progress: Progress | None = None,
) -> ImportResult:
    """Check every row of `workbook`, then publish each new or changed item, all in one
    transaction; with any error, or in a dry run, nothing is changed.

    `actor` None is the system (the command line); a user must be a catalogue reviewer of
    every item's department, since the import publishes without review.
    """
    progress = progress or _unchanging
    result = ImportResult(dry_run=dry_run)
    try:
        sheets = read_workbook(workbook)
    except WorkbookUnreadable as exc:
        result.errors.append(str(exc))
        return result
    for sheet in SHEETS:
        raw = sheets[sheet.name]
        if raw.absent:
            result.errors.append(_("缺少工作表“%(sheet)s”。") % {"sheet": sheet.name})
        elif raw.missing:
            missing = "、".join(f"“{header}”" for header in raw.missing)
            result.errors.append(
                _("%(sheet)s：第 1 行缺少列%(columns)s。")
                % {"sheet": sheet.name, "columns": missing}
            )
    if result.errors:
        return result
    items, named = _parse_items(sheets[ITEMS.name].rows, actor, progress, result.errors)
    _attach(
        MATERIALS, sheets[MATERIALS.name].rows, items, named, result.errors, "materials",
        _check_material,
    )  # fmt: skip
    _attach(FEES, sheets[FEES.name].rows, items, named, result.errors, "fees", _no_check)
    if result.errors:
        return result
    _check_lists(items, result.errors)
    if result.errors:
        return result
    if dry_run:
        _count(result, items, _plan(items, lock=False))
        return result
    with transaction.atomic():
        changes = _plan(items, lock=True)
        now = timezone.now()
        for parsed, item in progress(changes, total=len(changes), desc=_("导入")):
            _publish(actor=actor, parsed=parsed, item=item, now=now)
        _count(result, items, changes)
        if changes:
            pagecache.change_version(PAGE_VERSION)
        audit.record(
            "services.import",
            actor=actor,
            data={
                "created": len(result.created),
                "updated": len(result.updated),
                "unchanged": len(result.unchanged),
                "codes": result.created + result.updated,
            },
        )
    return result


def _count(result: ImportResult, items: dict[str, ParsedItem], changes) -> None:
    changed = {parsed.code: item for parsed, item in changes}
    for code in items:
        if code not in changed:
            result.unchanged.append(code)
        elif changed[code] is None:
            result.created.append(code)
        else:
            result.updated.append(code)
