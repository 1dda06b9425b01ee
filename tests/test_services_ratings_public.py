"""The public 好差评 page (/zwfw/ratings/): per department, a month's ratings by grade, the bad
ones and how many were answered, the year to date, and the masked answers; excluded ratings
(an upheld appeal) nowhere; the period chosen with a GET form; shared by the page cache; a
fixed number of queries whatever the number of ratings."""

from __future__ import annotations

import re
from datetime import date, datetime
from itertools import count

import pytest
from django.core.cache import caches
from django.db import connection
from django.test.utils import CaptureQueriesContext

from gongkai.services import summary
from gongkai.services.actions.ratings import rate_case
from gongkai.services.actions.rectifications import (
    answer_rectification,
    decide_appeal,
    raise_appeal,
    record_contact,
)
from gongkai.services.models import Case, Evaluation, Rectification
from tests.pages import SHANGHAI, at, field_errors, page
from tests.services_cases import Window, published_item

pytestmark = pytest.mark.django_db

RATINGS = "/zwfw/ratings/"
NYJ_NAME = "县农业农村局（畜牧）"
_numbers = count(1)


@pytest.fixture
def window(county):
    return Window(county)


@pytest.fixture
def items(county):
    return {
        "NYJ": published_item(county.dept["NYJ"]),
        "MZJ": published_item(county.dept["MZJ"], code="T-520000-MZ-001", name="低保申请"),
    }


def finished_case(item) -> Case:
    """A completed case written to the table directly: the page reads only its rating."""
    n = next(_numbers)
    return Case.objects.create(
        number=f"ZW9{n:09d}",
        query_code_hash="-",
        item=item,
        version=item.current,
        department=item.department,
        channel="online",
        applicant_type="person",
        applicant_name="申请人张三丰",
        id_type="resident_id",
        id_number="11010519491231002X",
        id_number_index=f"index-{n}",
        phone="13800138000",
        delivery="in_person",
        status=Case.Status.COMPLETED,
        submitted_at=datetime(2025, 1, 2, 9, tzinfo=SHANGHAI),
        result="granted",
        completed_on=datetime(2025, 1, 3).date(),
    )


def rated(item, grade: int, when: str, *, owner=None, answered: str = "", **fields) -> Evaluation:
    """A rating at `when` (Shanghai time); a bad one with its rectification, answered on
    `answered` if given."""
    evaluation = Evaluation.objects.create(
        case=finished_case(item),
        department=item.department,
        channel=Evaluation.Channel.ONLINE,
        grade=grade,
        rated_at=datetime.fromisoformat(when).replace(tzinfo=SHANGHAI),
        **fields,
    )
    rectification = None
    if grade <= 2:
        rectification = Rectification.objects.create(
            evaluation=evaluation,
            owner=owner,
            state=Rectification.State.ANSWERED if answered else Rectification.State.OPEN,
            outcome=Rectification.Outcome.EXPLAINED if answered else "",
            answer="已电话联系张三丰（13800138000）说明情况。" if answered else "",
            answer_public="已电话联系张**（138****8000）说明情况。" if answered else "",
            answered_on=datetime.fromisoformat(answered).date() if answered else None,
        )
    # Written directly, so counted as the rating actions count theirs.
    summary.refresh(
        summary.case_days(evaluation.case) | summary.rating_days(evaluation, rectification)
    )
    return evaluation


def row(html: str, table_id: str, department: str) -> list[str]:
    """The cells of `department`'s (or a month's) row in the table of the section `table_id`:
    非常满意, 满意, 基本满意, 不满意, 非常不满意, 评价总数, 差评, 差评已整改答复."""
    section = re.search(rf'<section aria-labelledby="{table_id}">(.*?)</section>', html, re.S)
    assert section, f"no section {table_id}"
    found = re.search(
        rf"<tr>\s*<th scope=\"row\">(?:<a [^>]*>)?{re.escape(department)}(?:</a>)?</th>(.*?)</tr>",
        section.group(1),
        re.S,
    )
    if not found:
        return []
    return re.findall(r'<td class="count">(\d+)</td>', found.group(1))


def get(client, path: str = RATINGS, **params):
    caches["pages"].clear()
    return client.get(path, params)


# ---------------------------------------------------------------- the figures


