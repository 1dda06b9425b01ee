"""告知书: the reply, correction and extension notices sent to an applicant, as PDF.

The reply notice's text is a template per outcome group (table 三 rows （一）-（六）): a
default here, replaceable by the head of the disclosure office (`NoticeTemplate`). Templates
are `str.format` text over a fixed set of placeholders (`PLACEHOLDERS`); `check_template`
refuses anything else so a saved template always renders.

The PDF is laid out by core.typeset as GB/T 9704-2012 lays out an official document,
in a free CJK font found on the system and embedded (STSong-Light named only as a fallback),
with lines broken by the 禁则; it is made with `invariant=1` so the same notice gives the same
bytes. A notice to the applicant says 您（单位） only to an organisation (`addressed`).
"""

from __future__ import annotations

import logging
import string
from datetime import date

from django.conf import settings
from django.utils import dateformat, formats
from django.utils.translation import gettext as _

from gongkai.core import typeset
from gongkai.core.errors import InvalidInput
from gongkai.core.remedy import review_body
from gongkai.disclosure.models import DisclosureRequest, NoticeTemplate
from gongkai.disclosure.rules import (
    NOT_HELD,
    OTHER_HANDLING,
    OUTCOME_GROUPS,
    SPECIAL_PROCEDURE,
    outcome_group,
)

logger = logging.getLogger(__name__)

# Two Art. 36 decisions whose notice says something else than their table 三 group's have
# templates of their own: (五) the information is another agency's to disclose (counted under
# 四.1), (七) a special procedure applies (counted under 三.8, and not a refusal).
NOT_RESPONSIBLE_TEMPLATE = "36.5"
SPECIAL_PROCEDURE_TEMPLATE = "36.7"
SPECIAL_TEMPLATES: dict[str, str] = {
    NOT_RESPONSIBLE_TEMPLATE: "（四）无法提供 1.本机关不掌握相关政府信息："
    "不属于本机关负责公开（第三十六条第（五）项）",
    SPECIAL_PROCEDURE_TEMPLATE: "（三）不予公开 8.属于行政查询事项："
    "告知依照有关法律、行政法规的规定办理（第三十六条第（七）项）",
}
TEMPLATE_GROUPS: tuple[str, ...] = tuple(g.code for g in OUTCOME_GROUPS) + tuple(SPECIAL_TEMPLATES)

# What a template may name, with what each stands for (shown to whoever edits templates).
PLACEHOLDERS: dict[str, str] = {
    "applicant_name": "申请人姓名或名称",
    "number": "申请编号",
    "received_date": "收到申请日期",
    "info_title": "所需信息名称",
    "reply_text": "答复内容",
    "withheld": "不予公开的内容及理由（部分公开）",
    "outcome_label": "办理结果（如“不予公开”）",
    "reason_label": "具体情形（如“属于国家秘密”）",
    "legal_basis": "法律依据（按办理结果及具体情形给出的条例条款）",
    "agency": "答复机关",
    "reply_date": "答复日期",
    "published_url": "已主动公开信息的网址",
    "fee_amount": "信息处理费金额（元）",
    "review_body": "行政复议机关",
    "responsible_agency": "负责公开该信息的行政机关（第三十六条第（五）项）",
    "responsible_agency_contact": "该行政机关的联系方式",
    "responsible_agency_notice": "告知负责公开的行政机关及其联系方式的一句话（无法确定时如实说明）",
    "special_procedure": "应依照办理的法律、行政法规及途径（第三十六条第（七）项）",
}

