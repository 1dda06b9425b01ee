"""The forms of 意见征集: the draft (staff), a visitor's comment, moderation, the answer to a
comment, the report and the final policy. They only read and check input; every write is an
action (letters.actions.consultations), whose refusals come back next to the field they name
(core.forms.errors_into)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from gongkai.core.file_kinds import DOCX, OFD, PDF
from gongkai.core.forms import clean_uploads, upload_help, upload_input
from gongkai.core.permissions import departments_for
from gongkai.letters import roles
from gongkai.letters.actions import consultations as actions

DATE_FORMAT = "%Y-%m-%d"
BAD_DATE = _("请按 YYYY-MM-DD 的格式填写日期，例如 2025-10-30。")
PICK = _("请从列表中选择。")
DRAFT_FILE_KINDS = {PDF, OFD, DOCX}
YES, NO = "yes", "no"


def date_field(label, required, *, help_text=""):
    return forms.DateField(
        label=label,
        input_formats=[DATE_FORMAT],
        widget=forms.DateInput(format=DATE_FORMAT, attrs={"type": "date"}),
        error_messages={"invalid": BAD_DATE, "required": required},
        help_text=help_text,
    )


def text_area(label, *, required=None, rows=4, max_length=2000, help_text=""):
    """A textarea; `required` is the message when it is empty."""
    return forms.CharField(
        label=label,
        required=required is not None,
        max_length=max_length,
        widget=forms.Textarea(attrs={"rows": rows}),
        error_messages={"required": required} if required else {},
        help_text=help_text,
    )


def yes_no(label, yes_label, no_label, required):
    return forms.ChoiceField(
        label=label,
        choices=[(YES, yes_label), (NO, no_label)],
        widget=forms.RadioSelect,
        error_messages={"required": required, "invalid_choice": PICK},
    )


class DepartmentChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.name


class ConsultationForm(forms.Form):
    """The draft: on a new consultation also its department (one the editor runs)."""

    department = DepartmentChoiceField(
        label=_("征集部门"),
        queryset=None,
        empty_label=_("请选择"),
        error_messages={"required": _("请选择征集部门。"), "invalid_choice": PICK},
    )
    title = forms.CharField(
        label=_("标题"),
        max_length=actions.TITLE_LIMIT,
        error_messages={"required": _("请填写标题。")},
        help_text=_("例如：关于《××县农村人居环境整治实施方案（征求意见稿）》公开征求意见的公告"),
    )
    explanation = text_area(
        _("起草说明"),
        required=_("请填写起草说明。"),
        rows=6,
        max_length=actions.EXPLANATION_LIMIT,
        help_text=_("写明起草的必要性、依据、主要内容和需要重点听取意见的问题。"),
    )
    draft_text = text_area(
        _("草案全文"), required=_("请填写草案全文。"), rows=14, max_length=actions.DRAFT_LIMIT
    )
    draft_file = forms.FileField(
        label=_("草案文件"),
        required=False,
        widget=upload_input(DRAFT_FILE_KINDS),
        help_text=upload_help(DRAFT_FILE_KINDS, note=_("可选；公众可下载。")),
    )
    opens_on = date_field(_("开始日期"), _("请填写开始日期。"))
    closes_on = date_field(
        _("截止日期"),
        _("请填写截止日期。"),
        help_text=_("征求意见的期限一般不少于 30 日（《重大行政决策程序暂行条例》第十四条）。"),
    )

    def __init__(self, *args, user=None, new: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        if new:
            field = self.fields["department"]
            field.queryset = departments_for(user, roles.CONSULTATION_EDITOR).order_by("path")
        else:
            del self.fields["department"]

    def clean_draft_file(self):
        upload = self.cleaned_data.get("draft_file")
        if not upload:
            return None
        (checked,) = clean_uploads([upload], allowed=DRAFT_FILE_KINDS)
        return checked


class CommentForm(forms.Form):
    """A visitor's comment on an open draft."""

    author_name = forms.CharField(
        label=_("姓名"),
        max_length=actions.NAME_LIMIT,
        error_messages={"required": _("请填写姓名。")},
        help_text=_("公开时只显示姓氏。"),
    )
    body = text_area(
        _("意见"),
        required=_("请填写您的意见。"),
        rows=8,
        max_length=actions.COMMENT_LIMIT,
        help_text=_(
            "意见经审核后可能公开，其中的电话号码、证件号码等个人信息会自动遮盖。"
            "无论是否公开，每条意见都会在意见采纳情况中作出说明。"
        ),
    )


class ModerateForm(forms.Form):
    """One of two buttons: show the comment, or keep it from the public."""

    show = forms.ChoiceField(
        choices=[(YES, _("公开")), (NO, _("不公开"))],
        error_messages={"required": _("请选择是否公开此意见。"), "invalid_choice": PICK},
    )

    @property
    def is_shown(self) -> bool:
        return self.cleaned_data["show"] == YES


class RespondForm(forms.Form):
    adopted = yes_no(_("是否采纳"), _("采纳"), _("不予采纳"), _("请选择是否采纳。"))
    response = text_area(
        _("采纳情况说明"),
        required=_("请写明采纳情况或不予采纳的理由。"),
        rows=3,
        max_length=actions.RESPONSE_LIMIT,
        help_text=_("将在意见采纳情况中公开，请勿写入个人信息。"),
    )

    @property
    def is_adopted(self) -> bool:
        return self.cleaned_data["adopted"] == YES


class FeedbackForm(forms.Form):
    feedback = text_area(
        _("意见采纳情况说明"),
        required=_("请填写意见采纳情况说明。"),
        rows=6,
        max_length=actions.FEEDBACK_LIMIT,
        help_text=_(
            "概述征集到的意见、总体采纳情况和对草案作出的主要修改。每条意见的采纳情况随报告一并公开。"
        ),
    )


class FinalPolicyForm(forms.Form):
    index_number = forms.CharField(
        label=_("正式文件索引号"),
        max_length=actions.INDEX_LIMIT,
        error_messages={"required": _("请填写正式文件的索引号。")},
        help_text=_("正式文件在政府信息公开栏目发布后，填写其索引号，草案页面将链接到正式文件。"),
    )
