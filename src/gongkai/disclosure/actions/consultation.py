"""Consulting a third party (条例 Art. 32) or another agency that made the information with
this one (Art. 34), on the statutory clock.

- the letter (征求意见函) goes out: the reply clock pauses that day (Art. 33: time spent
  consulting does not count); the letter is made from its editable template (letters.py);
- the party RECEIVES the letter: its 15 working days run from that day (Art. 32, 34), so the
  opinion clock starts only once the delivery date is recorded;
- the opinion arrives, or the 15 days pass in silence: the reply clock counts again from the
  day after, and never from later than the end of the 15 days. A third party's silence leaves
  the decision to the agency (Art. 32); another agency's silence is consent (Art. 34),
  recorded by the worker (`deem_silent_agencies_consenting`, run daily);
- disclosing over a third party's objection (public interest, Art. 32) needs the written
  notice of the decision's content and reasons first: `notify_third_party`, which the reply
  checks (`require_third_party_notice`).
"""

from __future__ import annotations

from datetime import date

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from gongkai.core import actions as core_actions
from gongkai.core import audit
from gongkai.core.clock import today
from gongkai.core.errors import InvalidInput, InvalidTransition
from gongkai.core.models import Clock, User
from gongkai.disclosure import letters, notices, permissions
from gongkai.disclosure.actions._shared import (
    check_day,
    choice,
    event,
    lock,
    require_handler,
    require_open,
    required,
    stop_if_running,
    store,
)
from gongkai.disclosure.models import (
    Consultation,
    DisclosureRequest,
    NoticeTemplate,
    RequestDocument,
    RequestEvent,
)
from gongkai.disclosure.rules import DISCLOSING_OUTCOMES

Answer = Consultation.Answer


@transaction.atomic
def start_consultation(
    *,
    actor: User,
    request: DisclosureRequest,
    party: str,
    party_name: str,
    on: date,
    matter: str = "",
) -> Consultation:
    """Art. 32 / 34: the letter to a third party or another agency goes out on `on`; the reply
    clock pauses from that day. The party's period waits for the day it receives the letter."""
    request = lock(request)
    require_handler(actor, request)
    if request.status != DisclosureRequest.Status.PROCESSING:
        raise InvalidTransition(_("只有办理中的申请可以征求意见。"))
    choice(party, Consultation.Party, "party", _("请选择征求对象类型。"))
    party_name = required(party_name, "party_name", _("请填写征求意见的对象。"), 100)
    matter = (matter or "").strip()
    if len(matter) > 2000:
        raise InvalidInput(_("内容过长：不能超过 %(n)d 个字。") % {"n": 2000}, "matter")
    check_day(on, request)
    core_actions.pause_clock(
        actor=actor, clock=request.reply_clock, on=on, reason=_("征求意见，所需时间不计算在内")
    )
    consultation = Consultation.objects.create(
        request=request, party=party, party_name=party_name, started_on=on
    )
    name, pdf = letters.consultation_letter(consultation, matter=matter, on=on)
    consultation.letter = store(
        actor, request, RequestDocument.Kind.CONSULTATION_LETTER, name, pdf, for_applicant=False
    )
    consultation.save(update_fields=["letter"])
    request.status = DisclosureRequest.Status.CONSULTING
    request.save(update_fields=["status"])
    event(
        request,
        RequestEvent.Kind.CONSULTATION_STARTED,
        on=on,
        actor=actor,
        # The applicant sees this line: the kind of party, not its name (it may be the very
        # third party whose interests are at stake).
        note=_("向%(kind)s发出征求意见函，意见期限自其收到之日起计算，征求意见期间不计入答复期限")
        % {"kind": consultation.get_party_display()},
        document=consultation.letter,
    )
    audit.record(
        "disclosure.consultation_start",
        actor=actor,
        obj=request,
        data={"party": party, "on": on},
    )
    return consultation


