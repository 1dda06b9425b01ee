"""政务服务 at the window, through HTTP: the queues and their scope, the case page with the
applicant masked (and the audited reveal), every next step allowed, refused and with bad input.
Registration, 首问 and the inbox: tests/test_services_window_intake.py."""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from gongkai.core.models import AuditEvent
from gongkai.services import actions
from gongkai.services.models import Case, CaseMaterial
from gongkai.services.rules import Result
from tests.pages import assert_forbidden, assert_login_required, at, field_errors, page, textarea
from tests.services_cases import Window, published_item
from tests.services_window import (
    NOW,
    accepted,
    at_decision,
    fresh,
    sign_in,
    submit,
    upload,
    url,
)

pytestmark = pytest.mark.django_db

QUEUE = "/workbench/services/"


@pytest.fixture
def window(county):
    return Window(county)


@pytest.fixture
def item(window):
    return published_item(window.department)


@pytest.fixture
def login(client):
    return lambda user, next_url="": sign_in(client, user, next_url)


# ---------------------------------------------------------------- the queue


def test_the_queue_needs_a_login(client, db):
    assert_login_required(client.get(QUEUE), QUEUE)


def test_staff_without_a_services_role_are_refused_and_see_no_menu_entry(staff_client):
    client = staff_client("editor")
    assert f'href="{QUEUE}"' not in page(client.get("/workbench/"))
    assert_forbidden(client.get(QUEUE), "政务服务工作台仅限")


def test_the_menu_links_to_the_queue_for_window_staff(window, login):
    assert f'href="{QUEUE}"' in page(login(window.clerk).get("/workbench/"))


def test_the_queue_refuses_other_methods(window, login):
    assert login(window.clerk).post(QUEUE).status_code == 405


def test_the_queue_shows_the_departments_cases_with_the_applicant_masked(window, item, login):
    case = submit(item, applicant_type="person", applicant_name="王小明", **_person_id())
    with at(NOW):
        html = page(login(window.clerk).get(QUEUE))
    assert case.number in html and "王**" in html and "王小明" not in html
    assert "动物防疫条件合格证核发" in html


def test_a_clerk_of_another_department_does_not_see_the_case(window, item, login):
    case = submit(item)
    with at(NOW):
        html = page(login(window.stranger).get(QUEUE + "?tab=intake"))
    assert case.number not in html
    assert "此队列中没有办件" in html


def test_each_tab_holds_its_cases(window, item, login):
    waiting = submit(item, skip=1)
    with at("2025-10-31 10:00"):
        actions.send_one_time_notice(actor=window.clerk, case=waiting, problems={})
    intake = submit(item)
    decision = at_decision(window, item)
    mine = accepted(window, item)
    with at("2025-10-31 10:00"):
        actions.assign_case(actor=window.clerk, case=mine, handler=window.clerk2)
    clerk2 = login(window.clerk2)

    def numbers(tab: str) -> set[str]:
        with at(NOW):
            html = page(clerk2.get(f"{QUEUE}?tab={tab}"))
        return set(re.findall(r"ZW\d{10}", html))

    assert numbers("intake") == {intake.number}
    assert numbers("awaiting") == {waiting.number}
    assert numbers("mine") == {mine.number}
    # 待我决定 is the approvers' tab: a clerk does not have it.
    assert "待我决定" not in page(clerk2.get(QUEUE))
    approver = login(window.approver)
    with at(NOW):
        html = page(approver.get(f"{QUEUE}?tab=decision"))
    assert set(re.findall(r"ZW\d{10}", html)) == {decision.number}
    assert "待我决定（1）" in html


def test_overdue_and_due_soon_cases_are_marked_with_their_warning(window, item, login):
    late = submit(item, "2025-10-20 09:00")  # the 5-day intake clock ran out on 10-27
    soon = submit(item, "2025-10-31 09:00")  # intake due 11-07, within 3 working days on 11-05
    client = login(window.clerk)
    with at("2025-11-05 10:00"):
        overdue = page(client.get(QUEUE + "?tab=overdue"))
        due_soon = page(client.get(QUEUE + "?tab=due_soon"))
    assert late.number in overdue and soon.number not in overdue
    assert 'class="status-overdue">已超期' in overdue
    assert soon.number in due_soon and late.number not in due_soon
    assert 'class="status-due_soon">即将到期' in due_soon


