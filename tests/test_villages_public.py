"""村务公开 on the portal: the township's section, a village's page, a 财务公开 item's table
with the totals the server computed, its Excel export, and the demo county's villages."""

from __future__ import annotations

import io
import re
from datetime import date
from decimal import Decimal

import openpyxl
import pytest
from django.core.cache import caches
from django.db import connection
from django.test.utils import CaptureQueriesContext

from gongkai.core.errors import InvalidInput
from gongkai.publishing import actions
from gongkai.publishing.actions import ItemData
from gongkai.publishing.finance import FinanceTable, last_complete_quarter, parse_amount
from gongkai.publishing.models import Item, Step, VillagePart
from tests.pages import at, page
from tests.villages import QUARTER, finance_item, parts_of, pending, published_finance, table

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(county):
    return county.user


@pytest.fixture
def heping(county):
    return parts_of(actions.set_up_village(actor=None, village=county.dept["GSX-HPC"]))


@pytest.fixture
def xinqiao(county):
    return parts_of(actions.set_up_village(actor=None, village=county.dept["GSX-XQC"]))


def publish(people, column, title: str, editor="heping_editor") -> Item:
    item = actions.create_item(actor=people[editor], column=column, data=ItemData(title=title))
    actions.submit_item(actor=people[editor], item=item)
    actions.approve_step(actor=people["township_chief"], step=pending(item), secrecy_confirmed=True)
    return item


def xlsx_url(item) -> str:
    return f"/items/{item.pk}/finance.xlsx"


def queries(client, url: str) -> int:
    """The queries of one uncached view, after a first view has read what the page cache and
    the column map keep per site version."""
    client.get(url)
    caches["pages"].clear()
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


# ---------------------------------------------------------------- the table's arithmetic


def test_totals_are_exact_in_yuan_and_fen():
    assert QUARTER.income_total == Decimal("57000.50")
    assert QUARTER.expenditure_total == Decimal("32450.40")
    assert QUARTER.balance == Decimal("24550.10")
    assert QUARTER.totals == {
        "income": "57,000.50",
        "expenditure": "32,450.40",
        "balance": "24,550.10",
    }
    tenths = table(*[("income", "零钱", "0.10", "")] * 3, ("expenditure", "支出", "0.30", ""))
    assert tenths.balance == Decimal("0.00")  # no float: 0.1 * 3 - 0.3 is exactly nothing
    deficit = table(("income", "补助", "100", ""), ("expenditure", "维修", "250.5", ""))
    assert deficit.totals["balance"] == "-150.50"


def test_a_table_survives_its_json():
    assert FinanceTable.from_json(QUARTER.to_json()) == QUARTER
    assert FinanceTable.from_json(None) is None


@pytest.mark.parametrize(
    ("text", "message"),
    [("1.005", "两位小数"), ("-0.01", "负数"), ("Infinity", "数字金额"), ("1e20", "过大")],
)
def test_amounts_outside_the_rules_are_refused(text, message):
    with pytest.raises(InvalidInput, match=message):
        parse_amount(text)
    assert parse_amount(" 12.5 ") == Decimal("12.50")


# ---------------------------------------------------------------- the portal's pages


def test_the_item_page_shows_an_accessible_table_with_server_totals(client, people, heping):
    item = published_finance(people, heping)
    text = page(client.get(f"/items/{item.pk}/"))
    assert "<caption" in text and "2026年第一季度收支明细（单位：元）" in text
    assert '<th scope="col">金额（元）</th>' in text
    assert '<th scope="row">鱼塘承包费</th><td class="amount">12,000.50</td>' in text
    tfoot = re.search(r"<tfoot>.*?</tfoot>", text, re.S).group()
    assert "收入合计" in tfoot and "57,000.50" in tfoot
    assert "支出合计" in tfoot and "32,450.40" in tfoot
    assert "结余" in tfoot and "24,550.10" in tfoot
    assert f'href="{xlsx_url(item)}"' in text


def test_the_table_costs_the_item_page_no_query(client, people, heping):
    """The table is on the live revision the page already loads."""
    finance = published_finance(people, heping)
    plain = publish(people, heping[VillagePart.PARTY], "党员大会情况")
    assert queries(client, f"/items/{finance.pk}/") == queries(client, f"/items/{plain.pk}/")


