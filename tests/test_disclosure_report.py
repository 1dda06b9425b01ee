"""The annual report (政府信息公开工作年度报告): tables 二, 三 and 四, their renderings, the command.

The fixture year is 2024. Every expected figure below was counted by hand from the fixture's
list of requests, not by the code under test.
"""

from __future__ import annotations

import datetime
import io
import json
import re
from decimal import Decimal
from html.parser import HTMLParser

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.template.loader import render_to_string
from openpyxl import load_workbook
from pypdf import PdfReader

from gongkai.disclosure.models import AnnualReport, DisclosureRequest, ReviewCase
from gongkai.disclosure.report import build_report, column_labels, compute_table2
from gongkai.disclosure.report_pdf import build_pdf
from gongkai.disclosure.report_xlsx import build_xlsx
from gongkai.disclosure.rules import OUTCOME_GROUPS, REPORT_SECTIONS

pytestmark = pytest.mark.django_db

YEAR = 2024
d = datetime.date

# (number, department, applicant type, received, finished, outcome)
REQUESTS = [
    # Received in 2023, still open on 1 January 2024 (二、上年结转).
    ("C1", "BGS", "natural", d(2023, 12, 10), d(2024, 1, 5), "1"),
    ("C2", "GSX-HPC", "commercial", d(2023, 12, 20), None, ""),
    ("C3", "SWJ", "research", d(2023, 11, 15), d(2024, 1, 10), "4.1"),
    ("C5", "NYJ", "legal_service", d(2023, 12, 28), d(2024, 1, 1), "6.3"),
    # Received and finished in 2023: in no figure of 2024.
    ("C4", "BGS", "natural", d(2023, 6, 1), d(2023, 6, 20), "1"),
    # Received in 2024 (一、本年新收).
    ("N01", "BGS", "natural", d(2024, 1, 3), d(2024, 1, 20), "1"),
    ("N02", "GSX", "natural", d(2024, 2, 1), d(2024, 2, 25), "1"),
    ("N03", "SWJ", "commercial", d(2024, 3, 1), d(2024, 3, 20), "2"),
    ("N04", "BGS", "natural", d(2024, 3, 5), d(2024, 3, 30), "3.1"),
    ("N05", "GSX-HPC", "public_welfare", d(2024, 4, 1), d(2024, 4, 22), "3.4"),
    ("N06", "NYJ", "natural", d(2024, 4, 10), d(2024, 5, 8), "3.6"),
    ("N07", "MZJ", "other", d(2024, 5, 6), d(2024, 5, 30), "4.1"),
    ("N08", "BGS", "natural", d(2024, 5, 10), d(2024, 6, 1), "4.2"),
    ("N09", "SPJ", "legal_service", d(2024, 6, 3), d(2024, 6, 20), "4.3"),
    ("N10", "BGS", "natural", d(2024, 6, 10), d(2024, 6, 12), "5.1"),
    ("N11", "SWJ", "commercial", d(2024, 7, 1), d(2024, 7, 2), "5.2"),
    ("N12", "SFX", "natural", d(2024, 7, 15), d(2024, 8, 1), "5.5"),
    ("N13", "GSX-XQC", "research", d(2024, 8, 1), d(2024, 9, 1), "6.1"),
    ("N14", "BGS", "natural", d(2024, 9, 2), d(2024, 9, 30), "6.2"),
    ("N15", "MZJ", "other", d(2024, 10, 8), d(2024, 10, 30), "1"),
    ("N19", "BGS", "natural", d(2024, 11, 1), d(2024, 12, 31), "2"),
    # Received in 2024, finished in 2025 or still open (四、结转下年度继续办理).
    ("N16", "BGS", "natural", d(2024, 12, 20), d(2025, 1, 10), "1"),
    ("N17", "GSX", "commercial", d(2024, 12, 30), None, ""),
    ("N18", "SWJ", "public_welfare", d(2024, 12, 31), d(2025, 1, 5), "2"),
    # Received in 2025: in no figure of 2024.
    ("L1", "BGS", "natural", d(2025, 1, 2), None, ""),
]

