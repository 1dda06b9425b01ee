"""意见征集 in Chromium, as issue 23 asks: a department opens a draft for comment, two visitors
comment, the moderator shows one and keeps the other, the period closes, the department
answers both and publishes the feedback report, then links the final policy; the draft's page
shows the report and links the policy. Every public page met passes axe-core.

The wall clock is moved with time_machine (ticking from each moment, so the browser's waits
still run): written on 31 October 2025, open from 3 November to 3 December.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from tests.browser.helpers import assert_accessible, log_in
from tests.browser.test_disclosure_fees import at

pytestmark = pytest.mark.browser
TITLE = "关于《示范县农村人居环境整治提升实施方案（征求意见稿）》公开征求意见的公告"
STAFF = "/workbench/letters/consultations/"


@pytest.fixture
def county(site):
    """The demo county's departments, with the consultation personas (tests.letters_consultations)."""
    from gongkai.core.models import Department
    from tests.letters_consultations import People

    class County:
        dept = {d.short_code: d for d in Department.objects.all()}

    People(County)
    return County


def open_consultation(editor: Page) -> None:
    editor.goto(STAFF)
    expect(editor.get_by_role("heading", level=1)).to_have_text("意见征集")
    editor.get_by_label("征集部门").select_option(label="县农业农村局（畜牧）")
    editor.get_by_label("标题", exact=True).fill(TITLE)
    editor.get_by_label("起草说明").fill("为改善农村人居环境，起草了本方案。")
    editor.get_by_label("草案全文").fill("第一条 为了改善农村人居环境……\n第二条 各乡镇应当……")
    editor.get_by_label("开始日期").fill("2025-11-03")
    editor.get_by_label("截止日期").fill("2025-12-01")
    editor.get_by_role("button", name="保存草稿").click()
    expect(editor.locator("#id_new_closes_on_error")).to_contain_text("不能少于 30 日")
    assert_accessible(editor)
    editor.get_by_label("截止日期").fill("2025-12-03")
    editor.get_by_role("button", name="保存草稿").click()
    expect(editor.get_by_text("已保存意见征集草稿").first).to_be_visible()
    editor.get_by_role("button", name="发布意见征集").click()
    expect(editor.get_by_text("已发布").first).to_be_visible()
    expect(editor.locator("#consultation-phase")).to_have_text("即将开始")
    assert_accessible(editor)


def write_comment(visitor: Page, name: str, text: str) -> None:
    visitor.goto("/hudong/consultations/")
    assert_accessible(visitor)
    visitor.get_by_role("link", name=TITLE).click()
    expect(visitor.locator("#consultation-phase")).to_have_text("征集中")
    visitor.get_by_label("姓名", exact=True).fill(name)
    visitor.get_by_label("意见", exact=True).fill(text)
    visitor.get_by_role("button", name="提交意见").click()
    expect(visitor.get_by_text("您的意见已提交").first).to_be_visible()
    assert_accessible(visitor)


def comment_panel(page: Page, number: int):
    return page.locator("article").filter(has_text=re.compile(rf"第 {number} 条"))


def test_a_consultation_opens_takes_comments_closes_and_reports(new_page, county):
    from tests.letters_consultations import POLICY_INDEX

    with at("2025-10-31 09:00"):
        editor = new_page(bypass_csp=True)
        log_in(editor, "c_editor")
        open_consultation(editor)

    with at("2025-11-10 10:00"):
        write_comment(
            new_page(bypass_csp=True), "张三丰", "建议每周清运垃圾两次，电话 13912345678。"
        )
        write_comment(new_page(bypass_csp=True), "李四", "与方案无关的广告内容。")
        moderator = new_page(bypass_csp=True)
        log_in(moderator, "c_moderator")
        moderator.goto(STAFF)
        moderator.get_by_role("link", name=TITLE).click()
        assert_accessible(moderator)
        comment_panel(moderator, 1).get_by_role("button", name="公开此意见").click()
        expect(moderator.get_by_text("已审核此意见").first).to_be_visible()
        comment_panel(moderator, 2).get_by_role("button", name="不公开").click()
        expect(comment_panel(moderator, 2)).to_contain_text("审核状态：不公开")

        visitor = new_page(bypass_csp=True)
        visitor.goto("/hudong/consultations/")
        visitor.get_by_role("link", name=TITLE).click()
        shown = visitor.locator("#shown-comments")
        expect(shown).to_contain_text("139****5678")
        expect(shown).to_contain_text("张**")
        expect(shown).not_to_contain_text("广告")

    with at("2025-12-05 10:00"):
        visitor = new_page(bypass_csp=True)
        visitor.goto("/hudong/consultations/")
        expect(visitor.locator("#finished-heading + ul")).to_contain_text(TITLE)
        visitor.get_by_role("link", name=TITLE).click()
        expect(visitor.locator("#consultation-phase")).to_have_text("已结束")
        expect(visitor.get_by_role("button", name="提交意见")).to_have_count(0)
        assert_accessible(visitor)

        editor = new_page(bypass_csp=True)
        log_in(editor, "c_editor")
        editor.goto(STAFF)
        editor.get_by_role("link", name=TITLE).click()
        first, second = comment_panel(editor, 1), comment_panel(editor, 2)
        first.get_by_label("采纳", exact=True).check()
        first.get_by_label("采纳情况说明").fill("已在第五条增加每周清运两次的要求。")
        first.get_by_role("button", name="保存采纳情况").click()
        expect(editor.get_by_text("已保存此意见的采纳情况").first).to_be_visible()
        editor.get_by_label("意见采纳情况说明").fill("共收到意见两条，采纳一条。")
        editor.get_by_role("button", name="发布意见采纳情况").click()
        expect(editor.locator("#id_report_feedback_error")).to_contain_text("1 条意见未填写")
        second = comment_panel(editor, 2)
        second.get_by_label("不予采纳").check()
        second.get_by_label("采纳情况说明").fill("与本方案无关。")
        second.get_by_role("button", name="保存采纳情况").click()
        editor.get_by_label("意见采纳情况说明").fill("共收到意见两条，采纳一条。")
        editor.get_by_role("button", name="发布意见采纳情况").click()
        expect(editor.get_by_text("已发布意见采纳情况").first).to_be_visible()
        assert_accessible(editor)

        from tests.letters_consultations import published_policy

        published_policy(county)
        editor.get_by_label("正式文件索引号").fill(POLICY_INDEX)
        editor.get_by_role("button", name="保存索引号").click()
        expect(editor.get_by_text("已关联正式文件").first).to_be_visible()

        visitor.goto("/hudong/consultations/")
        visitor.get_by_role("link", name=TITLE).click()
        expect(visitor.locator("#consultation-phase")).to_have_text("已反馈")
        counts = visitor.locator("#report-counts")
        expect(counts).to_contain_text("收到意见2 条")
        expect(counts).to_contain_text("采纳1 条")
        report = visitor.locator("#report-comments")
        expect(report).to_contain_text("已在第五条增加每周清运两次的要求。")
        expect(report).to_contain_text("与本方案无关。")
        expect(report).to_contain_text("（未公开）")
        expect(report).not_to_contain_text("广告")
        assert_accessible(visitor)
        visitor.locator("#final-policy").get_by_role(
            "link", name="示范县农村人居环境整治提升实施方案"
        ).click()
        expect(visitor.get_by_role("heading", level=1)).to_contain_text(
            "示范县农村人居环境整治提升实施方案"
        )
