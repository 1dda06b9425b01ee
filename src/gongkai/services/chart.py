"""The process chart of a power (运行流程图): its steps as boxes joined by arrows, top to bottom.

Drawn as SVG text to embed in the page itself: no image file to keep in step with the steps,
and it prints. Only presentation attributes (fill, stroke, font-size) are used, never a
`style` attribute or element, so the strict Content-Security-Policy (no inline styles) lets
it be drawn. The text is escaped here: a step is what an editor typed. The SVG has
role="img", a <title> and a <desc> that lists the steps in order; the page lists them as text
too, for readers and for browsers that draw no SVG.
"""

from __future__ import annotations

import re
import unicodedata

from django.utils.html import escape
from django.utils.translation import gettext as _

WIDTH = 480  # the viewBox; the page scales it to the column's width
BOX_WIDTH = 360
BOX_X = (WIDTH - BOX_WIDTH) // 2
FONT_SIZE = 16
LINE_HEIGHT = 22
PADDING = 12  # inside a box, above and below its text and on each side
GAP = 36  # between two boxes: the arrow
MARGIN = 8  # around the whole chart
HEAD = 7  # the arrowhead's half width and its length
# A full-width (CJK) character takes about one em, a Latin letter or digit about 0.6 em.
WIDE, NARROW = 1.0, 0.6
LINE_UNITS = (BOX_WIDTH - 2 * PADDING) / FONT_SIZE
INK = "#1a1a1a"
LINE = "#0b3d91"
FILL = "#eef3fb"
# Characters XML 1.0 does not allow (C0 controls other than tab, newline, carriage return).
NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def char_units(char: str) -> float:
    """How wide `char` is drawn, in ems."""
    return WIDE if unicodedata.east_asian_width(char) in ("W", "F") else NARROW


def wrap(text: str, units: float = LINE_UNITS) -> list[str]:
    """`text` cut into lines of at most `units` ems (by character: CJK text has no spaces)."""
    lines, line, width = [], "", 0.0
    for char in text:
        w = char_units(char)
        if line and width + w > units:
            lines.append(line.rstrip())
            line, width = "", 0.0
            if char == " ":
                continue
        line += char
        width += w
    if line.strip() or not lines:
        lines.append(line.rstrip())
    return lines


def process_svg(steps: list[str], title: str = "") -> str:
    """The chart of `steps` as an <svg> element (markup, its text escaped)."""
    steps = [NOT_XML.sub("", " ".join(step.split())) for step in steps]
    title = NOT_XML.sub("", title) or _("运行流程图")
    wrapped = [wrap(step) for step in steps]
    parts: list[str] = []
    y = MARGIN
    for number, lines in enumerate(wrapped, start=1):
        height = len(lines) * LINE_HEIGHT + 2 * PADDING
        if number > 1:
            parts.append(_arrow(y - GAP, y))
        parts.append(
            f'<rect class="chart-step" x="{BOX_X}" y="{y}" width="{BOX_WIDTH}" '
            f'height="{height}" rx="6" fill="{FILL}" stroke="{LINE}" stroke-width="2"/>'
        )
        # The lines sit centred in the box; a text baseline is about 0.8 em below its top.
        first = y + PADDING + round(FONT_SIZE * 0.85)
        tspans = "".join(
            f'<tspan x="{WIDTH // 2}" y="{first + i * LINE_HEIGHT}">{escape(line)}</tspan>'
            for i, line in enumerate(lines)
        )
        parts.append(
            f'<text text-anchor="middle" font-size="{FONT_SIZE}" fill="{INK}">{tspans}</text>'
        )
        y += height + GAP
    total = y - GAP + MARGIN if steps else 2 * MARGIN
    description = "；".join(
        _("第%(n)d步：%(step)s") % {"n": n, "step": step} for n, step in enumerate(steps, start=1)
    )
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="process-chart" role="img" '
        f'viewBox="0 0 {WIDTH} {total}" width="{WIDTH}" height="{total}" '
        'aria-labelledby="chart-title" aria-describedby="chart-desc" font-family="sans-serif">'
        f'<title id="chart-title">{escape(title)}</title>'
        f'<desc id="chart-desc">{escape(description)}</desc>' + "".join(parts) + "</svg>"
    )


def _arrow(top: int, bottom: int) -> str:
    """A downward arrow from `top` to `bottom` (the next box's top edge)."""
    x = WIDTH // 2
    tip = bottom - 1
    return (
        f'<line x1="{x}" y1="{top}" x2="{x}" y2="{tip - HEAD}" stroke="{LINE}" stroke-width="2"/>'
        f'<polygon points="{x - HEAD},{tip - HEAD} {x + HEAD},{tip - HEAD} {x},{tip}" '
        f'fill="{LINE}"/>'
    )
