"""axe-core finds no serious or critical WCAG 2.1 A/AA problem, in normal and in elderly mode."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from .helpers import (
    ELDERLY_ON,
    INBOX,
    LOGIN,
    assert_accessible,
    body_font_size,
    log_in,
    save_screenshot,
    submit_password,
    switch_to_elderly_mode,
)

pytestmark = pytest.mark.browser

MODES = pytest.mark.parametrize("elderly", [False, True], ids=["normal", "elderly"])


@MODES
def test_the_portal_home_page_is_accessible(axe_page, elderly):
    axe_page.goto("/")
    expect(axe_page.get_by_role("heading", level=1)).to_be_visible()
    if elderly:
        switch_to_elderly_mode(axe_page)
    assert_accessible(axe_page)
    save_screenshot(axe_page, "portal-home-elderly" if elderly else "portal-home")


@MODES
def test_the_login_page_is_accessible(axe_page, elderly):
    if elderly:
        axe_page.goto("/")
        switch_to_elderly_mode(axe_page)
    axe_page.goto(LOGIN)
    expect(axe_page.get_by_role("heading", level=1)).to_have_text("工作人员登录")
    assert ("elderly" in (axe_page.locator("body").get_attribute("class") or "")) == elderly
    assert_accessible(axe_page)


@MODES
def test_the_workbench_inbox_is_accessible_after_logging_in(axe_page, elderly):
    if elderly:
        axe_page.goto("/")
        switch_to_elderly_mode(axe_page)
    log_in(axe_page, "editor")
    assert ("elderly" in (axe_page.locator("body").get_attribute("class") or "")) == elderly
    assert_accessible(axe_page)
    save_screenshot(axe_page, "workbench-inbox-elderly" if elderly else "workbench-inbox")


def test_elderly_mode_enlarges_the_text_and_can_be_switched_off_again(page):
    page.goto("/")
    normal = body_font_size(page)
    switch_to_elderly_mode(page)
    assert body_font_size(page) >= normal * 1.25
    # The cookie holds across pages, the workbench's included.
    page.goto(LOGIN)
    expect(page.locator("body")).to_have_class(re.compile(r"\belderly\b"))
    page.goto("/")
    page.get_by_role("link", name="退出长辈模式").click()
    expect(page.get_by_role("link", name=ELDERLY_ON)).to_be_visible()
    expect(page.locator("body")).not_to_have_class(re.compile(r"\belderly\b"))
    assert body_font_size(page) == normal


SMALLEST_TEXT = """() => {
    const smaller = [];
    for (const el of document.body.querySelectorAll('*')) {
        const ownText = [...el.childNodes].some(n => n.nodeType === 3 && n.textContent.trim());
        const box = el.getBoundingClientRect();
        if (!ownText || box.width <= 1 || box.height <= 1) continue;
        const size = parseFloat(getComputedStyle(el).fontSize);
        smaller.push([size, el.tagName.toLowerCase() + (el.className ? '.' + el.className : ''),
                      el.textContent.trim().slice(0, 20)]);
    }
    return smaller.sort((a, b) => a[0] - b[0]);
}"""


@pytest.mark.parametrize("path", ["/", LOGIN, INBOX])
def test_in_elderly_mode_no_visible_text_is_smaller_than_the_enlarged_body_text(page, path):
    """Lead paragraphs, sub-headings and help texts grow with the body, not stay behind."""
    page.goto("/")
    switch_to_elderly_mode(page)
    if path == INBOX:
        log_in(page, "editor")
    else:
        page.goto(path)
    body = body_font_size(page)
    texts = page.evaluate(SMALLEST_TEXT)
    too_small = [t for t in texts if t[0] < body - 0.5]
    assert not too_small, f"text smaller than the body's {body}px in elderly mode: {too_small}"


def test_the_site_runs_no_inline_script_or_style_the_content_security_policy_would_block(page):
    """With the CSP enforced (no bypass), the pages load without a single violation report."""
    blocked = []

    def note_csp_report(message):
        if "Content Security Policy" in message.text:
            blocked.append(message.text)

    page.on("console", note_csp_report)
    page.goto("/")
    page.goto("/departments/")
    page.goto(LOGIN)
    page.goto(INBOX)
    expect(page).to_have_url(re.compile(r"/workbench/login/\?next=/workbench/$"))
    submit_password(page, "editor")
    expect(page.get_by_role("img", name="绑定身份验证器的二维码")).to_be_visible()
    assert blocked == []


def test_the_accessibility_check_itself_catches_a_field_without_a_label(axe_page):
    """Guard against a silently broken harness: a known violation must fail the check."""
    axe_page.set_content(
        '<html lang="zh-Hans"><head><title>t</title></head>'
        '<body><main><h1>t</h1><input type="text"></main></body></html>'
    )
    with pytest.raises(AssertionError, match="label"):
        assert_accessible(axe_page)


def test_the_authenticator_enrolment_page_is_accessible_also_with_an_error(axe_page):
    submit_password(axe_page, "editor")
    expect(axe_page.get_by_role("heading", level=1)).to_have_text("设置双因素认证")
    assert_accessible(axe_page)
    axe_page.get_by_label("动态验证码").fill("12345")
    axe_page.get_by_role("button", name="完成绑定并登录").click()
    expect(axe_page.locator("#id_token_error")).to_contain_text("6 位数字")
    assert_accessible(axe_page)


def test_the_file_page_is_accessible_also_with_an_error(axe_page, demo_mode):
    log_in(axe_page, "editor")
    axe_page.goto("/workbench/files/")
    assert_accessible(axe_page)
    axe_page.get_by_role("button", name="上传").click()
    expect(axe_page.locator("#id_file_error")).to_contain_text("请选择要上传的文件")
    assert_accessible(axe_page)
