"""The 明白卡 of an item: the printable guide on one A4 page (what to bring, where, when, how
long, what it costs, whom to ask), set in the embedded CJK font of core.typeset, in black.

It is set at the largest size from CARD_SIZES at which the whole card fits on one page. An
item whose text does not fit even at the smallest size takes a second page: nothing is ever
cut, and the footer then says "第1页 共2页" so that the reader knows there is more.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.platypus import BaseDocTemplate, Frame, PageTemplate, Table, TableStyle
from reportlab.platypus.flowables import HRFlowable

from gongkai.core import typeset
from gongkai.services.models import FeeItem, Material, ServiceItemVersion

MARGIN = 14 * mm
FOOTER_GAP = 7 * mm  # the footer line below the text block
WIDTH = A4[0] - 2 * MARGIN
# Body sizes tried in turn (points): 五号 (10.5) down to 7, the smallest that still prints
# legibly on A4; the card takes the first at which it fits on one page.
CARD_SIZES = (10.5, 10, 9.5, 9, 8.5, 8, 7.5, 7)
SECTION_NUMBERS = "一二三四五六七八九十"


@dataclass(frozen=True)
class _Styles:
    kicker: typeset.TextStyle
    title: typeset.TextStyle
    meta: typeset.TextStyle
    heading: typeset.TextStyle
    body: typeset.TextStyle
    item: typeset.TextStyle
    cell: typeset.TextStyle
    head: typeset.TextStyle


def _styles(size: float) -> _Styles:
    font = typeset.cjk_font()
    leading = size * 1.45
    return _Styles(
        kicker=typeset.TextStyle(font, size, leading, align=typeset.CENTRE),
        title=typeset.TextStyle(
            font, size * 1.8, size * 2.4, align=typeset.CENTRE, space_before=size * 0.2
        ),
        meta=typeset.TextStyle(font, size * 0.9, size * 1.3, align=typeset.CENTRE),
        heading=typeset.TextStyle(
            font, size * 1.1, size * 1.6, space_before=size * 0.6, space_after=size * 0.15
        ),
        body=typeset.TextStyle(font, size, leading, first_indent=2 * size, justify=True),
        item=typeset.TextStyle(font, size, leading, left_indent=size, justify=True),
        cell=typeset.TextStyle(font, size * 0.95, size * 1.3),
        head=typeset.TextStyle(font, size * 0.95, size * 1.3, align=typeset.CENTRE),
    )


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.replace("\r", "").split("\n") if line.strip()]


def _table(rows: list[list[str]], widths: list[float], styles: _Styles) -> Table:
    """A ruled table of text cells (the header row centred), split across pages by rows."""
    data = [
        [
            typeset.TextBlock(text, styles.head if r == 0 else styles.cell)
            for text in row  # each cell a fresh block: a block keeps the lines it was set in
        ]
        for r, row in enumerate(rows)
    ]
    table = Table(data, colWidths=[WIDTH * w for w in widths], repeatRows=1)
    pad = styles.cell.size * 0.3
    table.setStyle(
        TableStyle(
            [
                ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("LEFTPADDING", (0, 0), (-1, -1), pad),
                ("RIGHTPADDING", (0, 0), (-1, -1), pad),
                ("TOPPADDING", (0, 0), (-1, -1), pad * 0.6),
                ("BOTTOMPADDING", (0, 0), (-1, -1), pad * 0.6),
            ]
        )
    )
    return table


def _materials(materials: list[Material], styles: _Styles) -> Table:
    rows = [[_("序号"), _("材料名称"), _("必要性"), _("材料形式"), _("份数"), _("来源渠道")]]
    for n, material in enumerate(materials, 1):
        name = material.name
        if material.condition:
            name += _("（%(condition)s）") % {"condition": material.condition}
        rows.append(
            [
                str(n),
                name,
                material.get_necessity_display(),
                material.get_form_display(),
                str(material.copies),
                material.get_source_display(),
            ]
        )
    return _table(rows, [0.06, 0.42, 0.17, 0.1, 0.06, 0.19], styles)


def _fees(fees: list[FeeItem], styles: _Styles) -> Table:
    rows = [[_("收费项目"), _("收费标准"), _("收费依据"), _("可否减免")]]
    for fee in fees:
        rows.append([fee.name, fee.standard, fee.basis, _("可减免") if fee.waivable else _("否")])
    return _table(rows, [0.22, 0.3, 0.36, 0.12], styles)


def _story(
    version: ServiceItemVersion,
    materials: list[Material],
    fees: list[FeeItem],
    size: float,
) -> list:
    styles = _styles(size)
    story: list = [
        typeset.TextBlock(_("政务服务事项办事指南·明白卡"), styles.kicker),
        typeset.TextBlock(version.name, styles.title),
        typeset.TextBlock(
            _("实施主体：%(body)s　事项类型：%(type)s　实施编码：%(code)s")
            % {
                "body": version.implementing_body,
                "type": version.get_item_type_display(),
                "code": version.item.code,
            },
            styles.meta,
        ),
        HRFlowable(width="100%", thickness=1.2, color=colors.black, spaceBefore=size * 0.4),
    ]
    sections: list[tuple[str, list]] = []

    def section(heading: str, flowables: list) -> None:
        sections.append((heading, flowables))

    section(_("受理条件"), [typeset.TextBlock(p, styles.body) for p in _lines(version.conditions)])
    section(
        _("申请材料"),
        [_materials(materials, styles)]
        if materials
        else [typeset.TextBlock(_("无需提交申请材料。"), styles.body)],
    )
    steps = version.process_steps()
    section(
        _("办理流程"),
        [typeset.TextBlock(f"{n}. {step}", styles.item) for n, step in enumerate(steps, 1)],
    )
    section(
        _("办理时限"),
        [
            typeset.TextBlock(
                _(
                    "法定办结时限：%(legal)s个工作日；承诺办结时限：%(promised)s个工作日；"
                    "到办事现场次数：%(visits)s次。"
                )
                % {
                    "legal": version.legal_days,
                    "promised": version.promised_days,
                    "visits": version.visits,
                },
                styles.item,
            )
        ],
    )
    if version.charges and fees:
        charges = [_fees(fees, styles)]
    else:
        charges = [typeset.TextBlock(_("收费") if version.charges else _("不收费。"), styles.item)]
    section(_("收费标准"), charges)
    online = _("可网上办理") if version.online else _("不可网上办理")
    section(
        _("办理地点和时间"),
        [
            typeset.TextBlock(_("办理地点：%(place)s") % {"place": version.place}, styles.item),
            typeset.TextBlock(_("办理时间：%(hours)s") % {"hours": version.hours}, styles.item),
            typeset.TextBlock(
                _("办理形式：%(form)s（%(online)s）")
                % {"form": version.get_handling_form_display(), "online": online},
                styles.item,
            ),
        ],
    )
    section(
        _("咨询和监督投诉"),
        [
            typeset.TextBlock(_("咨询电话：%(phone)s") % {"phone": version.consult}, styles.item),
            typeset.TextBlock(_("监督投诉：%(phone)s") % {"phone": version.complaint}, styles.item),
        ],
    )
    basis = [typeset.TextBlock(p, styles.item) for p in _lines(version.legal_basis)]
    if version.result_name:
        basis.append(
            typeset.TextBlock(_("审批结果：%(name)s") % {"name": version.result_name}, styles.item)
        )
    section(_("设定依据和办理结果"), basis)
    for n, (heading, flowables) in enumerate(sections):
        story.append(typeset.TextBlock(f"{SECTION_NUMBERS[n]}、{heading}", styles.heading))
        story += flowables
    return story


class _Card(BaseDocTemplate):
    """The card's page: one frame over A4 inside MARGIN, the footer under it."""

    def __init__(self, out, version: ServiceItemVersion, size: float, pages: int):
        super().__init__(
            out,
            pagesize=A4,
            leftMargin=MARGIN,
            rightMargin=MARGIN,
            topMargin=MARGIN,
            bottomMargin=MARGIN + FOOTER_GAP,
            title=_("%(name)s 明白卡") % {"name": version.name},
            author=version.implementing_body,
            creator=settings.SITE_NAME,
            invariant=1,
        )
        self.version = version
        self.footer_size = max(size * 0.8, 6)
        self.pages = pages
        frame = Frame(
            MARGIN,
            self.bottomMargin,
            WIDTH,
            A4[1] - self.topMargin - self.bottomMargin,
            leftPadding=0,
            rightPadding=0,
            topPadding=0,
            bottomPadding=0,
            id="card",
        )
        self.addPageTemplates([PageTemplate(id="card", frames=[frame], onPage=self._footer)])

    def _footer(self, canvas, doc) -> None:
        version = self.version
        published = version.published_at
        text = _("依据本事项实施清单第%(number)s版%(when)s编制，以办理窗口公示为准。") % {
            "number": version.number,
            "when": _("（%(day)s发布）")
            % {"day": typeset.format_day(timezone.localdate(published))}
            if published
            else "",
        }
        if self.pages > 1:
            text += _("　第%(page)s页 共%(pages)s页") % {
                "page": canvas.getPageNumber(),
                "pages": self.pages,
            }
        canvas.saveState()
        canvas.setFont(typeset.cjk_font(), self.footer_size)
        canvas.drawCentredString(A4[0] / 2, MARGIN, text)
        canvas.restoreState()


