"""Forms of 政民互动's public letter pages: writing a letter, following it (number and query
code, the rating, asking for it to be handled again), and choosing what the lists and the
statistics show. They read and check input; every write is an action."""

from __future__ import annotations

from datetime import date

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from gongkai.core import file_kinds, identity
from gongkai.core.errors import InvalidInput
from gongkai.core.forms import (
    MultipleFileField,
    MultipleFileInput,
    clean_uploads,
    tracking_form,
    upload_help,
)
from gongkai.letters.actions import LetterData
from gongkai.letters.models import Mailbox
from gongkai.letters.rules import Kind, Satisfaction

# What a writer may attach: scans, photos, documents (no archives, no programs).
ATTACHMENT_TYPES = {
    file_kinds.PDF,
    file_kinds.OFD,
    "image/jpeg",
    "image/png",
    file_kinds.DOCX,
    "application/msword",
}
MAX_ATTACHMENTS = 3
SUBJECT_MAX = 120  # Letter.subject
BODY_MAX = 5000
REASON_MAX = 1000


class LetterForm(forms.Form):
    """写信: the kind, the letter, the page in error (纠错), the writer and the attachments."""

    kind = forms.ChoiceField(
        label=_("来信类型"),
        choices=Kind.choices,
        widget=forms.RadioSelect,
        initial=Kind.CONSULT.value,
        error_messages={
            "required": _("请选择来信类型。"),
            "invalid_choice": _("请选择来信类型。"),
        },
    )
    subject = forms.CharField(
        label=_("标题"),
        max_length=SUBJECT_MAX,
        error_messages={
            "required": _("请填写标题。"),
            "max_length": _("标题不能超过 %(n)d 个字。") % {"n": SUBJECT_MAX},
        },
        help_text=_("用一句话概括您反映的事情。"),
    )
    body = forms.CharField(
        label=_("内容"),
        max_length=BODY_MAX,
        widget=forms.Textarea(attrs={"rows": 10}),
        error_messages={
            "required": _("请填写来信内容。"),
            "max_length": _("来信内容不能超过 %(n)d 个字。") % {"n": BODY_MAX},
        },
        help_text=_("请写明事情的经过、地点、时间和您的诉求，便于准确办理。"),
    )
    page_url = forms.URLField(
        label=_("出错页面地址"),
        max_length=500,
        required=False,
        assume_scheme="https",
        error_messages={
            "invalid": _(
                "页面地址格式不正确，请从浏览器地址栏复制，如 https://www.example.gov.cn/…。"
            ),
            "max_length": _("页面地址过长。"),
        },
        widget=forms.TextInput(attrs={"type": "url", "autocomplete": "url", "spellcheck": "false"}),
        help_text=_("报告本网站的错误（纠错）时必填：出错页面的网址；其他类型的来信不用填写。"),
    )
    writer_name = forms.CharField(
        label=_("姓名"),
        max_length=50,
        error_messages={
            "required": _("请填写您的姓名。"),
            "max_length": _("姓名不能超过 50 个字。"),
        },
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
        help_text=_("仅用于办理和答复，不会公开。"),
    )
    writer_phone = forms.CharField(
        label=_("联系电话"),
        max_length=30,
        error_messages={"required": _("请填写联系电话。"), "max_length": _("联系电话过长。")},
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"}),
        help_text=_(
            "手机号或固定电话，如 13800000000 或 0851-12345678。仅用于联系您，加密保存，不会公开。"
        ),
    )
    agree_publish = forms.BooleanField(
        label=_("同意在网站公开我的来信和答复（姓名、电话等个人信息隐去后公开）"),
        required=False,
    )
    attachments = MultipleFileField(
        label=_("附件"),
        required=False,
        widget=MultipleFileInput(attrs={"accept": file_kinds.accept_attribute(ATTACHMENT_TYPES)}),
        help_text=upload_help(
            ATTACHMENT_TYPES,
            note=_("最多 %(n)d 个，可一次选择多个。页面提示填写有误时，需要重新选择文件。")
            % {"n": MAX_ATTACHMENTS},
        ),
        error_messages={"empty": _("上传的文件是空的，请重新选择。")},
    )

    LETTER_FIELDS = ("subject", "body", "page_url")
    WRITER_FIELDS = ("writer_name", "writer_phone")

    def clean_attachments(self):
        uploads = self.cleaned_data.get("attachments") or []
        if len(uploads) > MAX_ATTACHMENTS:
            raise forms.ValidationError(
                _("附件最多 %(n)d 个，您选择了 %(chosen)d 个。")
                % {"n": MAX_ATTACHMENTS, "chosen": len(uploads)}
            )
        return clean_uploads(uploads, allowed=ATTACHMENT_TYPES)

    def clean_writer_phone(self):
        # The action checks it again and stays the authority; checking here shows the mistake
        # together with every other one.
        try:
            return identity.check_phone(self.cleaned_data["writer_phone"])
        except InvalidInput as exc:
            raise forms.ValidationError(exc.message) from None

    def clean(self):
        cleaned = super().clean()
        no_address = not cleaned.get("page_url") and "page_url" not in self.errors
        if cleaned.get("kind") == Kind.CORRECTION and no_address:
            self.add_error("page_url", _("纠错请填写出错页面的网址。"))
        return cleaned

    def letter_data(self):
        """The checked input as the action takes it (call after is_valid())."""
        data = self.cleaned_data
        return LetterData(
            kind=data["kind"],
            subject=data["subject"],
            body=data["body"],
            writer_name=data["writer_name"],
            writer_phone=data["writer_phone"],
            agree_publish=data["agree_publish"],
            page_url=data["page_url"] if data["kind"] == Kind.CORRECTION else "",
        )

    def letter_fields(self):
        return [self[name] for name in self.LETTER_FIELDS]

    def writer_fields(self):
        return [self[name] for name in self.WRITER_FIELDS]


