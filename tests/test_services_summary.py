"""The kept per-department, per-day figures (services.summary) equal a count from the raw
tables after random changes made through the actions: cases submitted, noticed, accepted,
refused, granted, denied and withdrawn, ratings of every grade, rectifications answered,
appeals upheld and rejected, and the working calendar changed under finished cases. Run on
SQLite and on PostgreSQL by tests/run.py."""

from __future__ import annotations

import random
from datetime import date, datetime, timedelta

from gongkai.core import actions as core_actions
from gongkai.core.models import CalendarDay
from gongkai.core.roles import SUPERVISOR
from gongkai.services import actions, roles, stats, stats_raw, summary
from gongkai.services.actions import rectifications as fixing
from gongkai.services.actions.ratings import can_rate, rate_case
from gongkai.services.models import Appeal, Case, DepartmentDay, Evaluation, Rectification
from gongkai.services.models.summary import COUNTS, GRADE_COUNTS
from gongkai.services.rules import Result
from tests.pages import SHANGHAI, at
from tests.services_cases import person, published_item, staff, submissions

FIRST, LAST = date(2000, 1, 1), date(2030, 12, 31)


def kept() -> dict:
    return {
        (row.department_id, row.day): tuple(getattr(row, name) for name in COUNTS + GRADE_COUNTS)
        for row in DepartmentDay.objects.all()
    }


def counted() -> dict:
    rows = stats_raw.collect(FIRST, LAST, None, "day", stats.Figures)
    return {key: _values(figures) for key, figures in rows.items()}


def _values(figures) -> tuple:
    grades = tuple(figures.grades[int(name[1])] for name in GRADE_COUNTS)
    return tuple(getattr(figures, name) for name in COUNTS) + grades


class Office:
    """Two departments' windows, their approvers, their items, and a supervisor."""

    def __init__(self, county):
        self.departments = [county.dept["NYJ"], county.dept["MZJ"]]
        self.clerks = {
            d.pk: staff(f"t_clerk_{d.short_code}", roles.WINDOW_CLERK, d) for d in self.departments
        }
        self.approvers = {
            d.pk: staff(f"t_approver_{d.short_code}", roles.APPROVER, d) for d in self.departments
        }
        self.items = [
            published_item(d, code=f"T-520000-{d.short_code}-00{n}")
            for d in self.departments
            for n in (1, 2)
        ]
        self.supervisor = staff("t_supervisor", SUPERVISOR, county.dept["BGS"])
        self.admin = county.user["admin"]


def _one_change(rng: random.Random, office: Office, now: datetime) -> str:
    """Make one change a county would make at `now`; returns what it did."""
    open_cases = list(Case.objects.exclude(status__in=[Case.Status.COMPLETED]))
    choice = rng.random()
    if choice < 0.25 or not open_cases:
        item = rng.choice(office.items)
        clerk = office.clerks[item.department_id]
        if rng.random() < 0.5:
            actions.register_at_window(
                actor=clerk, item=item, data=person(), materials=submissions(item)
            )
        else:
            actions.submit_online(item=item, data=person(), materials=submissions(item))
        return "submit"
    if choice < 0.65:
        case = rng.choice(open_cases)
        return _move_case(rng, office, case)
    if choice < 0.8:
        finished = [c for c in Case.objects.filter(evaluation__isnull=True) if can_rate(c)]
        if finished:
            rate_case(
                case=rng.choice(finished),
                grade=rng.choice([5, 4, 3, 2, 1, 1, 2]),
                reasons=["efficiency"],
                comment="",
                channel=Evaluation.Channel.ONLINE,
            )
            return "rate"
        return "nothing to rate"
    if choice < 0.95:
        return _answer(rng, now)
    return _appeal(rng, office)


def _move_case(rng, office: Office, case: Case) -> str:
    clerk, approver = office.clerks[case.department_id], office.approvers[case.department_id]
    if case.status == Case.Status.SUBMITTED:
        roll = rng.random()
        if roll < 0.55:
            actions.accept_case(actor=clerk, case=case)
            return "accept"
        if roll < 0.7:
            actions.refuse_case(actor=clerk, case=case, reason="不属于本部门职责。")
            return "refuse"
        material = case.materials.first()
        actions.send_one_time_notice(actor=clerk, case=case, problems={material.pk: "不清晰"})
        return "notice"
    if case.status == Case.Status.AWAITING_APPLICANT:
        actions.close_case(
            actor=clerk, case=case, result=Result.WITHDRAWN, reason="申请人未补正，退件。"
        )
        return "withdraw"
    if case.status == Case.Status.REVIEW:
        actions.review_case(actor=clerk, case=case, opinion="符合。")
        return "review"
    if case.status == Case.Status.DECISION:
        grant = rng.random() < 0.8
        actions.decide_case(
            actor=approver,
            case=case,
            grant=grant,
            opinion="审批。",
            reason="" if grant else "不符合。",
        )
        return "decide"
    return "nothing"