def _build(version, materials, fees, size: float, pages: int = 1) -> tuple[bytes, int]:
    out = io.BytesIO()
    doc = _Card(out, version, size, pages)
    doc.build(_story(version, materials, fees, size))
    return out.getvalue(), doc.page


def card_pdf(version: ServiceItemVersion) -> bytes:
    """明白卡: the item's guide on one A4 page, at the largest size that fits; two or more
    pages only if it does not fit at the smallest (see the module's docstring)."""
    materials = list(version.materials.all())
    fees = list(version.fees.all())
    pdf, pages = _build(version, materials, fees, CARD_SIZES[0])
    if pages == 1:  # most items
        return pdf
    # A smaller size never takes more pages: the largest that fits is found by halving.
    found: bytes | None = None
    low, high = 1, len(CARD_SIZES) - 1
    while low <= high:
        middle = (low + high) // 2
        pdf, pages = _build(version, materials, fees, CARD_SIZES[middle])
        if pages == 1:
            found, high = pdf, middle - 1
        else:
            low = middle + 1
    if found is not None:
        return found
    # Nothing fitted, so the last size tried was the smallest and `pages` its count: set it
    # again knowing the count, for the footer's "第1页 共2页".
    return _build(version, materials, fees, CARD_SIZES[-1], pages)[0]
