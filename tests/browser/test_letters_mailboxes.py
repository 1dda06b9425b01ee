"""The mailboxes in Chromium: the system administrator goes from the letters queue to 信箱管理,
is told next to the field what a new mailbox lacks, creates it, and the mailbox appears on
/hudong/ with its 写信 link. Both staff pages pass axe, the refused form too."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from gongkai.core.models import Department
from gongkai.letters import actions
from gongkai.letters.models import Mailbox
from tests.browser.helpers import assert_accessible, log_in

pytestmark = pytest.mark.browser

NAME = "县民政局局长信箱"


def test_the_administrator_creates_a_mailbox_that_the_public_can_write_to(axe_page, demo_mode):
    page = axe_page
    actions.create_mailbox(
        actor=None,
        name="县长信箱",
        code="county-head",
        department=Department.objects.get(short_code="BGS"),
        review_levels=2,
        is_county_head=True,
    )
    log_in(page, "admin")
    page.get_by_role("navigation", name="工作台导航").get_by_role("link", name="政民互动").click()
    page.get_by_role("link", name="信箱管理").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("信箱管理")
    expect(page.locator("#mailboxes")).to_contain_text("县长信箱")
    assert_accessible(page)

    # Without a code: the error is next to the field, what was typed stays.
    page.get_by_label("信箱名称", exact=True).fill(NAME)
    page.get_by_label("所属部门", exact=True).select_option(label="县民政局")
    page.get_by_role("button", name="新建信箱").click()
    expect(page.locator("#id_new_code_error")).to_contain_text("请填写信箱代码")
    expect(page.get_by_label("信箱名称", exact=True)).to_have_value(NAME)
    assert_accessible(page)
    page.get_by_label("信箱代码", exact=True).fill("mzj")
    page.get_by_label("说明（选填）", exact=True).fill("受理社会救助、养老服务方面的来信。")
    page.get_by_role("button", name="新建信箱").click()

    expect(page.get_by_role("heading", level=1)).to_have_text(NAME)
    expect(page.get_by_role("status")).to_contain_text("已新建信箱")
    expect(page.locator("#mailbox-status")).to_have_text("开放")
    assert_accessible(page)
    assert Mailbox.objects.get(code="mzj").department.short_code == "MZJ"

    page.goto("/hudong/")
    mailboxes = page.locator("#mailboxes")
    expect(mailboxes).to_contain_text(NAME)
    expect(mailboxes).to_contain_text("受理社会救助、养老服务方面的来信。")
    # The hidden half of the link's text is a block of its own: its name has a space.
    mailboxes.get_by_role("link", name=re.compile(rf"^写信\s*给{NAME}$")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"给{NAME}写信")
