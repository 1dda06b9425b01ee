"""axe-core over the 政务公开 pages: public and staff, normal and elderly mode."""

import pytest

from tests.browser.helpers import assert_accessible, log_in, switch_to_elderly_mode

pytestmark = pytest.mark.browser


@pytest.fixture
def content(site):
    from gongkai.demo.publishing import load_demo_columns, load_demo_reports
    from gongkai.publishing.models import Item

    load_demo_columns()
    load_demo_reports()
    return Item.objects.filter(status=Item.Status.PUBLISHED).order_by("-published_at").first()


@pytest.mark.parametrize("elderly", [False, True], ids=["normal", "elderly"])
def test_public_publishing_pages_have_no_serious_violations(axe_page, content, elderly):
    axe_page.goto("/")
    if elderly:
        switch_to_elderly_mode(axe_page)
    for path in [
        "/",
        "/xxgk/",
        "/columns/zwgk-gzbg/",
        f"/items/{content.pk}/",
        "/columns/xxgk-zn/",
    ]:
        axe_page.goto(path)
        assert_accessible(axe_page)


def test_staff_publishing_pages_have_no_serious_violations(axe_page, content):
    log_in(axe_page, "chief")
    for path in [
        "/workbench/publishing/",
        "/workbench/publishing/health/",
        f"/workbench/publishing/items/{content.pk}/",
        f"/workbench/publishing/items/{content.pk}/revisions/",
        f"/workbench/publishing/items/{content.pk}/preview/",
    ]:
        axe_page.goto(path)
        assert_accessible(axe_page)


def test_column_settings_have_no_serious_violations(axe_page, content):
    log_in(axe_page, "admin")
    axe_page.goto("/workbench/publishing/columns/")
    assert_accessible(axe_page)
    axe_page.goto("/workbench/publishing/columns/new/")
    axe_page.get_by_role("button", name="保存").click()
    assert axe_page.locator(".errorlist").count() >= 1
    assert_accessible(axe_page)


def test_the_item_form_has_no_serious_violations_even_with_errors(axe_page, content):
    log_in(axe_page, "editor")
    axe_page.goto("/workbench/publishing/new/")
    assert_accessible(axe_page)
    axe_page.get_by_role("button", name="保存草稿").click()
    assert axe_page.locator(".errorlist").count() >= 1
    assert_accessible(axe_page)
