"""The annual report in the workbench: an agency's report viewed, edited and downloaded by its
disclosure staff; the county-wide summary viewed by the government's office, never edited;
refused to others; a bad year or figure answered in Chinese next to its field."""

import io
from datetime import date

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from gongkai.core.models import AuditEvent
from gongkai.disclosure.models import AnnualReport, DisclosureRequest
from tests.pages import at, field_errors, page

pytestmark = pytest.mark.django_db
URL = "/workbench/disclosure/report/"
FIGURE = "行政许可|本年处理决定数量"
NEW_ROW = "一、本年新收政府信息公开申请数量"


def _request(county, number: str, dept: str, received: date, finished: date | None = None):
    return DisclosureRequest.objects.create(
        number=number,
        query_code_hash="0" * 64,
        department=county.dept[dept],
        channel="online",
        received_on=received,
        applicant_type="natural",
        applicant_name="王小明",
        id_type="resident_id",
        id_number="11010519491231002X",
        id_number_index=number,
        phone="13800138000",
        info_title="2025年城区道路改造工程招标文件",
        info_description="招标文件及中标公告。",
        requested_form="electronic",
        delivery="online",
        status="replied" if finished else "processing",
        outcome="1" if finished else "",
        finished_on=finished,
    )


@pytest.fixture
def year_2025(county):
    """Requests of 2025: two to 示范县人民政府 (one answered, one carried into 2026), one to
    the office itself and one to 县民政局."""
    _request(county, "2025-00001", "SFX", date(2025, 3, 3), date(2025, 3, 10))
    _request(county, "2025-00002", "SFX", date(2025, 3, 3))
    _request(county, "2025-00003", "BGS", date(2025, 4, 1), date(2025, 4, 20))
    _request(county, "2025-00004", "MZJ", date(2025, 5, 1), date(2025, 5, 20))


def new_total(response) -> str:
    """The 总计 cell of table 三's first row as the page shows it."""
    text = page(response)
    row = text[text.index(NEW_ROW) :]
    cells = row[: row.index("</tr>")].split("<td")
    return cells[-1].split(">", 1)[1].split("<", 1)[0].strip()


def figure_field() -> str:
    from gongkai.disclosure.views.report import ReportTextForm

    return ReportTextForm().field_for_key(FIGURE)


def test_the_head_of_the_office_sees_edits_and_downloads_the_governments_report(
    staff_client, year_2025
):
    client = staff_client("disclosure_head")
    query = {"year": "2025", "department": "SFX"}
    response = client.get(URL, query)
    assert response.status_code == 200
    assert "示范县人民政府2025年政府信息公开工作年度报告" in page(response)
    assert new_total(response) == "2"  # the government's own two requests
    assert "核对通过" in page(response)

    response = client.post(
        URL + "?year=2025&department=SFX",
        {"section_1": "2025年，本县认真贯彻《条例》。", figure_field(): "12"},
    )
    assert response.status_code == 302
    stored = AnnualReport.objects.get(year=2025, department__short_code="SFX")
    assert stored.sections["1"] == "2025年，本县认真贯彻《条例》。"
    assert stored.manual_figures == {FIGURE: "12"}
    assert AuditEvent.objects.filter(action="disclosure.report_save").count() == 1

    xlsx = client.get(URL + "xlsx/", query)
    assert xlsx.status_code == 200
    book = load_workbook(io.BytesIO(xlsx.content))
    cells = [c.value for ws in book.worksheets for row in ws.iter_rows() for c in row]
    assert NEW_ROW in cells and 12 in cells
    pdf = client.get(URL + "pdf/", query)
    assert pdf["Content-Type"] == "application/pdf"
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.content)).pages)
    assert "2025年，本县认真贯彻" in "".join(text.split())


