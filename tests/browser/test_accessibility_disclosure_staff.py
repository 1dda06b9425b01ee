"""axe-core over the 依申请公开 workbench pages: the list, registering, the request page
(with its step forms and after an error), the reply-notice templates."""

import pytest

from tests.browser.helpers import assert_accessible, log_in

pytestmark = pytest.mark.browser


@pytest.fixture
def disclosure_request(site):
    from gongkai.core.models import Department
    from gongkai.disclosure import actions

    request, _code = actions.submit_application(
        data=actions.ApplicationData(
            applicant_type="natural",
            applicant_name="王小明",
            id_type="resident_id",
            id_number="11010519491231002X",
            phone="13800138000",
            info_title="2025年城区道路改造工程招标文件",
            info_description="招标文件及中标公告。",
            requested_form="electronic",
            delivery="online",
        ),
        department=Department.objects.get(short_code="BGS"),
    )
    return request


def test_staff_disclosure_pages_have_no_serious_violations(axe_page, disclosure_request):
    log_in(axe_page, "disclosure")
    for path in [
        "/workbench/disclosure/",
        "/workbench/disclosure/new/",
        f"/workbench/disclosure/{disclosure_request.pk}/",
        "/workbench/disclosure/templates/",
    ]:
        axe_page.goto(path)
        assert_accessible(axe_page)
    axe_page.goto("/workbench/disclosure/new/")
    axe_page.get_by_role("button", name="登记", exact=True).click()
    assert axe_page.locator(".errorlist").count() >= 1
    assert_accessible(axe_page)
    axe_page.goto(f"/workbench/disclosure/{disclosure_request.pk}/")
    axe_page.get_by_role("button", name="生成补正告知书").click()
    assert axe_page.locator(".errorlist").count() >= 1
    assert_accessible(axe_page)


def test_the_template_editor_has_no_serious_violations(axe_page, site):
    log_in(axe_page, "disclosure_head")
    axe_page.goto("/workbench/disclosure/templates/3/")
    assert_accessible(axe_page)
