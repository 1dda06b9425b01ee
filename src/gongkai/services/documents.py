"""The documents of 政务服务 as PDF bytes: the 明白卡 of an item (documents_card), and the
written notices and decisions of a case, laid out as GB/T 9704-2012 lays out an official
document (core.typeset: embedded CJK font, 禁则 line breaking, signature and date at the right).

行政许可法: Art. 32 (受理 or 不予受理 in writing, dated; everything to be supplied told at once),
Art. 38 (a denial states its reasons and the right to 行政复议 or 行政诉讼), Art. 45 (hearings,
testing and expert review are not counted in the time limit). An item that is not a 行政许可 (a
benefit, a confirmation, a public service) gets the same documents without those citations.

Each maker reads what the case already holds: the action that issues a document sets the
case's fields (accepted_on, result_reason, certificate_number, completed_on, the clocks) first.
A date not yet set prints as today, so that a document can be previewed at any step.
"""

from __future__ import annotations

import re
from datetime import date

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

from gongkai.core import typeset
from gongkai.core.errors import InvalidInput
from gongkai.core.remedy import remedy_sentence
from gongkai.services.documents_card import card_pdf
from gongkai.services.models import Case, CaseMaterial, OneTimeNotice, ResultTemplate
from gongkai.services.rules import Audience, ItemType

__all__ = [
    "PLACEHOLDERS",
    "card_pdf",
    "check_result_template",
    "denial_pdf",
    "fill_result_template",
    "one_time_notice_pdf",
    "receipt_pdf",
    "refusal_pdf",
    "result_pdf",
]

LAW = "《中华人民共和国行政许可法》"
# The placeholders a result template may name, with what each is filled with.
PLACEHOLDERS: dict[str, str] = {
    "applicant": "申请人姓名或名称",
    "number": "办件编号",
    "certificate": "证照编号",
    "date": "决定日期（如2025年10月30日）",
    "item": "事项名称",
    "department": "办理部门",
}
PLACEHOLDER = re.compile(r"\{([A-Za-z_]+)\}")
LIST_NUMBER = re.compile(r"^[0-9]+[.、．]")
# A template speaks to either kind of applicant as 你（单位）; printed for one applicant it
# reads 你 for a person and 你单位 for an organisation.
EITHER = "你（单位）"


# ---------------------------------------------------------------- helpers


def _today() -> date:
    return timezone.localdate()


def _you(case: Case) -> str:
    return "你单位" if case.applicant_type == Audience.ORGANISATION else "你"


def _addressed(text: str, case: Case) -> str:
    return text.replace(EITHER, _you(case))


def _is_licensing(case: Case) -> bool:
    return case.version.item_type == ItemType.LICENSING


def _submitted_on(case: Case) -> date:
    return timezone.localdate(case.submitted_at) if case.submitted_at else _today()


def _sentence(text: str) -> str:
    """A reason as typed, ending in exactly one 。 (so that it reads inside a sentence)."""
    return text.strip().rstrip("。.；;，, ") + "。"


def _application(case: Case) -> str:
    """你于2025年10月30日提出的某某申请（办件编号：ZW2025000012）"""
    return _("%(you)s于%(day)s提出的%(item)s申请（办件编号：%(number)s）") % {
        "you": _you(case),
        "day": typeset.format_day(_submitted_on(case)),
        "item": case.version.name,
        "number": case.number,
    }


def _pdf(case: Case, *, title: str, paragraphs: list[str], on: date, number: str = "") -> bytes:
    return typeset.notice_pdf(
        agency=case.department.name,
        number=number or _("办件编号：%(number)s") % {"number": case.number},
        title=title,
        paragraphs=[p for p in paragraphs if p],
        date_text=typeset.format_day(on),
        pdf_title=f"{title}（{case.number}）",
    )


def _due(clock) -> str:
    if clock is None or clock.due_date is None:
        return ""
    return _("（%(day)s前）") % {"day": typeset.format_day(clock.due_date)}


# ---------------------------------------------------------------- intake


