"""The reply (Art. 33, 36): drafted, then sent (after its 保密审查, Art. 17, where it releases
information: secrecy.py), with its notice and fee (Art. 42); its delivery; and the editable
texts of reply notices.

The reply date is the day it is sent: the clock stops then, and the notice bears that date.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from gongkai.core import audit, hooks, references
from gongkai.core.clock import today
from gongkai.core.errors import InvalidInput, InvalidTransition
from gongkai.core.files import CheckedFile
from gongkai.core.models import User
from gongkai.disclosure import notices, permissions
from gongkai.disclosure.actions._shared import (
    OPEN_STATES,
    attach,
    check_day,
    event,
    lock,
    not_after_today,
    require_handler,
    required,
    stop_if_running,
    store,
)
from gongkai.disclosure.actions.consultation import require_third_party_notice
from gongkai.disclosure.actions.fees import reply_fee
from gongkai.disclosure.actions.secrecy import needs_secrecy_review
from gongkai.disclosure.models import (
    DisclosureRequest,
    NoticeTemplate,
    RequestDocument,
    RequestEvent,
)
from gongkai.disclosure.rules import (
    LARGE_VOLUME,
    NOT_HELD,
    OTHER_HANDLING,
    OUTCOME_CODES,
    PARTIAL,
    SPECIAL_PROCEDURE,
    FeeMethod,
)
from gongkai.disclosure.search_documents import KIND as SEARCH_KIND

# （六）3.其他: the basis names a law, regulation or document by its title in 书名号, and is
# more than a bare reference to "the relevant rules".
NAMED_INSTRUMENT = re.compile(r"《([^《》]+)》")
VAGUE_BASES = {"有关规定", "相关规定", "有关法律法规", "相关法律法规", "有关法律法规规定"}


@dataclass
class ReplyData:
    outcome: str
    reply_text: str
    withheld: str = ""
    # Art. 36 (一): the information is already published; its 索引号 (or, for an item without
    # one, its number), looked up through core.references when the reply is drafted and sent.
    published_reference: str = ""
    fee_method: str = FeeMethod.NONE
    fee_pages: int | None = None
    # Art. 36 (五), with outcome 4.1: not this agency's to disclose; the agency that is and its
    # contact details, or `agency_unknown` when it cannot be determined.
    not_responsible: bool = False
    responsible_agency: str = ""
    responsible_agency_contact: str = ""
    agency_unknown: bool = False
    # Art. 36 (七), outcome 3.8: the law or regulation to follow and where to apply.
    special_procedure: str = ""
    # （六）3.其他: the legal basis, naming the instrument.
    legal_basis: str = ""


def _check_outcome(request: DisclosureRequest, data: ReplyData) -> dict:
    """The fields the outcome requires, checked, as they are stored (others emptied)."""
    outcome = data.outcome
    fields = {
        "not_responsible": False,
        "responsible_agency": "",
        "responsible_agency_contact": "",
        "special_procedure": "",
        "legal_basis": "",
    }
    if outcome == PARTIAL and not (data.withheld or "").strip():
        raise InvalidInput(_("部分公开须写明不予公开的内容及理由。"), "withheld")
    if data.not_responsible:
        fields.update(_not_responsible(outcome, data))
    if outcome == SPECIAL_PROCEDURE:
        fields["special_procedure"] = required(
            data.special_procedure,
            "special_procedure",
            _("请写明申请人应依照的法律、行政法规规定及办理途径（第三十六条第（七）项）。"),
            500,
        )
    if outcome == OTHER_HANDLING:
        fields["legal_basis"] = _legal_basis(data.legal_basis)
    if outcome == LARGE_VOLUME:
        _check_large_volume(request)
    return fields


def _not_responsible(outcome: str, data: ReplyData) -> dict:
    """Art. 36 (五): name the responsible agency and its contact details where it can be
    determined; where it cannot, say so (the reasons are the reply text)."""
    if outcome != NOT_HELD:
        raise InvalidInput(
            _("不属于本机关负责公开的，办理结果应为“（四）无法提供 1.本机关不掌握相关政府信息”。"),
            "outcome",
        )
    agency = (data.responsible_agency or "").strip()
    contact = (data.responsible_agency_contact or "").strip()
    if data.agency_unknown:
        if agency or contact:
            raise InvalidInput(
                _("已选择“无法确定负责公开的行政机关”，请不要再填写机关名称和联系方式。"),
                "responsible_agency",
            )
        return {"not_responsible": True}
    agency = required(
        agency,
        "responsible_agency",
        _("请填写负责公开该信息的行政机关；确实无法确定的，请勾选“无法确定”。"),
        100,
    )
    contact = required(
        contact,
        "responsible_agency_contact",
        _("请填写该行政机关的联系方式（如电话、地址），告知书将载明（第三十六条第（五）项）。"),
        200,
    )
    return {
        "not_responsible": True,
        "responsible_agency": agency,
        "responsible_agency_contact": contact,
    }


def _legal_basis(value: str) -> str:
    """（六）3.其他: a basis that names its instrument (《……》 and, where there is one, the
    article), never "有关规定" alone."""
    basis = required(
        value,
        "legal_basis",
        _("“其他处理”须写明法律依据，如《……》第×条。"),
        300,
    )
    named = [title.strip() for title in NAMED_INSTRUMENT.findall(basis)]
    if not named or all(title in VAGUE_BASES for title in named):
        raise InvalidInput(
            _(
                "请写明具体的法律依据：法律、法规或文件的名称（加书名号）及条款，不能只写“有关规定”。"
            ),
            "legal_basis",
        )
    return basis


def _check_large_volume(request: DisclosureRequest) -> None:
    """Art. 35: 不予处理 only after the applicant was asked for reasons that were found
    unreasonable; reasons found reasonable lead to a later reply date instead."""
    if request.reasons_requested_on is None:
        raise InvalidInput(
            _(
                "以“无正当理由大量反复申请”不予处理，须先要求申请人说明理由"
                "（第三十五条），理由不合理的才能不予处理。"
            ),
            "outcome",
        )
    if request.reply_delayed_to is not None:
        raise InvalidInput(
            _("已认定申请理由合理并确定了延迟答复期限，不能再以“无正当理由大量反复申请”不予处理。"),
            "outcome",
        )


def _require_processing(request: DisclosureRequest) -> None:
    if request.status != DisclosureRequest.Status.PROCESSING:
        if request.status == DisclosureRequest.Status.FEE:
            raise InvalidTransition(_("收费通知已发出：申请人缴费或经批准减免后，再作出答复。"))
        if request.status in OPEN_STATES:
            raise InvalidTransition(_("请先结束补正或征求意见，再作出答复。"))
        raise InvalidTransition(_("此申请已办结，不能再答复。"))


@transaction.atomic
def draft_reply(
    *,
    actor: User,
    request: DisclosureRequest,
    data: ReplyData,
    attachments: list[CheckedFile] = (),
) -> DisclosureRequest:
    """拟定答复: save the outcome of table 三 (rules.OUTCOME_GROUPS), the text and what the
    outcome requires; nothing is sent. A new draft replaces the last one and its 保密审查;
    files given replace the draft's files (none given: they are kept)."""
    request = lock(request)
    require_handler(actor, request)
    _require_processing(request)
    if data.outcome not in OUTCOME_CODES:
        raise InvalidInput(_("请选择办理结果（含具体情形）。"), "outcome")
    reply_text = required(data.reply_text, "reply_text", _("请填写答复内容。"), 20000)
    fields = _check_outcome(request, data)
    # 国办函〔2020〕109号 Art. 6: a fee due is notified and paid (or waived) before the reply.
    reply_fee(request, data.fee_method, data.fee_pages)
    published = None
    if (data.published_reference or "").strip():
        published = references.resolve(data.published_reference)
        if published is None:
            raise InvalidInput(_("所指的已公开信息不存在或未发布。"), "published_reference")
    request.outcome = data.outcome
    request.reply_text = reply_text
    request.withheld = (data.withheld or "").strip() if data.outcome == PARTIAL else ""
    for name, value in fields.items():
        setattr(request, name, value)
    _keep_published(request, published)
    on = today()
    request.drafted_by, request.drafted_on = actor, on
    request.secrecy_reviewed_by, request.secrecy_reviewed_on = None, None
    request.secrecy_opinion = ""
    request.save()
    if attachments:
        _drafted_files(request).delete()
        for checked in attachments:
            attach(actor, request, RequestDocument.Kind.INFORMATION, checked, for_applicant=False)
    note = request.get_outcome_display()
    if needs_secrecy_review(request):
        note += "\n" + _("待保密审查")
    event(request, RequestEvent.Kind.REPLY_DRAFTED, on=on, actor=actor, note=note, public=False)
    audit.record(
        "disclosure.reply_draft",
        actor=actor,
        obj=request,
        data={"outcome": data.outcome, "files": len(attachments)},
    )
    return request