def test_the_queue_reads_a_fixed_number_of_queries(window, item, login):
    client = login(window.clerk)

    def count() -> int:
        with at(NOW), CaptureQueriesContext(connection) as queries:
            assert client.get(QUEUE).status_code == 200
        return len(queries)

    for _ in range(3):
        submit(item)
    few = count()
    for _ in range(27):
        submit(item)
    assert count() == few


def _person_id() -> dict:
    return {"id_type": "resident_id", "id_number": "11010519491231002X", "legal_representative": ""}


# ---------------------------------------------------------------- the case page


def test_the_case_page_shows_the_case_with_the_applicant_masked(window, item, login):
    case = submit(item, skip=1)
    with at(NOW):
        response = login(window.clerk).get(url(case))
    html = page(response)
    assert response.status_code == 200
    assert case.number in html and "黔南某某养殖专业合作社" in html  # an organisation's name
    assert "王*" in html and "王大山" not in html  # its legal representative is a person
    assert "91520000MA6DXY123H" not in html and "138****8000" in html
    assert "缺少" in html and "场所地理位置图" in html
    assert "受理审查期限" in html and "2025年11月7日" in html
    # The next steps of a case at intake, and none of the later ones.
    for action in ("accept/", "notice/", "refuse/", "close/", "assign/"):
        assert f'action="{url(case, action)}"' in html
    for action in ("review/", "decide/", "deliver/", "supply/"):
        assert f'action="{url(case, action)}"' not in html


def test_the_case_page_refuses_a_clerk_of_another_department(window, item, login):
    case = submit(item)
    assert_forbidden(login(window.stranger).get(url(case)), "不属于您负责的部门")


def test_an_unknown_case_is_not_found(window, login):
    assert login(window.clerk).get("/workbench/services/cases/ZW2025999999/").status_code == 404


def test_the_full_applicant_data_is_shown_only_through_an_audited_post(window, item, login):
    case = submit(item)
    client = login(window.clerk)
    response = client.get(url(case, "identity/"))
    assert response.status_code == 302 and response["Location"] == url(case)
    response = client.post(url(case, "identity/"))
    html = page(response)
    assert "91520000MA6DXY123H" in html and "13800138000" in html and "王大山" in html
    assert "no-store" in response["Cache-Control"]
    event = AuditEvent.objects.filter(action="services.identity_view").latest("seq")
    assert event.actor_id == window.clerk.pk and event.object_id == str(case.pk) and event.success


def test_a_refused_reveal_is_audited_too(window, item, login):
    case = submit(item)
    response = login(window.stranger).post(url(case, "identity/"))
    assert response.status_code == 403
    event = AuditEvent.objects.filter(action="services.identity_view").latest("seq")
    assert event.actor_id == window.stranger.pk and not event.success


def test_a_material_file_is_served_to_the_departments_staff_only(window, item, login):
    case = submit(item)
    row = case.materials.exclude(upload=None).first()
    path = url(case, f"materials/{row.pk}/")
    response = login(window.clerk).get(path)
    assert response.status_code == 200 and response["Cache-Control"] == "private, no-store"
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    assert login(window.stranger).get(path).status_code == 403


# ---------------------------------------------------------------- the next steps


def test_accepting_starts_both_clocks_and_shows_the_step(window, item, login):
    case = submit(item)
    client = login(window.clerk)
    with at(NOW):
        response = client.post(url(case, "accept/"), {"opinion": "材料齐全。"})
    assert response.status_code == 302 and response["Location"] == url(case)
    case = fresh(case)
    assert case.status == Case.Status.REVIEW and str(case.accepted_on) == "2025-11-03"
    with at(NOW):
        html = page(client.get(url(case)))
    assert "受理通知书" in html and "材料齐全。" in html and "窗口甲" in html
    assert "承诺办结期限" in html and "还剩" in html


def test_a_step_not_allowed_now_says_why_and_changes_nothing(window, item, login):
    case = submit(item, skip=1)  # a material missing: it cannot be accepted
    client = login(window.clerk)
    with at(NOW):
        response = client.post(url(case, "accept/"), {"opinion": ""}, follow=True)
    assert "一次性告知" in page(response)
    assert fresh(case).status == Case.Status.SUBMITTED


