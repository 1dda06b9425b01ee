"""The supervision dashboard in a browser: axe-clean at desktop and phone widths, both charts
drawn on a canvas under the strict CSP with no violation report, the tables there without
JavaScript."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.browser.helpers import assert_accessible, log_in
from tests.browser.test_phone_width import overflow

pytestmark = pytest.mark.browser

BOARD = "/workbench/supervision/?year=2025&start=9&end=10"
PHONE = 375


class _County:
    """The names tests/supervision_data.py expects, read from the live server's database."""

    def __init__(self):
        from gongkai.core.models import Department, User

        self.dept = {d.short_code: d for d in Department.objects.all()}
        self.user = {u.username: u for u in User.objects.all()}


@pytest.fixture
def figures(site):
    from tests import supervision_data

    return supervision_data.build(_County())


def _signed_in(new_page, *, width: int = 1280, **options) -> Page:
    page = new_page(**options)
    page.set_viewport_size({"width": width, "height": 900})
    log_in(page, "supervisor")
    return page


@pytest.mark.parametrize("width", [1280, PHONE], ids=["desktop", "phone"])
def test_the_dashboard_passes_axe_and_fits(new_page, figures, width):
    page = _signed_in(new_page, width=width, bypass_csp=True)  # axe-core runs in the page
    page.goto(BOARD)
    expect(page.locator("#chart-trend canvas")).to_have_count(1)
    assert_accessible(page)
    assert overflow(page, width) is None


def test_the_charts_draw_under_the_strict_csp_without_a_report(new_page, figures):
    page = _signed_in(new_page)
    blocked = []
    page.on(
        "console", lambda m: blocked.append(m.text) if "Content Security Policy" in m.text else None
    )
    page.goto(BOARD)
    expect(page.locator("#chart-trend canvas")).to_have_count(1)
    expect(page.locator("#chart-departments canvas")).to_have_count(1)
    page.locator("#chart-trend canvas").hover()  # the tooltip is drawn too
    assert blocked == []


def test_without_javascript_the_tables_carry_the_figures(new_page, figures):
    page = _signed_in(new_page, javascript=False)
    page.goto(BOARD)
    expect(page.locator("#chart-trend canvas")).to_have_count(0)
    table = page.get_by_role("region", name="各部门办件与评价（2025年9月1日至2025年10月31日）")
    expect(table.get_by_role("rowheader", name="测试审批局")).to_be_visible()
    expect(page.get_by_role("link", name="导出 XLSX")).to_have_count(2)
