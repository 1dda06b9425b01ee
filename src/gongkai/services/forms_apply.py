"""Forms of the applicant's side of a case: the online application with its materials,
the progress query, and supplying materials after a one-time notice. They read and check
input; every write is an action."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from gongkai.core import file_kinds, identity
from gongkai.core.forms import (
    clean_uploads,
    errors_into,
    tracking_form,
    upload_help,
    upload_input,
)
from gongkai.core.identity import IdType
from gongkai.services import actions
from gongkai.services.rules import Audience, Delivery, Necessity

# What a material may be handed in as: scans, photos, documents (no archives, no programs).
MATERIAL_TYPES = {
    file_kinds.PDF,
    file_kinds.OFD,
    "image/jpeg",
    "image/png",
    file_kinds.DOCX,
    "application/msword",
}
MATERIAL_PREFIX = "material_"
FILES_AGAIN = _("页面提示填写有误时，已选择的文件需要重新选择。")


def upload_label(row) -> str:
    return _("上传：%(name)s") % {"name": row.name}


def material_field(label: str) -> forms.FileField:
    return forms.FileField(
        label=label,
        required=False,
        widget=upload_input(MATERIAL_TYPES),
        help_text=upload_help(MATERIAL_TYPES, note=FILES_AGAIN),
        error_messages={"empty": _("上传的文件是空的，请重新选择。")},
    )


class MaterialFieldsMixin:
    """One optional file input per material row, named `material_<pk>`, checked by content."""

    def add_material_fields(self, rows, label) -> None:
        self.material_rows = list(rows)
        for row in self.material_rows:
            self.fields[f"{MATERIAL_PREFIX}{row.pk}"] = material_field(label(row))

    def clean_material_files(self) -> dict[int, object]:
        """{row pk: CheckedFile} for every chosen file; a refused one is an error at its field."""
        checked = {}
        for row in self.material_rows:
            name = f"{MATERIAL_PREFIX}{row.pk}"
            upload = self.cleaned_data.get(name)
            if not upload:
                continue
            try:
                checked[row.pk] = clean_uploads([upload], allowed=MATERIAL_TYPES)[0]
            except forms.ValidationError as exc:
                self.add_error(name, exc)
        return checked

    def material_fields(self):
        """(row, bound field) in the rows' order, for the template."""
        return [(row, self[f"{MATERIAL_PREFIX}{row.pk}"]) for row in self.material_rows]


