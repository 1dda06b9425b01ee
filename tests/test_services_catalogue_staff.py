"""The catalogue's staff pages: the list, a new item, the edit form with its rows, submit,
approve and return; for each the allowed case, the forbidden case, the wrong method and bad
input (kept as typed, shown next to its field, nothing changed, never a 500)."""

from __future__ import annotations

import io

import pytest

from gongkai.services.actions import catalogue as actions
from gongkai.services.models import ServiceItem, ServiceItemVersion
from tests.test_services_catalogue import (
    draft,
    make_editor,
    make_outsider,
    make_reviewer,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor(county):
    return make_editor(county)


@pytest.fixture
def reviewer(county):
    return make_reviewer(county)


@pytest.fixture
def outsider(county):
    return make_outsider(county)


Version = ServiceItemVersion
BASE = "/workbench/services/catalogue/"


def html(response) -> str:
    return response.content.decode()


def form_data(**changes) -> dict:
    """The edit form as a browser posts it: two material rows and a blank one, one fee row."""
    data = {
        "name": "农村宅基地审批",
        "basic_code": "",
        "item_type": "licensing",
        "implementing_body": "县农业农村局",
        "audience": "person",
        "life_events": ["housing", "agriculture"],
        "legal_basis": "《中华人民共和国土地管理法》第六十二条",
        "conditions": "本集体经济组织成员，一户只能拥有一处宅基地。",
        "process": "申请\n村级审查\n乡镇审核\n批准",
        "handling_form": "window",
        "legal_days": "20",
        "promised_days": "15",
        "visits": "1",
        "charges": "on",
        "consult": "0558-7654321",
        "complaint": "12345",
        "place": "乡镇便民服务中心",
        "hours": "工作日",
        "result_name": "农村宅基地批准书",
        "result_type": "批文",
        "materials-TOTAL_FORMS": "3",
        "materials-INITIAL_FORMS": "3",
        "fees-TOTAL_FORMS": "1",
        "fees-INITIAL_FORMS": "1",
        "fees-0-name": "工本费",
        "fees-0-standard": "不超过10元",
        "fees-0-basis": "皖价〔2019〕1号",
    }
    rows = [("农村宅基地和建房（规划许可）申请表", "1"), ("户口簿", "1"), ("", "1")]
    for i, (name, copies) in enumerate(rows):
        data.update(
            {
                f"materials-{i}-origin": "",
                f"materials-{i}-name": name,
                f"materials-{i}-necessity": "required",
                f"materials-{i}-condition": "",
                f"materials-{i}-form": "paper",
                f"materials-{i}-copies": copies,
                f"materials-{i}-source": "applicant",
                f"materials-{i}-notes": "",
                f"materials-{i}-standard": "",
            }
        )
    data.update(changes)
    return data


@pytest.fixture
def new_item(county, editor):
    return actions.create_item(actor=editor, code="NYJ-ZJD-1", department=county.dept["NYJ"])


def test_the_list_shows_the_departments_items_to_its_editors_only(
    county, staff_client, editor, outsider, new_item
):
    client = staff_client(editor.username)
    response = client.get(BASE)
    assert response.status_code == 200
    assert "NYJ-ZJD-1" in html(response)
    assert 'href="/workbench/services/catalogue/"' in html(response)  # the menu entry
    assert client.post(BASE).status_code == 405
    client.logout()
    assert "NYJ-ZJD-1" not in html(staff_client(outsider.username).get(BASE))
    client.logout()
    assert staff_client("editor").get(BASE).status_code == 403  # 政务公开's editor


def test_a_new_item_is_created_and_bad_codes_are_shown_next_to_the_field(
    county, staff_client, editor
):
    client = staff_client(editor.username)
    dept = county.dept["NYJ"].pk
    response = client.post(f"{BASE}new/", {"code": "11 22", "department": dept})
    assert response.status_code == 400
    assert 'id="id_code_error"' in html(response) and 'value="11 22"' in html(response)
    response = client.post(f"{BASE}new/", {"code": "1134-001", "department": county.dept["MZJ"].pk})
    assert response.status_code == 400  # a department the editor does not keep
    assert not ServiceItem.objects.exists()
    response = client.post(f"{BASE}new/", {"code": "1134-001", "department": dept})
    assert response.status_code == 302 and response["Location"] == f"{BASE}1134-001/edit/"


def test_the_form_saves_a_draft_with_its_rows_ignoring_blank_ones(staff_client, editor, new_item):
    client = staff_client(editor.username)
    assert client.get(f"{BASE}{new_item.code}/edit/").status_code == 200
    response = client.post(f"{BASE}{new_item.code}/edit/", form_data())
    assert response.status_code == 302, html(response)[:3000]
    version = new_item.versions.get()
    assert version.state == Version.State.DRAFT and version.name == "农村宅基地审批"
    assert version.life_event_list() == ["housing", "agriculture"]
    assert [m.name for m in version.materials.all()] == [
        "农村宅基地和建房（规划许可）申请表",
        "户口簿",
    ]
    assert [f.name for f in version.fees.all()] == ["工本费"]
    # Editing again starts from the draft: its rows, and the materials' origins.
    page = html(client.get(f"{BASE}{new_item.code}/edit/"))
    assert 'value="户口簿"' in page
    assert f'name="materials-1-origin" value="{version.materials.all()[1].pk}"' in page


@pytest.mark.parametrize(
    ("changes", "error_id", "kept"),
    [
        ({"promised_days": "30"}, "id_promised_days_error", 'value="30"'),
        ({"name": ""}, "id_name_error", "《中华人民共和国土地管理法》第六十二条"),
        ({"legal_days": "二十"}, "id_legal_days_error", 'value="二十"'),
        (
            {"materials-1-name": "", "materials-1-notes": "复印件"},
            "id_materials-1-name_error",
            "复印件",
        ),
        ({"materials-0-copies": "0"}, "id_materials-0-copies_error", "户口簿"),
        ({"fees-0-standard": ""}, "id_fees-0-standard_error", "皖价〔2019〕1号"),
        ({"charges": ""}, "id_charges_error", "工本费"),  # fees without 收费: the action says
        ({"item_type": "nonsense"}, "id_item_type_error", "农村宅基地审批"),
    ],
)
def test_bad_input_is_shown_next_to_its_field_keeps_what_was_typed_and_saves_nothing(
    staff_client, editor, new_item, changes, error_id, kept
):
    client = staff_client(editor.username)
    response = client.post(f"{BASE}{new_item.code}/edit/", form_data(**changes))
    assert response.status_code == 400
    page = html(response)
    assert f'id="{error_id}"' in page
    assert kept in page
    assert "form-errors" in page  # the summary above the form
    assert not new_item.versions.exists()


def test_adding_rows_keeps_everything_typed_and_saves_nothing(staff_client, editor, new_item):
    client = staff_client(editor.username)
    response = client.post(f"{BASE}{new_item.code}/edit/", {**form_data(), "add-materials": "1"})
    assert response.status_code == 200
    page = html(response)
    assert 'value="户口簿"' in page and "《中华人民共和国土地管理法》第六十二条" in page
    assert 'name="materials-7-name"' in page  # 3 typed rows + 5 blank
    assert not new_item.versions.exists()


def test_others_may_not_open_or_edit_the_item(staff_client, outsider, new_item):
    client = staff_client(outsider.username)
    assert client.get(f"{BASE}{new_item.code}/").status_code == 403
    assert client.post(f"{BASE}{new_item.code}/edit/", form_data()).status_code == 403
    assert client.get(f"{BASE}NOPE/").status_code == 404
    assert not new_item.versions.exists()


def test_submit_approve_and_return_through_the_item_page(
    county, client, staff_client, editor, reviewer, new_item
):
    version = draft(editor, new_item)
    editor_client = staff_client(editor.username)
    page = html(editor_client.get(f"{BASE}{new_item.code}/"))
    assert "提交审核" in page and "审核通过并发布" not in page
    # A GET of an action goes back to the item page; the POST acts.
    assert (
        editor_client.get(f"{BASE}{new_item.code}/submit/")["Location"] == f"{BASE}{new_item.code}/"
    )
    assert editor_client.post(f"{BASE}{new_item.code}/submit/").status_code == 302
    version.refresh_from_db()
    assert version.state == Version.State.SUBMITTED
    # The editor cannot approve (the form is not offered, and the post is refused).
    assert "审核通过并发布" not in html(editor_client.get(f"{BASE}{new_item.code}/"))
    assert editor_client.post(f"{BASE}{new_item.code}/approve/").status_code == 403
    # Editing waits for the review.
    assert editor_client.get(f"{BASE}{new_item.code}/edit/").status_code == 302
    editor_client.logout()

    review = staff_client(reviewer.username)
    page = html(review.get(f"{BASE}{new_item.code}/"))
    assert "审核通过并发布" in page and "退回修改" in page
    response = review.post(f"{BASE}{new_item.code}/return/", {"reason": "  "})
    assert response.status_code == 400
    assert 'id="id_reason_error"' in html(response)
    version.refresh_from_db()
    assert version.state == Version.State.SUBMITTED
    review.post(f"{BASE}{new_item.code}/return/", {"reason": "受理条件请写明依据"})
    version.refresh_from_db()
    assert version.state == Version.State.RETURNED
    assert "受理条件请写明依据" in html(review.get(f"{BASE}{new_item.code}/"))

    actions.submit_version(actor=editor, version=version)
    assert review.post(f"{BASE}{new_item.code}/approve/", {"comment": "同意"}).status_code == 302
    new_item.refresh_from_db()
    assert new_item.current_id == version.pk
    # Both versions side by side once a second is drafted.
    draft(editor, new_item, name="动物防疫条件合格证核发（变更）")
    page = html(review.get(f"{BASE}{new_item.code}/"))
    assert "现行版本与待处理版本对照" in page and 'class="changed"' in page
    assert client.get(f"/zwfw/items/{new_item.code}/").status_code == 200


def test_a_blank_form_uploaded_with_a_material_is_offered_on_the_guide(
    county, client, staff_client, editor, reviewer, new_item
):
    staff = staff_client(editor.username)
    upload = io.BytesIO("申请人：\n地址：\n".encode())
    upload.name = "申请表.txt"
    response = staff.post(
        f"{BASE}{new_item.code}/edit/", {**form_data(), "materials-0-blank_form": upload}
    )
    assert response.status_code == 302, html(response)[:2000]
    version = new_item.versions.get()
    material = version.materials.get(order=0)
    assert material.blank_form is not None
    actions.submit_version(actor=editor, version=version)
    actions.approve_version(actor=reviewer, version=version)
    staff.logout()
    url = f"/zwfw/items/{new_item.code}/materials/{material.pk}/blank/"
    assert url in html(client.get(f"/zwfw/items/{new_item.code}/"))
    response = client.get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content).decode() == "申请人：\n地址：\n"
    assert client.get(url.replace("/blank/", "/example/")).status_code == 404
    assert client.get(url.replace("/blank/", "/other/")).status_code == 404
    # A second version keeps the blank form of the material it was copied from.
    staff = staff_client(editor.username)
    page = html(staff.get(f"{BASE}{new_item.code}/edit/"))
    assert f'name="materials-0-origin" value="{material.pk}"' in page
    data = form_data(**{"materials-0-origin": str(material.pk), "name": "农村宅基地审批（新）"})
    assert staff.post(f"{BASE}{new_item.code}/edit/", data).status_code == 302
    newer = new_item.versions.get(number=2)
    assert newer.materials.get(order=0).blank_form_id == material.blank_form_id