# Hand-counted table 三 for the whole government, 2024. Columns:
# 自然人, 商业企业, 科研机构, 社会公益组织, 法律服务机构, 其他, 总计.
EXPECTED_3 = {
    "一、本年新收政府信息公开申请数量": [10, 3, 1, 2, 1, 2, 19],
    "二、上年结转政府信息公开申请数量": [1, 1, 1, 0, 1, 0, 4],
    "（一）予以公开": [3, 0, 0, 0, 0, 1, 4],  # C1, N01, N02 | N15
    "（二）部分公开（区分处理的，只计这一情形，不计其他情形）": [1, 1, 0, 0, 0, 0, 2],  # N19 | N03
    "1.属于国家秘密": [1, 0, 0, 0, 0, 0, 1],  # N04
    "2.其他法律行政法规禁止公开": [0, 0, 0, 0, 0, 0, 0],
    "3.危及“三安全一稳定”": [0, 0, 0, 0, 0, 0, 0],
    "4.保护第三方合法权益": [0, 0, 0, 1, 0, 0, 1],  # N05
    "5.属于三类内部事务信息": [0, 0, 0, 0, 0, 0, 0],
    "6.属于四类过程性信息": [1, 0, 0, 0, 0, 0, 1],  # N06
    "7.属于行政执法案卷": [0, 0, 0, 0, 0, 0, 0],
    "8.属于行政查询事项": [0, 0, 0, 0, 0, 0, 0],
    "1.本机关不掌握相关政府信息": [0, 0, 1, 0, 0, 1, 2],  # C3 | N07
    "2.没有现成信息需要另行制作": [1, 0, 0, 0, 0, 0, 1],  # N08
    "3.补正后申请内容仍不明确": [0, 0, 0, 0, 1, 0, 1],  # N09
    "1.信访举报投诉类申请": [1, 0, 0, 0, 0, 0, 1],  # N10
    "2.重复申请": [0, 1, 0, 0, 0, 0, 1],  # N11
    "3.要求提供公开出版物": [0, 0, 0, 0, 0, 0, 0],
    "4.无正当理由大量反复申请": [0, 0, 0, 0, 0, 0, 0],
    "5.要求行政机关确认或重新出具已获取信息": [1, 0, 0, 0, 0, 0, 1],  # N12
    "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请": [0, 0, 1, 0, 0, 0, 1],
    "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请": [
        1,
        0,
        0,
        0,
        0,
        0,
        1,
    ],  # N14
    "3.其他": [0, 0, 0, 0, 1, 0, 1],  # C5 (finished on 1 January)
    "（七）总计": [10, 2, 2, 1, 2, 2, 19],
    "四、结转下年度继续办理": [1, 2, 0, 1, 0, 0, 4],  # N16 | C2, N17 | N18
}

# The same for 高山乡 (GSX) and its two villages: N02, N05, N13, N17 new; C2 carried in.
EXPECTED_3_GSX = {
    "一、本年新收政府信息公开申请数量": [1, 1, 1, 1, 0, 0, 4],
    "二、上年结转政府信息公开申请数量": [0, 1, 0, 0, 0, 0, 1],
    "（一）予以公开": [1, 0, 0, 0, 0, 0, 1],
    "4.保护第三方合法权益": [0, 0, 0, 1, 0, 0, 1],
    "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请": [0, 0, 1, 0, 0, 0, 1],
    "（七）总计": [1, 0, 1, 1, 0, 0, 3],
    "四、结转下年度继续办理": [0, 2, 0, 0, 0, 0, 2],
}


def _request(county, number, dept, applicant_type, received, finished, outcome):
    return DisclosureRequest.objects.create(
        number=number,
        query_code_hash="0" * 64,
        department=county.dept[dept],
        channel="online",
        received_on=received,
        applicant_type=applicant_type,
        applicant_name=f"申请人{number}",
        id_type="resident_id",
        id_number="110101199003070000",
        phone="13800000000",
        info_title=f"所需信息{number}",
        info_description="内容描述",
        requested_form="electronic",
        delivery="email",
        status="replied" if finished else "processing",
        outcome=outcome,
        finished_on=finished,
    )


