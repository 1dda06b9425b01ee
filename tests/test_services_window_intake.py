"""政务服务 at the window, through HTTP: registering an applicant in front of the clerk,
首问负责 with its recorded hand-over, the inbox, and an opinion kept over a new sign-in."""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlsplit

import pytest

from gongkai.core.inbox import entries_for
from gongkai.services import actions
from gongkai.services.models import Case, Inquiry
from tests.pages import assert_forbidden, at, field_errors, page, textarea
from tests.services_cases import Window, materials_of, published_item
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

REGISTER = "/workbench/services/register/"
INQUIRIES = "/workbench/services/inquiries/"


@pytest.fixture
def window(county):
    return Window(county)


@pytest.fixture
def item(window):
    return published_item(window.department)


@pytest.fixture
def login(client):
    return lambda user, next_url="": sign_in(client, user, next_url)


# ---------------------------------------------------------------- registration at the window


def register_data(item, **overrides) -> dict:
    first, second, _conditional = materials_of(item)
    data = {
        "channel": "window",
        "applicant_type": "person",
        "applicant_name": "李四",
        "id_type": "resident_id",
        "id_number": "11010519491231002X",
        "legal_representative": "",
        "phone": "13800138000",
        "address": "",
        "email": "",
        "delivery": "in_person",
        f"paper_{first.pk}": "on",
        f"paper_{second.pk}": "on",
    }
    data.update(overrides)
    return data


def test_registering_starts_with_the_departments_items(window, item, login, county):
    other = published_item(county.dept["MZJ"], code="T-MZJ-001", name="最低生活保障审核确认")
    client = login(window.clerk)
    html = page(client.get(REGISTER))
    assert "动物防疫条件合格证核发" in html and other.current.name not in html
    assert "第二步" not in html
    html = page(client.get(f"{REGISTER}?item={item.pk}"))
    assert "第二步" in html and "场所地理位置图" in html and "收到纸质材料" in html
    response = client.get(f"{REGISTER}?item={other.pk}")
    assert "请从列表中选择" in field_errors(response, "item")


def test_staff_without_a_window_role_cannot_register(staff_client, window):
    assert_forbidden(staff_client("editor").get(REGISTER), "只有窗口受理人员")


def test_a_registration_with_bad_input_keeps_what_was_typed(window, item, login):
    client = login(window.clerk)
    with at(NOW):
        response = client.post(
            f"{REGISTER}?item={item.pk}",
            register_data(item, id_number="110105194912310021", address="城关镇人民路 8 号"),
        )
    assert response.status_code == 200
    assert field_errors(response, "id_number")
    assert 'value="城关镇人民路 8 号"' in page(response) and 'value="李四"' in page(response)
    assert not Case.objects.exists()


def test_a_registration_shows_the_number_and_code_once(window, item, login):
    client = login(window.clerk)
    first, second, _c = materials_of(item)
    with at(NOW):
        response = client.post(
            f"{REGISTER}?item={item.pk}",
            register_data(item, **{f"paper_{second.pk}": "", f"file_{first.pk}": upload("a.pdf")}),
        )
    case = Case.objects.get()
    assert response.status_code == 302 and response["Location"] == url(case, "registered/")
    assert case.channel == "window" and case.registered_by == window.clerk
    with at(NOW):
        html = page(client.get(url(case, "registered/")))
    code = re.search(r'class="query-code">([0-9A-Z-]{19})<', html).group(1)
    assert actions.find_case(case.number, code) == case
    assert "缺少以下必要材料" in html and second.name in html
    with at(NOW):
        again = page(client.get(url(case, "registered/")))
    assert code not in again and "已不再显示" in again
    row = case.materials.get(material=first)
    assert row.paper and row.upload is not None


# ---------------------------------------------------------------- 首问负责


