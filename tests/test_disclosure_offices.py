"""Who handles an agency's requests (政府信息公开工作机构, 条例 Art. 4), as a new user found
it: an online request to 示范县人民政府 (the form's default) is handled by the officers of
县人民政府办公室, who can be assigned it, register paper ones for it, and see it in their
inbox from the moment it arrives."""

import re

import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import call_command
from django.core.management.base import CommandError

from gongkai.core.models import AuditEvent
from gongkai.disclosure import actions, permissions
from gongkai.disclosure.forms import default_agency
from gongkai.disclosure.models import DisclosureOffice, DisclosureRequest
from tests.pages import at, page

pytestmark = pytest.mark.django_db
NOW = "2025-11-03 10:00"  # a Monday
INBOX = "/workbench/"


def application(**overrides) -> actions.ApplicationData:
    values = {
        "applicant_type": "natural",
        "applicant_name": "王小明",
        "id_type": "resident_id",
        "id_number": "11010519491231002X",
        "phone": "13800138000",
        "info_title": "2025年县级部门预算公开目录",
        "info_description": "县级各部门2025年部门预算公开的目录。",
        "requested_form": "electronic",
        "delivery": "online",
    }
    values.update(overrides)
    return actions.ApplicationData(**values)


def submit_online(department, when: str = NOW) -> DisclosureRequest:
    with at(when):
        request, _code = actions.submit_application(data=application(), department=department)
    return request


def assign_options(response) -> list[str]:
    """The names offered in the 分配经办人 select."""
    found = re.search(r'<select name="handler"[^>]*>(.*?)</select>', page(response), re.S)
    assert found, "no handler select"
    return re.findall(r'<option value="\d+"[^>]*>([^<]+)</option>', found.group(1))


def test_the_demo_county_names_the_office_of_the_government(county):
    assert default_agency() == county.dept["SFX"]  # the public form's default
    office = DisclosureOffice.objects.get(department=county.dept["SFX"])
    assert office.office == county.dept["BGS"]
    assert permissions.responsible_department(county.dept["SFX"]) == county.dept["BGS"]
    assert permissions.responsible_department(county.dept["NYJ"]) == county.dept["NYJ"]


def test_an_online_request_to_the_government_can_be_assigned_to_the_offices_staff(
    staff_client, county
):
    request = submit_online(county.dept["SFX"])
    assert request.handler is None
    with at(NOW):
        client = staff_client("disclosure")
        response = client.get(f"/workbench/disclosure/{request.pk}/")
        assert response.status_code == 200
        assert set(assign_options(response)) == {"孙公开", "冯主任"}
        head = county.user["disclosure_head"]
        done = client.post(f"/workbench/disclosure/{request.pk}/assign/", {"handler": head.pk})
    assert done.status_code == 302
    assert DisclosureRequest.objects.get(pk=request.pk).handler == head


def test_an_agency_without_a_named_office_is_handled_by_its_own_staff(
    staff_client, county, other_officer
):
    request = submit_online(county.dept["NYJ"])
    with at(NOW):
        response = staff_client("nyj_disclosure").get(f"/workbench/disclosure/{request.pk}/")
        assert assign_options(response) == ["农公开"]
        # The office's officers do not handle 县农业农村局's requests.
        refused = staff_client("disclosure").get(f"/workbench/disclosure/{request.pk}/")
    assert refused.status_code == 403
    government = submit_online(county.dept["SFX"])
    with at(NOW):
        other = staff_client("nyj_disclosure").get(f"/workbench/disclosure/{government.pk}/")
    assert other.status_code == 403


def test_the_office_registers_a_paper_application_to_the_government(staff_client, county):
    client = staff_client("disclosure")
    form = client.get("/workbench/disclosure/new/")
    assert ">示范县人民政府</option>" in page(form)
    with at(NOW):
        client = staff_client("disclosure")
        response = client.post(
            "/workbench/disclosure/new/",
            {
                "department": str(county.dept["SFX"].pk),
                "channel": "registered_post",
                "received_on": "2025-10-31",
                "note": "",
                "applicant_type": "natural",
                "applicant_name": "李四",
                "id_type": "resident_id",
                "id_number": "11010519491231002X",
                "phone": "13800138000",
                "address": "示范县城关镇人民路 2 号",
                "info_title": "2024年度农村公路养护资金使用情况",
                "info_description": "养护资金的分配和使用明细。",
                "requested_form": "paper",
                "delivery": "post",
            },
        )
    assert response.status_code == 302, page(response)
    registered = DisclosureRequest.objects.get(applicant_name="李四")
    assert registered.department == county.dept["SFX"]


def test_a_new_online_request_is_in_the_inbox_from_the_moment_it_arrives(
    staff_client, county, other_officer
):
    request = submit_online(county.dept["SFX"])
    entry = f"新申请，待分配经办人：{request.number} {request.info_title}"
    with at(NOW):
        assert entry in page(staff_client("disclosure").get(INBOX))
        assert entry in page(staff_client("disclosure_head").get(INBOX))
        assert entry not in page(staff_client("nyj_disclosure").get(INBOX))
        actions.assign_handler(
            actor=county.user["disclosure"],
            request=request,
            handler=county.user["disclosure"],
        )
        assert request.number not in page(staff_client("disclosure").get(INBOX))


def test_an_unassigned_request_near_its_due_date_is_listed_once(staff_client, county):
    request = submit_online(county.dept["SFX"], when="2025-10-08 10:00")
    with at("2025-11-03 10:00"):  # a few working days before its reply is due
        text = page(staff_client("disclosure").get(INBOX))
    assert text.count(request.number) == 1
    assert "答复期限（待分配经办人）" in text


def test_the_office_command_names_lists_and_clears_an_office(county, capsys):
    audited = AuditEvent.objects.filter(action="disclosure.office_set").count()
    call_command("disclosure", "office", "set", "NYJ", "BGS")
    assert permissions.responsible_department(county.dept["NYJ"]) == county.dept["BGS"]
    assert permissions.can_register(county.user["disclosure"], county.dept["NYJ"])
    call_command("disclosure", "office", "list")
    assert "NYJ 县农业农村局（畜牧） -> BGS 县人民政府办公室" in capsys.readouterr().out
    call_command("disclosure", "office", "clear", "NYJ")
    assert not permissions.can_register(county.user["disclosure"], county.dept["NYJ"])
    assert AuditEvent.objects.filter(action="disclosure.office_set").count() == audited + 2
    with pytest.raises(CommandError, match="没有机构代码为“XYZ”的机构"):
        call_command("disclosure", "office", "set", "XYZ", "BGS")
    with pytest.raises(CommandError, match="村（社区）不能作为政府信息公开工作机构"):
        call_command("disclosure", "office", "set", "GSX", "GSX-HPC")


def test_only_an_administrator_names_an_office(county):
    with pytest.raises(PermissionDenied):
        actions.set_disclosure_office(
            actor=county.user["disclosure_head"],
            department=county.dept["NYJ"],
            office=county.dept["BGS"],
        )
    actions.set_disclosure_office(
        actor=county.user["admin"], department=county.dept["NYJ"], office=county.dept["BGS"]
    )
    assert permissions.responsible_department(county.dept["NYJ"]) == county.dept["BGS"]