@pytest.fixture
def year_data(county):
    return {row[0]: _request(county, *row) for row in REQUESTS}


def _table3_flat(report) -> dict[str, list[int]]:
    return {row.label: row.values for row in report.table3.rows() if row.values is not None}


def _json_columns(cell: dict) -> list[int]:
    org = cell["法人或其他组织"]
    return [
        cell["自然人"],
        org["商业企业"],
        org["科研机构"],
        org["社会公益组织"],
        org["法律服务机构"],
        org["其他"],
        cell["总计"],
    ]


# ---------------------------------------------------------------- table 三


def test_it_counts_table_3_cell_by_cell(year_data):
    report = build_report(YEAR)
    assert _table3_flat(report) == EXPECTED_3
    assert report.check.ok, report.check.to_json()


def test_every_outcome_group_is_used_by_the_fixture(year_data):
    used = {r[5].split(".")[0] for r in REQUESTS if r[4] and r[4].year == YEAR}
    assert used == {g.code for g in OUTCOME_GROUPS}
    assert {r[2] for r in REQUESTS} == {
        "natural",
        "commercial",
        "research",
        "public_welfare",
        "legal_service",
        "other",
    }


def test_json_uses_the_template_labels_and_nests_groups(year_data):
    data = build_report(YEAR).to_json()
    t3 = data["三"]
    assert list(t3) == [
        "一、本年新收政府信息公开申请数量",
        "二、上年结转政府信息公开申请数量",
        "三、本年度办理结果",
        "四、结转下年度继续办理",
    ]
    assert t3["一、本年新收政府信息公开申请数量"] == {
        "自然人": 10,
        "法人或其他组织": {
            "商业企业": 3,
            "科研机构": 1,
            "社会公益组织": 2,
            "法律服务机构": 1,
            "其他": 2,
        },
        "总计": 19,
    }
    results = t3["三、本年度办理结果"]
    assert list(results) == [g.label for g in OUTCOME_GROUPS] + ["（七）总计"]
    # A group with sub-reasons is a header: its value holds sub-rows, not figures.
    assert _json_columns(results["（三）不予公开"]["4.保护第三方合法权益"]) == [0, 0, 0, 1, 0, 0, 1]
    assert _json_columns(results["（六）其他处理"]["3.其他"]) == [0, 0, 0, 0, 1, 0, 1]
    assert _json_columns(results["（一）予以公开"]) == [3, 0, 0, 0, 0, 1, 4]
    assert data["year"] == YEAR and data["department"] is None
    assert list(data["sections"]) == list(REPORT_SECTIONS)
    assert data["check"] == {"ok": True, "unbalanced": {}, "breaches": [], "warnings": []}
    json.dumps(data, ensure_ascii=False)  # serialisable as it is


def test_an_agencys_report_counts_its_own_requests_and_its_villages(year_data, county):
    """条例 Art. 49: 高山乡's report holds its own requests and its villages' (no agency of
    their own); the government's holds only those addressed to the government."""
    report = build_report(YEAR, county.dept["GSX"])
    flat = _table3_flat(report)
    zero = [0] * 7
    for label, values in flat.items():
        assert values == EXPECTED_3_GSX.get(label, zero), label
    assert report.check.ok
    government = _table3_flat(build_report(YEAR, county.dept["SFX"]))
    n12 = {
        "一、本年新收政府信息公开申请数量",
        "5.要求行政机关确认或重新出具已获取信息",
        "（七）总计",
    }
    for label, values in government.items():  # N12 only: received and answered (五.5)
        assert values == ([1, 0, 0, 0, 0, 0, 1] if label in n12 else zero), label


