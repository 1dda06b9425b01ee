"""The 收支明细表 part of the item form (财务公开 columns): the period and the rows.

Works without JavaScript: the form shows a few blank rows, and "增加行" posts the whole item
form back, which comes back with everything typed and more blank rows, saving nothing.
Blank rows are ignored; a row with anything in it must be complete.
"""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from gongkai.core.errors import InvalidInput
from gongkai.publishing.finance import (
    MAX_ROWS,
    QUARTER_NAMES,
    Direction,
    FinanceTable,
    Row,
    last_complete_quarter,
    parse_amount,
    quarter_start,
)

PREFIX = "finance"
ROWS_PREFIX = "finance-rows"
ADD_ROWS = "finance-add-rows"  # the name of the "增加行" button
BLANK_ROWS = 5  # blank rows under what is filled in
ROW_FIELDS = ("direction", "name", "amount", "note")
FIRST_YEAR = 2000


class PeriodForm(forms.Form):
    year = forms.IntegerField(
        label=_("年度"),
        min_value=FIRST_YEAR,
        max_value=9999,
        error_messages={
            "required": _("请填写年度，如 2026。"),
            "invalid": _("年度须为四位数字，如 2026。"),
            "min_value": _("年度须为四位数字，如 2026。"),
            "max_value": _("年度须为四位数字，如 2026。"),
        },
    )
    quarter = forms.TypedChoiceField(
        label=_("季度"),
        coerce=int,
        choices=[("", _("请选择季度")), *QUARTER_NAMES.items()],
        error_messages={
            "required": _("请选择季度。"),
            "invalid_choice": _("请从列表中选择季度。"),
        },
    )

    def __init__(self, *args, today, **kwargs):
        super().__init__(*args, **kwargs)
        self.today = today

    def clean(self):
        cleaned = super().clean()
        year, quarter = cleaned.get("year"), cleaned.get("quarter")
        if year and quarter and quarter_start(year, quarter) > self.today:
            self.add_error("quarter", _("不能公开尚未开始的季度的收支。"))
        return cleaned


class RowForm(forms.Form):
    """One row; every field optional here so that a blank row is no error."""

    direction = forms.ChoiceField(
        label=_("收支"),
        required=False,
        choices=[("", _("请选择")), *Direction.choices],
        error_messages={"invalid_choice": _("请选择收入或支出。")},
    )
    name = forms.CharField(
        label=_("项目"),
        max_length=100,
        required=False,
        error_messages={"max_length": _("项目不能超过 100 个字。")},
    )
    # Text, read by finance.parse_amount: one set of messages for the form and the action.
    amount = forms.CharField(label=_("金额（元）"), max_length=30, required=False)
    note = forms.CharField(
        label=_("备注"),
        max_length=200,
        required=False,
        error_messages={"max_length": _("备注不能超过 200 个字。")},
    )

    def clean(self):
        cleaned = super().clean()
        if not any(cleaned.get(name) for name in ROW_FIELDS):
            return cleaned
        if not cleaned.get("direction") and "direction" not in self.errors:
            self.add_error("direction", _("请选择收入或支出。"))
        if not (cleaned.get("name") or "").strip() and "name" not in self.errors:
            self.add_error("name", _("请填写项目。"))
        amount = cleaned.get("amount") or ""
        if not amount.strip():
            self.add_error("amount", _("请填写金额。"))
        else:
            try:
                cleaned["amount"] = parse_amount(amount)
            except InvalidInput as exc:
                self.add_error("amount", exc.message)
        return cleaned

    def row(self) -> Row | None:
        data = self.cleaned_data
        if not data.get("direction"):
            return None
        return Row(data["direction"], data["name"].strip(), data["amount"], data["note"].strip())


class BaseRowFormSet(forms.BaseFormSet):
    default_error_messages = {
        "missing_management_form": _("收支明细表的行数信息缺失，请刷新页面后重新填写。"),
        "too_many_forms": _("收支明细表最多 %(num)d 行。"),
        "too_few_forms": _("收支明细表至少要填写一行。"),
    }

    def clean(self):
        if any(self.errors):
            return
        if not any(form.row() for form in self.forms):
            raise forms.ValidationError(_("收支明细表至少要填写一行。"), code="empty")


def _formset_class(extra: int):
    return forms.formset_factory(
        RowForm,
        formset=BaseRowFormSet,
        extra=extra,
        max_num=MAX_ROWS,
        absolute_max=MAX_ROWS,
        validate_max=True,
    )


class FinanceTableForm:
    """The period and the rows, checked together; `table()` once both are valid."""

    def __init__(
        self, data=None, *, today, table: FinanceTable | None = None, rows=None, period=None
    ):
        """Bound to `data` (a POST), or unbound from a stored `table`, or from `rows` and
        `period` as typed (the "增加行" round trip)."""
        if table is not None:
            period = {"year": table.year, "quarter": table.quarter}
            rows = [
                {"direction": r.direction, "name": r.name, "amount": str(r.amount), "note": r.note}
                for r in table.rows
            ]
        if period is None:
            year, quarter = last_complete_quarter(today)
            period = {"year": year, "quarter": quarter}
        rows = rows or []
        self.period = PeriodForm(data, prefix=PREFIX, initial=period, today=today)
        formset = _formset_class(min(BLANK_ROWS, MAX_ROWS - len(rows)))
        self.rows = formset(data, prefix=ROWS_PREFIX, initial=rows or None)

    @classmethod
    def with_more_rows(cls, data, *, today) -> FinanceTableForm:
        """What was posted, unbound (so no errors are shown yet), with blank rows below it."""
        rows = []
        for i in range(MAX_ROWS):
            values = {name: data.get(f"{ROWS_PREFIX}-{i}-{name}", "") for name in ROW_FIELDS}
            if any(values.values()):
                rows.append(values)
        period = {name: data.get(f"{PREFIX}-{name}", "") for name in ("year", "quarter")}
        # A form that had no table yet (its column just chosen) starts from the default period.
        return cls(today=today, rows=rows, period=period if any(period.values()) else None)

    def is_valid(self) -> bool:
        period_ok = self.period.is_valid()
        rows_ok = self.rows.is_valid()
        return period_ok and rows_ok

    def table(self) -> FinanceTable:
        rows = tuple(row for form in self.rows.forms if (row := form.row()) is not None)
        data = self.period.cleaned_data
        return FinanceTable(data["year"], data["quarter"], rows)
