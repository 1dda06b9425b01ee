"""What every action of 依申请公开 does the same way: check a value, lock the request, make
sure the actor handles it, write a line of its timeline, keep a document."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from gongkai.core import actions as core_actions
from gongkai.core.clock import today
from gongkai.core.errors import InvalidInput, InvalidTransition
from gongkai.core.files import CheckedFile, check_bytes
from gongkai.core.models import Clock
from gongkai.disclosure import permissions
from gongkai.disclosure.models import DisclosureRequest, RequestDocument, RequestEvent

# The states in which a request is still being handled (not answered, not closed).
OPEN_STATES = (
    DisclosureRequest.Status.PROCESSING,
    DisclosureRequest.Status.CORRECTION,
    DisclosureRequest.Status.CONSULTING,
    DisclosureRequest.Status.FEE,
)


def choice(value: str, choices, field: str, message: str) -> str:
    if value not in choices.values:
        raise InvalidInput(message, field)
    return value


def required(value: str, field: str, message: str, max_length: int) -> str:
    value = (value or "").strip()
    if not value:
        raise InvalidInput(message, field)
    if len(value) > max_length:
        raise InvalidInput(_("内容过长：不能超过 %(n)d 个字。") % {"n": max_length}, field)
    return value


def event(request, kind, *, on, actor=None, note="", document=None, public=True, late_reason=""):
    """A line of the request's timeline, with the reply deadline as it stands after it
    (`late_reason`: why a step was taken after its legal time, which flags it)."""
    due = request.reply_clock.due_date if request.reply_clock_id else None
    return RequestEvent.objects.create(
        request=request,
        kind=kind,
        on=on,
        actor=actor,
        note=note,
        document=document,
        public=public,
        due_after=due,
        late_reason=late_reason,
    )


def store(actor, request, kind, name: str, content: bytes, *, for_applicant: bool):
    """Keep a document the platform made (a notice), checked like any upload."""
    return attach(actor, request, kind, check_bytes(name, content), for_applicant=for_applicant)


def attach(actor, request, kind, checked: CheckedFile, *, for_applicant: bool):
    upload = core_actions.store_upload(actor=actor, checked=checked)
    return RequestDocument.objects.create(
        request=request, kind=kind, upload=upload, for_applicant=for_applicant
    )


def lock(request: DisclosureRequest) -> DisclosureRequest:
    return DisclosureRequest.objects.select_for_update().get(pk=request.pk)


def require_handler(actor, request) -> None:
    if not permissions.can_handle(actor, request):
        raise PermissionDenied(_("您不是此申请所属机关的依申请公开经办人。"))


def require_open(request) -> None:
    if request.status not in OPEN_STATES:
        raise InvalidTransition(_("此申请已办结，不能再办理。"))


def not_after_today(on: date, field: str = "on") -> None:
    """A date the officer records as having happened: never in the future."""
    if on > today():
        raise InvalidInput(_("日期不能晚于今天。"), field)


def check_day(on: date, request, field: str = "on") -> None:
    """A step's date: not in the future, not before the application was received."""
    not_after_today(on, field)
    if on < request.received_on:
        raise InvalidInput(_("日期不能早于收到申请的日期。"), field)


def stop_if_running(actor, clock: Clock | None, on: date) -> None:
    if clock is not None and clock.state != Clock.State.STOPPED:
        core_actions.stop_clock(actor=actor, clock=clock, on=on)