def test_the_month_and_the_year_to_date_count_each_grade_per_department(client, items, window):
    nyj, mzj = items["NYJ"], items["MZJ"]
    clerk = window.clerk
    for grade in (5, 5, 4, 3):
        rated(nyj, grade, "2025-10-08 10:00")
    rated(nyj, 2, "2025-10-09 10:00", owner=clerk, answered="2025-10-10")
    rated(nyj, 1, "2025-10-31 23:30", owner=clerk)  # late on the last day: still October
    rated(nyj, 1, "2025-11-01 00:10", owner=clerk)  # just after midnight: November
    rated(nyj, 5, "2025-03-01 10:00")  # earlier in the year
    rated(nyj, 2, "2025-03-02 10:00", owner=clerk, answered="2025-03-03")
    rated(nyj, 5, "2024-10-08 10:00")  # the year before
    rated(mzj, 4, "2025-10-20 10:00")
    with at("2025-11-03 10:00"):
        html = page(get(client, year=2025, month=10))
    #                                          非常满意 满意 基本满意 不满意 非常不满意 总数 差评 已答复
    assert row(html, "month-heading", NYJ_NAME) == ["2", "1", "1", "1", "1", "6", "2", "1"]
    assert row(html, "month-heading", "县民政局") == ["0", "1", "0", "0", "0", "1", "0", "0"]
    assert row(html, "month-heading", "合计") == ["2", "2", "1", "1", "1", "7", "2", "1"]
    assert row(html, "year-heading", NYJ_NAME) == ["3", "1", "1", "2", "1", "8", "3", "2"]
    assert row(html, "year-heading", "合计") == ["3", "2", "1", "2", "1", "9", "3", "2"]
    assert "2025年10月评价情况" in html and "2025年1月至10月累计" in html


def test_a_rating_excluded_by_an_upheld_appeal_is_left_out_of_every_figure(client, items, window):
    nyj = items["NYJ"]
    rated(nyj, 4, "2025-10-08 10:00")
    rated(nyj, 1, "2025-10-09 10:00", owner=window.clerk, answered="2025-10-10", excluded=True)
    with at("2025-11-03 10:00"):
        html = page(get(client, year=2025, month=10))
    assert row(html, "month-heading", NYJ_NAME) == ["0", "1", "0", "0", "0", "1", "0", "0"]
    assert row(html, "year-heading", NYJ_NAME) == ["0", "1", "0", "0", "0", "1", "0", "0"]
    assert "张**" not in html  # nor its answer
    assert "这个月没有差评整改答复" in html


def test_a_department_without_ratings_is_not_listed_and_an_empty_month_says_so(client, items):
    rated(items["NYJ"], 5, "2025-09-08 10:00")
    with at("2025-11-03 10:00"):
        html = page(get(client, year=2025, month=10))
    assert row(html, "month-heading", NYJ_NAME) == []
    assert "这一期间没有评价" in html
    assert row(html, "year-heading", NYJ_NAME) == ["1", "0", "0", "0", "0", "1", "0", "0"]


def test_a_department_name_links_to_its_page_of_the_year(client, items):
    rated(items["NYJ"], 5, "2025-10-08 10:00")
    with at("2025-11-03 10:00"):
        html = page(get(client, year=2025, month=10))
    link = f'<a href="/zwfw/ratings/departments/{items["NYJ"].department_id}/?year=2025">'
    assert f"{link}{NYJ_NAME}</a>" in html


# ---------------------------------------------------------------- a department's page


