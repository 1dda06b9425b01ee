"""The reply (Art. 33, 36) with its notice and fee (Art. 42), its delivery, and the editable
texts of reply notices."""

from __future__ import annotations

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
from gongkai.disclosure import fees, notices, permissions
from gongkai.disclosure.actions._shared import (
    OPEN_STATES,
    attach,
    check_day,
    choice,
    event,
    lock,
    require_handler,
    required,
    stop_if_running,
    store,
)
from gongkai.disclosure.models import (
    DisclosureRequest,
    NoticeTemplate,
    RequestDocument,
    RequestEvent,
)
from gongkai.disclosure.rules import OUTCOME_CODES, PARTIAL, FeeMethod
from gongkai.disclosure.search_documents import KIND as SEARCH_KIND


def nth_application_this_month(request: DisclosureRequest) -> int:
    """The applicant's count of applications this calendar month, this one included
    (国办函〔2020〕109号 counts per applicant per month)."""
    start = request.received_on.replace(day=1)
    earlier = DisclosureRequest.objects.filter(
        id_number_index=request.id_number_index,
        received_on__gte=start,
        received_on__lte=request.received_on,
        pk__lt=request.pk,
    )
    return earlier.count() + 1


@dataclass
class ReplyData:
    outcome: str
    reply_text: str
    withheld: str = ""
    # Art. 36 (一): the information is already published; its 索引号 (or, for an item without
    # one, its number), looked up through core.references when the reply is made.
    published_reference: str = ""
    fee_method: str = FeeMethod.NONE
    fee_pages: int | None = None


@transaction.atomic
def reply(
    *,
    actor: User,
    request: DisclosureRequest,
    data: ReplyData,
    on: date,
    attachments: list[CheckedFile] = (),
) -> RequestDocument:
    """Art. 36: answer with an outcome of table 三 (rules.OUTCOME_GROUPS); the reply notice is made.

    A reply pointing to published information keeps the reference with the item's title and
    address as they are now: the notice says where the information was when it was sent,
    whatever becomes of the item later.
    """
    request = lock(request)
    require_handler(actor, request)
    if request.status != DisclosureRequest.Status.PROCESSING:
        if request.status in OPEN_STATES:
            raise InvalidTransition(_("请先结束补正或征求意见，再作出答复。"))
        raise InvalidTransition(_("此申请已办结，不能再答复。"))
    if data.outcome not in OUTCOME_CODES:
        raise InvalidInput(_("请选择办理结果（含具体情形）。"), "outcome")
    reply_text = required(data.reply_text, "reply_text", _("请填写答复内容。"), 20000)
    withheld = (data.withheld or "").strip()
    if data.outcome == PARTIAL and not withheld:
        raise InvalidInput(_("部分公开须写明不予公开的内容及理由。"), "withheld")
    choice(data.fee_method, FeeMethod, "fee_method", _("请选择收费方式。"))
    pages = data.fee_pages
    if data.fee_method == FeeMethod.PER_PAGE and (pages is None or pages < 0):
        raise InvalidInput(_("按量计收须填写页数。"), "fee_pages")
    check_day(on, request)
    published = None
    if (data.published_reference or "").strip():
        published = references.resolve(data.published_reference)
        if published is None:
            raise InvalidInput(_("所指的已公开信息不存在或未发布。"), "published_reference")
    request.outcome = data.outcome
    request.reply_text = reply_text
    request.withheld = withheld
    request.published_reference = published.index_number if published else ""
    request.published_title = published.title if published else ""
    request.published_url = published.url if published else ""
    request.fee_method = data.fee_method
    request.fee_pages = pages if data.fee_method == FeeMethod.PER_PAGE else None
    request.fee_amount = fees.fee(
        data.fee_method, nth_this_month=nth_application_this_month(request), pages=pages or 0
    )
    request.finished_on = on
    request.status = DisclosureRequest.Status.REPLIED
    request.save()
    stop_if_running(actor, request.reply_clock, on)
    stop_if_running(actor, request.correction_notice_clock, on)
    for checked in attachments:
        attach(actor, request, RequestDocument.Kind.INFORMATION, checked, for_applicant=True)
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
            "outcome": data.outcome,
            "on": on,
            "due": request.reply_clock.due_date,
            "fee": request.fee_amount,
            "published": request.published_reference,
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
    if on > today():
        raise InvalidInput(_("日期不能晚于今天。"), "on")
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
