"""政民互动 for the public, through HTTP: the 政民互动 page, writing a letter, the one-time
confirmation, the published letters; each page's allowed case, bad input, rate limit and
missing object. Following a letter is in test_letters_public_track.py."""

from __future__ import annotations

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from gongkai.letters import actions
from gongkai.letters.models import Letter, LetterAttachment, Mailbox
from gongkai.letters.rules import Kind, Status
from tests.documents import make_pdf
from tests.letters_data import WRITER_NAME, WRITER_PHONE, Letters, fresh, published, written
from tests.pages import at, block_text, field_errors, page
from tests.services_public import EXE, element_text, errors_block, later

pytestmark = pytest.mark.django_db

INDEX = "/hudong/"
WRITTEN = "/hudong/written/"
PUBLISHED = "/hudong/letters/"


@pytest.fixture
def people(county):
    return Letters(county)


def write_url(mailbox: Mailbox) -> str:
    return f"/hudong/write/{mailbox.code}/"


def form_data(**overrides) -> dict:
    data = {
        "kind": Kind.SUGGEST.value,
        "subject": "建议在和平村三组增设路灯",
        "body": "和平村三组到村委会的路段晚上没有路灯，老人孩子出行不便，建议增设。",
        "page_url": "",
        "writer_name": WRITER_NAME,
        "writer_phone": WRITER_PHONE,
        "agree_publish": "on",
    }
    data.update(overrides)
    return data


def a_pdf(name: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, make_pdf("attachment"), content_type="application/pdf")


def typed_value(response, field: str) -> str:
    found = re.search(rf'<(?:input|textarea)[^>]*name="{field}"[^>]*>', page(response))
    assert found, f"no field {field}"
    tag = found.group(0)
    if tag.startswith("<textarea"):
        return re.search(rf'name="{field}"[^>]*>\n?(.*?)</textarea>', page(response), re.S)[1]
    value = re.search(r'value="([^"]*)"', tag)
    return value.group(1) if value else ""


# ---------------------------------------------------------------- the 政民互动 page


def test_the_page_lists_the_open_mailboxes_county_head_first_with_their_write_links(client, people):
    Mailbox.objects.create(
        name="县林业局信箱（停用）", code="t-closed", department=people.nyj, active=False
    )
    response = client.get(INDEX)
    assert response.status_code == 200
    mailboxes = block_text(response, "mailboxes")
    assert mailboxes.index("县长信箱") < mailboxes.index("县农业农村局信箱")
    assert "停用" not in mailboxes
    assert f'href="{write_url(people.head)}"' in page(response)
    assert f'href="{write_url(people.nyj_box)}"' in page(response)
    links = block_text(response, "letters-links")
    for path, label in (
        ("/hudong/track/", "查询来信办理情况"),
        (PUBLISHED, "来信选登"),
        ("/hudong/stats/", "来信办理情况统计"),
        ("/hudong/board/", "留言板"),
        ("/hudong/consultations/", "意见征集"),
    ):
        assert f'<a href="{path}">{label}</a>' in page(response)
        assert label in links


def test_the_home_page_menu_links_to_the_page_named_政民互动(client, people):
    home = page(client.get("/"))
    assert re.search(r'<a href="/hudong/"[^>]*>政民互动</a>', home)
    assert re.search(
        r'<a href="/hudong/" aria-current="page">政民互动</a>', page(client.get(INDEX))
    )


def test_the_page_shows_the_latest_published_letters_and_this_years_figures(client, people):
    with at("2025-10-20 10:00"):
        letter = published(people)
        written(people.nyj_box)
        response = client.get(INDEX)
    assert f'href="/hudong/letters/{letter.number}/"' in page(response)
    assert letter.subject_public in block_text(response, "latest-letters")
    figures = block_text(response, "year-figures")
    assert "收到来信 2 件" in figures and "已答复 1 件" in figures
    assert "按时答复率 100.0%" in figures


def test_the_page_answers_get_only(client, people):
    assert client.post(INDEX).status_code == 405


# ---------------------------------------------------------------- writing


