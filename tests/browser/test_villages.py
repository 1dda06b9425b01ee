"""村务公开 in Chromium: 和平村's editor posts the quarter's 财务公开 table, 高山乡's chief editor
approves it in one level, and it shows on the village's page and in the township's section."""

from __future__ import annotations

import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tests.browser.helpers import assert_accessible, log_in

pytestmark = pytest.mark.browser


def test_a_village_posts_its_quarter_and_the_township_approves_it(new_page):
    from gongkai.core.models import Department
    from gongkai.publishing import actions
    from gongkai.publishing.finance import last_complete_quarter, period_label
    from gongkai.publishing.models import Item, VillagePart

    village = actions.set_up_village(
        actor=None, village=Department.objects.get(short_code="GSX-HPC")
    )
    period = period_label(*last_complete_quarter(timezone.localdate()))
    title = f"和平村{period}财务收支公开"

    # 1. The village's editor picks 财务公开 and saves: the table is asked for, nothing saved.
    editor = new_page(bypass_csp=True)  # axe-core runs on the form below
    log_in(editor, "heping_editor")
    editor.goto("/workbench/publishing/new/")
    editor.get_by_label("栏目").select_option(label="财务公开（高山乡和平村）")
    editor.get_by_label("标题", exact=True).fill(title)
    editor.get_by_role("button", name="保存草稿").click()
    expect(editor.locator("main")).to_contain_text("须填写收支明细表")
    expect(editor.get_by_label("标题", exact=True)).to_have_value(title)

    # 2. Two rows, one amount with three decimals: refused next to its row, the rest kept.
    editor.get_by_label("第 1 行收支").select_option(label="收入")
    editor.get_by_label("第 1 行项目").fill("上级转移支付（村级组织运转经费）")
    editor.get_by_label("第 1 行金额（元）").fill("45000")
    editor.get_by_label("第 2 行收支").select_option(label="支出")
    editor.get_by_label("第 2 行项目").fill("村干部基本报酬")
    editor.get_by_label("第 2 行金额（元）").fill("28800.505")
    editor.get_by_role("button", name="保存草稿").click()
    expect(editor.locator("#id_finance-rows-1-amount_error")).to_contain_text("最多保留两位小数")
    expect(editor.get_by_label("第 1 行项目")).to_have_value("上级转移支付（村级组织运转经费）")
    assert not Item.objects.exists()
    assert_accessible(editor)
    editor.get_by_label("第 2 行金额（元）").fill("28800.50")
    editor.get_by_role("button", name="保存草稿").click()
    expect(editor.get_by_role("heading", level=1)).to_have_text(title)
    expect(editor.locator("main")).to_contain_text("16,199.50")  # the balance, by the server
    editor.get_by_role("button", name="提交审核").click()
    expect(editor.locator("main")).to_contain_text("审核中")

    # 3. The township's chief editor sees the table and approves: one level is enough.
    chief = new_page()
    log_in(chief, "township_chief")
    chief.goto("/workbench/")
    chief.get_by_role("link", name=re.compile(re.escape(title))).first.click()
    expect(chief.locator("main")).to_contain_text("村干部基本报酬")
    chief.get_by_label("已按《政府信息公开条例》第十七条进行保密审查，同意公开").check()
    chief.get_by_role("button", name="通过", exact=True).click()
    item = Item.objects.get(latest_revision__title=title)
    assert item.status == Item.Status.PUBLISHED

    # 4. The public finds it in the township's 村务公开 and on the village's page.
    public = new_page(bypass_csp=True)
    public.goto(f"/columns/{village.parent.slug}/")
    expect(public.get_by_role("heading", level=2, name="高山乡和平村")).to_be_visible()
    expect(public.get_by_role("link", name=title)).to_be_visible()
    public.get_by_role("link", name="高山乡和平村").click()
    expect(public.get_by_role("heading", level=1)).to_have_text("高山乡和平村")
    expect(public.locator("main")).to_contain_text("收入合计 45,000.00 元，支出合计 28,800.50 元")
    assert_accessible(public)
    finance = village.children.get(village_part=VillagePart.FINANCE)
    assert finance.items.get() == item

    # 5. The item page shows the table with its totals; it downloads as Excel.
    public.get_by_role("link", name=title).click()
    caption = public.get_by_role("table", name=re.compile("收支明细"))
    expect(caption).to_contain_text("结余")
    expect(caption).to_contain_text("16,199.50")
    download = public.request.get(f"/items/{item.pk}/finance.xlsx")
    assert download.ok and download.headers["content-type"].startswith("application/vnd.openxml")
    assert_accessible(public)