def test_a_department_page_counts_each_month_of_the_year(client, items, window):
    nyj, mzj = items["NYJ"], items["MZJ"]
    rated(nyj, 5, "2025-01-31 23:59")
    rated(nyj, 4, "2025-02-01 00:01")
    rated(nyj, 2, "2025-02-10 10:00", owner=window.clerk, answered="2025-03-02")
    rated(nyj, 1, "2025-02-11 10:00", owner=window.clerk, excluded=True)
    rated(nyj, 5, "2024-12-31 10:00")  # the year before
    rated(mzj, 2, "2025-02-10 10:00", owner=window.stranger, answered="2025-02-12")  # not NYJ
    with at("2025-11-03 10:00"):
        response = get(client, department_url(nyj), year=2025)
    html = page(response)
    assert f"<h1>{NYJ_NAME}好差评</h1>" in html
    assert row(html, "months-heading", "2025年1月") == ["1", "0", "0", "0", "0", "1", "0", "0"]
    assert row(html, "months-heading", "2025年2月") == ["0", "1", "0", "1", "0", "2", "1", "1"]
    assert row(html, "months-heading", "2025年3月") == ["0"] * 8
    assert row(html, "months-heading", "2025年11月") == ["0"] * 8  # the current month so far
    assert row(html, "months-heading", "2025年12月") == []  # not yet
    assert row(html, "months-heading", "全年合计") == ["1", "1", "0", "1", "0", "3", "1", "1"]
    answers = re.search(r'<ol class="rating-answers">(.*?)</ol>', html, re.S).group(1)
    assert answers.count("<article") == 1 and "2025年3月2日" in answers


def test_a_department_page_defaults_to_the_last_complete_months_year(client, items):
    rated(items["NYJ"], 4, "2025-12-08 10:00")
    with at("2026-01-05 10:00"):
        html = page(get(client, department_url(items["NYJ"])))
    assert "2025年各月评价情况" in html
    assert row(html, "months-heading", "2025年12月")[-3:] == ["1", "0", "0"]


def test_a_department_page_tells_a_bad_year_and_refuses_an_unknown_department(client, items):
    with at("2025-11-03 10:00"):
        response = get(client, department_url(items["NYJ"]), year="2030")
        assert response.status_code == 200
        assert "选择一个有效的选项" in field_errors(response, "year")
        assert "2025年各月评价情况" in page(response)
        assert get(client, "/zwfw/ratings/departments/999999/").status_code == 404
        assert client.post(department_url(items["NYJ"])).status_code == 405


def department_url(item) -> str:
    return f"/zwfw/ratings/departments/{item.department_id}/"


# ---------------------------------------------------------------- the answers


def test_the_answers_of_the_month_are_shown_masked_with_date_and_department(client, items, window):
    rated(
        items["NYJ"],
        2,
        "2025-09-29 10:00",
        owner=window.clerk,
        answered="2025-10-10",
        reasons="efficiency,materials",
        comment="张三丰：等了太久",
        comment_public="张**：等了太久",
    )
    rated(items["NYJ"], 1, "2025-09-01 10:00", owner=window.clerk, answered="2025-09-03")
    with at("2025-11-03 10:00"):
        html = page(get(client, year=2025, month=10))
    answers = re.search(r'<ol class="rating-answers">(.*?)</ol>', html, re.S).group(1)
    assert answers.count("<article") == 1  # September's answer belongs to September
    assert f"{NYJ_NAME} · 不满意" in answers
    assert "2025年9月29日" in answers and "2025年10月10日" in answers
    assert "办事效率、材料要求" in answers
    assert "张**：等了太久" in answers and "已电话联系张**（138****8000）说明情况。" in answers
    assert "已解释说明" in answers
    # Never the applicant: not the name, the phone, the case number or the unmasked texts.
    assert "张三丰" not in html and "13800138000" not in html and "ZW9" not in html


# ---------------------------------------------------------------- the period


def test_the_default_period_is_the_last_complete_month_and_its_year(client, items):
    rated(items["NYJ"], 4, "2025-10-08 10:00")
    rated(items["NYJ"], 4, "2025-11-02 10:00")
    with at("2025-11-03 10:00"):
        html = page(get(client))
    assert "2025年10月评价情况" in html
    assert row(html, "month-heading", NYJ_NAME)[-3:] == ["1", "0", "0"]
    assert re.search(r'<option value="10" selected>10月</option>', html)
    with at("2026-01-05 10:00"):
        html = page(get(client))
    assert "2025年12月评价情况" in html and "2025年1月至12月累计" in html


def test_the_current_month_is_shown_as_so_far(client, items):
    rated(items["NYJ"], 4, "2025-11-02 10:00")
    with at("2025-11-03 10:00"):
        html = page(get(client, year=2025, month=11))
    assert "本月尚未结束，数据截至今日" in html
    assert row(html, "month-heading", NYJ_NAME)[-3:] == ["1", "0", "0"]


