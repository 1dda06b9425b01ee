"""A form sent back with errors puts the keyboard on its error summary, in Chromium: the summary
has focus when the page loads (with or without JavaScript), Tab reaches its first link, and
Enter on that link puts focus in the first field to correct. On a page of several forms only
the one that was sent shows a summary and takes focus."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from tests.browser.helpers import assert_accessible, log_in

pytestmark = pytest.mark.browser

SUMMARY = ".form-errors"


def first_invalid_id(page: Page) -> str:
    """The id of the first control, in page order, that Django marked aria-invalid."""
    first = page.locator('[aria-invalid="true"]').first
    expect(first).to_be_attached()
    return first.get_attribute("id")


def assert_summary_leads_to_the_first_bad_field(page: Page) -> None:
    """Focus is on the one summary; Tab, then Enter on its first link, reaches the field."""
    summary = page.locator(SUMMARY)
    expect(summary).to_have_count(1)
    expect(summary).to_be_focused()
    expect(summary).to_contain_text(re.compile(r"提交的内容有 \d+ 处需要修改"))
    assert page.locator("[autofocus]").count() == 1, "one element may ask for focus"
    target = first_invalid_id(page)
    first_link = summary.get_by_role("link").first
    expect(first_link).to_have_attribute("href", f"#{target}")
    page.keyboard.press("Tab")
    expect(first_link).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.locator(f"#{target}")).to_be_focused()


def send_empty(page: Page, button: str) -> None:
    """Press the form's submit button from the keyboard, nothing filled in."""
    page.get_by_role("button", name=button, exact=True).focus()
    page.keyboard.press("Enter")
    expect(page.locator(SUMMARY)).to_be_visible()


# ---------------------------------------------------------------- the public forms


def test_the_apply_form_focuses_its_error_summary_and_passes_axe(axe_page):
    axe_page.goto("/ysqgk/apply/")
    send_empty(axe_page, "提交申请")
    assert_summary_leads_to_the_first_bad_field(axe_page)
    assert_accessible(axe_page)


def test_the_apply_form_focuses_its_error_summary_without_javascript(new_page):
    page = new_page(javascript=False)
    page.goto("/ysqgk/apply/")
    send_empty(page, "提交申请")
    assert_summary_leads_to_the_first_bad_field(page)


def test_the_track_form_focuses_its_error_summary(page):
    page.goto("/ysqgk/track/")
    send_empty(page, "查询")
    assert_summary_leads_to_the_first_bad_field(page)


# ---------------------------------------------------------------- staff forms


@pytest.fixture
def column(site):
    """A one-level column of 农业农村局, so that its editor may write and the chief withdraw."""
    from gongkai.core.models import Department
    from gongkai.publishing import actions

    return actions.create_column(
        actor=None,
        name="农业动态",
        slug="nyj-news-focus",
        department=Department.objects.get(short_code="NYJ"),
        review_levels=1,
    )


@pytest.fixture
def published_item(column):
    from gongkai.core.models import User
    from gongkai.publishing import actions
    from gongkai.publishing.actions import ItemData

    editor = User.objects.get(username="editor")
    item = actions.create_item(actor=editor, column=column, data=ItemData(title="春耕通知"))
    actions.submit_item(actor=editor, item=item)
    return item


def test_the_item_form_focuses_its_error_summary(page, column):
    log_in(page, "editor")
    page.goto("/workbench/publishing/new/")
    send_empty(page, "保存草稿")
    assert_summary_leads_to_the_first_bad_field(page)


def test_on_the_item_page_only_the_sent_step_shows_a_summary_and_takes_focus(page, published_item):
    log_in(page, "chief")
    page.goto(f"/workbench/publishing/items/{published_item.pk}/")
    expect(page.locator(SUMMARY)).to_have_count(0)
    send_empty(page, "撤稿")
    withdraw = page.locator("form", has=page.get_by_role("button", name="撤稿", exact=True))
    expect(withdraw.locator(SUMMARY)).to_have_count(1)
    assert_summary_leads_to_the_first_bad_field(page)
    assert first_invalid_id(page) == "id_withdraw_reason"


@pytest.fixture
def disclosure_request(site):
    from gongkai.core.models import Department
    from gongkai.disclosure import actions

    request, _code = actions.submit_application(
        data=actions.ApplicationData(
            applicant_type="natural",
            applicant_name="王小明",
            id_type="resident_id",
            id_number="11010519491231002X",
            phone="13800138000",
            info_title="2025年城区道路改造工程招标文件",
            info_description="县住房和城乡建设局道路改造工程的招标文件。",
            requested_form="electronic",
            delivery="email",
            email="wang@example.cn",
        ),
        department=Department.objects.get(short_code="BGS"),
    )
    return request


def test_a_step_of_the_request_page_focuses_its_error_summary(page, disclosure_request):
    log_in(page, "disclosure")
    page.goto(f"/workbench/disclosure/{disclosure_request.pk}/")
    expect(page.locator(SUMMARY)).to_have_count(0)
    send_empty(page, "生成补正告知书")
    assert_summary_leads_to_the_first_bad_field(page)
    assert first_invalid_id(page) == "id_correction_items"
