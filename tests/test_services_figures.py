"""What 政务服务 tells others: the staff's lists of cases (scoped, one query each), the annual
report's 行政许可 decisions through core.figures, finished cases through core.archive."""

from __future__ import annotations

from datetime import date

import pytest

from gongkai.core import actions as core_actions
from gongkai.core import archive, figures
from gongkai.disclosure.report import build_report
from gongkai.services import actions, queries
from gongkai.services.models import Case
from gongkai.services.rules import ItemType, Result
from tests.pages import at
from tests.services_cases import Window, organisation, published_item, submissions

pytestmark = pytest.mark.django_db


@pytest.fixture
def window(county):
    """A window of two departments made for the test, so no other case is in its lists."""
    root = county.dept["SFX"]
    for code, name in [("TWIN", "测试审批局"), ("TOUT", "测试外局")]:
        county.dept[code] = core_actions.create_department(
            actor=None, name=name, short_code=code, parent=root
        )
    return Window(county, "TWIN", "TOUT")


@pytest.fixture
def item(window):
    return published_item(window.department)


def case_at(window, item, when: str, *, to: str, grant: bool = True) -> Case:
    """A case submitted at `when` and taken to `to`: submitted, awaiting, review, decision,
    special, granted, denied, refused."""
    with at(when):
        case, _code = actions.submit_online(
            item=item, data=organisation(), materials=submissions(item)
        )
        if to == "awaiting":
            actions.send_one_time_notice(
                actor=window.clerk, case=case, problems={case.materials.first().pk: "不清晰"}
            )
        if to == "refused":
            actions.refuse_case(actor=window.clerk, case=case, reason="不属于本部门。")
        if to in ("review", "decision", "special", "decided"):
            case = actions.accept_case(actor=window.clerk, case=case)
        if to == "special":
            actions.start_special_procedure(
                actor=window.clerk, case=case, kind="hearing", on=case.accepted_on
            )
        if to in ("decision", "decided"):
            actions.review_case(actor=window.clerk, case=case, opinion="符合。")
        if to == "decided":
            actions.decide_case(
                actor=window.approver, case=case, grant=grant, opinion="决定。", reason="不符合。"
            )
    return Case.objects.get(pk=case.pk)


def numbers(cases) -> set[str]:
    return {c.number for c in cases}


def test_the_lists_are_scoped_warned_and_cost_one_query(
    window, item, county, django_assert_num_queries
):
    # Accepted Friday 19 September 2025: promised due 10 October, statutory 23 October.
    review = case_at(window, item, "2025-09-19 09:00", to="review")
    decision = case_at(window, item, "2025-09-19 09:10", to="decision")
    special = case_at(window, item, "2025-09-19 09:20", to="special")
    awaiting = case_at(window, item, "2025-09-19 09:30", to="awaiting")
    done = case_at(window, item, "2025-09-19 09:40", to="decided")
    elsewhere = published_item(county.dept["TOUT"], code="T-OUT-1")
    foreign = case_at(window, elsewhere, "2025-09-19 09:50", to="submitted")

    mine = {review, decision, special, awaiting, done}
    assert numbers(queries.cases_of(window.clerk)) == numbers(mine)
    assert numbers(queries.cases_of(window.stranger)) == {foreign.number}

    def tab(user, key: str, on: date, *, decides: bool = False) -> set[str]:
        return numbers(queries.queue(user, key, on, decides=decides))

    on = date(2025, 10, 8)
    assert tab(window.approver, "decision", on, decides=True) == {decision.number}
    assert not tab(window.clerk, "decision", on)
    assert tab(window.clerk, "awaiting", on) == {awaiting.number}

    # Wednesday 8 October (a holiday): 3 working days reach Saturday 11 October.
    assert tab(window.clerk, "due_soon", on) == {review.number, decision.number}
    assert not tab(window.clerk, "overdue", date(2025, 10, 10))
    # Monday 13 October: the promise is broken; the paused and the finished cases are not late.
    assert tab(window.clerk, "overdue", date(2025, 10, 13)) == {review.number, decision.number}

    # The calendar is read once while the warnings are built; the list is then one query.
    late = queries.queue(window.clerk, "overdue", date(2025, 10, 13), decides=False)
    with django_assert_num_queries(1):
        rows = list(late)
        shown = [
            (c.version.name, c.department.name, c.handler, c.legal_clock.due_date) for c in rows
        ]
        shown += [(c.promised_clock.due_date, c.intake_clock.state) for c in rows]
    assert len(shown) == 4


def test_licensing_decisions_of_the_year_are_the_annual_reports_figure(window, item, county):
    granted = case_at(window, item, "2025-09-19 09:00", to="decided")
    case_at(window, item, "2025-09-19 09:10", to="decided", grant=False)
    case_at(window, item, "2025-09-19 09:20", to="refused")  # not a decision on the licence
    case_at(window, item, "2025-09-19 09:30", to="decision")  # not decided yet
    case_at(window, item, "2024-12-30 09:00", to="decided")  # decided in another year
    service = published_item(window.department, code="T-PS-1", item_type=ItemType.PUBLIC_SERVICE)
    case_at(window, service, "2025-09-19 09:40", to="decided")  # not a licence
    assert granted.result == Result.GRANTED

    twin, out = county.dept["TWIN"], county.dept["TOUT"]
    assert figures.figures(2025, twin.path)["licensing_decisions"] == {"decisions": 2}
    assert figures.figures(2024, twin.path)["licensing_decisions"] == {"decisions": 1}
    assert figures.figures(2025, out.path)["licensing_decisions"] == {"decisions": 0}
    whole = figures.figures(2025)["licensing_decisions"]["decisions"]
    assert whole >= 2
    # The annual report's table 二 shows it as computed, row 行政许可.
    report = build_report(2025, twin).to_json()
    assert report["二"]["第二十条第（五）项"] == {"行政许可": {"本年处理决定数量": 2}}
    assert report["二来源"]["行政许可|本年处理决定数量"] == "computed"


def test_the_archive_source_lists_finished_cases_and_not_open_ones(window, item):
    granted = case_at(window, item, "2025-09-19 09:00", to="decided")
    refused = case_at(window, item, "2025-09-19 09:10", to="refused")
    still_open = case_at(window, item, "2025-09-19 09:20", to="review")
    old = case_at(window, item, "2025-03-03 09:00", to="decided")

    source = archive.archive_sources()["services.case"]
    entries = {e.object_id: e for e in source(date(2025, 9, 1))}
    assert str(granted.pk) in entries and str(refused.pk) in entries
    assert str(still_open.pk) not in entries and str(old.pk) not in entries
    entry = entries[str(granted.pk)]
    assert entry.kind == "services.case" and entry.finished_on == date(2025, 9, 19)
    assert granted.number in entry.title and entry.department == window.department
    kinds = {f.pk for f in entry.files}
    assert {d.upload_id for d in granted.documents.all()} <= kinds
    assert {m.upload_id for m in granted.materials.all()} <= kinds
    assert entry.retention == "30y" and entries[str(refused.pk)].retention == "10y"
    assert str(granted.pk) in {e.object_id for e in archive.finished_since(date(2025, 9, 1))}
