"""Every write to a deadline (core `Clock`): one function each, in a transaction, audited.

A clock counts `counting_days` working days after `counting_from`; pausing keeps the
working days left, resuming starts a new stretch with them, restarting starts over.
"""

from __future__ import annotations

from datetime import date

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils.translation import gettext as _

from gongkai.core import audit
from gongkai.core.calendar import add_working_days, working_days_between
from gongkai.core.errors import InvalidInput, InvalidTransition
from gongkai.core.models import (
    Clock,
    User,
)


def set_due_date(clock: Clock) -> None:
    """The due date (and whether it rests on a provisional calendar) from the counting fields."""
    result = add_working_days(clock.counting_from, clock.counting_days)
    clock.due_date, clock.provisional = result.day, result.provisional


def _subject(obj) -> dict:
    if obj is None:
        return {}
    return {"content_type": ContentType.objects.get_for_model(obj), "object_id": str(obj.pk)}


@transaction.atomic
def start_clock(*, actor: User | None, purpose: str, start: date, days: int, subject=None) -> Clock:
    """Start counting `days` working days from `start` (the start day itself not counted)."""
    if days <= 0:
        raise InvalidInput(_("期限须为正整数个工作日。"), "days")
    clock = Clock(
        purpose=purpose,
        started_on=start,
        limit_days=days,
        counting_from=start,
        counting_days=days,
        **_subject(subject),
    )
    set_due_date(clock)
    clock.save()
    audit.record(
        "clock.start",
        actor=actor,
        obj=clock,
        data={"purpose": purpose, "start": start, "days": days, "due": clock.due_date},
    )
    return clock


def _lock(clock: Clock) -> Clock:
    return Clock.objects.select_for_update().get(pk=clock.pk)


@transaction.atomic
def pause_clock(*, actor: User | None, clock: Clock, on: date, reason: str = "") -> Clock:
    """Stop the count on `on` (that day still counts), keeping the working days that remain."""
    clock = _lock(clock)
    if clock.state != Clock.State.RUNNING:
        raise InvalidTransition(_("只有计时中的期限可以暂停。"))
    remaining, _provisional = working_days_between(on, clock.due_date)
    clock.state, clock.paused_on, clock.remaining_at_pause = Clock.State.PAUSED, on, remaining
    clock.save(update_fields=["state", "paused_on", "remaining_at_pause"])
    audit.record(
        "clock.pause",
        actor=actor,
        obj=clock,
        data={"on": on, "remaining": remaining, "reason": reason},
    )
    return clock


@transaction.atomic
def resume_clock(*, actor: User | None, clock: Clock, on: date) -> Clock:
    """Count again from the day after `on`, with the working days that remained at the pause."""
    clock = _lock(clock)
    if clock.state != Clock.State.PAUSED:
        raise InvalidTransition(_("只有已暂停的期限可以恢复。"))
    if on < clock.paused_on:
        raise InvalidInput(_("恢复日期不能早于暂停日期。"), "on")
    clock.state = Clock.State.RUNNING
    clock.counting_from, clock.counting_days = on, max(clock.remaining_at_pause, 0)
    clock.paused_on, clock.remaining_at_pause = None, None
    set_due_date(clock)
    clock.save()
    audit.record("clock.resume", actor=actor, obj=clock, data={"on": on, "due": clock.due_date})
    return clock


@transaction.atomic
def restart_clock(
    *, actor: User | None, clock: Clock, on: date, days: int | None = None, reason: str = ""
) -> Clock:
    """Start the whole period again from `on` (e.g. a corrected application received)."""
    clock = _lock(clock)
    if clock.state == Clock.State.STOPPED:
        raise InvalidTransition(_("已结束的期限不能重新起算。"))
    days = days or clock.limit_days
    clock.state, clock.started_on, clock.limit_days, clock.extended_days = (
        Clock.State.RUNNING,
        on,
        days,
        0,
    )
    clock.counting_from, clock.counting_days = on, days
    clock.paused_on, clock.remaining_at_pause = None, None
    set_due_date(clock)
    clock.save()
    audit.record(
        "clock.restart",
        actor=actor,
        obj=clock,
        data={"on": on, "days": days, "due": clock.due_date, "reason": reason},
    )
    return clock


@transaction.atomic
def extend_clock(*, actor: User | None, clock: Clock, days: int, reason: str = "") -> Clock:
    """Add `days` working days to the deadline."""
    clock = _lock(clock)
    if clock.state == Clock.State.STOPPED:
        raise InvalidTransition(_("已结束的期限不能延长。"))
    if days <= 0:
        raise InvalidInput(_("延长天数须为正整数个工作日。"), "days")
    clock.extended_days += days
    if clock.state == Clock.State.PAUSED:
        clock.remaining_at_pause += days
    else:
        clock.counting_days += days
        set_due_date(clock)
    clock.save()
    audit.record(
        "clock.extend",
        actor=actor,
        obj=clock,
        data={"days": days, "due": clock.due_date, "reason": reason},
    )
    return clock


@transaction.atomic
def stop_clock(*, actor: User | None, clock: Clock, on: date) -> Clock:
    """The work is done: the clock stops and leaves every warning list."""
    clock = _lock(clock)
    if clock.state == Clock.State.STOPPED:
        raise InvalidTransition(_("期限已经结束。"))
    clock.state, clock.stopped_on = Clock.State.STOPPED, on
    clock.save(update_fields=["state", "stopped_on"])
    audit.record("clock.stop", actor=actor, obj=clock, data={"on": on, "due": clock.due_date})
    return clock
