"""What the browser tests do again and again: log in, switch elderly mode, run axe-core."""

from __future__ import annotations

import base64
import re
from pathlib import Path

import pytest
from django.conf import settings
from playwright.sync_api import Page, expect

from gongkai.demo.county import DEMO_PASSWORD

ROOT = Path(__file__).resolve().parents[2]
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
BLOCKING_IMPACTS = {"serious", "critical"}
SCREENSHOTS = ROOT / "var" / "screenshots"

ELDERLY_ON = "长辈模式（大字、高对比）"
LOGIN = "/workbench/login/"
INBOX = "/workbench/"
EMPTY_INBOX = "暂无待办事项"
DEMO_BANNER = "演示模式：工作人员双因素认证已关闭"


def path_is(path: str) -> re.Pattern:
    """A URL pattern for `expect(page).to_have_url`: this path, any host, no query."""
    return re.compile(rf"^https?://[^/]+{re.escape(path)}$")


# ---------------------------------------------------------------- accessibility


def axe_violations(page: Page) -> list[dict]:
    """axe-core's WCAG 2.1 A/AA violations on the page as it is now (needs bypass_csp)."""
    if not AXE.exists():
        pytest.fail(f"axe-core is missing at {AXE}: run `npm ci`")
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.add_script_tag(path=str(AXE))
    return page.evaluate(
        """async (tags) => {
            const result = await axe.run(document, {runOnly: {type: 'tag', values: tags}});
            return result.violations.map(v => ({
                id: v.id,
                impact: v.impact,
                help: v.help,
                targets: v.nodes.map(n => n.target.join(' ')),
            }));
        }""",
        WCAG_TAGS,
    )


def assert_accessible(page: Page) -> None:
    """No serious or critical WCAG 2.1 A/AA violation; the message lists each one found."""
    blocking = [v for v in axe_violations(page) if v["impact"] in BLOCKING_IMPACTS]
    report = "\n".join(
        f"  [{v['impact']}] {v['id']}: {v['help']} -> {', '.join(v['targets'][:5])}"
        for v in blocking
    )
    assert not blocking, f"accessibility violations on {page.url}:\n{report}"


def body_font_size(page: Page) -> float:
    """The body's computed font size in CSS pixels."""
    return float(page.evaluate("() => parseFloat(getComputedStyle(document.body).fontSize)"))


def switch_to_elderly_mode(page: Page) -> None:
    """Click the header link (a plain link, cookie + redirect back) and check its effect."""
    normal_size = body_font_size(page)
    back_to = page.url
    page.get_by_role("link", name=ELDERLY_ON).click()
    # The same address comes back: wait for the new page's body, not for the URL.
    expect(page.locator("body")).to_have_class(re.compile(r"\belderly\b"))
    expect(page).to_have_url(back_to)
    assert body_font_size(page) > normal_size


# ---------------------------------------------------------------- login


def totp_now(secret: str) -> str:
    """The code an authenticator app shows now for a base32 secret, as the enrolment page gives it."""
    from django_otp.oath import TOTP

    key = base64.b32decode(secret + "=" * (-len(secret) % 8))
    return f"{TOTP(key, step=30, t0=0, digits=6).token():06d}"


def submit_password(page: Page, username: str, password: str = DEMO_PASSWORD) -> None:
    """The password step of the login page, as a person fills it in."""
    page.goto(LOGIN)
    page.get_by_label("用户名", exact=True).fill(username)
    page.get_by_label("密码", exact=True).fill(password)
    page.get_by_role("button", name="登录", exact=True).click()


def log_in(page: Page, username: str) -> None:
    """Log a demo user in, with an authenticator already enrolled unless 2FA is off."""
    if settings.REQUIRE_2FA:
        from django_otp.plugins.otp_totp.models import TOTPDevice

        from gongkai.core.models import User

        user = User.objects.get(username=username)
        TOTPDevice.objects.filter(user=user).delete()
        device = TOTPDevice.objects.create(user=user, name="browser test", confirmed=True)
        submit_password(page, username)
        expect(page).to_have_url(path_is("/workbench/login/otp/"))
        secret = base64.b32encode(device.bin_key).decode().rstrip("=")
        page.get_by_label("动态验证码").fill(totp_now(secret))
        page.get_by_role("button", name="验证并登录").click()
    else:
        submit_password(page, username)
    expect(page).to_have_url(path_is(INBOX))
    expect(page.get_by_role("heading", level=1)).to_have_text("我的待办")


# ---------------------------------------------------------------- for people


def save_screenshot(page: Page, name: str) -> Path:
    """A full-page PNG in var/screenshots/ for a person to look at (not an assertion)."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path
