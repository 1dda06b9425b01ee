"""The forms of a letter's page, through HTTP: for each step the allowed case, the refused
one (403 with a Chinese message), the bad input (the error next to the field, the input
kept, nothing changed) and the wrong method. The queue and the page: test_letters_staff.py."""

from __future__ import annotations

import re

import pytest

from gongkai.letters import actions
from gongkai.letters.models import Letter, LetterStep, ReplyDraft
from gongkai.letters.rules import Status
from tests.letters_data import WRITER_PHONE, Letters, accepted, fresh, replied, written
from tests.pages import assert_forbidden, field_errors, page
from tests.services_window import sign_in

pytestmark = pytest.mark.django_db


def url(letter, suffix: str = "") -> str:
    return f"/workbench/letters/letters/{letter.number}/{suffix}"


@pytest.fixture
def people(county):
    return Letters(county)


@pytest.fixture
def login(client):
    return lambda user: sign_in(client, user)


def textarea(response, field: str) -> str:
    """What a step's textarea kept (by its id: several forms share field names)."""
    found = re.search(
        rf'<textarea [^>]*id="id_{field}"[^>]*>\n?(.*?)</textarea>', page(response), re.S
    )
    assert found, f"no textarea {field}"
    return found.group(1)


def unchanged(letter: Letter) -> None:
    now = fresh(letter)
    assert (now.status, now.department_id) == (letter.status, letter.department_id)
    assert now.steps.count() == letter.steps.count()


def saved_draft(people, letter, text="拟答复：冬修计划。"):
    return actions.save_draft(actor=people.handler, letter=letter, text=text)


def in_review(people, mailbox=None):
    letter = accepted(people, mailbox or people.nyj_box)
    draft = saved_draft(people, letter)
    actions.submit_draft(actor=people.handler, draft=draft)
    return fresh(letter), draft


# ---------------------------------------------------------------- any step


def test_a_get_of_a_step_goes_back_to_the_letter(people, login):
    letter = written(people.head)
    response = login(people.triage).get(url(letter, "accept/"))
    assert response.status_code == 302 and response["Location"] == url(letter)


def test_a_step_refuses_other_methods(people, login):
    letter = written(people.head)
    assert login(people.triage).put(url(letter, "accept/")).status_code == 405


def test_a_step_needs_a_login(client, people):
    letter = written(people.head)
    response = client.post(url(letter, "accept/"), {"department": people.nyj.pk})
    assert response.status_code == 302 and "/workbench/login/" in response["Location"]
    assert fresh(letter).status == Status.SUBMITTED


def test_a_step_no_longer_allowed_says_why_and_changes_nothing(people, login):
    letter = accepted(people)
    client = login(people.triage)
    response = client.post(url(letter, "return/"), {"reason": "不属于受理范围"}, follow=True)
    assert "不能办理此项" in page(response)
    unchanged(letter)


# ---------------------------------------------------------------- triage


def test_triage_accepts_and_assigns_a_lead_and_assisting_departments(people, login):
    letter = written(people.head)
    response = login(people.triage).post(
        url(letter, "accept/"),
        {"department": people.nyj.pk, "assisting": [people.mzj.pk], "note": "请农业农村局主办"},
    )
    assert response.status_code == 302 and response["Location"] == url(letter)
    letter = fresh(letter)
    assert letter.status == Status.HANDLING and letter.department == people.nyj
    assert list(letter.assisting.all()) == [people.mzj]
    assert letter.reply_clock is not None


def test_accepting_without_a_lead_shows_the_error_and_keeps_the_note(people, login):
    letter = written(people.head)
    response = login(people.triage).post(
        url(letter, "accept/"), {"department": "", "note": "请尽快办理"}
    )
    assert response.status_code == 200
    assert "请选择主办部门" in field_errors(response, "accept_department")
    assert textarea(response, "accept_note") == "请尽快办理"
    unchanged(letter)


def test_the_lead_is_not_also_an_assisting_department(people, login):
    letter = written(people.head)
    response = login(people.triage).post(
        url(letter, "accept/"), {"department": people.nyj.pk, "assisting": [people.nyj.pk]}
    )
    assert "主办部门不必" in field_errors(response, "accept_assisting")
    unchanged(letter)