@transaction.atomic
def record_consultation_delivery(
    *, actor: User, consultation: Consultation, on: date
) -> Consultation:
    """Art. 32 / 34: the party received the letter on `on`; its 15 working days start."""
    request = lock(consultation.request)
    require_handler(actor, request)
    consultation = Consultation.objects.select_for_update().get(pk=consultation.pk)
    if consultation.ended_on is not None:
        raise InvalidTransition(_("此次征求意见已经结束。"))
    if consultation.delivered_on is not None:
        raise InvalidTransition(_("已登记过征求意见函的送达日期。"))
    if on < consultation.started_on:
        raise InvalidInput(_("送达日期不能早于征求意见函的发出日期。"), "on")
    check_day(on, request)
    days = letters.OPINION_DAYS[consultation.party]
    consultation.delivered_on = on
    consultation.opinion_clock = core_actions.start_clock(
        actor=actor,
        purpose=_("征求意见期限（%(number)s，%(party)s）")
        % {"number": request.number, "party": consultation.party_name},
        start=on,
        days=days,
        subject=consultation,
    )
    consultation.save(update_fields=["delivered_on", "opinion_clock"])
    event(
        request,
        RequestEvent.Kind.CONSULTATION_DELIVERED,
        on=on,
        actor=actor,
        note=_("%(kind)s收到征求意见函，应自收到之日起 %(days)d 个工作日内（至%(due)s）提出意见")
        % {
            "kind": consultation.get_party_display(),
            "days": days,
            "due": notices.format_day(consultation.opinion_clock.due_date),
        },
    )
    audit.record(
        "disclosure.consultation_delivered",
        actor=actor,
        obj=request,
        data={"on": on, "opinion_due": consultation.opinion_clock.due_date},
    )
    return consultation


def _answer_note(consultation: Consultation, late_after: date | None) -> str:
    kind = consultation.get_party_display()
    if consultation.answer != Answer.SILENT:
        note = _("收到%(kind)s的意见：%(answer)s") % {
            "kind": kind,
            "answer": consultation.get_answer_display(),
        }
        if late_after is not None:
            note += _("（意见期限已于%(due)s届满，答复期限自届满次日起恢复计算）") % {
                "due": notices.format_day(late_after)
            }
        return note
    if consultation.party == Consultation.Party.OTHER_AGENCY:
        return _("%(kind)s逾期未提出意见，视为同意公开（条例第三十四条）") % {"kind": kind}
    return _("%(kind)s逾期未提出意见，由本机关依法决定是否公开（条例第三十二条）") % {"kind": kind}


@transaction.atomic
def end_consultation(
    *,
    actor: User | None,
    consultation: Consultation,
    on: date,
    answer: str,
    opinion: str = "",
) -> None:
    """The opinion arrived on `on` (or, `answer` silent, the party's 15 working days ended):
    the reply clock counts again from the day after, at the latest from the end of those 15
    days. `actor` None is the worker recording another agency's silence (Art. 34)."""
    request = lock(consultation.request)
    if actor is not None:
        require_handler(actor, request)
    consultation = Consultation.objects.select_for_update().get(pk=consultation.pk)
    if consultation.ended_on is not None:
        raise InvalidTransition(_("此次征求意见已经结束。"))
    choice(answer, Answer, "answer", _("请选择征求意见的结果。"))
    opinion = (opinion or "").strip()
    clock = consultation.opinion_clock
    due = clock.due_date if clock is not None else None
    if answer == Answer.SILENT:
        if due is None:
            raise InvalidInput(
                _("尚未登记征求意见函的送达日期，意见期限尚未起算，不能按逾期未提出意见结束。"),
                "answer",
            )
        if on <= due:
            raise InvalidInput(
                _("意见期限至%(due)s届满，届满前不能按逾期未提出意见结束。")
                % {"due": notices.format_day(due)},
                "on",
            )
    elif answer == Answer.OBJECTED and not opinion:
        raise InvalidInput(_("请填写对方不同意公开的意见和理由。"), "opinion")
    if on < consultation.started_on:
        raise InvalidInput(_("结束日期不能早于发出日期。"), "on")
    if consultation.delivered_on is not None and on < consultation.delivered_on:
        raise InvalidInput(_("收到意见的日期不能早于征求意见函的送达日期。"), "on")
    check_day(on, request)
    # Only the party's 15 working days are time spent consulting (Art. 32-34): silence ends on
    # their last day, and a late opinion does not hold the reply clock beyond it.
    late_after = due if due is not None and on > due and answer != Answer.SILENT else None
    ended_on = due if answer == Answer.SILENT else on
    resume_from = min(on, due) if due is not None else on
    consultation.ended_on, consultation.answer, consultation.opinion = ended_on, answer, opinion
    consultation.save(update_fields=["ended_on", "answer", "opinion"])
    stop_if_running(actor, clock, min(on, due) if due is not None else on)
    core_actions.resume_clock(actor=actor, clock=request.reply_clock, on=resume_from)
    request.reply_clock.refresh_from_db()
    request.status = DisclosureRequest.Status.PROCESSING
    request.save(update_fields=["status"])
    event(
        request,
        RequestEvent.Kind.CONSULTATION_ENDED,
        on=ended_on,
        actor=actor,
        note=_answer_note(consultation, late_after),
    )
    audit.record(
        "disclosure.consultation_end",
        actor=actor,
        obj=request,
        data={"on": ended_on, "answer": answer, "due": request.reply_clock.due_date},
    )


