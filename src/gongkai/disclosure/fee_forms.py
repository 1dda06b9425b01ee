"""Workbench forms of the information processing fee (国办函〔2020〕109号). They only read and
check input; every write is an action in `actions/fees.py`."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from gongkai.disclosure.actions.fees import MAX_PIECES
from gongkai.disclosure.rules import FEE_PAYMENT_DAYS, FeeMethod
from gongkai.disclosure.staff_forms import date_field, text_area

CHARGED_CHOICES = [
    (FeeMethod.PER_APPLICATION.value, FeeMethod.PER_APPLICATION.label),
    (FeeMethod.PER_PAGE.value, FeeMethod.PER_PAGE.label),
]


def _method_field():
    return forms.ChoiceField(
        label=_("收费方式"),
        choices=[("", _("请选择")), *CHARGED_CHOICES],
        error_messages={
            "required": _("请选择按件计收或按量计收。"),
            "invalid_choice": _("请选择按件计收或按量计收。"),
        },
        help_text=_("每件申请只能选一种标准，不得同时按两种标准计算（超额累进）。"),
    )


def _pages_field():
    return forms.IntegerField(
        label=_("页数"),
        required=False,
        min_value=0,
        error_messages={"invalid": _("请填写整数页数。"), "min_value": _("页数不能小于 0。")},
        help_text=_("按量计收时填写：提供纸质件、发送电子邮件、复制电子数据的页数。"),
    )


class FeeCountForm(forms.Form):
    """The method and the pages; `fee_input` feeds the calculator, saving nothing."""

    FEE_FIELDS = ("fee_method", "fee_pages")

    fee_method = _method_field()
    fee_pages = _pages_field()

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("fee_method") == FeeMethod.PER_PAGE and cleaned.get("fee_pages") is None:
            self.add_error("fee_pages", _("按量计收须填写页数。"))
        return cleaned

    def fee_input(self) -> tuple[str, int | None] | None:
        """For the calculator: the method and pages, keeping only their errors."""
        self.is_valid()
        for name in list(self.errors):
            if name not in self.FEE_FIELDS:
                del self.errors[name]
        if self.errors:
            return None
        return self.cleaned_data["fee_method"], self.cleaned_data.get("fee_pages")


class SplitForm(forms.Form):
    """109号 Art. 4 (一事一申请): count one application holding several matters as several."""

    count = forms.IntegerField(
        label=_("按几件计算"),
        min_value=1,
        max_value=MAX_PIECES,
        error_messages={
            "required": _("请填写按几件计算。"),
            "invalid": _("请填写整数。"),
            "min_value": _("计件数应为 1 至 %(max)d 之间的整数。") % {"max": MAX_PIECES},
            "max_value": _("计件数应为 1 至 %(max)d 之间的整数。") % {"max": MAX_PIECES},
        },
        help_text=_("按合理的最小单位拆分计算件数，计入该申请人本月向本机关提出的申请件数。"),
    )
    reason = text_area(
        _("拆分理由"),
        required=_("请写明拆分计件的理由（申请包含哪几项内容）。"),
        max_length=1000,
        rows=2,
    )
    on = date_field(_("日期"))


class FeeNoticeForm(FeeCountForm):
    """109号 Art. 6: the 收费通知, within the reply period."""

    payment_method = text_area(
        _("缴纳方式"),
        required=_("请写明缴纳方式（缴款账户、缴款码或地点）。"),
        max_length=2000,
        rows=2,
        help_text=_("写入收费通知，如非税收入缴款码、收款账户或现场缴费地点。"),
    )
    on = date_field(
        _("发出日期"), help_text=_("须在答复期限内。答复期限自这一天起暂停计算，至缴费之日止。")
    )
    received_on = date_field(
        _("申请人收到日期"),
        required=False,
        help_text=_(
            "已知时填写（当面送达、电子邮件发出之日）；也可稍后登记。缴费期限自次日起计算 "
            "%(days)d 个工作日。"
        )
        % {"days": FEE_PAYMENT_DAYS},
    )


class FeeReceivedForm(forms.Form):
    on = date_field(
        _("申请人收到收费通知的日期"),
        help_text=_("以送达回证、签收记录为准。缴费期限自次日起计算 %(days)d 个工作日。")
        % {"days": FEE_PAYMENT_DAYS},
    )


class FeePaidForm(forms.Form):
    on = date_field(_("缴费日期"), help_text=_("答复期限自次日起恢复计算。"))
    note = forms.CharField(
        label=_("缴费凭证"),
        required=False,
        max_length=200,
        help_text=_("例如：非税收入票据号。"),
    )


class FeeWaiverForm(FeeCountForm):
    """A waiver for hardship, approved by the head of the disclosure office. Before any notice
    it says which fee is waived; once a notice is out, only why."""

    reason = text_area(
        _("减免理由"),
        required=_("请写明减免的理由（如申请人经济困难的情况）。"),
        max_length=1000,
        rows=2,
        help_text=_("记入办理记录和审计日志；申请人只看到费用已免收。"),
    )
    on = date_field(_("同意减免日期"))

    def __init__(self, *args, notified: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if notified:
            del self.fields["fee_method"]
            del self.fields["fee_pages"]

    def clean(self):
        if "fee_method" not in self.fields:
            return forms.Form.clean(self)
        return super().clean()
