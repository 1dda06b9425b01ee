"""政务公开 on the portal, through HTTP: the 政府信息公开 catalogue, column pages, item pages,
attachments, feeds, the sitemap, conditional GETs and the query counts of list pages."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.cache import caches
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from gongkai.core import files
from gongkai.core.actions import store_upload
from gongkai.demo.publishing import load_demo_columns
from gongkai.publishing import actions
from gongkai.publishing.actions import (
    ItemData,
    approve_step,
    create_column,
    create_item,
    import_published_item,
    save_revision,
    submit_item,
)
from gongkai.publishing.models import Column, Item, Workflow
from tests.documents import make_pdf

pytestmark = pytest.mark.django_db

SHANGHAI = ZoneInfo("Asia/Shanghai")
PDF = make_pdf("Annual report 2024")  # a real one-page PDF: uploads must open
RSS = "application/rss+xml"
ATOM_NS = "{http://www.w3.org/2005/Atom}"
SITEMAP_NS = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


# ---------------------------------------------------------------- helpers


def at(text: str):
    """Freeze the wall clock at `text` (Shanghai time)."""
    return time_machine.travel(datetime.fromisoformat(text).replace(tzinfo=SHANGHAI), tick=False)


def page(response) -> str:
    return response.content.decode()


def text_of(response) -> str:
    """The page's text without tags, whitespace collapsed (for sentences split by markup)."""
    return " ".join(re.sub(r"<[^>]+>", " ", page(response)).split())


@pytest.fixture
def people(county):
    return county.user


@pytest.fixture
def news(county):
    """A news column of 农业农村局 where the editor's own check publishes (one level)."""
    return create_column(
        actor=None,
        name="农业动态",
        slug="nyj-news",
        department=county.dept["NYJ"],
        review_levels=1,
        is_news=True,
    )


def publish(people, column, title="关于做好春耕生产工作的通知", **fields) -> Item:
    """Draft, submit and (one-level column) publish at once, through the real actions."""
    item = create_item(actor=people["editor"], column=column, data=ItemData(title=title, **fields))
    submit_item(actor=people["editor"], item=item)
    item.refresh_from_db()
    assert item.status == Item.Status.PUBLISHED
    return item


def pdf_upload(name="附件.pdf"):
    checked = files.check_upload(SimpleUploadedFile(name, PDF))
    return store_upload(actor=None, checked=checked)


