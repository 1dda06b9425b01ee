"""依申请公开 in the workbench, through HTTP: the list, registering a paper application, the
request page with its masked identity (and the audited reveal), every next step, documents,
the reply-notice templates, the inbox and the navigation."""

from __future__ import annotations

import re
from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from gongkai.core import pii
from gongkai.core.clock import warning_level
from gongkai.core.inbox import entries_for
from gongkai.core.models import AuditEvent
from gongkai.disclosure import actions
from gongkai.disclosure.models import (
    Consultation,
    DisclosureRequest,
    NoticeTemplate,
    RequestDocument,
    ReviewCase,
)
from tests.pages import assert_forbidden, assert_login_required, at, field_errors, page, textarea
from tests.replies import post_reply, reply

pytestmark = pytest.mark.django_db

LIST = "/workbench/disclosure/"
NEW = "/workbench/disclosure/new/"
TEMPLATES = "/workbench/disclosure/templates/"
RESIDENT_ID = "11010519491231002X"
PHONE = "13800138000"
OTHER_ID = "51010019800101001" + pii.id_check_char("51010019800101001")
NOW = "2025-11-03 10:00"  # a Monday
PARTIAL_LABEL = "（二）部分公开（区分处理的，只计这一情形，不计其他情形）"


def application(**overrides) -> actions.ApplicationData:
    values = {
        "applicant_type": "natural",
        "applicant_name": "王小明",
        "id_type": "resident_id",
        "id_number": RESIDENT_ID,
        "phone": PHONE,
        "info_title": "2025年城区道路改造工程招标文件",
        "info_description": "县住房和城乡建设局2025年城区道路改造工程的招标文件及中标公告。",
        "requested_form": "electronic",
        "delivery": "email",
        "email": "wang@example.cn",
        "address": "示范县城关镇人民路 1 号",
    }
    values.update(overrides)
    return actions.ApplicationData(**values)


def submit(county, when: str = "2025-10-31 09:00", dept: str = "BGS", **overrides):
    """An online application received on the day of `when`."""
    with at(when):
        request, _code = actions.submit_application(
            data=application(**overrides), department=county.dept[dept]
        )
    return request


def url(request, suffix: str = "") -> str:
    return f"/workbench/disclosure/{request.pk}/{suffix}"


def fresh(request) -> DisclosureRequest:
    return DisclosureRequest.objects.select_related("reply_clock").get(pk=request.pk)


def register_data(county, **overrides) -> dict:
    data = {
        "department": str(county.dept["BGS"].pk),
        "channel": "registered_post",
        "received_on": "2025-10-30",
        "note": "挂号信 XA123456789CN",
        "applicant_type": "natural",
        "applicant_name": "李四",
        "legal_representative": "",
        "contact_person": "",
        "id_type": "resident_id",
        "id_number": RESIDENT_ID,
        "phone": PHONE,
        "email": "",
        "address": "示范县城关镇人民路 2 号",
        "postcode": "",
        "info_title": "2024年度农村公路养护资金使用情况",
        "info_document_number": "",
        "info_description": "请提供 2024 年度农村公路养护资金的分配和使用明细。",
        "requested_form": "paper",
        "delivery": "post",
    }
    data.update(overrides)
    return data


# ---------------------------------------------------------------- the list


def test_the_list_needs_a_login(client, db):
    assert_login_required(client.get(LIST), LIST)


def test_staff_without_a_disclosure_role_are_refused_and_see_no_nav_link(staff_client):
    client = staff_client("editor")
    assert f'href="{LIST}"' not in page(client.get("/workbench/"))
    assert_forbidden(client.get(LIST), "仅限依申请公开经办人")


def test_the_nav_links_to_disclosure_for_its_staff(staff_client):
    assert f'href="{LIST}"' in page(staff_client("disclosure").get("/workbench/"))


def test_the_list_refuses_other_methods(staff_client):
    assert staff_client("disclosure").post(LIST).status_code == 405


