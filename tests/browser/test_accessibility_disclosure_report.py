"""axe-core over the annual report's pages: an agency's report with its 发布到年报栏目 button,
the county-wide summary, a bad year (400), publishing it, the review cases page after an
error, and the site-health page's warning about a missing report."""

import pytest

from tests.browser.helpers import assert_accessible, log_in

pytestmark = pytest.mark.browser


@pytest.fixture
def column(site):
    from gongkai.core.models import Department
    from gongkai.publishing.actions import create_column

    return create_column(
        actor=None,
        name="政府信息公开年报",
        slug="xxgk-nb",
        department=Department.objects.get(short_code="BGS"),
        category="annual_report",
    )


def test_the_report_pages_have_no_serious_violations(axe_page, column):
    log_in(axe_page, "disclosure_head")
    for query in ["?year=2025&department=SFX", "?year=2025&department=all"]:
        axe_page.goto(f"/workbench/disclosure/report/{query}")
        assert_accessible(axe_page)
    response = axe_page.goto("/workbench/disclosure/report/?year=abc&department=SFX")
    assert response.status == 400
    assert axe_page.locator("#id_year_error").count() == 1
    assert_accessible(axe_page)
    axe_page.goto("/workbench/disclosure/report/?year=2025&department=SFX")
    axe_page.get_by_role("button", name="发布到年报栏目").click()
    assert axe_page.locator("#report-published").count() == 1
    assert_accessible(axe_page)


def test_the_review_cases_page_has_no_serious_violations(axe_page, site):
    log_in(axe_page, "disclosure")
    axe_page.goto("/workbench/disclosure/reviews/")
    assert_accessible(axe_page)
    axe_page.get_by_role("button", name="登记", exact=True).click()
    assert axe_page.locator(".errorlist").count() >= 1
    assert_accessible(axe_page)


def test_the_health_page_warns_of_a_missing_report_accessibly(axe_page, column):
    log_in(axe_page, "chief")
    axe_page.goto("/workbench/publishing/health/")
    assert axe_page.locator("#annual-reports").count() == 1
    assert_accessible(axe_page)
