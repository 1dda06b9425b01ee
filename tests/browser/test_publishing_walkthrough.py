"""Publishing a document as real users do, in Chromium: editor, gate, review, portal, feed.

With GONGKAI_SCREENSHOTS=docs the steps are photographed into docs/screenshots/ for the
README's walkthrough; otherwise into var/screenshots/.
"""

from __future__ import annotations

import os
import re
import xml.etree.ElementTree as ET

import pytest
from playwright.sync_api import Page, expect

from tests.browser.helpers import ROOT, log_in, path_is
from tests.documents import make_pdf

pytestmark = pytest.mark.browser

SHOTS = ROOT / (
    "docs/screenshots" if os.environ.get("GONGKAI_SCREENSHOTS") == "docs" else "var/screenshots"
)
TITLE = "2026年春耕生产工作情况报告"
# What a clerk copies out of Word: the clipboard's HTML, styles and all.
WORD_PASTE = (
    '<p class="MsoTitle" style="text-align:center"><b><span style="font-size:22pt">'
    "2026年春耕生产工作情况报告</span></b></p>"
    '<h2 style="mso-list:l0">一、总体进展</h2>'
    '<p class="MsoNormal" style="text-indent:2em">全县春耕备耕有序推进，完成早稻育秧<b>3.2万亩</b>。</p>'
    "<table border=1><tr><th>乡镇</th><th>播种面积（亩）</th></tr>"
    "<tr><td>高山乡</td><td>5200</td></tr></table>"
    "<ul><li>农资储备充足</li><li>农机检修到位</li></ul>"
    '<p><script>alert("x")</script>联系人：农业农村局办公室</p>'
)


def shot(page: Page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"publishing-{name}.png"))


def open_item(page: Page, title: str) -> None:
    page.goto("/workbench/")
    page.get_by_role("link", name=re.compile(re.escape(title))).first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(title)


def test_an_editor_publishes_a_report_through_the_gate_and_three_level_review(new_page, tmp_path):
    from gongkai.demo.publishing import load_demo_columns
    from gongkai.publishing.models import Column, Item

    load_demo_columns()
    pdf = tmp_path / "春耕联系表.pdf"
    pdf.write_bytes(make_pdf("Contact: Li, mobile 13812345678", "Gaoshan township"))

    # 1. The editor of 县农业农村局 writes the report in the 农业农村 column and attaches a PDF.
    editor = new_page()
    log_in(editor, "editor")
    editor.get_by_role("link", name="政务公开").first.click()
    editor.get_by_role("link", name="新建信息").click()
    column = Column.objects.get(slug="nyj-dt")
    editor.get_by_label("栏目").select_option(value=str(column.pk))
    editor.get_by_label("标题", exact=True).fill(TITLE)
    editor.get_by_role("textbox", name="正文").fill(WORD_PASTE)
    editor.get_by_label("添加附件").set_input_files(str(pdf))
    shot(editor, "1-new-item")
    editor.get_by_role("button", name="保存草稿").click()
    expect(editor.get_by_role("heading", level=1)).to_contain_text(TITLE)
    item = Item.objects.get(latest_revision__title=TITLE)
    body = item.latest_revision.body
    assert "<table>" in body and "<li>" in body and "<script" not in body and "style=" not in body

    # 2. Submitting is stopped by the personal-information gate, which points at the PDF.
    editor.get_by_role("button", name="提交审核").click()
    gate = editor.locator("main")
    expect(gate).to_contain_text("春耕联系表")
    expect(gate).to_contain_text("138****5678")
    shot(editor, "2-gate")
    assert not item.workflows.exists()

    # 3. One click masks it; then the submission goes through.
    editor.get_by_role("button", name="一键遮盖").click()
    expect(editor.locator("main")).to_contain_text("遮盖")
    editor.get_by_role("button", name="提交审核").click()
    expect(editor.locator("main")).to_contain_text("审核中")

    # 4. The chief editor sends it back with a comment.
    chief = new_page()
    log_in(chief, "chief")
    open_item(chief, TITLE)
    chief.get_by_label("审核意见").fill("请补充文号")
    chief.get_by_role("button", name="退回").click()
    expect(chief.locator("main")).to_contain_text("请补充文号")

    # 5. The editor sees it in the inbox, adds the document number and resubmits.
    open_item(editor, TITLE)
    expect(editor.locator("main")).to_contain_text("请补充文号")
    editor.get_by_role("link", name="修改").first.click()
    editor.get_by_label("文号").fill("示农发〔2026〕5号")
    editor.get_by_role("button", name="保存草稿").click()
    editor.get_by_role("button", name="提交审核").click()
    expect(editor.locator("main")).to_contain_text("审核中")

    # 6. The chief editor and the editor-in-chief approve.
    open_item(chief, TITLE)
    chief.get_by_role("button", name="通过", exact=True).click()
    expect(chief.locator("main")).to_contain_text("网站总编审核")
    boss = new_page()
    log_in(boss, "editor_in_chief")
    open_item(boss, TITLE)
    shot(boss, "3-review")
    # The last level confirms the 保密审查 (条例 Art. 17) with its approval.
    boss.get_by_label("已按《政府信息公开条例》第十七条进行保密审查，同意公开").check()
    boss.get_by_role("button", name="通过", exact=True).click()
    item.refresh_from_db()
    assert item.status == Item.Status.PUBLISHED and item.index_number

    # 7. The public sees it on the portal with its metadata table, and in the column's feed.
    public = new_page()
    public.goto("/columns/nyj-dt/")
    public.get_by_role("link", name=TITLE).click()
    expect(public.get_by_role("heading", level=1)).to_have_text(TITLE)
    table = public.locator("table").first
    expect(table).to_contain_text(item.index_number)
    expect(table).to_contain_text("示农发〔2026〕5号")
    expect(table).to_contain_text("县农业农村局")
    expect(public.locator("main")).to_contain_text("3.2万亩")
    expect(public.locator("main")).not_to_contain_text("13812345678")
    shot(public, "4-public")
    feed = public.request.get("/columns/nyj-dt/rss.xml")
    assert feed.ok
    titles = [t.text for t in ET.fromstring(feed.text()).iter("title")]
    assert TITLE in titles

    # 8. An editor of another department cannot open it for editing.
    other = new_page()
    log_in(other, "township_editor")
    response = other.goto(f"/workbench/publishing/items/{item.pk}/edit/")
    assert response.status == 403
    expect(other.locator("main")).to_contain_text("无权")
    expect(other).to_have_url(path_is(f"/workbench/publishing/items/{item.pk}/edit/"))


def test_pasting_from_word_keeps_the_structure_and_the_page_runs_no_inline_script(new_page):
    from gongkai.demo.publishing import load_demo_columns

    load_demo_columns()
    page = new_page()
    violations = []
    page.on(
        "console",
        lambda msg: violations.append(msg.text) if "Content Security Policy" in msg.text else None,
    )
    log_in(page, "editor")
    page.goto("/workbench/publishing/new/")
    body = page.get_by_role("textbox", name="正文")
    body.fill("前言\n")
    body.evaluate(
        """(el, html) => {
            el.focus();
            el.selectionStart = el.selectionEnd = el.value.length;
            const data = new DataTransfer();
            data.setData('text/html', html);
            data.setData('text/plain', '一、总体进展 全县春耕');
            el.dispatchEvent(new ClipboardEvent('paste', {clipboardData: data, bubbles: true, cancelable: true}));
        }""",
        WORD_PASTE,
    )
    value = body.input_value()
    assert value.startswith("前言\n") and "<table" in value and "<h2" in value
    assert violations == []