REGULATION = "《中华人民共和国政府信息公开条例》"
# The articles of the 2019 条例 each outcome rests on (Art. 36 and the articles it refers to).
LEGAL_BASIS: dict[str, str] = {
    "1": "第三十六条第（二）项",
    "2": "第三十七条、第三十六条第（三）项",
    "3.1": "第十四条、第三十六条第（三）项",  # 国家秘密
    "3.2": "第十四条、第三十六条第（三）项",  # 法律行政法规禁止公开
    "3.3": "第十四条、第三十六条第（三）项",  # 三安全一稳定
    "3.4": "第十五条、第三十六条第（三）项",  # 商业秘密、个人隐私
    "3.5": "第十六条第一款、第三十六条第（三）项",  # 内部事务信息
    "3.6": "第十六条第二款、第三十六条第（三）项",  # 过程性信息
    "3.7": "第十六条第二款、第三十六条第（三）项",  # 行政执法案卷
    "3.8": "第三十六条第（七）项",  # 工商、不动产登记资料等行政查询事项
    "4.1": "第三十六条第（四）项",  # 经检索没有
    "4.2": "第三十八条",  # 需要加工、分析
    "4.3": "第二十九条第二款、第三十条",
    "5.1": "第三十九条第一款",  # 信访、投诉、举报
    "5.2": "第三十六条第（六）项",  # 重复申请
    "5.3": "第三十九条第二款",  # 公开出版物
    "5.4": "第三十五条",  # 数量、频次明显超过合理范围
    "5.5": "第二条、第三十八条",
    "6.1": "第三十条",  # 逾期不补正，视为放弃申请
    "6.2": "第四十二条及《政府信息公开信息处理费管理办法》（国办函〔2020〕109号）",
}
# Art. 36 (五): the information is not this agency's to disclose (counted under 4.1).
LEGAL_BASIS_NOT_RESPONSIBLE = "第三十六条第（五）项"
# （六）3.其他 has no article of its own: the officer names the basis, printed as entered.
# Art. 36(一): information already published proactively: tell the applicant where it is.
LEGAL_BASIS_PUBLISHED = "第三十六条第（一）项"

_OPENING = (
    "{applicant_name}：\n"
    "本机关于{received_date}收到您（单位）提出的政府信息公开申请（申请编号：{number}），"
    "申请获取“{info_title}”。"
)
DEFAULT_BODIES: dict[str, str] = {
    "1": _OPENING + "经审查，您申请获取的政府信息属于可以公开的范围，本机关决定{outcome_label}。"
    "根据{legal_basis}之规定，现答复如下：\n{reply_text}",
    "2": _OPENING + "经审查，您申请获取的信息中含有不应当公开的内容，但能够作区分处理，本机关决定"
    "{outcome_label}：向您提供可以公开的政府信息内容，并对不予公开的内容说明理由。"
    "根据{legal_basis}之规定，现答复如下：\n{reply_text}\n"
    "不予公开的内容及理由：{withheld}",
    "3": _OPENING + "经审查，您申请获取的信息属于下列情形：{reason_label}。"
    "根据{legal_basis}之规定，本机关决定{outcome_label}。理由如下：\n{reply_text}",
    "4": _OPENING + "经审查，您申请获取的信息属于下列情形：{reason_label}，本机关{outcome_label}。"
    "根据{legal_basis}之规定，现答复如下：\n{reply_text}",
    "5": _OPENING + "经审查，您的申请属于下列情形：{reason_label}。"
    "根据{legal_basis}之规定，本机关对您的申请{outcome_label}。说明如下：\n{reply_text}",
    "6": _OPENING + "经审查，您的申请属于下列情形：{reason_label}。"
    "根据{legal_basis}之规定，现告知如下：\n{reply_text}",
    NOT_RESPONSIBLE_TEMPLATE: _OPENING + "经审查，您申请获取的信息不属于本机关负责公开，理由如下："
    "\n{reply_text}\n根据{legal_basis}之规定，现告知如下：{responsible_agency_notice}",
    SPECIAL_PROCEDURE_TEMPLATE: _OPENING + "经审查，您申请获取的信息{reason_label}，有关法律、"
    "行政法规对该信息的获取有特别规定。根据{legal_basis}之规定，请您依照以下规定和途径办理：\n"
    "{special_procedure}\n{reply_text}",
}
# 行政复议法 (2023) Art. 20: 60 days; 行政诉讼法 Art. 46: 6 months.
DEFAULT_REMEDY = (
    "如对本答复不服，可以自收到本告知书之日起六十日内向{review_body}申请行政复议，"
    "或者自收到本告知书之日起六个月内向人民法院提起行政诉讼。"
)

REPLY_TITLE = "政府信息公开申请答复告知书"
CORRECTION_TITLE = "政府信息公开申请补正告知书"
EXTENSION_TITLE = "政府信息公开申请延期答复告知书"


