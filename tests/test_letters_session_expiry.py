"""政民互动's staff forms lose nothing typed when the session ends (core.drafts): a reply draft
on a letter's page and a comment's 采纳情况 on a consultation's page, posted after the session
ended, come back filled in on their page after signing in again, shown and never saved.
The mechanism itself, on 依申请公开 and 政务公开: test_session_expiry.py."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import pytest

from conftest import totp_token
from gongkai.demo.county import DEMO_PASSWORD
from gongkai.letters.models import ReplyDraft
from tests.letters_consultations import AFTER, People, comment, opened
from tests.letters_data import Letters, accepted
from tests.pages import at, page
from tests.services_cases import PASSWORD
from tests.test_login import confirmed_device
from tests.test_session_expiry import LOGIN, NOTICE, OTP, expire_sessions, next_of

pytestmark = pytest.mark.django_db

REPLY = "经核实，和平村三组水渠已列入今年冬修计划，预计12月底前完工。" * 20
RESPONSE = "方案第五条已规定每周清运两次，不再另行增加，感谢您的建议。"


def sign_in(client, user, password: str, next_url: str = "") -> str:
    """Password then the second factor, as the pages ask; where the sign-in lands."""
    device = confirmed_device(user)
    data = {"username": user.username, "password": password}
    if next_url:
        data["next"] = next_url
    response = client.post(LOGIN, data)
    assert response.status_code == 302 and response["Location"] == OTP
    response = client.post(OTP, {"token": totp_token(device)})
    assert response.status_code == 302
    return response["Location"]


def textarea(response, auto_id: str) -> str:
    """What the textarea with this id holds (a page has several forms with a `text`)."""
    found = re.search(
        rf'<textarea [^>]*id="{auto_id}"[^>]*>\n?(.*?)</textarea>', page(response), re.S
    )
    assert found, f"no textarea {auto_id}"
    return found.group(1)


def test_a_reply_draft_posted_after_the_session_ended_is_shown_again_after_signing_in(
    client, county
):
    people = Letters(county)
    letter = accepted(people)
    letter_page = f"/workbench/letters/letters/{letter.number}/"
    sign_in(client, people.handler, PASSWORD)
    assert client.get(letter_page).status_code == 200
    expire_sessions()
    posted = client.post(f"{letter_page}draft/", {"text": REPLY})
    landed = sign_in(client, people.handler, PASSWORD, next_of(posted))
    assert urlsplit(landed).path == letter_page
    response = client.get(landed)
    assert response.status_code == 200
    assert NOTICE in page(response)
    assert textarea(response, "id_draft_text") == REPLY
    # Shown, never saved: the handler checks it and saves it again.
    assert not ReplyDraft.objects.filter(letter=letter).exists()
    again = client.get(landed)
    assert NOTICE not in page(again) and REPLY not in page(again)


def test_a_comment_response_posted_after_the_session_ended_is_shown_again_after_signing_in(
    client, county
):
    people = People(county)
    consultation = opened(people)
    item = comment(consultation, body="建议增加垃圾清运频次。")
    consultation_page = f"/workbench/letters/consultations/{consultation.pk}/"
    with at(AFTER):
        sign_in(client, people.editor, DEMO_PASSWORD)
        assert client.get(consultation_page).status_code == 200
        expire_sessions()
        posted = client.post(
            f"{consultation_page}comments/{item.pk}/respond/",
            {"adopted": "no", "response": RESPONSE},
        )
        landed = sign_in(client, people.editor, DEMO_PASSWORD, next_of(posted))
        assert urlsplit(landed).path == consultation_page
        response = client.get(landed)
    assert response.status_code == 200
    assert NOTICE in page(response)
    assert textarea(response, f"id_respond{item.pk}_response") == RESPONSE
    chosen = re.findall(
        rf'<input [^>]*id="id_respond{item.pk}_adopted_\d"[^>]*checked>', page(response)
    )
    assert len(chosen) == 1 and 'value="no"' in chosen[0]
    item.refresh_from_db()
    assert item.adopted is None and item.response == ""
