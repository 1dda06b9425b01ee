"""The information processing fee (条例 Art. 42, 国办函〔2020〕109号), as the officer and the
applicant meet it: both scales progressive and checked at every band edge, counted per
applicant per agency per month (with 一事一申请 splits), the 收费通知 pausing the reply clock
until payment, the waiver, the request closed as 六.2 by the worker when unpaid, and the
`gongkai disclosure fee` command printing what the officer's screen computes.

November-December 2025 have no holiday: every working day is Monday to Friday. Each expected
date was counted by hand, "the start day not counted", and is written as a literal.
"""

from __future__ import annotations

import io
import json
import secrets
from datetime import date

import pytest
from django.core.exceptions import PermissionDenied
from pypdf import PdfReader

from gongkai.core import pii
from gongkai.core.errors import InvalidInput, InvalidTransition
from gongkai.core.models import AuditEvent, Clock
from gongkai.disclosure import actions, fees, tasks
from gongkai.disclosure.models import (
    DisclosureRequest,
    ProcessingFee,
    RequestDocument,
    RequestEvent,
)
from tests.cli import gongkai
from tests.pages import at

OTHER_ID = "11010519491231002X"
ID_NUMBER = "44010619800101001" + pii.id_check_char("44010619800101001")
PAYMENT = "通过非税收入缴款码缴纳：请扫描本通知所附缴款码，或到县政务服务中心 3 号窗口缴纳。"


# ---------------------------------------------------------------- the scales


@pytest.mark.parametrize(
    ("pages", "yuan", "bands"),
    [
        (0, 0, []),
        (30, 0, []),
        (31, 10, [(31, 31, 10, 10)]),
        (50, 200, [(31, 50, 10, 200)]),
        (100, 700, [(31, 100, 10, 700)]),
        (101, 720, [(31, 100, 10, 700), (101, 101, 20, 20)]),
        (150, 1700, [(31, 100, 10, 700), (101, 150, 20, 1000)]),
        (200, 2700, [(31, 100, 10, 700), (101, 200, 20, 2000)]),
        (201, 2740, [(31, 100, 10, 700), (101, 200, 20, 2000), (201, 201, 40, 40)]),
    ],
)
def test_per_page_fees_are_progressive_band_by_band(pages, yuan, bands):
    """109号 Art. 3, 5: each band's price applies to the pages in that band only."""
    quote = fees.page_fee(pages)
    assert quote.yuan == yuan
    assert [(b.start, b.end, b.unit_yuan, b.yuan) for b in quote.bands] == bands
    assert fees.per_page_fee(pages) == yuan


@pytest.mark.parametrize(
    ("nth", "yuan"), [(1, 0), (10, 0), (11, 100), (30, 100), (31, 200), (40, 200), (41, 300)]
)
def test_the_nth_application_of_the_month_costs_its_bands_price(nth, yuan):
    """109号 Art. 4: 1st-10th free, 11th-30th 100 yuan, then 100 yuan more every 10."""
    quote = fees.application_fee(nth)
    assert quote.yuan == yuan
    assert quote.to_json()["bands"] == (
        [{"from": nth, "to": nth, "unit_yuan": yuan, "yuan": yuan}] if yuan else []
    )


def test_a_split_application_is_counted_in_each_band_it_reaches():
    quote = fees.application_fee(29, count=3)  # the 29th, 30th and 31st
    assert quote.yuan == 100 + 100 + 200
    assert quote.to_json()["bands"] == [
        {"from": 29, "to": 30, "unit_yuan": 100, "yuan": 200},
        {"from": 31, "to": 31, "unit_yuan": 200, "yuan": 200},
    ]


def test_the_standards_are_worded_from_the_constants():
    assert fees.standard_text(fees.PAGES) == (
        "按量计收，超额累进：30页以下（含30页）的，不收费；31—100页（含100页）的部分，10元/页；"
        "101—200页（含200页）的部分，20元/页；201页以上的部分，40元/页。"
    )
    assert "11—30件（含30件）的部分，100元/件" in fees.standard_text(fees.APPLICATIONS)


def test_impossible_quantities_are_refused():
    with pytest.raises(ValueError):
        fees.page_fee(-1)
    with pytest.raises(ValueError):
        fees.application_fee(0)


# ---------------------------------------------------------------- the command