def test_the_list_orders_by_due_date_and_labels_each_deadline_in_words(staff_client, county):
    # Received 9 October, due 5 November; on Monday 3 November two working days remain.
    soon = submit(county, "2025-10-09 10:00", info_title="即将到期的申请")
    late = submit(county, "2025-09-01 10:00", info_title="已超期的申请")
    normal = submit(county, "2025-10-31 10:00", info_title="正常的申请")
    done = submit(county, "2025-08-01 10:00", info_title="已答复的申请")
    with at("2025-08-05 10:00"):
        reply(
            actor=county.user["disclosure"],
            request=done,
            data=actions.ReplyData(outcome="1", reply_text="予以公开。"),
            on=date(2025, 8, 5),
        )
    with at(NOW):
        html = page(staff_client("disclosure").get(LIST))
        order = [html.index(t) for t in ("已超期的申请", "即将到期的申请", "正常的申请")]
        assert order == sorted(order)
        assert html.index("正常的申请") < html.index("已答复的申请")  # finished ones last
        for request, label in ((late, "已超期"), (soon, "即将到期"), (normal, "正常")):
            # The label in the list is the one core.clock.warning_level gives.
            assert warning_level(fresh(request).reply_clock).label == label
            row = re.search(rf"{request.number}.*?</tr>", html, re.S).group(0)
            assert label in row
        assert "2025年11月5日" in html
        assert "2025年8月5日 办结" in html
        assert "王**" in html and "王小明" not in html


def test_the_list_finds_by_number_title_name_and_exact_id_number(staff_client, county):
    first = submit(county, info_title="道路改造招标文件")
    second = submit(
        county,
        info_title="养老机构名单",
        applicant_name="赵六",
        id_number=OTHER_ID,
    )
    with at(NOW):
        client = staff_client("disclosure")

        def found(q):
            html = page(client.get(LIST, {"q": q}))
            return {r.number for r in (first, second) if r.number in html}

        assert found(first.number) == {first.number}
        assert found("养老") == {second.number}
        assert found("赵六") == {second.number}
        assert found(RESIDENT_ID.lower()) == {first.number}  # normalised before hashing
        assert found(RESIDENT_ID[:10]) == set()  # encrypted: no partial match


def test_the_list_filters_by_status_outcome_year_and_handler(staff_client, county):
    officer = county.user["disclosure"]
    old = submit(county, "2024-12-20 10:00", info_title="上年的申请")
    replied = submit(county, "2025-10-09 10:00", info_title="不予公开的申请")
    mine = submit(county, "2025-10-31 10:00", info_title="分给我的申请")
    with at(NOW):
        reply(
            actor=officer,
            request=replied,
            data=actions.ReplyData(outcome="3.1", reply_text="属于国家秘密。"),
            on=date(2025, 11, 3),
        )
        actions.assign_handler(actor=officer, request=mine, handler=officer)
        client = staff_client("disclosure")

        def titles(**params):
            html = page(client.get(LIST, params))
            return {r.info_title for r in (old, replied, mine) if r.info_title in html}

        assert titles(year="2024") == {"上年的申请"}
        assert titles(status="replied") == {"不予公开的申请"}
        assert titles(outcome="3") == {"不予公开的申请"}
        assert titles(outcome="1") == set()
        assert titles(mine="on") == {"分给我的申请"}
        assert 'value="2024"' in page(client.get(LIST))


def test_the_list_runs_the_same_number_of_queries_for_more_requests(
    staff_client, county, django_assert_num_queries
):
    for _i in range(2):
        submit(county)
    with at(NOW):
        client = staff_client("disclosure")
        with CaptureQueriesContext(connection) as two:
            assert client.get(LIST).status_code == 200
        for _i in range(4):
            submit(county, NOW)
        with django_assert_num_queries(len(two.captured_queries)):
            assert client.get(LIST).status_code == 200


