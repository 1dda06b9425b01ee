"""Chinese text set for print: a free CJK font embedded in the PDF, lines broken by the
禁则 (line-breaking rules of Chinese typesetting), and the page of an official document
(GB/T 9704-2012 《党政机关公文格式》) for notices.

Font: the first free CJK TrueType font found at run time (`settings.PDF_CJK_FONT` if set,
then known Debian paths, then fontconfig's `fc-match :lang=zh-cn`), embedded as a subset so
that every reader prints the same glyphs. A TrueType Collection (.ttc) is opened at its
first face. Fonts with PostScript outlines (Noto CJK .otf/.ttc) cannot be embedded by
reportlab and are skipped. Without any, reportlab's CID font STSong-Light is named (the
reader supplies it) and a warning is logged.

Line breaking (`break_lines`): a line never starts with a closing mark (`CANNOT_START`:
，。、：；！？）》」』】〕〉”’ and their ASCII kin): the mark stays at the end of the line
before, hanging into the margin; a line never ends with an opening mark (`CANNOT_END`);
a short run of Latin letters and digits (a number, 2025, a word) is not cut in two.
"""

from __future__ import annotations

import io
import logging
import shutil
import subprocess  # noqa: S404  (fc-match, a fixed argument list, no shell)
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path

from django.conf import settings
from django.utils import dateformat, formats
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfbase.ttfonts import TTFError, TTFont
from reportlab.platypus import BaseDocTemplate, Flowable, Frame, KeepTogether, PageTemplate, Spacer

logger = logging.getLogger(__name__)

EMBEDDED_FONT = "GongkaiCJK"
FALLBACK_FONT = "STSong-Light"
# Free CJK fonts with TrueType outlines, as Debian installs them; a Song/Ming face first.
KNOWN_FONTS = (
    "/usr/share/fonts/truetype/arphic/uming.ttc",  # fonts-arphic-uming (明体)
    "/usr/share/fonts/truetype/arphic-gbsn00lp/gbsn00lp.ttf",  # fonts-arphic-gbsn00lp (宋体)
    "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",  # fonts-wqy-zenhei
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",  # fonts-wqy-microhei
    "/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf",  # fonts-droid-fallback
)
PROBE = "中文，。"  # glyphs a usable font must have

CANNOT_START = frozenset("，。、：；！？）》」』】〕〉〗”’…‥·％,.:;!?)]}%")
CANNOT_END = frozenset("（《「『【〔〈〖“‘([{")
WORD_LIMIT = 20  # a run of Latin letters or digits up to this long is never cut
FUZZ = 0.01

_font: str | None = None
_font_file = ""  # the file the embedded font came from ("" with the fallback)


def cjk_font() -> str:
    """The registered name of the CJK font PDFs are set in (found and registered once)."""
    global _font
    if _font is None:
        _font = _register()
    return _font


def is_embedded() -> bool:
    return cjk_font() == EMBEDDED_FONT


def font_file() -> str:
    """The font file PDFs embed ("" when none was found)."""
    cjk_font()
    return _font_file


def _candidates() -> list[str]:
    paths = []
    configured = settings.PDF_CJK_FONT
    if configured:
        paths.append(configured)
    paths += [p for p in KNOWN_FONTS if Path(p).is_file()]
    found = _fc_match()
    if found:
        paths.append(found)
    return paths


def _fc_match() -> str:
    """fontconfig's best font for simplified Chinese, if fontconfig is installed."""
    fc_match = shutil.which("fc-match")
    if fc_match is None:
        return ""
    try:
        done = subprocess.run(  # noqa: S603  (fixed arguments, no shell)
            [fc_match, "-f", "%{file}", ":lang=zh-cn"],
            capture_output=True,
            text=True,
            timeout=10,
            check=False,
        )
    except (OSError, subprocess.SubprocessError):
        return ""
    return done.stdout.strip() if done.returncode == 0 else ""