@pytest.fixture(scope="module")
def cli(tmp_path_factory):
    """`gongkai` on a fresh data directory, with keys as production sets them."""
    data = tmp_path_factory.mktemp("data")
    keys = {
        "GONGKAI_SECRET_KEY": secrets.token_urlsafe(50),
        "GONGKAI_DATA_KEY": secrets.token_urlsafe(32),
    }
    return lambda *args: gongkai(data, "disclosure", "fee", *args, **keys)


def test_the_command_prints_the_contract_json(cli):
    result = cli("--pages", "50", "--json")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == {
        "scale": "pages",
        "quantity": 50,
        "yuan": 200,
        "bands": [{"from": 31, "to": 50, "unit_yuan": 10, "yuan": 200}],
    }
    result = cli("--applications", "41", "--json")
    assert json.loads(result.stdout) == {
        "scale": "applications",
        "quantity": 41,
        "yuan": 300,
        "bands": [{"from": 41, "to": 41, "unit_yuan": 300, "yuan": 300}],
    }


def test_the_command_computes_what_the_officers_screen_does(cli):
    for pages in ("30", "101", "201"):
        result = cli("--pages", pages, "--json")
        assert json.loads(result.stdout) == fees.page_fee(int(pages)).to_json()
    for nth in ("10", "31"):
        result = cli("--applications", nth, "--json")
        assert json.loads(result.stdout) == fees.application_fee(int(nth)).to_json()


def test_the_command_speaks_chinese_without_json(cli):
    result = cli("--pages", "150")
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [
        "按量计收：150页，应收 1700 元。",
        "第31-100页：70页 × 10元 = 700元",
        "第101-150页：50页 × 20元 = 1000元",
    ]
    free = cli("--applications", "10")
    assert "第10件申请，应收 0 元" in free.stdout
    assert "不收费" in free.stdout


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (("--pages", "abc"), "--pages 的页数应为不小于 0 的整数"),
        (("--pages", "-1"), "--pages 的页数应为不小于 0 的整数"),
        (("--applications", "0"), "--applications 的申请件次应为不小于 1 的整数"),
        (("--applications", "2.5"), "--applications 的申请件次应为不小于 1 的整数"),
        ((), "请给出 --pages N 或 --applications N 中的一个"),
        (("--pages", "3", "--applications", "3"), "二者只能选一种"),
    ],
)
def test_the_command_refuses_a_bad_number_in_chinese(cli, args, says):
    result = cli(*args)
    assert result.returncode != 0
    assert says in result.stderr
    assert result.stdout == ""


# ---------------------------------------------------------------- counting


def application(**overrides) -> actions.ApplicationData:
    values = {
        "applicant_type": "natural",
        "applicant_name": "李大伟",
        "id_type": "resident_id",
        "id_number": ID_NUMBER,
        "phone": "13900139000",
        "info_title": "2025年县城供水管网改造项目资料",
        "info_description": "县水务局2025年供水管网改造项目的立项批复、招标文件和验收报告。",
        "requested_form": "paper",
        "delivery": "post",
        "address": "示范县城关镇和平路 8 号",
    }
    values.update(overrides)
    return actions.ApplicationData(**values)


def submit(county, when: str = "2025-11-03 09:00", dept: str = "BGS", **overrides):
    with at(when):
        request, code = actions.submit_application(
            data=application(**overrides), department=county.dept[dept]
        )
    request.query_code = code
    return request


def fresh(request) -> DisclosureRequest:
    return DisclosureRequest.objects.select_related("reply_clock").get(pk=request.pk)


def due(request) -> date:
    return fresh(request).reply_clock.due_date


@pytest.mark.django_db
def test_the_month_is_counted_per_applicant_per_agency(county):
    submit(county, "2025-10-31 09:00", info_title="上月的申请")  # another month
    submit(county, "2025-11-03 09:00", dept="MZJ", info_title="另一机关的申请")  # another agency
    submit(county, "2025-11-03 09:00", id_number=OTHER_ID, info_title="另一申请人")
    ten = [submit(county, "2025-11-04 09:00", info_title=f"第{i}项") for i in range(1, 11)]
    eleventh = submit(county, "2025-11-05 09:00", info_title="第11项")
    assert actions.nth_application_this_month(ten[0]) == 1
    assert actions.nth_application_this_month(ten[-1]) == 10
    assert actions.nth_application_this_month(eleventh) == 11
    assert actions.fee_quote(ten[-1], "per_application", None).yuan == 0
    assert actions.fee_quote(eleventh, "per_application", None).yuan == 100


