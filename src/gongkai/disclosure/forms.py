"""Forms of 依申请公开. They only read and check input; every write is an action."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from gongkai.core import identity
from gongkai.core.forms import (
    clean_uploads,
    errors_into,
    tracking_form,
    upload_help,
    upload_input,
)
from gongkai.core.models import Department
from gongkai.disclosure.actions import ApplicationData
from gongkai.disclosure.rules import (
    ORGANISATION_LABEL,
    ApplicantType,
    Delivery,
    IdType,
    RequestedForm,
)

# What an identity document scan may be: a photo or a PDF, checked by content.
ID_SCAN_TYPES = {"image/jpeg", "image/png", "application/pdf"}
RECEIVING_KINDS = (
    Department.Kind.GOVERNMENT,
    Department.Kind.OFFICE,
    Department.Kind.TOWNSHIP,
)


def receiving_agencies():
    """受理机关: the county government, its bureaus and the townships (not villages)."""
    return Department.objects.filter(kind__in=RECEIVING_KINDS).order_by("path")


def default_agency() -> Department | None:
    return Department.objects.filter(parent=None).order_by("order", "pk").first()


class AgencyChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.name


class ApplicationForm(forms.Form):
    """政府信息公开申请表 (条例 Art. 29). Staff registration adds channel and receipt date."""

    department = AgencyChoiceField(
        label=_("受理机关"),
        queryset=Department.objects.none(),
        empty_label=None,
        error_messages={
            "required": _("请选择受理机关。"),
            "invalid_choice": _("请从列表中选择受理机关。"),
        },
        help_text=_("信息由哪个机关制作或保存，就向哪个机关申请；不清楚时选县人民政府。"),
    )
    applicant_type = forms.ChoiceField(
        label=_("申请人类型"),
        choices=[
            (ApplicantType.NATURAL.value, ApplicantType.NATURAL.label),
            (
                _(ORGANISATION_LABEL),
                [(t.value, t.label) for t in ApplicantType if t != ApplicantType.NATURAL],
            ),
        ],
        widget=forms.RadioSelect,
        initial=ApplicantType.NATURAL.value,
        error_messages={
            "required": _("请选择申请人类型。"),
            "invalid_choice": _("请选择申请人类型。"),
        },
    )
    applicant_name = forms.CharField(
        label=_("申请人姓名或名称"),
        max_length=100,
        error_messages={
            "required": _("请填写申请人姓名或名称。"),
            "max_length": _("姓名或名称不能超过 100 个字。"),
        },
        help_text=_("自然人填写本人姓名；法人或其他组织填写单位全称。"),
    )
    legal_representative = forms.CharField(
        label=_("法定代表人"),
        max_length=50,
        required=False,
        error_messages={"max_length": _("法定代表人姓名不能超过 50 个字。")},
        help_text=_("法人或其他组织填写。"),
    )
    contact_person = forms.CharField(
        label=_("联系人"),
        max_length=50,
        required=False,
        error_messages={"max_length": _("联系人姓名不能超过 50 个字。")},
        help_text=_("法人或其他组织必填。"),
    )
    id_type = forms.ChoiceField(
        label=_("证件类型"),
        choices=IdType.choices,
        initial=IdType.RESIDENT_ID.value,
        error_messages={
            "required": _("请选择证件类型。"),
            "invalid_choice": _("请选择证件类型。"),
        },
        help_text=_("自然人选择本人身份证件；法人或其他组织选择统一社会信用代码。"),
    )
    id_number = forms.CharField(
        label=_("证件号码"),
        max_length=50,
        error_messages={
            "required": _("请填写证件号码。"),
            "max_length": _("证件号码过长。"),
        },
        help_text=_("居民身份证号码为 18 位，最后一位可能是 X；统一社会信用代码为 18 位。"),
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )
    id_scan = forms.FileField(
        label=_("证件扫描件或照片"),
        required=False,
        widget=upload_input(ID_SCAN_TYPES),
        help_text=upload_help(ID_SCAN_TYPES, note=_("页面提示填写有误时，需要重新选择此文件。")),
    )
    phone = forms.CharField(
        label=_("联系电话"),
        max_length=30,
        error_messages={
            "required": _("请填写联系电话。"),
            "max_length": _("联系电话过长。"),
        },
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"}),
        help_text=_("手机号或固定电话，如 13800000000 或 0851-12345678。"),
    )
    email = forms.CharField(
        label=_("电子邮箱"),
        max_length=254,
        required=False,
        error_messages={"max_length": _("电子邮箱过长。")},
        widget=forms.TextInput(attrs={"type": "email", "autocomplete": "email"}),
        help_text=_("选择电子邮件获取信息时必填。"),
    )
    address = forms.CharField(
        label=_("通信地址"),
        max_length=200,
        required=False,
        error_messages={"max_length": _("通信地址不能超过 200 个字。")},
        widget=forms.TextInput(attrs={"autocomplete": "street-address"}),
        help_text=_("选择邮寄时必填。"),
    )
    postcode = forms.CharField(
        label=_("邮政编码"),
        max_length=6,
        required=False,
        error_messages={"max_length": _("邮政编码应为 6 位数字。")},
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "postal-code"}),
    )
    info_title = forms.CharField(
        label=_("所需政府信息的名称"),
        max_length=200,
        error_messages={
            "required": _("请填写所需政府信息的名称。"),
            "max_length": _("名称不能超过 200 个字。"),
        },
    )
    info_document_number = forms.CharField(
        label=_("文件编号（文号）"),
        max_length=100,
        required=False,
        error_messages={"max_length": _("文件编号不能超过 100 个字。")},
        help_text=_("知道的话请填写，例如：示府办发〔2025〕12号。"),
    )
    info_description = forms.CharField(
        label=_("所需政府信息的内容描述"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={
            "required": _("请描述所需的政府信息（如内容、形成时间等），以便查找。"),
            "max_length": _("内容描述不能超过 5000 个字。"),
        },
        help_text=_("请写明信息的内容、形成机关、大致时间等，便于准确查找。"),
    )
    requested_form = forms.ChoiceField(
        label=_("信息的指定提供载体形式"),
        choices=RequestedForm.choices,
        widget=forms.RadioSelect,
        initial=RequestedForm.ELECTRONIC.value,
        error_messages={
            "required": _("请选择信息的载体形式。"),
            "invalid_choice": _("请选择信息的载体形式。"),
        },
    )
    delivery = forms.ChoiceField(
        label=_("获取信息的方式"),
        choices=Delivery.choices,
        widget=forms.RadioSelect,
        initial=Delivery.ONLINE.value,
        error_messages={
            "required": _("请选择获取信息的方式。"),
            "invalid_choice": _("请选择获取信息的方式。"),
        },
    )

    organisation_label = _(ORGANISATION_LABEL)

    # Fields shown together under one heading of the page, in this order.
    APPLICANT_FIELDS = ("applicant_name", "legal_representative", "contact_person")
    IDENTITY_FIELDS = ("id_type", "id_number", "id_scan")
    CONTACT_FIELDS = ("phone", "email", "address", "postcode")
    INFO_FIELDS = ("info_title", "info_document_number", "info_description")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        agencies = self.fields["department"]
        agencies.queryset = receiving_agencies()
        if not self.is_bound:
            agencies.initial = default_agency()

    def clean_id_scan(self):
        upload = self.cleaned_data.get("id_scan")
        if not upload:
            return None
        return clean_uploads([upload], allowed=ID_SCAN_TYPES)[0]

    def clean(self):
        # The action checks all of this again and stays the authority; running identity's
        # checks here too shows every mistake at once instead of one per submission.
        cleaned = super().clean()
        checks = [
            ("phone", lambda: identity.check_phone(cleaned["phone"])),
            ("postcode", lambda: identity.check_postcode(cleaned["postcode"])),
        ]
        if {"applicant_type", "id_type", "id_number"} <= cleaned.keys():
            checks.append(
                (
                    "id_number",
                    lambda: identity.check_id_number(
                        cleaned["id_type"],
                        cleaned["id_number"],
                        organisation=cleaned["applicant_type"] != ApplicantType.NATURAL,
                    ),
                )
            )
        for name, check in checks:
            if name not in cleaned:
                continue
            with errors_into(self):
                check()
        return cleaned

    # ------------------------------------------------------------ for the views

    def application_data(self) -> ApplicationData:
        """The checked input as the action takes it (call after is_valid())."""
        data = self.cleaned_data
        return ApplicationData(
            applicant_type=data["applicant_type"],
            applicant_name=data["applicant_name"],
            id_type=data["id_type"],
            id_number=data["id_number"],
            phone=data["phone"],
            info_title=data["info_title"],
            info_description=data["info_description"],
            requested_form=data["requested_form"],
            delivery=data["delivery"],
            legal_representative=data.get("legal_representative", ""),
            contact_person=data.get("contact_person", ""),
            email=data.get("email", ""),
            address=data.get("address", ""),
            postcode=data.get("postcode", ""),
            info_document_number=data.get("info_document_number", ""),
        )

    def group(self, names):
        return [self[name] for name in names]

    def applicant_fields(self):
        return self.group(self.APPLICANT_FIELDS)

    def identity_fields(self):
        return self.group(self.IDENTITY_FIELDS)

    def contact_fields(self):
        return self.group(self.CONTACT_FIELDS)

    def info_fields(self):
        return self.group(self.INFO_FIELDS)

    def applicant_type_options(self):
        """The applicant-type radios: (natural person's, the five organisation kinds')."""
        radios = list(self["applicant_type"])
        natural = [r for r in radios if r.data["value"] == ApplicantType.NATURAL]
        return natural, [r for r in radios if r.data["value"] != ApplicantType.NATURAL]


class TrackForm(
    tracking_form(
        number_label=_("申请编号"),
        number_hint=_("提交申请后回执上的编号，如 2025-00001。"),
        number_max_length=20,
        code_hint=_("回执上的 16 位查询码，如 ABCD-EFGH-JKMN-PQRS；不区分大小写。"),
    )
):
    """查询办理进度: the request number and the query code given on the receipt."""
