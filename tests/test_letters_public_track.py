"""Following a letter on the portal, through HTTP: the number and query code open its page
(status, public steps, due date, reply), the rating, asking once for it to be handled again;
the signed proof, the rate limits, bad input."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import pytest

from gongkai.letters import actions
from gongkai.letters.models import Letter
from gongkai.letters.rules import Kind, Satisfaction, Status
from gongkai.letters.views.public_letters import letter_token
from tests.letters_data import WRITER_PHONE, Letters, accepted, fresh, replied, written
from tests.pages import at, block_text, field_errors, page
from tests.services_public import element_text, errors_block, later

pytestmark = pytest.mark.django_db

TRACK = "/hudong/track/"
RATE = "/hudong/track/rate/"
REOPEN = "/hudong/track/reopen/"
WRONG_PAIR = "信件编号或查询码不正确"


@pytest.fixture
def people(county):
    return Letters(county)


def status_of(client, letter: Letter):
    response = client.get(TRACK, {"t": letter_token(letter)})
    assert response.status_code == 200, page(response)[:500]
    return response


def test_the_page_shows_status_steps_and_the_due_date_of_a_correction(client, people):
    with at("2025-10-30 10:00"):
        letter = written(people.head, kind=Kind.CORRECTION, page_url="https://www.example.gov.cn/a")
        actions.accept_letter(actor=people.triage, letter=letter, department=people.nyj)
        response = client.post(TRACK, {"number": letter.number.lower(), "code": letter.query_code})
        assert response.status_code == 302
        location = urlsplit(response["Location"])
        assert location.path == TRACK and letter.query_code not in response["Location"]
        status = client.get(response["Location"])
    assert status.status_code == 200
    assert element_text(status, "letter-status") == "办理中"
    assert element_text(status, "accepted-on") == "2025年10月30日"
    assert element_text(status, "department") == people.nyj.name
    # 纠错: 3 working days after Thursday 30 October 2025: Friday 31, Monday 3, Tuesday 4.
    assert element_text(status, "due-date") == "2025年11月4日"
    steps = block_text(status, "steps")
    assert steps.startswith("2025年10月30日 来信") and "受理并分办" in steps
    assert element_text(status, "phone") == "138****5678"
    assert WRITER_PHONE not in page(status)
    assert "no-store" in status["Cache-Control"]


def test_a_wrong_number_or_code_gets_one_message_and_nothing_opens(client, people):
    letter = written(people.head)
    for number, code in (
        (letter.number, "ABCD-EFGH-JKMN-PQRS"),
        ("XF2099000001", letter.query_code),
    ):
        response = client.post(TRACK, {"number": number, "code": code})
        assert response.status_code == 200
        assert WRONG_PAIR in errors_block(response)
        assert typed(response, "number") == number


def typed(response, field: str) -> str:
    found = re.search(rf'<input[^>]*name="{field}"[^>]*value="([^"]*)"', page(response))
    return found.group(1) if found else ""


def test_empty_fields_are_said_next_to_them(client, people):
    response = client.post(TRACK, {"number": "", "code": ""})
    assert "请填写信件编号。" in field_errors(response, "number")
    assert "请填写查询码。" in field_errors(response, "code")


def test_tracking_is_limited_per_address(client, people):
    letter = written(people.head)
    for _i in range(10):
        assert client.post(TRACK, {"number": letter.number, "code": "WRONG"}).status_code == 200
    response = client.post(TRACK, {"number": letter.number, "code": letter.query_code})
    assert response.status_code == 429
    assert "查询次数过多，请 10 分钟后再试。" in page(response)
    with later(601):
        assert (
            client.post(TRACK, {"number": letter.number, "code": letter.query_code}).status_code
            == 302
        )


def test_a_forged_or_expired_proof_asks_for_the_code_again(client, people):
    letter = written(people.head)
    response = client.get(TRACK, {"t": "forged"})
    assert response.status_code == 403 and "查询已超时或链接无效" in page(response)
    token = letter_token(letter)
    with later(31 * 60):
        assert client.get(TRACK, {"t": token}).status_code == 403


def test_the_reply_is_shown_with_its_department_and_date_and_can_be_rated_once(client, people):
    with at("2025-10-30 10:00"):
        letter = replied(people)
    status = status_of(client, letter)
    assert element_text(status, "letter-status") == "已答复"
    assert element_text(status, "reply-department") == people.nyj.name
    assert element_text(status, "replied-on") == "2025年10月30日"
    assert "冬修计划" in block_text(status, "reply-text")
    assert f'action="{RATE}"' in page(status) and f'action="{REOPEN}"' not in page(status)
    token = letter_token(letter)
    response = client.post(RATE, {"t": token, "satisfaction": Satisfaction.SATISFIED.value})
    assert response.status_code == 302
    assert fresh(letter).satisfaction == Satisfaction.SATISFIED
    again = client.get(response["Location"])
    assert element_text(again, "my-rating").startswith("您的评价：满意")
    assert f'action="{RATE}"' not in page(again) and f'action="{REOPEN}"' not in page(again)
    # Rated once: a second post changes nothing.
    response = client.post(RATE, {"t": token, "satisfaction": Satisfaction.DISSATISFIED.value})
    assert response.status_code == 302
    assert fresh(letter).satisfaction == Satisfaction.SATISFIED


def test_a_rating_without_a_choice_is_refused_next_to_the_field(client, people):
    letter = replied(people)
    response = client.post(RATE, {"t": letter_token(letter), "satisfaction": "wonderful"})
    assert response.status_code == 200
    assert "请选择您对答复的评价。" in field_errors(response, "satisfaction")
    assert fresh(letter).satisfaction == ""


def test_a_letter_not_yet_replied_cannot_be_rated(client, people):
    letter = accepted(people)
    status = status_of(client, letter)
    assert f'action="{RATE}"' not in page(status)
    response = client.post(RATE, {"t": letter_token(letter), "satisfaction": "satisfied"})
    assert response.status_code == 302
    assert fresh(letter).satisfaction == ""


def test_after_dissatisfied_the_writer_may_ask_once_for_it_to_be_handled_again(client, people):
    with at("2025-10-30 10:00"):
        letter = replied(people)
        token = letter_token(letter)
        client.post(RATE, {"t": token, "satisfaction": Satisfaction.DISSATISFIED.value})
        status = status_of(client, letter)
        assert f'action="{REOPEN}"' in page(status)
        response = client.post(REOPEN, {"t": token, "reason": ""})
        assert response.status_code == 200
        assert "请写明您对答复不满意的原因。" in field_errors(response, "reason")
        assert fresh(letter).status == Status.REPLIED
        response = client.post(REOPEN, {"t": token, "reason": "水渠至今仍未动工。"})
        assert response.status_code == 302
        reopened = fresh(letter)
        assert reopened.status == Status.HANDLING and reopened.reopened
        again = client.get(response["Location"])
    assert element_text(again, "letter-status") == "办理中"
    assert f'action="{REOPEN}"' not in page(again)
    assert "申请再次办理" in block_text(again, "steps")
    # Once only.
    client.post(REOPEN, {"t": token, "reason": "再申请一次。"})
    assert fresh(letter).steps.filter(action="reopen").count() == 1


def test_a_satisfied_writer_cannot_ask_for_it_to_be_handled_again(client, people):
    letter = replied(people)
    actions.rate_reply(letter=letter, satisfaction=Satisfaction.BASIC)
    response = client.post(REOPEN, {"t": letter_token(letter), "reason": "再办一次。"})
    assert response.status_code == 302
    assert fresh(letter).status == Status.REPLIED and not fresh(letter).reopened


def test_the_forms_need_a_valid_proof_and_a_post(client, people):
    letter = replied(people)
    for path in (RATE, REOPEN):
        assert client.get(path, {"t": letter_token(letter)}).status_code == 405
        response = client.post(path, {"t": "forged", "satisfaction": "satisfied", "reason": "x"})
        assert response.status_code == 403
    assert fresh(letter).satisfaction == ""


def test_the_answers_are_limited_per_address(client, people):
    letter = replied(people)
    for _i in range(30):
        client.post(RATE, {"t": "forged"})
    response = client.post(RATE, {"t": letter_token(letter), "satisfaction": "satisfied"})
    assert response.status_code == 429
    assert fresh(letter).satisfaction == ""


def test_a_returned_letter_shows_the_reason(client, people):
    letter = written(people.head)
    actions.return_letter(actor=people.triage, letter=letter, reason="属于司法程序，请向法院反映。")
    status = status_of(client, fresh(letter))
    assert element_text(status, "letter-status") == "不予受理"
    assert element_text(status, "closing-reason") == "属于司法程序，请向法院反映。"


def test_after_the_second_reply_no_second_request_is_offered(client, people):
    letter = replied(people)
    actions.rate_reply(letter=letter, satisfaction=Satisfaction.DISSATISFIED)
    actions.reopen_letter(letter=fresh(letter), reason="水渠至今仍未动工。")
    draft = actions.save_draft(actor=people.handler, letter=fresh(letter), text="已于本周动工。")
    actions.submit_draft(actor=people.handler, draft=draft)
    actions.review_draft(actor=people.reviewer, draft=draft, approve=True)
    actions.review_draft(actor=people.office_reviewer, draft=draft, approve=True)
    token = letter_token(letter)
    response = client.post(RATE, {"t": token, "satisfaction": Satisfaction.DISSATISFIED.value})
    assert response.status_code == 302
    again = client.get(response["Location"])
    assert "已于本周动工" in block_text(again, "reply-text")
    assert f'action="{REOPEN}"' not in page(again)
    assert "已再次办理过一次" in block_text(again, "rating")
    assert "承办部门将重新答复" not in page(again)
