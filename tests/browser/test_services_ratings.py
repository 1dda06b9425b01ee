"""好差评 end to end, in Chromium (issue 22, "Done when"): a citizen rates a finished case
不满意 with a reason on the progress page; the rectification is in the handling clerk's 待办
and list with its two due dates; the clerk records the contact and the answer; the citizen
reads the answer and says whether satisfied; the department's public 好差评 figures and the
supervisor's dashboard move with each step. A second, malicious 非常不满意: the clerk appeals,
the supervisor upholds, and the rating leaves the public figures and the dashboard.

The cases are made finished through the actions (the window's own pages have their own
browser test); everything the citizen, the clerk and the supervisor do here is done on the
pages."""

from __future__ import annotations

import re

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from gongkai.core.models import Department
from gongkai.demo.county import DEMO_PASSWORD
from gongkai.services import actions
from gongkai.services.actions.ratings import rate_case
from gongkai.services.actions.rectifications import answer_rectification, record_contact
from gongkai.services.models import Case, Evaluation, Rectification
from tests.browser.helpers import (
    assert_accessible,
    path_is,
    submit_password,
    switch_to_elderly_mode,
)
from tests.browser.test_phone_width import overflow
from tests.services_cases import PASSWORD, Window, organisation, published_item, submissions

pytestmark = pytest.mark.browser

RATINGS = "/zwfw/ratings/"
DASHBOARD = "/workbench/supervision/"
NYJ = "县农业农村局（畜牧）"
PHONE = 390


class Departments:
    """What tests/conftest.py's `county` gives, for the live server's database."""

    def __init__(self):
        self.dept = {d.short_code: d for d in Department.objects.all()}


def shown(day) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def finished(window, item) -> tuple[str, str]:
    """A case applied for online, accepted and reviewed by the clerk, granted by the approver:
    (number, query code)."""
    case, code = actions.submit_online(item=item, data=organisation(), materials=submissions(item))
    case = actions.accept_case(actor=window.clerk, case=case, opinion="材料齐全，予以受理。")
    case = actions.review_case(actor=window.clerk, case=case, opinion="符合条件。")
    case = actions.decide_case(actor=window.approver, case=case, grant=True, opinion="同意。")
    return case.number, code


def sign_in(page: Page, username: str, password: str = PASSWORD) -> None:
    """Password only: the demo mode's sign-in (the second factor has its own tests)."""
    page.context.clear_cookies()
    submit_password(page, username, password)
    expect(page).to_have_url(path_is("/workbench/"))


def track(page: Page, number: str, code: str) -> None:
    page.goto("/zwfw/track/")
    page.get_by_label("办件编号").fill(number)
    page.get_by_label("查询码").fill(code)
    page.get_by_role("button", name="查询").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(number)


def rate(page: Page, grade: str, reason: str, comment: str) -> None:
    """On the progress page: the grade, a reason, a comment."""
    page.get_by_role("radio", name=grade, exact=True).check()
    page.get_by_role("checkbox", name=reason, exact=True).check()
    page.get_by_label("评价意见").fill(comment)
    page.get_by_role("button", name="提交评价").click()
    expect(page.locator("#my-rating")).to_contain_text(f"您的评价：{grade}")


def public_row(page: Page) -> list[str] | None:
    """The department's row of this month's table on the public page, chosen with its form
    (None: not listed): 非常满意, 满意, 基本满意, 不满意, 非常不满意, 评价总数, 差评,
    差评已整改答复."""
    today = timezone.localdate()
    page.goto(RATINGS)
    page.get_by_label("年份", exact=True).select_option(str(today.year))
    page.get_by_label("月份", exact=True).select_option(str(today.month))
    page.get_by_role("button", name="查看").click()
    heading = f"{today.year}年{today.month}月评价情况"
    expect(page.get_by_role("heading", level=2, name=heading)).to_be_visible()
    month = page.locator("section", has=page.get_by_role("heading", name=heading))
    row = month.get_by_role("row").filter(has=page.get_by_role("rowheader", name=NYJ))
    if row.count() == 0:
        return None
    return [cell.strip() for cell in row.get_by_role("cell").all_inner_texts()]


def dashboard_row(page: Page) -> dict[str, str]:
    """The department's row of the supervisor's per-department table, by column header."""
    page.goto(DASHBOARD)
    table = page.get_by_role("table").filter(has_text="各部门办件与评价")
    headers = [h.strip() for h in table.locator("thead th").all_inner_texts()]
    row = table.get_by_role("row").filter(has=page.get_by_role("rowheader", name=NYJ))
    cells = [c.strip() for c in row.locator("th, td").all_inner_texts()]
    return dict(zip(headers, cells, strict=True))


