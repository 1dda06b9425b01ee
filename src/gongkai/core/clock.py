"""Reading clocks: today's date and the warning level of a deadline. Changes are in actions.py."""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.db.models import Case, TextChoices, Value, When
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gongkai.core.calendar import add_working_days, working_days_between
from gongkai.core.models import Clock


class Warning(TextChoices):
    NORMAL = "normal", _("正常")
    DUE_SOON = "due_soon", _("即将到期")
    OVERDUE = "overdue", _("已超期")
    PAUSED = "paused", _("已暂停")
    STOPPED = "stopped", _("已结束")


def today() -> date:
    """The legal day in China (Asia/Shanghai), from the one wall clock tests may move."""
    return timezone.localdate()


def warning_level(clock: Clock, on: date | None = None) -> Warning:
    on = on or today()
    if clock.state == Clock.State.STOPPED:
        return Warning.STOPPED
    if clock.state == Clock.State.PAUSED:
        return Warning.PAUSED
    if on > clock.due_date:
        return Warning.OVERDUE
    left, _provisional = working_days_between(on, clock.due_date)
    if left <= settings.CLOCK_DUE_SOON_DAYS:
        return Warning.DUE_SOON
    return Warning.NORMAL


def working_days_left(clock: Clock, on: date | None = None) -> int:
    """Working days from `on` to the due date (negative when overdue); paused: what remains."""
    if clock.state == Clock.State.PAUSED:
        return clock.remaining_at_pause
    left, _provisional = working_days_between(on or today(), clock.due_date)
    return left


def clock_state(clock: Clock | None, on: date | None = None) -> dict | None:
    """What a staff page shows of a deadline: its warning, the working days left (or over)
    and whether it is paused or stopped; None without a clock."""
    if clock is None:
        return None
    warning = warning_level(clock, on)
    left = working_days_left(clock, on) if clock.state != Clock.State.STOPPED else None
    return {
        "clock": clock,
        "warning": warning.value,
        "warning_label": warning.label,
        "days_left": left,
        "days_over": -left if left is not None and left < 0 else 0,
        "paused": clock.state == Clock.State.PAUSED,
        "stopped": clock.state == Clock.State.STOPPED,
        "provisional": clock.provisional,
    }


def overdue(on: date | None = None):
    """Running clocks past their due date: one indexed query."""
    return Clock.objects.filter(state=Clock.State.RUNNING, due_date__lt=on or today())


def due_soon(on: date | None = None):
    """Running clocks due within CLOCK_DUE_SOON_DAYS working days: one indexed query."""
    on = on or today()
    horizon = add_working_days(on, settings.CLOCK_DUE_SOON_DAYS).day
    return Clock.objects.filter(state=Clock.State.RUNNING, due_date__gte=on, due_date__lte=horizon)


def warning_expression(clock_field: str = "", on: date | None = None) -> Case:
    """warning_level as a query expression, over the clock at `clock_field` (a relation path
    such as "reply_clock"; empty on Clock itself): a list annotates every row in one query.
    A missing clock reads as stopped."""
    on = on or today()
    horizon = add_working_days(on, settings.CLOCK_DUE_SOON_DAYS).day
    prefix = f"{clock_field}__" if clock_field else ""
    missing = [When(**{f"{clock_field}__isnull": True}, then=Value(Warning.STOPPED.value))]
    return Case(
        *(missing if clock_field else []),
        When(**{f"{prefix}state": Clock.State.STOPPED}, then=Value(Warning.STOPPED.value)),
        When(**{f"{prefix}state": Clock.State.PAUSED}, then=Value(Warning.PAUSED.value)),
        When(**{f"{prefix}due_date__lt": on}, then=Value(Warning.OVERDUE.value)),
        When(**{f"{prefix}due_date__lte": horizon}, then=Value(Warning.DUE_SOON.value)),
        default=Value(Warning.NORMAL.value),
    )