def test_the_list_pages_with_numbered_links_keeping_the_filters(staff_client, county, monkeypatch):
    from gongkai.disclosure.views.staff import requests

    monkeypatch.setattr(requests, "PAGE_SIZE", 2)
    for _i in range(9):
        submit(county)
    with at(NOW):
        html = page(staff_client("disclosure").get(LIST, {"status": "processing", "page": "3"}))
    pager = html[html.index('class="pager"') :]
    assert 'aria-current="page"' in pager
    assert "第 3 页，共 5 页" in pager
    assert "?status=processing&amp;page=2" in pager and 'rel="prev"' in pager
    assert "?status=processing&amp;page=5" in pager and 'rel="next"' in pager


def test_the_list_shows_only_requests_of_the_officers_departments(
    staff_client, county, other_officer
):
    request = submit(county, info_title="办公室收到的申请")
    with at(NOW):
        html = page(staff_client("nyj_disclosure").get(LIST))
    assert request.number not in html
    assert "暂无政府信息公开申请" in html


# ---------------------------------------------------------------- registering


def test_an_officer_registers_a_letter_and_sees_the_query_code_once(staff_client, county):
    with at(NOW):
        client = staff_client("disclosure")
        form = client.get(NEW)
        assert "邮政挂号信：签收之日" in page(form)  # Art. 31 rule shown as help
        assert '<option value="online"' not in page(form)
        assert '<option value="letter">平常信函</option>' in page(form)
        response = client.post(NEW, register_data(county))
        assert response.status_code == 302
        request = DisclosureRequest.objects.get(applicant_name="李四")
        assert response["Location"] == url(request, "registered/")
        shown = page(client.get(response["Location"]))
        code = re.search(r'<p class="query-code">([0-9A-Z-]+)</p>', shown).group(1)
        assert actions.find_request(request.number, code) == request
        assert request.number in shown
        assert code not in page(client.get(response["Location"]))  # shown once
    assert request.channel == "registered_post"
    assert request.received_on == date(2025, 10, 30)
    assert request.registered_by == county.user["disclosure"]


def test_registering_refuses_bad_input_next_to_the_field_and_keeps_it(staff_client, county):
    with at(NOW):
        client = staff_client("disclosure")
        response = client.post(NEW, register_data(county, id_number=RESIDENT_ID[:-1] + "1"))
        assert response.status_code == 200
        assert "校验位不正确" in field_errors(response, "id_number")
        assert 'value="李四"' in page(response)
        assert "请提供 2024 年度" in textarea(response, "info_description")
        response = client.post(NEW, register_data(county, received_on="2025-11-04"))
        assert "不能晚于今天" in field_errors(response, "received_on")
        response = client.post(NEW, register_data(county, channel="online"))
        assert "网上申请由申请人在门户网站提交" in field_errors(response, "channel")
    assert not DisclosureRequest.objects.filter(applicant_name="李四").exists()


def test_only_disclosure_officers_register(staff_client, county):
    with at(NOW):
        assert_forbidden(staff_client("editor").get(NEW), "只有依申请公开经办人可以登记申请")
        assert_forbidden(staff_client("disclosure_head").get(NEW), "只有依申请公开经办人")


def test_an_officer_cannot_register_for_another_department(staff_client, county):
    with at(NOW):
        response = staff_client("disclosure").post(
            NEW, register_data(county, department=str(county.dept["NYJ"].pk))
        )
    assert "您不能为这个机关登记申请" in field_errors(response, "department")


# ---------------------------------------------------------------- the request page


def test_the_request_page_masks_personal_data(staff_client, county):
    request = submit(county)
    with at(NOW):
        html = page(staff_client("disclosure").get(url(request)))
    assert "王**" in html and "王小明" not in html
    assert "11*************02X" in html and RESIDENT_ID not in html
    assert "138****8000" in html and PHONE not in html
    assert "wang@example.cn" not in html and "人民路" not in html
    assert "查看身份信息" in html
    assert "2025年10月31日" in html  # received
    assert "收到申请" in html  # the timeline