def test_an_inquiry_is_recorded_handed_over_and_registered_as_a_case(window, item, login):
    client = login(window.stranger)  # first asked: a clerk of another department's window
    bad = client.post(INQUIRIES, {"via": "walk_in", "name": "赵六", "question": "", "item": ""})
    assert "请填写咨询事项" in field_errors(bad, "question")
    assert 'value="赵六"' in page(bad)
    response = client.post(
        INQUIRIES,
        {
            "via": "walk_in",
            "name": "赵六",
            "phone": "13900139000",
            "question": "办理动物防疫条件合格证要带什么材料？",
            "item": str(item.pk),
        },
    )
    inquiry = Inquiry.objects.get()
    assert inquiry.first_contact == inquiry.owner == window.stranger
    inquiry_url = f"/workbench/services/inquiries/{inquiry.pk}/"
    assert response["Location"] == inquiry_url
    html = page(client.get(inquiry_url))
    # Only the item's window may take it over.
    assert window.clerk.display_name in html and window.clerk2.display_name in html
    bad = client.post(inquiry_url + "hand-over/", {"to": str(window.stranger.pk), "note": ""})
    assert "请从列表中选择" in field_errors(bad, "hand_over_to")
    client.post(inquiry_url + "hand-over/", {"to": str(window.clerk.pk), "note": "请窗口甲接待"})
    inquiry.refresh_from_db()
    assert inquiry.owner == window.clerk and inquiry.handed_at is not None
    html = page(client.get(inquiry_url))
    assert "外部门 移交给 窗口甲" in html and "请窗口甲接待" in html
    assert f'action="{inquiry_url}close/"' not in html  # no longer theirs
    assert client.post(inquiry_url + "close/", {"answer": "x"}).status_code == 403

    clerk = login(window.clerk)
    assert "赵*" in "".join(e.title for e in entries_for(window.clerk))
    html = page(clerk.get(INQUIRIES))
    assert "赵六" in html and inquiry_url in html
    html = page(clerk.get(inquiry_url))
    link = f"{REGISTER}?inquiry={inquiry.pk}&amp;item={item.pk}"
    assert link in html
    html = page(clerk.get(link.replace("&amp;", "&")))
    assert 'value="赵六"' in html and "此办件来自首问登记" in html
    with at(NOW):
        clerk = login(window.clerk)
        clerk.post(
            f"{REGISTER}?item={item.pk}&inquiry={inquiry.pk}",
            register_data(item, applicant_name="赵六"),
        )
    case = Case.objects.get()
    assert case.inquiry == inquiry
    with at(NOW):
        assert "首问责任人 外部门" in page(clerk.get(url(case)))


def test_the_owner_closes_an_inquiry_with_an_answer(window, login):
    client = login(window.clerk)
    client.post(INQUIRIES, {"via": "phone", "name": "钱七", "question": "几点下班？", "item": ""})
    inquiry = Inquiry.objects.get()
    path = f"/workbench/services/inquiries/{inquiry.pk}/close/"
    bad = client.post(path, {"answer": ""})
    assert "请填写答复情况" in field_errors(bad, "close_answer")
    client.post(path, {"answer": "工作日 17:00 下班。"})
    inquiry.refresh_from_db()
    assert inquiry.closed_at is not None and inquiry.answer == "工作日 17:00 下班。"
    assert "钱七" not in page(client.get(INQUIRIES))


def test_an_inquiry_is_not_shown_to_others(window, login):
    client = login(window.clerk)
    client.post(INQUIRIES, {"via": "phone", "name": "钱七", "question": "几点下班？", "item": ""})
    inquiry = Inquiry.objects.get()
    path = f"/workbench/services/inquiries/{inquiry.pk}/"
    assert_forbidden(login(window.clerk2).get(path), "不由您负责")


# ---------------------------------------------------------------- the inbox


def test_the_inbox_lists_the_cases_waiting_for_each_user(window, item, login):
    intake = submit(item, "2025-10-28 09:00")
    decision = at_decision(window, item)
    waiting = submit(item, skip=1)
    with at("2025-10-31 10:00"):
        actions.send_one_time_notice(actor=window.clerk, case=waiting, problems={})
    with at(NOW):
        clerk = {e.url: e for e in entries_for(window.clerk)}
        approver = {e.url: e for e in entries_for(window.approver)}
        stranger = entries_for(window.stranger)
    assert url(intake) in clerk and url(waiting) not in clerk
    assert clerk[url(intake)].warning == "due_soon" and str(clerk[url(intake)].due) == "2025-11-04"
    assert url(decision) not in clerk and url(decision) in approver
    assert "待决定" in approver[url(decision)].title
    assert not [e for e in stranger if "ZW" in e.title]
    with at(NOW):
        html = page(login(window.clerk).get("/workbench/"))
    assert intake.number in html


# ---------------------------------------------------------------- a post after the session ended


def test_an_opinion_posted_after_the_session_ended_is_kept(window, item, login):
    from django.contrib.sessions.models import Session

    case = accepted(window, item)
    client = login(window.clerk)
    assert client.get(url(case)).status_code == 200
    Session.objects.all().delete()  # what idle time does: the server forgets the session
    opinion = "经现场核查，场所布局符合要求。"
    response = client.post(url(case, "review/"), {"opinion": opinion})
    assert response.status_code == 302 and "/workbench/login/" in response["Location"]
    next_url = parse_qs(urlsplit(response["Location"]).query)["next"][0]
    landed = login(window.clerk, next_url=next_url).last_response["Location"]
    assert urlsplit(landed).path == url(case)
    assert opinion in textarea(client.get(landed), "opinion")
    assert fresh(case).status == Case.Status.REVIEW