def test_a_valid_letter_is_taken_and_the_number_and_code_are_shown_once(client, people):
    with at("2025-10-30 09:00"):
        response = client.post(
            write_url(people.head),
            form_data(attachments=[a_pdf("路段照片.pdf"), a_pdf("位置图.pdf")]),
        )
        assert response.status_code == 302, errors_block(response) or page(response)[:800]
        assert response["Location"] == WRITTEN
        confirmation = client.get(WRITTEN)
    letter = Letter.objects.get()
    assert (letter.mailbox, letter.kind, letter.status) == (
        people.head,
        Kind.SUGGEST,
        Status.SUBMITTED,
    )
    assert letter.agree_publish and letter.page_url == ""
    assert LetterAttachment.objects.filter(letter=letter).count() == 2
    assert element_text(confirmation, "letter-number") == letter.number
    code = element_text(confirmation, "query-code")
    assert actions.find_letter(letter.number, code) == letter
    assert element_text(confirmation, "received-on") == "2025年10月30日"
    assert "no-store" in confirmation["Cache-Control"]
    assert "/hudong/track/?t=" in page(confirmation)
    # Shown this once: the code is not in the session any more.
    again = client.get(WRITTEN)
    assert code not in page(again) and "只在提交后显示一次" in page(again)


def test_a_correction_needs_the_page_address_and_keeps_it(client, people):
    response = client.post(
        write_url(people.nyj_box), form_data(kind=Kind.CORRECTION.value, page_url="")
    )
    assert response.status_code == 200
    assert "纠错请填写出错页面的网址" in field_errors(response, "page_url")
    assert not Letter.objects.exists()
    address = "https://www.example.gov.cn/items/12/"
    response = client.post(
        write_url(people.nyj_box), form_data(kind=Kind.CORRECTION.value, page_url=address)
    )
    assert response.status_code == 302
    assert Letter.objects.get().page_url == address


def test_the_page_address_field_is_always_on_the_form_with_its_hint(client, people):
    response = client.get(write_url(people.head))
    assert 'name="page_url"' in page(response)
    assert "报告本网站的错误（纠错）时必填" in page(response)
    assert "仅用于联系您，加密保存，不会公开" in page(response)


def test_bad_input_is_shown_next_to_each_field_keeps_what_was_typed_and_saves_nothing(
    client, people
):
    response = client.post(
        write_url(people.head),
        form_data(subject="", writer_phone="12345", kind="letter-bomb", body="路灯坏了"),
    )
    assert response.status_code == 200
    assert "请填写标题。" in field_errors(response, "subject")
    assert "联系电话格式不正确" in field_errors(response, "writer_phone")
    assert "请选择来信类型。" in field_errors(response, "kind")
    assert "提交的内容有 3 处需要修改" in errors_block(response)
    assert typed_value(response, "body") == "路灯坏了"
    assert typed_value(response, "writer_phone") == "12345"
    assert typed_value(response, "writer_name") == WRITER_NAME
    assert not Letter.objects.exists()


def test_attachments_are_checked_by_content_and_at_most_three(client, people):
    program = SimpleUploadedFile("说明.pdf", EXE, content_type="application/pdf")
    response = client.post(write_url(people.head), form_data(attachments=[program]))
    assert response.status_code == 200
    assert "可执行程序" in field_errors(response, "attachments") or "不符" in field_errors(
        response, "attachments"
    )
    four = [a_pdf(f"第{n}页.pdf") for n in range(4)]
    response = client.post(write_url(people.head), form_data(attachments=four))
    assert "附件最多 3 个" in field_errors(response, "attachments")
    assert not Letter.objects.exists() and not LetterAttachment.objects.exists()


def test_an_unknown_or_closed_mailbox_is_not_found(client, people):
    people.nyj_box.active = False
    people.nyj_box.save(update_fields=["active"])
    assert client.get("/hudong/write/no-such-box/").status_code == 404
    assert client.get(write_url(people.nyj_box)).status_code == 404
    assert client.post(write_url(people.nyj_box), form_data()).status_code == 404
    assert not Letter.objects.exists()


def test_writing_needs_the_csrf_token(people):
    response = Client(enforce_csrf_checks=True).post(write_url(people.head), form_data())
    assert response.status_code == 403
    assert not Letter.objects.exists()


