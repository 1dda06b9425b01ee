"""Consultation (条例 Art. 32) and the late-step flags (Art. 30) in Chromium, as the officer
does them: the letter, its delivery, the third party's objection and the notice of a decision
to disclose; a late correction notice flagged in the list. Each page passes axe-core."""

from __future__ import annotations

from datetime import timedelta

import pytest
from playwright.sync_api import Page, expect

from tests.browser.helpers import assert_accessible, log_in

pytestmark = pytest.mark.browser
PARTY = "某某水务有限公司"


def application(title: str):
    from gongkai.disclosure import actions

    return actions.ApplicationData(
        applicant_type="natural",
        applicant_name="王小明",
        id_type="resident_id",
        id_number="11010519491231002X",
        phone="13800138000",
        info_title=title,
        info_description="县自来水厂特许经营协议全文。",
        requested_form="electronic",
        delivery="online",
    )


@pytest.fixture
def fresh_request(site):
    from gongkai.core.models import Department
    from gongkai.disclosure import actions

    request, _code = actions.submit_application(
        data=application("县自来水厂特许经营协议"),
        department=Department.objects.get(short_code="BGS"),
    )
    return request


def step(page: Page, title: str):
    """The next-step form whose heading is `title`."""
    return page.locator("form.panel", has=page.get_by_role("heading", name=title, exact=True))


def test_the_officer_consults_a_third_party_and_tells_it_of_the_decision_to_disclose(
    axe_page, fresh_request
):
    page = axe_page
    log_in(page, "disclosure")
    page.goto(f"/workbench/disclosure/{fresh_request.pk}/")
    consult = step(page, "征求意见")
    consult.get_by_label("征求对象类型").select_option(label="第三方")
    consult.get_by_label("征求对象", exact=True).fill(PARTY)
    consult.get_by_label("需要说明的事项").fill("协议含贵公司的经营数据。")
    consult.get_by_role("button", name="登记征求意见").click()
    table = page.locator("section[aria-labelledby=consult-heading]")
    expect(table).to_contain_text("尚未起算")
    expect(table.get_by_role("link", name="政府信息公开征求第三方意见函")).to_be_visible()
    assert_accessible(page)

    step(page, f"登记征求意见函送达：{PARTY}").get_by_role("button", name="登记送达日期").click()
    expect(table).not_to_contain_text("尚未起算")
    expect(table).to_contain_text("至 ")

    end = step(page, f"结束征求意见：{PARTY}")
    end.get_by_label("意见结论").select_option(label="不同意公开")
    end.get_by_role("button", name="结束征求意见").click()
    expect(page.locator("#id_consult_end_opinion_error")).to_contain_text("不同意公开的意见和理由")
    assert_accessible(page)
    end = step(page, f"结束征求意见：{PARTY}")
    end.get_by_label("意见（选填）", exact=True).fill("经营数据属于商业秘密，不同意公开。")
    end.get_by_role("button", name="结束征求意见").click()
    expect(table).to_contain_text("决定公开的，须先书面告知")

    notify = step(page, f"告知第三方决定公开：{PARTY}")
    notify.get_by_label("决定公开的政府信息内容").fill("特许经营协议全文")
    notify.get_by_role("button", name="生成告知书").click()
    expect(page.locator("#id_consult_notify_reason_error")).to_contain_text("决定公开的理由")
    assert_accessible(page)
    notify = step(page, f"告知第三方决定公开：{PARTY}")
    notify.get_by_label("决定公开的理由").fill("供水关系公共利益，不公开将对公共利益造成重大影响。")
    notify.get_by_role("button", name="生成告知书").click()
    expect(table.get_by_role("link", name="政府信息公开决定告知书")).to_be_visible()
    assert_accessible(page)


def test_a_late_correction_notice_is_flagged_in_the_list_and_its_filter(axe_page, site):
    from gongkai.core.clock import today
    from gongkai.core.models import Department, User
    from gongkai.disclosure import actions
    from gongkai.disclosure.rules import Channel

    officer = User.objects.get(username="disclosure")
    request, _code = actions.submit_application(
        data=application("县城区供水管网改造资料"),
        department=Department.objects.get(short_code="BGS"),
        channel=Channel.IN_PERSON,
        received_on=today() - timedelta(days=30),
        actor=officer,
    )
    actions.request_correction(
        actor=officer,
        request=request,
        on=today(),
        items="请写明所需资料的年份。",
        late_reason="窗口人员离职交接遗漏。",
    )
    page = axe_page
    log_in(page, "disclosure")
    page.goto("/workbench/disclosure/")
    page.get_by_label("期限").select_option(label="已超期或逾期办理")
    page.get_by_role("button", name="检索").click()
    row = page.get_by_role("row", name=request.number)
    expect(row).to_contain_text("逾期原因：窗口人员离职交接遗漏。")
    assert_accessible(page)
    page.goto("/workbench/")
    expect(page.get_by_role("main")).to_contain_text(f"逾期：告知补正 {request.number}")


def test_the_letter_template_editor_passes_axe(axe_page, site):
    log_in(axe_page, "disclosure_head")
    axe_page.goto("/workbench/disclosure/templates/letters/disclose_over_objection/")
    expect(axe_page.get_by_label("救济途径")).to_be_visible()
    assert_accessible(axe_page)
