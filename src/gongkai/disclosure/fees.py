"""Information processing fees (条例 Art. 42, 国办函〔2020〕109号): the two scales, each
progressive (超额累进, 109号 Art. 3), one scale per application, never both.

- per page (按量计收, 109号 Art. 5): the pages of one application that fall in each band are
  charged at that band's price: 1-30 free, 31-100 at 10 yuan, 101-200 at 20, from 201 at 40.
  50 pages cost 20 x 10 = 200 yuan.
- per application (按件计收, 109号 Art. 4): counted per applicant per agency per calendar
  month; the 1st-10th free, the 11th-30th 100 yuan each, then bands of 10, each 100 yuan
  more per application than the one before (31st-40th 200, 41st-50th 300, ...). An
  application split by the officer (一事一申请) counts as several, each in its own band.

`quote` is what the officer's screen shows and the 收费通知 states, and what
`gongkai disclosure fee` prints: the same function.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext as _

from gongkai.disclosure.rules import (
    APPLICATION_FEE_BAND_SIZE,
    APPLICATION_FEE_STEP,
    FIRST_FEE_BAND_END,
    FREE_APPLICATIONS_PER_MONTH,
    PAGE_FEE_BANDS,
    FeeMethod,
)

PAGES = "pages"
APPLICATIONS = "applications"
SCALE_OF_METHOD = {FeeMethod.PER_PAGE: PAGES, FeeMethod.PER_APPLICATION: APPLICATIONS}


@dataclass(frozen=True)
class Band:
    """The part of the quantity that falls in one band of a scale, and what it costs."""

    start: int  # first page (or application) of the band that is charged
    end: int  # last one, inclusive
    unit_yuan: int
    yuan: int

    def to_json(self) -> dict:
        return {"from": self.start, "to": self.end, "unit_yuan": self.unit_yuan, "yuan": self.yuan}


@dataclass(frozen=True)
class Quote:
    """A fee by one scale: `quantity` pages, or the `quantity`-th application of the month
    (with `count` applications when one was split); `bands` are the charged bands."""

    scale: str
    quantity: int
    yuan: int
    bands: tuple[Band, ...]
    count: int = 1

    def to_json(self) -> dict:
        return {
            "scale": self.scale,
            "quantity": self.quantity,
            "yuan": self.yuan,
            "bands": [band.to_json() for band in self.bands],
        }

    @classmethod
    def stored(cls, method: str, quantity: int, yuan: int, bands: list, count: int = 1) -> Quote:
        """A quote as it was kept with a fee (its bands as `to_json` gave them)."""
        kept = tuple(Band(b["from"], b["to"], b["unit_yuan"], b["yuan"]) for b in bands)
        return cls(SCALE_OF_METHOD.get(method, ""), quantity, yuan, kept, count)


def application_unit_fee(nth: int) -> int:
    """Yuan for the `nth` application (1-based) of one applicant to one agency in a month."""
    if nth <= FREE_APPLICATIONS_PER_MONTH:
        return 0
    if nth <= FIRST_FEE_BAND_END:
        return APPLICATION_FEE_STEP
    bands_beyond = -(-(nth - FIRST_FEE_BAND_END) // APPLICATION_FEE_BAND_SIZE)
    return APPLICATION_FEE_STEP * (1 + bands_beyond)


def _application_band_end(nth: int) -> int:
    """The last application of the band `nth` falls in."""
    if nth <= FREE_APPLICATIONS_PER_MONTH:
        return FREE_APPLICATIONS_PER_MONTH
    if nth <= FIRST_FEE_BAND_END:
        return FIRST_FEE_BAND_END
    beyond = nth - FIRST_FEE_BAND_END
    return FIRST_FEE_BAND_END + -(-beyond // APPLICATION_FEE_BAND_SIZE) * APPLICATION_FEE_BAND_SIZE


def application_fee(nth: int, count: int = 1) -> Quote:
    """The fee of the `nth` application of the month, counted as `count` applications (the
    nth to the nth + count - 1) when the officer split it (一事一申请, 109号 Art. 4)."""
    if nth < 1:
        raise ValueError(_("申请件数应为正整数（本月第几件申请）。"))
    if count < 1:
        raise ValueError(_("计件数应为正整数。"))
    bands = []
    first, last = nth, nth + count - 1
    while first <= last:
        end = min(_application_band_end(first), last)
        unit = application_unit_fee(first)
        if unit:
            bands.append(Band(first, end, unit, unit * (end - first + 1)))
        first = end + 1
    return Quote(APPLICATIONS, nth, sum(b.yuan for b in bands), tuple(bands), count)


def page_fee(pages: int) -> Quote:
    """The fee of one application answered with `pages` pages (109号 Art. 5)."""
    if pages < 0:
        raise ValueError(_("页数不能为负数。"))
    bands = []
    start = 1
    for upper, unit in PAGE_FEE_BANDS:
        end = pages if upper is None else min(upper, pages)
        if end >= start and unit:
            bands.append(Band(start, end, unit, unit * (end - start + 1)))
        if upper is None or pages <= upper:
            break
        start = upper + 1
    return Quote(PAGES, pages, sum(b.yuan for b in bands), tuple(bands))


def quote(method: str, *, nth_this_month: int = 1, pages: int = 0, count: int = 1) -> Quote:
    """The fee by the one method chosen (109号 Art. 3: never both); none: free."""
    if method == FeeMethod.PER_APPLICATION:
        return application_fee(nth_this_month, count)
    if method == FeeMethod.PER_PAGE:
        return page_fee(pages)
    return Quote("", 0, 0, ())


def per_application_fee(nth_this_month: int) -> int:
    """Yuan for an applicant's `nth_this_month` application (1-based) to one agency."""
    return application_fee(nth_this_month).yuan