def receipt_pdf(case: Case) -> bytes:
    """受理通知书 (Art. 32 para. 2): the application accepted, the time limits, the materials
    received, and how to follow the case."""
    version = case.version
    on = case.accepted_on or _today()
    basis = (
        _("根据%(law)s第三十二条第一款第（五）项的规定，") % {"law": LAW}
        if _is_licensing(case)
        else ""
    )
    limits = _(
        "本机关将自受理之日起%(legal)s个工作日内%(legal_due)s作出决定，"
        "并承诺在%(promised)s个工作日内%(promised_due)s办结。"
    ) % {
        "legal": version.legal_days,
        "legal_due": _due(case.legal_clock),
        "promised": version.promised_days,
        "promised_due": _due(case.promised_clock),
    }
    if _is_licensing(case):
        limits += _("依法需要听证、检验、检测、专家评审的，所需时间不计算在上述期限内。")
    received = [
        f"{n}. {m.name}（{_('纸质') if m.paper else _('电子')}）"
        for n, m in enumerate(_received(case), 1)
    ]
    paragraphs = [
        f"{case.applicant_name}：",
        _application(case)
        + _("，经审查，申请材料齐全、符合法定形式，%(basis)s本机关决定予以受理。")
        % {"basis": basis},
        limits,
        _("请凭办件编号和查询码在%(site)s网站“政务服务”栏目的办件查询页面查看办理进度。")
        % {"site": settings.SITE_NAME},
    ]
    if received:
        paragraphs += [_("已收材料："), *received]
    paragraphs.append(_("特此通知。"))
    return _pdf(case, title=_("受理通知书"), paragraphs=paragraphs, on=on)


def _received(case: Case) -> list[CaseMaterial]:
    return [
        m
        for m in case.materials.all()
        if m.state in (CaseMaterial.State.PROVIDED, CaseMaterial.State.ACCEPTED)
    ]


def refusal_pdf(case: Case) -> bytes:
    """不予受理通知书 (Art. 32 para. 1 (一)(二), Art. 38 para. 2): the reason (case.result_reason)
    and the right to 行政复议 or 行政诉讼."""
    basis = _("根据%(law)s第三十二条第一款的规定，") % {"law": LAW} if _is_licensing(case) else ""
    paragraphs = [
        f"{case.applicant_name}：",
        _application(case)
        + _("，经审查，%(reason)s%(basis)s本机关决定不予受理。")
        % {"reason": _sentence(case.result_reason or _("不符合受理条件")), "basis": basis},
        remedy_sentence(case.department, _("通知书")),
        _("特此通知。"),
    ]
    on = case.completed_on or _today()
    return _pdf(case, title=_("不予受理通知书"), paragraphs=paragraphs, on=on)


def _line_key(line: str) -> str:
    """A listed problem without its number, spaces and final stop: "2. 平面图：缺页。" and
    "1.平面图：缺页" are the same line."""
    return LIST_NUMBER.sub("", "".join(line.split())).rstrip("。.；;，,")


def one_time_notice_pdf(case: Case, notice: OneTimeNotice) -> bytes:
    """补正材料一次性告知书 (Art. 32 para. 1 (四)): every missing or defective material with what
    is wrong, in one notice, and the note of the notice; the time until the applicant supplies
    them is not counted, and intake review starts again from the day they come in."""
    problems = []
    for material in case.materials.all():
        if material.state == CaseMaterial.State.MISSING:
            problems.append(material.problem or _("未提交"))
        elif material.state == CaseMaterial.State.DEFECTIVE:
            problems.append(material.problem or _("不符合要求"))
        else:
            continue
        problems[-1] = f"{len(problems)}. {material.name}：{_sentence(problems[-1])}"
    # The notice's own text may repeat the list (an action that writes it from the same
    # rows, numbered and punctuated its own way): only what it adds is printed, once.
    listed = {_line_key(p) for p in problems}
    extra = [
        line.strip()
        for line in notice.content.replace("\r", "").split("\n")
        if line.strip() and _line_key(line) not in listed
    ]
    basis = (
        _("根据%(law)s第三十二条第一款第（四）项的规定，") % {"law": LAW}
        if _is_licensing(case)
        else ""
    )
    paragraphs = [
        f"{case.applicant_name}：",
        _application(case)
        + _("，申请材料不齐全或者不符合法定形式。%(basis)s现一次性告知需要补正的全部内容：")
        % {"basis": basis},
        *problems,
        *extra,
        _(
            "请补正后在%(site)s网站“政务服务”栏目的办件查询页面提交，或者送至办理窗口。"
            "自本告知书送达之日起至材料补齐之日止的期间，不计算在办理期限内；"
            "材料补齐后，本机关重新进行受理审查。"
        )
        % {"site": settings.SITE_NAME},
        _("特此告知。"),
    ]
    return _pdf(case, title=_("补正材料一次性告知书"), paragraphs=paragraphs, on=notice.issued_on)