def etag_of(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200
    return response["ETag"]


# ---------------------------------------------------------------- 政府信息公开 catalogue


def test_the_catalogue_lists_guide_rules_art20_in_order_township_columns_and_annual_reports(
    client, county
):
    load_demo_columns()
    column = Column.objects.get(slug="art20-13")
    import_published_item(actor=None, column=column, data=ItemData(title="农产品质量抽检结果"))
    response = client.get("/xxgk/")
    assert response.status_code == 200
    html = page(response)
    positions = [
        html.index(label)
        for label in (
            "政府信息公开指南",
            "政府信息公开制度",
            "法定主动公开内容",
            "行政法规、规章和规范性文件",
            "机关职能、机构设置",
            "公务员招考",
            "高山乡人民政府（乡镇主动公开内容）",
            "农业农村政策",
            "社会救助",
            "政府信息公开年报",
        )
    ]
    assert positions == sorted(positions), "guide, rules, Art. 20 in order, Art. 21, reports"
    assert 'href="/columns/xxgk-zn/"' in html and 'href="/columns/gsx-art21-8/"' in html
    assert re.search(r'href="/columns/art20-13/">[^<]+</a> <span class="count">（1 条）', html)
    assert re.search(r'href="/columns/art20-1/">[^<]+</a> <span class="count">（0 条）', html)
    assert 'aria-current="page">政府信息公开</a>' in html, "the nav marks the section"


def test_the_catalogue_refuses_other_methods(client, db):
    assert client.post("/xxgk/").status_code == 405


def test_the_nav_links_to_the_catalogue_on_every_portal_page(client, db):
    assert 'href="/xxgk/"' in page(client.get("/"))
    assert 'href="/xxgk/"' in page(client.get("/departments/"))


# ---------------------------------------------------------------- column pages


def test_a_list_column_shows_its_items_newest_first_with_dates_and_validity(client, people, news):
    with at("2025-10-29 09:00"):
        older = publish(people, news, title="旧通知")
    with at("2025-10-30 09:00"):
        newer = publish(people, news, title="新通知")
    actions.change_validity(
        actor=people["editor"], item=older, validity=Item.Validity.REPEALED, on=date(2025, 11, 1)
    )
    draft = create_item(actor=people["editor"], column=news, data=ItemData(title="未发布草稿"))
    response = client.get("/columns/nyj-news/")
    assert response.status_code == 200
    html = page(response)
    assert html.index("新通知") < html.index("旧通知")
    assert f'href="/items/{newer.pk}/"' in html and f'href="/items/{older.pk}/"' in html
    assert "2025年10月30日" in html and "2025年10月29日" in html
    assert '<span class="tag">已废止</span>' in html
    assert html.count('class="tag"') == 1, "only the repealed document is tagged"
    assert "未发布草稿" not in html and f"/items/{draft.pk}/" not in html
    assert "<h1>农业动态</h1>" in html
    assert '<a href="/">首页</a>' in html and 'aria-current="page">农业动态</a>' in html


def test_a_column_paginates_by_twenty_with_plain_links(client, people, news):
    for i in range(25):
        publish(people, news, title=f"第{i:02d}条动态")
    first = page(client.get("/columns/nyj-news/"))
    assert first.count('href="/items/') == 20
    assert "第24条动态" in first and "第04条动态" not in first
    assert 'href="?page=2"' in first and 'rel="next"' in first
    second = client.get("/columns/nyj-news/?page=2")
    assert second.status_code == 200
    assert page(second).count('href="/items/') == 5 and "第00条动态" in page(second)
    assert 'href="?page=1" rel="prev"' in page(second)


def test_a_column_filters_by_year_with_links_for_the_years_that_have_items(client, people, news):
    with at("2024-06-01 10:00"):
        publish(people, news, title="二〇二四年的动态")
    with at("2025-06-01 10:00"):
        publish(people, news, title="二〇二五年的动态")
    html = page(client.get("/columns/nyj-news/"))
    assert 'href="?year=2025"' in html and 'href="?year=2024"' in html
    assert 'href="?year=2023"' not in html
    response = client.get("/columns/nyj-news/?year=2024")
    assert response.status_code == 200
    assert "二〇二四年的动态" in page(response) and "二〇二五年的动态" not in page(response)
    assert 'href="?year=2024" aria-current="page"' in page(response)


def test_a_year_without_items_shows_an_empty_list_with_a_message(client, people, news):
    publish(people, news)
    response = client.get("/columns/nyj-news/?year=2019")
    assert response.status_code == 200
    assert "2019年暂无信息" in page(response)


@pytest.mark.parametrize(
    "query",
    ["year=abc", "year=２０２５", "year=99999999999999999999", "page=9999", "page=abc", "page=0"],
)
def test_bad_year_or_page_is_not_found_never_a_server_error(client, people, news, query):
    publish(people, news)
    response = client.get(f"/columns/nyj-news/?{query}")
    assert response.status_code == 404
    assert "页面不存在" in page(response)


def test_an_unknown_column_is_not_found_and_a_column_refuses_post(client, news):
    assert client.get("/columns/no-such-column/").status_code == 404
    assert client.post("/columns/nyj-news/").status_code == 405


def test_a_page_column_shows_its_latest_item_body_directly(client, county):
    load_demo_columns()
    guide = Column.objects.get(slug="xxgk-zn")
    with at("2025-01-02 09:00"):
        import_published_item(
            actor=None, column=guide, data=ItemData(title="指南旧版", body="<p>旧的指南正文</p>")
        )
    with at("2025-03-02 09:00"):
        import_published_item(
            actor=None, column=guide, data=ItemData(title="指南新版", body="<p>新的指南正文</p>")
        )
    response = client.get("/columns/xxgk-zn/")
    assert response.status_code == 200
    html = page(response)
    assert "<p>新的指南正文</p>" in html and "旧的指南正文" not in html
    assert "<h1>政府信息公开指南</h1>" in html
    # The catalogue's root column stands for the section in the breadcrumb.
    assert '<a href="/xxgk/">政府信息公开</a>' in html


def test_an_empty_page_column_says_so(client, county):
    load_demo_columns()
    response = client.get("/columns/xxgk-zd/")
    assert response.status_code == 200 and "本栏目暂无内容" in page(response)


def test_a_link_column_redirects_to_its_address(client, county):
    create_column(
        actor=None,
        name="省政府门户",
        slug="sheng",
        department=county.dept["BGS"],
        kind=Column.Kind.LINK,
        external_url="https://www.example.gov.cn/",
    )
    response = client.get("/columns/sheng/")
    assert response.status_code == 302 and response["Location"] == "https://www.example.gov.cn/"


def test_a_column_lists_its_child_columns_with_a_breadcrumb(client, county, news):
    child = create_column(
        actor=None, name="种植业", slug="zzy", department=county.dept["NYJ"], parent=news
    )
    html = page(client.get("/columns/nyj-news/"))
    assert "下级栏目" in html and 'href="/columns/zzy/"' in html
    html = page(client.get(f"/columns/{child.slug}/"))
    assert '<a href="/columns/nyj-news/">农业动态</a>' in html
    assert 'aria-current="page">种植业</a>' in html


# ---------------------------------------------------------------- item pages


def test_the_item_page_shows_the_metadata_table_then_title_body_and_attachments(
    client, people, news
):
    with at("2025-10-30 09:00"):
        item = publish(
            people,
            news,
            title="关于印发春耕方案的通知",
            body="<p>各乡镇：现将方案印发给你们。</p>",
            document_number="示府办发〔2026〕3号",
            keywords="春耕 农业",
            source="县农业农村局",
            created_on=date(2025, 10, 28),
            topic="agriculture",
            attachments=[pdf_upload()],
        )
    response = client.get(f"/items/{item.pk}/")
    assert response.status_code == 200
    html = page(response)
    table = re.search(r'<table class="meta-table">(.*?)</table>', html, re.S).group(1)
    rows = dict(re.findall(r'<th scope="row">(.*?)</th><td>(.*?)</td>', table))
    assert rows == {
        "索引号": item.index_number,
        "发布机构": "县农业农村局（畜牧）",
        "生成日期": "2025年10月28日",
        "发布日期": "2025年10月30日",
        "文号": "示府办发〔2026〕3号",
        "主题分类": "农业、林业、水利",
        "有效性": "有效",
        "公开方式": "主动公开",
        "关键词": "春耕 农业",
        "信息来源": "县农业农村局",
    }
    assert item.index_number.startswith("11510000MB0000005E/2025-")
    assert html.index("<table") < html.index("<h1") < html.index("各乡镇")
    assert '<h1 class="item-title">关于印发春耕方案的通知</h1>' in html
    link = item.live_revision.attachment_links.get()
    assert f'href="/items/{item.pk}/attachments/{link.pk}/">附件.pdf</a>' in html
    assert "validity-banner" not in html


def test_titles_and_bodies_are_escaped_or_stripped(client, people, news):
    item = publish(
        people,
        news,
        title="<script>alert(1)</script>标题",
        body='<p>正文<img src=x onerror=alert(1)></p><script>alert(2)</script><a href="javascript:alert(3)">链接</a>',
        keywords='"><script>alert(4)</script>',
    )
    for url in (f"/items/{item.pk}/", "/columns/nyj-news/", "/"):
        html = page(client.get(url))
        assert "<script>alert" not in html, url
        assert "onerror" not in html and "<img" not in html and "javascript:" not in html, url
        assert "&lt;script&gt;alert(1)&lt;/script&gt;标题" in html, url
    assert "<p>正文</p>" in page(client.get(f"/items/{item.pk}/"))
    for feed in ("rss.xml", "atom.xml"):
        raw = page(client.get(f"/columns/nyj-news/{feed}"))
        assert "<script>" not in raw and "onerror" not in raw


def test_a_repealed_document_says_so_and_links_to_the_one_replacing_it(client, people, news):
    old = publish(people, news, title="旧办法")
    new = publish(people, news, title="新办法")
    actions.change_validity(
        actor=people["editor"],
        item=old,
        validity=Item.Validity.REPEALED,
        on=date(2025, 10, 30),
        replaced_by=new,
    )
    response = client.get(f"/items/{old.pk}/")
    assert response.status_code == 200
    html = page(response)
    assert "本文件已于2025年10月30日废止" in html
    assert f'<a href="/items/{new.pk}/">新办法</a>' in html
    assert '<th scope="row">有效性</th><td>已废止</td>' in html
    assert html.index("validity-banner") < html.index("<h1")


@pytest.mark.parametrize(
    ("validity", "sentence"),
    [
        (Item.Validity.AMENDED, "本文件已于2025年10月30日修改"),
        (Item.Validity.EXPIRED, "本文件已于2025年10月30日失效"),
    ],
)
def test_amended_and_expired_documents_say_so(client, people, news, validity, sentence):
    item = publish(people, news)
    actions.change_validity(
        actor=people["editor"], item=item, validity=validity, on=date(2025, 10, 30)
    )
    html = page(client.get(f"/items/{item.pk}/"))
    assert sentence in html and "请以" not in html


def test_a_withdrawn_item_shows_a_notice_with_the_reason_and_410(client, people, news):
    item = publish(people, news, title="有误的通知", body="<p>错误的内容</p>")
    with at("2025-10-30 15:00"):
        actions.withdraw_item(actor=people["chief"], item=item, reason="数据有误，更正后重新发布")
    response = client.get(f"/items/{item.pk}/")
    assert response.status_code == 410
    assert "该信息已于2025年10月30日撤销" in page(response)
    assert "数据有误，更正后重新发布" in page(response)
    assert "错误的内容" not in page(response) and "有误的通知" not in page(response)
    assert "有误的通知" not in page(client.get("/columns/nyj-news/"))


def test_drafts_scheduled_and_unknown_items_are_not_found(client, people, county):
    column = create_column(actor=None, name="三审栏目", slug="three", department=county.dept["NYJ"])
    draft = create_item(actor=people["editor"], column=column, data=ItemData(title="草稿"))
    assert client.get(f"/items/{draft.pk}/").status_code == 404
    submit_item(actor=people["editor"], item=draft)
    assert client.get(f"/items/{draft.pk}/").status_code == 404, "in review"
    assert client.get("/items/999999/").status_code == 404


def test_an_item_reviewed_at_three_levels_is_public_once_approved(client, people, county):
    column = create_column(actor=None, name="三审栏目", slug="three", department=county.dept["NYJ"])
    item = create_item(actor=people["editor"], column=column, data=ItemData(title="三审信息"))
    submit_item(actor=people["editor"], item=item)
    for reviewer in ("chief", "editor_in_chief"):
        assert client.get(f"/items/{item.pk}/").status_code == 404
        step = item.workflows.get(state=Workflow.State.IN_PROGRESS).steps.get(state="pending")
        approve_step(actor=people[reviewer], step=step, secrecy_confirmed=True)
    response = client.get(f"/items/{item.pk}/")
    assert response.status_code == 200 and "三审信息" in page(response)


def test_the_public_sees_the_live_revision_not_a_later_draft(client, people, news):
    item = publish(people, news, title="线上标题", body="<p>线上正文</p>")
    save_revision(
        actor=people["editor"], item=item, data=ItemData(title="草稿标题", body="<p>草稿正文</p>")
    )
    html = page(client.get(f"/items/{item.pk}/"))
    assert "线上标题" in html and "线上正文" in html
    assert "草稿标题" not in html and "草稿正文" not in html


def test_an_item_page_refuses_post(client, people, news):
    item = publish(people, news)
    assert client.post(f"/items/{item.pk}/").status_code == 405


# ---------------------------------------------------------------- attachments


def test_an_attachment_downloads_with_its_name_type_and_nosniff(client, people, news):
    item = publish(people, news, attachments=[pdf_upload("春耕 方案（2025）.pdf")])
    link = item.live_revision.attachment_links.get()
    response = client.get(f"/items/{item.pk}/attachments/{link.pk}/")
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment; ")
    # The stored name is sanitised (NFKC: full-width brackets become ASCII ones).
    assert "filename*=utf-8''%E6%98%A5%E8%80%95%20%E6%96%B9%E6%A1%88%282025%29.pdf" in (
        disposition.replace("UTF-8", "utf-8")
    )
    assert f'filename="attachment-{link.pk}.pdf"' in disposition
    assert client.post(f"/items/{item.pk}/attachments/{link.pk}/").status_code == 405


def test_an_ascii_attachment_name_is_given_as_is(client, people, news):
    item = publish(people, news, attachments=[pdf_upload("plan-2025.pdf")])
    link = item.live_revision.attachment_links.get()
    response = client.get(f"/items/{item.pk}/attachments/{link.pk}/")
    assert response["Content-Disposition"] == 'attachment; filename="plan-2025.pdf"'


def test_attachments_of_drafts_old_revisions_other_items_and_withdrawn_items_are_not_found(
    client, people, news
):
    draft = create_item(
        actor=people["editor"],
        column=news,
        data=ItemData(title="草稿", attachments=[pdf_upload()]),
    )
    draft_link = draft.latest_revision.attachment_links.get()
    assert client.get(f"/items/{draft.pk}/attachments/{draft_link.pk}/").status_code == 404

    item = publish(people, news, attachments=[pdf_upload("旧附件.pdf")])
    old_link = item.live_revision.attachment_links.get()
    other = publish(people, news, title="另一条")
    assert client.get(f"/items/{other.pk}/attachments/{old_link.pk}/").status_code == 404
    # A new revision published without the attachment: the old one is gone from the public.
    save_revision(actor=people["editor"], item=item, data=ItemData(title="更正后"))
    submit_item(actor=people["editor"], item=item)
    assert client.get(f"/items/{item.pk}/attachments/{old_link.pk}/").status_code == 404

    kept = publish(people, news, title="将撤稿", attachments=[pdf_upload()])
    kept_link = kept.live_revision.attachment_links.get()
    url = f"/items/{kept.pk}/attachments/{kept_link.pk}/"
    assert client.get(url).status_code == 200
    actions.withdraw_item(actor=people["chief"], item=kept, reason="错发")
    assert client.get(url).status_code == 404


def test_an_attachment_answers_a_conditional_get_by_its_digest(client, people, news):
    item = publish(people, news, attachments=[pdf_upload()])
    link = item.live_revision.attachment_links.get()
    url = f"/items/{item.pk}/attachments/{link.pk}/"
    etag = client.get(url)["ETag"]
    assert etag == f'"{link.upload.file.sha256}"'
    assert client.get(url, HTTP_IF_NONE_MATCH=etag).status_code == 304


# ---------------------------------------------------------------- home page


def test_the_home_page_shows_the_latest_items_of_news_columns_and_the_catalogue(
    client, people, county, news
):
    load_demo_columns()
    with at("2025-10-30 09:00"):
        for i in range(7):
            publish(people, news, title=f"农业动态第{i}条")
    import_published_item(
        actor=None,
        column=Column.objects.get(slug="art20-13"),
        data=ItemData(title="抽检结果公告"),
    )
    html = page(client.get("/"))
    assert "暂无已发布的信息" not in html
    assert "农业动态第6条" in html and "农业动态第2条" in html
    assert "农业动态第1条" not in html, "a few per column, newest first"
    assert "2025年10月30日" in html
    assert "抽检结果公告" in html and 'href="/columns/nyj-news/"' in html


def test_the_home_page_keeps_its_empty_state_without_items(client, db):
    response = client.get("/")
    assert response.status_code == 200 and "暂无已发布的信息" in page(response)
    assert client.post("/").status_code == 405


# ---------------------------------------------------------------- feeds and sitemap


def test_the_rss_feed_lists_the_latest_items_with_absolute_links(client, people, news):
    with at("2025-10-30 09:00"):
        item = publish(people, news, title="春耕通知", summary="", body="<p>" + "春" * 300 + "</p>")
    with_summary = publish(people, news, title="有摘要的", summary="这是摘要")
    response = client.get("/columns/nyj-news/rss.xml")
    assert response.status_code == 200 and response["Content-Type"].startswith(RSS)
    channel = ET.fromstring(response.content).find("channel")
    assert channel.findtext("title").startswith("农业动态")
    items = {i.findtext("title"): i for i in channel.findall("item")}
    assert items["春耕通知"].findtext("link") == f"http://testserver/items/{item.pk}/"
    assert items["春耕通知"].findtext("description") == "春" * 200
    assert items["春耕通知"].findtext("pubDate") == "Thu, 30 Oct 2025 09:00:00 +0800"
    assert items["有摘要的"].findtext("description") == "这是摘要"
    assert with_summary.pk


def test_the_atom_feed_parses_and_holds_at_most_twenty_items(client, people, news):
    for i in range(22):
        publish(people, news, title=f"动态{i}")
    response = client.get("/columns/nyj-news/atom.xml")
    assert response.status_code == 200
    feed = ET.fromstring(response.content)
    entries = feed.findall(f"{ATOM_NS}entry")
    assert len(entries) == 20
    assert entries[0].findtext(f"{ATOM_NS}title") == "动态21"


def test_feeds_are_linked_from_the_column_page_and_refuse_unknown_columns(client, news):
    html = page(client.get("/columns/nyj-news/"))
    assert '<link rel="alternate" type="application/rss+xml"' in html
    assert (
        'href="/columns/nyj-news/rss.xml"' in html and 'href="/columns/nyj-news/atom.xml"' in html
    )
    assert client.get("/columns/nope/rss.xml").status_code == 404
    assert client.post("/columns/nyj-news/rss.xml").status_code == 405


def test_the_sitemap_lists_home_catalogue_columns_and_published_items(client, people, news):
    item = publish(people, news)
    draft = create_item(actor=people["editor"], column=news, data=ItemData(title="草稿"))
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    root = ET.fromstring(response.content)
    urls = {u.findtext(f"{SITEMAP_NS}loc"): u for u in root.findall(f"{SITEMAP_NS}url")}
    assert "http://testserver/" in urls and "http://testserver/xxgk/" in urls
    assert "http://testserver/columns/nyj-news/" in urls
    entry = urls[f"http://testserver/items/{item.pk}/"]
    lastmod = timezone.localdate(item.last_published_at).isoformat()  # the day in China
    assert entry.findtext(f"{SITEMAP_NS}lastmod") == lastmod
    assert f"http://testserver/items/{draft.pk}/" not in urls
    index = ET.fromstring(client.get("/sitemap-index.xml").content)
    sections = [s.findtext(f"{SITEMAP_NS}loc") for s in index]
    assert "http://testserver/sitemap-items.xml" in sections
    assert client.post("/sitemap.xml").status_code == 405


# ---------------------------------------------------------------- caching


@pytest.mark.parametrize(
    "url",
    ["/", "/xxgk/", "/columns/nyj-news/", "ITEM", "/columns/nyj-news/rss.xml", "/sitemap.xml"],
)
def test_public_pages_are_cacheable_and_answer_conditional_gets(client, people, news, url):
    item = publish(people, news)
    url = f"/items/{item.pk}/" if url == "ITEM" else url
    response = client.get(url)
    assert response.status_code == 200
    directives = {d.strip() for d in response["Cache-Control"].split(",")}
    assert directives == {"public", "max-age=0", "must-revalidate"}
    assert "Cookie" in response["Vary"]
    assert response["ETag"] and response["Last-Modified"]
    assert client.get(url, HTTP_IF_NONE_MATCH=response["ETag"]).status_code == 304
    not_modified = client.get(url, HTTP_IF_MODIFIED_SINCE=response["Last-Modified"])
    assert not_modified.status_code == 304 and not_modified["ETag"] == response["ETag"]


def test_a_publish_changes_the_etag(client, people, news):
    publish(people, news, title="第一条")
    before = etag_of(client, "/columns/nyj-news/")
    assert client.get("/columns/nyj-news/", HTTP_IF_NONE_MATCH=before).status_code == 304
    with at("2099-01-01 09:00"):
        publish(people, news, title="第二条")
    response = client.get("/columns/nyj-news/", HTTP_IF_NONE_MATCH=before)
    assert response.status_code == 200 and "第二条" in page(response)
    assert response["ETag"] != before


def test_a_withdrawal_and_a_validity_change_change_the_etag(client, people, news):
    item = publish(people, news)
    first = etag_of(client, "/")
    with at("2099-01-01 09:00"):
        actions.change_validity(actor=people["editor"], item=item, validity=Item.Validity.EXPIRED)
    second = etag_of(client, "/")
    with at("2099-01-02 09:00"):
        actions.withdraw_item(actor=people["chief"], item=item, reason="过期")
    assert len({first, second, etag_of(client, "/")}) == 3


def test_the_elderly_mode_is_its_own_representation(client, people, news):
    publish(people, news)
    normal = etag_of(client, "/")
    client.cookies["gk_elderly"] = "1"
    response = client.get("/", HTTP_IF_NONE_MATCH=normal)
    assert response.status_code == 200 and 'class="elderly' in page(response)


def test_staff_get_a_private_cache_control(staff_client, people, news):
    publish(people, news)
    response = staff_client("editor").get("/columns/nyj-news/")
    assert response.status_code == 200
    assert "private" in response["Cache-Control"] and "public" not in response["Cache-Control"]


# ---------------------------------------------------------------- query counts


def _queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def _uncached(client, url: str) -> None:
    """View `url` once (the columns are read once per site version: core.pagecache's key and
    publishing.queries.public_columns), then drop the kept pages so the next view renders."""
    assert client.get(url).status_code == 200
    caches["pages"].clear()


def test_a_column_page_does_not_query_per_item(client, people, news, django_assert_num_queries):
    for i in range(5):
        publish(people, news, title=f"动态{i}", attachments=[])
    with_five = _queries(client, "/columns/nyj-news/")
    for i in range(20):
        publish(people, news, title=f"更多动态{i}")
    assert _queries(client, "/columns/nyj-news/") == with_five
    _uncached(client, "/columns/nyj-news/")
    # SiteChange, column, children, years, count, page.
    with django_assert_num_queries(6):
        client.get("/columns/nyj-news/")


def test_the_home_page_does_not_query_per_item(
    client, people, county, news, django_assert_num_queries
):
    other = create_column(
        actor=None,
        name="种植业动态",
        slug="zzy",
        department=county.dept["NYJ"],
        review_levels=1,
        is_news=True,
    )
    for i in range(5):
        publish(people, news, title=f"动态{i}")
    with_five = _queries(client, "/")
    for i in range(20):
        publish(people, news if i % 2 else other, title=f"更多动态{i}")
    assert _queries(client, "/") == with_five
    _uncached(client, "/")
    # SiteChange, each news column's latest (two columns), the catalogue's latest.
    with django_assert_num_queries(4):
        client.get("/")


def test_the_item_page_has_a_fixed_number_of_queries(
    client, people, news, django_assert_num_queries
):
    item = publish(people, news, attachments=[pdf_upload("一.pdf"), pdf_upload("二.pdf")])
    _uncached(client, f"/items/{item.pk}/")
    # SiteChange, item with its revision, attachments (tests/test_item_page_queries.py).
    with django_assert_num_queries(3):
        assert client.get(f"/items/{item.pk}/").status_code == 200


def test_a_new_column_changes_the_catalogue_etag(client, county):
    load_demo_columns()
    before = etag_of(client, "/xxgk/")
    with at("2099-01-01 09:00"):
        create_column(
            actor=None,
            name="新增栏目",
            slug="art20-1-new",
            department=county.dept["BGS"],
            parent=Column.objects.get(slug="art20-1"),
            in_catalogue=True,
            category="art20_1",
        )
    response = client.get("/xxgk/", HTTP_IF_NONE_MATCH=before)
    assert response.status_code == 200 and "新增栏目" in page(response)


def test_a_table_in_the_body_scrolls_in_its_own_named_box(client, people, news):
    """A wide table pasted from Word must not make a phone's page scroll sideways: the page
    shows it in a box that scrolls, takes focus and is named (tests/browser/test_phone_width
    checks how such a box behaves)."""
    body = "<p>补贴标准如下：</p><table><tr><th>乡镇</th><th>金额</th></tr><tr><td>高山乡</td><td>120</td></tr></table>"
    item = publish(people, news, title="补贴标准", body=body)
    html = client.get(item.get_absolute_url()).content.decode()
    boxed = re.search(
        r'<div class="table-scroll" tabindex="0" role="region" aria-label="[^"]+"><table>.*?</table></div>',
        html,
        re.S,
    )
    assert boxed and "高山乡" in boxed.group(0)
