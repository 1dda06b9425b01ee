"""政民互动 for the public, in Chromium: a citizen writes to the 县长信箱 with the keyboard alone,
sees the number and the query code, follows the letter with them and rates the reply; every
public page of the letters passes axe, at desktop and at phone width."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from gongkai.core.models import Department
from gongkai.letters import actions
from gongkai.letters.models import Letter
from gongkai.letters.rules import Satisfaction, Status
from gongkai.letters.views.public_letters import letter_token
from tests.browser.helpers import assert_accessible, body_font_size, switch_to_elderly_mode
from tests.browser.test_accessibility import SMALLEST_TEXT
from tests.browser.test_phone_width import overflow
from tests.letters_data import REPLY, Letters, published

pytestmark = pytest.mark.browser

PHONE = 390
SUBJECT = "建议在和平村三组增设路灯"


class Departments:
    """What tests/conftest.py's `county` gives, for the live server's database."""

    def __init__(self):
        self.dept = {d.short_code: d for d in Department.objects.all()}


def focused(page: Page) -> dict:
    return page.evaluate(
        "() => ({id: document.activeElement.id, text: document.activeElement.textContent.trim()})"
    )


def tab_until(page: Page, *, element_id: str = "", text: str = "", limit: int = 40) -> None:
    """Press Tab until the element with this id (or whose text is `text`) has the focus."""
    for _i in range(limit):
        page.keyboard.press("Tab")
        now = focused(page)
        if (element_id and now["id"] == element_id) or (text and now["text"] == text):
            return
    raise AssertionError(f"never reached {element_id or text} in {limit} Tab presses")


def test_a_citizen_writes_with_the_keyboard_tracks_the_letter_and_rates_the_reply(page, site):
    people = Letters(Departments())
    page.goto("/hudong/")
    tab_until(page, text="写信给县长信箱")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("给县长信箱写信")

    # The kind: the radio group takes one Tab stop; an arrow key chooses 建议.
    tab_until(page, element_id="id_kind_0")
    page.keyboard.press("ArrowRight")
    expect(page.get_by_label("建议")).to_be_checked()
    page.keyboard.press("Tab")
    page.keyboard.type(SUBJECT)
    page.keyboard.press("Tab")
    page.keyboard.type("和平村三组到村委会的路段晚上没有路灯，建议增设。")
    tab_until(page, element_id="id_writer_name")
    page.keyboard.type("张三丰")
    page.keyboard.press("Tab")
    page.keyboard.type("13812345678")
    page.keyboard.press("Tab")
    page.keyboard.press("Space")
    expect(page.get_by_label("同意在网站公开", exact=False)).to_be_checked()
    tab_until(page, text="提交来信")
    page.keyboard.press("Enter")

    expect(page.get_by_role("heading", level=1)).to_have_text("来信已提交")
    number = page.locator("#letter-number").inner_text()
    code = page.locator("#query-code").inner_text()
    letter = Letter.objects.get(number=number)
    assert (letter.subject, letter.agree_publish) == (SUBJECT, True)
    assert actions.find_letter(number, code) == letter

    # The office assigns it to 县农业农村局, which replies after both review levels.
    actions.accept_letter(actor=people.triage, letter=letter, department=people.nyj)
    draft = actions.save_draft(actor=people.handler, letter=letter, text=REPLY)
    actions.submit_draft(actor=people.handler, draft=draft)
    actions.review_draft(actor=people.reviewer, draft=draft, approve=True)
    actions.review_draft(actor=people.office_reviewer, draft=draft, approve=True)

    page.goto("/hudong/track/")
    tab_until(page, element_id="id_number")
    page.keyboard.type(number)
    page.keyboard.press("Tab")
    page.keyboard.type(code.lower())
    page.keyboard.press("Enter")
    expect(page.locator("#letter-status")).to_have_text("已答复")
    expect(page.locator("#reply-text")).to_contain_text("冬修计划")
    expect(page.locator("#phone")).to_have_text("138****5678")
    tab_until(page, element_id="id_satisfaction_0")
    page.keyboard.press("Space")
    tab_until(page, text="提交评价")
    page.keyboard.press("Enter")
    expect(page.locator("#my-rating")).to_contain_text("您的评价：满意")
    letter.refresh_from_db()
    assert (letter.status, letter.satisfaction) == (Status.REPLIED, Satisfaction.SATISFIED)


@pytest.fixture
def letters_pages(site):
    """The public pages of the letters, with a published letter and a letter to track."""
    people = Letters(Departments())
    letter = published(people)
    return {"people": people, "letter": letter}


def public_paths(letter: Letter, mailbox_code: str) -> list[str]:
    return [
        "/hudong/",
        f"/hudong/write/{mailbox_code}/",
        "/hudong/track/",
        "/hudong/letters/",
        f"/hudong/letters/{letter.number}/",
        "/hudong/stats/",
    ]


def check(page: Page, paths: list[str], width: int) -> list[str]:
    problems = []
    for path in paths:
        response = page.goto(path)
        assert response is not None and response.status == 200, path
        assert_accessible(page)
        if reason := overflow(page, width):
            problems.append(reason)
    return problems


def refused_form_and_status_page(page: Page, letter: Letter) -> None:
    """The write form refused (errors next to the fields), a letter's own page and its rating
    form refused, with axe."""
    page.goto(f"/hudong/write/{letter.mailbox.code}/")
    page.get_by_role("button", name="提交来信").click()
    expect(page.locator(".form-errors")).to_be_visible()
    assert_accessible(page)
    page.goto(f"/hudong/track/?t={letter_token(letter)}")
    expect(page.locator("#letter-status")).to_have_text("已答复")
    assert_accessible(page)  # with the rating form
    page.get_by_role("button", name="提交评价").click()
    expect(page.locator(".form-errors")).to_be_visible()
    assert_accessible(page)


@pytest.mark.parametrize("width", [1280, PHONE], ids=["desktop", "phone"])
def test_every_public_letters_page_passes_axe(new_page, letters_pages, width):
    letter = letters_pages["letter"]
    page = new_page(bypass_csp=True)
    page.set_viewport_size({"width": width, "height": 800})
    problems = check(page, public_paths(letter, letter.mailbox.code), width)
    refused_form_and_status_page(page, letter)
    assert not problems, "\n".join(problems)


def test_the_public_letters_pages_fit_a_phone_in_elderly_mode(new_page, letters_pages):
    """…and at desktop width no text is left smaller than the enlarged body text (the phone
    layout shrinks the site's title, which is the layout's business, not these pages')."""
    letter = letters_pages["letter"]
    page = new_page(bypass_csp=True)
    page.set_viewport_size({"width": PHONE, "height": 800})
    page.goto("/hudong/")
    switch_to_elderly_mode(page)
    problems = check(page, public_paths(letter, letter.mailbox.code), PHONE)
    page.set_viewport_size({"width": 1280, "height": 800})
    page.goto(f"/hudong/track/?t={letter_token(letter)}")
    for path in [*public_paths(letter, letter.mailbox.code), page.url]:
        page.goto(path)
        body = body_font_size(page)
        if small := [t for t in page.evaluate(SMALLEST_TEXT) if t[0] < body - 0.5]:
            problems.append(f"{path}: smaller than the body's {body}px: {small}")
    assert not problems, "\n".join(problems)


def test_without_javascript_the_statistics_period_is_chosen_and_a_letter_written(
    new_page, letters_pages
):
    page = new_page(javascript=False)
    page.goto("/hudong/stats/")
    year = str(letters_pages["letter"].received_at.year)
    page.get_by_label("年份").select_option(year)
    page.get_by_label("月份").select_option(str(letters_pages["letter"].received_at.month))
    page.get_by_role("button", name="查看").click()
    expect(page.locator("#stats-mailboxes")).to_contain_text("县长信箱")
    page.goto("/hudong/")
    page.get_by_role("link", name=re.compile(r"^写信\s*给县农业农村局信箱$")).click()
    page.get_by_label("纠错").check()
    page.get_by_label("标题", exact=True).fill("网站办事指南链接失效")
    page.get_by_label("内容", exact=True).fill("办事指南页面的表格下载链接打不开。")
    page.get_by_label("出错页面地址").fill("https://www.example.gov.cn/zwfw/items/1/")
    page.get_by_label("姓名", exact=True).fill("李四")
    page.get_by_label("联系电话").fill("13900001111")
    page.get_by_role("button", name="提交来信").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("来信已提交")
    number = page.locator("#letter-number").inner_text()
    assert Letter.objects.get(number=number).page_url == "https://www.example.gov.cn/zwfw/items/1/"
