"""The information processing fee through HTTP, as the officer, the head of the disclosure
office and the applicant use it: the calculator, the 收费通知 step with bad input refused next
to its field, receipt, payment, the waiver, the split, the applicant's status page, the
editable notice text and the public guide's promise (国办函〔2020〕109号)."""

from __future__ import annotations

import re
from datetime import date

import pytest

from gongkai.disclosure import actions
from gongkai.disclosure.models import DisclosureRequest, NoticeTemplate, ProcessingFee
from tests.pages import assert_forbidden, at, field_errors, page, textarea

pytestmark = pytest.mark.django_db

NOW = "2025-11-05 10:00"  # a Wednesday; the request below was received on Monday 3 November
PAYMENT = "通过非税收入缴款码缴纳，或到县政务服务中心 3 号窗口缴纳。"
TEMPLATES = "/workbench/disclosure/templates/"


def submit(county, when: str = "2025-11-03 09:00"):
    with at(when):
        request, code = actions.submit_application(
            data=actions.ApplicationData(
                applicant_type="natural",
                applicant_name="李大伟",
                id_type="resident_id",
                id_number="11010519491231002X",
                phone="13900139000",
                info_title="2025年县城供水管网改造项目资料",
                info_description="供水管网改造项目的立项批复、招标文件和验收报告。",
                requested_form="paper",
                delivery="post",
                address="示范县城关镇和平路 8 号",
            ),
            department=county.dept["BGS"],
        )
    request.query_code = code
    return request


def url(request, suffix: str = "") -> str:
    return f"/workbench/disclosure/{request.pk}/{suffix}"


def fresh(request) -> DisclosureRequest:
    return DisclosureRequest.objects.select_related("reply_clock").get(pk=request.pk)


def notice_data(**overrides) -> dict:
    data = {
        "fee_method": "per_page",
        "fee_pages": "150",
        "payment_method": PAYMENT,
        "on": "2025-11-05",
        "received_on": "",
    }
    data.update(overrides)
    return data


def test_the_officer_calculates_band_by_band_and_nothing_is_saved(staff_client, county):
    request = submit(county)
    with at(NOW):
        response = staff_client("disclosure").post(
            url(request, "fee/notice/"), notice_data(calculate="1", payment_method="草稿")
        )
    assert response.status_code == 200
    html = page(response)
    assert "按量计收：150页，应收 1700 元。" in html
    assert "第31-100页：70页 × 10元 = 700元" in html
    assert "第101-150页：50页 × 20元 = 1000元" in html
    assert "草稿" in textarea(response, "payment_method")
    assert fresh(request).status == DisclosureRequest.Status.PROCESSING
    assert not ProcessingFee.objects.filter(request=request).exists()


def test_the_reply_forms_calculator_counts_the_same_way(staff_client, county):
    request = submit(county)
    with at(NOW):
        response = staff_client("disclosure").post(
            url(request, "reply/"), {"calculate": "1", "fee_method": "per_page", "fee_pages": "50"}
        )
    assert "按量计收：50页，应收 200 元" in page(response)


@pytest.mark.parametrize(
    ("data", "field", "says"),
    [
        (notice_data(fee_pages=""), "fee_notice_fee_pages", "按量计收须填写页数"),
        (notice_data(fee_pages="-3"), "fee_notice_fee_pages", "页数不能小于 0"),
        (notice_data(fee_pages="30"), "fee_notice_fee_pages", "应收 0 元"),
        (notice_data(fee_method="none"), "fee_notice_fee_method", "请选择按件计收或按量计收"),
        (notice_data(payment_method=""), "fee_notice_payment_method", "请写明缴纳方式"),
        (notice_data(on="2025/11/05"), "fee_notice_on", "YYYY-MM-DD"),
        (notice_data(on="2025-12-02"), "fee_notice_on", "今天"),
        (notice_data(received_on="2025-11-04"), "fee_notice_received_on", "不能早于发出日期"),
    ],
)
def test_bad_fee_notice_input_is_refused_next_to_its_field(staff_client, county, data, field, says):
    request = submit(county)
    with at(NOW):
        response = staff_client("disclosure").post(url(request, "fee/notice/"), data)
    assert response.status_code == 200
    assert says in field_errors(response, field)
    assert PAYMENT in page(response) or not data["payment_method"]  # what was typed is kept
    assert fresh(request).status == DisclosureRequest.Status.PROCESSING
    assert not ProcessingFee.objects.filter(request=request).exists()


