"""On a phone every page fits the screen: nothing makes the page itself scroll sideways.

Public pages are measured in elderly mode (the largest text, the likeliest to overflow) at the
common phone widths; workbench tables may be wider than a phone, so they scroll inside their
own box, which a keyboard can reach and a screen reader can name.
"""

from __future__ import annotations

import io
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Page, expect

from .conftest import TIMEOUT_MS
from .helpers import assert_accessible, body_font_size, log_in, switch_to_elderly_mode

pytestmark = pytest.mark.browser

PHONE_WIDTHS = [360, 390, 414]
PHONE_HEIGHT = 800
SEARCH_BUTTON = "搜索"
LONG_FILE_NAME = "关于2024年度县级财政预算执行情况审计发现问题整改情况的补充说明材料(第二稿).txt"

# How wide the page is, and the outermost elements that stick out past the right edge.
MEASURE_WIDTH = """() => {
    const width = document.documentElement.clientWidth;
    const outermost = [];
    for (const el of document.body.querySelectorAll('*')) {
        const box = el.getBoundingClientRect();
        if (box.width === 0 || box.right <= width + 0.5) continue;
        if (outermost.some(o => o.contains(el))) continue;
        outermost.push(el);
    }
    return {
        scrollWidth: document.documentElement.scrollWidth,
        innerWidth: window.innerWidth,
        clientWidth: width,
        sticking_out: outermost.slice(0, 5).map(el => {
            const box = el.getBoundingClientRect();
            return `${el.tagName.toLowerCase()}.${el.className} ${Math.round(box.left)}..${Math.round(box.right)}`;
        }),
    };
}"""

# Line boxes a button's text takes: one per line it wraps onto.
TEXT_LINES = """(button) => {
    const range = document.createRange();
    range.selectNodeContents(button);
    return new Set([...range.getClientRects()].map(r => Math.round(r.top))).size;
}"""

# Every table on the page and the nearest ancestor that could scroll it sideways.
TABLE_BOXES = """(width) => [...document.querySelectorAll('main table')].map(table => {
    let box = table.parentElement;
    while (box && box !== document.body && !['auto', 'scroll'].includes(getComputedStyle(box).overflowX)) {
        box = box.parentElement;
    }
    const scrolls = box && box !== document.body;
    return {
        table: (table.caption ? table.caption.textContent : table.rows[0].textContent).trim().slice(0, 30),
        fits: table.getBoundingClientRect().right <= width + 0.5,
        scrolls: Boolean(scrolls),
        overflowing: scrolls ? box.scrollWidth > box.clientWidth : false,
        box_right: scrolls ? Math.round(box.getBoundingClientRect().right) : null,
        focusable: scrolls ? box.tabIndex >= 0 : false,
        role: scrolls ? box.getAttribute('role') : null,
        name: scrolls ? (box.getAttribute('aria-label') || box.getAttribute('aria-labelledby') || '') : '',
    };
})"""


@pytest.fixture
def demo_content(site, monkeypatch):
    """The county as `gongkai demo` shows it: columns, reports, requests, a search index."""
    from django.core.management import call_command

    from gongkai.demo import service_cases
    from gongkai.demo.publishing import load_demo

    # The 政务服务 catalogue whole; of its generated cases a few (every state is among the fixed
    # ones), which is all these pages show.
    monkeypatch.setattr(service_cases, "CASES", 5)
    load_demo(say=lambda *_: None)
    call_command("search", "reindex", "--quiet", stdout=io.StringIO())


@pytest.fixture
def phone(browser, site):
    """`phone(width)`: a page in a phone-sized, touch, mobile context on the live server."""
    contexts = []

    def open_phone(width: int, *, bypass_csp: bool = False) -> Page:
        context = browser.new_context(
            base_url=site,
            viewport={"width": width, "height": PHONE_HEIGHT},
            is_mobile=True,
            has_touch=True,
            bypass_csp=bypass_csp,
            locale="zh-CN",
            timezone_id="Asia/Shanghai",
        )
        context.set_default_timeout(TIMEOUT_MS)
        contexts.append(context)
        return context.new_page()

    yield open_phone
    for context in contexts:
        context.close()


