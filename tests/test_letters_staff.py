"""政民互动 in the workbench, through HTTP: the letter queue and its routing scope, a letter's
page with the writer masked (and the audited reveal), its attachments and steps, and the inbox.
The forms of the next steps: tests/test_letters_staff_steps.py."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from gongkai.core import actions as core_actions
from gongkai.letters import actions, roles
from gongkai.letters.models import LetterStep
from tests.letters_data import (
    WRITER_NAME,
    WRITER_PHONE,
    Letters,
    accepted,
    attachment,
    events,
    fresh,
    replied,
    written,
)
from tests.pages import assert_forbidden, assert_login_required, at, page
from tests.services_cases import staff
from tests.services_window import sign_in

pytestmark = pytest.mark.django_db

QUEUE = "/workbench/letters/"
NUMBER = re.compile(r"XF\d{10}")


def url(letter, suffix: str = "") -> str:
    return f"/workbench/letters/letters/{letter.number}/{suffix}"


@pytest.fixture
def people(county):
    return Letters(county)


@pytest.fixture
def login(client):
    return lambda user, next_url="": sign_in(client, user, next_url)


def numbers(response) -> set[str]:
    return set(NUMBER.findall(page(response)))


def in_review(people, mailbox=None):
    letter = accepted(people, mailbox or people.nyj_box)
    draft = actions.save_draft(actor=people.handler, letter=letter, text="拟答复：冬修计划。")
    actions.submit_draft(actor=people.handler, draft=draft)
    return fresh(letter), draft


# ---------------------------------------------------------------- the queue


def test_the_queue_needs_a_login(client, db):
    assert_login_required(client.get(QUEUE), QUEUE)


def test_staff_without_a_letters_role_are_refused_and_see_no_menu_entry(staff_client):
    client = staff_client("editor")
    assert f'href="{QUEUE}"' not in page(client.get("/workbench/"))
    assert_forbidden(client.get(QUEUE), "政民互动工作台仅限")


def test_the_menu_links_to_the_queue_for_letters_staff(people, login):
    assert f'href="{QUEUE}"' in page(login(people.handler).get("/workbench/"))


def test_a_moderator_without_letters_gets_the_page_without_tabs(people, county, login):
    moderator = staff("t_moderator", roles.MODERATOR, county.dept["BGS"], "审核留言")
    written(people.head)
    response = login(moderator).get(QUEUE)
    assert response.status_code == 200
    assert "您没有来信分办、办理或审核岗位" in page(response)
    assert not numbers(response)


def test_the_queue_refuses_other_methods(people, login):
    assert login(people.triage).post(QUEUE).status_code == 405


def test_triage_sees_its_mailboxes_letters_waiting_and_nothing_else(people, login):
    mine = written(people.head)
    other_box = written(people.nyj_box)
    response = login(people.triage).get(QUEUE)
    assert numbers(response) == {mine.number}
    html = page(response)
    assert "待分办（1）" in html and mine.subject in html and "县长信箱" in html
    assert other_box.number not in html


def test_each_tab_holds_its_letters(people, login):
    waiting = written(people.head)
    led = accepted(people)
    assisted = written(people.head, subject="协办的来信")
    actions.accept_letter(
        actor=people.triage, letter=assisted, department=people.mzj, assisting=[people.nyj]
    )
    reviewing, _draft = in_review(people)
    done = replied(people, people.nyj_box)
    other = accepted(people, department=people.mzj)

    handler = login(people.handler)
    assert [t for t in ("待分办", "待审核") if t in page(handler.get(QUEUE))] == []
    assert numbers(handler.get(QUEUE + "?tab=handling")) == {
        led.number,
        assisted.number,
        reviewing.number,
    }
    assert numbers(handler.get(QUEUE + "?tab=finished")) == {done.number}
    assert other.number not in page(handler.get(QUEUE + "?tab=handling"))

    reviewer = login(people.reviewer)
    assert numbers(reviewer.get(QUEUE + "?tab=review")) == {reviewing.number}

    triage = login(people.triage)
    assert numbers(triage.get(QUEUE + "?tab=triage")) == {waiting.number}
    # The office follows the 县长信箱's letters it gave out until they are answered.
    assert numbers(triage.get(QUEUE + "?tab=open")) == {
        waiting.number,
        led.number,
        assisted.number,
        other.number,
    }


def test_the_second_review_level_waits_for_the_mailbox_departments_reviewer(people, login):
    letter, draft = in_review(people, people.head)
    office = login(people.office_reviewer)
    assert numbers(office.get(QUEUE + "?tab=review")) == set()
    actions.review_draft(actor=people.reviewer, draft=draft, approve=True)
    assert numbers(office.get(QUEUE + "?tab=review")) == {letter.number}
    assert numbers(login(people.reviewer).get(QUEUE + "?tab=review")) == set()


def test_a_handler_of_another_department_sees_none_of_the_letters(people, login):
    accepted(people)
    written(people.head)
    replied(people, people.nyj_box)
    client = login(people.other_handler)
    for tab in ("handling", "finished"):
        assert numbers(client.get(f"{QUEUE}?tab={tab}")) == set()
    assert "待分办" not in page(client.get(QUEUE))


def test_overdue_and_due_soon_letters_are_marked_in_words(people, login):
    with at("2025-10-20 09:00"):
        late = accepted(people, subject="超期的来信")
    with at("2025-10-30 09:00"):
        soon = accepted(people, subject="即将到期的来信")
    client = login(people.handler)
    on = soon.reply_clock.due_date - timedelta(days=1)
    assert late.reply_clock.due_date < on
    with at(f"{on.isoformat()} 10:00"):
        html = page(client.get(QUEUE + "?tab=handling"))
    rows = {number: row for row in html.split("<tr>") for number in NUMBER.findall(row)}
    assert "已超期" in rows[late.number] and "status-overdue" in rows[late.number]
    assert "即将到期" in rows[soon.number] and "已超期" not in rows[soon.number]
    assert f"{soon.reply_clock.due_date.year}年{soon.reply_clock.due_date.month}月" in html


def test_the_queue_reads_the_same_number_of_queries_for_one_letter_or_many(people, login):
    client = login(people.handler)
    accepted(people)

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(QUEUE + "?tab=handling").status_code == 200
        return len(queries)

    one = count()
    for n in range(4):
        assisted = written(people.head, subject=f"来信{n}")
        actions.accept_letter(
            actor=people.triage, letter=assisted, department=people.mzj, assisting=[people.nyj]
        )
    assert count() == one


def test_a_supervisor_sees_every_open_letter(people, staff_client):
    letters = {accepted(people).number, written(people.nyj_box).number}
    response = staff_client("supervisor").get(QUEUE + "?tab=open")
    assert numbers(response) == letters


# ---------------------------------------------------------------- a letter's page


def test_the_letter_page_needs_a_login(client, people):
    letter = written(people.head)
    assert_login_required(client.get(url(letter)), url(letter))


def test_another_departments_handler_is_refused_the_letter(people, login):
    letter = accepted(people)
    assert_forbidden(login(people.other_handler).get(url(letter)), "您无权查看此来信")


def test_triage_of_another_mailbox_is_refused_the_letter(people, login):
    letter = written(people.head)
    assert_forbidden(login(people.nyj_triage).get(url(letter)), "您无权查看此来信")


def test_an_unknown_number_is_not_found(people, login):
    assert login(people.triage).get("/workbench/letters/letters/XF2025999999/").status_code == 404


def test_the_page_shows_the_letter_with_the_writer_masked(people, login):
    letter = written(people.head, kind="correction", page_url="https://example.gov.cn/a.html")
    html = page(login(people.triage).get(url(letter)))
    assert letter.subject in html and letter.body in html
    assert "张**" in html and "138****5678" in html
    assert WRITER_NAME not in html and WRITER_PHONE not in html
    assert "https://example.gov.cn/a.html" in html
    assert "未受理，尚未开始计算" in html


def test_the_page_shows_the_reply_clock_and_every_step_internal_ones_too(people, login):
    letter, _draft = in_review(people)
    html = page(login(people.handler).get(url(letter)))
    due = letter.reply_clock.due_date
    assert f"{due.year}年{due.month}月{due.day}日" in html
    assert "拟写答复" in html and "提交审核" in html and "否（内部）" in html
    assert "拟答复：冬修计划。" in html


def test_reveal_shows_the_writer_in_full_and_is_audited(people, login):
    letter = written(people.head)
    response = login(people.triage).post(url(letter, "writer/"))
    assert response.status_code == 200
    html = page(response)
    assert WRITER_NAME in html and WRITER_PHONE in html and "已记入审计日志" in html
    assert "no-store" in response["Cache-Control"]
    event = events(letter, "letters.identity_view").get()
    assert event.success and event.actor_id == people.triage.pk


def test_a_refused_reveal_is_audited_and_answers_403(people, login):
    letter = accepted(people)
    response = login(people.other_handler).post(url(letter, "writer/"))
    assert response.status_code == 403
    assert WRITER_PHONE not in page(response)
    event = events(letter, "letters.identity_view").get()
    assert not event.success


def test_reveal_by_get_goes_back_to_the_page_and_reveals_nothing(people, login):
    letter = written(people.head)
    response = login(people.triage).get(url(letter, "writer/"))
    assert response.status_code == 302 and response["Location"] == url(letter)
    assert not events(letter, "letters.identity_view").exists()


def test_attachments_download_for_staff_who_see_the_letter(people, login):
    letter = written(people.head, files=[attachment()])
    row = letter.attachments.get()
    client = login(people.triage)
    assert f'href="{url(letter, f"attachments/{row.pk}/")}"' in page(client.get(url(letter)))
    response = client.get(url(letter, f"attachments/{row.pk}/"))
    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"
    assert b"".join(response.streaming_content).startswith(b"%PDF")


def test_attachments_are_refused_to_another_department(people, login):
    letter = accepted(people, files=[attachment()])
    row = letter.attachments.get()
    response = login(people.other_handler).get(url(letter, f"attachments/{row.pk}/"))
    assert_forbidden(response, "您无权查看此来信")


def test_each_viewer_sees_only_the_forms_they_may_use_now(people, login):
    letter = written(people.head)
    triage = page(login(people.triage).get(url(letter)))
    assert url(letter, "accept/") in triage and url(letter, "draft/") not in triage
    letter = accepted(people)
    handler = page(login(people.handler).get(url(letter)))
    assert url(letter, "draft/") in handler and url(letter, "accept/") not in handler
    assert url(letter, "extension/") in handler and url(letter, "review/") not in handler
    reviewer = page(login(people.reviewer).get(url(letter)))
    assert "此来信目前没有需要您办理的事项" in reviewer


# ---------------------------------------------------------------- the inbox


def test_the_inbox_lists_letters_to_triage_draft_and_review(people, login):
    waiting = written(people.head)
    drafting = accepted(people)
    reviewing, _draft = in_review(people)
    assert f"待分办 {waiting.number}" in page(login(people.triage).get("/workbench/"))
    handler = page(login(people.handler).get("/workbench/"))
    assert f"待答复 {drafting.number}" in handler and reviewing.number not in handler
    reviewer = page(login(people.reviewer).get("/workbench/"))
    assert f"答复待审核 {reviewing.number}" in reviewer
    other = page(login(people.other_handler).get("/workbench/"))
    assert not NUMBER.findall(other)


def test_the_inbox_lists_an_extension_for_triage_to_decide(people, login):
    letter = accepted(people)
    actions.request_extension(actor=people.handler, letter=letter, reason="需实地核查。")
    assert f"延期待审批 {letter.number}" in page(login(people.triage).get("/workbench/"))


def test_a_moderator_has_no_letters_in_the_inbox(people, county, login):
    accepted(people)
    user = core_actions.create_user(actor=None, username="t_none", password="Gongkai-Test-2026")
    core_actions.assign_role(
        actor=None, user=user, department=county.dept["BGS"], role=roles.MODERATOR
    )
    assert not NUMBER.findall(page(login(user).get("/workbench/")))


def test_steps_of_the_writer_show_as_the_writer(people, login):
    letter = written(people.head)
    assert LetterStep.objects.filter(letter=letter, actor__isnull=True).exists()
    assert "来信人" in page(login(people.triage).get(url(letter)))
