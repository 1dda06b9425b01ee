"""Staff log in in a real browser: enrolment of the second factor, demo mode, lockout, logout."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from .helpers import (
    DEMO_BANNER,
    EMPTY_INBOX,
    INBOX,
    LOGIN,
    log_in,
    path_is,
    submit_password,
    totp_now,
)

pytestmark = pytest.mark.browser


def test_a_first_login_enrols_an_authenticator_from_the_page_and_logout_returns_to_login(page):
    from django.conf import settings

    assert settings.REQUIRE_2FA and not settings.DEMO_MODE
    page.goto(LOGIN)
    expect(page.get_by_text(DEMO_BANNER)).to_have_count(0)
    submit_password(page, "editor")

    expect(page).to_have_url(path_is("/workbench/login/otp/setup/"))
    expect(page.get_by_role("heading", level=1)).to_have_text("设置双因素认证")
    expect(page.get_by_role("img", name="绑定身份验证器的二维码").locator("svg")).to_be_visible()
    secret = page.locator("code.secret").inner_text().strip()
    assert len(secret) >= 16 and secret.isalnum(), secret

    page.get_by_label("动态验证码").fill(totp_now(secret))
    page.get_by_role("button", name="完成绑定并登录").click()

    expect(page).to_have_url(path_is(INBOX))
    expect(page.get_by_text(EMPTY_INBOX)).to_be_visible()
    expect(page.get_by_text("李编辑")).to_be_visible()

    page.get_by_role("button", name="退出").click()
    expect(page).to_have_url(path_is(LOGIN))
    expect(page.get_by_role("status")).to_contain_text("您已安全退出")
    # The session is gone: the inbox asks for a login again.
    page.goto(INBOX)
    expect(page).to_have_url(path_is(LOGIN + "?next=/workbench/"))


def test_a_wrong_code_at_enrolment_is_refused_next_to_the_field(page):
    submit_password(page, "editor")
    expect(page).to_have_url(path_is("/workbench/login/otp/setup/"))
    secret = page.locator("code.secret").inner_text().strip()
    wrong = f"{(int(totp_now(secret)) + 500_000) % 1_000_000:06d}"
    page.get_by_label("动态验证码").fill(wrong)
    page.get_by_role("button", name="完成绑定并登录").click()
    field = page.get_by_label("动态验证码")
    expect(field).to_have_attribute("aria-invalid", "true")
    expect(field).to_have_accessible_description(re.compile("验证码不正确"))
    expect(page).to_have_url(path_is("/workbench/login/otp/setup/"))


def test_in_demo_mode_a_password_is_enough_and_every_staff_page_says_so(page, demo_mode):
    page.goto(LOGIN)
    expect(page.get_by_role("note")).to_contain_text(DEMO_BANNER)
    log_in(page, "editor")
    expect(page.get_by_role("note")).to_contain_text(DEMO_BANNER)
    expect(page.get_by_text(EMPTY_INBOX)).to_be_visible()


def test_five_wrong_passwords_lock_the_account_and_then_the_right_one_is_refused_too(page):
    for attempt in range(1, 6):
        submit_password(page, "chief", "Wrong-Password-1")
        alert = page.get_by_role("alert")
        if attempt < 5:
            expect(alert).to_contain_text("用户名或密码不正确")
    # Locked now; the page answers as it would for anyone, so it tells no one who exists.
    expect(page.get_by_role("alert")).to_contain_text("用户名或密码不正确")
    expect(page.get_by_role("alert")).not_to_contain_text("已被锁定")

    submit_password(page, "chief")
    expect(page).to_have_url(path_is(LOGIN))
    expect(page.get_by_role("alert")).to_contain_text("用户名或密码不正确")
