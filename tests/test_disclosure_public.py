"""依申请公开 on the portal, through HTTP: the guide, the application form and its receipt,
tracking with the query code, the applicant's documents, rate limits and masking."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from gongkai.core import actions as core_actions
from gongkai.core import pii
from gongkai.core.files import check_bytes
from gongkai.core.identity import credit_code_check_char
from gongkai.core.models import Department
from gongkai.disclosure import actions
from gongkai.disclosure.models import DisclosureRequest, RequestDocument, RequestEvent
from tests.documents import make_pdf
from tests.pages import at, field_errors, page, textarea

pytestmark = pytest.mark.django_db

PDF = make_pdf("Annual report 2024")  # a real one-page PDF: uploads must open
JPEG = (
    b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00"
    + bytes(64)
    + b"\xff\xd9"
)
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + bytes(200)
ID_FIRST17 = "11010519491231002"
RESIDENT_ID = ID_FIRST17 + pii.id_check_char(ID_FIRST17)
WRONG_CHECK = ID_FIRST17 + ("0" if RESIDENT_ID[-1] != "0" else "1")
CREDIT_FIRST17 = "91510000MA6CA1234"
CREDIT_CODE = CREDIT_FIRST17 + credit_code_check_char(CREDIT_FIRST17)
GENERIC_TRACK_ERROR = "申请编号或查询码不正确"


def later(seconds: int):
    """Move the wall clock `seconds` ahead of now."""
    return time_machine.travel(datetime.now(UTC) + timedelta(seconds=seconds), tick=False)


def form_data(**overrides) -> dict:
    data = {
        "department": str(Department.objects.get(parent=None).pk),
        "applicant_type": "natural",
        "applicant_name": "张三丰",
        "legal_representative": "",
        "contact_person": "",
        "id_type": "resident_id",
        "id_number": RESIDENT_ID,
        "phone": "13812345678",
        "email": "zhang@example.com",
        "address": "示范县城关镇人民路 1 号",
        "postcode": "610000",
        "info_title": "2024年度农村公路养护资金使用情况",
        "info_document_number": "",
        "info_description": "请提供 2024 年度本县农村公路养护资金的分配和使用明细。",
        "requested_form": "electronic",
        "delivery": "online",
    }
    data.update(overrides)
    return data


def text_of(response) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", page(response)).split())


def element_text(response, element_id: str) -> str:
    found = re.search(rf'id="{element_id}"[^>]*>(.*?)</', page(response), re.S)
    assert found, f"no #{element_id}"
    return found.group(1).strip()


def submit(client, **overrides):
    """Post the form and follow to the receipt; (receipt response, number, code)."""
    response = client.post("/ysqgk/apply/", form_data(**overrides))
    assert response.status_code == 302, field_errors_summary(response)
    assert response["Location"] == "/ysqgk/apply/receipt/"
    receipt = client.get(response["Location"])
    return receipt, element_text(receipt, "request-number"), element_text(receipt, "query-code")


def field_errors_summary(response) -> str:
    found = re.search(r'<div class="form-errors".*?</div>', page(response), re.S)
    return found.group(0) if found else page(response)[:500]


def track(client, number: str, code: str):
    return client.post("/ysqgk/track/", {"number": number, "code": code})


def make_request(county, name="李四", phone="13900001111"):
    """A request submitted online through the action; (request, query code)."""
    data = actions.ApplicationData(
        applicant_type="natural",
        applicant_name=name,
        id_type="resident_id",
        id_number=RESIDENT_ID,
        phone=phone,
        info_title="城区停车场规划",
        info_description="请提供城区停车场规划文件。",
        requested_form="electronic",
        delivery="online",
    )
    return actions.submit_application(data=data, department=county.dept["SFX"])


def add_document(request, name="答复告知书.pdf", *, for_applicant=True) -> RequestDocument:
    upload = core_actions.store_upload(actor=None, checked=check_bytes(name, PDF))
    return RequestDocument.objects.create(
        request=request,
        kind=RequestDocument.Kind.REPLY_NOTICE,
        upload=upload,
        for_applicant=for_applicant,
    )


@pytest.fixture
def root(county):
    return Department.objects.get(parent=None)


# ---------------------------------------------------------------- guide and navigation


def test_the_guide_states_the_time_limits_and_links_to_apply_and_track(client, db):
    response = client.get("/ysqgk/")
    assert response.status_code == 200
    text = text_of(response)
    assert "20 个工作日内予以答复" in text
    assert "最长不超过 20 个工作日" in text
    assert "7 个工作日内一次性告知" in text
    assert 'href="/ysqgk/apply/"' in page(response)
    assert 'href="/ysqgk/track/"' in page(response)


def test_the_portal_navigation_links_to_the_guide(client, db):
    response = client.get("/departments/")
    assert re.search(
        r'<nav class="site-nav".*href="/ysqgk/"[^>]*>依申请公开</a>', page(response), re.S
    )


def test_the_guide_refuses_other_methods(client, db):
    assert client.post("/ysqgk/").status_code == 405


# ---------------------------------------------------------------- the form


def test_the_form_offers_the_agencies_with_the_county_government_first_and_selected(client, root):
    response = client.get("/ysqgk/apply/")
    assert response.status_code == 200
    html = page(response)
    assert f'<option value="{root.pk}" selected>{root.name}</option>' in html
    assert "高山乡人民政府" in html
    assert "高山乡和平村" not in html  # villages do not receive applications
    # Natural person or one of the five kinds of organisation.
    for label in (
        "自然人",
        "法人或其他组织",
        "商业企业",
        "科研机构",
        "社会公益组织",
        "法律服务机构",
    ):
        assert label in html
    assert 'enctype="multipart/form-data"' in html
    assert "csrfmiddlewaretoken" in html


def test_it_saves_the_application_and_shows_number_and_code_once(client, root):
    with at("2025-09-26 10:00"):
        receipt, number, code = submit(client)
    assert receipt.status_code == 200
    request = DisclosureRequest.objects.get(number=number)
    assert re.fullmatch(r"2025-\d{5}", number)
    assert re.fullmatch(r"[0-9A-Z]{4}(-[0-9A-Z]{4}){3}", code)
    assert request.department == root
    assert request.channel == "online"
    assert request.applicant_name == "张三丰"
    assert request.id_number == RESIDENT_ID
    assert request.received_on == date(2025, 9, 26)
    assert actions.find_request(number, code) == request
    # 20 working days after Friday 26 September 2025: 28 Sep and 11 Oct are make-up working
    # days, 1-8 October the National Day holiday -> Thursday 30 October.
    assert request.reply_clock.due_date == date(2025, 10, 30)
    assert element_text(receipt, "due-date") == "2025年10月30日"
    assert element_text(receipt, "received-on") == "2025年9月26日"
    assert "请立即抄写或截图保存申请编号和查询码" in page(receipt)
    # Shown once: the receipt page does not show the code again.
    again = client.get("/ysqgk/apply/receipt/")
    assert again.status_code == 200
    assert code not in page(again)
    assert "query-code" not in page(again)


def test_a_head_request_does_not_use_up_the_receipt(client, db):
    response = client.post("/ysqgk/apply/", form_data())
    assert client.head(response["Location"]).status_code == 405
    assert element_text(client.get(response["Location"]), "query-code")


def test_the_code_never_appears_in_a_url(client, db):
    response = client.post("/ysqgk/apply/", form_data())
    assert response.status_code == 302
    receipt = client.get(response["Location"])
    code = element_text(receipt, "query-code")
    assert code not in response["Location"]
    assert f"?{code}" not in page(receipt) and f"/{code}" not in page(receipt)


def test_an_organisation_applies_with_its_credit_code_and_contact(client, db):
    _receipt, number, _code = submit(
        client,
        applicant_type="research",
        applicant_name="示范县农业科学研究所",
        legal_representative="王五",
        contact_person="赵六",
        id_type="credit_code",
        id_number=CREDIT_CODE,
        phone="0851-12345678",
    )
    request = DisclosureRequest.objects.get(number=number)
    assert request.applicant_type == "research"
    assert request.contact_person == "赵六"


def test_it_keeps_an_id_scan(client, db):
    scan = SimpleUploadedFile("身份证.jpg", JPEG, content_type="image/jpeg")
    _receipt, number, _code = submit(client, id_scan=scan)
    request = DisclosureRequest.objects.get(number=number)
    assert request.id_scan.name == "身份证.jpg"
    assert request.id_scan.file.content_type == "image/jpeg"


def assert_refused(client, response, field: str, reason: str) -> None:
    assert response.status_code == 200
    assert reason in field_errors(response, field), field_errors_summary(response)
    assert 'role="alert"' in page(response)
    assert DisclosureRequest.objects.count() == 0
    # What was typed is kept.
    assert textarea(response, "info_description") == form_data()["info_description"]


def test_a_malformed_resident_id_is_refused_with_its_reason_and_the_input_kept(client, db):
    response = client.post("/ysqgk/apply/", form_data(id_number="11010519491231"))
    assert_refused(
        client, response, "id_number", "居民身份证号码应为 18 位（旧证 15 位），您填写了 14 位。"
    )
    html = page(response)
    assert 'value="11010519491231"' in html
    assert 'value="张三丰"' in html
    assert 'value="13812345678"' in html
    assert "请提供 2024 年度本县农村公路养护资金的分配和使用明细。" in html
    assert re.search(r'aria-describedby="[^"]*id_id_number_error"[^>]*id="id_id_number"', html)


def test_a_resident_id_with_a_wrong_check_digit_is_refused(client, db):
    response = client.post("/ysqgk/apply/", form_data(id_number=WRONG_CHECK))
    assert_refused(client, response, "id_number", "居民身份证号码校验位不正确")
    assert f'value="{WRONG_CHECK}"' in page(response)


def test_an_organisation_must_give_its_credit_code(client, db):
    response = client.post(
        "/ysqgk/apply/",
        form_data(
            applicant_type="commercial", applicant_name="示范商贸有限公司", contact_person="赵六"
        ),
    )
    assert_refused(client, response, "id_type", "法人或其他组织请填写统一社会信用代码。")
    assert 'value="commercial"' in page(response)
    assert re.search(
        r'value="commercial"[^>]*checked|checked[^>]*value="commercial"', page(response)
    )


def test_an_organisation_must_name_a_contact_person(client, db):
    response = client.post(
        "/ysqgk/apply/",
        form_data(
            applicant_type="commercial",
            applicant_name="示范商贸有限公司",
            id_type="credit_code",
            id_number=CREDIT_CODE,
        ),
    )
    assert_refused(client, response, "contact_person", "法人或其他组织请填写联系人姓名。")


def test_empty_required_fields_are_each_named(client, db):
    response = client.post("/ysqgk/apply/", form_data(applicant_name="", info_title="", phone=""))
    assert response.status_code == 200
    assert "请填写申请人姓名或名称。" in field_errors(response, "applicant_name")
    assert "请填写所需政府信息的名称。" in field_errors(response, "info_title")
    assert "请填写联系电话。" in field_errors(response, "phone")
    assert DisclosureRequest.objects.count() == 0


def test_every_mistake_is_shown_at_once(client, db):
    response = client.post(
        "/ysqgk/apply/", form_data(applicant_name="", id_number=WRONG_CHECK, postcode="12")
    )
    assert "请填写申请人姓名或名称。" in field_errors(response, "applicant_name")
    assert "校验位不正确" in field_errors(response, "id_number")
    assert "邮政编码应为 6 位数字。" in field_errors(response, "postcode")
    assert DisclosureRequest.objects.count() == 0


def test_choosing_post_needs_an_address(client, db):
    response = client.post("/ysqgk/apply/", form_data(delivery="post", address=""))
    assert_refused(client, response, "address", "选择邮寄时，请填写通信地址。")
    assert re.search(r'value="post"[^>]*checked', page(response))


def test_a_bad_phone_number_is_refused(client, db):
    response = client.post("/ysqgk/apply/", form_data(phone="12345"))
    assert_refused(client, response, "phone", "联系电话格式不正确")


def test_an_unknown_agency_is_refused(client, db):
    response = client.post("/ysqgk/apply/", form_data(department="999999"))
    assert_refused(client, response, "department", "请从列表中选择受理机关。")


def test_a_village_is_not_a_receiving_agency(client, county):
    response = client.post("/ysqgk/apply/", form_data(department=str(county.dept["GSX-HPC"].pk)))
    assert_refused(client, response, "department", "请从列表中选择受理机关。")


def test_an_oversize_scan_is_refused(client, db, settings):
    settings.UPLOAD_MAX_BYTES = 1024 * 1024
    big = SimpleUploadedFile("scan.jpg", JPEG + bytes(1024 * 1024), content_type="image/jpeg")
    response = client.post("/ysqgk/apply/", form_data(id_scan=big))
    assert_refused(client, response, "id_scan", "文件过大：不能超过 1 MB。")


def test_a_program_renamed_jpg_is_refused(client, db):
    fake = SimpleUploadedFile("身份证.jpg", EXE, content_type="image/jpeg")
    response = client.post("/ysqgk/apply/", form_data(id_scan=fake))
    assert_refused(client, response, "id_scan", "的内容是可执行程序，不允许上传。")


def test_text_named_pdf_is_refused(client, db):
    fake = SimpleUploadedFile("证件.pdf", "这不是 PDF".encode(), content_type="application/pdf")
    response = client.post("/ysqgk/apply/", form_data(id_scan=fake))
    # PDF is accepted here: what is wrong is the content, as the workbench says too.
    assert_refused(client, response, "id_scan", "文件扩展名“.pdf”与文件内容（纯文本）不符")


def test_a_zip_archive_is_not_an_id_scan(client, db):
    archive = SimpleUploadedFile("scan.zip", b"PK\x03\x04" + bytes(100))
    response = client.post("/ysqgk/apply/", form_data(id_scan=archive))
    assert_refused(client, response, "id_scan", "不支持此类文件（scan.zip）")


def test_markup_typed_into_the_form_is_escaped(client, db):
    response = client.post(
        "/ysqgk/apply/", form_data(applicant_name="<script>alert(1)</script>", phone="x")
    )
    assert response.status_code == 200
    assert "<script>alert(1)</script>" not in page(response)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page(response)


def test_the_form_refuses_other_methods(client, db):
    assert client.put("/ysqgk/apply/").status_code == 405


def test_a_post_without_the_csrf_token_is_refused(db):
    client = Client(enforce_csrf_checks=True)
    response = client.post("/ysqgk/apply/", form_data())
    assert response.status_code == 403
    assert DisclosureRequest.objects.count() == 0


def test_applications_are_limited_per_address(client, db):
    for _i in range(5):
        submit(client)
    response = client.post("/ysqgk/apply/", form_data())
    assert response.status_code == 429
    assert "您提交申请的次数过多，请一小时后再试" in page(response)
    assert DisclosureRequest.objects.count() == 5
    # Another address is not affected.
    other = client.post("/ysqgk/apply/", form_data(), REMOTE_ADDR="10.1.2.3")
    assert other.status_code == 302
    # An hour later the address may apply again.
    with later(3700):
        assert client.post("/ysqgk/apply/", form_data()).status_code == 302


def test_mistakes_do_not_use_up_the_submissions(client, db):
    for _i in range(6):
        assert client.post("/ysqgk/apply/", form_data(phone="1")).status_code == 200
    submit(client)


# ---------------------------------------------------------------- tracking


def test_the_right_number_and_code_open_the_request(client, county):
    with at("2025-09-26 10:00"):
        request, code = make_request(county)
        response = track(client, request.number, code.lower().replace("-", " "))
        assert response.status_code == 302
        assert response["Location"] == f"/ysqgk/track/{request.number}/"
        status = client.get(response["Location"])
    assert status.status_code == 200
    assert element_text(status, "request-number") == request.number
    assert "办理中" in element_text(status, "request-status")
    assert element_text(status, "received-on") == "2025年9月26日"
    assert element_text(status, "due-date") == "2025年10月30日"
    assert "收到申请" in text_of(status)
    assert "no-store" in status["Cache-Control"]


def test_a_wrong_code_and_a_wrong_number_get_the_same_answer(client, county):
    request, code = make_request(county)
    wrong_code = track(client, request.number, "AAAA-BBBB-CCCC-DDDD")
    wrong_number = track(client, "2099-99999", code)
    assert wrong_code.status_code == wrong_number.status_code == 200
    assert GENERIC_TRACK_ERROR in page(wrong_code)

    def errors(response):
        return re.search(r'<div class="form-errors".*?</div>', page(response), re.S).group(0)

    assert errors(wrong_code) == errors(wrong_number)
    assert client.get(f"/ysqgk/track/{request.number}/")["Location"] == "/ysqgk/track/"


def test_tracking_is_limited_per_address(client, county):
    request, code = make_request(county)
    for _i in range(10):
        assert track(client, request.number, "WRONG").status_code == 200
    response = track(client, request.number, code)
    assert response.status_code == 429
    assert "查询次数过多，请 10 分钟后再试。" in page(response)
    with later(601):
        assert track(client, request.number, code).status_code == 302


def test_the_status_page_masks_personal_data(client, county):
    request, code = make_request(county, name="欧阳明月", phone="13912345678")
    track(client, request.number, code)
    response = client.get(f"/ysqgk/track/{request.number}/")
    html = page(response)
    assert element_text(response, "applicant") == "欧***"
    assert element_text(response, "phone") == "139****5678"
    assert "欧阳明月" not in html
    assert "13912345678" not in html
    assert RESIDENT_ID not in html and pii.mask_id_number(RESIDENT_ID) not in html


def test_a_landline_is_masked_too(client, county):
    request, code = make_request(county, phone="0851-12345678")
    track(client, request.number, code)
    response = client.get(f"/ysqgk/track/{request.number}/")
    assert "12345678" not in page(response)
    assert element_text(response, "phone") == pii.mask_landline("0851-12345678")


def test_the_timeline_shows_only_public_events(client, county):
    request, code = make_request(county)
    RequestEvent.objects.create(
        request=request,
        kind=RequestEvent.Kind.NOTE,
        on=request.received_on,
        note="内部备注",
        public=False,
    )
    track(client, request.number, code)
    response = client.get(f"/ysqgk/track/{request.number}/")
    assert "收到申请" in text_of(response)
    assert "内部备注" not in page(response)


def test_the_applicant_downloads_their_documents(client, county):
    request, code = make_request(county)
    doc = add_document(request)
    hidden = add_document(request, "内部审批单.pdf", for_applicant=False)
    track(client, request.number, code)
    status = client.get(f"/ysqgk/track/{request.number}/")
    url = f"/ysqgk/track/{request.number}/documents/{doc.pk}/"
    assert f'href="{url}"' in page(status)
    assert "内部审批单" not in page(status)
    response = client.get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert response["Content-Type"] == "application/pdf"
    # RFC 6266 / 5987: the name in UTF-8 (the charset's case does not matter).
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment;")
    assert "filename*=utf-8''%E7%AD%94%E5%A4%8D" in disposition.replace("UTF-8", "utf-8")
    assert response["X-Content-Type-Options"] == "nosniff"
    hidden_url = f"/ysqgk/track/{request.number}/documents/{hidden.pk}/"
    assert client.get(hidden_url).status_code == 404


def test_one_applicant_cannot_open_anothers_documents(client, county):
    mine, code = make_request(county, name="李四")
    theirs, _their_code = make_request(county, name="王五")
    their_doc = add_document(theirs, "王五的答复.pdf")
    track(client, mine.number, code)
    # Their document under my request's address, and under theirs: both not found.
    assert client.get(f"/ysqgk/track/{mine.number}/documents/{their_doc.pk}/").status_code == 404
    assert client.get(f"/ysqgk/track/{theirs.number}/documents/{their_doc.pk}/").status_code == 404
    # Their request's page is not open to me either.
    assert client.get(f"/ysqgk/track/{theirs.number}/")["Location"] == "/ysqgk/track/"


def test_a_document_needs_a_proven_session(client, county):
    request, _code = make_request(county)
    doc = add_document(request)
    assert client.get(f"/ysqgk/track/{request.number}/documents/{doc.pk}/").status_code == 404


def test_the_proof_expires_after_thirty_minutes(client, county):
    request, code = make_request(county)
    doc = add_document(request)
    track(client, request.number, code)
    with later(31 * 60):
        response = client.get(f"/ysqgk/track/{request.number}/")
        assert response.status_code == 302
        assert client.get(f"/ysqgk/track/{request.number}/documents/{doc.pk}/").status_code == 404


def test_the_receipt_opens_the_applicants_own_status_page(client, db):
    receipt, number, _code = submit(client)
    assert f'href="/ysqgk/track/{number}/"' in page(receipt)
    assert client.get(f"/ysqgk/track/{number}/").status_code == 200


def test_tracking_refuses_other_methods(client, db):
    assert client.put("/ysqgk/track/").status_code == 405
    assert client.post("/ysqgk/track/2025-00001/").status_code == 405
