"""The demo portal: the 政府信息公开 catalogue and the nine seed reports."""

import pytest

from gongkai.core.models import AuditEvent
from gongkai.core.pii import scan
from gongkai.demo import publishing as demo
from gongkai.publishing.catalogue import ART20, ART21, Category
from gongkai.publishing.html import to_text
from gongkai.publishing.models import Column, Item

pytestmark = pytest.mark.django_db


@pytest.fixture
def columns(db):
    demo.load_demo_columns()
    return {c.slug: c for c in Column.objects.select_related("department", "parent")}


def test_the_disclosure_section_has_the_four_parts_the_rules_name(columns):
    children = {c.name for c in columns["xxgk"].children.all()}
    assert {
        "政府信息公开指南",
        "政府信息公开制度",
        "法定主动公开内容",
        "政府信息公开年报",
    } <= children
    assert columns["xxgk"].department.short_code == "BGS"
    assert columns["xxgk-zn"].category == Category.GUIDE and columns["xxgk-zn"].kind == "page"
    assert columns["xxgk-zd"].category == Category.RULES
    assert columns["xxgk-nb"].category == Category.ANNUAL_REPORT


def test_the_fifteen_article_20_categories_are_columns_with_their_labels(columns):
    art20 = Column.objects.filter(parent=columns["fdzdgk"], category__startswith="art20_")
    assert {c.category: c.name for c in art20} == {c.value: str(c.label) for c in ART20}
    assert all(c.in_catalogue for c in art20)
    owners = {c.category: c.department.short_code for c in art20}
    assert owners[Category.ART20_5] == "SPJ"
    assert owners[Category.ART20_10] == "SWJ"
    assert owners[Category.ART20_11] == "MZJ"
    assert owners[Category.ART20_13] == "NYJ"
    assert owners[Category.ART20_1] == "BGS"
    assert columns["art20-12"].sensitive
    assert columns["art20-1"].update_interval_days == 183


def test_the_township_has_the_article_21_extras(columns):
    township = columns["gsx-xxgk"]
    assert township.department.short_code == "GSX"
    extras = township.children.all()
    assert [c.name for c in extras.order_by("order")] == [str(c.label) for c in ART21]
    assert all(c.in_catalogue and c.department.short_code == "GSX" for c in extras)


def test_news_columns_are_due_every_two_weeks(columns):
    for slug in ("gzdt", "nyj-dt", "swj-dt", "mzj-dt", "xzdt"):
        assert columns[slug].is_news and columns[slug].update_interval_days == 14, slug
    assert columns["nyj-dt"].parent.slug == "bmdt"
    assert columns["nyj-dt"].department.short_code == "NYJ"
    assert columns["nyj-dt"].review_levels == 3
    assert columns["xzdt"].department.short_code == "GSX"


def test_loading_the_columns_again_changes_nothing(columns):
    before = (Column.objects.count(), AuditEvent.objects.count())
    demo.load_demo_columns()
    assert (Column.objects.count(), AuditEvent.objects.count()) == before


def test_the_nine_seed_reports_are_published_searchable_and_free_of_personal_information(columns):
    items = demo.load_demo_reports()
    assert len(items) == 9
    reports = Item.objects.filter(column__slug=demo.REPORTS_SLUG).select_related("live_revision")
    assert reports.count() == 9
    assert all(item.status == Item.Status.PUBLISHED and item.index_number for item in reports)
    titles = {item.live_revision.title for item in reports}
    assert "政务公开建设工作报告（篇1）" in titles and "政务诚信建设探析" in titles
    assert all(item.published_at.year == 2024 for item in reports)
    assert all(item.live_revision.publisher == "县人民政府办公室" for item in reports)
    assert reports.filter(live_revision__body__contains="政务公开").count() >= 6
    for item in reports:
        assert item.live_revision.body.startswith("<p>")
        assert "上一篇" not in item.live_revision.body
        assert scan(to_text(item.live_revision.body)) == []
    assert demo.load_demo_reports() == [], "loaded once only"


def test_personal_information_in_a_report_is_masked_before_it_is_published(columns):
    text = (
        "政务公开建设工作报告 篇1\n\n联系人电话 13812345678，欢迎监督。\n\n"
        "政务公开建设工作报告 篇2\n\n第二篇正文。\n"
    )
    first, second = demo.load_demo_reports(text)
    assert "138****5678" in first.live_revision.body
    assert "13812345678" not in first.live_revision.body
    assert first.live_revision.title == "政务公开建设工作报告（篇1）"
    assert second.live_revision.body == "<p>第二篇正文。</p>"


def test_load_demo_adds_columns_and_reports_to_an_existing_demo_once(db, monkeypatch):
    from gongkai.demo import letters, service_cases

    monkeypatch.setattr(service_cases, "CASES", 5)  # the 政务服务 cases have tests of their own
    monkeypatch.setattr(letters, "LETTERS", 5)  # and so have the letters
    said = []
    demo.load_demo(say=said.append)
    assert said == [
        "正在载入示范栏目……",
        "正在载入示范信息……",
        "正在载入示范村务公开……",
        "正在载入示范依申请公开……",
        "正在载入示范政务服务（事项清单、职权目录和办件）……",
        "正在载入示范政民互动（来信、留言板和意见征集）……",
    ]
    assert Item.objects.filter(column__slug=demo.REPORTS_SLUG).count() == 9
    said.clear()
    demo.load_demo(say=said.append)
    assert said == []
