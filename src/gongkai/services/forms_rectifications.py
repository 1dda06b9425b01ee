"""The forms of 差评整改 and 申诉: the owner's steps, the appeal and its review, and the
applicant's reply. They only read and check input; every write is an action
(services.actions.rectifications), whose refusals come back next to the field they name."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from gongkai.services.actions.rectifications import CONTACT_METHODS
from gongkai.services.forms_staff import choice, date_field, text_area
from gongkai.services.models import Appeal, Rectification

YES, NO = "yes", "no"


class VerifyForm(forms.Form):
    verification = text_area(
        _("核实情况"),
        required=_("请填写核实情况。"),
        rows=4,
        help_text=_("查阅办件记录、询问经办人员后，写明差评反映的问题是否属实。"),
    )


class ContactForm(forms.Form):
    on = date_field(_("联系日期"))
    method = choice(
        _("联系方式"),
        [(method, method) for method in CONTACT_METHODS],
        required=_("请选择联系方式。"),
    )
    note = text_area(_("联系情况"), required=_("请填写联系情况。"), rows=3)


class AnswerForm(forms.Form):
    outcome = choice(_("处理结果"), Rectification.Outcome.choices, required=_("请选择处理结果。"))
    answer = text_area(
        _("答复内容"),
        required=_("请填写答复内容。"),
        rows=5,
        help_text=_("答复将在好差评公示页面公开，其中的电话、证件号码等个人信息会自动遮盖。"),
    )


class AppealForm(forms.Form):
    ground = choice(_("申诉理由"), Appeal.Ground.choices, required=_("请选择申诉理由。"))
    statement = text_area(
        _("申诉说明"),
        required=_("请填写申诉说明。"),
        rows=4,
        help_text=_("写明认为误评或恶意差评的事实和依据。申诉由督查人员复核。"),
    )


class DecideAppealForm(forms.Form):
    upheld = forms.ChoiceField(
        label=_("复核结论"),
        choices=[(YES, _("申诉成立（该评价不计入统计）")), (NO, _("申诉不成立"))],
        widget=forms.RadioSelect,
        error_messages={
            "required": _("请选择申诉是否成立。"),
            "invalid_choice": _("请选择申诉是否成立。"),
        },
    )
    decision = text_area(_("复核意见"), required=_("请填写复核意见。"), rows=4)

    @property
    def is_upheld(self) -> bool:
        return self.cleaned_data["upheld"] == YES


class ReplyForm(forms.Form):
    """The applicant's answer to the rectification: one of two buttons."""

    satisfied = forms.ChoiceField(
        choices=[(YES, _("满意")), (NO, _("不满意"))],
        error_messages={
            "required": _("请选择是否满意。"),
            "invalid_choice": _("请选择是否满意。"),
        },
    )

    @property
    def is_satisfied(self) -> bool:
        return self.cleaned_data["satisfied"] == YES
