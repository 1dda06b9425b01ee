"""The catalogue's public pages: 政务服务 by department, by life event and by its search; each
item's guide with every field the public needs; only versions in force shown; a publish seen
on the next request despite the page cache; fixed query counts; the site search finds items
in force and never a draft."""

from __future__ import annotations

import pytest
from django.test import Client

from gongkai.search.api import search
from gongkai.services.actions import catalogue as actions
from gongkai.services.rules import LifeEvent
from gongkai.services.search_documents import KIND
from tests.test_services_catalogue import (
    draft,
    make_editor,
    make_reviewer,
    published,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor(county):
    return make_editor(county)


@pytest.fixture
def reviewer(county):
    return make_reviewer(county)


def html(response) -> str:
    return response.content.decode()


@pytest.fixture
def item(county, editor, reviewer):
    fee = actions.FeeData(name="证书工本费", standard="10元/本", basis="皖价费〔2019〕1号")
    return published(county, editor, reviewer, charges=True, fees=[fee])


def test_the_home_page_links_the_services_page(client, item):
    assert 'href="/zwfw/"' in html(client.get("/"))
    page = html(client.get("/zwfw/"))
    assert "<h1>政务服务</h1>" in page
    assert "县农业农村局" in page and "农林牧渔" in page and "准营准办" in page
    assert "个人办事" in page and "法人办事" in page


def test_the_guide_shows_every_field_the_public_needs(client, item):
    response = client.get(f"/zwfw/items/{item.code}/")
    assert response.status_code == 200
    page = html(response)
    for text in (
        "动物防疫条件合格证核发",
        item.code,
        "行政许可",
        "受理条件",
        "场所选址、布局符合动物防疫要求",
        "申请材料",
        "动物防疫条件审查申请表",
        "办理流程",
        "<li>现场审查</li>",
        "法定办结时限",
        "20 个工作日",
        "承诺办结时限",
        "10 个工作日",
        "证书工本费",
        "10元/本",
        "县政务服务中心二楼农业农村窗口",
        "0558-1234567",
        "12345 政务服务便民热线",
        "动物防疫条件合格证",
    ):
        assert text in page, text
    assert 'class="table-scroll" tabindex="0" role="region"' in page


def test_an_item_without_fees_says_so_and_one_at_the_window_offers_no_application(
    county, client, editor, reviewer
):
    item = published(county, editor, reviewer, online=False, handling_form="window")
    page = html(client.get(f"/zwfw/items/{item.code}/"))
    assert '<p id="no-fee">不收费</p>' in page
    assert "/apply/" not in page
    assert "本事项须到办理地点窗口申请" in page


def test_drafts_and_unknown_items_are_not_found(county, client, editor, item):
    hidden = actions.create_item(actor=editor, code="DRAFT-1", department=county.dept["NYJ"])
    draft(editor, hidden, name="尚未发布的事项")
    assert client.get("/zwfw/items/DRAFT-1/").status_code == 404
    assert client.get("/zwfw/items/NOPE/").status_code == 404
    assert client.get("/zwfw/events/moon/").status_code == 404
    assert client.get("/zwfw/departments/999999/").status_code == 404
    assert "尚未发布的事项" not in html(client.get("/zwfw/?q=尚未发布"))
    # A new draft of a published item changes nothing the public sees.
    draft(editor, item, name="动物防疫条件合格证核发（草稿）")
    assert "（草稿）" not in html(client.get(f"/zwfw/items/{item.code}/"))


def test_department_and_event_pages_list_the_items_in_force(county, client, item):
    page = html(client.get(f"/zwfw/departments/{county.dept['NYJ'].pk}/"))
    assert "动物防疫条件合格证核发" in page
    page = html(client.get(f"/zwfw/events/{LifeEvent.OPERATION}/"))
    assert "动物防疫条件合格证核发" in page
    page = html(client.get(f"/zwfw/events/{LifeEvent.BIRTH}/"))
    assert "动物防疫条件合格证核发" not in page and "该主题暂无" in page


def test_the_catalogue_search_finds_by_name_and_keeps_bad_input(client, item):
    page = html(client.get("/zwfw/", {"q": "防疫 合格证"}))
    assert f'href="/zwfw/items/{item.code}/"' in page
    assert "没有找到" in html(client.get("/zwfw/", {"q": "宅基地"}))
    response = client.get("/zwfw/", {"q": "字" * 60})
    assert response.status_code == 400
    assert "搜索内容不能超过 50 个字" in html(response)
    assert "字" * 60 in html(response)  # what was typed stays in the box


def test_a_publish_is_seen_on_the_next_request_despite_the_page_cache(
    county, client, editor, reviewer, item
):
    url = f"/zwfw/items/{item.code}/"
    client.get(url)
    assert client.get(url)["X-Cache"] == "hit"
    version = actions.submit_version(
        actor=editor, version=draft(editor, item, name="动物防疫条件合格证核发（新版）")
    )
    assert "（新版）" not in html(client.get(url))
    actions.approve_version(actor=reviewer, version=version)
    response = client.get(url)
    assert response["X-Cache"] == "miss"
    assert "（新版）" in html(response)
    assert "（新版）" in html(client.get("/zwfw/", {"q": "新版"}))


def _grow_to(county, editor, reviewer, n: int) -> None:
    from gongkai.services.models import ServiceItem

    for i in range(ServiceItem.objects.count(), n):
        published(county, editor, reviewer, code=f"Q-{i:03d}", name=f"事项{i}")


@pytest.mark.parametrize(
    ("url", "queries"),
    [
        ("/zwfw/", 2),
        ("/zwfw/?q=事项", 3),
        ("dept", 2),
        ("/zwfw/events/agriculture/", 1),
        ("guide", 3),
    ],
)
def test_the_pages_cost_the_same_queries_with_2_or_20_items(
    county, editor, reviewer, django_assert_num_queries, url, queries
):
    if url == "dept":
        url = f"/zwfw/departments/{county.dept['NYJ'].pk}/"
    if url == "guide":
        url = "/zwfw/items/Q-000/"
    for n in (2, 20):
        _grow_to(county, editor, reviewer, n)
        # Anonymous, and a new page-cache key each time (content moved). Another page first,
        # so that the page cache has read the versions its keys carry (some from the
        # database) and the count is the page's own.
        client = Client()
        client.get("/zwfw/?warm=1")
        with django_assert_num_queries(queries):
            response = client.get(url)
        assert response.status_code == 200
        assert response["X-Cache"] == "miss"


def test_the_site_search_finds_an_item_in_force_and_never_a_draft(
    county, editor, reviewer, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        item = published(county, editor, reviewer, name="生鲜乳收购许可证核发")
        hidden = actions.create_item(actor=editor, code="D-9", department=county.dept["NYJ"])
        actions.submit_version(actor=editor, version=draft(editor, hidden, name="林木采伐许可"))
    hits = search("生鲜乳").hits
    assert [(h.kind, h.object_id) for h in hits] == [(KIND, item.pk)]
    assert hits[0].url == f"/zwfw/items/{item.code}/"
    assert search("林木采伐").total == 0
    assert search("林木采伐", public=False, departments=None).total == 0