def test_the_village_page_shows_its_three_columns(client, people, heping):
    published_finance(people, heping)
    publish(people, heping[VillagePart.PARTY], "和平村党支部主题党日活动")
    response = client.get(f"/columns/{heping[VillagePart.VILLAGE].slug}/")
    text = page(response)
    assert response.status_code == 200
    headings = re.findall(r'<h2 id="part-\d+"><a href="[^"]+">(.*?)</a></h2>', text)
    assert headings == ["党务公开", "村务公开", "财务公开"]
    assert "和平村党支部主题党日活动" in text and "和平村2026年第一季度财务收支公开" in text
    assert "最近一期（2026年第一季度）：收入合计 57,000.50 元，支出合计 32,450.40 元" in text
    assert "本栏目暂无信息" in text  # 村务公开 has nothing yet
    crumbs = re.search(r'<nav class="breadcrumb".*?</nav>', text, re.S).group()
    section = heping[VillagePart.VILLAGE].parent
    assert f'<a href="/columns/{section.slug}/">村务公开</a>' in crumbs


def test_the_township_section_lists_its_villages_and_their_latest(client, people, heping, xinqiao):
    published_finance(people, heping)
    publish(people, xinqiao[VillagePart.AFFAIRS], "新桥村村民代表会议决议", "xinqiao_editor")
    section = heping[VillagePart.VILLAGE].parent
    text = page(client.get(f"/columns/{section.slug}/"))
    assert re.findall(r'<h2 id="village-\d+"><a [^>]+>(.*?)</a>', text) == [
        "高山乡和平村",
        "高山乡新桥村",
    ]
    assert "和平村2026年第一季度财务收支公开" in text and "新桥村村民代表会议决议" in text
    assert 'class="item-column">财务公开<' in text


def test_the_section_pages_query_the_same_however_many_items(client, people, heping, xinqiao):
    section = heping[VillagePart.VILLAGE].parent
    village = heping[VillagePart.VILLAGE]
    publish(people, heping[VillagePart.PARTY], "第一条")
    before = (
        queries(client, f"/columns/{section.slug}/"),
        queries(client, f"/columns/{village.slug}/"),
    )
    for n in range(4):
        publish(people, heping[VillagePart.AFFAIRS], f"村务第{n}条")
        publish(people, xinqiao[VillagePart.PARTY], f"党务第{n}条", "xinqiao_editor")
    published_finance(people, heping)
    after = (
        queries(client, f"/columns/{section.slug}/"),
        queries(client, f"/columns/{village.slug}/"),
    )
    assert after == before


# ---------------------------------------------------------------- the Excel export


def test_the_table_downloads_as_a_workbook_with_its_rows_and_totals(client, people, heping):
    item = published_finance(people, heping)
    response = client.get(xlsx_url(item))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert "attachment" in response["Content-Disposition"]
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    values = [tuple(c for c in row) for row in sheet.iter_rows(values_only=True)]
    assert values[0][0] == "和平村2026年第一季度财务收支公开"
    assert ("所属期间", "2026年第一季度", None, None) in values
    assert ("收支", "项目", "金额（元）", "备注") in values
    assert ("收入", "鱼塘承包费", 12000.5, "第二期") in values
    assert ("支出", "办公及水电费", 3650.4, None) in values
    totals = {row[0]: row[2] for row in values[-3:]}
    assert totals == {"收入合计": 57000.5, "支出合计": 32450.4, "结余": pytest.approx(24550.1)}
    assert sheet["C7"].number_format == "#,##0.00"


def test_only_a_published_table_downloads(client, people, heping):
    draft = finance_item(people, heping)
    assert client.get(xlsx_url(draft)).status_code == 404
    plain = publish(people, heping[VillagePart.PARTY], "党员大会情况")
    assert client.get(xlsx_url(plain)).status_code == 404
    assert client.get("/items/999999/finance.xlsx").status_code == 404
    item = published_finance(people, heping)
    actions.withdraw_item(actor=people["township_chief"], item=item, reason="数字有误，重新公开")
    assert client.get(xlsx_url(item)).status_code == 404
    assert client.post(xlsx_url(draft)).status_code == 405


# ---------------------------------------------------------------- the demo county


def test_the_demo_villages_publish_the_last_complete_quarter(county):
    from gongkai.demo import villages
    from gongkai.demo.publishing import load_demo_columns

    load_demo_columns()
    with at("2026-05-06 09:00"):
        villages.load_demo_villages()
    assert last_complete_quarter(date(2026, 5, 6)) == (2026, 1)
    for code in ("GSX-HPC", "GSX-XQC"):
        items = Item.objects.filter(column__department__short_code=code)
        assert {i.column.village_part for i in items} == {
            VillagePart.PARTY,
            VillagePart.AFFAIRS,
            VillagePart.FINANCE,
        }
        assert all(i.status == Item.Status.PUBLISHED for i in items)
        finance = items.get(column__village_part=VillagePart.FINANCE).live_revision.finance_table
        assert (finance.year, finance.quarter) == (2026, 1) and finance.rows
    reviewers = set(Step.objects.values_list("actor__username", flat=True))
    assert reviewers == {"township_chief"}
    before = Item.objects.count()
    villages.load_demo_villages()
    assert Item.objects.count() == before