def _answer(rng, now: datetime) -> str:
    open_ones = list(
        Rectification.objects.filter(
            state__in=[Rectification.State.OPEN, Rectification.State.CONTACTED]
        ).select_related("owner")
    )
    if not open_ones:
        return "nothing to answer"
    rectification = rng.choice(open_ones)
    if rectification.state == Rectification.State.OPEN:
        fixing.record_contact(
            actor=rectification.owner,
            rectification=rectification,
            on=now.date(),
            method="电话",
            note="已联系申请人。",
        )
        rectification.refresh_from_db()
    fixing.answer_rectification(
        actor=rectification.owner,
        rectification=rectification,
        outcome=rng.choice(list(Rectification.Outcome)),
        answer="已整改并答复申请人。",
    )
    return "answer"


def _appeal(rng, office: Office) -> str:
    bad = list(
        Evaluation.objects.filter(grade__lte=2, excluded=False, rectification__isnull=False)
        .exclude(appeals__decided_at__isnull=True, appeals__isnull=False)
        .select_related("rectification__owner")
    )
    if not bad:
        return "nothing to appeal"
    evaluation = rng.choice(bad)
    appeal = fixing.raise_appeal(
        actor=evaluation.rectification.owner,
        evaluation=evaluation,
        ground=Appeal.Ground.MALICIOUS,
        statement="申请人未办理业务即给差评。",
    )
    fixing.decide_appeal(
        actor=office.supervisor, appeal=appeal, upheld=rng.random() < 0.6, decision="经核实。"
    )
    return "appeal"


def _declare_holiday(office: Office, day: date) -> None:
    """The 2025 notice entered again with `day` a day off as well (a calendar change under
    cases already finished: their working days used change)."""
    days = CalendarDay.objects.filter(year_id=2025)
    holidays = [(d.date, d.name) for d in days if not d.is_working_day] + [(day, "测试")]
    workdays = [(d.date, d.name) for d in days if d.is_working_day]
    core_actions.set_calendar_year(
        actor=office.admin, year=2025, holidays=holidays, workdays=workdays, notice="测试通知"
    )


def test_the_kept_figures_equal_the_raw_count_after_random_changes(county):
    rng = random.Random(20251001)
    office = Office(county)
    assert kept() == counted()  # the demo county as loaded
    now = datetime(2025, 9, 22, 9, 0, tzinfo=SHANGHAI)
    done = []
    for n in range(200):
        now += timedelta(hours=rng.choice([1, 2, 3, 5, 20]))
        with at(now.replace(tzinfo=None).isoformat()):
            done.append(_one_change(rng, office, now))
            if n == 150:
                _declare_holiday(office, date(2025, 9, 24))
                done.append("calendar")
        if n % 50 == 49:
            assert kept() == counted(), f"after {n + 1} changes"
    assert kept() == counted()
    # The run went through every kind of change, not only the easy ones.
    for kind in ["submit", "accept", "refuse", "notice", "withdraw", "decide", "rate", "answer"]:
        assert kind in done, kind
    assert "appeal" in done and "calendar" in done
    assert Evaluation.objects.filter(excluded=True).exists()
    for figure in ["days_used", "one_visit", "rectified", "answered_on_time", "g1", "g5"]:
        assert DepartmentDay.objects.filter(**{f"{figure}__gt": 0}).exists(), figure


def _changes(county, seed: int, count: int) -> None:
    rng, office = random.Random(seed), Office(county)
    now = datetime(2025, 9, 25, 9, 0, tzinfo=SHANGHAI)
    for _n in range(count):
        now += timedelta(hours=rng.choice([2, 5, 20]))
        with at(now.replace(tzinfo=None).isoformat()):
            _one_change(rng, office, now)


def test_the_dashboard_reads_the_same_figures_as_the_raw_count(county):
    _changes(county, 7, 80)
    start, end = date(2025, 9, 1), date(2025, 12, 31)
    rows, _total = stats.department_figures(start, end)
    raw = stats_raw.collect(start, end, None, "department", stats.Figures)
    assert {row.key: _values(row) for row in rows} == {k: _values(f) for k, f in raw.items()}
    months, _total = stats.monthly_trend(start, end)
    raw = stats_raw.collect(start, end, None, "month", stats.Figures)
    assert {m.key: _values(m) for m in months if m.key in raw} == {
        k: _values(f) for k, f in raw.items()
    }
    assert sum(row.received for row in rows) > 0


def test_a_database_made_before_the_summary_is_filled_by_migrate(county):
    _changes(county, 11, 40)
    before = kept()
    assert before
    DepartmentDay.objects.all().delete()
    summary.fill_if_missing()
    assert kept() == before == counted()
    summary.fill_if_missing()  # a second migrate leaves the rows alone
    assert kept() == before