def test_revealing_the_identity_shows_it_and_is_audited(staff_client, county):
    request = submit(county)
    with at(NOW):
        client = staff_client("disclosure")
        # A GET reveals nothing: it goes to the request page.
        assert client.get(url(request, "identity/"))["Location"] == url(request)
        response = client.post(url(request, "identity/"))
    assert response.status_code == 200
    assert RESIDENT_ID in page(response) and PHONE in page(response)
    assert "no-store" in response["Cache-Control"]
    event = AuditEvent.objects.filter(action="disclosure.identity_view").latest("seq")
    assert event.success is True
    assert event.actor == county.user["disclosure"]
    assert event.object_id == str(request.pk)


def test_a_refused_identity_view_is_audited(staff_client, county, other_officer):
    request = submit(county)
    with at(NOW):
        response = staff_client("nyj_disclosure").post(url(request, "identity/"))
    assert_forbidden(response, "无权查看此申请人的身份信息")
    assert RESIDENT_ID not in page(response)
    event = AuditEvent.objects.filter(action="disclosure.identity_view").latest("seq")
    assert event.success is False
    assert event.actor == other_officer


def test_an_officer_of_another_department_cannot_open_a_request(
    staff_client, county, other_officer
):
    request = submit(county)
    with at(NOW):
        client = staff_client("nyj_disclosure")
        assert_forbidden(client.get(url(request)), "不属于您负责的机关")
        response = client.post(url(request, "correction/"), {"items": "x", "on": "2025-11-03"})
        assert_forbidden(response, "不属于您负责的机关")
    assert fresh(request).status == DisclosureRequest.Status.PROCESSING


def test_an_editor_cannot_open_a_request(staff_client, county):
    request = submit(county)
    with at(NOW):
        assert staff_client("editor").get(url(request)).status_code == 403


def test_the_head_of_the_office_opens_requests_too(staff_client, county):
    request = submit(county)
    with at(NOW):
        assert staff_client("disclosure_head").get(url(request)).status_code == 200


def test_the_page_shows_the_clock_with_working_days_left(staff_client, county):
    request = submit(county, "2025-10-09 10:00")
    with at(NOW):
        html = page(staff_client("disclosure").get(url(request)))
    assert "2025年11月5日" in html
    assert "即将到期" in html
    assert "还剩 2 个工作日" in html


# ---------------------------------------------------------------- the steps


def test_correction_notice_then_corrected_application_restart_the_clock(staff_client, county):
    request = submit(county)
    with at(NOW):
        client = staff_client("disclosure")
        response = client.post(
            url(request, "correction/"),
            {"items": "请写明招标文件的项目名称。", "deadline": "", "on": "2025-11-03"},
        )
        assert response.status_code == 302 and response["Location"] == url(request)
        request = fresh(request)
        assert request.status == DisclosureRequest.Status.CORRECTION
        notice = request.documents.get(kind=RequestDocument.Kind.CORRECTION_NOTICE)
        html = page(client.get(url(request)))
        assert "已暂停" in html
        assert url(request, f"documents/{notice.pk}/") in html
        download = client.get(url(request, f"documents/{notice.pk}/"))
        assert download.status_code == 200
        assert b"".join(download.streaming_content).startswith(b"%PDF")
        response = client.post(url(request, "corrected/"), {"on": "2025-11-03", "note": "已补正"})
        assert response.status_code == 302
    request = fresh(request)
    assert request.status == DisclosureRequest.Status.PROCESSING
    assert request.reply_clock.started_on <= date(2025, 11, 3)


def test_a_correction_notice_without_items_is_refused_next_to_the_field(staff_client, county):
    request = submit(county)
    with at(NOW):
        response = staff_client("disclosure").post(
            url(request, "correction/"),
            {"items": "  ", "deadline": "2025-11-20", "on": "2025-11-03"},
        )
    assert response.status_code == 200
    assert "请列明需要补正的全部事项" in field_errors(response, "correction_items")
    assert 'value="2025-11-20"' in page(response)
    assert fresh(request).status == DisclosureRequest.Status.PROCESSING
    assert not request.documents.exists()


