"""The public 好差评 pages' choice of period (GET): a year and a month for the county's page, a
year for a department's."""

from __future__ import annotations

from datetime import date

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

FIRST_YEAR = 2019  # 国办发〔2019〕51号: the 好差评 system starts


def last_complete_month(today: date) -> tuple[int, int]:
    """The month before `today`'s: the one whose figures are final."""
    if today.month == 1:
        return today.year - 1, 12
    return today.year, today.month - 1


def _years(today: date) -> list[tuple[int, str]]:
    return [(y, gettext("%(y)d年") % {"y": y}) for y in range(today.year, FIRST_YEAR - 1, -1)]


class RatingPeriodForm(forms.Form):
    """/zwfw/ratings/?year=…&month=…: the month shown, and the year to date up to it."""

    year = forms.TypedChoiceField(label=_("年份"), coerce=int)
    month = forms.TypedChoiceField(label=_("月份"), coerce=int)

    def __init__(self, data, *, today: date):
        self.today = today
        year, month = last_complete_month(today)
        super().__init__(data, initial={"year": year, "month": month})
        self.fields["year"].choices = _years(today)
        self.fields["month"].choices = [(m, gettext("%(m)d月") % {"m": m}) for m in range(1, 13)]

    def clean(self):
        values = super().clean()
        year, month = values.get("year"), values.get("month")
        if year == self.today.year and month is not None and month > self.today.month:
            self.add_error("month", _("这个月份还没有到，请选择本月或以前的月份。"))
        return values

    def period(self) -> tuple[int, int]:
        """The (year, month) chosen, or the last complete month if the choice is not valid."""
        if self.is_bound and self.is_valid():
            return self.cleaned_data["year"], self.cleaned_data["month"]
        return last_complete_month(self.today)


class RatingYearForm(forms.Form):
    """/zwfw/ratings/departments/<pk>/?year=…: the months of one year."""

    year = forms.TypedChoiceField(label=_("年份"), coerce=int)

    def __init__(self, data, *, today: date):
        self.today = today
        super().__init__(data, initial={"year": last_complete_month(today)[0]})
        self.fields["year"].choices = _years(today)

    def chosen_year(self) -> int:
        """The year chosen, or the last complete month's if the choice is not valid."""
        if self.is_bound and self.is_valid():
            return self.cleaned_data["year"]
        return last_complete_month(self.today)[0]
