"""`gongkai report annual --year Y [--department CODE] [--json] [--xlsx FILE] [--pdf FILE]`."""

from __future__ import annotations

import json
import unicodedata
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = "年度报告：annual 计算政府信息公开工作年度报告的表二、表三、表四（--json 输出 JSON）"

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="what", required=True)
        annual = sub.add_parser(
            "annual", help="政府信息公开工作年度报告（国办公开办函〔2021〕30号 格式）"
        )
        annual.add_argument("--year", type=int, required=True, help="报告年度，如 2025")
        annual.add_argument(
            "--department", metavar="CODE", help="机关的机构代码（本机关的报告）；不填为全县汇总"
        )
        annual.add_argument("--json", action="store_true", help="以模板的行列名称为键输出 JSON")
        annual.add_argument("--xlsx", metavar="FILE", help="另存表格为 Excel 文件")
        annual.add_argument("--pdf", metavar="FILE", help="另存报告为 PDF 文件")

    def handle(self, *args, what, **options):
        getattr(self, "_" + what)(**options)

    def _annual(self, *, year, department, **options):
        from gongkai.core.models import Department
        from gongkai.disclosure.report import build_report

        if not 1 <= year <= 9999:
            raise CommandError("--year 须为公历年份")
        dept = None
        if department:
            dept = Department.objects.filter(short_code=department).first()
            if dept is None:
                raise CommandError(f"没有机构代码为“{department}”的机构")
        report = build_report(year, dept)
        if options["xlsx"]:
            from gongkai.disclosure.report_xlsx import build_xlsx

            Path(options["xlsx"]).write_bytes(build_xlsx(report))
        if options["pdf"]:
            from gongkai.disclosure.report_pdf import build_pdf

            Path(options["pdf"]).write_bytes(build_pdf(report))
        if options["json"]:
            self.stdout.write(json.dumps(report.to_json(), ensure_ascii=False, indent=2))
            return
        self.stdout.write(render_text(report))
        for warning in report.check.warnings:
            self.stderr.write(warning)


def _width(text: str) -> int:
    """Columns the text takes in a terminal: Chinese characters are two wide."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _pad(text: str, width: int, *, right: bool = False) -> str:
    fill = " " * max(0, width - _width(text))
    return fill + text if right else text + fill


def _table(
    header: list[str],
    rows: list[tuple[str, list | None]],
    *,
    title: str = "",
    over: tuple[int, str] | None = None,
) -> list[str]:
    """A plain text grid: a label column, then right-aligned figures ("—" for a missing one).

    `over` = (column index, text) writes a spanning header above the columns from that index
    (法人或其他组织 over 商业企业 ... 其他); `title` heads the label column. A row with no values
    is a heading.
    """
    label_width = max(_width(label) for label, _values in [(title, None), *rows])
    widths = [max(_width(h), 4) for h in header]
    lines = []
    if over is not None:
        start, text = over
        lines.append(" " * (label_width + sum(w + 2 for w in widths[:start]) + 2) + text)
    heads = "".join("  " + _pad(h, w) for h, w in zip(header, widths, strict=True))
    lines.append(_pad(title, label_width) + heads)
    for label, values in rows:
        line = _pad(label, label_width)
        if values:
            line += "".join(
                "  " + _pad("—" if v is None else str(v), w, right=True)
                for v, w in zip(values, widths, strict=True)
            )
        lines.append(line.rstrip())
    return lines


def render_text(report) -> str:
    """The three tables as readable text, with the result of table 三's consistency rule."""
    from gongkai.disclosure.report_tables import column_labels, review_column_labels
    from gongkai.disclosure.rules import (
        LITIGATION_LABEL,
        ORGANISATION_LABEL,
        REPORT_SECTIONS,
        TABLE2,
        ReviewKind,
    )

    out = [report.title, ""]
    out.append(REPORT_SECTIONS[1])
    for item, columns, rows in TABLE2:
        out += _table(
            list(columns),
            [("  " + row, [report.table2.get(row, c) for c in columns]) for row in rows],
            title=item,
        )
    out += ["", REPORT_SECTIONS[2]]
    rows = [("  " * row.level + row.label, row.values) for row in report.table3.rows()]
    out += _table(column_labels(), rows, over=(1, f"{ORGANISATION_LABEL}："))
    check = report.check
    if check.ok:
        out.append("勾稽关系（一 + 二 = 三（七）总计 + 四）：相符")
    else:
        out.append("勾稽关系（一 + 二 = 三（七）总计 + 四）：不符")
        for label, (lhs, rhs) in check.unbalanced.items():
            out.append(f"  {label}：一 + 二 = {lhs}，三（七）+ 四 = {rhs}")
        for breach in check.breaches:
            out.append(
                f"  申请 {breach.number}（id {breach.id}）：{breach.message}"
                f"（收到 {breach.received_on}，办结 {breach.finished_on or '—'}）"
            )
    out += ["", REPORT_SECTIONS[3]]
    rows = [(str(ReviewKind.REVIEW.label), report.table4.values(ReviewKind.REVIEW))]
    rows += [
        (f"{LITIGATION_LABEL}·{kind.label}", report.table4.values(kind))
        for kind in (ReviewKind.LITIGATION_DIRECT, ReviewKind.LITIGATION_AFTER_REVIEW)
    ]
    out += _table(review_column_labels(), rows)
    return "\n".join(out)