def overflow(page: Page, width: int) -> str | None:
    """Why the page is wider than the phone's `width`, or None when it fits."""
    measured = page.evaluate(MEASURE_WIDTH)
    # A mobile browser may zoom out to show an overflowing page whole, widening innerWidth
    # with it: measure against the width the phone really has, too.
    screen = min(measured["innerWidth"], measured["clientWidth"], width)
    if measured["scrollWidth"] <= screen:
        return None
    return (
        f"{urlsplit(page.url).path} is {measured['scrollWidth']} px wide on a {width} px phone; "
        f"sticking out: {measured['sticking_out']}"
    )


def search_button_lines(page: Page) -> int:
    button = page.locator(".site-search").get_by_role("button", name=SEARCH_BUTTON)
    return int(button.evaluate(TEXT_LINES))


def public_pages(page: Page) -> list[str]:
    """Home, every main-nav entry, and the pages one step further a visitor lands on."""
    page.goto("/")
    paths = ["/"]
    nav = page.get_by_role("navigation", name="主导航").get_by_role("link")
    paths += [urlsplit(href).path for href in nav.evaluate_all("links => links.map(a => a.href)")]
    item = page.locator("main a[href^='/items/']").first.get_attribute("href")
    page.goto("/xxgk/")
    column = page.locator("main a[href^='/columns/']").first.get_attribute("href")
    paths += [
        column,
        item,
        "/search/?q=政务公开",
        "/ysqgk/",
        "/ysqgk/apply/",
        "/ysqgk/track/",
        "/departments/",
        "/no-such-page/",
    ]
    return list(dict.fromkeys(paths))


@pytest.mark.parametrize("width", PHONE_WIDTHS)
def test_every_public_page_in_elderly_mode_fits_a_phone_and_the_search_button_keeps_one_line(
    phone, demo_content, width
):
    page = phone(width)
    pages = public_pages(page)
    assert len(pages) >= 10, pages
    page.goto("/")
    switch_to_elderly_mode(page)
    problems = []
    for path in pages:
        page.goto(path)
        expect(page.get_by_role("heading", level=1)).to_be_visible()
        if reason := overflow(page, width):
            problems.append(reason)
        if (lines := search_button_lines(page)) != 1:
            problems.append(f"{path}: the search button's text takes {lines} lines")
    assert not problems, "\n".join(problems)


def test_every_public_page_in_normal_mode_fits_the_narrowest_phone(phone, demo_content):
    width = min(PHONE_WIDTHS)
    page = phone(width)
    problems = []
    for path in public_pages(page):
        page.goto(path)
        expect(page.get_by_role("heading", level=1)).to_be_visible()
        if reason := overflow(page, width):
            problems.append(reason)
        if (lines := search_button_lines(page)) != 1:
            problems.append(f"{path}: the search button's text takes {lines} lines")
    assert not problems, "\n".join(problems)


def test_a_phone_sized_page_in_elderly_mode_is_accessible(phone, demo_content):
    page = phone(390, bypass_csp=True)
    page.goto("/")
    switch_to_elderly_mode(page)
    assert_accessible(page)
    page.goto("/search/?q=政务公开")
    assert_accessible(page)


# The header's site title and every visible heading, with its computed font size in px.
TITLE_AND_HEADINGS = """() => [...document.querySelectorAll('.site-title, h1, h2, h3, h4, h5, h6')]
    .filter(el => el.getBoundingClientRect().width > 1)
    .map(el => [parseFloat(getComputedStyle(el).fontSize),
                el.tagName.toLowerCase() + (el.className ? '.' + el.className : ''),
                el.textContent.trim().slice(0, 20)])"""


def test_in_elderly_mode_on_a_phone_the_site_title_and_headings_are_not_smaller_than_the_text(
    phone, demo_content
):
    """A phone narrows the header's title to save room; in elderly mode it still must not
    shrink below the enlarged body text, or the mode makes the title the hardest line to read."""
    page = phone(390)
    page.goto("/")
    switch_to_elderly_mode(page)
    problems = []
    for path in ["/", "/zwfw/", "/hudong/"]:
        page.goto(path)
        expect(page.get_by_role("heading", level=1)).to_be_visible()
        body = body_font_size(page)
        found = page.evaluate(TITLE_AND_HEADINGS)
        assert any(".site-title" in name for _, name, _ in found), f"{path}: no site title"
        problems += [f"{path}: {t} is {size}px" for size, t, _ in found if size < body - 0.5]
    assert not problems, "smaller than the body text in elderly mode:\n" + "\n".join(problems)


