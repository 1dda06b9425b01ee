"""政民互动 end to end, in Chromium (issue 23's test): a citizen writes to the 县长信箱 agreeing
to publication; the government office assigns it to 县农业农村局; the department drafts, its
reviewer and the office's approve (the 县长信箱 reviews twice); the citizen sees the reply
and rates it; the office publishes it, the writer's phone masked; the month's statistics count
it. And a 纠错 report is due in 3 working days."""

from __future__ import annotations

import re

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from gongkai.core.calendar import add_working_days
from gongkai.letters import actions
from gongkai.letters.models import Letter
from gongkai.letters.rules import Kind, Satisfaction, Status
from tests.browser.helpers import assert_accessible
from tests.browser.test_letters_staff import Departments, sign_in
from tests.letters_data import Letters, letter_data

pytestmark = pytest.mark.browser

PHONE = "13912345678"
BODY = f"和平村三组到村委会的路段晚上没有路灯，老人出行不便，建议增设。联系电话{PHONE}。"
REPLY = "经现场核实，已将和平村三组路段列入今年路灯增设计划，12月底前安装完成。"


def cells(page: Page, table_id: str, label: str) -> list[str]:
    row = page.locator(f"#{table_id} tr", has=page.locator("th", has_text=label))
    return [cell.strip() for cell in row.locator("td").all_inner_texts()]


def test_a_letter_to_the_county_head_is_answered_rated_published_and_counted(axe_page, demo_mode):
    page = axe_page
    people = Letters(Departments())

    # The citizen writes to the 县长信箱 from the 政民互动 page, agreeing to publication.
    page.goto("/")
    page.get_by_role("link", name="政民互动").first.click()
    page.get_by_role("link", name=re.compile(r"^写信\s*给县长信箱$")).click()
    page.get_by_label("建议").check()
    page.get_by_label("标题").fill("建议和平村三组增设路灯")
    page.get_by_label("内容", exact=True).fill(BODY)
    page.get_by_role("textbox", name="姓名").fill("李秀英")
    page.get_by_role("textbox", name="联系电话").fill(PHONE)
    page.get_by_label("同意在网站公开", exact=False).check()
    page.get_by_role("button", name="提交来信").click()
    number = page.locator("#letter-number").inner_text()
    code = page.locator("#query-code").inner_text()
    assert Letter.objects.get(number=number).mailbox == people.head

    # The office accepts it and assigns it to 县农业农村局.
    sign_in(page, people.triage)
    page.goto(Letter.objects.get(number=number).get_absolute_url())
    page.get_by_label("主办部门").select_option(label=people.nyj.name)
    page.get_by_role("button", name="受理并分办").click()
    expect(page.locator("#letter-status")).to_have_text("办理中")

    # The department drafts; its reviewer, then the office's, approve: the reply is sent.
    sign_in(page, people.handler)
    page.goto(Letter.objects.get(number=number).get_absolute_url())
    page.get_by_label("答复内容").fill(REPLY)
    page.get_by_role("button", name="保存草稿").click()
    page.get_by_role("button", name="提交审核").click()
    expect(page.locator("#letter-status")).to_have_text("审核中")
    for reviewer in (people.reviewer, people.office_reviewer):
        sign_in(page, reviewer)
        page.goto(Letter.objects.get(number=number).get_absolute_url())
        page.get_by_label("审核通过").check()
        page.get_by_role("button", name="提交审核结论").click()
    expect(page.locator("#letter-status")).to_have_text("已答复")

    # The citizen follows it with the number and code, reads the reply and rates it.
    page.context.clear_cookies()
    page.goto("/hudong/track/")
    page.get_by_label("信件编号").fill(number)
    page.get_by_label("查询码").fill(code)
    page.get_by_role("button", name=re.compile("查询")).click()
    expect(page.locator("#reply-text")).to_contain_text("路灯增设计划")
    page.get_by_label("满意", exact=True).check()
    page.get_by_role("button", name="提交评价").click()
    expect(page.locator("#my-rating")).to_contain_text("满意")
    assert Letter.objects.get(number=number).satisfaction == Satisfaction.SATISFIED

    # The office publishes it: the texts come masked, the phone never in full.
    sign_in(page, people.triage)
    page.goto(Letter.objects.get(number=number).get_absolute_url())
    expect(page.get_by_label("公开的来信内容")).to_contain_text("139****5678")
    page.get_by_role("button", name="公开", exact=True).click()
    page.context.clear_cookies()
    page.goto("/hudong/letters/")
    page.get_by_role("link", name=re.compile("增设路灯")).click()
    body = page.locator("main").inner_text()
    assert "139****5678" in body and PHONE not in body and "李秀英" not in body
    for label in ("受理日期", "答复日期", "答复部门"):
        assert label in body
    assert people.nyj.name in body and "路灯增设计划" in body
    assert_accessible(page)

    # The month's statistics count it, received and answered, for 县农业农村局.
    page.goto("/hudong/stats/")
    received, answered = cells(page, "stats-departments", people.nyj.name)[:2]
    assert (received, answered) == ("1", "1")
    letter = Letter.objects.get(number=number)
    assert letter.status == Status.REPLIED and letter.published_at is not None


def test_an_error_report_is_due_in_three_working_days(axe_page, demo_mode):
    page = axe_page
    people = Letters(Departments())
    letter, _code = actions.write_letter(
        mailbox=people.head,
        data=letter_data(
            kind=Kind.CORRECTION,
            subject="政策文件页面附件打不开",
            page_url="https://www.example.gov.cn/zwgk/1.html",
        ),
    )
    actions.accept_letter(actor=people.triage, letter=letter, department=people.office)
    due = add_working_days(timezone.localdate(), 3).day
    sign_in(page, people.triage)
    page.goto(letter.get_absolute_url())
    expect(page.locator("main")).to_contain_text(f"{due.year}年{due.month}月{due.day}日")
    expect(page.locator("main")).to_contain_text("还剩 3 个工作日")
    assert_accessible(page)
