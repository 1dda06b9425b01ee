"""Workbench forms of 依申请公开. They only read and check input; every write is an action."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from gongkai.core import references
from gongkai.core.forms import MultipleFileField, clean_uploads, upload_help
from gongkai.core.models import User
from gongkai.disclosure.forms import ApplicationForm
from gongkai.disclosure.models import Consultation, DisclosureRequest
from gongkai.disclosure.rules import (
    EXTENSION_MAX_DAYS,
    NOT_HELD,
    OUTCOME_GROUPS,
    RECEIPT_RULE,
    Channel,
    FeeMethod,
    ReviewKind,
    ReviewResult,
)

DATE_FORMAT = "%Y-%m-%d"
BAD_DATE = _("请按 YYYY-MM-DD 的格式填写日期，例如 2025-10-30。")
STAFF_CHANNELS = [(value, label) for value, label in Channel.choices if value != Channel.ONLINE]
# Scans of identity papers and letters: PDF or images.
SCAN_TYPES = {"application/pdf", "image/jpeg", "image/png", "image/tiff"}


def date_field(label, *, required=True, help_text=""):
    return forms.DateField(
        label=label,
        required=required,
        input_formats=[DATE_FORMAT],
        widget=forms.DateInput(format=DATE_FORMAT, attrs={"type": "date"}),
        error_messages={"invalid": BAD_DATE, "required": _("请填写日期。")},
        help_text=help_text,
    )


def text_area(label, *, required=None, rows=3, max_length=None, help_text=""):
    """A textarea; `required` is the message when it is empty (the action's own words)."""
    return forms.CharField(
        label=label,
        required=required is not None,
        max_length=max_length,
        widget=forms.Textarea(attrs={"rows": rows}),
        error_messages={"required": required} if required else {},
        help_text=help_text,
    )


def _choices(choices, empty):
    return [("", empty), *choices]


def late_reason_field(help_text):
    """Why a step is taken after its legal time (条例 Art. 30): required then by the action."""
    return text_area(_("逾期原因"), max_length=500, rows=2, help_text=help_text)


def receipt_rule_text() -> str:
    """Art. 31, as help under the receipt date: the rule for each channel staff register."""
    rules = "；".join(
        f"{Channel(value).label}：{RECEIPT_RULE[Channel(value)]}" for value, _l in STAFF_CHANNELS
    )
    return _("按《条例》第三十一条确定收到申请的日期——%(rules)s。") % {"rules": rules}


class RegisterForm(ApplicationForm):
    """A request that came in person, by post or by fax, registered by a disclosure officer:
    the public application form (Art. 29) with the channel and the Art. 31 receipt date."""

    channel = forms.ChoiceField(
        label=_("申请方式"),
        choices=_choices(STAFF_CHANNELS, _("请选择")),
        error_messages={
            "required": _("请选择申请方式。"),
            "invalid_choice": _("网上申请由申请人在门户网站提交，这里请选择其他方式。"),
        },
    )
    received_on = date_field(_("收到申请日期"))
    note = text_area(_("登记备注"), max_length=2000, rows=2)

    RECEIPT_FIELDS = ("department", "channel", "received_on", "note")

    def __init__(self, *args, departments=None, **kwargs):
        super().__init__(*args, **kwargs)
        agencies = self.fields["department"]
        agencies.queryset = agencies.queryset.filter(pk__in=departments.values("pk"))
        agencies.empty_label = _("请选择")
        agencies.error_messages["invalid_choice"] = _("您不能为这个机关登记申请，请从列表中选择。")
        agencies.help_text = ""
        if not self.is_bound:
            choices = list(agencies.queryset[:2])
            agencies.initial = choices[0] if len(choices) == 1 else None
        self.fields["received_on"].help_text = receipt_rule_text()

    def receipt_fields(self):
        return self.group(self.RECEIPT_FIELDS)


# ---------------------------------------------------------------- list filters


class ListFilterForm(forms.Form):
    q = forms.CharField(
        label=_("检索"),
        required=False,
        max_length=100,
        help_text=_("申请编号、所需信息名称、申请人姓名或名称，或完整的证件号码。"),
    )
    status = forms.ChoiceField(
        label=_("状态"),
        required=False,
        choices=_choices(DisclosureRequest.Status.choices, _("全部")),
    )
    outcome = forms.ChoiceField(
        label=_("办理结果"),
        required=False,
        choices=_choices([(g.code, g.label) for g in OUTCOME_GROUPS], _("全部")),
    )
    year = forms.TypedChoiceField(label=_("收到年度"), required=False, coerce=int, empty_value=None)
    deadline = forms.ChoiceField(
        label=_("期限"),
        required=False,
        choices=[
            ("", _("全部")),
            ("overdue", _("已超期或逾期办理")),
            ("due_soon", _("即将到期")),
        ],
    )
    mine = forms.BooleanField(label=_("只看我经办的"), required=False)

    def __init__(self, *args, years=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = _choices([(str(y), str(y)) for y in years], _("全部"))
        for field in self.fields.values():
            field.error_messages["invalid_choice"] = _("请从列表中选择。")


# ---------------------------------------------------------------- the request page's steps


class UserChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.display_name or obj.username


class AssignForm(forms.Form):
    handler = UserChoiceField(
        label=_("经办人"),
        queryset=User.objects.none(),
        empty_label=_("请选择"),
        error_messages={
            "required": _("请选择经办人。"),
            "invalid_choice": _("所选人员不是本机关的依申请公开经办人。"),
        },
    )

    def __init__(self, *args, handlers=None, **kwargs):
        super().__init__(*args, **kwargs)
        if handlers is not None:
            self.fields["handler"].queryset = handlers


class CorrectionForm(forms.Form):
    """Art. 30: one notice listing everything to correct."""

    items = text_area(
        _("需要补正的事项"),
        required=_("请列明需要补正的全部事项。"),
        rows=4,
        max_length=5000,
        help_text=_("一次性列明全部需要补正的事项，补正告知只能发一次。"),
    )
    deadline = date_field(
        _("补正期限"), required=False, help_text=_("留空则按默认的补正期限（工作日）计算。")
    )
    on = date_field(_("告知日期"))
    late_reason = late_reason_field(
        _("收到申请 7 个工作日后才告知补正的，须填写逾期原因；记入办理过程，申请人可见。")
    )


class CorrectedForm(forms.Form):
    on = date_field(_("收到补正材料日期"), help_text=_("答复期限自这一天起重新计算。"))
    note = text_area(_("说明"), max_length=2000, rows=2)
    late_reason = late_reason_field(
        _("补正期限届满后才收到的，须填写申请人逾期补正的正当理由；记入办理过程，申请人可见。")
    )
    file = forms.FileField(
        label=_("补正后的申请"), required=False, help_text=upload_help(SCAN_TYPES)
    )

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if not upload:
            return None
        return clean_uploads([upload], allowed=SCAN_TYPES)[0]


class ConsultationStartForm(forms.Form):
    party = forms.ChoiceField(
        label=_("征求对象类型"),
        choices=_choices(Consultation.Party.choices, _("请选择")),
        help_text=_(
            "第三方 15 个工作日内提出意见（第三十二条）；其他机关 15 个工作日（第三十四条）。"
        ),
        error_messages={"required": _("请选择征求对象类型。")},
    )
    party_name = forms.CharField(
        label=_("征求对象"),
        max_length=100,
        error_messages={"required": _("请填写征求意见的对象。")},
        help_text=_("第三方或其他机关的名称。"),
    )
    on = date_field(_("发出日期"), help_text=_("答复期限自这一天起暂停计算。"))
    matter = text_area(
        _("需要说明的事项"),
        max_length=2000,
        help_text=_("写入征求意见函，可留空。征求意见函发给对方，请勿写入申请人的个人信息。"),
    )


class ConsultationDeliveredForm(forms.Form):
    """Art. 32 / 34: the party's 15 working days run from the day it receives the letter."""

    on = date_field(
        _("对方收到征求意见函的日期"),
        help_text=_("意见期限自这一天起计算 15 个工作日（第三十二条、第三十四条）。"),
    )


class ConsultationEndForm(forms.Form):
    answer = forms.ChoiceField(
        label=_("意见结论"),
        choices=_choices(Consultation.Answer.choices, _("请选择")),
        error_messages={
            "required": _("请选择征求意见的结果。"),
            "invalid_choice": _("请从列表中选择。"),
        },
        help_text=_(
            "逾期未提出意见：第三方的，由本机关依法决定是否公开；其他机关的，视为同意公开。"
        ),
    )
    on = date_field(
        _("收到意见日期"),
        help_text=_(
            "答复期限自次日起恢复计算，最迟自意见期限届满次日起。逾期未提出意见的，填写登记之日。"
        ),
    )
    opinion = text_area(_("意见"), max_length=5000, help_text=_("不同意公开的，写明其意见和理由。"))


class ThirdPartyNoticeForm(forms.Form):
    """Art. 32: disclosing over a third party's objection, told to it in writing first."""

    content = text_area(
        _("决定公开的政府信息内容"),
        required=_("请写明决定公开的政府信息内容。"),
        max_length=5000,
    )
    reason = text_area(
        _("决定公开的理由"),
        required=_("请写明决定公开的理由（不公开可能对公共利益造成重大影响）。"),
        max_length=5000,
        help_text=_("第三十二条：认为不公开可能对公共利益造成重大影响的，可以决定予以公开。"),
    )
    on = date_field(_("告知日期"))


class ExtensionForm(forms.Form):
    """Art. 33: at most EXTENSION_MAX_DAYS working days, approved by the office's head."""

    days = forms.IntegerField(
        label=_("延长工作日数"),
        min_value=1,
        max_value=EXTENSION_MAX_DAYS,
        error_messages={
            "required": _("请填写延长的工作日数。"),
            "invalid": _("请填写整数。"),
            "min_value": _("延长期限应为 1 至 %(max)d 个工作日。") % {"max": EXTENSION_MAX_DAYS},
            "max_value": _("延长期限应为 1 至 %(max)d 个工作日。") % {"max": EXTENSION_MAX_DAYS},
        },
        help_text=_("最长 %(max)d 个工作日，只能延长一次。") % {"max": EXTENSION_MAX_DAYS},
    )
    reason = text_area(
        _("延期理由"),
        required=_("请填写延期理由。"),
        max_length=500,
        rows=2,
        help_text=_("写入延期答复告知书。"),
    )
    on = date_field(_("同意延期日期"))


# Art. 36 (五) (the information is another agency's to disclose) is a decision of its own,
# counted under 四.1: its own option, next to 4.1, in the outcome list.
NOT_RESPONSIBLE_CHOICE = "4.1/36.5"
NOT_RESPONSIBLE_LABEL = _(
    "1.本机关不掌握相关政府信息：不属于本机关负责公开（第三十六条第（五）项）"
)


def outcome_choices():
    """Table 三's rows: groups without sub-reasons are options, the others option groups."""
    choices: list = [("", _("请选择办理结果"))]
    for group in OUTCOME_GROUPS:
        if group.reasons:
            reasons = list(group.reasons)
            if NOT_HELD in dict(reasons):
                at = [code for code, _label in reasons].index(NOT_HELD) + 1
                reasons.insert(at, (NOT_RESPONSIBLE_CHOICE, NOT_RESPONSIBLE_LABEL))
            choices.append((group.label, reasons))
        else:
            choices.append((group.code, group.label))
    return choices


class ReplyForm(forms.Form):
    """Art. 36: the reply, with one fee method at most (国办函〔2020〕109号)."""

    FEE_FIELDS = ("fee_method", "fee_pages")

    outcome = forms.ChoiceField(
        label=_("办理结果"),
        choices=outcome_choices,
        error_messages={
            "required": _("请选择办理结果（含具体情形）。"),
            "invalid_choice": _("请从列表中选择办理结果。"),
        },
    )
    reply_text = text_area(_("答复内容"), required=_("请填写答复内容。"), rows=6, max_length=20000)
    withheld = text_area(
        _("不予公开的内容及理由"), max_length=10000, help_text=_("部分公开时必填。")
    )
    # Art. 36 (五): named on the notice; or, where it cannot be determined, said so.
    responsible_agency = forms.CharField(
        label=_("负责公开该信息的行政机关"),
        required=False,
        max_length=100,
        help_text=_("不属于本机关负责公开时必填（第三十六条第（五）项），写入告知书。"),
    )
    responsible_agency_contact = forms.CharField(
        label=_("该行政机关的联系方式"),
        required=False,
        max_length=200,
        help_text=_("电话、地址等，写入告知书。"),
    )
    agency_unknown = forms.BooleanField(
        label=_("无法确定负责公开该信息的行政机关"),
        required=False,
        help_text=_("勾选后不填写机关和联系方式，告知书如实说明，理由写在答复内容中。"),
    )
    # Art. 36 (七): the procedure the applicant is told to follow.
    special_procedure = text_area(
        _("应依照办理的规定及途径"),
        max_length=500,
        rows=2,
        help_text=_(
            "属于行政查询事项时必填（第三十六条第（七）项），如：依照《不动产登记资料查询暂行"
            "办法》的规定，向县不动产登记中心申请查询。"
        ),
    )
    legal_basis = forms.CharField(
        label=_("法律依据"),
        required=False,
        max_length=300,
        help_text=_("“其他处理”时必填：法律、法规或文件的名称（加书名号）及条款。"),
    )
    published_reference = forms.CharField(
        label=_("已主动公开的信息"),
        required=False,
        max_length=64,
        help_text=_("所需信息已主动公开的，填写其信息编号或索引号。"),
    )
    fee_method = forms.ChoiceField(
        label=_("收费方式"),
        choices=FeeMethod.choices,
        initial=FeeMethod.NONE,
        help_text=_(
            "按件计收或按量计收，二者只能选一种。应当收费的，须先在“信息处理费”中发出收费通知，"
            "申请人缴费或经批准减免后再答复（国办函〔2020〕109号第六条）。"
        ),
    )
    fee_pages = forms.IntegerField(
        label=_("页数"),
        required=False,
        min_value=0,
        error_messages={"invalid": _("请填写整数页数。"), "min_value": _("页数不能小于 0。")},
        help_text=_("按量计收时填写。"),
    )
    attachments = MultipleFileField(
        label=_("提供的政府信息"),
        required=False,
        help_text=upload_help(
            note=_("可一次选择多个文件；重新拟定时选择的文件替换草稿原有的文件。")
        ),
    )

    def clean_published_reference(self) -> str:
        """Art. 36 (一): the published item, found by whichever module publishes it; the
        reference as that module gives it (an item cited by number keeps its 索引号)."""
        value = (self.cleaned_data.get("published_reference") or "").strip()
        if not value:
            return ""
        found = references.resolve(value)
        if found is None:
            raise forms.ValidationError(
                _("找不到信息编号或索引号为“%(value)s”的已发布信息。") % {"value": value}
            )
        return found.index_number

    def clean_attachments(self):
        return clean_uploads(self.cleaned_data.get("attachments"))

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("fee_method") == FeeMethod.PER_PAGE and cleaned.get("fee_pages") is None:
            self.add_error("fee_pages", _("按量计收须填写页数。"))
        # Art. 36 (五): its own option, the outcome 4.1 of table 三.
        cleaned["not_responsible"] = cleaned.get("outcome") == NOT_RESPONSIBLE_CHOICE
        if cleaned["not_responsible"]:
            cleaned["outcome"] = NOT_HELD
        return cleaned

    def fee_input(self) -> tuple[str, int] | None:
        """For the fee calculator: the method and pages, keeping only their errors."""
        self.is_valid()
        for name in list(self.errors):
            if name not in self.FEE_FIELDS:
                del self.errors[name]
        if self.errors:
            return None
        return self.cleaned_data["fee_method"], self.cleaned_data.get("fee_pages") or 0


class DeliveryForm(forms.Form):
    on = date_field(_("送达日期"))
    note = forms.CharField(
        label=_("送达方式及凭证"),
        max_length=200,
        error_messages={"required": _("请填写送达方式及凭证（如邮件单号）。")},
        help_text=_("例如：EMS 挂号 1234567890123，申请人已签收。"),
    )


class ReviewAddForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("类型"),
        choices=_choices(ReviewKind.choices, _("请选择")),
        error_messages={"required": _("请选择行政复议或行政诉讼类型。")},
    )
    filed_on = date_field(_("立案日期"))
    body = forms.CharField(label=_("复议机关/法院"), max_length=100, required=False)
    note = text_area(_("说明"), max_length=2000, rows=2)


class ReviewConcludeForm(forms.Form):
    result = forms.ChoiceField(
        label=_("结果"),
        choices=ReviewResult.choices,
        error_messages={"required": _("请选择结果。")},
    )
    concluded_on = date_field(_("审结日期"), required=False, help_text=_("尚未审结的留空。"))


class TemplateForm(forms.Form):
    body = text_area(_("正文模板"), required=_("请填写正文模板。"), rows=14, max_length=10000)
    remedy = text_area(_("救济途径"), required=_("请填写救济途径。"), rows=4, max_length=2000)
