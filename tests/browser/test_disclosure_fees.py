"""The information processing fee in Chromium, as the citizen and the officer live it
(国办函〔2020〕109号): one request gets its 收费通知, is paid, and its reply due date moves by
the working days waited; another is not paid and the worker closes it as 六.2 by itself.
Each page met on the way passes axe-core.

The wall clock is moved with time_machine (ticking from each moment, so the browser's waits
still run). November-December 2025 have no holiday; the dates were counted by hand.
"""

from __future__ import annotations

import io
import re
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from playwright.sync_api import Page, expect
from pypdf import PdfReader

from tests.browser.helpers import assert_accessible, log_in
from tests.browser.test_disclosure import apply, track

pytestmark = pytest.mark.browser
SHANGHAI = ZoneInfo("Asia/Shanghai")
PAYMENT = "请通过非税收入缴款码缴纳，或到县政务服务中心 3 号窗口缴纳。"


def at(text: str):
    """The wall clock at `text` (Shanghai), running on from there."""
    moment = datetime.fromisoformat(text).replace(tzinfo=SHANGHAI)
    return time_machine.travel(moment, tick=True)


def pdf_text(page: Page, link) -> str:
    with page.expect_download() as download_info:
        link.click()
    pdf = download_info.value.path().read_bytes()
    return "".join("".join(p.extract_text().split()) for p in PdfReader(io.BytesIO(pdf)).pages)


def open_request(officer: Page, number: str) -> None:
    officer.goto("/workbench/disclosure/")
    officer.get_by_role("link", name=re.compile(re.escape(number))).first.click()
    expect(officer.get_by_role("heading", level=1)).to_contain_text(number)


def send_fee_notice(officer: Page, *, pages: str, received: str) -> None:
    """The officer counts the fee with the calculator, then sends the 收费通知."""
    officer.locator("#id_fee_notice_fee_method").select_option(label="按量计收")
    officer.locator("#id_fee_notice_fee_pages").fill(pages)
    officer.get_by_role("button", name="计算收费").last.click()
    expect(officer.locator("#fee-notice-result")).to_contain_text("应收 1700 元")
    expect(officer.locator("#fee-notice-result")).to_contain_text(
        "第101-150页：50页 × 20元 = 1000元"
    )
    officer.locator("#id_fee_notice_payment_method").fill(PAYMENT)
    officer.locator("#id_fee_notice_received_on").fill(received)
    officer.get_by_role("button", name="发出收费通知并生成通知书").click()
    expect(officer.get_by_text("已生成收费通知").first).to_be_visible()
    expect(officer.locator("#fee-amount")).to_have_text("1700 元")


def test_a_fee_is_notified_paid_and_moves_the_reply_due_date(new_page):
    citizen = new_page(bypass_csp=True)
    officer = new_page(bypass_csp=True)
    with at("2025-11-03 09:00"):  # Monday: received today, reply due 1 December
        number, code = apply(citizen)
        track(citizen, number, code)
        expect(citizen.locator("#due-date")).to_contain_text("2025年12月1日")

    # Wednesday 5 November: the notice goes out by e-mail, received the same day.
    with at("2025-11-05 10:00"):
        log_in(officer, "disclosure")
        open_request(officer, number)
        send_fee_notice(officer, pages="150", received="2025-11-05")
        # 6-7 Nov (2), 10-14 (7), 17-21 (12), 24-28 (17), 1-3 Dec (20).
        expect(officer.locator("#fee-due")).to_contain_text("2025年12月3日")
        expect(officer.get_by_text("待申请人缴费").first).to_be_visible()
        assert_accessible(officer)

        track(citizen, number, code)
        expect(citizen.locator("#request-status")).to_have_text("待申请人缴费")
        expect(citizen.locator("#fee-awaited")).to_contain_text("1700 元")
        expect(citizen.locator("#fee-awaited")).to_contain_text("请于 2025年12月3日 之前")
        expect(citizen.locator("#fee-payment-method")).to_have_text(PAYMENT)
        expect(citizen.locator("#due-date")).to_contain_text("暂停计算")
        assert_accessible(citizen)
        text = pdf_text(citizen, citizen.get_by_role("link", name=re.compile("收费通知")))
        assert "政府信息公开信息处理费收费通知" in text
        assert "应缴金额：1700元" in text
        assert "国办函〔2020〕109号" in text

    # Monday 17 November: paid. 18 working days were left; they count from the 18th, so the
    # due date moves by the 8 working days waited (6-7, 10-14, 17 Nov): 11 December.
    with at("2025-11-17 15:00"):
        log_in(officer, "disclosure")
        open_request(officer, number)
        officer.locator("#id_fee_paid_on").fill("2025-11-17")
        officer.locator("#id_fee_paid_note").fill("非税票据 No.0012345")
        officer.get_by_role("button", name="登记缴费，恢复计算答复期限").click()
        expect(officer.get_by_text("已登记缴费").first).to_be_visible()
        expect(officer.locator("#fee-paid")).to_contain_text("2025年11月17日")

        track(citizen, number, code)
        expect(citizen.locator("#request-status")).to_have_text("办理中")
        expect(citizen.locator("#due-date")).to_contain_text("2025年12月11日")
        expect(citizen.get_by_text("已缴纳信息处理费 1700 元")).to_be_visible()


def test_an_unpaid_fee_closes_the_request_as_six_two_by_itself(new_page):
    from gongkai.disclosure import tasks

    citizen = new_page(bypass_csp=True)
    officer = new_page()
    with at("2025-11-03 09:00"):
        number, code = apply(citizen)
    with at("2025-11-05 10:00"):
        log_in(officer, "disclosure")
        open_request(officer, number)
        send_fee_notice(officer, pages="150", received="2025-11-05")

    # The worker's daily job: nothing on the last day to pay, the request closed the day after.
    with at("2025-12-03 23:30"):
        assert tasks.close_unpaid_requests.call_local() == 0
    with at("2025-12-04 00:15"):
        assert tasks.close_unpaid_requests.call_local() == 1
        track(citizen, number, code)
        expect(citizen.locator("#request-status")).to_have_text("已终止")
        expect(citizen.locator("#finished-on")).to_contain_text("2025年12月4日")
        expect(citizen.locator("#fee-awaited")).to_have_count(0)
        expect(
            citizen.get_by_text("申请人逾期未缴纳信息处理费，视为放弃申请，不再处理。")
        ).to_be_visible()
        assert_accessible(citizen)
        text = pdf_text(citizen, citizen.get_by_role("link", name=re.compile("答复告知书")))
        assert "逾期未按收费通知要求缴纳费用" in text
        assert "2025年12月3日之前" in text
