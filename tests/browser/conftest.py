"""Browser fixtures: Debian's Chromium driven by Playwright against pytest-django's live server.

No browser is ever downloaded: Playwright launches /usr/bin/chromium (GONGKAI_CHROMIUM).
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = os.environ.get("GONGKAI_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
# Playwright waits this long (ms) for an element or a navigation before failing.
TIMEOUT_MS = 15_000


@pytest.fixture(scope="session")
def browser():
    """One Chromium for the whole session; each test gets its own context (cookies, storage)."""
    if not Path(CHROMIUM).exists():
        pytest.skip(f"Chromium not found at {CHROMIUM} (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop in the test thread, and Django refuses database
    # access from a thread with a running loop unless told otherwise. Set only while browser
    # tests run, so that the rest of the suite keeps Django's check.
    before = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            chromium = playwright.chromium.launch(
                executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
            )
            try:
                yield chromium
            finally:
                chromium.close()
    finally:
        if before is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = before


@pytest.fixture
def site(live_server):
    """The live server's address, with the demo county in its database.

    live_server runs each test in a transactional database that is flushed afterwards, so the
    county made once per session by tests/conftest.py is gone after the first browser test.
    """
    from gongkai.demo.county import is_loaded, load_demo_county

    if not is_loaded():
        load_demo_county()
    return live_server.url


@pytest.fixture
def new_page(browser, site):
    """Open a page in a fresh context: `new_page(javascript=False)`, `new_page(bypass_csp=True)`.

    Relative addresses (`page.goto("/")`) go to the live server. Contexts close after the test.
    """
    contexts = []

    def open_page(*, javascript: bool = True, bypass_csp: bool = False):
        context = browser.new_context(
            base_url=site,
            java_script_enabled=javascript,
            bypass_csp=bypass_csp,
            locale="zh-CN",
            timezone_id="Asia/Shanghai",
            viewport={"width": 1280, "height": 900},
        )
        context.set_default_timeout(TIMEOUT_MS)
        contexts.append(context)
        return context.new_page()

    yield open_page
    for context in contexts:
        context.close()


@pytest.fixture
def page(new_page):
    """A page with JavaScript on and the site's Content-Security-Policy enforced."""
    return new_page()


@pytest.fixture
def axe_page(new_page):
    """A page that may run axe-core: the site's CSP (script-src 'self') would block it."""
    return new_page(bypass_csp=True)


@pytest.fixture
def demo_mode(settings):
    """Demo mode as `gongkai demo` runs it: passwords only, and every staff page says so."""
    settings.DEMO_MODE = True
    settings.REQUIRE_2FA = False
    return settings
