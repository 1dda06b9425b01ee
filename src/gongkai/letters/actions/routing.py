"""Routing (分办): the mailbox department's triage accepts a letter and assigns it to a lead
department (others assisting), returns it as outside scope, transfers it to the channel it
belongs to, merges a duplicate, closes an abusive one; it decides the one extension a lead
department may ask for.

The reply clock starts at acceptance (rules.reply_days working days by kind); a letter
reassigned to another department keeps its clock, so a letter passed around is not given
fresh time; an approved extension adds reply_days(kind) more working days.
"""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gongkai.core import actions as core_actions
from gongkai.core import audit, transfers
from gongkai.core.clock import today
from gongkai.core.errors import InvalidInput, InvalidTransition
from gongkai.core.models import Clock
from gongkai.letters.actions._shared import (
    REASON_LIMIT,
    choice,
    department_given,
    lock,
    optional,
    pages_changed,
    require_handler,
    require_status,
    require_triage,
    required,
    start_reply_clock,
    step,
    stop_reply_clock,
)
from gongkai.letters.models import Letter, LetterStep
from gongkai.letters.rules import Channel, Status, reply_days

DISCLOSURE_RECEIVER = "disclosure.request"
# A letter that is still the office's or a department's to answer (not yet with its reviewers).
BEFORE_REVIEW = (Status.SUBMITTED, Status.HANDLING)
Action = LetterStep.Action


def _assisting(department, assisting) -> list:
    helpers = []
    for each in assisting or ():
        department_given(each, "assisting")
        if each.pk == department.pk:
            raise InvalidInput(_("主办部门不必再列为协办部门。"), "assisting")
        if each not in helpers:
            helpers.append(each)
    return helpers


@transaction.atomic
def accept_letter(*, actor, letter: Letter, department, assisting=(), note: str = "") -> Letter:
    """受理并分办: the letter goes to `department` (lead) and `assisting`; the reply clock
    starts today. The note goes with the assignment and the writer sees it."""
    letter = lock(letter)
    require_triage(actor, letter)
    require_status(letter, Status.SUBMITTED)
    department = department_given(department)
    helpers = _assisting(department, assisting)
    note = optional(note, "note", REASON_LIMIT)
    on = today()
    letter.status, letter.accepted_on, letter.department = Status.HANDLING, on, department
    letter.reply_clock = start_reply_clock(actor, letter, on)
    letter.save(update_fields=["status", "accepted_on", "department", "reply_clock"])
    letter.assisting.set(helpers)
    step(letter, Action.ACCEPT, actor=actor, department=department, note=note)
    audit.record(
        "letters.accept",
        actor=actor,
        obj=letter,
        data={
            "department": department.short_code,
            "assisting": [d.short_code for d in helpers],
            "due": letter.reply_clock.due_date,
        },
    )
    pages_changed()
    return letter


def _end(actor, letter: Letter, status: str, reason: str, fields: list[str]) -> None:
    """The letter leaves the mailbox unanswered (returned, transferred, merged, closed)."""
    letter.status, letter.closing_reason = status, reason
    letter.save(update_fields=["status", "closing_reason", *fields])
    stop_reply_clock(actor, letter, today())


@transaction.atomic
def return_letter(*, actor, letter: Letter, reason: str) -> Letter:
    """不予受理: outside the mailbox's scope; the reason is told to the writer."""
    letter = lock(letter)
    require_triage(actor, letter)
    require_status(letter, Status.SUBMITTED)
    reason = required(reason, "reason", _("请填写不予受理的理由。"), REASON_LIMIT)
    _end(actor, letter, Status.RETURNED, reason, [])
    step(letter, Action.RETURN, actor=actor, note=reason)
    audit.record("letters.return", actor=actor, obj=letter, data={"reason": reason})
    pages_changed()
    return letter


@transaction.atomic
def transfer_letter(*, actor, letter: Letter, channel: str, reason: str) -> Letter:
    """转办: a 信访 matter to the 信访 channel, a request for information to 依申请公开 (it
    becomes a request there, through core.transfers); the writer is told where and why."""
    letter = lock(letter)
    require_triage(actor, letter)
    require_status(letter, *BEFORE_REVIEW)
    choice(channel, Channel, "channel", _("请选择转办渠道。"))
    reason = required(reason, "reason", _("请填写转办理由。"), REASON_LIMIT)
    reference = ""
    if channel == Channel.DISCLOSURE:
        reference = _to_disclosure(actor, letter)
    letter.transferred_to, letter.transfer_reference = channel, reference
    _end(actor, letter, Status.TRANSFERRED, reason, ["transferred_to", "transfer_reference"])
    note = reason
    if reference:
        note = _("%(reason)s（政府信息公开申请编号：%(number)s）") % {
            "reason": reason,
            "number": reference,
        }
    step(letter, Action.TRANSFER_CHANNEL, actor=actor, note=note)
    audit.record(
        "letters.transfer",
        actor=actor,
        obj=letter,
        data={"channel": channel, "reference": reference, "reason": reason},
    )
    pages_changed()
    return letter


def _to_disclosure(actor, letter: Letter) -> str:
    channel = transfers.receiver(DISCLOSURE_RECEIVER)
    if channel is None:
        raise InvalidTransition(_("政府信息公开申请渠道未开通，不能转为依申请公开。"))
    submission = transfers.Submission(
        name=letter.writer_name,
        phone=letter.writer_phone,
        text=f"{letter.subject}\n\n{letter.body}",
        received_on=timezone.localdate(letter.received_at),
        origin=_("来信 %(number)s") % {"number": letter.number},
        query_code_hash=letter.query_code_hash,  # the writer's code follows the request
    )
    return str(channel.receive(actor=actor, submission=submission))[:40]