class ApplyForm(MaterialFieldsMixin, forms.Form):
    """网上申请: the applicant, then the item's materials as a checklist of uploads.

    A required material may be left out: the case is taken and the window tells, in one
    notice, everything still missing (行政许可法 Art. 32 (四)), which the receipt says.
    """

    applicant_type = forms.ChoiceField(
        label=_("申请人类型"),
        choices=Audience.choices,
        widget=forms.RadioSelect,
        initial=Audience.PERSON.value,
        error_messages={
            "required": _("请选择申请人类型。"),
            "invalid_choice": _("请选择申请人类型。"),
        },
    )
    applicant_name = forms.CharField(
        label=_("申请人姓名或单位名称"),
        max_length=100,
        error_messages={
            "required": _("请填写申请人姓名或单位名称。"),
            "max_length": _("姓名或名称不能超过 100 个字。"),
        },
        help_text=_("自然人填写本人姓名；法人填写营业执照或登记证书上的全称。"),
    )
    legal_representative = forms.CharField(
        label=_("法定代表人"),
        max_length=50,
        required=False,
        error_messages={"max_length": _("法定代表人姓名不能超过 50 个字。")},
        help_text=_("法人必填。"),
    )
    id_type = forms.ChoiceField(
        label=_("证件类型"),
        choices=IdType.choices,
        initial=IdType.RESIDENT_ID.value,
        error_messages={
            "required": _("请选择证件类型。"),
            "invalid_choice": _("请选择证件类型。"),
        },
        help_text=_("自然人选择本人身份证件；法人选择统一社会信用代码。"),
    )
    id_number = forms.CharField(
        label=_("证件号码"),
        max_length=50,
        error_messages={"required": _("请填写证件号码。"), "max_length": _("证件号码过长。")},
        help_text=_("居民身份证号码为 18 位，最后一位可能是 X；统一社会信用代码为 18 位。"),
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )
    phone = forms.CharField(
        label=_("联系电话"),
        max_length=30,
        error_messages={"required": _("请填写联系电话。"), "max_length": _("联系电话过长。")},
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"}),
        help_text=_("手机号或固定电话，如 13800000000 或 0851-12345678。"),
    )
    email = forms.EmailField(
        label=_("电子邮箱"),
        max_length=254,
        required=False,
        error_messages={
            "invalid": _("电子邮箱格式不正确，如 name@example.com。"),
            "max_length": _("电子邮箱过长。"),
        },
        widget=forms.TextInput(attrs={"type": "email", "autocomplete": "email"}),
    )
    address = forms.CharField(
        label=_("通信地址"),
        max_length=200,
        required=False,
        error_messages={"max_length": _("通信地址不能超过 200 个字。")},
        widget=forms.TextInput(attrs={"autocomplete": "street-address"}),
        help_text=_("选择邮寄送达时必填。"),
    )
    delivery = forms.ChoiceField(
        label=_("办理结果送达方式"),
        choices=Delivery.choices,
        widget=forms.RadioSelect,
        initial=Delivery.IN_PERSON.value,
        error_messages={
            "required": _("请选择送达方式。"),
            "invalid_choice": _("请选择送达方式。"),
        },
    )

    APPLICANT_FIELDS = ("applicant_name", "legal_representative", "id_type", "id_number")
    CONTACT_FIELDS = ("phone", "email", "address")

    def __init__(self, *args, version, **kwargs):
        super().__init__(*args, **kwargs)
        self.version = version
        self.add_material_fields(version.materials.all(), upload_label)
        self.applicant = None
        self.files_checked: dict[int, object] = {}

    def clean(self):
        cleaned = super().clean()
        self.files_checked = self.clean_material_files()
        # Every mistake at once: each field's own check here; the action's check_applicant
        # stays the authority and runs last, on input that passed these.
        organisation = cleaned.get("applicant_type") == Audience.ORGANISATION
        if {"id_type", "id_number"} <= cleaned.keys():
            with errors_into(self):
                identity.check_id_number(
                    cleaned["id_type"], cleaned["id_number"], organisation=organisation
                )
        if "phone" in cleaned:
            with errors_into(self):
                identity.check_phone(cleaned["phone"])
        if organisation and not cleaned.get("legal_representative", "x").strip():
            self.add_error(
                "legal_representative", _("法人或其他组织请填写法定代表人（负责人）姓名。")
            )
        if cleaned.get("delivery") == Delivery.POST and not cleaned.get("address", "x").strip():
            self.add_error("address", _("选择邮寄送达时，请填写通信地址。"))
        if not self.errors:
            with errors_into(self):
                self.applicant = actions.check_applicant(self._applicant_data())
        return cleaned

    def _applicant_data(self):
        data = self.cleaned_data
        return actions.ApplicantData(
            applicant_type=data["applicant_type"],
            applicant_name=data["applicant_name"],
            id_type=data["id_type"],
            id_number=data["id_number"],
            phone=data["phone"],
            legal_representative=data.get("legal_representative", ""),
            address=data.get("address", ""),
            email=data.get("email", ""),
            delivery=data["delivery"],
        )

    # ------------------------------------------------------------ for the views

    def submissions(self) -> list:
        """Every material of the version, with its file when one was chosen (after is_valid)."""
        return [
            actions.MaterialSubmission(material=material, file=self.files_checked.get(material.pk))
            for material in self.material_rows
        ]

    def missing_required(self) -> list:
        return [
            material
            for material in self.material_rows
            if material.necessity == Necessity.REQUIRED and material.pk not in self.files_checked
        ]

    def applicant_fields(self):
        return [self[name] for name in self.APPLICANT_FIELDS]

    def contact_fields(self):
        return [self[name] for name in self.CONTACT_FIELDS]


class TrackForm(
    tracking_form(
        number_label=_("办件编号"),
        number_hint=_("提交申请后回执上的编号，如 ZW2025000001。"),
        number_max_length=24,
        code_hint=_("回执上的查询码，如 ABCD-EFGH-JKMN-PQRS；不区分大小写。"),
    )
):
    """查询办理进度: the case number and the query code given on the receipt."""


class SupplyForm(MaterialFieldsMixin, forms.Form):
    """补正材料: a file for each material the one-time notice asked for, all of them."""

    def __init__(self, *args, rows, **kwargs):
        super().__init__(*args, **kwargs)
        self.add_material_fields(rows, upload_label)
        self.files_checked: dict[int, object] = {}

    def clean(self):
        cleaned = super().clean()
        self.files_checked = self.clean_material_files()
        # The notice listed everything at once; it is answered with everything at once.
        for row in self.material_rows:
            name = f"{MATERIAL_PREFIX}{row.pk}"
            if row.pk not in self.files_checked and name not in self.errors:
                self.add_error(name, _("请选择“%(name)s”的补正文件。") % {"name": row.name})
        return cleaned