def test_a_step_not_allowed_now_is_refused_with_a_message(staff_client, county):
    request = submit(county)
    with at(NOW):
        client = staff_client("disclosure")
        response = client.post(url(request, "corrected/"), {"on": "2025-11-03"}, follow=True)
        assert "此申请不在待补正状态" in page(response)
        assert client.get(url(request, "corrected/"))["Location"] == url(request)
        assert client.put(url(request, "corrected/")).status_code == 405


def test_consultation_pauses_and_its_end_resumes_the_clock(staff_client, county):
    request = submit(county)
    with at(NOW):
        client = staff_client("disclosure")
        response = client.post(
            url(request, "consult/"),
            {"party": "third_party", "party_name": "示范建设有限公司", "on": "2025-11-03"},
        )
        assert response.status_code == 302
        consultation = Consultation.objects.get(request=request)
        assert fresh(request).status == DisclosureRequest.Status.CONSULTING
        html = page(client.get(url(request)))
        assert "示范建设有限公司" in html and "结束征求意见" in html
        bad = client.post(
            url(request, f"consult/{consultation.pk}/end/"),
            {"answer": "agreed", "on": "2025-11-01", "opinion": "同意"},
        )
        assert "结束日期不能早于发出日期" in field_errors(bad, "consult_end_on")
        assert "同意" in textarea(bad, "opinion")
        response = client.post(
            url(request, f"consult/{consultation.pk}/end/"),
            {"answer": "agreed", "on": "2025-11-03", "opinion": ""},
        )
        assert response.status_code == 302
    assert fresh(request).status == DisclosureRequest.Status.PROCESSING


def test_a_consultation_without_a_party_name_is_refused(staff_client, county):
    request = submit(county)
    with at(NOW):
        response = staff_client("disclosure").post(
            url(request, "consult/"),
            {"party": "other_agency", "party_name": "", "on": "2025-11-03"},
        )
    assert "请填写征求意见的对象" in field_errors(response, "consult_party_name")
    assert not Consultation.objects.filter(request=request).exists()


def test_only_the_head_sees_and_grants_an_extension(staff_client, county):
    request = submit(county)
    data = {"days": "10", "reason": "需要调取档案。", "on": "2025-11-03"}
    with at(NOW):
        officer = staff_client("disclosure")
        assert (
            "延期答复"
            not in page(officer.get(url(request))).split("下一步办理")[1].split("办理过程")[0]
        )
        assert_forbidden(officer.post(url(request, "extend/"), data), "政府信息公开工作机构负责人")
        assert not fresh(request).extended
        head = staff_client("disclosure_head")
        assert 'action="' + url(request, "extend/") + '"' in page(head.get(url(request)))
        bad = head.post(url(request, "extend/"), {**data, "days": "25"})
        assert bad.status_code == 200
        assert "1 至 20 个工作日" in field_errors(bad, "extend_days")
        assert "需要调取档案。" in textarea(bad, "reason")
        assert not fresh(request).extended
        before = fresh(request).reply_clock.due_date
        assert head.post(url(request, "extend/"), data).status_code == 302
    request = fresh(request)
    assert request.extended and request.reply_clock.due_date > before
    assert request.documents.filter(kind=RequestDocument.Kind.EXTENSION_NOTICE).exists()


def test_the_outcome_select_uses_the_exact_labels_grouped(staff_client, county):
    request = submit(county)
    with at(NOW):
        html = page(staff_client("disclosure").get(url(request)))
    assert PARTIAL_LABEL in html
    assert '<optgroup label="（三）不予公开">' in html
    assert "1.属于国家秘密" in html
    assert "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请" in html


def test_the_fee_calculator_shows_the_amount_and_saves_nothing(staff_client, county):
    request = submit(county)
    with at(NOW):
        response = staff_client("disclosure").post(
            url(request, "reply/"),
            {"calculate": "1", "fee_method": "per_page", "fee_pages": "150", "reply_text": "草稿"},
        )
    assert response.status_code == 200
    assert "按量计收：150页，应收 1700 元" in page(response)
    assert "草稿" in textarea(response, "reply_text")
    assert field_errors(response, "reply_outcome") == ""  # the calculator checks only the fee
    assert fresh(request).status == DisclosureRequest.Status.PROCESSING