def test_the_consistency_rule_names_the_requests_that_break_it(year_data, county):
    # Finished in 2024 but received in 2025: in 三 and in neither 一 nor 二.
    late = _request(county, "X1", "BGS", "natural", d(2025, 1, 5), d(2024, 12, 20), "1")
    # Received in 2024 but "finished" in 2023: in 一 and in neither 三 nor 四.
    early = _request(county, "X2", "SWJ", "commercial", d(2024, 5, 5), d(2023, 12, 1), "1")
    # Finished in 2024 with an outcome that is no row of table 三.
    odd = _request(county, "X3", "BGS", "other", d(2024, 2, 2), d(2024, 3, 3), "9.9")
    report = build_report(YEAR)
    check = report.check
    assert not check.ok
    assert check.unbalanced == {
        "自然人": (10 + 1, 11 + 1),
        "商业企业": (4 + 1, 4),
        "其他": (2 + 1, 2),
        "总计": (23 + 2, 23 + 1),
    }
    found = {(b.id, b.number, b.problem) for b in check.breaches}
    assert found == {
        (late.pk, "X1", "finished_before_received"),
        (early.pk, "X2", "finished_before_received"),
        (odd.pk, "X3", "unknown_outcome"),
    }
    as_json = report.to_json()["check"]
    assert as_json["unbalanced"]["自然人"] == {"一+二": 11, "三（七）+四": 12}
    assert {b["number"] for b in as_json["breaches"]} == {"X1", "X2", "X3"}
    assert all(b["message"] for b in as_json["breaches"])
    # Outside the department of the bad data, the report is sound.
    assert build_report(YEAR, county.dept["GSX"]).check.ok


# ---------------------------------------------------------------- table 四


@pytest.fixture
def review_cases(year_data):
    r = year_data
    cases = [
        # (request, kind, filed, result, concluded)
        ("N04", "review", d(2024, 2, 1), "upheld", d(2024, 5, 1)),
        ("N02", "review", d(2024, 3, 1), "corrected", d(2024, 6, 1)),  # 高山乡
        ("N06", "review", d(2024, 11, 1), "upheld", d(2025, 2, 1)),  # concluded in 2025
        ("N10", "review", d(2024, 12, 1), "pending", None),
        ("N12", "litigation_direct", d(2024, 4, 1), "other", d(2024, 10, 1)),
        ("N14", "litigation_after_review", d(2024, 6, 1), "corrected", d(2024, 12, 31)),
        ("C1", "review", d(2023, 12, 1), "upheld", d(2024, 1, 20)),  # filed in 2023
        ("N19", "litigation_direct", d(2025, 1, 5), "pending", None),  # filed in 2025
    ]
    for number, kind, filed, result, concluded in cases:
        ReviewCase.objects.create(
            request=r[number],
            department=r[number].department,
            subject=r[number].info_title,
            kind=kind,
            filed_on=filed,
            result=result,
            concluded_on=concluded,
        )


def test_it_counts_table_4_in_the_year_each_case_is_decided(review_cases, county):
    """A case counts with its result in the year it is decided, and as 尚未审结 in every year
    it is still open at the end of: C1 (filed 2023, decided 2024) is 2024's; N06 (filed 2024,
    decided 2025) is 尚未审结 in 2024 and 维持 in 2025."""
    report = build_report(YEAR)
    assert report.table4.flat() == [2, 1, 0, 2, 5, 0, 0, 1, 0, 1, 0, 1, 0, 0, 1]
    five = ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"]
    assert report.to_json()["四"] == {
        "行政复议": dict(zip(five, [2, 1, 0, 2, 5], strict=True)),
        "行政诉讼": {
            "未经复议直接起诉": dict(zip(five, [0, 0, 1, 0, 1], strict=True)),
            "复议后起诉": dict(zip(five, [0, 1, 0, 0, 1], strict=True)),
        },
    }
    assert build_report(YEAR + 1).table4.flat() == [1, 0, 0, 1, 2, 0, 0, 0, 1, 1] + [0] * 5
    assert build_report(YEAR - 1).table4.flat() == [0, 0, 0, 1, 1] + [0] * 10
    gsx = build_report(YEAR, county.dept["GSX"])
    assert gsx.table4.flat() == [0, 1, 0, 0, 1] + [0] * 10


