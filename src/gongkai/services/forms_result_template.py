"""The form of an item's result template (结果文书模板). It shapes the input and says what is
missing or too long; the action (actions.result_templates.save_result_template) checks the
placeholders and the rest, and its refusals are put next to the field they name."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _


class ResultTemplateForm(forms.Form):
    title = forms.CharField(
        label=_("标题"), max_length=100, error_messages={"required": _("请填写模板标题。")}
    )
    body = forms.CharField(
        label=_("正文"),
        widget=forms.Textarea(attrs={"rows": 10}),
        error_messages={"required": _("请填写模板正文。")},
        help_text=_(
            "每行一段。花括号中的占位符（如 {applicant}）在出具时换成该办件的内容；"
            "“你（单位）”对个人印为“你”，对单位印为“你单位”。"
        ),
    )
    certificate_prefix = forms.CharField(
        label=_("证照编号前缀"),
        max_length=30,
        required=False,
        error_messages={"max_length": _("证照编号前缀不能超过 30 个字。")},
        help_text=_("准予决定的证照编号由前缀加办件编号组成，如“动防合字第”；最多 30 个字。"),
    )
