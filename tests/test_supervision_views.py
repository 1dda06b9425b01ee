"""The supervision dashboard (/workbench/supervision/): who may open it, the period form, the
tables and their XLSX downloads, the vendored ECharts, and a query count that does not grow
with the number of cases."""

from __future__ import annotations

import io
import json
import re
from pathlib import Path

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from gongkai.demo.county import DEMO_PASSWORD
from gongkai.services import roles as services_roles
from tests import supervision_data
from tests.pages import assert_forbidden, assert_login_required, at, field_errors, page
from tests.services_cases import staff

pytestmark = pytest.mark.django_db

BOARD = "/workbench/supervision/"
PERIOD = "?year=2025&start=9&end=10"
ROOT = Path(__file__).resolve().parents[1]
NOW = "2025-11-03 10:00"


def test_a_supervisor_sees_the_cards_and_the_tables(staff_client, county):
    data = supervision_data.build(county)
    with at(NOW):
        response = staff_client("supervisor").get(BOARD + PERIOD)
    html = page(response)
    assert response.status_code == 200
    assert "红牌：已超期" in html and data["cases"]["c5"].number in html
    assert "测试审批局" in html and "66.7%" in html and "8.7" in html
    assert 'href="/workbench/supervision/departments.xlsx?year=2025&amp;start=9&amp;end=10"' in html
    data_script = html.split('id="supervision-charts" type="application/json">')[1]
    charts = json.loads(data_script.split("</script>")[0])
    assert charts["trend"]["labels"] == ["2025年9月", "2025年10月"]
    assert 'aria-current="page">督查</a>' in html


def test_without_a_period_it_shows_this_year_up_to_this_month(staff_client, county):
    with at(NOW):
        response = staff_client("leader").get(BOARD)
    assert response.status_code == 200
    assert "月度趋势（2025年1月至11月）" in page(response)


def test_a_department_head_sees_only_their_department(staff_client, county):
    data = supervision_data.build(county)
    head = staff("t_head", services_roles.APPROVER, county.dept["TOUT"], "外局负责人")
    head.set_password(DEMO_PASSWORD)
    head.save(update_fields=["password"])
    county.user["t_head"] = head
    client = staff_client("t_head")
    with at(NOW):
        response = client.get(BOARD + PERIOD)
    html = page(response)
    assert response.status_code == 200, html[:300]
    assert "测试外局" in html and "测试审批局" not in html
    assert data["cases"]["c5"].number not in html


def test_others_are_refused_and_anonymous_visitors_sent_to_log_in(staff_client, client, county):
    assert_login_required(client.get(BOARD), BOARD)
    response = staff_client("editor").get(BOARD)
    assert_forbidden(response, "督查看板仅限督查人员、县领导和部门负责人查看。")
    assert staff_client("editor").get(BOARD + "trend.xlsx").status_code == 403
    assert ">督查</a>" not in page(staff_client("editor").get("/workbench/"))


def test_it_answers_get_only(staff_client, county):
    assert staff_client("supervisor").post(BOARD).status_code == 405


@pytest.mark.parametrize(
    ("query", "field", "message"),
    [
        ("?year=2025&start=10&end=9", "end", "截止月份不能早于起始月份。"),
        ("?year=abc&start=1&end=2", "year", "请从列表中选择。"),
        ("?year=2025&start=13&end=2", "start", "请从列表中选择。"),
        ("?year=1990&start=1&end=2", "year", "请从列表中选择。"),
    ],
)
def test_a_bad_period_is_named_next_to_its_field_and_keeps_the_input(
    staff_client, county, query, field, message
):
    with at(NOW):
        response = staff_client("supervisor").get(BOARD + query)
    assert response.status_code == 200
    assert message in field_errors(response, field)
    assert "各部门办件与评价" not in page(response)  # no table for a period that is not one
    assert "红牌：已超期" in page(response)
    with at(NOW):
        download = staff_client("supervisor").get(BOARD + "departments.xlsx" + query)
    assert download.status_code == 400 and message in field_errors(download, field)


def test_an_unknown_table_is_not_found(staff_client, county):
    assert staff_client("supervisor").get(BOARD + "nothing.xlsx" + PERIOD).status_code == 404


@pytest.mark.parametrize("table", ["departments", "trend"])
def test_each_table_downloads_as_a_workbook_holding_the_same_rows(staff_client, county, table):
    supervision_data.build(county)
    client = staff_client("supervisor")
    with at(NOW):
        html = page(client.get(BOARD + PERIOD))
        response = client.get(f"{BOARD}{table}.xlsx{PERIOD}")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = [list(r) for r in sheet.iter_rows(values_only=True)]
    caption, headers, body = rows[0][0], rows[1], rows[2:]
    percent = {i for i, header in enumerate(headers) if header.endswith("（%）")}
    expected = [
        ["—" if v is None else f"{v}%" if i in percent else str(v) for i, v in enumerate(row)]
        for row in body
    ]
    table = html.split(f'aria-label="{caption}"')[1].split("</table>")[0]
    shown = [
        re.findall(r"<t[hd][^>]*>([^<]*)</t[hd]>", row)
        for row in table.split("<tbody>")[1].split("</tr>")
        if "<t" in row
    ]
    assert [[_number(cell) for cell in row] for row in shown] == [
        [_number(cell) for cell in row] for row in expected
    ]
    assert body[-1][0] == "合计" and len(body) == 3


def _number(text: str):
    """A cell as a value: 10.0 in the page is 10 in the workbook."""
    try:
        return float(text.rstrip("%"))
    except ValueError:
        return text


def test_the_dashboard_runs_the_same_number_of_queries_for_more_cases(staff_client, county):
    data = supervision_data.build(county)
    client = staff_client("supervisor")
    with at(NOW), CaptureQueriesContext(connection) as before:
        assert client.get(BOARD + PERIOD).status_code == 200
    more = supervision_data.more_cases(data, county)
    with at(NOW), CaptureQueriesContext(connection) as after:
        html = page(client.get(BOARD + PERIOD))
    assert all(case.number in html for case in more)  # they are on the board
    assert len(after.captured_queries) == len(before.captured_queries)


def test_the_vendored_echarts_is_the_one_package_json_pins():
    """The static copy is npm's file of the version in package.json: update both together."""
    pinned = json.loads((ROOT / "package.json").read_text())["dependencies"]["echarts"]
    installed = ROOT / "node_modules" / "echarts"
    if not installed.exists():
        pytest.fail("echarts is missing from node_modules: run `npm ci`")
    assert json.loads((installed / "package.json").read_text())["version"] == pinned
    vendored = ROOT / "src/gongkai/workbench/static/workbench/vendor/echarts.min.js"
    assert vendored.read_bytes() == (installed / "dist" / "echarts.min.js").read_bytes()