def test_the_fee_calculator_needs_pages_for_a_per_page_fee(staff_client, county):
    request = submit(county)
    with at(NOW):
        response = staff_client("disclosure").post(
            url(request, "reply/"), {"calculate": "1", "fee_method": "per_page", "fee_pages": ""}
        )
    assert "按量计收须填写页数" in field_errors(response, "reply_fee_pages")
    assert "应收" not in page(response)


def test_a_partial_disclosure_without_what_was_withheld_is_refused(staff_client, county):
    request = submit(county)
    with at(NOW):
        response = staff_client("disclosure").post(
            url(request, "reply/"),
            {
                "outcome": "2",
                "reply_text": "部分公开，见附件。",
                "fee_method": "none",
                "on": "2025-11-03",
            },
        )
    assert response.status_code == 200
    assert "须写明不予公开的内容及理由" in field_errors(response, "reply_withheld")
    assert "部分公开，见附件。" in textarea(response, "reply_text")
    assert re.search(r'<option value="2" selected>', page(response))
    assert fresh(request).status == DisclosureRequest.Status.PROCESSING


def test_a_reply_then_delivery_and_a_review_case_concluded(staff_client, county):
    request = submit(county)
    with at(NOW):
        client = staff_client("disclosure")
        response = post_reply(
            client,
            url(request),
            {
                "outcome": "3.4",
                "reply_text": "涉及第三方商业秘密。",
                "fee_method": "per_application",
                "on": "2025-11-03",
            },
        )
        assert response.status_code == 302
        request = fresh(request)
        assert request.status == DisclosureRequest.Status.REPLIED
        assert request.outcome == "3.4" and request.fee_amount == 0
        html = page(client.get(url(request)))
        assert "（三）不予公开 4.保护第三方合法权益" in html
        assert "登记送达" in html
        bad = client.post(url(request, "deliver/"), {"on": "2025-11-03", "note": ""})
        assert "请填写送达方式及凭证" in field_errors(bad, "deliver_note")
        ok = client.post(url(request, "deliver/"), {"on": "2025-11-03", "note": "电子邮件已发送"})
        assert ok.status_code == 302
        response = client.post(
            url(request, "reviews/"),
            {"kind": "review", "filed_on": "2025-11-03", "body": "示范县人民政府", "note": ""},
        )
        assert response.status_code == 302
        case = ReviewCase.objects.get(request=request)
        conclude = url(request, f"reviews/{case.pk}/conclude/")
        bad = client.post(conclude, {"result": "corrected", "concluded_on": ""})
        assert "请填写审结日期" in field_errors(bad, f"case{case.pk}_concluded_on")
        assert (
            client.post(conclude, {"result": "upheld", "concluded_on": "2025-11-03"}).status_code
            == 302
        )
    request = fresh(request)
    assert request.delivered_on == date(2025, 11, 3)
    case.refresh_from_db()
    assert case.result == "upheld" and case.concluded_on == date(2025, 11, 3)


def test_a_reply_gives_the_information_as_attachments_and_refuses_a_program(staff_client, county):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tests.documents import make_pdf

    def pdf(name):
        return SimpleUploadedFile(name, make_pdf("TENDER"), content_type="application/pdf")

    request = submit(county)
    reply = {"outcome": "1", "reply_text": "现向您提供。", "fee_method": "none", "on": "2025-11-03"}
    with at(NOW):
        client = staff_client("disclosure")
        program = SimpleUploadedFile("setup.exe", b"MZ\x90\x00" + b"\x00" * 60)
        bad = client.post(url(request, "reply/"), {**reply, "attachments": [pdf("a.pdf"), program]})
        assert field_errors(bad, "reply_attachments")
        assert fresh(request).status == DisclosureRequest.Status.PROCESSING
        ok = post_reply(
            client,
            url(request),
            {**reply, "attachments": [pdf("招标文件.pdf"), pdf("中标公告.pdf")]},
        )
        assert ok.status_code == 302
    given = RequestDocument.objects.filter(request=request, kind=RequestDocument.Kind.INFORMATION)
    assert sorted(d.upload.name for d in given) == ["中标公告.pdf", "招标文件.pdf"]
    assert all(d.for_applicant for d in given)