def test_a_case_about_no_request_counts_against_its_agency(county):
    """A review of proactive disclosure (or of nothing asked) has no request: it counts for
    the agency it is against, in the year it is decided."""
    ReviewCase.objects.create(
        department=county.dept["SWJ"],
        subject="对未主动公开移民安置规划不服",
        kind="litigation_direct",
        filed_on=d(2024, 9, 1),
        result="upheld",
        concluded_on=d(2024, 11, 1),
    )
    swj = build_report(YEAR, county.dept["SWJ"]).table4.flat()
    assert swj == [0, 0, 0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0, 0, 0]  # 未经复议直接起诉, 维持
    assert build_report(YEAR, county.dept["GSX"]).table4.flat() == [0] * 15
    assert build_report(YEAR).table4.flat()[5:10] == [1, 0, 0, 0, 1]


def test_the_third_reason_of_refusal_is_labelled_with_chinese_quotes(county):
    labels = [label for _code, label in OUTCOME_GROUPS[2].reasons]
    assert "3.危及“三安全一稳定”" in labels
    assert not any('"' in label for group in OUTCOME_GROUPS for _c, label in group.reasons)
    html = render_to_string("disclosure/annual_report.html", {"report": build_report(YEAR)})
    assert "3.危及“三安全一稳定”" in html


# ---------------------------------------------------------------- table 二


@pytest.fixture
def documents(county):
    from gongkai.publishing.actions import ItemData, create_column, import_published_item
    from gongkai.publishing.models import Item

    columns = {
        code: create_column(
            actor=None,
            name="规范性文件",
            slug=f"gfxwj-{code.lower()}",
            department=county.dept[code],
            in_catalogue=True,
            category="art20_1",
        )
        for code in ("GSX", "SWJ")
    }
    # An ordinary column: its documents are not counted.
    news = create_column(
        actor=None, name="工作动态", slug="gzdt-gsx", department=county.dept["GSX"]
    )
    published = datetime.datetime(2025, 1, 20, tzinfo=datetime.UTC)
    rows = [
        # (column, title, 文号, issued, validity, validity changed on)
        (columns["GSX"], "G1", "高府发〔2024〕1号", d(2024, 3, 1), "valid", None),
        (columns["GSX"], "G2", "高府发〔2022〕3号", d(2022, 5, 1), "repealed", d(2024, 6, 1)),
        (columns["GSX"], "G3", "高府发〔2021〕1号", d(2021, 1, 1), "repealed", d(2025, 2, 1)),
        (columns["GSX"], "G4", "高府发〔2023〕2号", d(2023, 1, 1), "amended", d(2024, 4, 1)),
        (columns["GSX"], "G5", "", d(2024, 5, 1), "valid", None),  # no 文号
        (columns["GSX"], "G6", "高府发〔2025〕1号", d(2025, 1, 10), "valid", None),
        (columns["GSX"], "G7", "高府发〔2020〕9号", d(2020, 3, 1), "expired", d(2024, 8, 1)),
        (news, "G8", "高府发〔2024〕7号", d(2024, 7, 1), "valid", None),
        (columns["SWJ"], "S1", "县水发〔2024〕2号", d(2024, 2, 2), "valid", None),
    ]
    for column, title, number, issued, validity, changed in rows:
        item = import_published_item(
            actor=None,
            column=column,
            data=ItemData(
                title=title, document_number=number, publisher="示范县", created_on=issued
            ),
            published_at=published,
        )
        Item.objects.filter(pk=item.pk).update(validity=validity, validity_changed_on=changed)


