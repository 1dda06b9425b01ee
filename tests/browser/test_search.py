"""站内搜索 in the browser: the header box on the home page, marked results, no serious
accessibility violation on the results page or the page that found nothing."""

import io
import re

import pytest
from playwright.sync_api import expect

from tests.browser.helpers import assert_accessible, switch_to_elderly_mode

pytestmark = pytest.mark.browser


@pytest.fixture
def reports(site):
    """The nine seed reports, indexed as `gongkai demo` indexes them."""
    from django.core.management import call_command

    from gongkai.demo.publishing import load_demo_columns, load_demo_reports

    load_demo_columns()
    load_demo_reports()
    call_command("search", "reindex", "--quiet", stdout=io.StringIO())


def search_from_home(page, query: str) -> None:
    page.goto("/")
    box = page.get_by_role("searchbox", name="搜索本站信息")
    box.fill(query)
    box.press("Enter")
    expect(page).to_have_url(re.compile(r"/search/\?q="))


def test_a_query_typed_in_the_header_shows_marked_results(axe_page, reports):
    search_from_home(axe_page, "档案管理")
    expect(axe_page.get_by_role("heading", level=1)).to_have_text("“档案管理”的搜索结果")
    expect(axe_page.get_by_role("status")).to_have_text("找到 2 条结果")
    results = axe_page.locator(".search-results > li")
    expect(results).to_have_count(2)
    expect(results.first.locator("mark").first).to_have_text("档案管理")
    expect(axe_page.get_by_role("link", name="论电子政务建设与档案工作发展")).to_be_visible()
    assert_accessible(axe_page)
    switch_to_elderly_mode(axe_page)
    assert_accessible(axe_page)
    axe_page.get_by_role("link", name="论电子政务建设与档案工作发展").click()
    expect(axe_page.get_by_role("heading", level=1)).to_have_text("论电子政务建设与档案工作发展")


def test_the_page_that_found_nothing_helps_and_is_accessible(axe_page, reports):
    search_from_home(axe_page, "证务公开")
    expect(axe_page.get_by_text("没有找到与“证务公开”相关的信息。")).to_be_visible()
    suggestion = axe_page.get_by_role("link", name="政务公开")
    expect(suggestion).to_be_visible()
    assert_accessible(axe_page)
    suggestion.click()
    expect(axe_page.get_by_role("heading", level=1)).to_have_text("“政务公开”的搜索结果")


def test_search_works_without_javascript(new_page, reports):
    page = new_page(javascript=False)
    search_from_home(page, "zhengwu gongkai")
    expect(page.get_by_text("已为您搜索“政务公开”")).to_be_visible()
    page.get_by_text("筛选和排序").click()
    page.get_by_label("排序", exact=True).select_option("date")
    page.get_by_role("button", name="应用筛选").click()
    expect(page).to_have_url(re.compile(r"sort=date"))
    expect(page.locator(".search-results > li")).to_have_count(9)
