"""Writing in (intake), the writer's own actions on the tracking page (rating, handling again),
and revealing the writer's data: through the actions, with the real database."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied

from gongkai.core.errors import InvalidInput, InvalidTransition
from gongkai.core.models import AuditEvent, Clock
from gongkai.letters import actions
from gongkai.letters.models import Letter, LetterAttachment, LetterStep
from gongkai.letters.rules import Kind, Satisfaction, Status
from tests.letters_data import (
    WRITER_PHONE,
    Letters,
    attachment,
    events,
    fresh,
    letter_data,
    replied,
    written,
)
from tests.pages import at

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(county):
    return Letters(county)


# ---------------------------------------------------------------- writing in


def test_a_letter_gets_a_yearly_number_a_query_code_and_its_attachments(people):
    with at("2025-09-29 10:00"):
        first = written(people.head, files=[attachment(), attachment("第二页.pdf")])
        second = written(people.nyj_box)
    assert first.number.startswith("XF2025") and len(first.number) == 12
    assert int(second.number[6:]) == int(first.number[6:]) + 1
    assert first.status == Status.SUBMITTED and first.reply_clock is None
    assert first.query_code_hash and first.query_code not in first.query_code_hash
    assert [a.name for a in LetterAttachment.objects.filter(letter=first).order_by("pk")] == [
        "水渠照片说明.pdf",
        "第二页.pdf",
    ]
    submit = first.steps.get()
    assert submit.action == LetterStep.Action.SUBMIT and submit.public
    event = events(first, "letters.submit").get()
    assert event.actor_label == "writer" and event.data["mailbox"] == "t-county-head"
    assert event.data["attachments"] == 2
    # The phone is stored encrypted: the column never holds it in clear.
    assert not Letter.objects.filter(pk=first.pk, writer_phone__contains="1381234").exists()


def test_a_letter_is_found_by_its_number_and_code_only(people):
    letter = written(people.head)
    code = letter.query_code
    assert actions.find_letter(letter.number, code) == letter
    assert (
        actions.find_letter(f" {letter.number.lower()} ", code.replace("-", "").lower()) == letter
    )
    assert actions.find_letter(letter.number, "0000-0000-0000-0000") is None
    assert actions.find_letter("XF2099000001", code) is None
    assert actions.find_letter(letter.number, "") is None


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"kind": "praise"}, "kind"),
        ({"subject": "  "}, "subject"),
        ({"subject": "题" * 121}, "subject"),
        ({"body": ""}, "body"),
        ({"body": "字" * 5001}, "body"),
        ({"writer_name": ""}, "writer_name"),
        ({"writer_name": "名" * 51}, "writer_name"),
        ({"writer_phone": ""}, "writer_phone"),
        ({"writer_phone": "12345"}, "writer_phone"),
        ({"kind": Kind.CORRECTION, "page_url": ""}, "page_url"),
        ({"kind": Kind.CORRECTION, "page_url": "ftp://gov.example.cn/a"}, "page_url"),
        ({"kind": Kind.CORRECTION, "page_url": "javascript:alert(1)"}, "page_url"),
        ({"kind": Kind.CORRECTION, "page_url": "www.example.gov.cn/page"}, "page_url"),
    ],
)
def test_bad_input_is_refused_next_to_its_field_and_nothing_is_written(people, overrides, field):
    before = Letter.objects.count()
    with pytest.raises(InvalidInput) as refused:
        actions.write_letter(mailbox=people.head, data=letter_data(**overrides))
    assert refused.value.field == field
    assert refused.value.message  # in Chinese, for the form
    assert Letter.objects.count() == before


def test_more_than_three_attachments_are_refused(people):
    with pytest.raises(InvalidInput) as refused:
        actions.write_letter(
            mailbox=people.head, data=letter_data(), files=[attachment() for _i in range(4)]
        )
    assert refused.value.field == "attachments"
    assert "3" in refused.value.message


def test_a_correction_keeps_its_page_address_and_other_kinds_drop_it(people):
    url = "https://www.example.gov.cn/zwgk/2025/notice.html"
    report = written(people.head, kind=Kind.CORRECTION, page_url=url)
    assert report.page_url == url
    letter = written(people.head, page_url=url)
    assert letter.page_url == ""


def test_a_fixed_line_number_is_accepted(people):
    letter = written(people.head, writer_phone="0851-7654321")
    assert letter.writer_phone == "0851-7654321"


def test_a_closed_mailbox_takes_no_letters(people):
    people.nyj_box.active = False
    people.nyj_box.save()
    with pytest.raises(InvalidTransition):
        actions.write_letter(mailbox=people.nyj_box, data=letter_data())


# ---------------------------------------------------------------- the writer: rating, again


def test_the_writer_rates_a_reply_once(people):
    letter = replied(people, people.nyj_box)
    actions.rate_reply(letter=letter, satisfaction=Satisfaction.BASIC)
    letter = fresh(letter)
    assert letter.satisfaction == Satisfaction.BASIC and letter.rated_at is not None
    assert letter.steps.get(action=LetterStep.Action.RATE).public
    assert events(letter, "letters.rate").get().actor_label == "writer"
    with pytest.raises(InvalidTransition):
        actions.rate_reply(letter=letter, satisfaction=Satisfaction.SATISFIED)


def test_a_rating_needs_a_reply_and_one_of_the_three_grades(people):
    letter = written(people.head)
    with pytest.raises(InvalidTransition):
        actions.rate_reply(letter=letter, satisfaction=Satisfaction.SATISFIED)
    letter = replied(people, people.nyj_box)
    with pytest.raises(InvalidInput) as refused:
        actions.rate_reply(letter=letter, satisfaction="great")
    assert refused.value.field == "satisfaction"


def test_a_dissatisfied_writer_asks_once_for_handling_again_on_a_new_clock(people):
    letter = replied(people, people.nyj_box)
    first_clock = letter.reply_clock
    with pytest.raises(InvalidTransition):  # not rated 不满意
        actions.reopen_letter(letter=letter, reason="没有回答何时维修")
    actions.rate_reply(letter=letter, satisfaction=Satisfaction.DISSATISFIED)
    with pytest.raises(InvalidInput) as refused:
        actions.reopen_letter(letter=letter, reason=" ")
    assert refused.value.field == "reason"

    actions.reopen_letter(letter=letter, reason="没有回答何时维修")
    letter = fresh(letter)
    assert letter.status == Status.HANDLING and letter.reopened
    assert letter.reply_clock_id != first_clock.pk
    assert letter.reply_clock.state == Clock.State.RUNNING
    assert letter.steps.get(action=LetterStep.Action.REOPEN).public

    # The second reply may be rated afresh, but not sent back a second time.
    draft = actions.save_draft(actor=people.handler, letter=letter, text="水渠将于12月20日前修复。")
    actions.submit_draft(actor=people.handler, draft=draft)
    actions.review_draft(actor=people.reviewer, draft=draft, approve=True)
    letter = fresh(letter)
    assert letter.status == Status.REPLIED and letter.satisfaction == ""
    actions.rate_reply(letter=letter, satisfaction=Satisfaction.DISSATISFIED)
    with pytest.raises(InvalidTransition):
        actions.reopen_letter(letter=letter, reason="仍不满意")


# ---------------------------------------------------------------- the writer's data in full


def test_those_who_route_or_answer_see_the_writer_in_full_and_each_look_is_audited(people):
    letter = written(people.head)
    shown = actions.reveal_writer(actor=people.triage, letter=letter)
    assert shown == {"writer_name": "张三丰", "writer_phone": WRITER_PHONE}
    with pytest.raises(PermissionDenied):  # not yet assigned to 县农业农村局
        actions.reveal_writer(actor=people.handler, letter=letter)
    actions.accept_letter(actor=people.triage, letter=letter, department=people.nyj)
    assert actions.reveal_writer(actor=people.handler, letter=letter)["writer_phone"]
    with pytest.raises(PermissionDenied):
        actions.reveal_writer(actor=people.other_handler, letter=letter)
    looks = events(letter, "letters.identity_view").order_by("seq")
    assert [(e.actor_id, e.success) for e in looks] == [
        (people.triage.pk, True),
        (people.handler.pk, False),
        (people.handler.pk, True),
        (people.other_handler.pk, False),
    ]
    assert AuditEvent.objects.filter(action="letters.identity_view").count() == 4