@pytest.mark.django_db
def test_a_split_counts_for_the_application_and_every_later_one(county):
    officer = county.user["disclosure"]
    first = [submit(county, info_title=f"第{i}项") for i in range(1, 10)]
    ninth, tenth = first[-1], submit(county, "2025-11-04 09:00", info_title="第10项")
    with at("2025-11-04 10:00"):
        with pytest.raises(InvalidInput) as no_reason:
            actions.split_application(
                actor=officer, request=ninth, count=3, reason=" ", on=date(2025, 11, 4)
            )
        assert no_reason.value.field == "reason"
        with pytest.raises(InvalidInput) as too_many:
            actions.split_application(
                actor=officer, request=ninth, count=101, reason="x", on=date(2025, 11, 4)
            )
        assert too_many.value.field == "count"
        actions.split_application(
            actor=officer,
            request=ninth,
            count=3,
            reason="申请包含立项批复、招标文件、验收报告三项互不相关的内容",
            on=date(2025, 11, 4),
        )
    ninth = fresh(ninth)
    assert (ninth.application_count, ninth.split_reason[:6]) == (3, "申请包含立项")
    quote = actions.fee_quote(ninth, "per_application", None)  # the 9th, 10th and 11th
    assert (quote.yuan, quote.to_json()["bands"]) == (
        100,
        [{"from": 11, "to": 11, "unit_yuan": 100, "yuan": 100}],
    )
    assert actions.nth_application_this_month(tenth) == 12
    event = ninth.events.get(kind=RequestEvent.Kind.SPLIT)
    assert event.public and "按 3 件计算" in event.note
    assert AuditEvent.objects.filter(action="disclosure.split").exists()


# ---------------------------------------------------------------- the process


def text_of(document: RequestDocument) -> str:
    from gongkai.core.files import content_path

    pdf = content_path(document.upload.file.sha256).read_bytes()
    reader = PdfReader(io.BytesIO(pdf))
    return "".join("".join(page.extract_text().split()) for page in reader.pages)


def send(county, request, *, on="2025-11-05", received_on=None, pages=150, when=None):
    # Registered on the day the applicant's receipt is known (the later of the two dates).
    with at(when or f"{received_on or on} 10:00"):
        return actions.send_fee_notice(
            actor=county.user["disclosure"],
            request=request,
            method="per_page",
            pages=pages,
            payment_method=PAYMENT,
            on=date.fromisoformat(on),
            received_on=date.fromisoformat(received_on) if received_on else None,
        )


@pytest.mark.django_db
def test_a_paid_fee_moves_the_reply_due_date_by_the_days_waited(county):
    officer = county.user["disclosure"]
    request = submit(county)  # Monday 3 November
    # 4-7 Nov (4), 10-14 (9), 17-21 (14), 24-28 (19), 1 Dec (20).
    assert due(request) == date(2025, 12, 1)

    # Wednesday 5 November, within the reply period: the 收费通知; the clock waits.
    document = send(county, request, on="2025-11-05")
    request = fresh(request)
    assert request.status == DisclosureRequest.Status.FEE
    assert request.reply_clock.state == Clock.State.PAUSED
    assert request.reply_clock.remaining_at_pause == 18  # 6 Nov - 1 Dec
    assert (request.fee_method, request.fee_pages, request.fee_amount) == ("per_page", 150, 1700)
    assert document.kind == RequestDocument.Kind.FEE_NOTICE and document.for_applicant
    text = text_of(document)
    for words in (
        "政府信息公开信息处理费收费通知",
        "国办函〔2020〕109号",  # basis
        "31—100页（含100页）的部分，10元/页",  # standard
        "第101-150页：50页×20元=1000元",  # the bands
        "应缴金额：1700元",
        "缴纳方式：通过非税收入缴款码缴纳",  # how to pay
        "收到本通知次日起20个工作日内缴纳",
    ):
        assert words in text, words

    # Nothing else moves while the fee is awaited; the reply waits for payment.
    with at("2025-11-06 10:00"), pytest.raises(InvalidTransition):
        actions.send_fee_notice(
            actor=officer,
            request=request,
            method="per_page",
            pages=150,
            payment_method=PAYMENT,
            on=date(2025, 11, 6),
        )
    with at("2025-11-06 10:00"), pytest.raises(InvalidTransition):
        actions.draft_reply(
            actor=officer,
            request=request,
            data=actions.ReplyData(outcome="1", reply_text="现予公开。"),
        )

    # Thursday 6 November: the applicant signed for it; 20 working days from the 7th.
    with at("2025-11-07 09:00"):
        actions.record_fee_notice_received(actor=officer, request=request, on=date(2025, 11, 6))
    fee = ProcessingFee.objects.get(request=request)
    # 7 Nov (1), 10-14 (6), 17-21 (11), 24-28 (16), 1-4 Dec (20).
    assert fee.payment_due == date(2025, 12, 4)

    # Monday 17 November: paid. The 18 days left count again from the 18th: the due date
    # moves by the 8 working days waited (6-7, 10-14, 17 Nov), from 1 to 11 December.
    with at("2025-11-17 15:00"):
        with pytest.raises(InvalidInput) as future:
            actions.record_fee_payment(actor=officer, request=request, on=date(2025, 11, 18))
        assert future.value.field == "on"
        actions.record_fee_payment(
            actor=officer, request=request, on=date(2025, 11, 17), note="非税票据 No.0012345"
        )
    request = fresh(request)
    assert request.status == DisclosureRequest.Status.PROCESSING
    assert request.reply_clock.due_date == date(2025, 12, 11)
    fee.refresh_from_db()
    assert (fee.paid_on, fee.payment_clock.state) == (date(2025, 11, 17), Clock.State.STOPPED)
    paid = request.events.get(kind=RequestEvent.Kind.FEE_PAID)
    assert paid.due_after == date(2025, 12, 11) and paid.public

    # The reply takes the fee paid, whatever the form says about fees.
    with at("2025-11-18 10:00"):
        actions.draft_reply(
            actor=officer,
            request=request,
            data=actions.ReplyData(outcome="1", reply_text="现予公开，随本告知书提供。"),
        )
    assert fresh(request).fee_amount == 1700
    assert tasks.close_unpaid_requests.call_local() == 0


