"""The message board in a browser: axe-core over its public and staff pages (with posts,
flags, reports and a refused form), and a visitor writing and reporting without JavaScript."""

import pytest
from playwright.sync_api import expect

from tests.browser.helpers import assert_accessible, log_in, switch_to_elderly_mode

pytestmark = pytest.mark.browser


@pytest.fixture
def board(site):
    from gongkai.letters.actions import board as actions
    from tests.letters_board_data import (
        PHONE,
        RESIDENT_ID,
        hidden_post,
        make_moderator,
        pending_post,
        published_post,
    )

    moderator = make_moderator()
    actions.add_blocked_word(actor=moderator, word="发票")
    pending_post(title="代开发票", body=f"身份证{RESIDENT_ID}")
    hidden_post(moderator)
    post = published_post(moderator, title="建议延长图书馆开放时间", body=f"电话{PHONE}")
    return {"post": post}


def test_the_board_pages_have_no_serious_violations(axe_page, board):
    post = board["post"]
    for path in ["/hudong/board/", f"/hudong/board/{post.pk}/", "/hudong/board/write/"]:
        axe_page.goto(path)
        assert_accessible(axe_page)
    switch_to_elderly_mode(axe_page)
    assert_accessible(axe_page)
    # A refused form: the errors next to the fields and in the summary.
    axe_page.get_by_role("button", name="提交留言").click()
    expect(axe_page.locator(".form-errors")).to_be_focused()
    assert axe_page.locator(".errorlist").count() == 3
    assert_accessible(axe_page)
    axe_page.goto("/hudong/board/")
    axe_page.locator(".board-report summary").first.click()
    axe_page.get_by_role("button", name="提交举报").first.click()
    expect(axe_page.locator(".errorlist")).to_contain_text("请填写举报理由")
    assert_accessible(axe_page)


def test_the_moderation_pages_have_no_serious_violations(axe_page, board):
    from tests.letters_board_data import MODERATOR

    log_in(axe_page, MODERATOR)
    axe_page.goto("/workbench/letters/board/moderation/")
    expect(axe_page.locator("main")).to_contain_text("含关键词：发票")
    assert_accessible(axe_page)
    axe_page.get_by_role("button", name="不予通过").first.click()
    expect(axe_page.locator(".errorlist")).to_contain_text("请填写不予通过的理由")
    assert_accessible(axe_page)
    axe_page.goto("/workbench/letters/board/blocked-words/")
    assert_accessible(axe_page)


def test_a_visitor_writes_and_reports_without_javascript(new_page, board):
    from gongkai.letters.models import Post, PostReport

    page = new_page(javascript=False)
    page.goto("/hudong/board/")
    page.get_by_role("link", name="写留言").click()
    page.get_by_label("昵称").fill("老读者")
    page.get_by_label("标题").fill("希望增加自习座位")
    page.get_by_label("内容").fill("周末座位不够。")
    page.get_by_role("button", name="提交留言").click()
    expect(page.locator(".messages")).to_contain_text("审核通过后将在留言板公开")
    assert Post.objects.filter(title="希望增加自习座位", status="pending").exists()

    page.locator(".board-report summary").first.click()
    page.get_by_label("举报理由").first.fill("与本站无关的广告")
    page.get_by_role("button", name="提交举报").first.click()
    expect(page.locator(".messages")).to_contain_text("已收到您的举报")
    assert PostReport.objects.filter(post=board["post"]).count() == 1