def test_accept_is_refused_to_a_handler(people, login):
    letter = written(people.nyj_box)
    response = login(people.reviewer).post(url(letter, "accept/"), {"department": people.nyj.pk})
    assert_forbidden(response, "来信分办人员")
    unchanged(letter)


def test_triage_returns_a_letter_with_its_reason(people, login):
    letter = written(people.head)
    login(people.triage).post(url(letter, "return/"), {"reason": "属于司法程序，不予受理。"})
    letter = fresh(letter)
    assert letter.status == Status.RETURNED and letter.closing_reason == "属于司法程序，不予受理。"


def test_returning_without_a_reason_is_refused_next_to_the_field(people, login):
    letter = written(people.head)
    response = login(people.triage).post(url(letter, "return/"), {"reason": "  "})
    assert "请写明理由" in field_errors(response, "return_reason")
    unchanged(letter)


def test_triage_transfers_a_letter_to_the_petition_channel(people, login):
    letter = written(people.head)
    login(people.triage).post(
        url(letter, "transfer/"), {"channel": "petition", "reason": "涉及信访事项。"}
    )
    letter = fresh(letter)
    assert letter.status == Status.TRANSFERRED and letter.transferred_to == "petition"


def test_a_transfer_needs_a_channel(people, login):
    letter = written(people.head)
    response = login(people.triage).post(url(letter, "transfer/"), {"reason": "涉及信访事项。"})
    assert "请选择转往的渠道" in field_errors(response, "transfer_channel")
    assert textarea(response, "transfer_reason") == "涉及信访事项。"
    unchanged(letter)


def test_triage_merges_a_duplicate_into_another_letter(people, login):
    first = written(people.head)
    duplicate = written(people.head)
    login(people.triage).post(
        url(duplicate, "merge/"), {"into": first.number, "reason": "同一事项重复来信。"}
    )
    duplicate = fresh(duplicate)
    assert duplicate.status == Status.MERGED and duplicate.merged_into_id == first.pk
    assert url(first) in page(login(people.triage).get(url(duplicate)))


@pytest.mark.parametrize("into", ["XF2025999999", "self"])
def test_merging_into_an_unknown_letter_or_itself_is_refused(people, login, into):
    letter = written(people.head)
    number = letter.number if into == "self" else into
    response = login(people.triage).post(
        url(letter, "merge/"), {"into": number, "reason": "重复来信。"}
    )
    assert field_errors(response, "merge_into")
    assert 'value="' + number + '"' in page(response)
    unchanged(letter)


def test_merging_into_a_letter_of_another_mailbox_is_refused(people, login):
    other = written(people.nyj_box)
    letter = written(people.head)
    response = login(people.triage).post(
        url(letter, "merge/"), {"into": other.number, "reason": "重复来信。"}
    )
    assert "没有找到编号为" in field_errors(response, "merge_into")
    unchanged(letter)


def test_triage_closes_an_abusive_letter(people, login):
    letter = written(people.head)
    login(people.triage).post(url(letter, "close/"), {"reason": "内容为辱骂，无实际诉求。"})
    assert fresh(letter).status == Status.CLOSED


def test_closing_without_a_reason_is_refused(people, login):
    letter = written(people.head)
    response = login(people.triage).post(url(letter, "close/"), {"reason": ""})
    assert "请写明理由" in field_errors(response, "close_reason")
    unchanged(letter)


def test_triage_reassigns_a_letter_and_the_clock_is_kept(people, login):
    letter = accepted(people)
    due = letter.reply_clock.due_date
    login(people.triage).post(
        url(letter, "reassign/"), {"department": people.mzj.pk, "reason": "属民政职责。"}
    )
    letter = fresh(letter)
    assert letter.department == people.mzj and letter.reply_clock.due_date == due


def test_reassigning_to_the_same_department_is_refused_next_to_the_field(people, login):
    letter = accepted(people)
    response = login(people.triage).post(
        url(letter, "reassign/"), {"department": people.nyj.pk, "reason": "改派。"}
    )
    assert "相同" in field_errors(response, "reassign_department")
    unchanged(letter)


