"""`gongkai import items PATH`: bring already published items over from an old site.

PATH is a CSV file (UTF-8 with or without BOM, or GB18030, as Excel and WPS save it), a JSON
file (a list of objects) or a folder of Word documents. Every row goes through the same action
(`import_published_item`), so it is validated, audited and published like any other item.
"""

from __future__ import annotations

import csv
import io
import json
from contextlib import nullcontext
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError, transaction
from django.utils import timezone
from tqdm import tqdm

from gongkai.core.errors import InvalidInput
from gongkai.publishing.actions import ItemData, import_published_item
from gongkai.publishing.catalogue import Topic
from gongkai.publishing.models import Column, Item, Revision

FIELDS = (
    "title",
    "column",
    "body",
    "summary",
    "document_number",
    "publisher",
    "created_on",
    "published_at",
    "topic",
    "keywords",
    "source",
    "index_number",
)
# Old sites export their lists with Chinese headers; both spellings are accepted.
ALIASES = {
    "标题": "title",
    "栏目": "column",
    "正文": "body",
    "内容": "body",
    "摘要": "summary",
    "文号": "document_number",
    "发文字号": "document_number",
    "发布机构": "publisher",
    "生成日期": "created_on",
    "成文日期": "created_on",
    "发布日期": "published_at",
    "发布时间": "published_at",
    "主题分类": "topic",
    "关键词": "keywords",
    "来源": "source",
    "信息来源": "source",
    "索引号": "index_number",
}
TEXT_ENCODINGS = ("utf-8-sig", "gb18030")  # Excel saves UTF-8 with a BOM, WPS often GB18030
# Revision fields whose length the database enforces (PostgreSQL does, SQLite does not):
# checked here so that a dry run on either says the same.
LIMITED = ("document_number", "publisher", "keywords", "source")


class RowRejected(Exception):
    """One row cannot be imported; the message says why, in Chinese."""


class DryRunDone(Exception):
    """Raised at the end of a dry run to roll every row back."""


@dataclass
class Row:
    label: str  # 第 3 行, 第 2 条, 文件“通知.docx”
    values: dict[str, str] = field(default_factory=dict)
    docx: Path | None = None


def _field_name(key) -> str | None:
    key = str(key or "").strip().lstrip("\ufeff")
    key = ALIASES.get(key, key.lower())
    return key if key in FIELDS else None


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        return " ".join(_text(v) for v in value)
    return str(value).strip()


def _decode(path: Path) -> str:
    raw = path.read_bytes()
    for encoding in TEXT_ENCODINGS:
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise CommandError(f"无法识别“{path.name}”的编码：请另存为 UTF-8 或 GB18030。")


def read_rows(path: Path) -> tuple[list[Row], set[str]]:
    """The rows of PATH, and the field names it has that the import does not know."""
    if path.is_dir():
        files = sorted(p for p in path.glob("*.docx") if not p.name.startswith("~$"))
        if not files:
            raise CommandError(f"文件夹“{path}”中没有 .docx 文件。")
        return [Row(f"文件“{p.name}”", {"title": p.stem}, docx=p) for p in files], set()
    if not path.is_file():
        raise CommandError(f"找不到文件“{path}”。")
    suffix = path.suffix.lower()
    if suffix == ".json":
        return _json_rows(path)
    if suffix == ".csv":
        return _csv_rows(path)
    raise CommandError("只能导入 .csv、.json 文件或 Word 文档（.docx）文件夹。")


def _json_rows(path: Path) -> tuple[list[Row], set[str]]:
    try:
        data = json.loads(_decode(path))
    except json.JSONDecodeError as exc:
        raise CommandError(f"“{path.name}”不是有效的 JSON：第 {exc.lineno} 行，{exc.msg}") from exc
    if not isinstance(data, list):
        raise CommandError("JSON 文件的内容应是一个列表，每条信息一个对象。")
    rows, unknown = [], set()
    for number, record in enumerate(data, start=1):
        label = f"第 {number} 条"
        if not isinstance(record, dict):
            rows.append(Row(label, {"_error": "这一条不是对象（{…}）。"}))
            continue
        values = {}
        for key, value in record.items():
            name = _field_name(key)
            if name is None:
                unknown.add(str(key))
            else:
                values[name] = _text(value)
        rows.append(Row(label, values))
    return rows, unknown


def _csv_rows(path: Path) -> tuple[list[Row], set[str]]:
    reader = csv.reader(io.StringIO(_decode(path), newline=""))
    header = next(reader, None)
    if not header:
        raise CommandError(f"“{path.name}”是空的。")
    names = [_field_name(key) for key in header]
    if "title" not in names:
        raise CommandError("CSV 文件的第一行须是表头，并且有 title（标题）列。")
    unknown = {
        key.strip() for key, name in zip(header, names, strict=True) if name is None and key.strip()
    }
    rows = []
    # Row numbers as a spreadsheet shows them: the header is row 1.
    for number, cells in enumerate(reader, start=2):
        if not any(cell.strip() for cell in cells):
            continue
        label = f"第 {number} 行"
        if len(cells) > len(header):
            rows.append(Row(label, {"_error": "这一行的列数多于表头，请检查引号和逗号。"}))
            continue
        values = {name: _text(cell) for name, cell in zip(names, cells, strict=False) if name}
        rows.append(Row(label, values))
    return rows, unknown


# ---------------------------------------------------------------- one row


