"""A small fixed data set for the supervision figures: two departments made for the test, cases
taken through the real actions on fixed days of September 2025 (Sunday 28 September is a
make-up working day for the National Day, 1-8 October are holidays, Saturday 11 October works), ratings
and rectifications written to their tables (the rating actions are tested on their own), then
the kept per-day figures counted again (services.summary.rebuild, as after a bulk load).

Counted by hand (the promised time is 10 working days: accepted Monday 1 September, due
Monday 15 September):

department 测试审批局 (TWIN)
  c1  accepted 9-01, granted 9-03            on time, 2 working days, one visit
  c2  accepted 9-01, granted 9-30            late, 22 working days (21 weekdays and the 28th)
  c3  refused at intake 9-01                 completed, not accepted, one visit
  c4  one-time notice 9-01, supplied and accepted 9-02, granted 9-04: on time, 2 days
  c5  submitted 9-01, still at intake        received only
department 测试外局 (TOUT)
  c6  accepted 9-01, granted 9-05            on time, 4 working days, one visit
ratings
  c1  非常满意 9-03
  c2  非常不满意 9-30, rectification answered 10-09, due 10-14: on time
  c3  不满意 9-05, rectification answered 10-20, due 10-10: late
  c4  不满意 9-05, excluded (an appeal upheld); its rectification answered late, left out
  c6  满意 10-08
"""

from __future__ import annotations

from datetime import date, datetime

from gongkai.core import actions as core_actions
from gongkai.core.models import Clock
from gongkai.services import actions, roles, summary
from gongkai.services.models import Case, Evaluation, Rectification
from tests.pages import SHANGHAI, at
from tests.services_cases import Window, organisation, pdf, published_item, staff, submissions

START, END = date(2025, 9, 1), date(2025, 10, 31)


def departments(county) -> Window:
    root = county.dept["SFX"]
    for code, name in [("TWIN", "测试审批局"), ("TOUT", "测试外局")]:
        county.dept[code] = core_actions.create_department(
            actor=None, name=name, short_code=code, parent=root
        )
    return Window(county, "TWIN", "TOUT")


def _submit(item, when: str) -> Case:
    with at(when):
        case, _code = actions.submit_online(
            item=item, data=organisation(), materials=submissions(item)
        )
    return case


def _step(when: str, action, **kwargs) -> Case:
    with at(when):
        return action(**kwargs)


def _granted(window, item, accepted: str, decided: str, actor=None) -> Case:
    actor = actor or window.clerk
    case = _submit(item, accepted)
    case = _step(accepted, actions.accept_case, actor=actor, case=case)
    _step(decided, actions.review_case, actor=actor, case=case, opinion="符合。")
    _step(
        decided,
        actions.decide_case,
        actor=window.approver if actor == window.clerk else actor,
        case=case,
        grant=True,
        opinion="准予。",
    )
    return Case.objects.get(pk=case.pk)


def build(county) -> dict:
    window = departments(county)
    item = published_item(window.department)
    other = published_item(county.dept["TOUT"], code="T-OUT-1")
    cases = {
        "c1": _granted(window, item, "2025-09-01 09:00", "2025-09-03 10:00"),
        "c2": _granted(window, item, "2025-09-01 09:10", "2025-09-30 10:00"),
    }
    c3 = _submit(item, "2025-09-01 09:20")
    _step("2025-09-01 11:00", actions.refuse_case, actor=window.clerk, case=c3, reason="不属于。")
    cases["c3"] = Case.objects.get(pk=c3.pk)
    c4 = _submit(item, "2025-09-01 09:30")
    _step(
        "2025-09-01 11:00",
        actions.send_one_time_notice,
        actor=window.clerk,
        case=c4,
        problems={c4.materials.first().pk: "不清晰"},
    )
    first = c4.materials.first()
    _step("2025-09-02 09:00", actions.supply_materials, case=c4, files={first.pk: pdf()})
    c4 = _step("2025-09-02 10:00", actions.accept_case, actor=window.clerk, case=c4)
    _step("2025-09-04 10:00", actions.review_case, actor=window.clerk, case=c4, opinion="符合。")
    _step(
        "2025-09-04 10:00",
        actions.decide_case,
        actor=window.approver,
        case=c4,
        grant=True,
        opinion="准予。",
    )
    cases["c4"] = Case.objects.get(pk=c4.pk)
    cases["c5"] = _submit(item, "2025-09-01 09:40")
    outsider = window.stranger
    approver = staff("t_out_approver", roles.APPROVER, county.dept["TOUT"])
    cases["c6"] = _granted_by(other, outsider, approver)

    _rate(cases["c1"], 5, "2025-09-03 12:00")
    _rate(cases["c2"], 1, "2025-09-30 12:00", answered=date(2025, 10, 9), due=date(2025, 10, 14))
    _rate(
        cases["c3"],
        2,
        "2025-09-05 12:00",
        answered=date(2025, 10, 20),
        due=date(2025, 10, 10),
        owner=window.clerk,
    )
    _rate(
        cases["c4"],
        2,
        "2025-09-05 12:00",
        answered=date(2025, 10, 20),
        due=date(2025, 10, 10),
        excluded=True,
    )
    _rate(cases["c6"], 4, "2025-10-08 12:00")
    summary.rebuild()  # the rows written above, counted as after a bulk load
    return {"window": window, "cases": cases, "item": item}


def _granted_by(item, clerk, approver) -> Case:
    case = _submit(item, "2025-09-01 09:50")
    case = _step("2025-09-01 10:00", actions.accept_case, actor=clerk, case=case)
    _step("2025-09-05 10:00", actions.review_case, actor=clerk, case=case, opinion="符合。")
    _step(
        "2025-09-05 10:00",
        actions.decide_case,
        actor=approver,
        case=case,
        grant=True,
        opinion="准予。",
    )
    return Case.objects.get(pk=case.pk)


def _clock(due: date, state=Clock.State.STOPPED) -> Clock:
    return Clock.objects.create(
        purpose="整改答复",
        started_on=due,
        limit_days=5,
        counting_from=due,
        counting_days=5,
        due_date=due,
        state=state,
    )


def _rate(case, grade, when, *, answered=None, due=None, excluded=False, owner=None):
    evaluation = Evaluation.objects.create(
        case=case,
        department=case.department,
        handler=case.handler,
        channel=Evaluation.Channel.ONLINE,
        grade=grade,
        rated_at=datetime.fromisoformat(when).replace(tzinfo=SHANGHAI),
        excluded=excluded,
    )
    owner = owner or case.handler or case.registered_by
    if due is not None:
        Rectification.objects.create(
            evaluation=evaluation,
            owner=owner,
            state=Rectification.State.ANSWERED,
            contact_clock=_clock(due),
            answer_clock=_clock(due),
            outcome=Rectification.Outcome.RECTIFIED,
            answer="已整改。",
            answered_on=answered,
        )
    return evaluation


def more_cases(data, county) -> list[Case]:
    """Three more cases, late or nearly late on 3 November 2025, one rated badly."""
    window, item = data["window"], data["item"]
    late = [_submit(item, "2025-10-20 09:00"), _submit(item, "2025-10-29 09:00")]
    accepted = _submit(item, "2025-10-13 09:00")
    _step("2025-10-13 10:00", actions.accept_case, actor=window.clerk, case=accepted)
    _rate(
        late[0],
        1,
        "2025-10-21 10:00",
        answered=date(2025, 10, 24),
        due=date(2025, 10, 27),
        owner=window.clerk,
    )
    summary.rebuild()
    return [*late, accepted]
