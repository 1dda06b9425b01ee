"""The annual report as PDF: the six sections with their narrative and tables 二, 三 and 四.

Set in the free CJK font core.typeset finds and embeds (every reader prints the same
glyphs), the narrative broken into lines by the 禁则 as notices are. The tables are drawn
on the template's grid, merged as `report_xlsx` merges them.
"""

from __future__ import annotations

import io
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from gongkai.core import typeset
from gongkai.disclosure.report_tables import (
    LABEL_COLUMNS,
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

MARGIN = 18 * mm
BODY_SIZE = 10.5  # 五号


def _font() -> str:
    return typeset.cjk_font()


def _text_styles() -> dict[str, typeset.TextStyle]:
    font = _font()
    return {
        "title": typeset.TextStyle(font, 16, 22, align=typeset.CENTRE, space_after=12),
        "heading": typeset.TextStyle(font, 12, 18, space_before=10, space_after=6),
        "body": typeset.TextStyle(
            font, BODY_SIZE, 17, first_indent=2 * BODY_SIZE, justify=True, space_after=4
        ),
    }


def _styles() -> dict[str, ParagraphStyle]:
    font = _font()
    return {
        "cell": ParagraphStyle("cell", fontName=font, fontSize=7.5, leading=10),
        "head": ParagraphStyle(
            "head", fontName=font, fontSize=7.5, leading=10, alignment=TA_CENTER
        ),
        "narrow": ParagraphStyle(
            "narrow", fontName=font, fontSize=6.5, leading=9, alignment=TA_CENTER
        ),
        "number": ParagraphStyle(
            "number", fontName=font, fontSize=8, leading=10, alignment=TA_CENTER
        ),
    }


def build_pdf(report: AnnualReportData) -> bytes:
    """The whole report as PDF bytes."""
    styles = _styles()
    out = io.BytesIO()
    doc = SimpleDocTemplate(
        out,
        pagesize=A4,
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=MARGIN,
        bottomMargin=MARGIN,
        title=report.title,
        invariant=1,
    )
    width = A4[0] - 2 * MARGIN
    text = _text_styles()
    story: list = [typeset.TextBlock(report.title, text["title"])]
    tables = {
        REPORT_SECTIONS[1]: lambda: _table2(report, styles, width),
        REPORT_SECTIONS[2]: lambda: _table3(report, styles, width),
        REPORT_SECTIONS[3]: lambda: _table4(report, styles, width),
    }
    for label in REPORT_SECTIONS:
        story.append(typeset.TextBlock(label, text["heading"]))
        for paragraph in report.sections[label].splitlines():
            if paragraph.strip():
                story.append(typeset.TextBlock(paragraph.strip(), text["body"]))
        if label in tables:
            story += [Spacer(1, 4), tables[label]()]
    doc.build(story)
    return out.getvalue()


def _grid(data: list[list], widths: list[float], spans: list[tuple], header_rows: int) -> Table:
    table = Table(data, colWidths=widths, repeatRows=header_rows)
    commands = [
        ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("LEFTPADDING", (0, 0), (-1, -1), 2),
        ("RIGHTPADDING", (0, 0), (-1, -1), 2),
    ]
    commands += [("SPAN", start, end) for start, end in spans]
    table.setStyle(TableStyle(commands))
    return table


def _n(value, styles) -> Paragraph:
    return Paragraph("" if value is None else str(value), styles["number"])


# ---------------------------------------------------------------- table 二


def _table2(report: AnnualReportData, styles, width: float) -> Table:
    data: list[list] = []
    spans: list[tuple] = []
    for item, columns, rows in TABLE2:
        spans.append(((0, len(data)), (3, len(data))))
        data.append([Paragraph(escape(item), styles["head"]), "", "", ""])
        step = 3 // len(columns)
        header = [Paragraph(escape(INFO_CONTENT_LABEL), styles["head"]), "", "", ""]
        for i, column in enumerate(columns):
            header[1 + i * step] = Paragraph(escape(column), styles["head"])
        data.append(header)
        for label in rows:
            line = [Paragraph(escape(label), styles["cell"]), "", "", ""]
            for i, column in enumerate(columns):
                line[1 + i * step] = _n(report.table2.get(label, column), styles)
            data.append(line)
        if step > 1:  # one value column spans the three, as on the template
            for r in range(len(data) - len(rows) - 1, len(data)):
                spans.append(((1, r), (3, r)))
    return _grid(data, [width * 0.31] + [width * 0.23] * 3, spans, 0)


# ---------------------------------------------------------------- table 三


def _table3(report: AnnualReportData, styles, width: float) -> Table:
    head = styles["head"]
    blank = [""] * 10
    data = [list(blank), list(blank), list(blank)]
    data[0][0] = Paragraph(escape(TABLE3_RULE_NOTE), styles["cell"])
    data[0][3] = Paragraph(escape(APPLICANT_HEADER), head)
    data[1][3] = Paragraph(escape(NATURAL_PERSON_LABEL), head)
    data[1][4] = Paragraph(escape(ORGANISATION_LABEL), head)
    data[1][9] = Paragraph(escape(TOTAL_LABEL), head)
    for i, kind in enumerate(ORGANISATION_TYPES):
        data[2][4 + i] = Paragraph(escape(str(kind.label)), head)
    spans = [
        ((0, 0), (2, 2)),
        ((3, 0), (9, 0)),
        ((3, 1), (3, 2)),
        ((4, 1), (8, 1)),
        ((9, 1), (9, 2)),
    ]
    _table3_body(report.table3.grid(), data, spans, styles)
    label_widths = [width * 0.09, width * 0.12, width * 0.30]
    value_width = (width - sum(label_widths)) / 7
    return _grid(data, label_widths + [value_width] * 7, spans, 3)


def _table3_body(grid: list[GridRow], data: list[list], spans: list[tuple], styles) -> None:
    for row in grid:
        r = len(data)
        line: list = [""] * LABEL_COLUMNS + [_n(n, styles) for n in row.values]
        for label in row.labels:
            line[label.column] = Paragraph(escape(label.text), styles["cell"])
            if label.rowspan > 1 or label.colspan > 1:
                end = (label.column + label.colspan - 1, r + label.rowspan - 1)
                spans.append(((label.column, r), end))
        data.append(line)


# ---------------------------------------------------------------- table 四


def _table4(report: AnnualReportData, styles, width: float) -> Table:
    head = styles["narrow"]  # fifteen columns: four characters must fit in one line
    labels = [Paragraph(escape(label), head) for label in review_column_labels()]
    data = [[""] * 15 for _ in range(3)]
    data[0][0] = Paragraph(escape(str(ReviewKind.REVIEW.label)), head)
    data[0][5] = Paragraph(escape(LITIGATION_LABEL), head)
    data[1][0:5] = labels
    spans = [((0, 0), (4, 0)), ((5, 0), (14, 0))]
    spans += [((i, 1), (i, 2)) for i in range(5)]
    for block, kind in enumerate(
        (ReviewKind.LITIGATION_DIRECT, ReviewKind.LITIGATION_AFTER_REVIEW)
    ):
        first = 5 + block * 5
        data[1][first] = Paragraph(escape(str(kind.label)), head)
        spans.append(((first, 1), (first + 4, 1)))
        data[2][first : first + 5] = [
            Paragraph(escape(label), head) for label in review_column_labels()
        ]
    data.append([_n(n, styles) for n in report.table4.flat()])
    return _grid(data, [width / 15] * 15, spans, 0)
