"""The staff page of an item's result template (出证 from an editable template, issue 21 §4):
the form starts from the item's template or the default one, lists the placeholders, saves
through the action (bad input next to its field, kept as typed, nothing saved), the next
result document prints the new text, and the preview is a PDF of the saved template."""

from __future__ import annotations

import pytest

from gongkai.core.models import AuditEvent
from gongkai.services import actions, documents
from gongkai.services.models import ResultTemplate
from tests.pages import at
from tests.services_cases import Window, organisation, published_item, submissions
from tests.test_services_catalogue import make_editor, make_outsider
from tests.test_services_documents import text_of

pytestmark = pytest.mark.django_db
CODE = "T-520000-DFY-001"
ITEM = f"/workbench/services/catalogue/{CODE}/"
PAGE = f"{ITEM}template/"
PREVIEW = f"{PAGE}preview.pdf"
NEW_BODY = "{applicant}：\n经{department}审查，准予{item}，编号{certificate}。\n{date}"


@pytest.fixture
def window(county):
    return Window(county)


@pytest.fixture
def item(window):
    return published_item(window.department, code=CODE)


@pytest.fixture
def editor(county):
    return make_editor(county)


def html(response) -> str:
    return response.content.decode()


def granted(window, item):
    """A case of the item decided (出证) under the template it had then."""
    with at("2025-09-19 09:30"):
        case, _code = actions.submit_online(
            item=item, data=organisation(), materials=submissions(item)
        )
    with at("2025-09-22 10:00"):
        actions.accept_case(actor=window.clerk, case=case)
        actions.review_case(actor=window.clerk, case=case, opinion="符合条件。")
    with at("2025-09-23 10:00"):
        actions.decide_case(actor=window.approver, case=case, grant=True, opinion="同意。")
    case.refresh_from_db()
    return case


def test_the_editor_sees_the_items_template_and_what_each_placeholder_becomes(
    staff_client, editor, item
):
    client = staff_client(editor.username)
    assert f'href="{PAGE}"' in html(client.get(ITEM))  # linked from the item's page
    response = client.get(PAGE)
    assert response.status_code == 200
    page = html(response)
    assert 'value="动物防疫条件合格证"' in page and 'value="动防合字第"' in page
    assert "你单位的{item}申请经审查符合条件" in page  # the body, in its textarea
    for name, meaning in documents.PLACEHOLDERS.items():
        assert f"{{{name}}}" in page and meaning in page
    assert f'href="{PREVIEW}"' in page


def test_without_its_own_template_the_form_starts_from_the_default_and_saving_creates_one(
    staff_client, editor, item
):
    ResultTemplate.objects.filter(item=item).delete()
    client = staff_client(editor.username)
    page = html(client.get(PAGE))
    assert 'value="准予行政许可决定书"' in page
    assert "{applicant}：" in page and "本决定自{date}起生效。" in page
    assert "准予行政许可决定书" in text_of(client.get(PREVIEW).content)
    response = client.post(
        PAGE, {"title": "合格证", "body": NEW_BODY, "certificate_prefix": "动防字"}
    )
    assert response.status_code == 302 and response["Location"] == ITEM
    template = ResultTemplate.objects.get(item=item)
    assert (template.title, template.body, template.certificate_prefix) == (
        "合格证",
        NEW_BODY,
        "动防字",
    )
    assert AuditEvent.objects.filter(action="services.result_template.create").count() == 1


def test_others_are_refused_and_nothing_changes(county, client, staff_client, editor, item):
    before = ResultTemplate.objects.get(item=item).body
    outsider = staff_client(make_outsider(county).username)
    assert outsider.get(PAGE).status_code == 403
    assert outsider.get(PREVIEW).status_code == 403
    data = {"title": "改", "body": "改了", "certificate_prefix": ""}
    assert outsider.post(PAGE, data).status_code == 403
    outsider.logout()
    response = client.get(PAGE)
    assert response.status_code == 302 and response["Location"].startswith("/workbench/login/")
    assert client.get(PREVIEW).status_code == 302
    assert client.post(PAGE, data).status_code == 302
    assert staff_client("editor").get(PAGE).status_code == 403  # 政务公开's editor
    client.logout()
    own = staff_client(editor.username)
    assert own.get("/workbench/services/catalogue/NOPE/template/").status_code == 404
    assert own.put(PAGE).status_code == 405
    assert own.post(PREVIEW).status_code == 405
    assert ResultTemplate.objects.get(item=item).body == before


@pytest.mark.parametrize(
    ("changes", "error_id", "kept"),
    [
        ({"body": "  "}, "id_body_error", 'value="新的标题"'),
        ({"body": "{applicant}的{foo}申请"}, "id_body_error", "{applicant}的{foo}申请"),
        ({"certificate_prefix": "字" * 31}, "id_certificate_prefix_error", "字" * 31),
        ({"title": ""}, "id_title_error", "准予{item}"),
    ],
)
def test_bad_input_is_shown_next_to_its_field_keeps_what_was_typed_and_saves_nothing(
    staff_client, editor, item, changes, error_id, kept
):
    before = ResultTemplate.objects.values().get(item=item)
    client = staff_client(editor.username)
    data = {"title": "新的标题", "body": NEW_BODY, "certificate_prefix": "新字", **changes}
    response = client.post(PAGE, data)
    assert response.status_code == 400
    page = html(response)
    assert f'id="{error_id}"' in page and 'aria-invalid="true"' in page
    assert kept in page
    assert "form-errors" in page  # the summary above the form
    assert ResultTemplate.objects.values().get(item=item) == before
    assert not AuditEvent.objects.filter(action__startswith="services.result_template").exists()


def test_an_unknown_placeholder_is_named_in_chinese(staff_client, editor, item):
    client = staff_client(editor.username)
    data = {"title": "标题", "body": "{applicant}的{foo}", "certificate_prefix": ""}
    page = html(client.post(PAGE, data))
    assert "模板中有未知的占位符“{foo}”" in page


def test_saving_changes_the_template_and_the_result_document_then_shows_the_new_text(
    staff_client, editor, window, item
):
    case = granted(window, item)
    assert "发给合格证" in text_of(documents.result_pdf(case))
    client = staff_client(editor.username)
    data = {"title": "动物防疫条件合格证（新）", "body": NEW_BODY, "certificate_prefix": "新动防字"}
    response = client.post(PAGE, data, follow=True)
    assert response.redirect_chain == [(ITEM, 302)]
    assert "已保存结果文书模板" in html(response)
    template = ResultTemplate.objects.get(item=item)
    assert (template.title, template.certificate_prefix) == ("动物防疫条件合格证（新）", "新动防字")
    assert AuditEvent.objects.filter(action="services.result_template.update").count() == 1
    text = text_of(documents.result_pdf(case))
    assert "动物防疫条件合格证（新）" in text
    dept = window.department.name
    assert f"经{dept}审查，准予动物防疫条件合格证核发，编号{case.certificate_number}。" in text
    assert "发给合格证" not in text


def test_the_preview_is_a_pdf_of_the_saved_template_with_sample_values(staff_client, editor, item):
    client = staff_client(editor.username)
    client.post(PAGE, {"title": "预览标题", "body": NEW_BODY, "certificate_prefix": "样字"})
    response = client.get(PREVIEW)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    text = text_of(response.content)
    assert "预览标题" in text
    assert "准予动物防疫条件合格证核发，编号样字ZW" in text  # the prefix before a sample number
    assert "{" not in text  # every placeholder filled
    assert not item.cases.exists()  # the sample case is never saved
