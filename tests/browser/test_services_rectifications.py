"""差评整改 in a real browser: the owner's list and page, a refused contact with its error next
to the field, the supervisor's appeals and review form, all clean under axe-core; and the
applicant's reply to the answer on the progress page, without JavaScript."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.browser.helpers import assert_accessible, log_in

pytestmark = pytest.mark.browser


@pytest.fixture
def rectification(site):
    """A bad online rating of a finished case whose clerk signs in with the demo password."""
    from gongkai.core import actions as core_actions
    from gongkai.core.models import Department
    from gongkai.demo.county import DEMO_PASSWORD
    from gongkai.services import roles
    from gongkai.services.actions import rectifications
    from tests.services_rectifications import finished_case, rated

    department = Department.objects.get(short_code="NYJ")
    clerk = core_actions.create_user(
        actor=None, username="b_clerk", password=DEMO_PASSWORD, display_name="窗口甲"
    )
    core_actions.assign_role(actor=None, user=clerk, department=department, role=roles.WINDOW_CLERK)

    class Window:
        pass

    window = Window()
    window.department, window.clerk = department, clerk
    evaluation = rated(finished_case(window, on=None), on=None, comment="太慢了")
    row = evaluation.rectification
    rectifications.raise_appeal(
        actor=clerk, evaluation=evaluation, ground="malicious", statement="恶意差评。"
    )
    return row


def test_the_owner_and_the_supervisor_pages_are_accessible(new_page, rectification):
    page: Page = new_page(bypass_csp=True)
    log_in(page, "b_clerk")
    page.goto("/workbench/services/rectifications/")
    expect(page.get_by_role("heading", level=1)).to_have_text("差评整改")
    assert_accessible(page)
    page.get_by_role("link", name=rectification.evaluation.case.number).click()
    expect(page.get_by_role("heading", name="回访申请人")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="记录回访").click()
    expect(page.locator("#id_contact_note_error")).to_contain_text("请填写联系情况")
    assert_accessible(page)

    boss: Page = new_page(bypass_csp=True)
    log_in(boss, "supervisor")
    boss.goto("/workbench/services/appeals/")
    assert_accessible(boss)
    boss.get_by_role("link", name=rectification.evaluation.case.number).first.click()
    expect(boss.get_by_role("heading", name="申诉复核：恶意差评")).to_be_visible()
    assert_accessible(boss)


def test_the_applicant_replies_to_the_answer_without_javascript(new_page, rectification):
    from gongkai.services.actions import rectifications
    from gongkai.services.views.applications import case_token

    clerk = rectification.owner
    on = rectification.contact_clock.started_on
    rectifications.record_contact(
        actor=clerk, rectification=rectification, on=on, method="电话", note="已回访。"
    )
    rectifications.answer_rectification(
        actor=clerk, rectification=rectification, outcome="explained", answer="已解释说明。"
    )
    page: Page = new_page(javascript=False)
    page.goto(f"/zwfw/track/?t={case_token(rectification.evaluation.case)}")
    expect(page.get_by_text("已解释说明。", exact=True)).to_be_visible()
    page.get_by_role("button", name="不满意").click()
    expect(page.get_by_text("您对整改答复的评价：不满意。")).to_be_visible()
    rectification.refresh_from_db()
    assert rectification.applicant_satisfied is False
