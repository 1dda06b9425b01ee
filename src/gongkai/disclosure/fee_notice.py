"""收费通知 (国办函〔2020〕109号 Art. 6): the notice of an information processing fee, as PDF
from an editable template, like the reply notices.

It states the basis, the standard, the amount counted band by band and how to pay; the
applicant pays within 20 working days from the day after receiving it, or the application is
treated as withdrawn (六.2). A saved text is a `NoticeTemplate` under `KEY` (`body`, and
`remedy` for its closing paragraph), checked by `notices.check_template` against
`PLACEHOLDERS`.
"""

from __future__ import annotations

import logging
from datetime import date

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gongkai.core.errors import InvalidInput
from gongkai.disclosure import fees, notices
from gongkai.disclosure.models import DisclosureRequest, NoticeTemplate, ProcessingFee
from gongkai.disclosure.rules import FEE_PAYMENT_DAYS

logger = logging.getLogger(__name__)

KEY = "fee_notice"
LABEL = gettext_lazy("信息处理费收费通知")
TITLE = "政府信息公开信息处理费收费通知"
LEGAL_BASIS = (
    notices.REGULATION + "第四十二条及《政府信息公开信息处理费管理办法》（国办函〔2020〕109号）"
)

PLACEHOLDERS: dict[str, str] = {
    "applicant_name": "申请人姓名或名称",
    "number": "申请编号",
    "received_date": "收到申请日期",
    "info_title": "所需信息名称",
    "agency": "本机关",
    "notice_date": "通知日期",
    "legal_basis": "收费依据（条例及国办函〔2020〕109号）",
    "standard": "收费标准（按件或按量，超额累进）",
    "basis": "计费情况（页数，或本月第几件申请）",
    "bands": "分档计算（每档的数量、单价和金额）",
    "amount": "应缴金额（元）",
    "payment_method": "缴纳方式",
    "payment_days": "缴费期限（工作日数）",
    "review_body": "行政复议机关",
}

DEFAULT_BODY = (
    "{applicant_name}：\n"
    "本机关于{received_date}收到您（单位）提出的政府信息公开申请（申请编号：{number}），"
    "申请获取“{info_title}”。您申请公开政府信息的数量、频次明显超过合理范围，"
    "本机关决定收取信息处理费，现通知如下：\n"
    "收费依据：{legal_basis}。\n"
    "收费标准：{standard}\n"
    "计费情况：{basis}。\n{bands}\n"
    "应缴金额：{amount}元。\n"
    "缴纳方式：{payment_method}\n"
    "请您自收到本通知次日起{payment_days}个工作日内缴纳。逾期未缴纳的，视为放弃申请，"
    "本机关不再处理该政府信息公开申请。自本通知发出之日起至您缴纳费用之日止的期间，"
    "不计算在答复期限内。"
)
# 行政复议法 (2023) Art. 20: 60 days; 行政诉讼法 Art. 46: 6 months.
DEFAULT_CLOSING = (
    "如对本收费决定不服，可以自收到本通知之日起六十日内向{review_body}申请行政复议，"
    "或者自收到本通知之日起六个月内向人民法院提起行政诉讼。"
)


def template_for() -> tuple[str, str]:
    """The (body, closing) in force: the saved one, else the default."""
    saved = NoticeTemplate.objects.filter(outcome_group=KEY).first()
    if saved is None:
        return DEFAULT_BODY, DEFAULT_CLOSING
    return saved.body, saved.remedy


def check(body: str, closing: str) -> None:
    """InvalidInput when a text names a placeholder the fee notice does not have."""
    notices.check_template(body, "body", PLACEHOLDERS)
    notices.check_template(closing, "remedy", PLACEHOLDERS)


def _fill(text: str, default: str, values: dict[str, str]) -> str:
    # Saved texts are checked; one changed behind the action's back must not stop the notice.
    try:
        notices.check_template(text, placeholders=PLACEHOLDERS)
    except InvalidInput:
        logger.warning("The fee notice template is invalid; using the default")
        text = default
    return text.format(**values)


def values(request: DisclosureRequest, fee: ProcessingFee, *, on: date) -> dict[str, str]:
    """What the placeholders stand for in this request's fee notice."""
    quote = fees.Quote.stored(fee.method, fee.quantity, fee.amount, fee.bands, fee.applications)
    return {
        "applicant_name": request.applicant_name,
        "number": request.number,
        "received_date": notices.format_day(request.received_on),
        "info_title": request.info_title,
        "agency": request.department.name,
        "notice_date": notices.format_day(on),
        "legal_basis": LEGAL_BASIS,
        "standard": fees.standard_text(quote.scale),
        "basis": fees.basis_text(quote),
        "bands": "\n".join(fees.band_lines(quote)),
        "amount": str(fee.amount),
        "payment_method": fee.payment_method.strip(),
        "payment_days": str(FEE_PAYMENT_DAYS),
        "review_body": notices.review_body(request.department),
    }


def fee_notice(request: DisclosureRequest, fee: ProcessingFee, *, on: date) -> tuple[str, bytes]:
    """收费通知 of `fee`, dated `on`, the day it is sent."""
    filled = values(request, fee, on=on)
    body, closing = template_for()
    text = _fill(body, DEFAULT_BODY, filled)
    # 109号 Art. 6: the notice must say the amount and how to pay, whatever the template.
    compact = "".join(text.split())
    if f"{fee.amount}元" not in compact:
        text += "\n" + _("应缴金额：%(amount)s元。") % {"amount": fee.amount}
    if "".join(filled["payment_method"].split()) not in compact:
        text += "\n" + _("缴纳方式：%(how)s") % {"how": filled["payment_method"]}
    text += "\n" + _fill(closing, DEFAULT_CLOSING, filled)
    pdf = notices.document_pdf(request, title=TITLE, text=text, on=on)
    return f"收费通知-{request.number}.pdf", pdf
