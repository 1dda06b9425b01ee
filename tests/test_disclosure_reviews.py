"""行政复议、行政诉讼 that are about no request (proactive disclosure, or nothing asked):
recorded and concluded by the agency's disclosure staff on their own page, refused to
others, bad input shown next to its field; counted in table 四 in the year decided."""

from datetime import date

import pytest

from gongkai.core.models import AuditEvent
from gongkai.disclosure.models import ReviewCase
from gongkai.disclosure.report import build_report
from tests.pages import at, field_errors, page

pytestmark = pytest.mark.django_db
URL = "/workbench/disclosure/reviews/"
NOW = "2026-01-12 10:00"


def record_data(county, **overrides) -> dict:
    data = {
        "department": str(county.dept["SFX"].pk),
        "kind": "review",
        "subject": "对未主动公开2025年城区规划调整方案不服",
        "filed_on": "2025-12-01",
        "body": "示范市人民政府",
        "note": "",
    }
    data.update(overrides)
    return data


def test_the_office_records_a_case_about_proactive_disclosure_then_its_result(staff_client, county):
    with at(NOW):
        client = staff_client("disclosure")
        assert client.get(URL).status_code == 200
        response = client.post(URL, record_data(county))
        assert response.status_code == 302
        case = ReviewCase.objects.get()
        assert case.request is None and case.department == county.dept["SFX"]
        assert case.subject == "对未主动公开2025年城区规划调整方案不服"
        listed = client.get(URL)
        assert "对未主动公开2025年城区规划调整方案不服" in page(listed)
        done = client.post(
            f"{URL}{case.pk}/conclude/", {"result": "corrected", "concluded_on": "2026-01-09"}
        )
    assert done.status_code == 302
    case.refresh_from_db()
    assert case.result == "corrected" and case.concluded_on == date(2026, 1, 9)
    assert AuditEvent.objects.filter(action="disclosure.review_add").count() == 1
    assert AuditEvent.objects.filter(action="disclosure.review_conclude").count() == 1
    # Table 四: still open at the end of 2025, decided (纠正) in 2026.
    government = county.dept["SFX"]
    assert build_report(2025, government).table4.flat()[:5] == [0, 0, 0, 1, 1]
    assert build_report(2026, government).table4.flat()[:5] == [0, 1, 0, 0, 1]


def test_bad_input_is_shown_next_to_its_field_and_kept(staff_client, county):
    with at(NOW):
        client = staff_client("disclosure")
        response = client.post(URL, record_data(county, subject="", filed_on="2026-13-01"))
        assert response.status_code == 200
        assert "请填写事由" in field_errors(response, "subject")
        assert "YYYY-MM-DD" in field_errors(response, "filed_on")
        assert "示范市人民政府" in page(response)
        future = client.post(URL, record_data(county, filed_on="2026-02-01"))
        assert "日期不能晚于今天" in field_errors(future, "filed_on")
        case = ReviewCase.objects.create(
            department=county.dept["SFX"],
            subject="对未公开某文件不服",
            kind="review",
            filed_on=date(2025, 12, 1),
        )
        early = client.post(
            f"{URL}{case.pk}/conclude/", {"result": "upheld", "concluded_on": "2025-11-01"}
        )
        assert early.status_code == 200
        assert "审结日期应在立案日期与今天之间" in field_errors(
            early, f"case{case.pk}_concluded_on"
        )
    assert ReviewCase.objects.count() == 1
    assert ReviewCase.objects.get().result == "pending"


def test_an_agency_outside_the_users_is_refused(staff_client, county, other_officer):
    with at(NOW):
        client = staff_client("nyj_disclosure")
        response = client.post(URL, record_data(county))  # 示范县人民政府: not theirs
        assert response.status_code == 200
        assert "请从列表中选择您负责的机关" in field_errors(response, "department")
        case = ReviewCase.objects.create(
            department=county.dept["SFX"],
            subject="对未公开某文件不服",
            kind="review",
            filed_on=date(2025, 12, 1),
        )
        assert "对未公开某文件不服" not in page(client.get(URL))
        refused = client.post(
            f"{URL}{case.pk}/conclude/", {"result": "upheld", "concluded_on": "2026-01-05"}
        )
    assert refused.status_code == 403
    assert ReviewCase.objects.get(pk=case.pk).result == "pending"


def test_staff_without_a_disclosure_role_and_other_methods_are_refused(staff_client, county):
    client = staff_client("editor")
    assert client.get(URL).status_code == 403
    assert client.post(URL, record_data(county)).status_code == 403
    assert not ReviewCase.objects.exists()
    officer = staff_client("disclosure")
    assert officer.put(URL).status_code == 405
    assert officer.get(f"{URL}1/conclude/")["Location"] == URL
    assert officer.put(f"{URL}1/conclude/").status_code == 405


def test_a_village_is_no_agency_to_record_a_case_against(staff_client, county):
    from gongkai.core import actions as core_actions
    from gongkai.disclosure import roles

    user = core_actions.create_user(
        actor=None, username="gsx_disclosure", password="Gongkai-Demo-2026", display_name="乡公开"
    )
    core_actions.assign_role(
        actor=None, user=user, department=county.dept["GSX"], role=roles.DISCLOSURE_OFFICER
    )
    county.user["gsx_disclosure"] = user
    with at(NOW):
        client = staff_client("gsx_disclosure")
        form = page(client.get(URL))
        assert ">高山乡人民政府</option>" in form and "和平村" not in form
        response = client.post(URL, record_data(county, department=str(county.dept["GSX-HPC"].pk)))
    assert "请从列表中选择您负责的机关" in field_errors(response, "department")
    assert not ReviewCase.objects.exists()