def default_template(group: str) -> tuple[str, str]:
    """The built-in (body, remedy) of an outcome group (or of a SPECIAL_TEMPLATES key)."""
    return DEFAULT_BODIES[group], DEFAULT_REMEDY


def template_label(key: str) -> str:
    """What a template is for: its table 三 row, or the Art. 36 decision it words."""
    if key in SPECIAL_TEMPLATES:
        return SPECIAL_TEMPLATES[key]
    return next(g.label for g in OUTCOME_GROUPS if g.code == key)


def template_key(request: DisclosureRequest) -> str:
    """The template a reply is worded by: Art. 36 (五) and (七) have their own."""
    if request.outcome == NOT_HELD and request.not_responsible:
        return NOT_RESPONSIBLE_TEMPLATE
    if request.outcome == SPECIAL_PROCEDURE:
        return SPECIAL_PROCEDURE_TEMPLATE
    return request.outcome.split(".")[0]


def check_template(body: str, field: str = "body", placeholders: dict | None = None) -> None:
    """InvalidInput naming the first placeholder a template may not use, or broken braces
    (`placeholders`: those of another kind of notice, letters.py; default the reply's)."""
    placeholders = PLACEHOLDERS if placeholders is None else placeholders
    try:
        parsed = list(string.Formatter().parse(body))
    except ValueError as exc:
        raise InvalidInput(
            _("模板中的花括号不成对：占位符应写作 {名称}；如需显示花括号本身，请写作 {{ 或 }}。"),
            field,
        ) from exc
    for _literal, name, spec, conversion in parsed:
        if name is None:
            continue
        if name not in placeholders:
            raise InvalidInput(
                _("模板中有未知的占位符“{%(name)s}”。可用的占位符：%(known)s。")
                % {"name": name, "known": "、".join(f"{{{p}}}" for p in placeholders)},
                field,
            )
        if spec or conversion:
            raise InvalidInput(
                _("占位符“{%(name)s}”后不能带格式说明，请只写 {%(name)s}。") % {"name": name},
                field,
            )


def template_for(group: str) -> tuple[str, str]:
    """The (body, remedy) in force for an outcome group: the saved one, else the default."""
    saved = NoticeTemplate.objects.filter(outcome_group=group).first()
    if saved is None:
        return default_template(group)
    return saved.body, saved.remedy


def _fill(text: str, default: str, values: dict[str, str], group: str) -> str:
    # Templates are checked when saved; one changed behind the action's back (shell, SQL)
    # must not stop a reply that is due, so the default is used and the fault logged.
    try:
        check_template(text)
    except InvalidInput:
        logger.warning("Notice template of outcome group %s is invalid; using the default", group)
        text = default
    return text.format(**values)


def format_day(day: date) -> str:
    """A legal date as the project writes it: 2025年10月30日."""
    return dateformat.format(day, formats.get_format("DATE_FORMAT", lang="zh-hans"))


def document_number(request: DisclosureRequest) -> str:
    """〔2025〕第00012号 from request number 2025-00012."""
    year, dash, serial = request.number.partition("-")
    if dash and year.isdigit():
        return f"〔{year}〕第{serial}号"
    return f"第{request.number}号"


def _file_name(kind: str, request: DisclosureRequest) -> str:
    return f"{kind}-{request.number}.pdf"


def _published_url(request: DisclosureRequest) -> str:
    """Art. 36 (一): where the published information can be found, as the notice prints it
    (the address kept when the reply was made, made absolute with the site's address)."""
    path = request.published_url
    if not path:
        return ""
    if path.startswith(("http://", "https://")):
        return path
    return getattr(settings, "SITE_URL", "").rstrip("/") + path


def _short(label: str) -> str:
    """A table 三 label as a notice says it: "（三）不予公开" -> "不予公开", "1.属于..." -> "属于..."."""
    label = label.split("）", 1)[1] if label.startswith("（") else label
    label = label.split("（", 1)[0]  # the table's counting note on 部分公开
    head, dot, rest = label.partition(".")
    return rest if dot and head.isdigit() else label