def test_it_computes_normative_documents_from_the_catalogue(documents, county):
    gsx = build_report(YEAR, county.dept["GSX"]).to_json()
    assert gsx["二"]["第二十条第（一）项"]["行政规范性文件"] == {
        "本年制发件数": 1,  # G1
        "本年废止件数": 1,  # G2 (G7 expired, not repealed)
        "现行有效件数": 3,  # G1, G3 (repealed only in 2025), G4 (amended)
    }
    whole = build_report(YEAR).to_json()
    assert whole["二"]["第二十条第（一）项"]["行政规范性文件"] == {
        "本年制发件数": 2,
        "本年废止件数": 1,
        "现行有效件数": 4,
    }
    assert whole["二来源"]["行政规范性文件|现行有效件数"] == "computed"
    # 行政处罚 has no provider: missing until entered by hand (行政许可 is 政务服务's figure).
    assert whole["二来源"]["行政处罚|本年处理决定数量"] == "missing"
    assert whole["二"]["第二十条第（六）项"]["行政处罚"] == {"本年处理决定数量": None}
    assert whole["二来源"]["行政许可|本年处理决定数量"] == "computed"


def test_manual_figures_complete_and_override_table_2(documents, county):
    AnnualReport.objects.create(
        year=YEAR,
        department=county.dept["SFX"],
        manual_figures={
            "行政许可|本年处理决定数量": 120,
            "行政处罚|本年处理决定数量": "35",
            "行政事业性收费|本年收费金额（单位：万元）": "1.25",
            "行政规范性文件|本年制发件数": 5,
            "规章|本年制发件数": 0,
            "行政强制|本年处理决定数量": "很多",
            "不存在的行|本年制发件数": 1,
        },
    )
    report = build_report(YEAR, county.dept["SFX"])
    data = report.to_json()
    t2 = data["二"]
    assert t2["第二十条第（五）项"]["行政许可"]["本年处理决定数量"] == 120
    assert t2["第二十条第（六）项"] == {
        "行政处罚": {"本年处理决定数量": 35},
        "行政强制": {"本年处理决定数量": None},
    }
    assert t2["第二十条第（八）项"]["行政事业性收费"]["本年收费金额（单位：万元）"] == 1.25
    assert report.table2.get("行政事业性收费", "本年收费金额（单位：万元）") == Decimal("1.25")
    assert t2["第二十条第（一）项"] == {
        "规章": {"本年制发件数": 0, "本年废止件数": None, "现行有效件数": None},
        "行政规范性文件": {"本年制发件数": 5, "本年废止件数": 1, "现行有效件数": 4},
    }
    sources = data["二来源"]
    assert sources["行政规范性文件|本年制发件数"] == "manual"
    assert sources["行政规范性文件|本年废止件数"] == "computed"
    assert sources["规章|本年制发件数"] == "manual"
    assert sources["行政强制|本年处理决定数量"] == "missing"
    assert len(data["check"]["warnings"]) == 2
    assert data["check"]["ok"]  # table 二's warnings do not touch table 三's rule


def test_table_2_takes_the_figures_a_module_provides_and_leaves_the_rest_to_staff(
    county, monkeypatch
):
    from gongkai.core import figures

    asked = []

    def provider(year, scope):
        asked.append((year, scope))
        return {"normative_documents": {"issued": 7, "repealed": 2, "in_force": 40}}

    monkeypatch.setattr(figures, "_providers", [])
    without = build_report(YEAR).to_json()
    assert without["二"]["第二十条第（一）项"]["行政规范性文件"] == {
        "本年制发件数": None,
        "本年废止件数": None,
        "现行有效件数": None,
    }
    assert without["二来源"]["行政规范性文件|现行有效件数"] == "missing"
    figures.register_provider(["normative_documents"], provider)
    gsx = build_report(YEAR, county.dept["GSX"]).to_json()
    assert asked == [(YEAR, county.dept["GSX"].path)]
    assert gsx["二"]["第二十条第（一）项"]["行政规范性文件"] == {
        "本年制发件数": 7,
        "本年废止件数": 2,
        "现行有效件数": 40,
    }
    assert gsx["二来源"]["行政规范性文件|本年制发件数"] == "computed"
    assert gsx["二来源"]["规章|本年制发件数"] == "missing"


# ---------------------------------------------------------------- renderings agree