def test_a_reply_links_a_published_item_by_index_number_or_refuses_an_unknown_one(
    staff_client, county
):
    request = submit(county)
    with at(NOW):
        response = staff_client("disclosure").post(
            url(request, "reply/"),
            {
                "outcome": "1",
                "reply_text": "已主动公开。",
                "published_reference": "000000000/2025-99999",
                "fee_method": "none",
                "on": "2025-11-03",
            },
        )
    assert "找不到信息编号或索引号" in field_errors(response, "reply_published_reference")
    assert fresh(request).status == DisclosureRequest.Status.PROCESSING


def test_the_reply_action_refuses_a_reference_no_module_publishes(county):
    from gongkai.core.errors import InvalidInput

    request = submit(county)
    data = actions.ReplyData(
        outcome="1", reply_text="已主动公开。", published_reference="000000000/2025-99999"
    )
    with at(NOW), pytest.raises(InvalidInput) as refused:
        reply(actor=county.user["disclosure"], request=request, data=data, on=date(2025, 11, 3))
    assert refused.value.field == "published_reference"
    assert fresh(request).published_reference == ""


def test_assigning_a_handler(staff_client, county, other_officer):
    request = submit(county)
    with at(NOW):
        client = staff_client("disclosure_head")
        bad = client.post(url(request, "assign/"), {"handler": other_officer.pk})
        assert "不是本机关的依申请公开经办人" in field_errors(bad, "assign_handler")
        ok = client.post(url(request, "assign/"), {"handler": county.user["disclosure"].pk})
        assert ok.status_code == 302
    assert fresh(request).handler == county.user["disclosure"]


def test_documents_of_a_request_are_not_served_through_another(staff_client, county):
    one, two = submit(county), submit(county)
    with at(NOW):
        actions.request_correction(
            actor=county.user["disclosure"], request=one, on=date(2025, 11, 3), items="补正事项"
        )
        notice = one.documents.get()
        client = staff_client("disclosure")
        assert client.get(url(two, f"documents/{notice.pk}/")).status_code == 404


# ---------------------------------------------------------------- notice templates


def test_the_head_edits_a_reply_notice_template(staff_client, county):
    with at(NOW):
        client = staff_client("disclosure_head")
        html = page(client.get(TEMPLATES))
        assert PARTIAL_LABEL in html and "（三）不予公开" in html
        edit = TEMPLATES + "3/"
        form = client.get(edit)
        assert "{reason_label}" in page(form)
        bad = client.post(edit, {"body": "您好，{unknown}", "remedy": "可申请复议。"})
        assert bad.status_code == 200
        assert "未知的占位符" in field_errors(bad, "body")
        assert "您好，{unknown}" in textarea(bad, "body")
        assert not NoticeTemplate.objects.filter(outcome_group="3").exists()
        ok = client.post(
            edit, {"body": "{applicant_name}：经审查，{reply_text}", "remedy": "可申请复议。"}
        )
        assert ok.status_code == 302 and ok["Location"] == TEMPLATES
    saved = NoticeTemplate.objects.get(outcome_group="3")
    assert saved.updated_by == county.user["disclosure_head"]


def test_officers_read_the_templates_but_cannot_edit_them(staff_client, county):
    with at(NOW):
        client = staff_client("disclosure")
        assert client.get(TEMPLATES).status_code == 200
        assert_forbidden(client.get(TEMPLATES + "1/"), "只有政府信息公开工作机构负责人")
        assert client.get(TEMPLATES + "9/").status_code == 404
        assert staff_client("editor").get(TEMPLATES).status_code == 403


# ---------------------------------------------------------------- inbox