def test_each_agency_reports_its_own_requests_and_the_summary_adds_them_up(
    staff_client, year_2025, other_officer
):
    """条例 Art. 49: one report per 行政机关; the county-wide summary is a separate view."""
    client = staff_client("disclosure_head")
    assert new_total(client.get(URL, {"year": "2025", "department": "BGS"})) == "1"
    summary = client.get(URL, {"year": "2025", "department": "all"})
    assert summary.status_code == 200
    assert new_total(summary) == "4"
    assert "（全县汇总）" in page(summary)
    assert 'id="edit-report"' not in page(summary)  # a view, not a report with text
    assert 'id="publish-report"' not in page(summary)
    response = client.post(URL + "?year=2025&department=all", {"section_1": "x"})
    assert response.status_code == 403
    assert not AnnualReport.objects.exists()
    # 县农业农村局's own officer has its report alone: the summary is not offered.
    nyj = staff_client("nyj_disclosure")
    refused = nyj.get(URL, {"year": "2025", "department": "all"})
    assert refused.status_code == 400
    assert "请从列表中选择报告主体" in field_errors(refused, "department")
    assert new_total(nyj.get(URL, {"year": "2025", "department": "NYJ"})) == "0"


def test_the_page_without_a_query_opens_the_governments_report_of_last_year(
    staff_client, year_2025
):
    client = staff_client("disclosure")
    with at("2026-01-15 10:00"):
        response = client.get(URL)
    assert response.status_code == 200
    assert "示范县人民政府2025年政府信息公开工作年度报告" in page(response)


def test_others_are_refused(staff_client, year_2025):
    client = staff_client("editor")
    assert client.get(URL, {"year": "2025", "department": "SFX"}).status_code == 403
    assert client.get(URL + "pdf/", {"year": "2025", "department": "SFX"}).status_code == 403
    response = client.post(URL + "?year=2025&department=SFX", {"section_1": "x"})
    assert response.status_code == 403
    assert not AnnualReport.objects.exists()


def test_a_department_outside_the_users_scope_is_not_offered(staff_client, county):
    client = staff_client("disclosure")
    response = client.get(URL, {"year": "2025", "department": "NYJ"})
    assert response.status_code == 400
    assert "请从列表中选择报告主体" in field_errors(response, "department")
    assert NEW_ROW not in page(response)


def test_a_bad_figure_is_shown_next_to_its_field_and_nothing_is_saved(staff_client, year_2025):
    client = staff_client("disclosure_head")
    field = figure_field()
    response = client.post(
        URL + "?year=2025&department=SFX", {"section_1": "保留我写的字", field: "十二"}
    )
    assert response.status_code == 200
    assert "不是有效的数值" in field_errors(response, field)
    assert "保留我写的字" in page(response)
    assert 'value="十二"' in page(response)
    assert not AnnualReport.objects.exists()


@pytest.mark.parametrize("suffix", ["", "xlsx/", "pdf/"])
def test_a_year_that_is_not_a_year_is_a_400_in_chinese_not_the_default_year(
    staff_client, year_2025, suffix
):
    client = staff_client("disclosure_head")
    response = client.get(URL + suffix, {"year": "abc", "department": "SFX"})
    assert response.status_code == 400
    assert response["Content-Type"].startswith("text/html")
    assert "年度应为四位数字的公历年份" in field_errors(response, "year")
    assert NEW_ROW not in page(response)
    far = client.get(URL + suffix, {"year": "1999", "department": "SFX"})
    assert far.status_code == 400
    assert "年度不能早于 2008 年" in field_errors(far, "year")


def test_section_six_starts_with_the_fees_charged_that_year(staff_client, year_2025, county):
    """国办函〔2020〕109号: the report says what fees the agency charged in the year."""
    from gongkai.disclosure.models import ProcessingFee

    paid = DisclosureRequest.objects.get(number="2025-00001")
    ProcessingFee.objects.create(
        request=paid,
        method="per_page",
        quantity=50,
        amount=200,
        sent_on=date(2025, 3, 5),
        paid_on=date(2025, 3, 7),
    )
    client = staff_client("disclosure_head")
    response = client.get(URL, {"year": "2025", "department": "SFX"})
    expected = (
        "本年度发出信息处理费收费通知1件，金额共计200元；实际收取信息处理费1件，金额共计200元。"
    )
    assert expected in page(response)
    assert f">{expected}</textarea>" in page(response).replace("\n", "")
    # Another agency charged nothing.
    response = client.get(URL, {"year": "2025", "department": "BGS"})
    assert "本年度未发出信息处理费收费通知，未收取信息处理费。" in page(response)
