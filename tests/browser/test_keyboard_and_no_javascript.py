"""The site works from the keyboard alone, and with JavaScript switched off."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from .helpers import (
    DEMO_BANNER,
    EMPTY_INBOX,
    INBOX,
    LOGIN,
    log_in,
    path_is,
    switch_to_elderly_mode,
)

pytestmark = pytest.mark.browser


def focused(page: Page) -> dict:
    return page.evaluate(
        """() => {
            const el = document.activeElement;
            const box = el.getBoundingClientRect();
            return {tag: el.tagName.toLowerCase(), id: el.id, text: el.textContent.trim(),
                    visible: box.width > 0 && box.right > 0 && box.bottom > 0};
        }"""
    )


def tab_to(page: Page, element_id: str, limit: int = 15) -> int:
    """Press Tab until the element with this id has the focus; return how many presses."""
    for presses in range(1, limit + 1):
        page.keyboard.press("Tab")
        if focused(page)["id"] == element_id:
            return presses
    raise AssertionError(f"#{element_id} never got the focus in {limit} Tab presses")


def test_the_first_tab_on_the_home_page_reaches_the_skip_link_and_enter_jumps_to_main(page):
    page.goto("/")
    page.keyboard.press("Tab")
    first = focused(page)
    assert first["tag"] == "a" and first["text"] == "跳到主要内容", first
    assert first["visible"], "the skip link must show itself when it has the focus"
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/#main$"))
    assert focused(page)["id"] == "main"


def test_the_login_form_can_be_filled_and_sent_with_the_keyboard_alone(page, demo_mode):
    from gongkai.demo.county import DEMO_PASSWORD

    page.goto(LOGIN)
    tab_to(page, "id_username")
    page.keyboard.type("editor")
    page.keyboard.press("Tab")
    assert focused(page)["id"] == "id_password"
    page.keyboard.type(DEMO_PASSWORD)
    page.keyboard.press("Enter")
    expect(page).to_have_url(path_is(INBOX))
    expect(page.get_by_text(EMPTY_INBOX)).to_be_visible()
    # The logout button is reachable from the keyboard too.
    page.locator("body").focus()
    page.get_by_role("button", name="退出").focus()
    page.keyboard.press("Enter")
    expect(page).to_have_url(path_is(LOGIN))


@pytest.fixture
def no_js_page(new_page):
    return new_page(javascript=False)


def test_without_javascript_the_home_page_renders_and_elderly_mode_works(no_js_page):
    page = no_js_page
    page.goto("/")
    expect(page.get_by_role("heading", level=1)).to_have_text("示范县人民政府")
    expect(page.get_by_role("navigation", name="主导航")).to_be_visible()
    switch_to_elderly_mode(page)


def test_without_javascript_staff_can_log_in_in_demo_mode(no_js_page, demo_mode):
    page = no_js_page
    page.goto(LOGIN)
    expect(page.get_by_text(DEMO_BANNER)).to_be_visible()
    log_in(page, "editor")
    expect(page.get_by_text(EMPTY_INBOX)).to_be_visible()
