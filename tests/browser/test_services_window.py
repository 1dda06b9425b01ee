"""政务服务 at the window, in Chromium: a person walks in and asks a clerk of another
department (首问), who records the question and hands it over to the window responsible for
the item; that clerk registers the case from the inquiry, hands over the number and query
code, and accepts and reviews it; the approver decides 出证 from the queue. Each step shows
on the case page with who took it; the window's pages pass axe on the way."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from gongkai.core.models import Department
from gongkai.services.models import Case, Inquiry
from tests.browser.helpers import assert_accessible, path_is, submit_password
from tests.services_cases import PASSWORD, Window, published_item

pytestmark = pytest.mark.browser
FORM = "动物防疫条件审查申请表"
PLAN = "场所地理位置图、各功能区布局平面图"


class Departments:
    """What tests/conftest.py's `county` gives, for the live server's database."""

    def __init__(self):
        self.dept = {d.short_code: d for d in Department.objects.all()}


def sign_in(page: Page, user) -> None:
    """Password only: the demo mode's sign-in (the second factor has its own tests)."""
    page.context.clear_cookies()
    submit_password(page, user.username, PASSWORD)
    expect(page).to_have_url(path_is("/workbench/"))


def test_a_walk_in_is_handed_over_registered_accepted_and_decided(axe_page, demo_mode):
    page = axe_page
    window = Window(Departments())
    item = published_item(window.department)

    # 首问: the clerk first asked records the question and hands it to the item's window.
    sign_in(page, window.stranger)
    page.get_by_role("link", name="政务服务").first.click()
    page.get_by_role("link", name="首问登记").click()
    page.get_by_label("来访方式").select_option(label="现场来访")
    page.get_by_label("来访人姓名").fill("赵六")
    page.get_by_label("咨询事项").fill("想办动物防疫条件合格证，材料带齐了。")
    page.get_by_label("涉及事项").select_option(label=item.current.name)
    page.get_by_role("button", name="登记", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("首问登记：赵六")
    # The hand-over offers the item's window (not the clerk who holds the question).
    expect(page.get_by_label("移交给")).to_contain_text(window.clerk2.display_name)
    expect(page.get_by_label("移交给")).not_to_contain_text(window.stranger.display_name)
    page.get_by_label("移交给").select_option(label=window.clerk.display_name)
    page.get_by_label("移交说明").fill("农业窗口办理")
    assert_accessible(page)
    page.get_by_role("button", name="移交", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("首问登记")
    inquiry = Inquiry.objects.get()
    assert inquiry.owner_id == window.clerk.pk and inquiry.first_contact_id == window.stranger.pk

    # The responsible clerk finds it in the inbox and registers the case from it.
    sign_in(page, window.clerk)
    page.get_by_role("link", name=re.compile("首问待办：赵")).click()
    expect(page.get_by_role("heading", level=2, name="移交记录")).to_be_visible()
    expect(page.locator("ol")).to_contain_text(
        f"{window.stranger.display_name} 移交给 {window.clerk.display_name}"
    )
    assert_accessible(page)
    page.get_by_role("link", name="登记为办件").last.click()
    # The inquiry's item is chosen already: its checklist is on the page.
    expect(page.get_by_label("办理事项")).to_have_value(str(item.pk))
    expect(page.get_by_label("申请人姓名或名称")).to_have_value("赵六")
    page.get_by_label("申请人类型").select_option(label="自然人")
    page.get_by_label("证件类型").select_option(label="居民身份证")
    page.get_by_label("证件号码").fill("11010519491231002X")
    page.get_by_label("联系电话").fill("1390013900")  # one digit short
    page.get_by_label("送达方式").select_option(label="窗口领取")
    page.get_by_label(f"收到纸质材料：{FORM}").check()
    page.get_by_label(f"收到纸质材料：{PLAN}").check()
    page.get_by_role("button", name="登记办件").click()
    # Refused next to the field; what was typed is kept.
    expect(page.locator("#id_phone_error")).to_be_visible()
    expect(page.get_by_label("证件号码")).to_have_value("11010519491231002X")
    assert_accessible(page)
    page.get_by_label("联系电话").fill("13900139000")
    page.get_by_role("button", name="登记办件").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("已登记办件")
    case = Case.objects.get()
    assert case.inquiry_id == inquiry.pk
    expect(page.locator("dd.query-code").nth(1)).to_have_text(re.compile(r"[0-9A-Z-]{19}"))
    assert_accessible(page)

    page.get_by_role("link", name="打开办件").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(case.number)
    assert_accessible(page)
    page.get_by_label("受理意见").fill("材料齐全，当场受理。")
    page.get_by_role("button", name="受理并生成受理通知书").click()
    expect(page.get_by_role("alert").or_(page.locator(".messages"))).to_contain_text("已受理")
    page.get_by_label("审查意见（一审）").fill("经审查，符合动物防疫条件。")
    page.get_by_role("button", name="提交审查意见").click()
    expect(page.locator("main")).to_contain_text("办件转审批负责人决定")

    # The approver decides from the queue's 待我决定.
    sign_in(page, window.approver)
    page.goto("/workbench/services/")
    assert_accessible(page)
    page.get_by_role("link", name=re.compile("待我决定")).click()
    page.get_by_role("link", name=case.number).click()
    page.get_by_label("准予许可（出证）").check()
    page.get_by_label("审批意见（一核）").fill("同意发证。")
    page.get_by_role("button", name="作出决定").click()
    expect(page.locator("main")).to_contain_text("已作出审批决定")

    steps = page.get_by_role("region", name="办理环节")
    for action, who, opinion in [
        ("窗口登记", window.clerk.display_name, ""),
        ("受理", window.clerk.display_name, "材料齐全，当场受理。"),
        ("审查（一审）", window.clerk.display_name, "经审查，符合动物防疫条件。"),
        ("决定（一核）", window.approver.display_name, "同意发证。"),
    ]:
        row = steps.get_by_role("row").filter(has=page.get_by_role("rowheader", name=action))
        expect(row).to_contain_text(who)
        if opinion:
            expect(row).to_contain_text(opinion)
    expect(page.locator("main")).to_contain_text("出证办结")
    assert_accessible(page)
