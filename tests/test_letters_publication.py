"""Publishing letters: only a replied letter whose writer agreed, with texts that hold no
unmasked personal data (the core scanner, and the writer's own name); the public pages' cache
version moves with every change they show."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied

from gongkai.core import pagecache
from gongkai.core.errors import InvalidInput, InvalidTransition
from gongkai.letters import actions, queries
from gongkai.letters.apps import PAGE_VERSION
from gongkai.letters.models import LetterStep
from gongkai.letters.rules import Satisfaction
from tests.letters_data import Letters, accepted, events, fresh, replied, written

pytestmark = pytest.mark.django_db
ID_NUMBER = "11010519491231002X"  # GB 11643's own example, a valid check digit
BODY = f"我是张三丰，电话13812345678，身份证{ID_NUMBER}。和平村三组的水渠何时维修？"


@pytest.fixture
def people(county):
    return Letters(county)


def texts(**overrides) -> dict:
    values = {
        "subject_public": "关于和平村三组灌溉水渠维修的咨询",
        "body_public": "和平村三组的水渠何时维修？",
        "reply_public": "已列入今年冬修计划。",
    }
    values.update(overrides)
    return values


def test_the_suggested_texts_mask_phones_ids_and_the_writer_s_name(people):
    letter = replied(people, people.nyj_box, body=BODY, text="张三丰同志：您好！已安排维修。")
    suggested = actions.suggested_public_texts(letter)
    body = suggested["body_public"]
    assert "138****5678" in body and "11*************02X" in body
    assert "张三丰" not in body and "张**" in body
    assert "13812345678" not in body and ID_NUMBER not in body
    assert suggested["reply_public"].startswith("张**同志")
    assert suggested["subject_public"] == letter.subject
    # What it suggests passes the gate as it is.
    actions.publish_letter(actor=people.nyj_triage, letter=letter, **suggested)
    assert fresh(letter).published_at is not None


@pytest.mark.parametrize(
    ("field", "text"),
    [
        ("body_public", "电话13812345678，水渠何时维修？"),
        ("body_public", f"身份证{ID_NUMBER}"),
        ("reply_public", "请致电0851-7654321联系。"),
        ("subject_public", "张三丰的来信"),
        ("reply_public", ""),
    ],
)
def test_texts_with_personal_data_are_refused_next_to_their_field(people, field, text):
    letter = replied(people, people.nyj_box)
    with pytest.raises(InvalidInput) as refused:
        actions.publish_letter(actor=people.nyj_triage, letter=letter, **texts(**{field: text}))
    assert refused.value.field == field
    letter = fresh(letter)
    assert letter.published_at is None and letter.body_public == ""


def test_a_letter_is_published_only_when_replied_and_agreed(people):
    with pytest.raises(InvalidTransition):
        actions.publish_letter(actor=people.triage, letter=accepted(people), **texts())
    private = replied(people, people.nyj_box, agree_publish=False)
    with pytest.raises(InvalidTransition):
        actions.publish_letter(actor=people.nyj_triage, letter=private, **texts())
    assert not queries.published_letters().filter(pk=private.pk).exists()


def test_only_the_mailbox_triage_publishes(people):
    letter = replied(people, people.head)
    for stranger in (people.handler, people.reviewer, people.nyj_triage, people.office_reviewer):
        with pytest.raises(PermissionDenied):
            actions.publish_letter(actor=stranger, letter=letter, **texts())
    actions.publish_letter(actor=people.triage, letter=letter, **texts())
    assert fresh(letter).published_at is not None


def test_publishing_and_withdrawing_are_recorded_and_seen_on_the_list(people):
    letter = replied(people, people.nyj_box)
    actions.publish_letter(actor=people.nyj_triage, letter=letter, **texts())
    letter = fresh(letter)
    assert letter.body_public == "和平村三组的水渠何时维修？"
    assert queries.published_letters().filter(pk=letter.pk).exists()
    first = letter.published_at
    actions.publish_letter(
        actor=people.nyj_triage, letter=letter, **texts(reply_public="已于12月完工。")
    )
    letter = fresh(letter)
    assert letter.published_at == first and letter.reply_public == "已于12月完工。"
    assert [e.data["again"] for e in events(letter, "letters.publish").order_by("seq")] == [
        False,
        True,
    ]

    with pytest.raises(InvalidInput) as refused:
        actions.unpublish_letter(actor=people.nyj_triage, letter=letter, reason="")
    assert refused.value.field == "reason"
    with pytest.raises(PermissionDenied):
        actions.unpublish_letter(actor=people.handler, letter=letter, reason="写信人要求")
    actions.unpublish_letter(actor=people.nyj_triage, letter=letter, reason="写信人要求")
    letter = fresh(letter)
    assert letter.published_at is None
    assert not queries.published_letters().filter(pk=letter.pk).exists()
    assert not letter.steps.get(action=LetterStep.Action.UNPUBLISH).public
    assert events(letter, "letters.unpublish").get().data["reason"] == "写信人要求"
    with pytest.raises(InvalidTransition):
        actions.unpublish_letter(actor=people.nyj_triage, letter=letter, reason="再撤")


@pytest.mark.parametrize(
    "change",
    ["write", "accept", "reply", "rate", "publish", "unpublish"],
)
def test_every_change_the_public_pages_show_moves_their_version(
    people, change, django_capture_on_commit_callbacks
):
    letter = replied(people, people.nyj_box)
    if change == "unpublish":
        actions.publish_letter(actor=people.nyj_triage, letter=letter, **texts())
    if change in ("accept", "reply"):
        letter = written(people.nyj_box)
    if change == "reply":
        actions.accept_letter(actor=people.nyj_triage, letter=letter, department=people.nyj)
        draft = actions.save_draft(actor=people.handler, letter=letter, text="已安排。")
        actions.submit_draft(actor=people.handler, draft=draft)
    before = pagecache.stored_version(PAGE_VERSION)
    with django_capture_on_commit_callbacks(execute=True):
        if change == "write":
            written(people.head)
        elif change == "accept":
            actions.accept_letter(actor=people.nyj_triage, letter=letter, department=people.nyj)
        elif change == "reply":
            actions.review_draft(actor=people.reviewer, draft=draft, approve=True)
        elif change == "rate":
            actions.rate_reply(letter=letter, satisfaction=Satisfaction.SATISFIED)
        elif change == "publish":
            actions.publish_letter(actor=people.nyj_triage, letter=letter, **texts())
        else:
            actions.unpublish_letter(actor=people.nyj_triage, letter=letter, reason="写信人要求")
    assert pagecache.stored_version(PAGE_VERSION) != before