@transaction.atomic
def reassign_letter(*, actor, letter: Letter, department, reason: str) -> Letter:
    """改派: another department leads; the reply clock is kept (a letter passed on gets no
    fresh time), and the new lead stops being an assisting department."""
    letter = lock(letter)
    require_triage(actor, letter)
    require_status(letter, Status.HANDLING)
    department = department_given(department)
    if department.pk == letter.department_id:
        raise InvalidInput(_("改派的部门与原主办部门相同。"), "department")
    reason = required(reason, "reason", _("请填写改派理由。"), REASON_LIMIT)
    previous = letter.department
    letter.department = department
    letter.save(update_fields=["department"])
    letter.assisting.remove(department)
    step(letter, Action.REASSIGN, actor=actor, department=department, note=reason)
    audit.record(
        "letters.reassign",
        actor=actor,
        obj=letter,
        data={"from": previous.short_code, "to": department.short_code, "reason": reason},
    )
    pages_changed()  # the statistics by department count the lead
    return letter


@transaction.atomic
def merge_letter(*, actor, letter: Letter, into: Letter, reason: str) -> Letter:
    """合并: a duplicate joins the letter it repeats and is answered there."""
    letter = lock(letter)
    require_triage(actor, letter)
    require_status(letter, *BEFORE_REVIEW)
    if not isinstance(into, Letter) or into.pk == letter.pk:
        raise InvalidInput(_("请选择要并入的另一封来信。"), "into")
    into = lock(into)
    require_triage(actor, into)
    if into.status in (Status.MERGED, Status.RETURNED, Status.CLOSED):
        raise InvalidInput(
            _("来信 %(number)s 状态为“%(status)s”，不能并入。")
            % {"number": into.number, "status": into.get_status_display()},
            "into",
        )
    reason = required(reason, "reason", _("请填写合并理由。"), REASON_LIMIT)
    letter.merged_into = into
    _end(actor, letter, Status.MERGED, reason, ["merged_into"])
    note = _("%(reason)s（并入来信 %(number)s）") % {"reason": reason, "number": into.number}
    step(letter, Action.MERGE, actor=actor, note=note)
    audit.record(
        "letters.merge", actor=actor, obj=letter, data={"into": into.number, "reason": reason}
    )
    pages_changed()
    return letter


@transaction.atomic
def close_letter(*, actor, letter: Letter, reason: str) -> Letter:
    """关闭: an abusive or meaningless letter, closed with its reason."""
    letter = lock(letter)
    require_triage(actor, letter)
    require_status(letter, *BEFORE_REVIEW)
    reason = required(reason, "reason", _("请填写关闭理由。"), REASON_LIMIT)
    _end(actor, letter, Status.CLOSED, reason, [])
    step(letter, Action.CLOSE, actor=actor, note=reason)
    audit.record("letters.close", actor=actor, obj=letter, data={"reason": reason})
    pages_changed()
    return letter


def extension_pending(letter: Letter) -> bool:
    """Asked for and not yet decided."""
    return (
        letter.extension_requested_by_id is not None
        and not letter.extended
        and not letter.extension_refused
    )


@transaction.atomic
def request_extension(*, actor, letter: Letter, reason: str) -> Letter:
    """申请延期: the lead department asks, once, before the reply falls due."""
    letter = lock(letter)
    require_handler(actor, letter)
    require_status(letter, Status.HANDLING, Status.REVIEW)
    if letter.extension_requested_by_id is not None:
        raise InvalidTransition(_("每封来信只能申请一次延期。"))
    clock = Clock.objects.get(pk=letter.reply_clock_id)
    if clock.state != Clock.State.RUNNING or today() > clock.due_date:
        raise InvalidTransition(_("答复期限已过，不能再申请延期。"))
    reason = required(reason, "reason", _("请填写延期理由。"), REASON_LIMIT)
    letter.extension_reason, letter.extension_requested_by = reason, actor
    letter.save(update_fields=["extension_reason", "extension_requested_by"])
    step(
        letter,
        Action.EXTEND_REQUEST,
        actor=actor,
        department=letter.department,
        note=reason,
        public=False,
    )
    audit.record("letters.extension_request", actor=actor, obj=letter, data={"reason": reason})
    return letter


@transaction.atomic
def decide_extension(*, actor, letter: Letter, approve: bool, opinion: str) -> Letter:
    """批准或不批准延期 (the mailbox department's triage): approved, the due date moves by
    reply_days(kind) more working days and the writer is told why; refused, it stays."""
    letter = lock(letter)
    require_triage(actor, letter)
    require_status(letter, Status.HANDLING, Status.REVIEW)
    if not extension_pending(letter):
        raise InvalidTransition(_("此信没有待审批的延期申请。"))
    if approve:
        opinion = optional(opinion, "opinion", REASON_LIMIT)
        clock = core_actions.extend_clock(
            actor=actor,
            clock=Clock.objects.get(pk=letter.reply_clock_id),
            days=reply_days(letter.kind),
            reason=letter.extension_reason,
        )
        letter.extended = True
        letter.save(update_fields=["extended"])
        step(letter, Action.EXTEND, actor=actor, note=letter.extension_reason)
    else:
        opinion = required(opinion, "opinion", _("请填写不批准延期的理由。"), REASON_LIMIT)
        clock = Clock.objects.get(pk=letter.reply_clock_id)
        letter.extension_refused = True
        letter.save(update_fields=["extension_refused"])
        step(letter, Action.EXTEND_REFUSE, actor=actor, note=opinion, public=False)
    audit.record(
        "letters.extension_decide",
        actor=actor,
        obj=letter,
        data={"approve": bool(approve), "opinion": opinion, "due": clock.due_date},
    )
    pages_changed()  # the statistics' "on time" counts against the due date
    return letter