def _date(value: str, label: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise RowRejected(f"{label}“{value}”不是有效日期，应为 YYYY-MM-DD。") from None


def _datetime(value: str) -> datetime:
    """A date (midnight) or an ISO datetime; without an offset it is Beijing time."""
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        raise RowRejected(
            f"发布日期“{value}”不是有效日期，应为 YYYY-MM-DD 或 YYYY-MM-DD HH:MM。"
        ) from None
    if timezone.is_naive(parsed):
        parsed = parsed.replace(tzinfo=timezone.get_default_timezone())
    if parsed > timezone.now():
        raise RowRejected(f"发布日期“{value}”晚于现在：导入的应是已经发布的信息。")
    return parsed


def _topic(value: str) -> str:
    if not value:
        return Topic.GENERAL
    if value in Topic.values:
        return value
    for choice, label in Topic.choices:
        if str(label) == value:
            return choice
    raise RowRejected(f"主题分类“{value}”无效。")


class Importer:
    """Turns rows into items, remembering the columns it has looked up."""

    def __init__(self, *, default_column: str, default_publisher: str):
        self.default_column = default_column
        self.default_publisher = default_publisher
        self.columns: dict[str, Column | None] = {}

    def column(self, slug: str) -> Column:
        if not slug:
            raise RowRejected(
                "未指定栏目：请在 column（栏目）列填写栏目网址标识，或使用 --column。"
            )
        if slug not in self.columns:
            self.columns[slug] = (
                Column.objects.select_related("department").filter(slug=slug).first()
            )
        column = self.columns[slug]
        if column is None:
            raise RowRejected(f"栏目“{slug}”不存在。")
        if column.kind == Column.Kind.LINK:
            raise RowRejected(f"“{column.name}”是外部链接栏目，不能导入信息。")
        return column

    def run(self, row: Row) -> Item:
        values = row.values
        if "_error" in values:
            raise RowRejected(values["_error"])
        column = self.column(values.get("column") or self.default_column)
        for name in LIMITED:
            limit = Revision._meta.get_field(name).max_length
            if len(values.get(name, "")) > limit:
                label = Revision._meta.get_field(name).verbose_name
                raise RowRejected(f"{label}不能超过 {limit} 个字。")
        published_at = _datetime(values["published_at"]) if values.get("published_at") else None
        if values.get("created_on"):
            created_on = _date(values["created_on"], "生成日期")
        elif published_at is not None:
            created_on = timezone.localdate(published_at)
        else:
            created_on = None
        body = values.get("body", "")
        if row.docx is not None:
            from gongkai.publishing.docx import docx_to_html

            with row.docx.open("rb") as fh:
                body = docx_to_html(fh)
        data = ItemData(
            title=values.get("title", ""),
            body=body,
            summary=values.get("summary", ""),
            document_number=values.get("document_number", ""),
            publisher=values.get("publisher") or self.default_publisher,
            created_on=created_on,
            topic=_topic(values.get("topic", "")),
            keywords=values.get("keywords", ""),
            source=values.get("source", ""),
        )
        return import_published_item(
            actor=None,
            column=column,
            data=data,
            published_at=published_at,
            index_number=values.get("index_number", ""),
        )


class Command(BaseCommand):
    help = "导入：items PATH 从 CSV、JSON 文件或 Word 文档文件夹导入已发布的政府信息"

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="what", required=True)
        items = sub.add_parser(
            "items",
            help="导入已发布的信息：CSV（UTF-8 或 GB18030）、JSON（对象列表）或 .docx 文件夹",
        )
        items.add_argument("path", help="CSV 或 JSON 文件，或 Word 文档所在的文件夹")
        items.add_argument("--column", default="", help="未填写栏目的行导入到这个栏目（网址标识）")
        items.add_argument("--publisher", default="", help="未填写发布机构的行使用的发布机构")
        items.add_argument(
            "--dry-run",
            action="store_true",
            help="只检查，不作任何更改（有被拒绝的行时退出码非零）",
        )

    def handle(self, *args, what, path, column, publisher, dry_run, **options):
        rows, unknown = read_rows(Path(path))
        err = getattr(self.stderr, "_out", self.stderr)
        if unknown:
            self.stderr.write("忽略未知字段：" + "、".join(sorted(unknown)))
        importer = Importer(default_column=column, default_publisher=publisher)
        imported, rejected = 0, 0
        try:
            # A dry run imports for real inside one transaction and rolls it back, so that
            # it refuses exactly what a real run would (duplicates within the file included).
            with transaction.atomic() if dry_run else nullcontext():
                for row in tqdm(rows, desc="导入", unit="条", file=err, disable=None):
                    try:
                        with transaction.atomic():
                            importer.run(row)
                        imported += 1
                    except (RowRejected, InvalidInput, PermissionDenied, ValidationError) as exc:
                        rejected += 1
                        tqdm.write(f"{row.label}：{_message(exc)}", file=err)
                    except DatabaseError as exc:
                        rejected += 1
                        tqdm.write(f"{row.label}：数据库拒绝保存（{exc}）", file=err)
                if dry_run:
                    raise DryRunDone
        except DryRunDone:
            pass
        prefix = "试运行，未作任何更改：" if dry_run else ""
        self.stdout.write(f"{prefix}导入 {imported} 条，拒绝 {rejected} 条")
        if rejected:
            raise CommandError(f"有 {rejected} 条未能导入，原因见上。", returncode=1)


def _message(exc: Exception) -> str:
    if isinstance(exc, InvalidInput):
        return exc.message
    if isinstance(exc, ValidationError):
        return "；".join(exc.messages)
    return str(exc)