def test_refusing_needs_a_reason(window, item, login):
    case = submit(item)
    client = login(window.clerk)
    with at(NOW):
        response = client.post(url(case, "refuse/"), {"reason": "  "})
    assert response.status_code == 200
    assert "请写明不予受理的理由" in field_errors(response, "refuse_reason")
    assert fresh(case).status == Case.Status.SUBMITTED
    with at(NOW):
        client.post(url(case, "refuse/"), {"reason": "申请事项不属于本部门职权范围。"})
    case = fresh(case)
    assert case.result == Result.REFUSED and case.status == Case.Status.COMPLETED


def test_the_one_time_notice_lists_each_material_and_the_window_takes_the_supply(
    window, item, login
):
    case = submit(item, skip=1)
    form, plan = case.materials.order_by("pk")
    client = login(window.clerk)
    with at(NOW):
        html = page(client.get(url(case)))
    # A missing material's row comes filled in; the one handed in is left to the clerk.
    assert f'name="problem_{plan.pk}" value="未提交此材料，请补交。"' in html
    with at(NOW):
        response = client.post(
            url(case, "notice/"),
            {f"problem_{form.pk}": "申请表未盖章。", f"problem_{plan.pk}": "", "note": ""},
        )
    assert response.status_code == 302
    case = fresh(case)
    assert case.status == Case.Status.AWAITING_APPLICANT
    notice = case.notices.get()
    assert "申请表未盖章。" in notice.content and plan.name in notice.content

    # At the window: a file for only one of the two is refused next to the other one.
    with at("2025-11-04 10:00"):
        client = login(window.clerk)  # the next day: a new session
        response = client.post(url(case, "supply/"), {f"material_{form.pk}": upload("表.pdf")})
    assert response.status_code == 200
    assert plan.name in field_errors(response, f"supply_material_{plan.pk}")
    assert fresh(case).status == Case.Status.AWAITING_APPLICANT
    with at("2025-11-04 10:00"):
        response = client.post(
            url(case, "supply/"),
            {f"material_{form.pk}": upload("表.pdf"), f"material_{plan.pk}": upload("图.pdf")},
        )
    assert response.status_code == 302
    case = fresh(case)
    assert case.status == Case.Status.SUBMITTED
    assert set(case.materials.values_list("state", flat=True)) == {CaseMaterial.State.PROVIDED}
    with at("2025-11-04 10:00"):
        html = page(client.get(url(case)))
    assert "2025年11月4日 已补齐" in html


def test_a_review_opinion_is_required_and_kept_on_error(window, item, login):
    case = accepted(window, item)
    client = login(window.clerk)
    with at(NOW):
        response = client.post(url(case, "review/"), {"opinion": ""})
    assert "请填写审查意见" in field_errors(response, "review_opinion")
    with at(NOW):
        response = client.post(url(case, "review/"), {"opinion": "经核查，符合条件。"})
    assert fresh(case).status == Case.Status.DECISION


def test_a_clerk_cannot_decide_or_extend(window, item, login):
    case = at_decision(window, item)
    client = login(window.clerk)
    with at(NOW):
        html = page(client.get(url(case)))
        refused = client.post(
            url(case, "decide/"), {"decision": "grant", "opinion": "同意。", "reason": ""}
        )
        extend = client.post(url(case, "extend/"), {"reason": "需要现场核查。"})
    assert f'action="{url(case, "decide/")}"' not in html
    assert_forbidden(refused, "审批负责人")
    assert_forbidden(extend, "审批负责人")
    assert fresh(case).status == Case.Status.DECISION


def test_a_denial_needs_its_reason_and_keeps_the_opinion(window, item, login):
    case = at_decision(window, item)
    client = login(window.approver)
    opinion = "经审查，场所选址距离居民区不足五百米。\n不符合动物防疫条件。"
    with at(NOW):
        response = client.post(
            url(case, "decide/"), {"decision": "deny", "opinion": opinion, "reason": ""}
        )
    assert response.status_code == 200
    assert "请写明理由" in field_errors(response, "decide_reason")
    assert textarea(response, "opinion") == opinion
    assert fresh(case).status == Case.Status.DECISION
    with at(NOW):
        client.post(
            url(case, "decide/"),
            {"decision": "deny", "opinion": opinion, "reason": "选址不符合要求。"},
        )
    case = fresh(case)
    assert case.result == Result.DENIED and "选址不符合要求" in case.result_reason


