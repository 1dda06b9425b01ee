"""What every letter action does the same way: check a value, lock the letter, make sure of
the actor, write a step of its history, number it, start and stop its reply clock, tell the
public pages that they changed."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import PermissionDenied
from django.utils import timezone
from django.utils.translation import gettext as _

from gongkai.core import actions as core_actions
from gongkai.core import pagecache
from gongkai.core.errors import InvalidInput, InvalidTransition
from gongkai.core.models import Clock, Department, User
from gongkai.core.query_codes import next_serial
from gongkai.letters import permissions
from gongkai.letters.apps import PAGE_VERSION
from gongkai.letters.models import Letter, LetterCounter, LetterStep
from gongkai.letters.rules import reply_days

NUMBER_FORMAT = "XF{year}{serial:06d}"
REASON_LIMIT = 1000  # a reason, an opinion, a note: a paragraph, not a document
REPLY_LIMIT = 10000


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


def optional(value: str, field: str, max_length: int) -> str:
    value = (value or "").strip()
    if len(value) > max_length:
        raise InvalidInput(_("内容过长：不能超过 %(n)d 个字。") % {"n": max_length}, field)
    return value


def department_given(department, field: str = "department") -> Department:
    if not isinstance(department, Department):
        raise InvalidInput(_("请选择部门。"), field)
    return department


def next_number(year: int) -> str:
    """XF + year + a 6-digit serial, never reused (the counter row stays locked)."""
    return NUMBER_FORMAT.format(year=year, serial=next_serial(LetterCounter, year))


def lock(letter: Letter) -> Letter:
    """The letter row, locked until the transaction ends (no select_related: PostgreSQL
    refuses FOR UPDATE on the nullable side of a join)."""
    return Letter.objects.select_for_update().get(pk=letter.pk)


def require_status(letter: Letter, *statuses: str) -> None:
    if letter.status not in statuses:
        raise InvalidTransition(
            _("来信当前状态为“%(status)s”，不能办理此项。")
            % {"status": letter.get_status_display()}
        )


def require_triage(actor: User | None, letter: Letter) -> None:
    if actor is None or not permissions.can_triage(actor, letter.mailbox.department):
        raise PermissionDenied(_("只有此信箱所属部门的来信分办人员可以办理此项。"))


def require_handler(actor: User | None, letter: Letter) -> None:
    if (
        actor is None
        or letter.department_id is None
        or not permissions.can_draft(actor, letter.department)
    ):
        raise PermissionDenied(_("只有主办部门的来信办理人员可以办理此项。"))


def step(
    letter: Letter,
    action: str,
    *,
    actor: User | None,
    department: Department | None = None,
    note: str = "",
    public: bool = True,
) -> LetterStep:
    """One line of the letter's history; `public`: the writer sees it on the tracking page."""
    return LetterStep.objects.create(
        letter=letter,
        action=action,
        actor=actor,
        department=department,
        at=timezone.now(),
        note=note,
        public=public,
    )


def start_reply_clock(actor: User | None, letter: Letter, on: date) -> Clock:
    """The reply clock: reply_days(kind) working days from `on`, the day not counted."""
    return core_actions.start_clock(
        actor=actor,
        purpose=_("来信答复（%(number)s）") % {"number": letter.number},
        start=on,
        days=reply_days(letter.kind),
        subject=letter,
    )


def stop_reply_clock(actor: User | None, letter: Letter, on: date) -> None:
    """Stop the reply clock if it still counts; a stopped or absent one is left alone."""
    if letter.reply_clock_id is None:
        return
    clock = Clock.objects.get(pk=letter.reply_clock_id)
    if clock.state != Clock.State.STOPPED:
        core_actions.stop_clock(actor=actor, clock=clock, on=on)


def pages_changed() -> None:
    """The public pages (published letters, statistics) show something else after commit."""
    pagecache.change_version(PAGE_VERSION)