def test_the_inbox_lists_reply_deadlines_due_soon_or_overdue(staff_client, county, other_officer):
    soon = submit(county, "2025-10-09 10:00", info_title="快到期的申请")
    late = submit(county, "2025-09-01 10:00", info_title="超期的申请")
    submit(county, "2025-10-31 10:00", info_title="刚收到的申请")
    with at(NOW):
        entries = entries_for(county.user["disclosure"])
        titles = [e.title for e in entries if e.module == "依申请公开"]
        assert any(late.number in t and t.startswith("已超期") for t in titles)
        assert any(soon.number in t and t.startswith("即将到期") for t in titles)
        assert not any("刚收到的申请" in t and "答复期限" in t for t in titles)
        assert not [e for e in entries_for(other_officer) if e.module == "依申请公开"]
        assert not [e for e in entries_for(county.user["editor"]) if e.module == "依申请公开"]
        html = page(staff_client("disclosure").get("/workbench/"))
        assert url(late) in html


def test_the_inbox_lists_a_correction_notice_due_soon(county):
    request = submit(county, "2025-10-31 10:00", info_title="待判断是否补正")
    # 7 working days from Friday 31 October: due Tuesday 11 November.
    with at("2025-11-07 10:00"):
        titles = [e.title for e in entries_for(county.user["disclosure"])]
        assert any("补正告知期限" in t and request.number in t for t in titles)
        actions.request_correction(
            actor=county.user["disclosure"], request=request, on=date(2025, 11, 7), items="补正"
        )
        titles = [e.title for e in entries_for(county.user["disclosure"])]
        assert not any("补正告知期限" in t and request.number in t for t in titles)


def test_a_reply_links_a_published_item_found_by_its_index_number(staff_client, county):
    from gongkai.publishing import actions as publishing
    from gongkai.publishing.models import Item

    column = publishing.create_column(
        actor=None, name="通知公告", slug="nyj-tzgg", department=county.dept["NYJ"], review_levels=1
    )
    item = publishing.create_item(
        actor=county.user["editor"],
        column=column,
        data=publishing.ItemData(title="道路改造工程中标公告", body="<p>中标公告。</p>"),
    )
    publishing.submit_item(actor=county.user["editor"], item=item)
    item = Item.objects.get(pk=item.pk)
    assert item.index_number
    request = submit(county)
    with at(NOW):
        client = staff_client("disclosure")
        response = post_reply(
            client,
            url(request),
            {
                "outcome": "1",
                "reply_text": "该信息已主动公开。",
                "published_reference": item.index_number,
                "fee_method": "none",
                "on": "2025-11-03",
            },
        )
        assert response.status_code == 302
        html = page(client.get(url(request)))
    replied = fresh(request)
    assert replied.published_reference == item.index_number
    assert replied.published_title == "道路改造工程中标公告"
    assert replied.published_url == item.get_absolute_url()
    assert f'href="{item.get_absolute_url()}"' in html


def test_the_identity_scan_is_served_only_to_handlers_and_every_look_is_audited(
    staff_client, county
):
    from gongkai.core.files import check_bytes
    from tests.documents import make_pdf

    scan = check_bytes("身份证.pdf", make_pdf("ID CARD SCAN"))
    with at("2025-10-31 09:00"):
        r, _code = actions.submit_application(
            data=application(), department=county.dept["BGS"], id_scan=scan
        )
    refused = staff_client("editor").post(url(r, "identity/scan/"))
    assert refused.status_code == 403
    officer = staff_client("disclosure")
    response = officer.post(url(r, "identity/scan/"))
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    assert response["Cache-Control"] == "private, no-store"
    looks = AuditEvent.objects.filter(action="disclosure.identity_view", object_id=str(r.pk))
    assert sorted(looks.values_list("success", flat=True)) == [False, True]
    assert officer.get(url(r, "identity/scan/"))["Location"] == url(r)  # shows nothing
    without, _code = actions.submit_application(data=application(), department=county.dept["BGS"])
    assert officer.post(url(without, "identity/scan/")).status_code == 404
