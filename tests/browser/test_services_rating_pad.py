"""好差评 in Chromium without the end-to-end story (tests/browser/test_services_ratings.py):
the applicant rates from the progress page with JavaScript off, and the window's rating pad
is pressed with the keyboard alone; axe-core on the form, on the rating given and on both
screens of the pad."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from playwright.sync_api import Page, expect

from gongkai.core.models import Department, User
from gongkai.services import roles
from gongkai.services.models import Evaluation
from gongkai.services.views.applications import case_token
from tests.browser.helpers import assert_accessible, log_in
from tests.services_cases import published_item, staff
from tests.services_ratings import granted

pytestmark = pytest.mark.browser


@pytest.fixture
def finished(site):
    """A case of the demo clerk's department (SPJ), granted: ready to be rated."""
    department = Department.objects.get(short_code="SPJ")
    window = SimpleNamespace(
        clerk=User.objects.get(username="clerk"),
        approver=staff("t_approver", roles.APPROVER, department, "审批丙"),
    )
    return granted(published_item(department), window)


def test_the_applicant_rates_without_javascript(new_page, finished):
    page: Page = new_page(javascript=False)
    page.goto(f"/zwfw/track/?t={case_token(finished)}")
    page.get_by_role("radio", name="基本满意", exact=True).check()
    page.get_by_role("checkbox", name="办事指南准确性", exact=True).check()
    page.get_by_label("评价意见").fill("指南写得清楚。")
    page.get_by_role("button", name="提交评价").click()
    expect(page.locator("#my-rating")).to_contain_text("您的评价：基本满意")
    expect(page.locator("#my-rating-reasons")).to_contain_text("办事指南准确性")
    expect(page.get_by_role("button", name="提交评价")).to_have_count(0)
    assert Evaluation.objects.get(case=finished).channel == Evaluation.Channel.ONLINE


def test_the_rating_form_and_the_rating_given_pass_axe(new_page, finished):
    page: Page = new_page(bypass_csp=True)
    page.goto(f"/zwfw/track/?t={case_token(finished)}")
    expect(page.get_by_role("group", name="您对本次服务的评价")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("radio", name="非常不满意", exact=True).check()
    page.get_by_role("button", name="提交评价").click()
    expect(page.locator("#id_reasons_error")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("checkbox", name="材料要求", exact=True).check()
    page.get_by_role("button", name="提交评价").click()
    expect(page.locator("#my-rating")).to_contain_text("您的评价：非常不满意")
    assert_accessible(page)


def test_the_pad_is_pressed_with_the_keyboard_and_passes_axe(new_page, finished):
    page: Page = new_page(bypass_csp=True)
    log_in(page, "clerk")
    page.goto(f"/workbench/services/cases/{finished.number}/")
    page.get_by_role("link", name="打开评价器，请申请人现场评价").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("请您对本次服务作出评价")
    assert_accessible(page)
    # The applicant presses 不满意 with the keyboard: focus the button, Enter.
    page.get_by_role("button", name="不满意", exact=True).focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("您选择了“不满意”")
    assert_accessible(page)
    page.get_by_role("checkbox", name="服务态度", exact=True).focus()
    page.keyboard.press("Space")
    page.get_by_role("button", name="提交评价").focus()
    page.keyboard.press("Enter")
    expect(page.locator("#pad-result")).to_have_text("本办件已评价：不满意")
    assert_accessible(page)
    evaluation = Evaluation.objects.get(case=finished)
    assert evaluation.channel == Evaluation.Channel.WINDOW
    assert evaluation.reason_list() == ["attitude"]