def test_the_officer_sends_the_notice_then_records_receipt_and_payment(staff_client, county):
    request = submit(county)
    with at(NOW):
        client = staff_client("disclosure")
        sent = client.post(url(request, "fee/notice/"), notice_data())
        assert sent.status_code == 302
        html = page(client.get(url(request)))
    assert fresh(request).status == DisclosureRequest.Status.FEE
    assert "待申请人缴费" in html
    assert "尚未登记（登记后开始计算缴费期限）" in html
    assert "收费通知-" in html  # the notice, downloadable
    assert "作出答复并生成告知书" not in html  # no reply while the fee is awaited
    with at("2025-11-07 10:00"):  # the session of two days ago has expired: log in again
        client = staff_client("disclosure")
        future = client.post(url(request, "fee/received/"), {"on": "2025-11-08"})
        assert "日期不能晚于今天" in field_errors(future, "fee_received_on")
        assert client.post(url(request, "fee/received/"), {"on": "2025-11-06"}).status_code == 302
        html = page(client.get(url(request)))
    assert re.search(r'id="fee-due">2025年12月4日', html)
    with at("2025-11-17 15:00"):
        client = staff_client("disclosure")
        paid = client.post(url(request, "fee/paid/"), {"on": "2025-11-17", "note": "票据 0012345"})
        assert paid.status_code == 302
    request = fresh(request)
    assert request.status == DisclosureRequest.Status.PROCESSING
    assert request.reply_clock.due_date == date(2025, 12, 11)


def test_fee_steps_are_refused_to_an_officer_of_another_agency(staff_client, county, other_officer):
    request = submit(county)
    with at(NOW):
        client = staff_client("nyj_disclosure")
        for step, data in (
            ("notice", notice_data()),
            ("received", {"on": "2025-11-05"}),
            ("paid", {"on": "2025-11-05"}),
            ("waive", {"reason": "困难", "on": "2025-11-05", "fee_method": "per_application"}),
            ("split", {"count": "2", "reason": "两项内容", "on": "2025-11-05"}),
        ):
            assert_forbidden(client.post(url(request, f"fee/{step}/"), data), "不属于您负责")
    request = fresh(request)
    assert (request.status, request.application_count) == (DisclosureRequest.Status.PROCESSING, 1)
    assert not ProcessingFee.objects.filter(request=request).exists()


def test_a_payment_dated_before_the_notice_is_refused(staff_client, county):
    request = submit(county)
    with at(NOW):
        client = staff_client("disclosure")
        assert client.post(url(request, "fee/notice/"), notice_data()).status_code == 302
        bad = client.post(url(request, "fee/paid/"), {"on": "2025-11-04", "note": "票据 1"})
        assert "缴费日期不能早于收费通知发出日期" in field_errors(bad, "fee_paid_on")
        assert 'value="票据 1"' in page(bad)
    assert fresh(request).status == DisclosureRequest.Status.FEE


def test_fee_steps_take_only_posts(staff_client, county):
    request = submit(county)
    with at(NOW):
        client = staff_client("disclosure")
        for step in ("notice", "received", "paid", "waive", "split"):
            # A GET has nothing to show: the request page, where the form is.
            assert client.get(url(request, f"fee/{step}/"))["Location"] == url(request)
            assert client.put(url(request, f"fee/{step}/")).status_code == 405