def deem_silent_agencies_consenting(on: date | None = None) -> int:
    """The daily job (Art. 34): another agency silent for its 15 working days has consented."""
    on = on or today()
    silent = Consultation.objects.filter(
        party=Consultation.Party.OTHER_AGENCY,
        ended_on__isnull=True,
        opinion_clock__state=Clock.State.RUNNING,
        opinion_clock__due_date__lt=on,
    ).order_by("pk")
    recorded = 0
    for consultation in silent:
        try:
            end_consultation(actor=None, consultation=consultation, on=on, answer=Answer.SILENT)
        except InvalidTransition:  # an officer recorded the opinion meanwhile
            continue
        recorded += 1
    return recorded


@transaction.atomic
def notify_third_party(
    *, actor: User, consultation: Consultation, on: date, content: str, reason: str
) -> RequestDocument:
    """Art. 32: deciding to disclose over a third party's objection because withholding would
    gravely harm the public interest, tell it in writing what is disclosed and why."""
    request = lock(consultation.request)
    require_handler(actor, request)
    require_open(request)
    consultation = Consultation.objects.select_for_update().get(pk=consultation.pk)
    if not consultation.awaits_disclosure_notice:
        if consultation.disclosure_notice_on is not None:
            raise InvalidTransition(_("已书面告知该第三方决定公开。"))
        raise InvalidTransition(_("只有第三方不同意公开时，才需告知其决定公开。"))
    content = required(content, "content", _("请写明决定公开的政府信息内容。"), 5000)
    reason = required(
        reason, "reason", _("请写明决定公开的理由（不公开可能对公共利益造成重大影响）。"), 5000
    )
    if on < consultation.ended_on:
        raise InvalidInput(_("告知日期不能早于第三方提出意见的日期。"), "on")
    check_day(on, request)
    name, pdf = letters.disclosure_notice(consultation, content=content, reason=reason, on=on)
    document = store(
        actor, request, RequestDocument.Kind.THIRD_PARTY_NOTICE, name, pdf, for_applicant=False
    )
    consultation.disclosure_notice, consultation.disclosure_notice_on = document, on
    consultation.save(update_fields=["disclosure_notice", "disclosure_notice_on"])
    event(
        request,
        RequestEvent.Kind.THIRD_PARTY_NOTIFIED,
        on=on,
        actor=actor,
        note=_("书面告知第三方决定公开的内容和理由。决定公开：%(content)s；理由：%(reason)s")
        % {"content": content, "reason": reason},
        document=document,
        public=False,
    )
    audit.record(
        "disclosure.third_party_notified",
        actor=actor,
        obj=request,
        data={"consultation": consultation.pk, "on": on},
    )
    return document


def require_third_party_notice(request: DisclosureRequest, outcome: str, on: date) -> None:
    """For the reply (Art. 32): no disclosure over a third party's objection unless the third
    party was told of the decision in writing, on or before the reply's day."""
    if outcome not in DISCLOSING_OUTCOMES:
        return
    objected = request.consultations.filter(
        party=Consultation.Party.THIRD_PARTY, answer=Answer.OBJECTED
    )
    for consultation in objected:
        if consultation.disclosure_notice_on is None or consultation.disclosure_notice_on > on:
            raise InvalidInput(
                _(
                    "第三方“%(name)s”不同意公开。决定公开的，须先将决定公开的政府信息内容和理由"
                    "书面告知该第三方（条例第三十二条），再作出答复。"
                )
                % {"name": consultation.party_name},
                "outcome",
            )


@transaction.atomic
def save_letter_template(*, actor: User, key: str, body: str, closing: str) -> NoticeTemplate:
    """The head of the disclosure office replaces the text of a letter to a consulted party."""
    if not permissions.can_edit_templates(actor):
        raise PermissionDenied(_("只有政府信息公开工作机构负责人可以修改告知书模板。"))
    if key not in letters.LETTERS:
        raise InvalidInput(_("没有这种文书。"), "body")
    body = required(body, "body", _("请填写正文模板。"), 10000)
    closing = required(closing, "remedy", _("请填写结尾部分。"), 2000)
    letters.check(key, body, closing)
    template, _created = NoticeTemplate.objects.update_or_create(
        outcome_group=key, defaults={"body": body, "remedy": closing, "updated_by": actor}
    )
    audit.record("disclosure.letter_template_save", actor=actor, obj=template, data={"key": key})
    return template
