"""The one deadline mechanism: start, pause, resume, restart, extend, stop, warning levels."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from gongkai.core import actions
from gongkai.core.clock import Warning, due_soon, overdue, warning_level, working_days_left
from gongkai.core.errors import InvalidInput, InvalidTransition
from gongkai.core.models import AuditEvent, Clock

pytestmark = pytest.mark.django_db
SHANGHAI = ZoneInfo("Asia/Shanghai")


def at(day: str):
    """Move the wall clock to 10:00 in China on `day`."""
    return time_machine.travel(
        datetime.fromisoformat(day).replace(hour=10, tzinfo=SHANGHAI), tick=False
    )


def start(days=20, on=date(2026, 9, 1)):
    return actions.start_clock(actor=None, purpose="答复期限", start=on, days=days)


def test_it_stores_the_due_date_when_started():
    clock = start()
    assert Clock.objects.get(pk=clock.pk).due_date == date(2026, 9, 29)
    assert AuditEvent.objects.filter(action="clock.start", object_id=str(clock.pk)).exists()


def test_a_pause_keeps_the_remaining_days_and_resume_counts_them_after_national_day():
    clock = start()
    clock = actions.pause_clock(
        actor=None, clock=clock, on=date(2026, 9, 10), reason="征求第三方意见"
    )
    assert clock.state == Clock.State.PAUSED
    assert clock.remaining_at_pause == 13
    clock = actions.resume_clock(actor=None, clock=clock, on=date(2026, 10, 9))
    # 10-10 (Sat) is a make-up working day and counts as the first of the 13.
    assert clock.due_date == date(2026, 10, 27)
    assert clock.state == Clock.State.RUNNING


def test_pausing_and_resuming_on_the_same_day_changes_nothing():
    clock = start()
    clock = actions.pause_clock(actor=None, clock=clock, on=date(2026, 9, 10))
    clock = actions.resume_clock(actor=None, clock=clock, on=date(2026, 9, 10))
    assert clock.due_date == date(2026, 9, 29)


def test_restart_counts_the_whole_period_again_from_the_new_day():
    clock = start(on=date(2026, 1, 26))
    assert clock.due_date == date(2026, 2, 28)
    clock = actions.restart_clock(
        actor=None, clock=clock, on=date(2026, 2, 10), reason="补正后重新起算"
    )
    # 2026-02-10 + 20 working days, across Spring Festival (02-14 and 02-28 are make-up days).
    assert clock.due_date == date(2026, 3, 16)
    assert clock.started_on == date(2026, 2, 10)


def test_extend_adds_working_days_to_the_due_date():
    clock = start()
    clock = actions.extend_clock(actor=None, clock=clock, days=20, reason="经批准延长")
    # 09-29 + 20 working days across National Day (10-10 counts).
    assert clock.due_date == date(2026, 11, 2)
    assert clock.extended_days == 20


def test_extending_a_paused_clock_adds_to_what_remains():
    clock = actions.pause_clock(actor=None, clock=start(), on=date(2026, 9, 10))
    clock = actions.extend_clock(actor=None, clock=clock, days=5)
    assert clock.remaining_at_pause == 18


def test_extend_refuses_zero_days():
    with pytest.raises(InvalidInput):
        actions.extend_clock(actor=None, clock=start(), days=0)


def test_a_stopped_clock_cannot_be_paused_extended_or_restarted():
    clock = actions.stop_clock(actor=None, clock=start(), on=date(2026, 9, 20))
    for call in (
        lambda: actions.pause_clock(actor=None, clock=clock, on=date(2026, 9, 21)),
        lambda: actions.extend_clock(actor=None, clock=clock, days=3),
        lambda: actions.restart_clock(actor=None, clock=clock, on=date(2026, 9, 21)),
        lambda: actions.stop_clock(actor=None, clock=clock, on=date(2026, 9, 21)),
    ):
        with pytest.raises(InvalidTransition):
            call()


def test_resume_refuses_a_running_clock_and_a_day_before_the_pause():
    clock = start()
    with pytest.raises(InvalidTransition):
        actions.resume_clock(actor=None, clock=clock, on=date(2026, 9, 10))
    clock = actions.pause_clock(actor=None, clock=clock, on=date(2026, 9, 10))
    with pytest.raises(InvalidInput):
        actions.resume_clock(actor=None, clock=clock, on=date(2026, 9, 9))


def test_warning_levels_follow_the_wall_clock():
    clock = start()  # due 2026-09-29
    with at("2026-09-02"):
        assert warning_level(clock) == Warning.NORMAL
        assert working_days_left(clock) == 19
    with at("2026-09-24"):  # 3 working days left: 09-25 is a holiday, then 28 and 29
        assert working_days_left(clock) == 2
        assert warning_level(clock) == Warning.DUE_SOON
    with at("2026-09-30"):
        assert warning_level(clock) == Warning.OVERDUE
    paused = actions.pause_clock(actor=None, clock=clock, on=date(2026, 9, 10))
    assert warning_level(paused) == Warning.PAUSED


def test_overdue_and_due_soon_are_single_indexed_queries(django_assert_num_queries):
    late, soon, later = (
        start(on=date(2026, 8, 1)),
        start(on=date(2026, 9, 1)),
        start(on=date(2026, 11, 1)),
    )
    with at("2026-09-25"), django_assert_num_queries(1):
        assert set(overdue()) == {late}
    with at("2026-09-25"):
        assert set(due_soon()) == {soon}
        assert later not in set(due_soon())


def test_every_change_is_audited():
    clock = start()
    actions.pause_clock(actor=None, clock=clock, on=date(2026, 9, 10))
    actions.resume_clock(actor=None, clock=clock, on=date(2026, 9, 15))
    actions.extend_clock(actor=None, clock=clock, days=1)
    actions.restart_clock(actor=None, clock=clock, on=date(2026, 9, 16))
    actions.stop_clock(actor=None, clock=clock, on=date(2026, 9, 17))
    actions_seen = list(
        AuditEvent.objects.filter(object_type="core.clock", object_id=str(clock.pk)).values_list(
            "action", flat=True
        )
    )
    assert actions_seen == [
        "clock.start",
        "clock.pause",
        "clock.resume",
        "clock.extend",
        "clock.restart",
        "clock.stop",
    ]


def test_a_provisional_deadline_is_recomputed_when_the_year_is_entered(county):
    clock = start(on=date(2026, 12, 20), days=20)
    assert clock.provisional is True
    provisional_due = clock.due_date
    actions.set_calendar_year(
        actor=county.user["admin"],
        year=2027,
        notice="国办发明电〔2026〕X号",
        holidays=[(date(2027, 1, d), "元旦") for d in (1, 2, 3)]
        + [(date(2027, 1, 12), "测试假日")],
        workdays=[],
    )
    clock.refresh_from_db()
    assert clock.provisional is False
    assert clock.due_date > provisional_due


def test_the_warning_expression_agrees_with_warning_level_for_every_state():
    from gongkai.core.clock import warning_expression

    on = date(2026, 9, 25)
    clocks = [start(days=20, on=on), start(), start(days=1, on=date(2026, 9, 1))]
    clocks.append(actions.pause_clock(actor=None, clock=start(), on=date(2026, 9, 2)))
    clocks.append(actions.stop_clock(actor=None, clock=start(), on=date(2026, 9, 3)))
    annotated = dict(
        Clock.objects.filter(pk__in=[c.pk for c in clocks])
        .annotate(w=warning_expression(on=on))
        .values_list("pk", "w")
    )
    expected = {c.pk: warning_level(Clock.objects.get(pk=c.pk), on) for c in clocks}
    assert annotated == expected
    assert set(expected.values()) == set(Warning)  # every level once
