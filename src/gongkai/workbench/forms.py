"""Workbench forms. They only read and check input; every write is an action in core.actions."""

from __future__ import annotations

import re
from datetime import date, timedelta

from django import forms
from django.utils.translation import gettext_lazy as _

from gongkai.core.calendar import notice_covers
from gongkai.core.forms import upload_help

RANGE_SEPARATORS = re.compile(r"\s*(?:至|到|~|～|—|--)\s*")


class LoginForm(forms.Form):
    username = forms.CharField(label=_("用户名"), max_length=150)
    password = forms.CharField(
        label=_("密码"), widget=forms.PasswordInput(render_value=False), max_length=256
    )


class TokenForm(forms.Form):
    token = forms.CharField(
        label=_("动态验证码"),
        min_length=6,
        max_length=8,
        help_text=_("打开身份验证器应用，输入当前显示的 6 位数字。"),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "one-time-code"}),
        error_messages={"min_length": _("验证码为 6 位数字。"), "required": _("请输入验证码。")},
    )

    def clean_token(self):
        token = self.cleaned_data["token"].strip().replace(" ", "")
        if not token.isdigit():
            raise forms.ValidationError(_("验证码只能包含数字。"))
        return token


def _parse_date(text: str, line_no: int) -> date:
    try:
        return date.fromisoformat(text.strip())
    except ValueError as exc:
        raise forms.ValidationError(
            _("第 %(n)s 行：“%(text)s”不是有效日期，请写成 2027-01-01 的形式。")
            % {"n": line_no, "text": text.strip()}
        ) from exc


def parse_day_lines(text: str, *, allow_ranges: bool) -> list[tuple[date, str]]:
    """Lines like `2027-02-06 至 2027-02-12 春节` (ranges only for holidays) or `2027-02-14 春节调休`."""
    days: list[tuple[date, str]] = []
    errors = []
    for line_no, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        parts = RANGE_SEPARATORS.split(line, maxsplit=1)
        try:
            if len(parts) == 2 and allow_ranges:
                first = _parse_date(parts[0], line_no)
                rest = parts[1].split(None, 1)
                last = _parse_date(rest[0], line_no)
                name = rest[1].strip() if len(rest) > 1 else ""
                if last < first:
                    raise forms.ValidationError(
                        _("第 %(n)s 行：结束日期早于开始日期。") % {"n": line_no}
                    )
                if (last - first).days > 31:
                    raise forms.ValidationError(
                        _("第 %(n)s 行：一次放假不会超过 31 天，请检查。") % {"n": line_no}
                    )
                days += [(first + timedelta(days=i), name) for i in range((last - first).days + 1)]
            else:
                if len(parts) == 2:
                    raise forms.ValidationError(
                        _("第 %(n)s 行：调休上班日请逐日填写，不用日期范围。") % {"n": line_no}
                    )
                pieces = line.split(None, 1)
                days.append(
                    (_parse_date(pieces[0], line_no), pieces[1].strip() if len(pieces) > 1 else "")
                )
        except forms.ValidationError as exc:
            errors.append(exc)
    if errors:
        raise forms.ValidationError(errors)
    seen = set()
    for day, _name in days:
        if day in seen:
            raise forms.ValidationError(_("%(day)s 填写了两次。") % {"day": day.isoformat()})
        seen.add(day)
    return days


class CalendarYearForm(forms.Form):
    notice = forms.CharField(
        label=_("依据文件"),
        max_length=200,
        help_text=_("例如：国务院办公厅关于2027年部分节假日安排的通知（国办发明电〔2026〕X号）"),
    )
    holidays = forms.CharField(
        label=_("放假日期"),
        widget=forms.Textarea(attrs={"rows": 10}),
        help_text=_(
            "每行一段：2027-02-06 至 2027-02-12 春节；单日写 2027-01-01 元旦。周末放假也一并列出，"
            "通知安排在上一年12月的元旦放假日期也填在这里。"
        ),
    )
    workdays = forms.CharField(
        label=_("调休上班日期"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("每行一天：2027-02-14 春节调休。通知安排在上一年12月的调休上班日也填在这里。"),
    )

    def __init__(self, *args, year: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.year = year

    def _check_year(self, days, field):
        # The notice also sets the 元旦 days of the December before (2018-12-29 under 2019's).
        wrong = [d for d, _n in days if not notice_covers(self.year, d)]
        if wrong:
            raise forms.ValidationError(
                _("%(day)s 不在 %(year)s 年内（上一年只可填12月的元旦放假或调休日期）。")
                % {"day": wrong[0].isoformat(), "year": self.year}
            )
        return days

    def clean_holidays(self):
        return self._check_year(
            parse_day_lines(self.cleaned_data["holidays"], allow_ranges=True), "holidays"
        )

    def clean_workdays(self):
        return self._check_year(
            parse_day_lines(self.cleaned_data.get("workdays") or "", allow_ranges=False), "workdays"
        )

    def clean(self):
        cleaned = super().clean()
        holidays, workdays = cleaned.get("holidays"), cleaned.get("workdays")
        if holidays and workdays:
            both = {d for d, _n in holidays} & {d for d, _n in workdays}
            if both:
                self.add_error(
                    "workdays", _("%(day)s 不能既放假又上班。") % {"day": min(both).isoformat()}
                )
            weekday_workdays = [d for d, _n in workdays if d.weekday() < 5]
            if weekday_workdays:
                self.add_error(
                    "workdays",
                    _("%(day)s 本来就是工作日，不需要列为调休上班。")
                    % {"day": weekday_workdays[0].isoformat()},
                )
        return cleaned


class UploadForm(forms.Form):
    file = forms.FileField(
        label=_("选择文件"),
        error_messages={"required": _("请选择要上传的文件。")},
        help_text=upload_help(),
    )
