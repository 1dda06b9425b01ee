"""政务服务 for the applicant, through HTTP: the online application with its materials
checklist, the receipt shown once, bad input, CSRF and the rate limit."""

from __future__ import annotations

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from gongkai.services import actions
from gongkai.services.models import Case, CaseMaterial, Material
from gongkai.services.rules import Necessity
from tests.pages import at, field_errors, page
from tests.services_cases import materials_of, published_item
from tests.services_public import (
    APPLY,
    CODE,
    CREDIT_CODE,
    EXE,
    RECEIPT,
    RESIDENT_ID,
    SUPPLY,
    TRACK,
    element_text,
    errors_block,
    form_data,
    later,
    submit,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def item(county):
    return published_item(county.dept["NYJ"])


# ---------------------------------------------------------------- the application form


def test_the_form_lists_the_materials_as_a_checklist_with_uploads(client, item):
    Material.objects.filter(version=item.current, order=0).update(notes="须加盖单位公章。")
    response = client.get(APPLY)
    assert response.status_code == 200
    html = page(response)
    assert 'enctype="multipart/form-data"' in html and "csrfmiddlewaretoken" in html
    for material in materials_of(item):
        assert material.name in html
        assert f'type="file" name="material_{material.pk}"' in html
    assert "须加盖单位公章。" in html
    assert html.count("必要") >= 2 and "容缺后补/情形必要" in html
    # The accepted kinds and the warning that files are chosen again after a mistake.
    assert "PDF 文档（.pdf）" in html and "已选择的文件需要重新选择" in html
    assert "no-store" in response["Cache-Control"]


def test_an_item_not_handled_online_is_not_found_with_a_link_to_its_guide(client, county):
    published_item(county.dept["NYJ"], online=False)
    response = client.get(APPLY)
    assert response.status_code == 404
    assert f'href="/zwfw/items/{CODE}/"' in page(response)
    assert client.post(APPLY, {}).status_code == 404
    assert Case.objects.count() == 0


def test_an_unknown_item_is_not_found(client, item):
    assert client.get("/zwfw/items/NO-SUCH-ITEM/apply/").status_code == 404


def test_it_takes_the_application_and_shows_number_and_code_once(client, item):
    with at("2025-09-26 10:00"):
        receipt, number, code = submit(client, item)
    assert receipt.status_code == 200
    case = Case.objects.get(number=number)
    assert re.fullmatch(r"ZW2025\d{6}", number)
    assert re.fullmatch(r"[0-9A-Z]{4}(-[0-9A-Z]{4}){3}", code)
    assert actions.find_case(number, code) == case
    assert case.channel == "online" and case.status == Case.Status.SUBMITTED
    assert case.applicant_name == "黔南某某养殖专业合作社" and case.id_number == CREDIT_CODE
    assert set(case.materials.values_list("state", flat=True)) == {"provided"}
    assert case.materials.count() == 3
    assert case.materials.first().upload.name == "动物防疫条件审查申请表.pdf"
    assert element_text(receipt, "submitted-on") == "2025年9月26日"
    assert "受理后 10 个工作日内办结" in element_text(receipt, "promised")
    assert "请记下查询码" in page(receipt)
    assert "missing-materials" not in page(receipt)
    again = client.get(RECEIPT)
    assert again.status_code == 200
    assert code not in page(again) and "query-code" not in page(again)


def test_the_code_never_appears_in_a_url_and_head_does_not_use_up_the_receipt(client, item):
    response = client.post(APPLY, form_data(item))
    assert client.head(RECEIPT).status_code == 405
    receipt = client.get(response["Location"])
    code = element_text(receipt, "query-code")
    for url in re.findall(r'href="([^"]*)"', page(receipt)):
        assert code not in url and code.replace("-", "") not in url


def test_a_missing_required_material_is_taken_and_named_on_the_receipt(client, item):
    receipt, number, _code = submit(client, item, skip=(1, 2))
    case = Case.objects.get(number=number)
    missing = case.materials.get(state=CaseMaterial.State.MISSING)
    assert missing.material.necessity == Necessity.REQUIRED
    assert "缺少以下必要材料，窗口将一次性告知" in page(receipt)
    assert element_text(receipt, "missing-materials") == missing.name
    # The conditional material left out leaves no row: it may not apply to this applicant.
    assert case.materials.count() == 2


def test_the_receipt_opens_the_progress_page(client, item):
    receipt, number, _code = submit(client, item)
    link = re.search(r'href="(/zwfw/track/\?t=[^"]+)"', page(receipt)).group(1)
    status = client.get(link.replace("&amp;", "&"))
    assert status.status_code == 200
    assert element_text(status, "case-number") == number


def assert_refused(response, field: str, reason: str) -> None:
    assert response.status_code == 200
    assert reason in field_errors(response, field), errors_block(response)
    assert 'role="alert"' in page(response)
    assert Case.objects.count() == 0
    # What was typed is kept.
    assert 'value="高山乡和平村三组"' in page(response)


@pytest.mark.parametrize(
    ("overrides", "field", "reason"),
    [
        ({"applicant_name": ""}, "applicant_name", "请填写申请人姓名或单位名称。"),
        ({"id_number": "91520000MA6DXY1230"}, "id_number", "统一社会信用代码校验位不正确"),
        ({"id_type": "resident_id"}, "id_type", "法人或其他组织请填写统一社会信用代码。"),
        ({"legal_representative": ""}, "legal_representative", "请填写法定代表人"),
        ({"phone": "12345"}, "phone", "联系电话格式不正确"),
        ({"email": "not-an-address"}, "email", "电子邮箱格式不正确"),
        ({"delivery": "post", "address": ""}, "address", "选择邮寄送达时，请填写通信地址。"),
        ({"delivery": "pigeon"}, "delivery", "请选择送达方式。"),
        ({"applicant_type": "robot"}, "applicant_type", "请选择申请人类型。"),
        ({"id_type": "library_card"}, "id_type", "请选择证件类型。"),
    ],
)
def test_bad_input_is_refused_next_to_its_field(client, item, overrides, field, reason):
    response = client.post(APPLY, form_data(item, **overrides))
    assert response.status_code == 200
    assert reason in field_errors(response, field), errors_block(response)
    assert Case.objects.count() == 0
    if "address" not in overrides:
        assert 'value="高山乡和平村三组"' in page(response)


def test_a_person_applies_with_a_resident_id(client, item):
    _receipt, number, _code = submit(
        client,
        item,
        applicant_type="person",
        applicant_name="王小明",
        legal_representative="",
        id_type="resident_id",
        id_number=RESIDENT_ID.lower(),
    )
    assert Case.objects.get(number=number).id_number == RESIDENT_ID


def test_a_program_named_pdf_is_refused_next_to_its_material(client, item):
    first = materials_of(item)[0]
    fake = SimpleUploadedFile("申请表.pdf", EXE, content_type="application/pdf")
    response = client.post(APPLY, form_data(item, **{f"material_{first.pk}": fake}))
    assert_refused(response, f"material_{first.pk}", "的内容是可执行程序，不允许上传。")


def test_an_archive_is_not_a_material(client, item):
    first = materials_of(item)[0]
    archive = SimpleUploadedFile("材料.zip", b"PK\x03\x04" + bytes(100))
    response = client.post(APPLY, form_data(item, **{f"material_{first.pk}": archive}))
    assert_refused(response, f"material_{first.pk}", "不支持此类文件（材料.zip）")


def test_every_mistake_is_shown_at_once(client, item):
    response = client.post(APPLY, form_data(item, applicant_name="", phone="1", email="x"))
    assert "请填写申请人姓名或单位名称。" in field_errors(response, "applicant_name")
    assert "联系电话格式不正确" in field_errors(response, "phone")
    assert "电子邮箱格式不正确" in field_errors(response, "email")


def test_markup_typed_into_the_form_is_escaped(client, item):
    response = client.post(APPLY, form_data(item, applicant_name="<script>x</script>", phone="1"))
    assert "<script>x</script>" not in page(response)
    assert "&lt;script&gt;x&lt;/script&gt;" in page(response)


def test_a_post_without_the_csrf_token_is_refused(item):
    response = Client(enforce_csrf_checks=True).post(APPLY, form_data(item))
    assert response.status_code == 403
    assert Case.objects.count() == 0


def test_the_pages_refuse_other_methods(client, item):
    assert client.put(APPLY).status_code == 405
    assert client.put(TRACK).status_code == 405
    assert client.get(SUPPLY).status_code == 405
    assert client.post("/zwfw/track/documents/1/").status_code == 405


def test_applications_are_limited_per_address(client, item):
    for _i in range(5):
        submit(client, item)
    response = client.post(APPLY, form_data(item))
    assert response.status_code == 429
    assert response["Retry-After"] == "3600"
    assert "您提交申请的次数过多，请一小时后再试" in page(response)
    assert Case.objects.count() == 5
    assert client.post(APPLY, form_data(item), REMOTE_ADDR="10.1.2.3").status_code == 302
    with later(3700):
        assert client.post(APPLY, form_data(item)).status_code == 302


def test_mistakes_do_not_use_up_the_submissions(client, item):
    for _i in range(6):
        assert client.post(APPLY, form_data(item, phone="1")).status_code == 200
    submit(client, item)