# ---------------------------------------------------------------- the reply


def test_the_handler_saves_a_draft_and_sees_it_again(people, login):
    letter = accepted(people)
    client = login(people.handler)
    response = client.post(url(letter, "draft/"), {"text": "初步答复。"})
    assert response.status_code == 302
    assert ReplyDraft.objects.get(letter=letter).text == "初步答复。"
    assert textarea(client.get(url(letter)), "draft_text") == "初步答复。"


def test_an_empty_draft_is_refused_next_to_the_field(people, login):
    letter = accepted(people)
    response = login(people.handler).post(url(letter, "draft/"), {"text": ""})
    assert "请填写答复内容" in field_errors(response, "draft_text")
    assert not ReplyDraft.objects.filter(letter=letter).exists()


def test_a_draft_is_refused_to_another_department(people, login):
    letter = accepted(people)
    response = login(people.other_handler).post(url(letter, "draft/"), {"text": "答复。"})
    assert_forbidden(response, "您无权查看此来信")
    assert not ReplyDraft.objects.filter(letter=letter).exists()


def test_a_draft_is_refused_to_an_assisting_department(people, login):
    letter = written(people.head)
    actions.accept_letter(
        actor=people.triage, letter=letter, department=people.mzj, assisting=[people.nyj]
    )
    response = login(people.handler).post(url(letter, "draft/"), {"text": "答复。"})
    assert_forbidden(response, "主办部门的来信办理人员")


def test_the_handler_submits_the_saved_draft_for_review(people, login):
    letter = accepted(people)
    draft = saved_draft(people, letter)
    client = login(people.handler)
    assert f'name="draft" value="{draft.pk}"' in page(client.get(url(letter)))
    client.post(url(letter, "submit/"), {"draft": draft.pk})
    assert fresh(letter).status == Status.REVIEW
    draft.refresh_from_db()
    assert draft.state == ReplyDraft.State.REVIEW


def test_submitting_without_a_saved_draft_says_so(people, login):
    letter = accepted(people)
    response = login(people.handler).post(url(letter, "submit/"), {}, follow=True)
    assert "请先保存草稿" in page(response)
    unchanged(letter)


def test_the_reviewer_sees_the_draft_and_approves_it_and_the_reply_is_sent(people, login):
    letter, draft = in_review(people)
    client = login(people.reviewer)
    html = page(client.get(url(letter)))
    assert "审核答复稿" in html and draft.text in html and "第 1 级审核（共 1 级）" in html
    response = client.post(url(letter, "review/"), {"decision": "approve", "opinion": ""})
    assert response.status_code == 302
    letter = fresh(letter)
    assert letter.status == Status.REPLIED and letter.reply == draft.text
    assert "已答复" in page(client.get(url(letter)))


def test_sending_back_needs_an_opinion(people, login):
    letter, _draft = in_review(people)
    response = login(people.reviewer).post(url(letter, "review/"), {"decision": "refuse"})
    assert "请写明修改意见" in field_errors(response, "review_opinion")
    unchanged(letter)


def test_a_draft_sent_back_shows_the_opinion_to_the_handler(people, login):
    letter, _draft = in_review(people)
    login(people.reviewer).post(
        url(letter, "review/"), {"decision": "refuse", "opinion": "请写明完工时间。"}
    )
    assert fresh(letter).status == Status.HANDLING
    html = page(login(people.handler).get(url(letter)))
    assert "请写明完工时间。" in html and "已退回" in html


def test_review_is_refused_to_the_handler(people, login):
    letter, _draft = in_review(people)
    response = login(people.handler2).post(url(letter, "review/"), {"decision": "approve"})
    assert_forbidden(response, "审核")
    unchanged(letter)


def test_the_earlier_review_shows_at_the_second_level(people, login):
    letter, draft = in_review(people, people.head)
    actions.review_draft(actor=people.reviewer, draft=draft, approve=True, opinion="同意。")
    html = page(login(people.office_reviewer).get(url(letter)))
    assert "第 2 级审核（共 2 级）" in html and "同意。" in html


