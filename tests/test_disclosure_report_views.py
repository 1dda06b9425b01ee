"""The annual report in the workbench: viewed, edited and downloaded by the disclosure office;
refused to others; bad figures shown next to their field and nothing saved."""

import io
from datetime import date

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from gongkai.core.models import AuditEvent
from gongkai.disclosure import actions
from gongkai.disclosure.models import AnnualReport
from tests.pages import at, field_errors, page

pytestmark = pytest.mark.django_db
URL = "/workbench/disclosure/report/"
FIGURE = "行政许可|本年处理决定数量"


def application():
    return actions.ApplicationData(
        applicant_type="natural",
        applicant_name="王小明",
        id_type="resident_id",
        id_number="11010519491231002X",
        phone="13800138000",
        info_title="2025年城区道路改造工程招标文件",
        info_description="招标文件及中标公告。",
        requested_form="electronic",
        delivery="online",
    )


@pytest.fixture
def year_2025(county):
    """Two requests received in 2025: one answered (disclosed), one carried into 2026."""
    officer = county.user["disclosure"]
    with at("2025-03-03 10:00"):
        answered, _code = actions.submit_application(
            data=application(), department=county.dept["BGS"]
        )
        actions.submit_application(data=application(), department=county.dept["BGS"])
    with at("2025-03-10 10:00"):
        actions.reply(
            actor=officer,
            request=answered,
            data=actions.ReplyData(outcome="1", reply_text="予以公开。"),
            on=date(2025, 3, 10),
        )


def figure_field() -> str:
    from gongkai.disclosure.views.report import ReportTextForm

    form = ReportTextForm()
    return form.field_for_key(FIGURE)


def test_the_head_of_the_office_sees_edits_and_downloads_the_report(staff_client, year_2025):
    client = staff_client("disclosure_head")
    query = {"year": "2025", "department": "all"}
    response = client.get(URL, query)
    assert response.status_code == 200
    text = page(response)
    assert "一、本年新收政府信息公开申请数量" in text
    assert "核对通过" in text

    response = client.post(
        URL + "?year=2025&department=all",
        {"section_1": "2025年，本县认真贯彻《条例》。", figure_field(): "12"},
    )
    assert response.status_code == 302
    stored = AnnualReport.objects.get(year=2025, department=None)
    assert stored.sections["1"] == "2025年，本县认真贯彻《条例》。"
    assert stored.manual_figures == {FIGURE: "12"}
    assert AuditEvent.objects.filter(action="disclosure.report_save").count() == 1

    xlsx = client.get(URL + "xlsx/", query)
    assert xlsx.status_code == 200
    book = load_workbook(io.BytesIO(xlsx.content))
    cells = [c.value for ws in book.worksheets for row in ws.iter_rows() for c in row]
    assert "一、本年新收政府信息公开申请数量" in cells and 12 in cells
    pdf = client.get(URL + "pdf/", query)
    assert pdf["Content-Type"] == "application/pdf"
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.content)).pages)
    assert "2025年，本县认真贯彻" in "".join(text.split())


def test_others_are_refused(staff_client, year_2025):
    client = staff_client("editor")
    assert client.get(URL, {"year": "2025", "department": "all"}).status_code == 403
    assert client.get(URL + "pdf/", {"year": "2025", "department": "all"}).status_code == 403
    response = client.post(URL + "?year=2025&department=all", {"section_1": "x"})
    assert response.status_code == 403
    assert not AnnualReport.objects.exists()


def test_a_department_outside_the_users_scope_is_not_offered(staff_client, county):
    client = staff_client("disclosure")
    response = client.get(URL, {"year": "2025", "department": "NYJ"})
    assert field_errors(response, "department")
    assert "一、本年新收政府信息公开申请数量" not in page(response)


def test_a_bad_figure_is_shown_next_to_its_field_and_nothing_is_saved(staff_client, year_2025):
    client = staff_client("disclosure_head")
    field = figure_field()
    response = client.post(
        URL + "?year=2025&department=all", {"section_1": "保留我写的字", field: "十二"}
    )
    assert response.status_code == 200
    assert "不是有效的数值" in field_errors(response, field)
    assert "保留我写的字" in page(response)
    assert 'value="十二"' in page(response)
    assert not AnnualReport.objects.exists()


def test_a_bad_year_is_an_error_not_a_crash(staff_client, county):
    client = staff_client("disclosure_head")
    response = client.get(URL, {"year": "abc", "department": "all"})
    assert response.status_code == 200
    assert field_errors(response, "year")
