"""The statutory period of an accepted case: the extension (行政许可法 Art. 42: once, by 10
working days, with the head's approval, before the period runs out; the promise is not
extended) and the special procedures (Art. 45: hearing, testing, expert review, public
notice: both clocks pause and count again with the days they had left)."""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.utils.translation import gettext as _

from gongkai.core import actions as core_actions
from gongkai.core import audit
from gongkai.core.clock import today
from gongkai.core.errors import InvalidInput, InvalidTransition
from gongkai.core.models import Clock, User
from gongkai.services.actions._shared import (
    choice,
    lock,
    not_future,
    require_approver,
    require_handler,
    require_status,
    required,
    step,
)
from gongkai.services.models import Case, CaseStep, SpecialProcedure
from gongkai.services.rules import EXTENSION_DAYS, SpecialProcedureKind


@transaction.atomic
def extend_case(*, actor: User, case: Case, reason: str) -> Case:
    """延长 (Art. 42): once, by the head's approval, before the statutory limit runs out, by
    10 working days; the promised limit stays as promised."""
    case = lock(case)
    require_approver(actor, case)
    require_status(case, Case.Status.REVIEW, Case.Status.DECISION)
    if case.extended:
        raise InvalidTransition(_("办理期限只能延长一次。"))
    clock = case.legal_clock
    on = today()
    if clock is None or clock.state != Clock.State.RUNNING or on > clock.due_date:
        raise InvalidTransition(_("只能在法定办结期限届满前延长期限。"))
    reason = required(reason, "reason", _("请填写延长期限的理由。"), 2000)
    clock = core_actions.extend_clock(actor=actor, clock=clock, days=EXTENSION_DAYS, reason=reason)
    case.extended = True
    case.save(update_fields=["extended"])
    step(case, CaseStep.Action.EXTEND, actor=actor, on=on, opinion=reason)
    audit.record(
        "services.extend",
        actor=actor,
        obj=case,
        data={"days": EXTENSION_DAYS, "due": clock.due_date, "reason": reason},
    )
    return case


@transaction.atomic
def start_special_procedure(
    *, actor: User, case: Case, kind: str, on: date, note: str = ""
) -> SpecialProcedure:
    """特别程序 (Art. 45): hearing, testing, expert review ... both clocks pause from `on`."""
    case = lock(case)
    require_handler(actor, case)
    require_status(case, Case.Status.REVIEW, Case.Status.DECISION)
    choice(kind, SpecialProcedureKind, "kind", _("请选择特别程序的种类。"))
    not_future(on)
    if case.accepted_on and on < case.accepted_on:
        raise InvalidInput(_("特别程序不能早于受理日期开始。"), "on")
    note = (note or "").strip()
    for clock in (case.legal_clock, case.promised_clock):
        if clock is not None and clock.state == Clock.State.RUNNING:
            core_actions.pause_clock(actor=actor, clock=clock, on=on, reason=kind)
    procedure = SpecialProcedure.objects.create(case=case, kind=kind, started_on=on, note=note)
    case.status = Case.Status.SPECIAL
    case.save(update_fields=["status"])
    label = SpecialProcedureKind(kind).label
    opinion = f"{label}：{note}" if note else str(label)
    step(case, CaseStep.Action.SPECIAL_START, actor=actor, on=on, opinion=opinion)
    audit.record(
        "services.special_start",
        actor=actor,
        obj=case,
        data={"kind": kind, "on": on, "procedure": procedure.pk},
    )
    return procedure


def _status_after_special(case: Case) -> str:
    # A special procedure starts from 审查 or 决定; the 一审 opinion (a REVIEW step) tells which.
    reviewed = case.steps.filter(action=CaseStep.Action.REVIEW).exists()
    return Case.Status.DECISION if reviewed else Case.Status.REVIEW


@transaction.atomic
def end_special_procedure(*, actor: User, procedure: SpecialProcedure, on: date) -> Case:
    """The special procedure is over: both clocks count again with the days they had left."""
    case = lock(procedure.case)
    require_handler(actor, case)
    procedure = SpecialProcedure.objects.select_for_update().get(pk=procedure.pk)
    if procedure.ended_on is not None or case.status != Case.Status.SPECIAL:
        raise InvalidTransition(_("该特别程序已经结束。"))
    not_future(on)
    if on < procedure.started_on:
        raise InvalidInput(_("结束日期不能早于开始日期。"), "on")
    for clock in (case.legal_clock, case.promised_clock):
        if clock is not None and clock.state == Clock.State.PAUSED:
            core_actions.resume_clock(actor=actor, clock=clock, on=on)
    procedure.ended_on = on
    procedure.save(update_fields=["ended_on"])
    case.status = _status_after_special(case)
    case.save(update_fields=["status"])
    label = procedure.get_kind_display()
    step(case, CaseStep.Action.SPECIAL_END, actor=actor, on=on, opinion=str(label))
    audit.record(
        "services.special_end",
        actor=actor,
        obj=case,
        data={"procedure": procedure.pk, "started_on": procedure.started_on, "ended_on": on},
    )
    return case
