"""财务公开: a village's income and expenditure table (收支明细表) for one quarter.

Stored as JSON on the revision (`Revision.finance`), amounts as strings so that no figure
passes through a float: {"year": 2026, "quarter": 1, "rows": [{"direction": "income",
"name": "...", "amount": "1234.50", "note": ""}]}. Totals are never stored: the server
computes them from the rows wherever the table is shown or exported.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, timedelta
from decimal import Decimal, InvalidOperation

from django.db import models
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gongkai.core.errors import InvalidInput

# 《村民委员会组织法》第三十条: 一般事项至少每季度公布一次 (collective finances with many
# transactions monthly). The longest quarter (July-September) has 92 days.
QUARTER_DAYS = 92
MAX_ROWS = 200  # a village's quarter fits easily; bounds what one form may post
AMOUNT_PLACES = 2  # yuan and fen
AMOUNT_DIGITS = 14  # up to a trillion yuan: a typing slip, not a village's budget, beyond that
QUARTER_NAMES = {
    1: gettext_lazy("第一季度"),
    2: gettext_lazy("第二季度"),
    3: gettext_lazy("第三季度"),
    4: gettext_lazy("第四季度"),
}


class Direction(models.TextChoices):
    INCOME = "income", gettext_lazy("收入")
    EXPENDITURE = "expenditure", gettext_lazy("支出")


# ---------------------------------------------------------------- quarters


def quarter_of(day: date) -> tuple[int, int]:
    return day.year, (day.month - 1) // 3 + 1


def quarter_start(year: int, quarter: int) -> date:
    return date(year, 3 * quarter - 2, 1)


def quarter_end(year: int, quarter: int) -> date:
    if quarter == 4:
        return date(year, 12, 31)
    return quarter_start(year, quarter + 1) - timedelta(days=1)


def last_complete_quarter(on: date) -> tuple[int, int]:
    """The latest quarter that has ended before `on`."""
    year, quarter = quarter_of(on)
    return (year - 1, 4) if quarter == 1 else (year, quarter - 1)


def period_label(year: int, quarter: int) -> str:
    return _("%(year)s年%(quarter)s") % {"year": year, "quarter": QUARTER_NAMES[quarter]}


# ---------------------------------------------------------------- the table


def format_amount(amount: Decimal) -> str:
    """12345.6 -> "12,345.60": yuan with fen, thousands grouped."""
    return f"{amount:,.2f}"


@dataclass(frozen=True)
class Row:
    """One line of the table: 收入 or 支出, 项目, 金额（元）, 备注."""

    direction: str
    name: str
    amount: Decimal
    note: str = ""

    @property
    def direction_label(self) -> str:
        return str(Direction(self.direction).label)

    @property
    def amount_display(self) -> str:
        return format_amount(self.amount)


@dataclass(frozen=True)
class FinanceTable:
    """收支明细表 of one quarter."""

    year: int
    quarter: int
    rows: tuple[Row, ...]

    @property
    def period(self) -> str:
        return period_label(self.year, self.quarter)

    @property
    def income_rows(self) -> list[Row]:
        return [row for row in self.rows if row.direction == Direction.INCOME]

    @property
    def expenditure_rows(self) -> list[Row]:
        return [row for row in self.rows if row.direction == Direction.EXPENDITURE]

    @property
    def income_total(self) -> Decimal:
        return sum((row.amount for row in self.income_rows), Decimal("0.00"))

    @property
    def expenditure_total(self) -> Decimal:
        return sum((row.amount for row in self.expenditure_rows), Decimal("0.00"))

    @property
    def balance(self) -> Decimal:
        return self.income_total - self.expenditure_total

    @property
    def totals(self) -> dict[str, str]:
        """The three figures as shown: 收入合计, 支出合计, 结余."""
        return {
            "income": format_amount(self.income_total),
            "expenditure": format_amount(self.expenditure_total),
            "balance": format_amount(self.balance),
        }

    def to_json(self) -> dict:
        return {
            "year": self.year,
            "quarter": self.quarter,
            "rows": [
                {
                    "direction": row.direction,
                    "name": row.name,
                    "amount": str(row.amount),
                    "note": row.note,
                }
                for row in self.rows
            ],
        }

    @classmethod
    def from_json(cls, data) -> FinanceTable | None:
        if not data:
            return None
        rows = tuple(
            Row(r["direction"], r["name"], Decimal(r["amount"]), r.get("note", ""))
            for r in data.get("rows", [])
        )
        return cls(int(data["year"]), int(data["quarter"]), rows)

    def text(self) -> str:
        """The table's words, one row a line (the personal-information scan reads them)."""
        return "\n".join(f"{row.name} {row.note}".strip() for row in self.rows)

    def mapped(self, change) -> FinanceTable:
        """The table with `change(text)` applied to every 项目 and 备注 (masking)."""
        rows = tuple(
            replace(row, name=change(row.name), note=change(row.note)) for row in self.rows
        )
        return replace(self, rows=rows)


def parse_amount(text: str) -> Decimal:
    """An amount as typed: a non-negative number of yuan with at most two decimal places.

    Raises InvalidInput with the reason in words a clerk understands.
    """
    try:
        amount = Decimal(text.strip())
    except InvalidOperation:
        raise InvalidInput(_("请填写数字金额，如 1234.50（不要带逗号或“元”）。")) from None
    if not amount.is_finite():
        raise InvalidInput(_("请填写数字金额，如 1234.50（不要带逗号或“元”）。"))
    if amount < 0:
        raise InvalidInput(_("金额不能为负数；支出请选“支出”并填写正数。"))
    if -amount.as_tuple().exponent > AMOUNT_PLACES:
        raise InvalidInput(_("金额最多保留两位小数（精确到分）。"))
    if amount.adjusted() >= AMOUNT_DIGITS - AMOUNT_PLACES:
        raise InvalidInput(_("金额过大，请核对。"))
    return amount.quantize(Decimal("0.01"))


def check_table(table: FinanceTable, *, on: date) -> None:
    """What every stored table satisfies, whoever made it (the form says the same, per field)."""
    if table.quarter not in QUARTER_NAMES:
        raise InvalidInput(_("请选择季度。"), "finance")
    if quarter_start(table.year, table.quarter) > on:
        raise InvalidInput(_("不能公开尚未开始的季度的收支。"), "finance")
    if not table.rows:
        raise InvalidInput(_("收支明细表至少要填写一行。"), "finance")
    if len(table.rows) > MAX_ROWS:
        raise InvalidInput(_("收支明细表最多 %(n)s 行。") % {"n": MAX_ROWS}, "finance")
    for row in table.rows:
        if row.direction not in Direction.values or not row.name.strip():
            raise InvalidInput(_("每一行都要选择收入或支出并填写项目。"), "finance")
        try:
            parse_amount(str(row.amount))
        except InvalidInput as exc:
            raise InvalidInput(exc.message, "finance") from None
