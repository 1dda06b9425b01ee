"""差评整改 and 申诉 through HTTP: the owner's list and 待办 with both due dates, the page with
the comment in full only for the owner and supervisors, each step allowed, refused and with
bad input (the text kept, nothing changed), the supervisor's review, and the applicant's
reply on the progress page, taken only with the page's valid token."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from gongkai.core.inbox import entries_for
from gongkai.core.roles import SUPERVISOR
from gongkai.services.actions import rectifications as actions
from gongkai.services.models import Rectification
from gongkai.services.views.applications import case_token
from tests.pages import assert_forbidden, assert_login_required, field_errors, page, textarea
from tests.services_cases import Window, staff
from tests.services_rectifications import finished_case, rated
from tests.services_window import sign_in

pytestmark = pytest.mark.django_db
State = Rectification.State
LIST = "/workbench/services/rectifications/"
COMMENT = "太慢了，请回电 13912345678"


@pytest.fixture
def window(county):
    return Window(county)


@pytest.fixture
def supervisor(county):
    return staff("t_supervisor", SUPERVISOR, county.dept["BGS"], "督查丁")


@pytest.fixture
def rectification(window) -> Rectification:
    return rated(finished_case(window, on=None), on=None, comment=COMMENT).rectification


def login(user) -> Client:
    return sign_in(Client(), user)


def url(rectification, step: str = "") -> str:
    return f"{LIST}{rectification.pk}/" + (f"{step}/" if step else "")


def fresh(rectification) -> Rectification:
    return Rectification.objects.get(pk=rectification.pk)


def day(value) -> str:
    return f"{value.year}年{value.month}月{value.day}日"


# ---------------------------------------------------------------- the list and 待办


def test_the_list_needs_a_login_and_a_services_or_supervisor_role(client, staff_client):
    assert_login_required(client.get(LIST), LIST)
    assert_forbidden(staff_client("editor").get(LIST), "差评整改仅限")


def test_the_owner_sees_the_rectification_with_both_due_dates(window, rectification):
    body = page(login(window.clerk).get(LIST))
    assert rectification.evaluation.case.number in body
    assert day(rectification.contact_clock.due_date) in body
    assert day(rectification.answer_clock.due_date) in body
    assert "我负责的差评整改" in body and "待复核的申诉" not in body
    assert "没有待办的差评整改" in page(login(window.clerk2).get(LIST))


def test_the_queue_links_to_the_list(window):
    assert f'href="{LIST}"' in page(login(window.clerk).get("/workbench/services/"))


def test_the_owner_and_supervisors_find_it_in_their_inbox(window, rectification, supervisor):
    (entry,) = [e for e in entries_for(window.clerk) if "差评整改" in e.title]
    assert "待回访" in entry.title and entry.url == url(rectification)
    assert entry.due == rectification.contact_clock.due_date
    actions.raise_appeal(
        actor=window.clerk,
        evaluation=rectification.evaluation,
        ground="malicious",
        statement="恶意差评。",
    )
    (appeal,) = [e for e in entries_for(supervisor) if "申诉" in e.title]
    assert appeal.url == url(rectification) and "恶意差评" in appeal.title
    assert not [e for e in entries_for(window.clerk2) if "差评" in e.title]


# ---------------------------------------------------------------- the page


def test_the_comment_is_shown_in_full_only_to_the_owner_and_supervisors(
    window, rectification, supervisor
):
    for user in (window.clerk, supervisor):
        assert "13912345678" in page(login(user).get(url(rectification)))
    body = page(login(window.approver).get(url(rectification)))
    assert "13912345678" not in body and "139****5678" in body
    assert "记录回访" not in body  # only the owner works on it


def test_someone_of_another_department_is_refused(window, rectification):
    client = login(window.stranger)
    assert_forbidden(client.get(url(rectification)), "无权查看此差评整改")
    response = client.post(url(rectification, "verify"), {"verification": "x"})
    assert response.status_code == 403
    assert fresh(rectification).verification == ""


def test_a_step_address_opened_with_get_goes_to_the_page(window, rectification):
    response = login(window.clerk).get(url(rectification, "contact"))
    assert response.status_code == 302 and response["Location"] == url(rectification)


def test_a_contact_with_bad_input_keeps_the_text_and_changes_nothing(window, rectification):
    client = login(window.clerk)
    response = client.post(
        url(rectification, "contact"), {"on": "2025/10/09", "method": "电话", "note": "已回访。"}
    )
    assert response.status_code == 200
    assert "YYYY-MM-DD" in field_errors(response, "contact_on")
    assert textarea(response, "note") == "已回访。"
    response = client.post(url(rectification, "contact"), {"on": "2099-01-01", "method": "电话"})
    assert "请填写联系情况" in field_errors(response, "contact_note")
    assert fresh(rectification).state == State.OPEN


def test_the_owner_contacts_and_answers_through_the_page(window, rectification):
    client = login(window.clerk)
    today = rectification.contact_clock.started_on.isoformat()
    response = client.post(
        url(rectification, "contact"), {"on": today, "method": "电话", "note": "已回访。"}
    )
    assert response.status_code == 302 and response["Location"] == url(rectification)
    assert fresh(rectification).state == State.CONTACTED
    response = client.post(url(rectification, "answer"), {"outcome": "rectified", "answer": ""})
    assert "请填写答复内容" in field_errors(response, "answer_answer")
    response = client.post(
        url(rectification, "answer"),
        {"outcome": "rectified", "answer": "已整改，联系电话 13912345678。"},
    )
    assert response.status_code == 302
    row = fresh(rectification)
    assert row.state == State.ANSWERED and "139****5678" in row.answer_public
    body = page(client.get(url(rectification)))
    assert "已答复" in body and "记录回访" not in body


def test_the_supervisor_upholds_an_appeal_through_the_page(window, rectification, supervisor):
    clerk = login(window.clerk)
    response = clerk.post(url(rectification, "appeal"), {"ground": "", "statement": "误评"})
    assert "请选择申诉理由" in field_errors(response, "appeal_ground")
    clerk.post(url(rectification, "appeal"), {"ground": "mistaken", "statement": "点错了。"})
    assert rectification.evaluation.appeals.count() == 1
    assert (
        clerk.post(
            url(rectification, "decide"), {"upheld": "yes", "decision": "成立。"}
        ).status_code
        == 403
    )

    boss = login(supervisor)
    assert "作出复核结论" in page(boss.get(url(rectification)))
    assert rectification.evaluation.case.number in page(boss.get("/workbench/services/appeals/"))
    response = boss.post(url(rectification, "decide"), {"upheld": "yes", "decision": ""})
    assert "请填写复核意见" in field_errors(response, "decide_decision")
    response = boss.post(url(rectification, "decide"), {"upheld": "yes", "decision": "成立。"})
    assert response.status_code == 302
    assert fresh(rectification).state == State.CLOSED
    assert fresh(rectification).evaluation.excluded is True


def test_the_appeals_page_is_for_supervisors(window):
    assert_forbidden(login(window.clerk).get("/workbench/services/appeals/"), "督查人员复核")


# ---------------------------------------------------------------- the applicant's reply


def answer(window, rectification) -> None:
    on = rectification.contact_clock.started_on
    actions.record_contact(
        actor=window.clerk, rectification=rectification, on=on, method="电话", note="已回访。"
    )
    actions.answer_rectification(
        actor=window.clerk,
        rectification=rectification,
        outcome="explained",
        answer="已解释。咨询电话 13912345678。",
    )


def test_the_progress_page_shows_the_masked_answer_and_takes_the_reply(
    client, window, rectification
):
    case = rectification.evaluation.case
    token = case_token(case)
    body = page(client.get("/zwfw/track/", {"t": token}))
    assert "差评整改" in body and "答复期限" in body
    answer(window, rectification)
    body = page(client.get("/zwfw/track/", {"t": token}))
    assert "139****5678" in body and "13912345678" not in body
    assert "您对整改答复是否满意" in body

    reply = "/zwfw/track/rectification-reply/"
    assert client.get(reply).status_code == 405
    assert client.post(reply, {"t": token + "x", "satisfied": "yes"}).status_code == 403
    response = client.post(reply, {"t": token, "satisfied": "maybe"})
    assert response.status_code == 302
    assert fresh(rectification).state == State.ANSWERED
    assert "请选择" in page(client.get(response["Location"]))
    response = client.post(reply, {"t": token, "satisfied": "no"})
    assert response.status_code == 302
    row = fresh(rectification)
    assert row.state == State.CLOSED and row.applicant_satisfied is False
    body = page(client.get(response["Location"]))
    assert "您对整改答复的评价：不满意" in body and "您对整改答复是否满意" not in body


def test_a_token_of_another_case_cannot_reply(client, window, rectification):
    answer(window, rectification)
    other = finished_case(window, code="T-520000-DFY-009", on=None)
    response = client.post(
        "/zwfw/track/rectification-reply/", {"t": case_token(other), "satisfied": "yes"}
    )
    assert response.status_code == 302
    assert fresh(rectification).state == State.ANSWERED


def test_the_list_reads_a_fixed_number_of_queries(window, rectification):
    client = login(window.clerk)

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(LIST).status_code == 200
        return len(captured)

    one = queries()
    for n in (2, 3):
        rated(finished_case(window, code=f"T-520000-DFY-00{n}", on=None), on=None)
    assert Rectification.objects.filter(owner=window.clerk).count() == 3
    assert queries() == one
