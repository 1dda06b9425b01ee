"""政民互动 in the workbench, in Chromium: a letter to 县农业农村局's mailbox (one review
level) is assigned by the department's triage to itself, its handler drafts and submits the
reply, its reviewer approves it, and the letter shows as replied. The queue and the letter's
page pass axe on the way, a refused form too."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from gongkai.core.models import Department
from gongkai.letters.models import Letter
from gongkai.letters.rules import Status
from tests.browser.helpers import assert_accessible, path_is, submit_password
from tests.letters_data import REPLY, Letters, written
from tests.services_cases import PASSWORD

pytestmark = pytest.mark.browser


class Departments:
    """What tests/conftest.py's `county` gives, for the live server's database."""

    def __init__(self):
        self.dept = {d.short_code: d for d in Department.objects.all()}


def sign_in(page: Page, user) -> None:
    """Password only: the demo mode's sign-in (the second factor has its own tests)."""
    page.context.clear_cookies()
    submit_password(page, user.username, PASSWORD)
    expect(page).to_have_url(path_is("/workbench/"))


def open_from_queue(page: Page, tab: str, number: str) -> None:
    page.get_by_role("navigation", name="工作台导航").get_by_role("link", name="政民互动").click()
    page.get_by_role("link", name=re.compile(rf"^{tab}（")).click()
    page.get_by_role("link", name=number).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(number)


def test_a_letter_is_assigned_drafted_approved_and_replied(axe_page, demo_mode):
    page = axe_page
    people = Letters(Departments())
    letter = written(people.nyj_box)
    department = people.nyj.name

    # Triage: the inbox lists the letter; the queue and the page pass axe.
    sign_in(page, people.nyj_triage)
    expect(page.get_by_role("link", name=re.compile(f"待分办 {letter.number}"))).to_be_visible()
    page.get_by_role("navigation", name="工作台导航").get_by_role("link", name="政民互动").click()
    expect(page.get_by_role("link", name=re.compile("^待分办（1）"))).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name=letter.number).click()
    expect(page.locator("#writer-phone")).to_have_text("138****5678")
    assert_accessible(page)
    # No lead chosen: the error is next to the field, the page still passes axe.
    page.get_by_label("分办意见").fill("请农业农村局办理")
    page.get_by_role("button", name="受理并分办").click()
    expect(page.locator("#id_accept_department_error")).to_contain_text("请选择主办部门")
    expect(page.get_by_label("分办意见")).to_have_value("请农业农村局办理")
    assert_accessible(page)
    page.get_by_label("主办部门").select_option(label=department)
    page.get_by_role("button", name="受理并分办").click()
    expect(page.locator("#letter-status")).to_have_text("办理中")

    # The department's handler drafts the reply and submits it.
    sign_in(page, people.handler)
    open_from_queue(page, "本部门办理", letter.number)
    page.get_by_label("答复内容").fill(REPLY)
    page.get_by_role("button", name="保存草稿").click()
    expect(page.get_by_role("status")).to_contain_text("答复草稿已保存")
    page.get_by_role("button", name="提交审核").click()
    expect(page.locator("#letter-status")).to_have_text("审核中")

    # The reviewer sees the draft, approves it, and the reply is sent.
    sign_in(page, people.reviewer)
    open_from_queue(page, "待审核", letter.number)
    expect(page.locator("#draft-under-review")).to_have_text(REPLY)
    assert_accessible(page)
    page.get_by_label("审核通过").check()
    page.get_by_role("button", name="提交审核结论").click()
    expect(page.locator("#letter-status")).to_have_text("已答复")
    expect(page.locator("#letter-reply")).to_have_text(REPLY)
    assert_accessible(page)

    letter = Letter.objects.get(pk=letter.pk)
    assert letter.status == Status.REPLIED and letter.reply_department_id == people.nyj.pk
