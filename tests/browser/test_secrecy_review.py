"""The 保密审查 (条例 Art. 17) of 政务公开 in Chromium: the last review level confirms it with a
checkbox (refused without, next to the box); the page passes axe-core in each state. (The
head's review of a reply draft is in test_disclosure.py's citizen walkthrough.)"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.browser.helpers import assert_accessible, log_in

pytestmark = pytest.mark.browser
CONFIRM = "已按《政府信息公开条例》第十七条进行保密审查，同意公开"


def test_the_last_level_confirms_the_secrecy_review(axe_page):
    from gongkai.core.models import Department, User
    from gongkai.publishing import actions
    from gongkai.publishing.models import Item, Step

    people = {u.username: u for u in User.objects.all()}
    column = actions.create_column(
        actor=None,
        name="通知公告",
        slug="nyj-tzgg",
        department=Department.objects.get(short_code="NYJ"),
    )
    item = actions.create_item(
        actor=people["editor"], column=column, data=actions.ItemData(title="春耕生产工作通知")
    )
    workflow = actions.submit_item(actor=people["editor"], item=item)
    actions.approve_step(actor=people["chief"], step=workflow.steps.get(state=Step.State.PENDING))

    log_in(axe_page, "editor_in_chief")
    axe_page.goto(f"/workbench/publishing/items/{item.pk}/")
    box = axe_page.get_by_label(CONFIRM)
    expect(box).not_to_be_checked()
    assert_accessible(axe_page)
    axe_page.get_by_role("button", name="通过", exact=True).click()
    expect(axe_page.locator("#id_decide_secrecy_confirmed_error")).to_contain_text("第十七条")
    assert_accessible(axe_page)
    axe_page.get_by_label(CONFIRM).check()
    axe_page.get_by_role("button", name="通过", exact=True).click()
    expect(axe_page.locator("main")).to_contain_text("审核通过，已发布")
    history = axe_page.locator("table").filter(has_text="保密审查")
    expect(history.get_by_role("row", name=re.compile("网站总编审核"))).to_contain_text("已确认")
    item.refresh_from_db()
    assert item.status == Item.Status.PUBLISHED
