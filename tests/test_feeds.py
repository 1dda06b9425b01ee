"""The site-wide feed (RSS and Atom) of the latest public items of every column, and the pages
that advertise a feed: the home page the site's, an item page its column's."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.utils.html import escape

from gongkai.publishing import actions
from gongkai.publishing.actions import ItemData, create_column, create_item, submit_item
from gongkai.publishing.models import Item

pytestmark = pytest.mark.django_db

SHANGHAI = ZoneInfo("Asia/Shanghai")
SITE_RSS = "/xxgk/rss.xml"
SITE_ATOM = "/xxgk/atom.xml"
ATOM = "{http://www.w3.org/2005/Atom}"


def at(text: str):
    return time_machine.travel(datetime.fromisoformat(text).replace(tzinfo=SHANGHAI), tick=False)


def page(response) -> str:
    return response.content.decode()


def column(county, slug: str, name: str, dept: str):
    """A one-level column: the editor's own submission publishes."""
    return create_column(
        actor=None, name=name, slug=slug, department=county.dept[dept], review_levels=1
    )


def publish(editor, col, title: str) -> Item:
    item = create_item(actor=editor, column=col, data=ItemData(title=title))
    submit_item(actor=editor, item=item)
    item.refresh_from_db()
    assert item.status == Item.Status.PUBLISHED
    return item


@pytest.fixture
def published(county):
    """Three columns of two departments, items published on three days, one later withdrawn."""
    editor = county.user["editor"]
    farming = column(county, "nyj-news", "农业动态", "NYJ")
    notices = column(county, "nyj-notices", "通知公告", "NYJ")
    township = column(county, "gsx-news", "高山乡动态", "GSX")
    with at("2025-10-28 09:00"):
        oldest = publish(editor, farming, "春耕生产进展")
    with at("2025-10-29 09:00"):
        withdrawn = publish(editor, notices, "错发的通知")
        middle = publish(editor, notices, "关于<b>停水</b>的通知 & 说明")
    with at("2025-10-30 09:00"):
        newest = publish(county.user["township_editor"], township, "高山乡秋收")
    actions.withdraw_item(actor=county.user["chief"], item=withdrawn, reason="错发")
    return {
        "columns": (farming, notices, township),
        "items": (newest, middle, oldest),
        "withdrawn": withdrawn,
    }


def rss_titles(response) -> list[str]:
    channel = ET.fromstring(response.content).find("channel")
    return [i.findtext("title") for i in channel.findall("item")]


def test_the_site_rss_feed_lists_public_items_of_every_column_newest_first(client, published):
    response = client.get(SITE_RSS)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/rss+xml")
    channel = ET.fromstring(response.content).find("channel")
    assert channel.findtext("link") == "http://testserver/"
    newest, middle, oldest = published["items"]
    # Titles are escaped text (readers treat them as HTML): the markup shows as typed.
    assert rss_titles(response) == [
        "高山乡秋收",
        escape("关于<b>停水</b>的通知 & 说明"),
        "春耕生产进展",
    ]
    links = [i.findtext("link") for i in channel.findall("item")]
    assert links == [f"http://testserver/items/{i.pk}/" for i in (newest, middle, oldest)]
    assert "错发的通知" not in page(response)


def test_the_site_atom_feed_parses_and_holds_the_same_items(client, published):
    response = client.get(SITE_ATOM)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = ET.fromstring(response.content)
    titles = [e.findtext(f"{ATOM}title") for e in feed.findall(f"{ATOM}entry")]
    assert titles == ["高山乡秋收", escape("关于<b>停水</b>的通知 & 说明"), "春耕生产进展"]
    assert feed.findtext(f"{ATOM}subtitle")
    assert "错发的通知" not in page(response)


def test_the_site_feed_holds_at_most_twenty_items_and_refuses_a_post(client, county):
    news = column(county, "nyj-news", "农业动态", "NYJ")
    for i in range(22):
        publish(county.user["editor"], news, f"动态{i}")
    assert len(rss_titles(client.get(SITE_RSS))) == 20
    assert client.post(SITE_RSS).status_code == 405


def test_the_home_page_advertises_the_site_feed_in_its_head_and_in_a_visible_link(client, db):
    html = page(client.get("/"))
    head, body = html.split("</head>", 1)
    assert '<link rel="alternate" type="application/rss+xml"' in head
    assert f'href="{SITE_RSS}"' in head and f'href="{SITE_ATOM}"' in head
    assert f'<a href="{SITE_RSS}"' in body and f'<a href="{SITE_ATOM}"' in body


def test_an_item_page_advertises_its_columns_feed(client, published):
    newest = published["items"][0]
    head = page(client.get(f"/items/{newest.pk}/")).split("</head>", 1)[0]
    assert '<link rel="alternate" type="application/rss+xml"' in head
    assert 'href="/columns/gsx-news/rss.xml"' in head
    assert 'href="/columns/gsx-news/atom.xml"' in head