# ---------------------------------------------------------------- the extension


def test_the_handler_asks_for_an_extension_and_triage_approves_it(people, login):
    letter = accepted(people)
    due = letter.reply_clock.due_date
    login(people.handler).post(url(letter, "extension/"), {"reason": "需实地核查。"})
    assert fresh(letter).extension_reason == "需实地核查。"
    client = login(people.triage)
    assert "延期申请待审批" in page(client.get(url(letter)))
    client.post(url(letter, "decide_extension/"), {"decision": "approve", "opinion": ""})
    letter = fresh(letter)
    assert letter.extended and letter.reply_clock.due_date > due


def test_an_extension_needs_a_reason(people, login):
    letter = accepted(people)
    response = login(people.handler).post(url(letter, "extension/"), {"reason": ""})
    assert "请写明理由" in field_errors(response, "extension_reason")
    assert fresh(letter).extension_requested_by_id is None


def test_refusing_an_extension_needs_an_opinion(people, login):
    letter = accepted(people)
    actions.request_extension(actor=people.handler, letter=letter, reason="需实地核查。")
    response = login(people.triage).post(
        url(letter, "decide_extension/"), {"decision": "refuse", "opinion": ""}
    )
    assert "请写明理由" in field_errors(response, "decide_extension_opinion")
    assert not fresh(letter).extension_refused


def test_an_extension_is_decided_by_triage_only(people, login):
    letter = accepted(people, people.nyj_box)
    actions.request_extension(actor=people.handler, letter=letter, reason="需实地核查。")
    response = login(people.reviewer).post(
        url(letter, "decide_extension/"), {"decision": "approve"}
    )
    assert_forbidden(response, "来信分办人员")
    assert not fresh(letter).extended


# ---------------------------------------------------------------- publishing


def test_the_publish_form_is_prefilled_with_masked_texts(people, login):
    letter = replied(people, people.nyj_box, body=f"我的电话是{WRITER_PHONE}，请回电。")
    response = login(people.nyj_triage).get(url(letter))
    assert textarea(response, "publish_body_public") == "我的电话是138****5678，请回电。"
    assert textarea(response, "publish_reply_public") == fresh(letter).reply


def test_publishing_with_a_phone_left_is_refused_next_to_the_field(people, login):
    letter = replied(people, people.nyj_box)
    body = f"请回电 {WRITER_PHONE}"
    response = login(people.nyj_triage).post(
        url(letter, "publish/"),
        {"subject_public": "水渠维修", "body_public": body, "reply_public": "已列入计划。"},
    )
    assert "个人信息" in field_errors(response, "publish_body_public")
    assert textarea(response, "publish_body_public") == body
    assert fresh(letter).published_at is None


def test_triage_publishes_and_unpublishes_a_replied_letter(people, login):
    letter = replied(people, people.nyj_box)
    client = login(people.nyj_triage)
    client.post(
        url(letter, "publish/"),
        {"subject_public": "水渠维修", "body_public": "何时维修？", "reply_public": "已列入计划。"},
    )
    letter = fresh(letter)
    assert letter.published_at is not None and letter.body_public == "何时维修？"
    client.post(url(letter, "unpublish/"), {"reason": "来信人撤回同意。"})
    assert fresh(letter).published_at is None
    assert LetterStep.objects.filter(letter=letter, action="unpublish").exists()


def test_publishing_is_refused_to_a_handler(people, login):
    letter = replied(people, people.nyj_box)
    response = login(people.handler).post(
        url(letter, "publish/"),
        {"subject_public": "水渠维修", "body_public": "何时维修？", "reply_public": "已列入计划。"},
    )
    assert_forbidden(response, "来信分办人员")
    assert fresh(letter).published_at is None


def test_a_letter_whose_writer_did_not_agree_offers_no_publish_form(people, login):
    letter = replied(people, people.nyj_box, agree_publish=False)
    assert url(letter, "publish/") not in page(login(people.nyj_triage).get(url(letter)))