def _register() -> str:
    global _font_file
    _font_file = ""
    for path in _candidates():
        try:
            font = TTFont(EMBEDDED_FONT, path, subfontIndex=0)
        except (TTFError, OSError, ValueError) as exc:
            logger.info("CJK font %s not usable: %s", path, exc)
            continue
        if all(ord(ch) in font.face.charToGlyph for ch in PROBE):
            pdfmetrics.registerFont(font)
            _font_file = path
            return EMBEDDED_FONT
    logger.warning(
        "No CJK TrueType font found; PDFs name %s for the reader to supply", FALLBACK_FONT
    )
    if FALLBACK_FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont(FALLBACK_FONT))
    return FALLBACK_FONT


# ---------------------------------------------------------------- line breaking


def _is_word(ch: str) -> bool:
    return ch.isascii() and ch.isalnum()


def break_lines(
    text: str, width: float, measure: Callable[[str], float], *, first_indent: float = 0
) -> list[str]:
    """`text` cut into lines of at most `width` (the first `first_indent` narrower), by the
    禁则: closing marks that would start a line hang at the end of the one before."""
    lines: list[str] = []
    i, n = 0, len(text)
    while i < n:
        room = width - (first_indent if not lines else 0)
        j, used = i, 0.0
        while j < n and used + measure(text[j]) <= room + FUZZ:
            used += measure(text[j])
            j += 1
        j = max(j, i + 1)  # a line holds at least one character
        if j < n:
            j = _break_at(text, i, j)
        lines.append(text[i:j])
        i = j
    return lines


def _break_at(text: str, start: int, end: int) -> int:
    """Where the line from `start`, full at `end`, ends under the 禁则."""
    # Do not cut a short word or number: carry it whole to the next line.
    if _is_word(text[end - 1]) and _is_word(text[end]):
        run = end - 1
        while run > start and _is_word(text[run - 1]):
            run -= 1
        word_end = end
        while word_end < len(text) and _is_word(text[word_end]):
            word_end += 1
        if run > start and word_end - run <= WORD_LIMIT:
            end = run
    # An opening mark does not end a line: it goes with what it opens.
    while end - 1 > start and text[end - 1] in CANNOT_END:
        end -= 1
    # A closing mark does not start a line: it hangs at the end of this one.
    while end < len(text) and text[end] in CANNOT_START:
        end += 1
    return end


# ---------------------------------------------------------------- the flowable

LEFT, CENTRE, RIGHT = "left", "centre", "right"


@dataclass(frozen=True)
class TextStyle:
    font: str
    size: float
    leading: float
    align: str = LEFT
    first_indent: float = 0  # points
    left_indent: float = 0
    right_indent: float = 0
    tracking: float = 0  # extra space after each character (a fixed character grid)
    justify: bool = False  # full lines stretched to the measure (not a paragraph's last)
    space_before: float = 0
    space_after: float = 0


