"""政务服务 as a citizen does it, in Chromium: apply online for 动物防疫条件合格证 with a required
material missing, get the number and the query code; the window sends the one-time notice; the
citizen supplies the material from the progress page; the case is accepted, reviewed and
granted; the citizen sees each step with its date and downloads the result. The window's side
is driven through the actions here (its own pages have their own browser test)."""

from __future__ import annotations

import io
import re

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect
from pypdf import PdfReader

from gongkai.core.models import Department
from gongkai.services import actions
from gongkai.services.models import Case
from tests.browser.helpers import assert_accessible, switch_to_elderly_mode
from tests.documents import make_pdf
from tests.services_cases import Window, published_item

pytestmark = pytest.mark.browser
FORM = "动物防疫条件审查申请表"
PLAN = "场所地理位置图、各功能区布局平面图"


class Departments:
    """What tests/conftest.py's `county` gives, for the live server's database."""

    def __init__(self):
        self.dept = {d.short_code: d for d in Department.objects.all()}


def shown(day) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def apply(page: Page, item, tmp_path, *, axe: bool = True) -> tuple[str, str]:
    """Fill in the online application, leaving the site plan out; (number, query code)."""
    application = tmp_path / "申请表.pdf"
    application.write_bytes(make_pdf("application form"))
    page.goto(f"/zwfw/items/{item.code}/apply/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("动物防疫条件合格证核发")
    page.get_by_label("法人", exact=True).check()
    page.get_by_label("申请人姓名或单位名称").fill("黔南某某养殖专业合作社")
    page.get_by_label("法定代表人").fill("王大山")
    page.get_by_label("证件类型").select_option(label="统一社会信用代码")
    page.get_by_label("证件号码").fill("91520000MA6DXY123H")
    page.get_by_label("联系电话").fill("1380013800")  # one digit short
    page.get_by_label(f"上传：{FORM}", exact=True).set_input_files(str(application))
    page.get_by_role("button", name="提交申请").click()
    # Refused next to the field; what was typed is kept, the file is chosen again.
    expect(page.locator("#id_phone_error")).to_contain_text("联系电话格式不正确")
    expect(page.get_by_label("申请人姓名或单位名称")).to_have_value("黔南某某养殖专业合作社")
    if axe:
        assert_accessible(page)
    page.get_by_label("联系电话").fill("13800138000")
    page.get_by_label(f"上传：{FORM}", exact=True).set_input_files(str(application))
    page.get_by_role("button", name="提交申请").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("申请已提交")
    expect(page.locator("#missing-materials")).to_contain_text(PLAN)
    if axe:
        assert_accessible(page)
    number = page.locator("#case-number").inner_text().strip()
    code = page.locator("#query-code").inner_text().strip()
    assert re.fullmatch(r"ZW\d{10}", number)
    return number, code


def track(page: Page, number: str, code: str) -> None:
    page.goto("/zwfw/track/")
    page.get_by_label("办件编号").fill(number)
    page.get_by_label("查询码").fill(code)
    page.get_by_role("button", name="查询").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(number)


def test_a_citizen_applies_supplies_and_downloads_the_certificate(new_page, tmp_path):
    county = Departments()
    item = published_item(county.dept["NYJ"], name="动物防疫条件合格证核发")
    window = Window(county)
    citizen = new_page(bypass_csp=True)  # axe-core is injected as a script
    number, code = apply(citizen, item, tmp_path)

    # A wrong code shows nothing of the case.
    track(citizen, number, code)
    expect(citizen.locator("#case-status")).to_have_text("待受理")
    expect(citizen.locator("#applicant")).not_to_have_text("黔南某某养殖专业合作社")
    citizen.goto("/zwfw/track/")
    citizen.get_by_label("办件编号").fill(number)
    citizen.get_by_label("查询码").fill("AAAA-BBBB-CCCC-DDDD")
    citizen.get_by_role("button", name="查询").click()
    expect(citizen.get_by_text("办件编号或查询码不正确")).to_be_visible()

    # The window tells, in one notice, what is missing.
    case = Case.objects.get(number=number)
    actions.send_one_time_notice(actor=window.clerk, case=case, problems={}, note="请补齐后上传。")

    track(citizen, number, code)
    expect(citizen.locator("#case-status")).to_have_text("待补正")
    expect(citizen.get_by_text("等待申请人补正材料")).to_be_visible()
    assert_accessible(citizen)
    plan = tmp_path / "平面图.pdf"
    plan.write_bytes(make_pdf("site plan"))
    citizen.get_by_label(f"上传：{PLAN}", exact=True).set_input_files(str(plan))
    citizen.get_by_role("button", name="提交补正材料").click()
    expect(citizen.get_by_text("已收到补正材料，窗口将重新审查。")).to_be_visible()
    expect(citizen.locator("#case-status")).to_have_text("待受理")

    # Accepted, reviewed (一审) and granted (一核).
    case = Case.objects.get(number=number)
    case = actions.accept_case(actor=window.clerk, case=case, opinion="材料齐全，予以受理。")
    case = actions.review_case(actor=window.clerk, case=case, opinion="经现场核查，符合条件。")
    case = actions.decide_case(actor=window.approver, case=case, grant=True, opinion="同意发证。")

    citizen.reload()
    expect(citizen.locator("#case-status")).to_have_text("已办结")
    expect(citizen.locator("#case-result")).to_have_text("出证办结")
    expect(citizen.locator("#certificate")).to_have_text(case.certificate_number)
    today = shown(timezone.localdate())
    steps = citizen.locator("#steps li")
    for action in (
        "申请",
        "一次性告知",
        "补齐材料",
        "受理",
        "审查（一审）",
        "决定（一核）",
        "办结",
    ):
        expect(steps.filter(has_text=action).first).to_contain_text(today)
    expect(citizen.get_by_text("经现场核查，符合条件。")).to_be_visible()
    assert_accessible(citizen)
    switch_to_elderly_mode(citizen)
    expect(citizen.locator("#case-status")).to_have_text("已办结")  # the proof is kept
    assert_accessible(citizen)

    result = citizen.get_by_role("link", name="审批结果")
    with citizen.expect_download() as download_info:
        result.click()
    pdf = download_info.value.path().read_bytes()
    text = "".join("".join(p.extract_text().split()) for p in PdfReader(io.BytesIO(pdf)).pages)
    assert case.certificate_number in text


def test_applying_and_tracking_work_without_javascript(new_page, tmp_path):
    item = published_item(Departments().dept["NYJ"])
    page = new_page(javascript=False)
    number, code = apply(page, item, tmp_path, axe=False)
    track(page, number, code)
    expect(page.locator("#case-status")).to_have_text("待受理")


def test_the_track_page_passes_axe_with_errors_and_in_elderly_mode(axe_page):
    axe_page.goto("/zwfw/track/")
    assert_accessible(axe_page)
    axe_page.get_by_role("button", name="查询").click()
    expect(axe_page.locator(".errorlist").first).to_be_visible()
    assert_accessible(axe_page)
    switch_to_elderly_mode(axe_page)
    assert_accessible(axe_page)