@pytest.mark.django_db
def test_an_unpaid_fee_closes_the_request_as_six_two_by_itself(county):
    request = submit(county)
    send(county, request, on="2025-11-05", received_on="2025-11-06")
    assert ProcessingFee.objects.get(request=request).payment_due == date(2025, 12, 4)
    with at("2025-12-04 23:00"):  # the last day to pay is still the applicant's
        assert tasks.close_unpaid_requests.call_local() == 0
    assert fresh(request).status == DisclosureRequest.Status.FEE
    with at("2025-12-05 00:15"):
        assert tasks.close_unpaid_requests.call_local() == 1
        assert tasks.close_unpaid_requests.call_local() == 0
    request = fresh(request)
    assert request.status == DisclosureRequest.Status.CLOSED
    assert (request.outcome, request.finished_on) == ("6.2", date(2025, 12, 5))
    assert request.fee_amount == 0  # nothing was paid
    assert request.reply_clock.state == Clock.State.STOPPED
    closed = request.events.get(kind=RequestEvent.Kind.CLOSED)
    assert closed.actor is None and closed.public
    notice = closed.document
    assert notice.kind == RequestDocument.Kind.REPLY_NOTICE and notice.for_applicant
    text = text_of(notice)
    assert "逾期未按收费通知要求缴纳费用" in text
    assert "2025年12月4日之前" in text
    assert "国办函〔2020〕109号" in text
    with at("2025-12-05 09:00"), pytest.raises(InvalidTransition):
        actions.record_fee_payment(
            actor=county.user["disclosure"], request=request, on=date(2025, 12, 5)
        )


@pytest.mark.django_db
def test_no_deadline_runs_before_the_applicant_is_known_to_have_the_notice(county):
    request = submit(county)
    send(county, request, on="2025-11-05")
    with at("2026-01-30 00:15"):
        assert tasks.close_unpaid_requests.call_local() == 0
    assert fresh(request).status == DisclosureRequest.Status.FEE


@pytest.mark.django_db
def test_a_payment_after_its_period_is_refused(county):
    request = submit(county)
    send(county, request, on="2025-11-05", received_on="2025-11-06")
    with at("2025-12-05 09:00"), pytest.raises(InvalidInput) as late:
        actions.record_fee_payment(
            actor=county.user["disclosure"], request=request, on=date(2025, 12, 5)
        )
    assert "缴费期限已于2025年12月4日届满" in late.value.message