def test_only_the_head_waives_with_a_reason(staff_client, county):
    request = submit(county)
    with at(NOW):
        officer = staff_client("disclosure")
        assert officer.post(url(request, "fee/notice/"), notice_data()).status_code == 302
        assert "减免信息处理费" not in page(officer.get(url(request)))
        refused = officer.post(url(request, "fee/waive/"), {"reason": "困难", "on": "2025-11-05"})
        assert_forbidden(refused, "减免信息处理费须经政府信息公开工作机构负责人同意")
        head = staff_client("disclosure_head")
        empty = head.post(url(request, "fee/waive/"), {"reason": "", "on": "2025-11-05"})
        assert "请写明减免的理由" in field_errors(empty, "fee_waive_reason")
        assert fresh(request).status == DisclosureRequest.Status.FEE
        ok = head.post(
            url(request, "fee/waive/"), {"reason": "申请人为低保对象。", "on": "2025-11-05"}
        )
        assert ok.status_code == 302
        html = page(head.get(url(request)))
    assert fresh(request).status == DisclosureRequest.Status.PROCESSING
    assert re.search(r'id="fee-waived">2025年11月5日，.*申请人为低保对象', html)


def test_the_officer_splits_an_application_with_a_reason(staff_client, county):
    request = submit(county)
    with at(NOW):
        client = staff_client("disclosure")
        bad = client.post(url(request, "fee/split/"), {"count": "3", "reason": "", "on": NOW[:10]})
        assert "请写明拆分计件的理由" in field_errors(bad, "split_reason")
        ok = client.post(
            url(request, "fee/split/"),
            {"count": "3", "reason": "包含三项互不相关的内容", "on": NOW[:10]},
        )
        assert ok.status_code == 302
        html = page(client.get(url(request)))
    assert "按“一事一申请”拆分为 3 件计算" in html
    assert fresh(request).application_count == 3


# ---------------------------------------------------------------- the applicant


def track(client, request):
    response = client.post("/ysqgk/track/", {"number": request.number, "code": request.query_code})
    assert response.status_code == 302, page(response)[:500]
    return page(client.get(response["Location"]))


def test_the_applicant_sees_the_fee_notice_and_what_is_awaited(client, county):
    request = submit(county)
    with at("2025-11-06 10:00"):
        actions.send_fee_notice(
            actor=county.user["disclosure"],
            request=request,
            method="per_page",
            pages=150,
            payment_method=PAYMENT,
            on=date(2025, 11, 5),
            received_on=date(2025, 11, 6),
        )
        html = track(client, request)
    assert "待申请人缴费" in html
    assert re.search(r'id="fee-awaited"><strong>1700 元</strong>，请于 2025年12月4日 之前', html)
    assert PAYMENT in html
    assert "暂停计算（发出收费通知至缴费期间不计入答复期限）" in html
    assert "发出收费通知" in html and "应缴信息处理费 1700 元" in html  # the timeline
    assert re.search(r"收费通知-2025-\d{5}\.pdf", html)  # the notice to download
    with at("2025-11-17 15:00"):
        actions.record_fee_payment(
            actor=county.user["disclosure"], request=request, on=date(2025, 11, 17)
        )
        html = track(client, request)
    assert "fee-awaited" not in html
    assert re.search(r'id="due-date">2025年12月11日', html)
    assert "已缴纳信息处理费 1700 元" in html


def test_the_public_guide_states_the_fee_rules(client):
    html = page(client.get("/ysqgk/"))
    assert "31—100页（含100页）的部分，10元/页" in html
    assert "11—30件（含30件）的部分，100元/件" in html
    assert "收到收费通知的次日起 20 个工作日内缴纳" in html


# ---------------------------------------------------------------- the notice's text


def test_the_head_edits_the_fee_notice_text(staff_client, county):
    with at(NOW):
        client = staff_client("disclosure_head")
        assert "信息处理费收费通知" in page(client.get(TEMPLATES))
        edit = "/workbench/disclosure/templates/letters/fee_notice/"
        bad = client.post(edit, {"body": "{applicant_name}：请缴纳{reply_text}", "remedy": "x"})
        assert "未知的占位符“{reply_text}”" in field_errors(bad, "body")
        ok = client.post(
            edit,
            {
                "body": "{applicant_name}：本机关依{legal_basis}收取信息处理费{amount}元。",
                "remedy": "不服的，可向{review_body}申请行政复议。",
            },
        )
        assert ok.status_code == 302
    saved = NoticeTemplate.objects.get(outcome_group="fee_notice")
    assert saved.body.endswith("{amount}元。")
