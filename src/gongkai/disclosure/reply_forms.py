"""Workbench forms of the reply's later steps: sending it, its 保密审查 (条例 Art. 17), and
Art. 35 (asking for reasons, a later reply date); and the draft as the reply form shows it
again. They only read and check input; every write is an action."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from gongkai.disclosure.models import DisclosureRequest
from gongkai.disclosure.staff_forms import NOT_RESPONSIBLE_CHOICE, date_field, text_area


class SendReplyForm(forms.Form):
    on = date_field(
        _("答复日期"),
        help_text=_("答复期限以发送答复之日为准，告知书载明这一日期。"),
    )


class SecrecyReviewForm(forms.Form):
    """Art. 17: the reviewer's decision on the draft, with an opinion."""

    AGREE, RETURN = "agree", "return"

    decision = forms.ChoiceField(
        label=_("审查结论"),
        choices=[(AGREE, _("同意公开")), (RETURN, _("不同意公开，退回经办人修改"))],
        widget=forms.RadioSelect,
        error_messages={
            "required": _("请选择审查结论。"),
            "invalid_choice": _("请选择审查结论。"),
        },
    )
    opinion = text_area(
        _("保密审查意见"),
        required=_("请填写保密审查意见。"),
        max_length=2000,
        help_text=_(
            "如：经审查，拟公开的信息不涉及国家秘密、商业秘密、个人隐私，同意公开。"
            "不能确定是否可以公开的，应报有关主管部门或者保密行政管理部门确定（第十七条）。"
        ),
    )
    on = date_field(_("审查日期"))


class ReasonsForm(forms.Form):
    """Art. 35: asking the applicant to state reasons."""

    grounds = text_area(
        _("数量、频次明显超过合理范围的情况"),
        required=_("请写明申请数量、频次明显超过合理范围的情况（如本月已申请的件数）。"),
        max_length=2000,
        help_text=_("写入说明理由告知书，如：您本月已向本机关提出政府信息公开申请 45 件。"),
    )
    on = date_field(_("告知日期"), help_text=_("答复期限继续计算。"))


class DelayForm(forms.Form):
    """Art. 35: reasons found reasonable, a later reply date set and told."""

    reasons = text_area(
        _("申请人说明的理由"),
        required=_("请填写申请人说明的理由。"),
        max_length=2000,
        help_text=_(
            "理由不合理的，不在这里登记：请拟定“不予处理 4.无正当理由大量反复申请”的答复。"
        ),
    )
    due = date_field(
        _("延迟答复期限"),
        help_text=_("须为晚于现在答复期限的工作日，写入延迟答复告知书。"),
    )
    on = date_field(_("告知日期"), help_text=_("应在现在的答复期限内告知申请人。"))


def reply_initial(request: DisclosureRequest) -> dict:
    """The reply form's values: the draft's, so that a draft sent back is edited, not retyped."""
    if request.drafted_by_id is None or request.finished_on is not None:
        return {}
    return {
        "outcome": NOT_RESPONSIBLE_CHOICE if request.not_responsible else request.outcome,
        "reply_text": request.reply_text,
        "withheld": request.withheld,
        "published_reference": request.published_reference,
        "fee_method": request.fee_method,
        "fee_pages": request.fee_pages,
        "responsible_agency": request.responsible_agency,
        "responsible_agency_contact": request.responsible_agency_contact,
        "agency_unknown": request.not_responsible and not request.responsible_agency,
        "special_procedure": request.special_procedure,
        "legal_basis": request.legal_basis,
    }
