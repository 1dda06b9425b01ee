"""What every case action does the same way: check a value, lock the case, make sure of the
actor, write a step, keep a document, start and stop the clocks."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from gongkai.core import actions as core_actions
from gongkai.core.clock import today
from gongkai.core.errors import InvalidInput, InvalidTransition
from gongkai.core.files import check_bytes
from gongkai.core.models import Clock, User
from gongkai.services import permissions
from gongkai.services.models import Case, CaseDocument, CaseStep
from gongkai.services.rules import ONE_TIME_NOTICE_DAYS

# A case still being worked on (not 办结, not 送达).
OPEN_STATUSES = (
    Case.Status.SUBMITTED,
    Case.Status.AWAITING_APPLICANT,
    Case.Status.REVIEW,
    Case.Status.DECISION,
    Case.Status.SPECIAL,
)


def choice(value: str, choices, field: str, message: str) -> str:
    if value not in choices.values:
        raise InvalidInput(message, field)
    return value


def required(value: str, field: str, message: str, max_length: int | None = None) -> str:
    value = (value or "").strip()
    if not value:
        raise InvalidInput(message, field)
    if max_length is not None and len(value) > max_length:
        raise InvalidInput(_("内容过长：不能超过 %(n)d 个字。") % {"n": max_length}, field)
    return value


def not_future(on: date | None, field: str = "on") -> date:
    if on is None:
        raise InvalidInput(_("请填写日期。"), field)
    if on > today():
        raise InvalidInput(_("日期不能晚于今天。"), field)
    return on


def lock(case: Case) -> Case:
    """The case row, locked until the transaction ends (no select_related: PostgreSQL refuses
    FOR UPDATE on the nullable side of a join)."""
    return Case.objects.select_for_update().get(pk=case.pk)


def require_handler(actor: User | None, case: Case) -> None:
    if actor is None or not permissions.can_handle_cases(actor, case.department):
        raise PermissionDenied(_("您不是此办件所属部门的窗口受理人员或审批负责人。"))


def require_approver(actor: User, case: Case) -> None:
    if not permissions.can_decide(actor, case.department):
        raise PermissionDenied(_("只有此办件所属部门的审批负责人可以办理此项。"))


def require_status(case: Case, *statuses: str) -> None:
    if case.status not in statuses:
        raise InvalidTransition(
            _("办件当前状态为“%(status)s”，不能办理此项。") % {"status": case.get_status_display()}
        )


def step(
    case: Case,
    action: str,
    *,
    actor: User | None,
    on: date,
    opinion: str = "",
    document: CaseDocument | None = None,
    public: bool = True,
) -> CaseStep:
    """One line of the case's record: who, when, what, with which opinion and document."""
    return CaseStep.objects.create(
        case=case,
        action=action,
        on=on,
        actor=actor,
        opinion=opinion,
        document=document,
        public=public,
    )


def store_document(
    actor: User | None, case: Case, kind: str, content: bytes, *, for_applicant: bool = True
) -> CaseDocument:
    """Keep a document the platform made, checked like any upload, under a telling name."""
    name = f"{case.number}-{CaseDocument.Kind(kind).label}.pdf"
    upload = core_actions.store_upload(actor=actor, checked=check_bytes(name, content))
    return CaseDocument.objects.create(
        case=case, kind=kind, upload=upload, for_applicant=for_applicant
    )


def start_clock(actor, case: Case, purpose: str, start: date, days: int) -> Clock | None:
    """A clock of `days` working days from `start`; none for a limit of 0 (即办: done on the
    spot, nothing to count)."""
    if days <= 0:
        return None
    return core_actions.start_clock(
        actor=actor,
        purpose=purpose % {"number": case.number},
        start=start,
        days=days,
        subject=case,
    )


def start_intake_clock(actor, case: Case, on: date) -> Clock | None:
    """Art. 32 (四): the one-time notice is due within 5 days of receiving the materials."""
    return start_clock(actor, case, _("受理审查期限（%(number)s）"), on, ONE_TIME_NOTICE_DAYS)


def stop_clock(actor, clock: Clock | None, on: date) -> None:
    """Stop a clock that still counts (or waits); a stopped or absent one is left alone."""
    if clock is not None and clock.state != Clock.State.STOPPED:
        core_actions.stop_clock(actor=actor, clock=clock, on=on)