def _keep_published(request: DisclosureRequest, published) -> None:
    """Art. 36 (一): the reference with the item's title and address as they are now: the
    notice says where the information was when it was sent, whatever becomes of it later."""
    request.published_reference = published.index_number if published else ""
    request.published_title = published.title if published else ""
    request.published_url = published.url if published else ""


def _drafted_files(request: DisclosureRequest):
    """The information files of the draft (not yet given to the applicant)."""
    return request.documents.filter(kind=RequestDocument.Kind.INFORMATION, for_applicant=False)


def has_draft(request: DisclosureRequest) -> bool:
    return request.drafted_by_id is not None and request.finished_on is None


@transaction.atomic
def send_reply(*, actor: User, request: DisclosureRequest, on: date) -> RequestDocument:
    """作出答复: send the draft on `on`, the reply date (the clock stops, the notice is made
    and dated `on`, the draft's files go to the applicant). A reply that releases information
    needs its 保密审查 first, and is not dated before it."""
    request = lock(request)
    require_handler(actor, request)
    _require_processing(request)
    if not has_draft(request):
        raise InvalidTransition(_("请先拟定答复，再发送。"))
    check_day(on, request)
    # Art. 32: disclosing over a third party's objection, it is told in writing first.
    require_third_party_notice(request, request.outcome, on)
    if request.outcome == LARGE_VOLUME and request.reply_delayed_to is not None:
        raise InvalidTransition(_("已认定申请理由合理并确定了延迟答复期限，请重新拟定答复。"))
    if needs_secrecy_review(request):
        if request.secrecy_reviewed_by_id is None:
            raise InvalidTransition(
                _("予以公开、部分公开的答复须经保密审查（第十七条）后才能发送。")
            )
        if on < request.secrecy_reviewed_on:
            raise InvalidInput(_("答复日期不能早于保密审查日期。"), "on")
    if request.published_reference:
        # What the notice points to must still be published on the day it is sent.
        published = references.resolve(request.published_reference)
        if published is None:
            raise InvalidTransition(_("答复所指的已公开信息已不存在或已撤回，请重新拟定答复。"))
        _keep_published(request, published)
    request.finished_on = on
    request.status = DisclosureRequest.Status.REPLIED
    request.save()
    stop_if_running(actor, request.reply_clock, on)
    stop_if_running(actor, request.correction_notice_clock, on)
    _drafted_files(request).update(for_applicant=True)
    name, pdf = notices.reply_notice(request, on=on)
    document = store(
        actor, request, RequestDocument.Kind.REPLY_NOTICE, name, pdf, for_applicant=True
    )
    event(
        request,
        RequestEvent.Kind.REPLIED,
        on=on,
        actor=actor,
        note=request.get_outcome_display(),
        document=document,
    )
    audit.record(
        "disclosure.reply",
        actor=actor,
        obj=request,
        data={
            "outcome": request.outcome,
            "on": on,
            "due": request.reply_clock.due_date,
            "fee": request.fee_amount,
            "published": request.published_reference,
            "drafted_by": request.drafted_by_id,
            "secrecy_reviewed_by": request.secrecy_reviewed_by_id,
        },
    )
    # The staff search finds answered requests (search_documents): the worker indexes it.
    pk = request.pk
    transaction.on_commit(lambda: hooks.draft_changed(SEARCH_KIND, pk))
    return document