def test_letters_are_limited_per_address(client, people):
    for _i in range(5):
        assert client.post(write_url(people.head), form_data()).status_code == 302
    response = client.post(write_url(people.head), form_data())
    assert response.status_code == 429
    assert response["Retry-After"] == "3600"
    assert "您提交来信的次数过多，请一小时后再试" in page(response)
    assert Letter.objects.count() == 5
    with later(3601):
        assert client.post(write_url(people.head), form_data()).status_code == 302


def test_the_confirmation_without_a_letter_says_it_is_gone(client, people):
    response = client.get(WRITTEN)
    assert response.status_code == 200
    assert "只在提交后显示一次" in page(response)
    assert client.head(WRITTEN).status_code == 405


# ---------------------------------------------------------------- the published letters


def test_a_published_letter_shows_its_dates_department_and_reply_and_never_the_writer(
    client, people
):
    body = f"我是{WRITER_NAME}，电话{WRITER_PHONE}，和平村三组的水渠至今未修。"
    with at("2025-10-09 10:00"):
        letter = published(people, body=body)
    response = client.get(f"/hudong/letters/{letter.number}/")
    assert response.status_code == 200
    text = page(response)
    assert WRITER_PHONE not in text and WRITER_NAME not in text
    assert "138****5678" in block_text(response, "letter-body")
    assert element_text(response, "received-on") == "2025年10月9日"
    assert element_text(response, "accepted-on") == "2025年10月9日"
    assert element_text(response, "replied-on") == "2025年10月9日"
    assert element_text(response, "reply-department") == people.nyj.name
    assert "冬修计划" in block_text(response, "reply-text")


def test_an_unpublished_or_unknown_letter_is_not_found(client, people):
    letter = written(people.head)
    assert client.get(f"/hudong/letters/{letter.number}/").status_code == 404
    assert client.get("/hudong/letters/XF2099000001/").status_code == 404
    shown = published(people)
    actions.unpublish_letter(actor=people.triage, letter=shown, reason="来信人要求撤回。")
    assert client.get(f"/hudong/letters/{shown.number}/").status_code == 404


def test_the_list_filters_by_mailbox_and_kind_and_pages(client, people):
    at_head = published(people, subject="县长信箱的咨询")
    at_nyj = published(people, people.nyj_box, kind=Kind.SUGGEST, subject="农业局信箱的建议")
    hidden = written(people.head, subject="未公开的来信")
    listing = page(client.get(PUBLISHED))
    assert at_head.subject_public in listing and at_nyj.subject_public in listing
    assert hidden.subject not in listing
    by_box = page(client.get(PUBLISHED, {"mailbox": people.nyj_box.code}))
    assert at_nyj.subject_public in by_box and at_head.subject_public not in by_box
    by_kind = page(client.get(PUBLISHED, {"kind": Kind.CONSULT.value}))
    assert at_head.subject_public in by_kind and at_nyj.subject_public not in by_kind


def test_a_bad_filter_is_said_next_to_it_and_the_list_shows_everything(client, people):
    letter = published(people)
    response = client.get(PUBLISHED, {"mailbox": "no-such-box", "kind": "poem"})
    assert response.status_code == 200
    assert "请从列表中选择信箱。" in field_errors(response, "mailbox")
    assert "请从列表中选择类型。" in field_errors(response, "kind")
    assert letter.subject_public in page(response)


def test_the_list_reads_a_fixed_number_of_queries_whatever_the_letters(client, people):
    published(people)
    client.get(INDEX)  # the other modules' page versions, read once and kept for a minute
    with CaptureQueriesContext(connection) as one:
        assert client.get(PUBLISHED).status_code == 200
    for _i in range(3):
        published(people, people.nyj_box)
    with CaptureQueriesContext(connection) as four:
        response = client.get(PUBLISHED)
    assert page(response).count('class="item-title"') == 4
    assert len(four) == len(one), [q["sql"] for q in four.captured_queries]


def test_the_published_pages_answer_get_only(client, people):
    letter = fresh(published(people))
    assert client.post(PUBLISHED).status_code == 405
    assert client.post(f"/hudong/letters/{letter.number}/").status_code == 405
