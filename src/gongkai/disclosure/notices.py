"""告知书: the reply, correction and extension notices sent to an applicant, as PDF.

The reply notice's text is a template per outcome group (table 三 rows （一）-（六）): a
default here, replaceable by the head of the disclosure office (`NoticeTemplate`). Templates
are `str.format` text over a fixed set of placeholders (`PLACEHOLDERS`); `check_template`
refuses anything else so a saved template always renders.

The PDF uses reportlab's built-in CID font STSong-Light, so no font file ships with the
platform, and is made with `invariant=1` so the same notice gives the same bytes.
"""

from __future__ import annotations

import io
import logging
import string
from datetime import date
from xml.sax.saxutils import escape

from django.conf import settings
from django.utils import dateformat, formats
from django.utils.translation import gettext as _
from reportlab.lib.enums import TA_CENTER, TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer

from gongkai.core.errors import InvalidInput
from gongkai.core.models import Department
from gongkai.disclosure.models import DisclosureRequest, NoticeTemplate
from gongkai.disclosure.rules import OUTCOME_GROUPS, outcome_group

logger = logging.getLogger(__name__)

TEMPLATE_GROUPS: tuple[str, ...] = tuple(g.code for g in OUTCOME_GROUPS)

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
    "4.1": "第三十六条第（四）项、第（五）项",  # 经检索没有 / 不属于本机关负责公开
    "4.2": "第三十八条",  # 需要加工、分析
    "4.3": "第二十九条第二款、第三十条",
    "5.1": "第三十九条第一款",  # 信访、投诉、举报
    "5.2": "第三十六条第（六）项",  # 重复申请
    "5.3": "第三十九条第二款",  # 公开出版物
    "5.4": "第三十五条",  # 数量、频次明显超过合理范围
    "5.5": "第二条、第三十八条",
    "6.1": "第三十条",  # 逾期不补正，视为放弃申请
    "6.2": "第四十二条及《政府信息公开信息处理费管理办法》（国办函〔2020〕109号）",
    "6.3": "有关规定",
}
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
}
# 行政复议法 (2023) Art. 20: 60 days; 行政诉讼法 Art. 46: 6 months.
DEFAULT_REMEDY = (
    "如对本答复不服，可以自收到本告知书之日起六十日内向{review_body}申请行政复议，"
    "或者自收到本告知书之日起六个月内向人民法院提起行政诉讼。"
)

REPLY_TITLE = "政府信息公开申请答复告知书"
CORRECTION_TITLE = "政府信息公开申请补正告知书"
EXTENSION_TITLE = "政府信息公开申请延期答复告知书"
FONT = "STSong-Light"


def default_template(group: str) -> tuple[str, str]:
    """The built-in (body, remedy) of an outcome group."""
    return DEFAULT_BODIES[group], DEFAULT_REMEDY


def check_template(body: str, field: str = "body") -> None:
    """InvalidInput naming the first placeholder a template may not use, or broken braces."""
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
        if name not in PLACEHOLDERS:
            raise InvalidInput(
                _("模板中有未知的占位符“{%(name)s}”。可用的占位符：%(known)s。")
                % {"name": name, "known": "、".join(f"{{{p}}}" for p in PLACEHOLDERS)},
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


def review_body(department: Department) -> str:
    """The 行政复议机关 (行政复议法 2023 Art. 24): the people's government the agency
    belongs to; for a people's government itself, the government one level up."""
    node = department.parent
    while node is not None:
        if node.kind in (Department.Kind.GOVERNMENT, Department.Kind.TOWNSHIP):
            return node.name
        node = node.parent
    return _("上一级人民政府")


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
    if group.code == "1" and published_url:
        basis = LEGAL_BASIS_PUBLISHED
    else:
        basis = LEGAL_BASIS.get(request.outcome, LEGAL_BASIS["6.3"])
    return {
        "applicant_name": request.applicant_name,
        "number": request.number,
        "received_date": format_day(request.received_on),
        "info_title": request.info_title,
        "reply_text": request.reply_text,
        "withheld": request.withheld,
        "outcome_label": _short(group.label),
        "reason_label": _short(reason),
        "legal_basis": REGULATION + basis,
        "agency": request.department.name,
        "reply_date": format_day(on),
        "published_url": published_url,
        "fee_amount": str(request.fee_amount),
        "review_body": review_body(request.department),
    }


def reply_notice(request: DisclosureRequest, *, on: date) -> tuple[str, bytes]:
    """政府信息公开申请答复告知书 for the request's outcome, dated `on`."""
    if not request.outcome:
        raise ValueError("The request has no outcome to reply with.")
    group = request.outcome.split(".")[0]
    values = reply_values(request, on=on)
    body, remedy = template_for(group)
    default_body, default_remedy = default_template(group)
    text = _fill(body, default_body, values, group)
    if values["published_url"] and "{published_url}" not in body:
        text += "\n" + _("该政府信息已主动公开，您可以通过以下网址获取：%(url)s") % {
            "url": values["published_url"]
        }
    if request.fee_amount:
        text += "\n" + _(
            "根据%(regulation)s第四十二条及国办函〔2020〕109号的规定，本次应缴纳信息处理费"
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


def _styles() -> dict[str, ParagraphStyle]:
    if FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont(FONT))
    base = ParagraphStyle("notice", fontName=FONT, fontSize=14, leading=26, wordWrap="CJK")
    return {
        "title": ParagraphStyle("title", parent=base, fontSize=20, leading=32, alignment=TA_CENTER),
        "number": ParagraphStyle("number", parent=base, alignment=TA_CENTER, spaceAfter=12),
        "salutation": base,
        "body": ParagraphStyle("body", parent=base, firstLineIndent=28),
        "sign": ParagraphStyle("sign", parent=base, alignment=TA_RIGHT, rightIndent=28),
    }


def _paragraph(text: str, style: ParagraphStyle) -> Paragraph:
    return Paragraph(escape(text), style)


def _pdf(request: DisclosureRequest, *, title: str, text: str, on: date) -> bytes:
    """An A4 notice: agency and title centred, document number, body, signature and date."""
    styles = _styles()
    agency = request.department.name
    flow = [
        _paragraph(agency, styles["title"]),
        _paragraph(title, styles["title"]),
        _paragraph(document_number(request), styles["number"]),
    ]
    paragraphs = [p.strip() for p in text.replace("\r", "").split("\n") if p.strip()]
    for i, para in enumerate(paragraphs):
        flow.append(_paragraph(para, styles["salutation" if i == 0 else "body"]))
    flow += [
        Spacer(1, 18 * mm),
        _paragraph(agency, styles["sign"]),
        _paragraph(format_day(on), styles["sign"]),
    ]
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=28 * mm,
        rightMargin=26 * mm,
        topMargin=37 * mm,
        bottomMargin=35 * mm,
        title=f"{title}（{request.number}）",
        author=agency,
        creator=settings.SITE_NAME,
        invariant=1,
    )
    doc.build(flow)
    return buffer.getvalue()