@pytest.mark.django_db
def test_the_notice_goes_out_within_the_reply_period_and_only_for_a_fee(county):
    request = submit(county)  # due 1 December
    with pytest.raises(InvalidInput) as late:
        send(county, request, on="2025-12-02")
    assert late.value.field == "on" and "2025年12月1日" in late.value.message
    with pytest.raises(InvalidInput) as free:
        send(county, request, on="2025-11-05", pages=30)
    assert free.value.field == "fee_pages" and "应收 0 元" in free.value.message
    with at("2025-11-05 10:00"), pytest.raises(InvalidInput) as no_way_to_pay:
        actions.send_fee_notice(
            actor=county.user["disclosure"],
            request=request,
            method="per_page",
            pages=150,
            payment_method="  ",
            on=date(2025, 11, 5),
        )
    assert no_way_to_pay.value.field == "payment_method"
    with pytest.raises(InvalidInput) as received_before_sent:
        send(county, request, on="2025-11-05", received_on="2025-11-04", when="2025-11-05 10:00")
    assert received_before_sent.value.field == "received_on"
    # Nothing changed by any refusal.
    request = fresh(request)
    assert request.status == DisclosureRequest.Status.PROCESSING
    assert request.reply_clock.state == Clock.State.RUNNING
    assert not ProcessingFee.objects.filter(request=request).exists()


@pytest.mark.django_db
def test_a_fee_due_is_never_added_to_a_reply_without_its_notice(county):
    request = submit(county)
    with at("2025-11-05 10:00"), pytest.raises(InvalidInput) as refused:
        actions.draft_reply(
            actor=county.user["disclosure"],
            request=request,
            data=actions.ReplyData(
                outcome="1", reply_text="现予公开。", fee_method="per_page", fee_pages=50
            ),
        )
    assert refused.value.field == "fee_method"
    assert "应收信息处理费 200 元" in refused.value.message
    assert "收费通知" in refused.value.message


@pytest.mark.django_db
def test_the_head_waives_a_fee_for_hardship_with_the_reason(county):
    officer, head = county.user["disclosure"], county.user["disclosure_head"]
    request = submit(county)
    send(county, request, on="2025-11-05", received_on="2025-11-06")
    with at("2025-11-10 10:00"):
        with pytest.raises(PermissionDenied):
            actions.waive_fee(
                actor=officer, request=request, reason="低保户", on=date(2025, 11, 10)
            )
        with pytest.raises(InvalidInput) as no_reason:
            actions.waive_fee(actor=head, request=request, reason="", on=date(2025, 11, 10))
        assert no_reason.value.field == "reason"
        actions.waive_fee(
            actor=head,
            request=request,
            reason="申请人为城乡最低生活保障对象，提供了低保证明。",
            on=date(2025, 11, 10),
        )
    request = fresh(request)
    fee = ProcessingFee.objects.get(request=request)
    assert (fee.waived_on, fee.waived_by, fee.amount) == (date(2025, 11, 10), head, 1700)
    assert fee.waiver_reason.startswith("申请人为城乡最低生活保障对象")
    assert fee.payment_clock.state == Clock.State.STOPPED
    assert request.status == DisclosureRequest.Status.PROCESSING
    assert request.fee_amount == 0
    # Paused 5 Nov with 18 days left, counting again from 11 Nov: 11-14 (4), 17-21 (9),
    # 24-28 (14), 1-4 Dec (18).
    assert request.reply_clock.due_date == date(2025, 12, 4)
    waived = request.events.get(kind=RequestEvent.Kind.FEE_WAIVED)
    assert "免收" in waived.note and "低保" not in waived.note  # the reason stays internal
    audit = AuditEvent.objects.filter(action="disclosure.fee_waived").latest("seq")
    assert "低保" in json.dumps(audit.data, ensure_ascii=False)
    with at("2025-12-10 00:15"):
        assert tasks.close_unpaid_requests.call_local() == 0


@pytest.mark.django_db
def test_a_fee_waived_before_any_notice_sends_none(county):
    request = submit(county)
    for i in range(10):
        submit(county, info_title=f"同月的第{i + 2}件")
    twelfth = submit(county, "2025-11-04 09:00", info_title="第十二件")
    with at("2025-11-05 10:00"):
        fee = actions.waive_fee(
            actor=county.user["disclosure_head"],
            request=twelfth,
            method="per_application",
            reason="申请人确有经济困难。",
            on=date(2025, 11, 5),
        )
    assert (fee.amount, fee.sent_on, fee.notice) == (100, None, None)
    twelfth = fresh(twelfth)
    assert twelfth.status == DisclosureRequest.Status.PROCESSING
    assert twelfth.reply_clock.state == Clock.State.RUNNING
    assert not twelfth.documents.filter(kind=RequestDocument.Kind.FEE_NOTICE).exists()
    assert actions.fee_quote(request, "per_application", None).yuan == 0