class TrackForm(
    tracking_form(
        number_label=_("信件编号"),
        number_hint=_("写信成功后页面上显示的编号。"),
        number_max_length=24,
        code_hint=_("写信成功后页面上的查询码，如 ABCD-EFGH-JKMN-PQRS；不区分大小写。"),
    )
):
    """查询办理情况: the letter number and the query code given when it was sent."""


class RateForm(forms.Form):
    """评价答复: 满意, 基本满意 or 不满意, once per reply."""

    satisfaction = forms.ChoiceField(
        label=_("您对答复的评价"),
        choices=Satisfaction.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("请选择您对答复的评价。"),
            "invalid_choice": _("请选择您对答复的评价。"),
        },
    )


class ReopenForm(forms.Form):
    """申请再次办理: after 不满意, once, with the reason."""

    reason = forms.CharField(
        label=_("不满意的原因"),
        max_length=REASON_MAX,
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={
            "required": _("请写明您对答复不满意的原因。"),
            "max_length": _("原因不能超过 %(n)d 个字。") % {"n": REASON_MAX},
        },
        help_text=_("承办部门将根据您的意见再次办理并答复，每封来信只能申请一次。"),
    )


class PublishedFilterForm(forms.Form):
    """/hudong/letters/?mailbox=…&kind=…: which published letters the list shows."""

    mailbox = forms.ModelChoiceField(
        label=_("信箱"),
        queryset=Mailbox.objects.none(),
        required=False,
        to_field_name="code",
        empty_label=_("全部信箱"),
        error_messages={"invalid_choice": _("请从列表中选择信箱。")},
    )
    kind = forms.ChoiceField(
        label=_("类型"),
        choices=[("", _("全部类型")), *Kind.choices],
        required=False,
        error_messages={"invalid_choice": _("请从列表中选择类型。")},
    )

    def __init__(self, data=None):
        super().__init__(data)
        self.fields["mailbox"].queryset = Mailbox.objects.order_by("-is_county_head", "order", "pk")

    def filters(self) -> dict:
        """The chosen filters as queryset keywords (none for a choice that is not valid)."""
        if not self.is_valid():
            return {}
        chosen = {}
        if self.cleaned_data["mailbox"] is not None:
            chosen["mailbox"] = self.cleaned_data["mailbox"]
        if self.cleaned_data["kind"]:
            chosen["kind"] = self.cleaned_data["kind"]
        return chosen


class StatsPeriodForm(forms.Form):
    """/hudong/stats/?year=…&month=…: a year, and a month of it or the whole year."""

    year = forms.TypedChoiceField(
        label=_("年份"),
        coerce=int,
        error_messages={"invalid_choice": _("请从列表中选择年份。")},
    )
    month = forms.TypedChoiceField(
        label=_("月份"),
        coerce=int,
        required=False,
        empty_value=None,
        error_messages={"invalid_choice": _("请从列表中选择月份。")},
    )

    def __init__(self, data, *, today: date, first_year: int):
        self.today = today
        super().__init__(data, initial={"year": today.year})
        self.fields["year"].choices = [
            (y, gettext("%(y)d年") % {"y": y})
            for y in range(today.year, min(first_year, today.year) - 1, -1)
        ]
        self.fields["month"].choices = [("", gettext("全年")), *self._months()]

    @staticmethod
    def _months():
        return [(m, gettext("%(m)d月") % {"m": m}) for m in range(1, 13)]

    def clean(self):
        values = super().clean()
        year, month = values.get("year"), values.get("month")
        if year == self.today.year and month is not None and month > self.today.month:
            self.add_error("month", _("这个月份还没有到，请选择本月或以前的月份。"))
        return values

    def period(self) -> tuple[int, int | None]:
        """The (year, month or None) chosen; this year's whole year when nothing valid is."""
        if self.is_bound and self.is_valid():
            return self.cleaned_data["year"], self.cleaned_data["month"]
        return self.today.year, None