def reply_values(request: DisclosureRequest, *, on: date) -> dict[str, str]:
    """What the placeholders stand for in this request's reply notice."""
    group = outcome_group(request.outcome)
    reason = dict(group.reasons).get(request.outcome, "")
    published_url = _published_url(request)
    return {
        "applicant_name": request.applicant_name,
        "number": request.number,
        "received_date": format_day(request.received_on),
        "info_title": request.info_title,
        "reply_text": request.reply_text,
        "withheld": request.withheld,
        "outcome_label": _short(group.label),
        "reason_label": _short(reason),
        "legal_basis": legal_basis(request),
        "agency": request.department.name,
        "reply_date": format_day(on),
        "published_url": published_url,
        "fee_amount": str(request.fee_amount),
        "review_body": review_body(request.department),
        "responsible_agency": request.responsible_agency,
        "responsible_agency_contact": request.responsible_agency_contact,
        "responsible_agency_notice": _responsible_agency_notice(request),
        "special_procedure": request.special_procedure,
    }


def legal_basis(request: DisclosureRequest) -> str:
    """The basis the notice cites: the 条例's article for the outcome; for （六）3.其他 the
    basis the officer entered (never a bare "有关规定")."""
    if request.outcome == OTHER_HANDLING:
        if not request.legal_basis.strip():
            raise ValueError("A reply under 6.3 names its legal basis.")
        return request.legal_basis.strip()
    if request.outcome == "1" and request.published_url:
        return REGULATION + LEGAL_BASIS_PUBLISHED
    if request.outcome == NOT_HELD and request.not_responsible:
        return REGULATION + LEGAL_BASIS_NOT_RESPONSIBLE
    return REGULATION + LEGAL_BASIS[request.outcome]


def _responsible_agency_notice(request: DisclosureRequest) -> str:
    """Art. 36 (五): the agency responsible and how to reach it, where it can be determined."""
    if not request.not_responsible:
        return ""
    if not request.responsible_agency:
        return _("本机关无法确定负责公开该政府信息的行政机关。")
    return _(
        "负责公开该政府信息的行政机关为%(agency)s，联系方式：%(contact)s。"
        "您可以向该行政机关提出申请。"
    ) % {
        "agency": request.responsible_agency,
        "contact": request.responsible_agency_contact.strip().rstrip("。"),
    }


def _what_the_law_requires(request: DisclosureRequest, text: str, values: dict) -> str:
    """What Art. 36 requires the notice to say, added where an edited template left it out:
    (五) the responsible agency with its contact details, (七) the procedure to follow, and
    for （六）3.其他 the legal basis entered."""
    required: list[tuple[list[str], str]] = []  # (what must appear, the line that says it)
    if request.outcome == NOT_HELD and request.not_responsible:
        notice = values["responsible_agency_notice"]
        shown = [request.responsible_agency, request.responsible_agency_contact]
        required.append(([s for s in shown if s] or [notice], notice))
    if request.outcome == SPECIAL_PROCEDURE:
        how = request.special_procedure
        if not how.strip():
            raise ValueError("A reply under 3.8 names the procedure to follow (Art. 36 (七)).")
        required.append(([how], _("请您依照以下规定和途径办理：%(how)s") % {"how": how}))
    if request.outcome == OTHER_HANDLING:
        basis = values["legal_basis"]
        required.append(([basis], _("法律依据：%(basis)s") % {"basis": basis}))
    compact = "".join(text.split())
    for wanted, line in required:
        if not all("".join(w.split()) in compact for w in wanted):
            text += "\n" + line
    return text


def reply_notice(request: DisclosureRequest, *, on: date) -> tuple[str, bytes]:
    """政府信息公开申请答复告知书 for the request's outcome, dated `on`."""
    if not request.outcome:
        raise ValueError("The request has no outcome to reply with.")
    group = template_key(request)
    values = reply_values(request, on=on)
    body, remedy = template_for(group)
    default_body, default_remedy = default_template(group)
    text = _fill(body, default_body, values, group)
    text = _what_the_law_requires(request, text, values)
    if values["published_url"] and "{published_url}" not in body:
        text += "\n" + _("该政府信息已主动公开，您可以通过以下网址获取：%(url)s") % {
            "url": values["published_url"]
        }
    # A fee is notified and paid before the reply (国办函〔2020〕109号 Art. 6): the reply says so.
    if request.fee_amount:
        text += "\n" + _(
            "根据%(regulation)s第四十二条及国办函〔2020〕109号的规定，您已缴纳本申请的信息处理费"
            "%(amount)s元。"
        ) % {"regulation": REGULATION, "amount": request.fee_amount}
    text += "\n" + _fill(remedy, default_remedy, values, group)
    pdf = _pdf(request, title=REPLY_TITLE, text=text, on=on)
    return _file_name("答复告知书", request), pdf