class TextBlock(Flowable):
    """A paragraph of plain text set line by line with `break_lines`; splits across pages."""

    def __init__(self, text: str, style: TextStyle, lines: list[str] | None = None, first=True):
        super().__init__()
        self.text = text
        self.style = style
        self.lines = lines
        self.first = first  # holds the paragraph's first line (indented)
        self.last_complete = True  # holds the paragraph's last line (not justified)

    def _measure(self, ch: str) -> float:
        return pdfmetrics.stringWidth(ch, self.style.font, self.style.size) + self.style.tracking

    def _room(self, avail_width: float) -> float:
        return avail_width - self.style.left_indent - self.style.right_indent

    def wrap(self, avail_width, avail_height):
        self.avail_width = avail_width
        if self.lines is None:
            indent = self.style.first_indent if self.first else 0
            self.lines = break_lines(
                self.text, self._room(avail_width), self._measure, first_indent=indent
            ) or [""]
        self.height = len(self.lines) * self.style.leading
        return avail_width, self.height

    def getSpaceBefore(self):  # noqa: N802  (reportlab's name)
        return self.style.space_before

    def getSpaceAfter(self):  # noqa: N802
        return self.style.space_after

    def split(self, avail_width, avail_height):
        self.wrap(avail_width, avail_height)
        fits = int((avail_height + FUZZ) // self.style.leading)
        if fits <= 0 or fits >= len(self.lines):
            return []  # nothing fits, or only the spacing did not: the next frame takes it
        head = TextBlock(self.text, self.style, self.lines[:fits], first=self.first)
        head.last_complete = False
        tail = TextBlock(self.text, self.style, self.lines[fits:], first=False)
        return [head, tail]

    def _width(self, line: str) -> float:
        return sum(self._measure(ch) for ch in line) - (self.style.tracking if line else 0)

    def draw(self):
        style = self.style
        canvas = self.canv
        room = self._room(self.avail_width)
        for index, line in enumerate(self.lines):
            indent = style.first_indent if (self.first and index == 0) else 0
            width = self._width(line)
            if style.align == CENTRE:
                x = style.left_indent + (room - width) / 2
            elif style.align == RIGHT:
                x = style.left_indent + room - width
            else:
                x = style.left_indent + indent
            space = style.tracking
            last = index == len(self.lines) - 1 and self.last_complete
            if style.justify and style.align == LEFT and not last:
                body = line.rstrip("".join(CANNOT_START))
                gap = room - indent - self._width(body)
                if len(body) > 1 and 0 < gap <= style.size * 0.5 * (len(body) - 1):
                    space += gap / (len(body) - 1)
            top = self.height - index * style.leading
            baseline = top - (style.leading - style.size) / 2 - style.size * 0.88
            text = canvas.beginText(x, baseline)
            text.setFont(style.font, style.size)
            text.setCharSpace(space)
            text.textOut(line)
            canvas.drawText(text)


# ---------------------------------------------------------------- GB/T 9704 page

# GB/T 9704-2012 5.2: A4; 版心 156 mm x 225 mm, top margin 37 mm, left margin 28 mm;
# 22 lines of 28 characters in 3号 (16 pt) 仿宋 for the body; the title in 2号 (22 pt)
# 小标宋; the page number in 4号 (14 pt), 7 mm below the text block, "— 1 —".
PAGE_TOP = 37 * mm
PAGE_LEFT = 28 * mm
TEXT_WIDTH = 156 * mm
TEXT_HEIGHT = 225 * mm
LINES_PER_PAGE = 22
CHARS_PER_LINE = 28
BODY_SIZE = 16
TITLE_SIZE = 22
PAGE_NUMBER_SIZE = 14
PAGE_NUMBER_GAP = 7 * mm
LEADING = TEXT_HEIGHT / LINES_PER_PAGE
# The tracking that puts CHARS_PER_LINE full-width characters in the measure exactly.
GRID_TRACKING = (TEXT_WIDTH - CHARS_PER_LINE * BODY_SIZE) / (CHARS_PER_LINE - 1)


def document_styles() -> dict[str, TextStyle]:
    """The parts of a notice as GB/T 9704-2012 sets them (7.2, 7.3)."""
    font = cjk_font()
    em = BODY_SIZE
    body = TextStyle(font, BODY_SIZE, LEADING, tracking=GRID_TRACKING, justify=True)
    return {
        # 发文机关标志 and 标题: centred, 2号.
        "agency": TextStyle(font, TITLE_SIZE, LEADING * 1.2, align=CENTRE),
        "title": TextStyle(font, TITLE_SIZE, LEADING, align=CENTRE, space_before=LEADING),
        # 发文字号: centred under the agency, 3号.
        "number": TextStyle(font, BODY_SIZE, LEADING, align=CENTRE),
        # 主送机关: 标题下空一行, flush left.
        "salutation": TextStyle(
            font, BODY_SIZE, LEADING, tracking=GRID_TRACKING, space_before=LEADING
        ),
        # 正文: each paragraph indented two characters.
        "body": replace(body, first_indent=2 * em),
        "sign": TextStyle(font, BODY_SIZE, LEADING, align=RIGHT),
    }


def signature_indents(
    agency: str, date_text: str, font: str, size: float = BODY_SIZE
) -> tuple[float, float]:
    """GB/T 9704-2012 7.3.5.2 (a notice without a seal): the 发文机关署名 two characters
    from the right edge, the 成文日期 on the next line starting two characters right of the
    署名's first; a date longer than that puts itself two characters from the edge and moves
    the 署名 left by as much. The right indents of the two lines, in points."""
    em = size
    agency_width = pdfmetrics.stringWidth(agency, font, size)
    date_width = pdfmetrics.stringWidth(date_text, font, size)
    agency_indent = 2 * em
    date_indent = agency_indent + agency_width - 2 * em - date_width
    if date_indent < 2 * em:
        agency_indent += 2 * em - date_indent
        date_indent = 2 * em
    return agency_indent, date_indent


def draw_page_number(canvas, doc) -> None:
    """GB/T 9704-2012 7.5: "— n —" 7 mm below the text block; an odd page's one character
    from the right edge of the block, an even page's one character from the left."""
    number = canvas.getPageNumber()
    label = f"— {number} —"
    font = cjk_font()
    canvas.saveState()
    canvas.setFont(font, PAGE_NUMBER_SIZE)
    y = doc.bottomMargin - PAGE_NUMBER_GAP - PAGE_NUMBER_SIZE
    if number % 2:
        canvas.drawRightString(doc.leftMargin + doc.width - PAGE_NUMBER_SIZE, y, label)
    else:
        canvas.drawString(doc.leftMargin + PAGE_NUMBER_SIZE, y, label)
    canvas.restoreState()


def official_document(out, **meta) -> BaseDocTemplate:
    """An A4 document whose text block is GB/T 9704's 版心 exactly (no frame padding),
    numbered on every page; `meta` are the PDF's title, author, creator and so on."""
    doc = BaseDocTemplate(
        out,
        pagesize=A4,
        leftMargin=PAGE_LEFT,
        rightMargin=A4[0] - PAGE_LEFT - TEXT_WIDTH,
        topMargin=PAGE_TOP,
        bottomMargin=A4[1] - PAGE_TOP - TEXT_HEIGHT,
        **meta,
    )
    frame = Frame(
        PAGE_LEFT,
        doc.bottomMargin,
        TEXT_WIDTH,
        TEXT_HEIGHT,
        leftPadding=0,
        rightPadding=0,
        topPadding=0,
        bottomPadding=0,
        id="text",
    )
    doc.addPageTemplates([PageTemplate(id="page", frames=[frame], onPage=draw_page_number)])
    return doc


def format_day(day: date) -> str:
    """A date as documents print it: 2025年10月30日."""
    return dateformat.format(day, formats.get_format("DATE_FORMAT", lang="zh-hans"))


def notice_pdf(
    *,
    agency: str,
    title: str,
    paragraphs: list[str],
    date_text: str,
    number: str = "",
    pdf_title: str = "",
) -> bytes:
    """An A4 notice laid out as GB/T 9704-2012 lays out an official document: the agency and
    the document number (if any) centred, the title centred in 2号, the addressee (the first
    paragraph) flush left, the body in 3号 with two-character indents, the signature and the
    date at the right, page numbers "— 1 —". The font is embedded; lines follow the 禁则."""
    styles = document_styles()
    flow: list = [TextBlock(agency, styles["agency"])]
    if number:
        flow.append(TextBlock(number, styles["number"]))
    flow.append(TextBlock(title, styles["title"]))
    for i, para in enumerate(paragraphs):
        flow.append(TextBlock(para, styles["salutation" if i == 0 else "body"]))
    sign_style = styles["sign"]
    agency_indent, date_indent = signature_indents(agency, date_text, sign_style.font)
    closing = [
        Spacer(1, LEADING),
        TextBlock(agency, replace(sign_style, right_indent=agency_indent)),
        TextBlock(date_text, replace(sign_style, right_indent=date_indent)),
    ]
    # GB/T 9704-2012 7.3.5: the signature and the date never stand on a page without text.
    flow[-1:] = [KeepTogether([flow[-1], *closing])]
    buffer = io.BytesIO()
    doc = official_document(
        buffer,
        title=pdf_title or title,
        author=agency,
        creator=settings.SITE_NAME,
        invariant=1,
    )
    doc.build(flow)
    return buffer.getvalue()