def test_a_bad_rating_is_rectified_and_answered_and_a_malicious_one_appealed_away(
    new_page, demo_mode
):
    window = Window(Departments())
    item = published_item(window.department)
    first_number, first_code = finished(window, item)
    second_number, second_code = finished(window, item)
    citizen = new_page(bypass_csp=True)  # axe-core is injected as a script
    staff = new_page(bypass_csp=True)
    assert public_row(citizen) is None

    # The citizen rates the first case 不满意; a bad grade without a reason is refused.
    track(citizen, first_number, first_code)
    progress = citizen.url
    citizen.get_by_role("radio", name="不满意", exact=True).check()
    citizen.get_by_role("button", name="提交评价").click()
    expect(citizen.locator("#id_reasons_error")).to_contain_text("请至少勾选一项")
    assert_accessible(citizen)
    rate(citizen, "不满意", "办事效率", "等了很久才办好，联系电话13800138000。")
    expect(citizen.get_by_text("您的评价已转交整改")).to_be_visible()
    assert public_row(citizen) == ["0", "0", "0", "1", "0", "1", "1", "0"]

    # The clerk who handled it finds it in 待办 and in the list, with both due dates.
    rectification = Rectification.objects.select_related("contact_clock", "answer_clock").get(
        evaluation__case__number=first_number
    )
    contact_due = shown(rectification.contact_clock.due_date)
    answer_due = shown(rectification.answer_clock.due_date)
    sign_in(staff, window.clerk.username)
    entry = staff.get_by_role("row").filter(has_text=f"差评整改待回访 {first_number}")
    expect(entry).to_contain_text(contact_due)
    staff.goto("/workbench/services/rectifications/")
    listed = staff.get_by_role("row").filter(has_text=first_number)
    expect(listed).to_contain_text(contact_due)
    expect(listed).to_contain_text(answer_due)
    assert_accessible(staff)
    listed.get_by_role("link", name=first_number).click()
    expect(staff.get_by_role("heading", level=1)).to_contain_text(first_number)
    expect(staff.get_by_text("等了很久才办好")).to_be_visible()  # the owner reads it in full

    # The contact (回访), then the answer.
    contact = staff.locator("form", has=staff.get_by_role("heading", name="回访申请人"))
    contact.get_by_label("联系日期").fill(timezone.localdate().isoformat())
    contact.get_by_label("联系方式").select_option("电话")
    contact.get_by_label("联系情况").fill("已电话联系申请人，了解办理慢的原因。")
    contact.get_by_role("button", name="记录回访").click()
    answer = staff.locator("form", has=staff.get_by_role("heading", name="整改答复"))
    answer.get_by_label("处理结果").select_option(label="已整改")
    answer.get_by_label("答复内容").fill(
        "经核实，材料流转环节耗时过长，已调整为当日流转。如有问题请致电13800138000。"
    )
    answer.get_by_role("button", name="答复申请人").click()
    expect(staff.locator("#rectify-heading + dl")).to_contain_text("已答复")
    assert_accessible(staff)

    # The citizen reads the answer (the phone number masked) and is satisfied.
    citizen.goto(progress)
    answered = citizen.locator("#rectification-heading + dl")
    expect(answered).to_contain_text("已调整为当日流转")
    expect(answered).not_to_contain_text("13800138000")
    citizen.get_by_role("button", name="满意", exact=True).click()
    expect(citizen.get_by_text("您对整改答复的评价：满意。")).to_be_visible()

    # The public figures: the bad rating now rectified, the answer published, masked.
    assert public_row(citizen) == ["0", "0", "0", "1", "0", "1", "1", "1"]
    answers = citizen.locator(".rating-answers")
    expect(answers).to_contain_text(f"{NYJ} · 不满意")
    expect(answers).to_contain_text("已调整为当日流转")
    expect(answers).not_to_contain_text("13800138000")
    expect(citizen.locator("main")).not_to_contain_text(first_number)
    assert_accessible(citizen)

    # The supervisor's dashboard counts the same.
    sign_in(staff, "supervisor", DEMO_PASSWORD)
    board = dashboard_row(staff)
    assert (board["评价数"], board["不满意"], board["差评已整改"]) == ("1", "1", "1")

    # A second, malicious rating: 非常不满意.
    track(citizen, second_number, second_code)
    rate(citizen, "非常不满意", "办事便捷度", "就是不满意，不给你们好评。")
    assert public_row(citizen) == ["0", "0", "0", "1", "1", "2", "2", "1"]
    board = dashboard_row(staff)
    assert (board["评价数"], board["非常不满意"]) == ("2", "1")

    # The clerk appeals it as malicious.
    sign_in(staff, window.clerk.username)
    staff.get_by_role("link", name=re.compile(f"差评整改待回访 {second_number}")).click()
    appeal = staff.locator("form", has=staff.get_by_role("heading", name=re.compile("申诉")))
    appeal.get_by_label("申诉理由").select_option(label="恶意差评")
    appeal.get_by_label("申诉说明").fill("申请人所办事项已按时出证，评价意见与服务无关。")
    appeal.get_by_role("button", name="提出申诉").click()
    expect(staff.get_by_text("等待督查人员复核", exact=True)).to_be_visible()

    # The supervisor upholds it from the list of appeals.
    sign_in(staff, "supervisor", DEMO_PASSWORD)
    staff.goto("/workbench/services/rectifications/")
    waiting = staff.locator("section", has=staff.get_by_role("heading", name="待复核的申诉"))
    waiting.get_by_role("link", name=re.compile(second_number)).first.click()
    decide = staff.locator("form", has=staff.get_by_role("heading", name=re.compile("申诉复核")))
    decide.get_by_label("申诉成立（该评价不计入统计）").check()
    decide.get_by_label("复核意见").fill("评价意见与办事服务无关，认定为恶意差评。")
    decide.get_by_role("button", name="作出复核结论").click()
    expect(staff.get_by_text("申诉成立，不计入统计")).to_be_visible()
    assert_accessible(staff)
    board = dashboard_row(staff)
    assert (board["评价数"], board["非常不满意"]) == ("1", "0")

    # It has left the public figures; the first rating and its answer stay.
    assert public_row(citizen) == ["0", "0", "0", "1", "0", "1", "1", "1"]
    expect(citizen.locator(".rating-answers > li")).to_have_count(1)


