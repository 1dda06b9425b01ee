"""Letters to a consulted party, as PDF from editable templates, like the reply notices:

- 征求意见函 to a third party (条例 Art. 32) or to another agency that made the information
  with this one (Art. 34): the party has 15 working days from the day it receives the letter;
- 告知第三方决定公开: disclosing over a third party's objection because withholding would
  gravely harm the public interest, the content disclosed and the reasons are told to the
  third party in writing (Art. 32).

Each letter has a default text here; the head of the disclosure office may replace it. A saved
text is a `NoticeTemplate` under the letter's key (`body`, and `remedy` for its closing
paragraph), checked by `notices.check_template` against the letter's own placeholders.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date

from django.utils.translation import gettext_lazy as _

from gongkai.core.errors import InvalidInput
from gongkai.disclosure import fee_notice, notices
from gongkai.disclosure.models import Consultation, NoticeTemplate
from gongkai.disclosure.rules import OTHER_AGENCY_DAYS, THIRD_PARTY_DAYS

logger = logging.getLogger(__name__)

CONSULT_THIRD_PARTY = "consult_third_party"
CONSULT_OTHER_AGENCY = "consult_other_agency"
DISCLOSURE_TO_THIRD_PARTY = "disclose_over_objection"

_COMMON = {
    "party_name": "征求意见对象的名称",
    "number": "申请编号",
    "received_date": "收到申请日期",
    "info_title": "所需信息名称",
    "legal_basis": "法律依据（条例条款）",
    "agency": "本机关",
    "letter_date": "本函日期",
}
CONSULTATION_PLACEHOLDERS = {
    **_COMMON,
    "matter": "需要说明的事项（登记征求意见时填写，可为空）",
    "days": "提出意见的期限（工作日数）",
}
NOTICE_PLACEHOLDERS = {
    **_COMMON,
    "sent_date": "征求意见函发出日期",
    "answered_date": "第三方提出意见的日期",
    "content": "决定公开的政府信息内容",
    "reason": "决定公开的理由",
    "review_body": "行政复议机关",
}

_CONSULT_OPENING = (
    "{party_name}：\n"
    "本机关于{received_date}收到政府信息公开申请（申请编号：{number}），申请获取“{info_title}”。"
)


@dataclass(frozen=True)
class Letter:
    key: str
    label: str  # as the template list names it
    title: str  # printed at the top of the PDF
    body: str  # the default text
    closing: str  # the default closing paragraph
    closing_label: str  # what the closing is, on the template form
    placeholders: dict[str, str]
    article: str


LETTERS: dict[str, Letter] = {
    CONSULT_THIRD_PARTY: Letter(
        key=CONSULT_THIRD_PARTY,
        label=_("征求第三方意见函"),
        title="政府信息公开征求第三方意见函",
        body=_CONSULT_OPENING + "经审查，公开该政府信息可能损害贵方的合法权益。"
        "根据{legal_basis}之规定，现书面征求贵方意见。\n{matter}",
        closing="请贵方自收到本函之日起{days}个工作日内书面提出意见；不同意公开的，请说明理由。"
        "逾期未提出意见的，由本机关依照《中华人民共和国政府信息公开条例》的规定决定是否公开。",
        closing_label=_("答复要求"),
        placeholders=CONSULTATION_PLACEHOLDERS,
        article="第三十二条",
    ),
    CONSULT_OTHER_AGENCY: Letter(
        key=CONSULT_OTHER_AGENCY,
        label=_("征求其他机关意见函"),
        title="政府信息公开征求意见函",
        body=_CONSULT_OPENING + "该政府信息由贵机关与本机关共同制作。"
        "根据{legal_basis}之规定，现征求贵机关意见。\n{matter}",
        closing="请贵机关自收到本函之日起{days}个工作日内提出意见；逾期未提出意见的，视为同意公开。",
        closing_label=_("答复要求"),
        placeholders=CONSULTATION_PLACEHOLDERS,
        article="第三十四条",
    ),
    DISCLOSURE_TO_THIRD_PARTY: Letter(
        key=DISCLOSURE_TO_THIRD_PARTY,
        label=_("告知第三方决定公开书"),
        title="政府信息公开决定告知书（告知第三方）",
        body="{party_name}：\n"
        "本机关于{sent_date}就政府信息公开申请（申请编号：{number}）所涉“{info_title}”"
        "书面征求贵方意见，贵方于{answered_date}提出不同意公开的意见。经审查，本机关认为不公开"
        "可能对公共利益造成重大影响，根据{legal_basis}之规定，决定予以公开。\n"
        "决定公开的政府信息内容：{content}\n"
        "决定公开的理由：{reason}",
        # 行政复议法 (2023) Art. 20: 60 days; 行政诉讼法 Art. 46: 6 months.
        closing="如对本决定不服，可以自收到本告知书之日起六十日内向{review_body}申请行政复议，"
        "或者自收到本告知书之日起六个月内向人民法院提起行政诉讼。",
        closing_label=_("救济途径"),
        placeholders=NOTICE_PLACEHOLDERS,
        article="第三十二条",
    ),
}
# The 收费通知 to an applicant (国办函〔2020〕109号 Art. 6) is edited with the letters; its text
# and placeholders are fee_notice.py's, which prints it.
LETTERS[fee_notice.KEY] = Letter(
    key=fee_notice.KEY,
    label=fee_notice.LABEL,
    title=fee_notice.TITLE,
    body=fee_notice.DEFAULT_BODY,
    closing=fee_notice.DEFAULT_CLOSING,
    closing_label=_("救济途径"),
    placeholders=fee_notice.PLACEHOLDERS,
    article="第四十二条",
)
CONSULTATION_LETTER_FOR_PARTY = {
    Consultation.Party.THIRD_PARTY: CONSULT_THIRD_PARTY,
    Consultation.Party.OTHER_AGENCY: CONSULT_OTHER_AGENCY,
}
OPINION_DAYS = {
    Consultation.Party.THIRD_PARTY: THIRD_PARTY_DAYS,  # Art. 32
    Consultation.Party.OTHER_AGENCY: OTHER_AGENCY_DAYS,  # Art. 34
}


def template_for(key: str) -> tuple[str, str]:
    """The (body, closing) in force for a letter: the saved one, else the default."""
    saved = NoticeTemplate.objects.filter(outcome_group=key).first()
    if saved is None:
        return LETTERS[key].body, LETTERS[key].closing
    return saved.body, saved.remedy


def check(key: str, body: str, closing: str) -> None:
    """InvalidInput when a text names a placeholder the letter does not have."""
    placeholders = LETTERS[key].placeholders
    notices.check_template(body, "body", placeholders)
    notices.check_template(closing, "remedy", placeholders)


def _fill(letter: Letter, text: str, default: str, values: dict[str, str]) -> str:
    # Saved texts are checked; one changed behind the action's back must not stop the letter.
    try:
        notices.check_template(text, placeholders=letter.placeholders)
    except InvalidInput:
        logger.warning("Letter template %s is invalid; using the default", letter.key)
        text = default
    return text.format(**values)


def _render(letter: Letter, consultation: Consultation, values: dict[str, str], on: date):
    request = consultation.request
    values = {
        "party_name": consultation.party_name,
        "number": request.number,
        "received_date": notices.format_day(request.received_on),
        "info_title": request.info_title,
        "legal_basis": notices.REGULATION + letter.article,
        "agency": request.department.name,
        "letter_date": notices.format_day(on),
        **values,
    }
    body, closing = template_for(letter.key)
    text = _fill(letter, body, letter.body, values)
    text += "\n" + _fill(letter, closing, letter.closing, values)
    pdf = notices.document_pdf(request, title=letter.title, text=text, on=on)
    return f"{letter.title}-{request.number}.pdf", pdf


def consultation_letter(consultation: Consultation, *, matter: str, on: date):
    """征求意见函 (Art. 32 / 34), dated `on`, the day it is sent."""
    letter = LETTERS[CONSULTATION_LETTER_FOR_PARTY[consultation.party]]
    values = {"matter": matter, "days": str(OPINION_DAYS[consultation.party])}
    return _render(letter, consultation, values, on)


def disclosure_notice(consultation: Consultation, *, content: str, reason: str, on: date):
    """告知第三方决定公开 (Art. 32): what is disclosed over its objection, and why."""
    letter = LETTERS[DISCLOSURE_TO_THIRD_PARTY]
    values = {
        "sent_date": notices.format_day(consultation.started_on),
        "answered_date": notices.format_day(consultation.ended_on),
        "content": content,
        "reason": reason,
        "review_body": notices.review_body(consultation.request.department),
    }
    return _render(letter, consultation, values, on)
