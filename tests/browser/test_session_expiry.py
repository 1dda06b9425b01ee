"""A staff session ending on idle time, in Chromium: the reply typed is still there after
signing in again, and the page warns before the session ends and renews it on request."""

from __future__ import annotations

import base64
import re

import pytest
from django.conf import settings
from playwright.sync_api import Page, expect

from gongkai.demo.county import DEMO_PASSWORD

from .conftest import TIMEOUT_MS
from .helpers import INBOX, LOGIN, assert_accessible, log_in, path_is, totp_now

pytestmark = pytest.mark.browser
REPLY = "经检索，您申请的2025年城区道路改造工程招标文件由本机关制作并保存，予以公开。" * 30
NOTICE = "会话已过期，您填写的内容已保留，请核对后重新提交"


def processing_request():
    """A request to 县人民政府办公室 awaiting its reply, where `disclosure` works."""
    from gongkai.core.models import Department
    from gongkai.disclosure import actions
    from tests.test_disclosure_staff_views import application

    request, _code = actions.submit_application(
        data=application(), department=Department.objects.get(short_code="BGS")
    )
    return request


def sign_in_here(page: Page, username: str) -> None:
    """Fill in the sign-in page the browser was sent to (its `next` kept), both factors."""
    expect(page).to_have_url(re.compile(rf"{re.escape(LOGIN)}\?next="))
    page.get_by_label("用户名", exact=True).fill(username)
    page.get_by_label("密码", exact=True).fill(DEMO_PASSWORD)
    page.get_by_role("button", name="登录", exact=True).click()
    if settings.REQUIRE_2FA:
        from django_otp.plugins.otp_totp.models import TOTPDevice

        from gongkai.core.models import User

        # A new device: the code of the first sign-in may still be the current one.
        user = User.objects.get(username=username)
        TOTPDevice.objects.filter(user=user).delete()
        device = TOTPDevice.objects.create(user=user, name="browser test", confirmed=True)
        expect(page).to_have_url(path_is("/workbench/login/otp/"))
        secret = base64.b32encode(device.bin_key).decode().rstrip("=")
        page.get_by_label("动态验证码").fill(totp_now(secret))
        page.get_by_role("button", name="验证并登录").click()


def test_a_reply_typed_when_the_session_ends_is_there_after_signing_in_again(page):
    from django.contrib.sessions.models import Session

    r = processing_request()
    log_in(page, "disclosure")
    page.goto(f"/workbench/disclosure/{r.pk}/")
    page.get_by_label("办理结果", exact=True).select_option(label="（一）予以公开")
    page.get_by_label("答复内容").fill(REPLY)
    Session.objects.all().delete()  # 30 idle minutes, as the server sees them
    page.get_by_role("button", name="保存答复草稿").click()

    sign_in_here(page, "disclosure")
    # The request page (not the POST-only reply address), with the text kept.
    expect(page).to_have_url(re.compile(rf"/workbench/disclosure/{r.pk}/\?draft="))
    expect(page.get_by_role("heading", level=1)).to_contain_text(r.number)
    expect(page.get_by_text(NOTICE)).to_be_visible()
    expect(page.get_by_label("答复内容")).to_have_value(REPLY)
    expect(page.get_by_label("办理结果", exact=True)).to_have_value("1")
    r.refresh_from_db()
    assert r.reply_text == ""  # shown, not sent

    page.get_by_role("button", name="保存答复草稿").click()
    expect(page.get_by_text("已保存答复草稿").first).to_be_visible()
    r.refresh_from_db()
    assert r.reply_text == REPLY


def test_the_page_warns_before_the_session_ends_and_renews_it_on_request(axe_page, settings):
    settings.SESSION_COOKIE_AGE = 8  # the warning comes half-way through so short a session
    page = axe_page
    log_in(page, "editor")
    warning = page.get_by_role("alert").filter(has_text="登录将于1分钟后失效")
    # Waiting for the script's clock, not measuring it: the default 5 s would be too short.
    expect(warning).to_be_visible(timeout=TIMEOUT_MS)
    assert_accessible(page)

    with page.expect_response(lambda response: "/workbench/session/" in response.url) as renewal:
        page.get_by_role("button", name="继续工作").click()
    assert renewal.value.status == 204
    expect(warning).to_be_hidden()
    expect(page).to_have_url(path_is(INBOX))  # the page was never left

    expired = page.get_by_role("alert").filter(has_text="登录已失效")
    expect(expired).to_be_visible(timeout=TIMEOUT_MS)
    assert page.request.get("/workbench/session/").status == 403  # the server agrees