def per_page_fee(pages: int) -> int:
    """Yuan for one application's information of `pages` pages."""
    return page_fee(pages).yuan


def fee(method: str, *, nth_this_month: int = 1, pages: int = 0, count: int = 1) -> int:
    """Yuan by the one method chosen; never both (109号 Art. 3)."""
    return quote(method, nth_this_month=nth_this_month, pages=pages, count=count).yuan


def band_lines(q: Quote) -> list[str]:
    """Each charged band in words, e.g. "第31-50页：20页 × 10元 = 200元"."""
    unit_word = _("页") if q.scale == PAGES else _("件")
    lines = []
    for band in q.bands:
        n = band.end - band.start + 1
        where = (
            _("第%(start)d%(unit)s") % {"start": band.start, "unit": unit_word}
            if band.start == band.end
            else _("第%(start)d-%(end)d%(unit)s")
            % {"start": band.start, "end": band.end, "unit": unit_word}
        )
        lines.append(
            _("%(where)s：%(n)d%(unit)s × %(price)d元 = %(yuan)d元")
            % {
                "where": where,
                "n": n,
                "unit": unit_word,
                "price": band.unit_yuan,
                "yuan": band.yuan,
            }
        )
    return lines


def basis_text(q: Quote) -> str:
    """What the fee was counted from, in words."""
    if q.scale == PAGES:
        return _("按量计收：%(pages)d页") % {"pages": q.quantity}
    if q.scale == APPLICATIONS:
        if q.count > 1:
            return _("按件计收：本月向本机关提出的第%(first)d-%(last)d件申请（拆分计件）") % {
                "first": q.quantity,
                "last": q.quantity + q.count - 1,
            }
        return _("按件计收：本月向本机关提出的第%(n)d件申请") % {"n": q.quantity}
    return _("不收费")


def standard_text(scale: str) -> str:
    """The scale's standard in the words of 109号 Art. 4 or 5, from the constants."""
    if scale == PAGES:
        parts, start = [], 1
        for upper, unit in PAGE_FEE_BANDS:
            if not unit:
                parts.append(_("%(n)d页以下（含%(n)d页）的，不收费") % {"n": upper})
            elif upper is None:
                parts.append(
                    _("%(start)d页以上的部分，%(unit)d元/页") % {"start": start, "unit": unit}
                )
            else:
                parts.append(
                    _("%(start)d—%(end)d页（含%(end)d页）的部分，%(unit)d元/页")
                    % {"start": start, "end": upper, "unit": unit}
                )
            start = (upper or 0) + 1
        return _("按量计收，超额累进：") + "；".join(parts) + "。"
    return _(
        "按件计收，超额累进：同一申请人一个自然月内累计申请%(free)d件以下（含%(free)d件）的，"
        "不收费；%(first)d—%(end)d件（含%(end)d件）的部分，%(step)d元/件；%(beyond)d件以上的部分，"
        "以%(size)d件为一档，每增加一档，收费标准提高%(step)d元/件。"
    ) % {
        "free": FREE_APPLICATIONS_PER_MONTH,
        "first": FREE_APPLICATIONS_PER_MONTH + 1,
        "end": FIRST_FEE_BAND_END,
        "step": APPLICATION_FEE_STEP,
        "beyond": FIRST_FEE_BAND_END + 1,
        "size": APPLICATION_FEE_BAND_SIZE,
    }


def describe(q: Quote) -> str:
    """The fee in plain words, as the officer's screen and the command print it."""
    lines = [basis_text(q) + _("，应收 %(yuan)d 元。") % {"yuan": q.yuan}]
    lines += band_lines(q)
    if not q.bands:
        lines.append(_("在免费范围内，不收费。"))
    return "\n".join(lines)