def test_the_approver_grants_and_the_clerk_delivers(window, item, login):
    case = at_decision(window, item)
    with at(NOW):
        response = login(window.approver).post(
            url(case, "decide/"), {"decision": "grant", "opinion": "同意发证。", "reason": ""}
        )
    assert response.status_code == 302
    case = fresh(case)
    assert case.result == Result.GRANTED and case.certificate_number
    client = login(window.clerk)
    with at(NOW):
        html = page(client.get(url(case)))
        assert case.certificate_number in html and "审批结果" in html
        bad = client.post(url(case, "deliver/"), {"method": "post", "on": "3.11.2025"})
        assert "YYYY-MM-DD" in field_errors(bad, "deliver_on")
        client.post(url(case, "deliver/"), {"method": "post", "on": "2025-11-03", "note": "EMS"})
    case = fresh(case)
    assert case.status == Case.Status.DELIVERED and case.delivery_note == "EMS"


def test_the_approver_extends_once_inside_the_period(window, item, login):
    case = accepted(window, item)
    client = login(window.approver)
    due = case.legal_clock.due_date
    with at(NOW):
        client.post(url(case, "extend/"), {"reason": "需要组织现场核查。"})
        html = page(client.get(url(case)))
    case = fresh(case)
    assert case.extended and case.legal_clock.due_date > due
    assert "已延长办理期限" in html and f'action="{url(case, "extend/")}"' not in html


def test_a_special_procedure_pauses_and_resumes_the_clocks(window, item, login):
    case = accepted(window, item)
    client = login(window.clerk)
    with at(NOW):
        bad = client.post(url(case, "special-start/"), {"kind": "", "on": NOW[:10], "note": ""})
        assert "请选择特别程序" in field_errors(bad, "special_start_kind")
        client.post(
            url(case, "special-start/"),
            {"kind": "expert_review", "on": NOW[:10], "note": "组织专家评审"},
        )
        html = page(client.get(url(case)))
    assert fresh(case).status == Case.Status.SPECIAL
    assert "已暂停" in html and "专家评审" in html and "进行中" in html
    with at("2025-11-10 10:00"):
        client = login(window.clerk)  # a week later: a new session
        client.post(url(case, "special-end/"), {"on": "2025-11-10"})
    assert fresh(case).status == Case.Status.REVIEW
    assert fresh(case).special_procedures.get().ended_on is not None


def test_closing_and_assigning(window, item, login):
    case = submit(item)
    client = login(window.clerk)
    with at(NOW):
        bad = client.post(url(case, "assign/"), {"handler": str(window.stranger.pk)})
        assert "请从列表中选择" in field_errors(bad, "assign_handler")
        client.post(url(case, "assign/"), {"handler": str(window.clerk2.pk)})
        assert fresh(case).handler == window.clerk2
        bad = client.post(url(case, "close/"), {"result": "granted", "reason": "x"})
        assert "请从列表中选择" in field_errors(bad, "close_result")
        client.post(url(case, "close/"), {"result": "withdrawn", "reason": "申请人撤回申请。"})
    case = fresh(case)
    assert case.result == Result.WITHDRAWN and case.status == Case.Status.COMPLETED


def test_a_step_address_sends_a_get_to_the_case_page(window, item, login):
    case = submit(item)
    client = login(window.clerk)
    response = client.get(url(case, "accept/"))
    assert response.status_code == 302 and response["Location"] == url(case)
    assert client.put(url(case, "accept/")).status_code == 405


def test_a_clerk_of_another_department_cannot_take_a_step(window, item, login):
    case = submit(item)
    with at(NOW):
        response = login(window.stranger).post(url(case, "accept/"), {"opinion": ""})
    assert response.status_code == 403
    assert fresh(case).status == Case.Status.SUBMITTED