@pytest.mark.parametrize(
    ("params", "field", "error"),
    [
        ({"year": "2025", "month": "12"}, "month", "这个月份还没有到"),
        ({"year": "1999", "month": "1"}, "year", "选择一个有效的选项"),
        ({"year": "abc", "month": "3"}, "year", "选择一个有效的选项"),
        ({"year": "2025", "month": "13"}, "month", "选择一个有效的选项"),
    ],
)
def test_a_bad_period_is_told_next_to_the_field_and_the_last_month_shown(
    client, items, params, field, error
):
    with at("2025-11-03 10:00"):
        response = get(client, **params)
    assert response.status_code == 200
    assert error in field_errors(response, field)
    assert "2025年10月评价情况" in page(response)


def test_the_page_answers_only_reading(client, items):
    assert client.post(RATINGS).status_code == 405
    assert get(client, page="x").status_code == 200
    assert get(client, page="999").status_code == 200


def test_the_services_page_links_to_the_ratings(client, items):
    html = page(client.get("/zwfw/"))
    assert re.search(rf'<a href="{RATINGS}">好差评</a>', html)


# ---------------------------------------------------------------- cost


def _queries(client, path: str = RATINGS, **params) -> int:
    caches["pages"].clear()  # rendered, not answered from the page cache
    with CaptureQueriesContext(connection) as queries:
        assert client.get(path, params).status_code == 200
    return len(queries)


def test_the_number_of_queries_does_not_grow_with_the_ratings(client, items, window):
    def add(n: int) -> None:
        for i in range(n):
            item = items["NYJ"] if i % 2 else items["MZJ"]
            rated(item, 1 + i % 5, f"2025-10-{1 + i % 28:02d} 10:00", owner=window.clerk,
                  answered="2025-10-30", comment_public="慢", reasons="efficiency")  # fmt: skip

    with at("2025-11-03 10:00"):
        add(3)
        few = _queries(client, year=2025, month=10)
        few_department = _queries(client, department_url(items["NYJ"]), year=2025)
        add(27)
        many = _queries(client, year=2025, month=10)
        many_department = _queries(client, department_url(items["NYJ"]), year=2025)
    assert few == many
    assert few_department == many_department


def test_the_page_is_shared_and_a_rating_an_answer_and_an_appeal_move_it(
    client, county, items, window
):
    """Through the real actions: each changes what the shared page shows, on the next request."""
    case = finished_case(items["NYJ"])
    Case.objects.filter(pk=case.pk).update(handler=window.clerk)
    caches["pages"].clear()
    period = {"year": 2025, "month": 11}
    with at("2025-11-20 10:00"):
        assert client.get(RATINGS, period)["X-Cache"] == "miss"
        assert client.get(RATINGS, period)["X-Cache"] == "hit"
        rate_case(
            case=Case.objects.get(pk=case.pk),
            grade=1,
            reasons=["efficiency"],
            comment="拖了很久，电话13800138000没人接",
            channel=Evaluation.Channel.ONLINE,
        )
        html = page(client.get(RATINGS, period))
        assert row(html, "month-heading", NYJ_NAME) == ["0", "0", "0", "0", "1", "1", "1", "0"]
        rectification = Rectification.objects.get(evaluation__case=case)
        record_contact(
            actor=window.clerk,
            rectification=rectification,
            on=date(2025, 11, 20),
            method="电话",
            note="已致电。",
        )
        assert client.get(RATINGS, period)["X-Cache"] == "hit"  # nothing public changed
        answer_rectification(
            actor=window.clerk,
            rectification=rectification,
            outcome=Rectification.Outcome.RECTIFIED,
            answer="已联系申请人，电话13800138000，已改进。",
        )
        html = page(client.get(RATINGS, period))
        assert row(html, "month-heading", NYJ_NAME)[-1] == "1"
        assert "已改进" in html and "13800138000" not in html
        appeal = raise_appeal(
            actor=window.clerk,
            evaluation=rectification.evaluation,
            ground="malicious",
            statement="申请人以差评相要挟。",
        )
        decide_appeal(
            actor=county.user["supervisor"], appeal=appeal, upheld=True, decision="恶意差评，成立。"
        )
        html = page(client.get(RATINGS, period))
    assert row(html, "month-heading", NYJ_NAME) == []
    assert "已改进" not in html
