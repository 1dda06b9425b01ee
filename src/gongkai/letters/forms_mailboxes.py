"""The form of a mailbox's settings in the workbench. It only reads input; the rules (a slug
code not used before, one open 县长信箱 ...) are the action's (letters.actions.mailboxes),
whose refusals come back next to the field they name (core.forms.errors_into)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from gongkai.letters.actions import mailboxes as actions
from gongkai.letters.forms_staff import PICK, DepartmentField, text_area


class MailboxForm(forms.Form):
    """A new mailbox (`new=True`, with its code) or an existing one's settings; for someone
    who is not the administrator, the department and the 县长信箱 mark are shown, not changed."""

    name = forms.CharField(
        label=_("信箱名称"),
        max_length=actions.NAME_LIMIT,
        error_messages={"required": _("请填写信箱名称。")},
        help_text=_("例如：县农业农村局局长信箱"),
    )
    code = forms.CharField(
        label=_("信箱代码"),
        max_length=actions.CODE_LIMIT,
        error_messages={"required": _("请填写信箱代码。")},
        help_text=_(
            "写信页面网址的一部分（/hudong/write/代码/），由英文字母、数字、连字符组成，"
            "例如 nyj；建成后不能更改。"
        ),
    )
    department = DepartmentField(
        _("所属部门"),
        _("请选择所属部门。"),
        help_text=_("该部门的来信分办人员受理此信箱的来信。"),
    )
    description = text_area(
        _("说明"),
        rows=3,
        max_length=actions.DESCRIPTION_LIMIT,
        help_text=_("显示在政民互动页面的信箱名称下，例如受理范围和答复时限。"),
    )
    review_levels = forms.TypedChoiceField(
        label=_("答复审核级数"),
        choices=[
            (1, _("一级：答复部门审核后发出")),
            (2, _("两级：答复部门审核后，再由信箱所属部门审核")),
        ],
        coerce=int,
        initial=1,
        widget=forms.RadioSelect,
        error_messages={"required": _("请选择答复审核级数。"), "invalid_choice": PICK},
    )
    is_county_head = forms.BooleanField(
        label=_("县长信箱"),
        required=False,
        help_text=_("县长信箱排在政民互动页面的最前面；同一时间只能开放一个。"),
    )
    order = forms.IntegerField(
        label=_("排序"),
        initial=0,
        error_messages={
            "required": _("请填写排序号，例如 0。"),
            "invalid": _("排序请填写整数，例如 0。"),
        },
        help_text=_("数字小的排在前面。"),
    )

    def __init__(self, *args, new: bool = True, configures: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        if not new:
            del self.fields["code"]
        if not configures:
            for name in ("department", "is_county_head"):
                self.fields[name].disabled = True
                self.fields[name].help_text = _("由系统管理员设置。")