@transaction.atomic
def record_delivery(*, actor: User, request: DisclosureRequest, on: date, note: str) -> None:
    request = lock(request)
    require_handler(actor, request)
    if request.finished_on is None:
        raise InvalidTransition(_("尚未答复的申请不能登记送达。"))
    if on < request.finished_on:
        raise InvalidInput(_("送达日期不能早于答复日期。"), "on")
    not_after_today(on)
    note = required(note, "note", _("请填写送达方式及凭证（如邮件单号）。"), 200)
    request.delivered_on, request.delivery_note = on, note
    request.save(update_fields=["delivered_on", "delivery_note"])
    event(request, RequestEvent.Kind.DELIVERED, on=on, actor=actor, note=note)
    audit.record("disclosure.deliver", actor=actor, obj=request, data={"on": on})


@transaction.atomic
def save_notice_template(*, actor: User, group: str, body: str, remedy: str) -> NoticeTemplate:
    if not permissions.can_edit_templates(actor):
        raise PermissionDenied(_("只有政府信息公开工作机构负责人可以修改告知书模板。"))
    if group not in notices.TEMPLATE_GROUPS:
        raise InvalidInput(_("未知的办理结果类别。"), "group")
    body = required(body, "body", _("请填写正文模板。"), 10000)
    remedy = required(remedy, "remedy", _("请填写救济途径。"), 2000)
    notices.check_template(body)
    notices.check_template(remedy, field="remedy")
    template, _created = NoticeTemplate.objects.update_or_create(
        outcome_group=group, defaults={"body": body, "remedy": remedy, "updated_by": actor}
    )
    audit.record("disclosure.template_save", actor=actor, obj=template, data={"group": group})
    return template