@pytest.fixture
def full_report(year_data, review_cases, documents):
    """The county-wide figures with the text and a hand-entered figure an agency's report
    has (the summary has neither of its own): every part the renderings draw."""
    report = build_report(YEAR)
    report.sections[REPORT_SECTIONS[0]] = "本年度，示范县坚持以公开为常态。\n第二段落。"
    report.sections[REPORT_SECTIONS[4]] = "存在的问题 & 改进"
    report.table2, _warnings = compute_table2(YEAR, None, {"行政许可|本年处理决定数量": 120})
    return report


def test_xlsx_has_the_template_grid_and_agrees_with_json(full_report):
    book = load_workbook(io.BytesIO(build_xlsx(full_report)))
    assert book.sheetnames == list(REPORT_SECTIONS[1:4])
    ws = book[REPORT_SECTIONS[2]]
    merged = {str(r) for r in ws.merged_cells.ranges}
    assert "E3:I3" in merged and ws["E3"].value == "法人或其他组织"
    assert "D2:J2" in merged and ws["D2"].value == "申请人情况"
    assert [ws.cell(4, c).value for c in range(5, 10)] == [
        "商业企业",
        "科研机构",
        "社会公益组织",
        "法律服务机构",
        "其他",
    ]
    read = {}
    for row in ws.iter_rows(min_row=5, values_only=True):
        label = next(v for v in reversed(row[:3]) if v)
        read[label] = list(row[3:10])
    assert read == EXPECTED_3
    # 三、本年度办理结果 runs down column A over every outcome row; （三） down column B.
    assert "A7:A28" in merged and ws["A7"].value == "三、本年度办理结果"
    assert "B9:B16" in merged and ws["B9"].value == "（三）不予公开"

    t4 = book[REPORT_SECTIONS[3]]
    assert [t4.cell(5, c).value for c in range(1, 16)] == full_report.table4.flat()
    assert t4["A2"].value == "行政复议" and t4["F2"].value == "行政诉讼"
    assert t4["F3"].value == "未经复议直接起诉" and t4["K3"].value == "复议后起诉"

    t2 = book[REPORT_SECTIONS[1]]
    cells = {row[0]: row[1:] for row in t2.iter_rows(values_only=True) if row[0]}
    assert cells["行政规范性文件"] == (2, 1, 4)
    assert cells["行政许可"][0] == 120
    assert cells["规章"] == (None, None, None)


def test_pdf_has_the_sections_and_the_same_figures(full_report):
    text = "".join(
        page.extract_text() for page in PdfReader(io.BytesIO(build_pdf(full_report))).pages
    )
    flat = re.sub(r"\s+", "", text)
    assert full_report.title in flat
    for label in REPORT_SECTIONS:
        assert label in flat
    assert "本年度，示范县坚持以公开为常态。" in flat and "存在的问题&改进" in flat
    # Each row of table 三: its label, then its seven figures, in the order of the JSON.
    data = full_report.to_json()["三"]
    position = 0
    for label, values in _json_rows(data):
        position = flat.index(label, position) + len(label)
        figures = "".join(str(n) for n in values)
        assert flat[position:].startswith(figures), (label, flat[position : position + 30])
    assert "".join(str(n) for n in full_report.table4.flat()) in flat
    assert "行政规范性文件214" in flat and "行政许可120" in flat


def _json_rows(t3: dict):
    """(label, seven figures) for every figure row of table 三's JSON, in template order."""
    for label, value in t3.items():
        if "总计" in value:
            yield label, _json_columns(value)
            continue
        for sub_label, sub in value.items():
            if "总计" in sub:
                yield sub_label, _json_columns(sub)
            else:
                for leaf_label, leaf in sub.items():
                    yield leaf_label, _json_columns(leaf)


def test_json_rows_match_the_hand_counts(full_report):
    assert dict(_json_rows(full_report.to_json()["三"])) == EXPECTED_3


# ---------------------------------------------------------------- the command


def test_the_command_prints_the_json(year_data):
    out = io.StringIO()
    call_command("report", "annual", "--year", str(YEAR), "--json", stdout=out)
    data = json.loads(out.getvalue())
    assert data == build_report(YEAR).to_json()
    assert dict(_json_rows(data["三"])) == EXPECTED_3


