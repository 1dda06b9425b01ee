"""The item page when the page cache does not hold it: the same few queries whatever the
number of items, attachments and columns, and however deep its column (issue 20)."""

from __future__ import annotations

import pytest
from django.core.cache import caches
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext

from gongkai.core import files
from gongkai.core.actions import store_upload
from gongkai.publishing.actions import ItemData, create_column, import_published_item
from tests.documents import make_pdf

pytestmark = pytest.mark.django_db

PDF = make_pdf("Annual report 2024")
# SiteChange (the ETag and the page cache's key), the item with its live revision, and its
# attachments when it has some. The columns and the breadcrumb come from a map read once per
# site version.
QUERIES = 2
WITH_ATTACHMENTS = 3


def uploads(n: int) -> list:
    return [
        store_upload(
            actor=None, checked=files.check_upload(SimpleUploadedFile(f"附件{i}.pdf", PDF))
        )
        for i in range(n)
    ]


def cold_queries(client, url: str) -> list[str]:
    """The queries of one uncached view of `url`, after a first view has read the column map."""
    client.get(url)
    caches["pages"].clear()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200 and response["X-Cache"] == "miss"
    return [q["sql"] for q in queries.captured_queries]


def test_the_uncached_item_page_costs_the_same_queries_with_more_items_attachments_and_columns(
    client, county
):
    top = create_column(
        actor=None, name="农业动态", slug="nyj-news", department=county.dept["NYJ"], review_levels=1
    )
    first = import_published_item(actor=None, column=top, data=ItemData(title="春耕通知"))
    small = cold_queries(client, first.get_absolute_url())
    assert len(small) == QUERIES, small

    parent = top
    for depth in range(5):  # a column five levels down: a longer breadcrumb
        parent = create_column(
            actor=None,
            name=f"第{depth}级栏目",
            slug=f"level-{depth}",
            department=county.dept["NYJ"],
            parent=parent,
            review_levels=1,
        )
    plain = [
        import_published_item(actor=None, column=parent, data=ItemData(title=f"通知{n}"))
        for n in range(30)
    ]
    one = import_published_item(
        actor=None, column=parent, data=ItemData(title="带一个附件的通知", attachments=uploads(1))
    )
    assert len(cold_queries(client, one.get_absolute_url())) == WITH_ATTACHMENTS
    deep = import_published_item(
        actor=None, column=parent, data=ItemData(title="带附件的通知", attachments=uploads(4))
    )
    large = cold_queries(client, deep.get_absolute_url())
    assert len(large) == WITH_ATTACHMENTS, large
    assert len(cold_queries(client, plain[0].get_absolute_url())) == QUERIES
    html = client.get(deep.get_absolute_url()).content.decode()
    assert html.count("附件3.pdf") == 1 and "第0级栏目" in html and "第4级栏目" in html