def upload_a_file_with_a_long_name(page: Page, tmp_path) -> None:
    """A file whose name and details make the file list wider than a phone."""
    path = tmp_path / LONG_FILE_NAME
    path.write_text("整改情况说明。\n", encoding="utf-8")
    page.goto("/workbench/files/")
    page.get_by_label("选择文件").set_input_files(path)
    page.get_by_role("button", name="上传").click()
    expect(page.get_by_role("status")).to_contain_text(LONG_FILE_NAME)


# (user, the staff pages with a table that user may open, whether to follow the first row too)
STAFF_TABLES = [
    ("disclosure", [("/workbench/", False), ("/workbench/disclosure/", True)]),
    # Its last column's links end in a visually hidden (absolutely positioned) text.
    ("disclosure_head", [("/workbench/disclosure/templates/", False)]),
    ("chief", [("/workbench/publishing/?tab=published", True)]),
    (
        "admin",
        [
            ("/workbench/audit/", False),
            ("/workbench/calendar/", False),
            ("/workbench/files/", False),
        ],
    ),
]


def table_problems(page: Page, width: int, scrolled: list[str], *, listed: bool) -> list[str]:
    """What is wrong with the page's width and its tables; appends to `scrolled` each page
    where a table really scrolled in its box. A `listed` page must have a table to check."""
    path = urlsplit(page.url).path
    tables = page.evaluate(TABLE_BOXES, width)
    problems = [f"{path}: no table to check"] if listed and not tables else []
    if reason := overflow(page, width):
        problems.append(reason)
    for table in tables:
        if table["fits"] and not table["scrolls"]:
            continue
        if not table["scrolls"]:
            problems.append(f"{path}: “{table['table']}” sticks out with no box to scroll")
            continue
        if table["box_right"] > width:
            problems.append(f"{path}: the box of “{table['table']}” sticks out itself")
        if not (table["focusable"] and table["role"] == "region" and table["name"]):
            problems.append(f"{path}: the box of “{table['table']}” is not a named region")
        if table["overflowing"]:
            scrolled.append(path)
    return problems


@pytest.mark.parametrize("elderly", [False, True], ids=["normal", "elderly"])
def test_workbench_tables_scroll_in_their_own_box_and_the_page_never_sideways(
    phone, demo_content, demo_mode, tmp_path, elderly
):
    """Every table either fits or scrolls inside a box reachable by Tab and named for a
    screen reader (axe's scrollable-region-focusable); the widest do scroll in their box."""
    width = 390
    problems: list[str] = []
    scrolled: list[str] = []
    for username, paths in STAFF_TABLES:
        page = phone(width)
        if elderly:
            page.goto("/")
            switch_to_elderly_mode(page)
        log_in(page, username)
        if username == "admin":
            upload_a_file_with_a_long_name(page, tmp_path)
        for path, follow_first_row in paths:
            page.goto(path)
            problems += table_problems(page, width, scrolled, listed=True)
            if follow_first_row:
                page.goto(page.locator("main table tbody a").first.get_attribute("href"))
                problems += table_problems(page, width, scrolled, listed=False)
    assert not problems, "\n".join(problems)
    assert "/workbench/audit/" in scrolled, f"no table scrolled where expected: {scrolled}"


def test_a_table_that_scrolls_on_a_phone_is_accessible_and_scrolls_with_the_keyboard(
    phone, demo_content, demo_mode
):
    """The audit log's cells hold no link or button, so only the box itself can take the
    keyboard focus that scrolls it (axe: scrollable-region-focusable)."""
    page = phone(390, bypass_csp=True)
    page.goto("/")
    switch_to_elderly_mode(page)
    log_in(page, "admin")
    page.goto("/workbench/audit/")
    box = page.get_by_role("region", name="审计日志记录")
    assert box.evaluate("box => box.scrollWidth > box.clientWidth"), "the audit log fits: no test"
    assert_accessible(page)
    box.focus()
    expect(box).to_be_focused()
    page.keyboard.press("ArrowRight")
    page.wait_for_function("box => box.scrollLeft > 0", arg=box.element_handle())
    assert overflow(page, 390) is None
