"""The window's forms: registering a case, the case's next steps, 首问. They only read and
check input; every write is an action (services.actions), whose refusals come back next to
the field they name (core.forms.errors_into)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from gongkai.core.errors import InvalidInput
from gongkai.core.files import check_upload
from gongkai.core.forms import upload_help, upload_input
from gongkai.core.identity import IdType
from gongkai.core.models import User
from gongkai.services.models import CaseMaterial, Inquiry, ServiceItem
from gongkai.services.rules import Audience, Channel, Delivery, Result, SpecialProcedureKind

DATE_FORMAT = "%Y-%m-%d"
BAD_DATE = _("请按 YYYY-MM-DD 的格式填写日期，例如 2025-10-30。")
PICK = _("请从列表中选择。")
WINDOW_CHANNELS = [(value, label) for value, label in Channel.choices if value != Channel.ONLINE]
CLOSING_RESULTS = [
    (value, label)
    for value, label in Result.choices
    if value in (Result.WITHDRAWN, Result.VOIDED, Result.FORWARDED)
]


def date_field(label, *, help_text=""):
    return forms.DateField(
        label=label,
        input_formats=[DATE_FORMAT],
        widget=forms.DateInput(format=DATE_FORMAT, attrs={"type": "date"}),
        error_messages={"invalid": BAD_DATE, "required": _("请填写日期。")},
        help_text=help_text,
    )


def text_area(label, *, required=None, rows=3, max_length=2000, help_text=""):
    """A textarea; `required` is the message when it is empty."""
    return forms.CharField(
        label=label,
        required=required is not None,
        max_length=max_length,
        widget=forms.Textarea(attrs={"rows": rows}),
        error_messages={"required": required} if required else {},
        help_text=help_text,
    )


def choice(label, choices, *, required):
    """A select with an empty first choice; `required` is the message when none is chosen."""
    return forms.ChoiceField(
        label=label,
        choices=[("", _("请选择")), *choices],
        error_messages={"required": required, "invalid_choice": PICK},
    )


class UserChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.display_name or obj.username


def user_field(label, required_message):
    return UserChoiceField(
        label=label,
        queryset=User.objects.none(),
        empty_label=_("请选择"),
        error_messages={
            "required": required_message,
            "invalid_choice": _("所选人员不能办理此事项，请从列表中选择。"),
        },
    )


# ---------------------------------------------------------------- registration at the window


class ItemChoiceForm(forms.Form):
    """Step one of registering: which item (its materials make step two's checklist)."""

    item = forms.TypedChoiceField(
        label=_("办理事项"),
        coerce=int,
        error_messages={"required": _("请选择办理事项。"), "invalid_choice": PICK},
    )

    def __init__(self, *args, items=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.items = {item.pk: item for item in items}
        groups: dict[str, list] = {}
        for item in items:
            groups.setdefault(item.department.name, []).append((item.pk, item.current.name))
        self.fields["item"].choices = [("", _("请选择")), *groups.items()]

    def chosen(self) -> ServiceItem | None:
        return self.items.get(self.cleaned_data["item"]) if self.is_valid() else None


class RegisterForm(forms.Form):
    """The applicant in front of the clerk (or on the phone, or by post), and what they handed
    in: for each material, paper received and an optional scan."""

    APPLICANT_FIELDS = (
        "channel",
        "applicant_type",
        "applicant_name",
        "id_type",
        "id_number",
        "legal_representative",
        "phone",
        "address",
        "email",
        "delivery",
    )

    channel = choice(_("申请方式"), WINDOW_CHANNELS, required=_("请选择申请方式。"))
    applicant_type = choice(_("申请人类型"), Audience.choices, required=_("请选择申请人类型。"))
    applicant_name = forms.CharField(
        label=_("申请人姓名或名称"),
        max_length=100,
        error_messages={"required": _("请填写申请人姓名或名称。")},
    )
    id_type = choice(_("证件类型"), IdType.choices, required=_("请选择证件类型。"))
    id_number = forms.CharField(
        label=_("证件号码"), max_length=40, error_messages={"required": _("请填写证件号码。")}
    )
    legal_representative = forms.CharField(
        label=_("法定代表人"), max_length=50, required=False, help_text=_("申请人为法人时填写。")
    )
    phone = forms.CharField(
        label=_("联系电话"), max_length=30, error_messages={"required": _("请填写联系电话。")}
    )
    address = forms.CharField(label=_("通信地址"), max_length=200, required=False)
    email = forms.EmailField(
        label=_("电子邮箱"),
        max_length=254,
        required=False,
        error_messages={"invalid": _("电子邮箱格式不正确。")},
    )
    delivery = choice(_("送达方式"), Delivery.choices, required=_("请选择送达方式。"))

    def __init__(self, *args, materials=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.materials = list(materials)
        for material in self.materials:
            # Each label names its material: a screen reader lists them out of the row.
            self.fields[f"paper_{material.pk}"] = forms.BooleanField(
                label=_("收到纸质材料：%(name)s") % {"name": material.name}, required=False
            )
            self.fields[f"file_{material.pk}"] = forms.FileField(
                label=_("扫描件：%(name)s") % {"name": material.name},
                required=False,
                widget=upload_input(),
                help_text=upload_help(),
            )

    def applicant_fields(self):
        return [self[name] for name in self.APPLICANT_FIELDS]

    def material_rows(self):
        return [
            (material, self[f"paper_{material.pk}"], self[f"file_{material.pk}"])
            for material in self.materials
        ]

    def clean(self):
        data = super().clean()
        for material in self.materials:
            name = f"file_{material.pk}"
            upload = data.get(name)
            if upload:
                try:
                    data[name] = check_upload(upload)
                except InvalidInput as exc:
                    self.add_error(name, exc.message)
        return data


# ---------------------------------------------------------------- the case page's steps


class AssignForm(forms.Form):
    handler = user_field(_("经办人"), _("请选择经办人。"))

    def __init__(self, *args, handlers=None, **kwargs):
        super().__init__(*args, **kwargs)
        if handlers is not None:
            self.fields["handler"].queryset = handlers


class AcceptForm(forms.Form):
    opinion = text_area(_("受理意见"), rows=2)


class RefuseForm(forms.Form):
    reason = text_area(
        _("不予受理的理由"),
        required=_("请写明不予受理的理由。"),
        help_text=_("写入不予受理通知书，申请人可见。"),
    )


class NoticeForm(forms.Form):
    """一次性告知 (行政许可法 Art. 32): a row per material; what is wrong with each one
    that needs supplying or correcting, all in one notice."""

    note = text_area(_("其他说明"), rows=2)

    def __init__(self, *args, materials=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.materials = list(materials)
        for row in self.materials:
            missing = row.state == CaseMaterial.State.MISSING
            self.fields[f"problem_{row.pk}"] = forms.CharField(
                label=row.name,
                required=False,
                max_length=300,
                initial=_("未提交此材料，请补交。") if missing else "",
                help_text=_("未提交的材料总会列入告知书。")
                if missing
                else _("当前状态：%(state)s。符合要求的留空。")
                % {"state": row.get_state_display()},
            )

    def problems(self) -> dict[int, str]:
        data = self.cleaned_data
        return {
            row.pk: data[f"problem_{row.pk}"].strip()
            for row in self.materials
            if data.get(f"problem_{row.pk}", "").strip()
        }


class SupplyForm(forms.Form):
    """The applicant brings what the one-time notice asked for to the window: a scan of each."""

    def __init__(self, *args, materials=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.materials = list(materials)
        for row in self.materials:
            self.fields[f"material_{row.pk}"] = forms.FileField(
                label=row.name,
                required=False,
                widget=upload_input(),
                help_text=row.problem or upload_help(),
            )

    def clean(self):
        data = super().clean()
        for row in self.materials:
            name = f"material_{row.pk}"
            if data.get(name):
                try:
                    data[name] = check_upload(data[name])
                except InvalidInput as exc:
                    self.add_error(name, exc.message)
        return data

    def files_by_row(self) -> dict:
        data = self.cleaned_data
        return {
            r.pk: data[f"material_{r.pk}"] for r in self.materials if data.get(f"material_{r.pk}")
        }


class ReviewForm(forms.Form):
    opinion = text_area(_("审查意见（一审）"), required=_("请填写审查意见。"), rows=4)


class ExtendForm(forms.Form):
    reason = text_area(
        _("延长理由"),
        required=_("请写明延长办理期限的理由。"),
        help_text=_("行政许可法第四十二条：经本行政机关负责人批准，可以延长十个工作日。"),
    )


class SpecialStartForm(forms.Form):
    kind = choice(_("特别程序"), SpecialProcedureKind.choices, required=_("请选择特别程序。"))
    on = date_field(_("开始日期"), help_text=_("特别程序所需时间不计入办理期限。"))
    note = text_area(_("说明"), rows=2)


class SpecialEndForm(forms.Form):
    on = date_field(_("结束日期"), help_text=_("办理期限自次日起恢复计算。"))


class DecideForm(forms.Form):
    GRANT, DENY = "grant", "deny"

    decision = forms.ChoiceField(
        label=_("审批决定"),
        choices=[(GRANT, _("准予许可（出证）")), (DENY, _("不予许可"))],
        widget=forms.RadioSelect,
        error_messages={"required": _("请选择审批决定。"), "invalid_choice": PICK},
    )
    opinion = text_area(_("审批意见（一核）"), required=_("请填写审批意见。"), rows=3)
    reason = text_area(
        _("不予许可的理由"),
        rows=3,
        help_text=_("不予许可的必须写明理由；决定书将告知申请复议或提起诉讼的权利。"),
    )

    def clean(self):
        data = super().clean()
        if data.get("decision") == self.DENY and not data.get("reason", "").strip():
            self.add_error("reason", _("不予许可的，请写明理由。"))
        return data


class CloseForm(forms.Form):
    result = choice(_("办结方式"), CLOSING_RESULTS, required=_("请选择办结方式。"))
    reason = text_area(_("理由"), required=_("请写明理由。"), rows=2)


class DeliverForm(forms.Form):
    method = choice(_("送达方式"), Delivery.choices, required=_("请选择送达方式。"))
    on = date_field(_("送达日期"))
    note = forms.CharField(
        label=_("送达凭证"),
        max_length=200,
        required=False,
        help_text=_("如签收人、邮件号。"),
    )


# ---------------------------------------------------------------- 首问负责


class InquiryForm(forms.Form):
    via = choice(_("来访方式"), Inquiry.Via.choices, required=_("请选择来访方式。"))
    name = forms.CharField(
        label=_("来访人姓名"), max_length=100, error_messages={"required": _("请填写来访人姓名。")}
    )
    phone = forms.CharField(label=_("联系电话"), max_length=30, required=False)
    question = text_area(_("咨询事项"), required=_("请填写咨询事项。"), rows=3)
    item = forms.ModelChoiceField(
        label=_("涉及事项"),
        queryset=ServiceItem.objects.none(),
        required=False,
        empty_label=_("不涉及具体事项"),
        error_messages={"invalid_choice": PICK},
    )

    def __init__(self, *args, items=None, **kwargs):
        super().__init__(*args, **kwargs)
        if items is not None:
            self.fields["item"].queryset = items
        self.fields["item"].label_from_instance = lambda item: item.current.name


class HandOverForm(forms.Form):
    to = user_field(_("移交给"), _("请选择接手的工作人员。"))
    note = text_area(_("移交说明"), rows=2, max_length=500)

    def __init__(self, *args, people=None, **kwargs):
        super().__init__(*args, **kwargs)
        if people is not None:
            self.fields["to"].queryset = people


class AnswerForm(forms.Form):
    answer = text_area(_("答复情况"), required=_("请填写答复情况。"), rows=3)
