"""依申请公开 as a citizen and an officer do it, in Chromium: apply, get the number and the
query code, follow the request; the officer replies; the citizen sees and downloads the
reply notice. Also: the pages pass axe-core, and the whole path works without JavaScript."""

from __future__ import annotations

import io
import re

import pytest
from playwright.sync_api import Page, expect
from pypdf import PdfReader

from tests.browser.helpers import assert_accessible, log_in, switch_to_elderly_mode

pytestmark = pytest.mark.browser
TITLE = "2025年城区道路改造工程招标文件"


def apply(page: Page) -> tuple[str, str]:
    """Fill in the public application form as a citizen; returns (number, query code)."""
    page.goto("/")
    page.get_by_role("link", name="依申请公开").first.click()
    page.get_by_role("link", name="在线提交申请").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("提交政府信息公开申请")
    page.get_by_label("自然人").check()
    page.get_by_label("申请人姓名或名称").fill("王小明")
    page.get_by_label("证件类型").select_option(label="居民身份证")
    page.get_by_label("证件号码").fill("11010519491231002")  # one digit short
    page.get_by_label("联系电话").fill("13800138000")
    page.get_by_label("所需政府信息的名称").fill(TITLE)
    page.get_by_label("所需政府信息的内容描述").fill("县住房和城乡建设局道路改造工程的招标文件。")
    page.get_by_label("电子文档").check()
    page.get_by_label("网上获取").check()
    page.get_by_role("button", name="提交申请").click()
    # Refused next to the field, with the reason; what was typed is kept.
    expect(page.locator("#id_id_number_error")).to_contain_text("18 位")
    expect(page.get_by_label("所需政府信息的名称")).to_have_value(TITLE)
    page.get_by_label("证件号码").fill("11010519491231002X")
    page.get_by_role("button", name="提交申请").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("申请已提交")
    number = page.locator("#request-number").inner_text().strip()
    code = page.locator("#query-code").inner_text().strip()
    assert re.fullmatch(r"\d{4}-\d{5}", number)
    assert re.fullmatch(r"[0-9A-Z]{4}(-[0-9A-Z]{4}){3}", code)
    return number, code


def track(page: Page, number: str, code: str) -> None:
    page.goto("/ysqgk/track/")
    page.get_by_label("申请编号").fill(number)
    page.get_by_label("查询码").fill(code)
    page.get_by_role("button", name="查询").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(number)


def review_secrecy(new_page, number: str) -> None:
    """The head of the disclosure office agrees to the draft (保密审查, 条例 Art. 17)."""
    head = new_page(bypass_csp=True)  # axe-core is injected as a script
    log_in(head, "disclosure_head")
    head.goto("/workbench/disclosure/")
    head.get_by_role("link", name=re.compile(re.escape(number))).first.click()
    assert_accessible(head)
    head.get_by_label("同意公开", exact=True).check()
    head.get_by_label("保密审查意见").fill("经审查，不涉及国家秘密、商业秘密、个人隐私，同意公开。")
    head.get_by_role("button", name="提交保密审查意见").click()
    expect(head.get_by_text("已记录保密审查意见。")).to_be_visible()


def test_a_citizen_applies_follows_and_receives_the_reply_notice(new_page):
    citizen = new_page(bypass_csp=True)
    number, code = apply(citizen)
    assert_accessible(citizen)

    # A wrong code shows nothing of the request.
    citizen.goto("/ysqgk/track/")
    citizen.get_by_label("申请编号").fill(number)
    citizen.get_by_label("查询码").fill("AAAA-BBBB-CCCC-DDDD")
    citizen.get_by_role("button", name="查询").click()
    expect(citizen.get_by_text(TITLE)).to_have_count(0)

    track(citizen, number, code)
    expect(citizen.locator("#request-status")).to_have_text("办理中")
    expect(citizen.locator("#applicant")).not_to_have_text("王小明")  # masked
    expect(citizen.locator("#due-date")).to_contain_text("年")
    assert_accessible(citizen)
    switch_to_elderly_mode(citizen)
    assert_accessible(citizen)

    # The officer finds the request in the workbench and replies.
    officer = new_page()
    log_in(officer, "disclosure")
    officer.goto("/workbench/disclosure/")
    officer.get_by_role("link", name=re.compile(re.escape(number))).first.click()
    expect(officer.get_by_role("heading", level=1)).to_contain_text(number)
    officer.get_by_label("办理结果", exact=True).select_option(label="（一）予以公开")
    officer.get_by_label("答复内容").fill("经查，您申请的招标文件予以公开，随本告知书提供。")
    officer.get_by_role("button", name="保存答复草稿").click()
    expect(officer.get_by_text("待保密审查").first).to_be_visible()
    review_secrecy(new_page, number)
    officer.reload()
    officer.get_by_role("button", name="发送答复并生成告知书").click()
    expect(officer.get_by_text("已答复").first).to_be_visible()

    # The citizen sees the answer and downloads the notice.
    track(citizen, number, code)
    expect(citizen.locator("#request-status")).to_have_text("已答复")
    notice = citizen.get_by_role("link", name=re.compile("答复告知书"))
    expect(notice).to_be_visible()
    with citizen.expect_download() as download_info:
        notice.click()
    pdf = download_info.value.path().read_bytes()
    text = "".join("".join(p.extract_text().split()) for p in PdfReader(io.BytesIO(pdf)).pages)
    assert "政府信息公开申请答复告知书" in text
    assert number.split("-")[1] in text
    assert "予以公开" in text
    assert "行政复议" in text


def test_applying_and_tracking_work_without_javascript(new_page):
    page = new_page(javascript=False)
    number, code = apply(page)
    track(page, number, code)
    expect(page.locator("#request-status")).to_have_text("办理中")


def test_the_public_disclosure_pages_pass_axe_also_with_errors_and_in_elderly_mode(axe_page):
    for path in ["/ysqgk/", "/ysqgk/apply/", "/ysqgk/track/"]:
        axe_page.goto(path)
        assert_accessible(axe_page)
    axe_page.goto("/ysqgk/apply/")
    axe_page.get_by_role("button", name="提交申请").click()
    expect(axe_page.locator(".errorlist").first).to_be_visible()
    assert_accessible(axe_page)
    switch_to_elderly_mode(axe_page)
    assert_accessible(axe_page)
    axe_page.goto("/ysqgk/track/")
    axe_page.get_by_role("button", name="查询").click()
    expect(axe_page.locator(".errorlist").first).to_be_visible()
    assert_accessible(axe_page)