# ---------------------------------------------------------------- decisions


def denial_pdf(case: Case) -> bytes:
    """不予许可决定书 (Art. 38 para. 2): the reasons (case.result_reason) and the remedy,
    行政复议 within 60 days or 行政诉讼 within 6 months."""
    licensing = _is_licensing(case)
    accepted = (
        _("，本机关已于%(day)s受理") % {"day": typeset.format_day(case.accepted_on)}
        if case.accepted_on
        else ""
    )
    if licensing:
        decision = _("根据%(law)s第三十八条第二款的规定，本机关决定不予行政许可。") % {"law": LAW}
    else:
        decision = _("本机关决定不予批准。")
    paragraphs = [
        f"{case.applicant_name}：",
        _application(case)
        + accepted
        + _("。经审查，%(reason)s") % {"reason": _sentence(case.result_reason or "")}
        + decision,
        remedy_sentence(case.department, _("决定书")),
    ]
    title = _("不予行政许可决定书") if licensing else _("不予批准决定书")
    return _pdf(case, title=title, paragraphs=paragraphs, on=case.completed_on or _today())


def check_result_template(body: str, field: str = "body") -> None:
    """InvalidInput naming a placeholder a result template may not use (for the form that
    saves one; a template saved otherwise still prints, the unknown name left as typed)."""
    for name in PLACEHOLDER.findall(body):
        if name not in PLACEHOLDERS:
            raise InvalidInput(
                _("模板中有未知的占位符“{%(name)s}”。可用的占位符：%(known)s。")
                % {"name": name, "known": "、".join(f"{{{p}}}" for p in PLACEHOLDERS)},
                field,
            )


def fill_result_template(text: str, case: Case, on: date) -> str:
    """The text with each known {placeholder} filled; anything else (an unknown name, a lone
    brace) is left as written, so a faulty template never stops a decision."""
    values = {
        "applicant": case.applicant_name,
        "number": case.number,
        "certificate": case.certificate_number,
        "date": typeset.format_day(on),
        "item": case.version.name,
        "department": case.department.name,
    }
    filled = PLACEHOLDER.sub(lambda m: values.get(m.group(1), m.group(0)), text)
    return _addressed(filled, case)


def default_result_template(case: Case) -> tuple[str, str]:
    """(title, body) of the result document for an item without its own template."""
    version = case.version
    if _is_licensing(case):
        title = _("准予行政许可决定书")
        decision = _(
            "经审查，你（单位）的申请符合法定条件、标准。根据%(law)s第三十八条第一款、"
            "第三十九条的规定，本机关决定准予行政许可"
        ) % {"law": LAW}
    else:
        title = version.result_name or _("办理结果通知书")
        decision = _("经审查，你（单位）的申请符合规定条件，本机关决定予以办理")
    if case.certificate_number:
        decision += _("，颁发%(result)s（编号：{certificate}）") % {
            "result": version.result_name or _("证件")
        }
    body = "\n".join(
        [
            "{applicant}：",
            _("你（单位）提出的{item}申请（办件编号：{number}），本机关已依法受理。")
            + decision
            + "。",
            _("本决定自{date}起生效。"),
        ]
    )
    return title, body


def result_pdf(case: Case) -> bytes:
    """The result document of a granted case: the item's ResultTemplate filled in, or the
    default 准予行政许可决定书; the certificate number under the title."""
    on = case.completed_on or _today()
    template = ResultTemplate.objects.filter(item_id=case.item_id).first()
    if template is None:
        title, body = default_result_template(case)
    else:
        title, body = template.title, template.body
    title = fill_result_template(title, case, on)
    paragraphs = [
        line.strip()
        for line in fill_result_template(body, case, on).replace("\r", "").split("\n")
        if line.strip()
    ]
    number = (
        _("证照编号：%(number)s") % {"number": case.certificate_number}
        if case.certificate_number
        else ""
    )
    return _pdf(case, title=title, paragraphs=paragraphs, on=on, number=number)