def test_the_command_prints_a_readable_table_for_a_department(year_data, tmp_path):
    out = io.StringIO()
    xlsx, pdf = tmp_path / "r.xlsx", tmp_path / "r.pdf"
    call_command(
        "report",
        "annual",
        "--year",
        str(YEAR),
        "--department",
        "GSX",
        "--xlsx",
        str(xlsx),
        "--pdf",
        str(pdf),
        stdout=out,
    )
    text = out.getvalue()
    assert "高山乡人民政府2024年政府信息公开工作年度报告" in text
    lines = {line.split()[0]: line.split()[1:] for line in text.splitlines() if line.strip()}
    assert lines["一、本年新收政府信息公开申请数量"] == ["1", "1", "1", "1", "0", "0", "4"]
    assert lines["四、结转下年度继续办理"] == ["0", "2", "0", "0", "0", "0", "2"]
    assert "勾稽关系（一 + 二 = 三（七）总计 + 四）：相符" in text
    assert xlsx.read_bytes()[:2] == b"PK" and pdf.read_bytes()[:5] == b"%PDF-"


def test_the_command_reports_a_breach_in_text(year_data, county):
    _request(county, "X1", "BGS", "natural", d(2025, 1, 5), d(2024, 12, 20), "1")
    out = io.StringIO()
    call_command("report", "annual", "--year", str(YEAR), stdout=out)
    assert "：不符" in out.getvalue()
    assert "申请 X1" in out.getvalue() and "办结日期早于收到申请日期" in out.getvalue()


def test_the_command_refuses_an_unknown_department(db):
    with pytest.raises(CommandError, match="NOPE"):
        call_command("report", "annual", "--year", "2024", "--department", "NOPE")


def test_column_labels_are_the_templates():
    assert column_labels() == [
        "自然人",
        "商业企业",
        "科研机构",
        "社会公益组织",
        "法律服务机构",
        "其他",
        "总计",
    ]


class _Rows(HTMLParser):
    """Each <tr> of the HTML as ([header texts], [cell texts])."""

    def __init__(self):
        super().__init__()
        self.rows, self.cell = [], None

    def handle_starttag(self, tag, attrs):
        if tag == "tr":
            self.rows.append(([], []))
        elif tag in ("th", "td"):
            self.cell = (tag, [])

    def handle_data(self, data):
        if self.cell is not None:
            self.cell[1].append(data)

    def handle_endtag(self, tag):
        if tag in ("th", "td") and self.cell is not None:
            heads, cells = self.rows[-1]
            (heads if tag == "th" else cells).append("".join(self.cell[1]).strip())
            self.cell = None


def test_the_html_fragment_agrees_and_has_row_and_column_headers(full_report):
    html = render_to_string("disclosure/annual_report.html", {"report": full_report})
    parser = _Rows()
    parser.feed(html)
    figures = {
        heads[-1]: [int(c) for c in cells] for heads, cells in parser.rows if len(cells) == 7
    }
    assert figures == EXPECTED_3
    assert '<th scope="row" rowspan="22">三、本年度办理结果</th>' in html
    assert '<th scope="colgroup" colspan="5">法人或其他组织</th>' in html
    assert '<th scope="row" rowspan="8">（三）不予公开</th>' in html
    assert "<p>本年度，示范县坚持以公开为常态。<br>第二段落。</p>" in html
    t4 = next(cells for heads, cells in parser.rows if len(cells) == 15)
    assert [int(c) for c in t4] == full_report.table4.flat()
    assert 'role="alert"' not in html


def test_the_html_fragment_lists_the_breaches(year_data, county):
    _request(county, "X1", "BGS", "natural", d(2025, 1, 5), d(2024, 12, 20), "1")
    html = render_to_string("disclosure/annual_report.html", {"report": build_report(YEAR)})
    assert 'role="alert"' in html and "X1：办结日期早于收到申请日期" in html