def correction_notice(
    request: DisclosureRequest, *, items: str, on: date, deadline: date
) -> tuple[str, bytes]:
    """补正告知书 (Art. 30): everything to correct, at once, with the deadline."""
    lines = [line.strip() for line in items.splitlines() if line.strip()]
    numbered = [f"{i}. {line}" for i, line in enumerate(lines, 1)] if len(lines) > 1 else lines
    text = "\n".join(
        [
            f"{request.applicant_name}：",
            f"本机关于{format_day(request.received_on)}收到您（单位）提出的政府信息公开申请"
            f"（申请编号：{request.number}），申请获取“{request.info_title}”。"
            f"经审查，您的申请需要补正。根据{REGULATION}第二十九条、第三十条之规定，"
            "请您对以下事项一并作出补正：",
            *numbered,
            f"请于{format_day(deadline)}之前（含当日）向本机关提交补正后的申请。"
            "答复期限自本机关收到补正的申请之日起计算。",
            "您无正当理由逾期不补正的，视为放弃申请，本机关不再处理该政府信息公开申请。",
        ]
    )
    pdf = _pdf(request, title=CORRECTION_TITLE, text=text, on=on)
    return _file_name("补正告知书", request), pdf


def extension_notice(
    request: DisclosureRequest, *, days: int, reason: str, on: date
) -> tuple[str, bytes]:
    """延期答复告知书 (Art. 33 second paragraph); the reply clock is already extended."""
    due = request.reply_clock.due_date if request.reply_clock_id else None
    when = (
        f"本机关将于{format_day(due)}之前（含当日）作出答复。"
        if due
        else "本机关将在延长后的期限内作出答复。"
    )
    text = "\n".join(
        [
            f"{request.applicant_name}：",
            f"本机关于{format_day(request.received_on)}收到您（单位）提出的政府信息公开申请"
            f"（申请编号：{request.number}），申请获取“{request.info_title}”。"
            f"因{reason.strip().rstrip('。')}，本机关不能在规定期限内作出答复。"
            f"根据{REGULATION}第三十三条第二款之规定，经本机关政府信息公开工作机构负责人同意，"
            f"答复期限延长{days}个工作日。{when}",
            "特此告知。",
        ]
    )
    pdf = _pdf(request, title=EXTENSION_TITLE, text=text, on=on)
    return _file_name("延期答复告知书", request), pdf


# A notice addressed to the applicant writes 您（单位） (the wording for either kind of
# applicant); a natural person is addressed as 您.
EITHER_ADDRESS = "您（单位）"
PERSON_ADDRESS = "您"


def addressed(text: str, request: DisclosureRequest) -> str:
    """The text as it speaks to this applicant: 您（单位） only to an organisation."""
    if request.is_organisation:
        return text
    return text.replace(EITHER_ADDRESS, PERSON_ADDRESS)


def _pdf(
    request: DisclosureRequest, *, title: str, text: str, on: date, to_applicant: bool = True
) -> bytes:
    """An A4 notice laid out as GB/T 9704-2012 lays out an official document (typeset):
    the agency and the document number centred, the title centred in 2号, the addressee
    (the first line of `text`) flush left, the body in 3号 with two-character indents, the
    signature and the date (2025年10月30日) at the right, page numbers "— 1 —". The font is
    embedded; lines follow the 禁则. `to_applicant`: the text speaks to the applicant
    (`addressed`); a letter to someone else keeps its wording."""
    if to_applicant:
        text = addressed(text, request)
    paragraphs = [p.strip() for p in text.replace("\r", "").split("\n") if p.strip()]
    return typeset.notice_pdf(
        agency=request.department.name,
        number=document_number(request),
        title=title,
        paragraphs=paragraphs,
        date_text=format_day(on),
        pdf_title=f"{title}（{request.number}）",
    )


# Letters to consulted parties (letters.py) are printed on the same page as the notices.
document_pdf = _pdf