def test_the_public_pages_pass_axe_and_fit_a_phone_in_elderly_mode(new_page, demo_mode):
    """The county's page and a department's, with figures and an answer on them; desktop,
    then a phone's width in elderly mode."""
    window = Window(Departments())
    item = published_item(window.department)
    number, _code = finished(window, item)
    evaluation = rate_case(
        case=Case.objects.get(number=number),
        grade=2,
        reasons=["efficiency", "materials"],
        comment="材料要求说得不清楚，跑了两趟。" * 5,
        channel=Evaluation.Channel.ONLINE,
    )
    rectification = evaluation.rectification
    record_contact(
        actor=window.clerk,
        rectification=rectification,
        on=timezone.localdate(),
        method="电话",
        note="已联系。",
    )
    answer_rectification(
        actor=window.clerk,
        rectification=rectification,
        outcome="explained",
        answer="已向申请人解释材料要求，并修订办事指南的材料说明。" * 4,
    )
    page = new_page(bypass_csp=True)
    page.goto("/zwfw/")
    page.get_by_role("link", name="好差评", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("好差评")
    assert_accessible(page)
    today = timezone.localdate()
    page.get_by_label("年份", exact=True).select_option(str(today.year))
    page.get_by_label("月份", exact=True).select_option(str(today.month))
    page.get_by_role("button", name="查看").click()
    expect(page.locator(".rating-answers > li")).to_have_count(1)
    assert_accessible(page)
    page.set_viewport_size({"width": PHONE, "height": 800})
    switch_to_elderly_mode(page)
    expect(page.locator(".rating-answers > li")).to_have_count(1)
    assert_accessible(page)
    assert overflow(page, PHONE) is None
    # The department's page of the year, from its name in the table (still elderly, phone).
    page.get_by_role("link", name=NYJ).first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"{NYJ}好差评")
    months = page.get_by_role("table").filter(has_text="各月评价数量")
    this_month = months.get_by_role("row").filter(
        has=page.get_by_role("rowheader", name=f"{today.year}年{today.month}月", exact=True)
    )
    expect(this_month.get_by_role("cell")).to_have_text(["0", "0", "0", "1", "0", "1", "1", "1"])
    assert_accessible(page)
    assert overflow(page, PHONE) is None


def test_the_period_is_chosen_without_javascript(new_page):
    page = new_page(javascript=False)
    page.goto(RATINGS)
    page.get_by_label("年份", exact=True).select_option("2024")
    page.get_by_label("月份", exact=True).select_option("3")
    page.get_by_role("button", name="查看").click()
    expect(page.get_by_role("heading", level=2, name="2024年3月评价情况")).to_be_visible()
    expect(page.get_by_role("heading", level=2, name="2024年1月至3月累计")).to_be_visible()
