"""依申请公开 on the statutory clock, across the 2025 National Day holiday.

Official calendar (国办发明电〔2024〕12号): 1-8 October 2025 off; Sunday 28 September and
Saturday 11 October are working days. Every expected date below was counted by hand on that
calendar, "the start day not counted" (DOMAIN.md section 2), and is written as a literal.
"""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied

from gongkai.core.clock import Warning, warning_level
from gongkai.core.errors import InvalidInput, InvalidTransition
from gongkai.core.models import AuditEvent, Clock
from gongkai.disclosure import actions
from gongkai.disclosure.models import Consultation, DisclosureRequest, RequestDocument, RequestEvent
from gongkai.disclosure.rules import Channel
from tests.pages import at
from tests.replies import reply

pytestmark = pytest.mark.django_db


def application(**overrides) -> actions.ApplicationData:
    values = {
        "applicant_type": "natural",
        "applicant_name": "王小明",
        "id_type": "resident_id",
        "id_number": "11010519491231002X",
        "phone": "13800138000",
        "info_title": "2025年城区道路改造工程招标文件",
        "info_description": "县住房和城乡建设局2025年城区道路改造工程的招标文件及中标公告。",
        "requested_form": "electronic",
        "delivery": "email",
        "email": "wang@example.cn",
    }
    values.update(overrides)
    return actions.ApplicationData(**values)


def fresh(request) -> DisclosureRequest:
    return DisclosureRequest.objects.select_related("reply_clock").get(pk=request.pk)


def due(request) -> date:
    return fresh(request).reply_clock.due_date


def test_a_request_walks_through_correction_consultation_extension_and_reply(county):
    officer, head = county.user["disclosure"], county.user["disclosure_head"]
    office = county.dept["BGS"]

    # Friday 19 September 2025, online: received that day (Art. 31).
    with at("2025-09-19 09:30"):
        request, code = actions.submit_application(data=application(), department=office)
    assert request.received_on == date(2025, 9, 19)
    assert request.number == "2025-00001"
    assert len(code.replace("-", "")) == 16
    # 20 working days: 22-26 Sep (5), Sun 28 Sep (6), 29-30 Sep (8), 9-10 Oct (10),
    # Sat 11 Oct (11), 13-17 Oct (16), 20-23 Oct (20).
    assert due(request) == date(2025, 10, 23)
    # The correction notice within 7 working days: 22-26 Sep (5), 28 Sep (6), 29 Sep (7).
    assert fresh(request).correction_notice_clock.due_date == date(2025, 9, 29)

    # Wednesday 24 September: one notice listing everything to correct; the clock waits.
    with at("2025-09-24 15:00"):
        actions.request_correction(
            actor=officer, request=request, on=date(2025, 9, 24), items="请写明招标文件的项目名称。"
        )
    request = fresh(request)
    assert request.status == DisclosureRequest.Status.CORRECTION
    assert request.reply_clock.state == Clock.State.PAUSED
    # Default deadline 15 working days: 25-26 Sep (2), 28 Sep (3), 29-30 Sep (5),
    # 9-10 Oct (7), 11 Oct (8), 13-17 Oct (13), 20-21 Oct (15).
    assert request.correction_deadline == date(2025, 10, 21)
    assert request.documents.filter(kind=RequestDocument.Kind.CORRECTION_NOTICE).exists()

    # Tuesday 30 September: the corrected application arrives; the period starts again.
    with at("2025-09-30 11:00"):
        actions.receive_correction(actor=officer, request=request, on=date(2025, 9, 30))
    # 9-10 Oct (2), 11 Oct (3), 13-17 Oct (8), 20-24 Oct (13), 27-31 Oct (18), 3-4 Nov (20).
    assert due(request) == date(2025, 11, 4)

    # Friday 10 October: a third party is consulted; the clock pauses (10 Oct still counts).
    with at("2025-10-10 10:00"):
        consultation = actions.start_consultation(
            actor=officer,
            request=request,
            party=Consultation.Party.THIRD_PARTY,
            party_name="某建设工程有限公司",
            on=date(2025, 10, 10),
        )
    clock = fresh(request).reply_clock
    assert clock.state == Clock.State.PAUSED
    # Left on 10 Oct: 11 Oct, 13-17, 20-24, 27-31 Oct, 3-4 Nov = 18 working days.
    assert clock.remaining_at_pause == 18
    # The letter is handed over the same day (Art. 32: the period runs from its receipt).
    # The third party's 15 working days: 11 Oct (1), 13-17 (6), 20-24 (11), 27-30 Oct (15).
    with at("2025-10-10 15:00"):
        consultation = actions.record_consultation_delivery(
            actor=officer, consultation=consultation, on=date(2025, 10, 10)
        )
    assert consultation.opinion_clock.due_date == date(2025, 10, 30)

    # Monday 20 October: the opinion arrives; 18 days count again from 21 October:
    # 21-24 Oct (4), 27-31 Oct (9), 3-7 Nov (14), 10-13 Nov (18).
    with at("2025-10-20 16:00"):
        actions.end_consultation(
            actor=officer,
            consultation=consultation,
            on=date(2025, 10, 20),
            answer=Consultation.Answer.OBJECTED,
            opinion="不同意公开报价明细",
        )
    assert due(request) == date(2025, 11, 13)

    # An officer cannot extend; the head of the disclosure office can, once, up to 20 days.
    with at("2025-11-05 09:00"):
        with pytest.raises(PermissionDenied):
            actions.extend(
                actor=officer, request=request, days=20, reason="需要调取档案", on=date(2025, 11, 5)
            )
        with pytest.raises(InvalidInput) as too_long:
            actions.extend(
                actor=head, request=request, days=21, reason="需要调取档案", on=date(2025, 11, 5)
            )
        assert too_long.value.field == "days"
        actions.extend(
            actor=head, request=request, days=20, reason="需要调取档案", on=date(2025, 11, 5)
        )
        with pytest.raises(InvalidTransition):
            actions.extend(
                actor=head, request=request, days=5, reason="再次延期", on=date(2025, 11, 5)
            )
    # 20 more after 13 Nov: 14 Nov (1), 17-21 (6), 24-28 (11), 1-5 Dec (16), 8-11 Dec (20).
    assert due(request) == date(2025, 12, 11)
    assert request.documents.filter(kind=RequestDocument.Kind.EXTENSION_NOTICE).exists()

    # The tender documents are disclosed over the third party's objection (its prices withheld):
    # it is told in writing first, what is disclosed and why (Art. 32).
    with at("2025-11-28 10:00"):
        actions.notify_third_party(
            actor=officer,
            consultation=consultation,
            on=date(2025, 11, 28),
            content="招标文件（不含投标报价明细）",
            reason="招标文件关系公共工程质量，公开有利于公众监督。",
        )

    # Monday 1 December: partial disclosure, with what was withheld and why.
    with at("2025-12-01 10:00"):
        with pytest.raises(InvalidInput) as missing:
            reply(
                actor=officer,
                request=request,
                data=actions.ReplyData(outcome="2", reply_text="提供招标文件，报价明细不予公开。"),
                on=date(2025, 12, 1),
            )
        assert missing.value.field == "withheld"
        reply(
            actor=officer,
            request=request,
            data=actions.ReplyData(
                outcome="2",
                reply_text="提供招标文件，报价明细不予公开。",
                withheld="投标报价明细：涉及第三方商业秘密，第三方不同意公开（条例第十五条）。",
            ),
            on=date(2025, 12, 1),
        )
    request = fresh(request)
    assert request.status == DisclosureRequest.Status.REPLIED
    assert (request.outcome, request.finished_on) == ("2", date(2025, 12, 1))
    assert request.reply_clock.state == Clock.State.STOPPED
    assert request.reply_clock.due_date == date(2025, 12, 11)  # replied 8 working days early
    assert request.documents.filter(
        kind=RequestDocument.Kind.REPLY_NOTICE, for_applicant=True
    ).exists()

    # The timeline holds every clock event in order, each with the due date it left.
    timeline = [(e.kind, e.on, e.due_after) for e in request.events.all()]
    assert timeline == [
        (RequestEvent.Kind.RECEIVED, date(2025, 9, 19), date(2025, 10, 23)),
        (RequestEvent.Kind.CORRECTION_REQUESTED, date(2025, 9, 24), date(2025, 10, 23)),
        (RequestEvent.Kind.CORRECTED, date(2025, 9, 30), date(2025, 11, 4)),
        (RequestEvent.Kind.CONSULTATION_STARTED, date(2025, 10, 10), date(2025, 11, 4)),
        (RequestEvent.Kind.CONSULTATION_DELIVERED, date(2025, 10, 10), date(2025, 11, 4)),
        (RequestEvent.Kind.CONSULTATION_ENDED, date(2025, 10, 20), date(2025, 11, 13)),
        (RequestEvent.Kind.EXTENDED, date(2025, 11, 5), date(2025, 12, 11)),
        (RequestEvent.Kind.THIRD_PARTY_NOTIFIED, date(2025, 11, 28), date(2025, 12, 11)),
        # Staff-only: the draft and its 保密审查 (Art. 17) before a partial disclosure is sent.
        (RequestEvent.Kind.REPLY_DRAFTED, date(2025, 12, 1), date(2025, 12, 11)),
        (RequestEvent.Kind.SECRECY_REVIEWED, date(2025, 12, 1), date(2025, 12, 11)),
        (RequestEvent.Kind.REPLIED, date(2025, 12, 1), date(2025, 12, 11)),
    ]
    actions_recorded = set(
        AuditEvent.objects.filter(
            object_id=str(request.pk), object_type="disclosure.disclosurerequest"
        ).values_list("action", flat=True)
    )
    assert {
        "disclosure.submit",
        "disclosure.correction_request",
        "disclosure.corrected",
        "disclosure.consultation_start",
        "disclosure.consultation_end",
        "disclosure.extend",
        "disclosure.reply",
    } <= actions_recorded


def test_warnings_when_due_within_three_working_days_and_when_overdue(county):
    with at("2025-09-19 09:30"):
        request, _code = actions.submit_application(
            data=application(), department=county.dept["BGS"]
        )
    clock = fresh(request).reply_clock  # due 23 October
    assert warning_level(clock, date(2025, 10, 17)) == Warning.NORMAL  # 4 working days left
    assert warning_level(clock, date(2025, 10, 20)) == Warning.DUE_SOON  # 3 left
    assert warning_level(clock, date(2025, 10, 23)) == Warning.DUE_SOON
    assert warning_level(clock, date(2025, 10, 24)) == Warning.OVERDUE


def test_an_application_not_corrected_in_time_is_closed_under_six_one(county):
    officer = county.user["disclosure"]
    with at("2025-09-19 09:30"):
        request, _code = actions.submit_application(
            data=application(), department=county.dept["BGS"]
        )
    with at("2025-09-22 09:30"):
        actions.request_correction(
            actor=officer,
            request=request,
            on=date(2025, 9, 22),
            items="请补充身份证明。",
            deadline=date(2025, 10, 10),
        )
    with at("2025-10-10 23:00"):  # the deadline day itself is still the applicant's
        assert actions.close_all_uncorrected() == 0
    with at("2025-10-11 00:05"):
        assert actions.close_all_uncorrected() == 1
    request = fresh(request)
    assert request.status == DisclosureRequest.Status.CLOSED
    assert (request.outcome, request.finished_on) == ("6.1", date(2025, 10, 11))
    assert request.reply_clock.state == Clock.State.STOPPED
    # Received after the deadline: only with the applicant's good reason (Art. 30).
    with at("2025-10-11 10:00"), pytest.raises(InvalidInput) as no_reason:
        actions.receive_correction(actor=officer, request=request, on=date(2025, 10, 11))
    assert no_reason.value.field == "late_reason"
    assert fresh(request).status == DisclosureRequest.Status.CLOSED


def test_staff_register_a_posted_application_with_its_signed_for_date(county):
    officer = county.user["disclosure"]
    with at("2025-10-09 10:00"):
        with pytest.raises(InvalidInput) as future:
            actions.submit_application(
                data=application(),
                department=county.dept["BGS"],
                channel=Channel.REGISTERED_POST,
                received_on=date(2025, 10, 10),
                actor=officer,
            )
        assert future.value.field == "received_on"
        # Signed for on Tuesday 30 September: 9-10 Oct (2), 11 Oct (3), 13-17 (8), 20-24 (13),
        # 27-31 Oct (18), 3-4 Nov (20).
        request, _code = actions.submit_application(
            data=application(),
            department=county.dept["BGS"],
            channel=Channel.REGISTERED_POST,
            received_on=date(2025, 9, 30),
            actor=officer,
        )
    assert request.registered_by == officer
    assert request.handler == officer  # handles what they registered until reassigned
    assert due(request) == date(2025, 11, 4)
    with pytest.raises(PermissionDenied):
        actions.submit_application(
            data=application(),
            department=county.dept["BGS"],
            channel=Channel.IN_PERSON,
            received_on=date(2025, 9, 30),
            actor=county.user["editor"],
        )


@pytest.mark.parametrize(
    ("overrides", "field", "reason"),
    [
        ({"id_number": "11010519491231002"}, "id_number", "18 位"),
        ({"id_number": "110105194912310021"}, "id_number", "校验位"),
        ({"id_number": "110105194913310028"}, "id_number", "出生日期"),
        ({"applicant_type": "commercial", "contact_person": "李四"}, "id_type", "统一社会信用代码"),
        (
            {
                "applicant_type": "commercial",
                "id_type": "credit_code",
                "id_number": "91350100M000100Y44",
                "contact_person": "李四",
            },
            "id_number",
            "校验位",
        ),
        ({"phone": "12345"}, "phone", "11 位"),
        ({"info_title": "  "}, "info_title", "名称"),
        ({"delivery": "post", "address": ""}, "address", "通信地址"),
    ],
)
def test_bad_applications_are_refused_with_the_reason_and_change_nothing(
    county, overrides, field, reason
):
    before = (DisclosureRequest.objects.count(), Clock.objects.count())
    with pytest.raises(InvalidInput) as refused:
        actions.submit_application(data=application(**overrides), department=county.dept["BGS"])
    assert refused.value.field == field
    assert reason in refused.value.message
    assert (DisclosureRequest.objects.count(), Clock.objects.count()) == before


def test_an_organisation_with_a_valid_credit_code_is_accepted(county):
    request, _code = actions.submit_application(
        data=application(
            applicant_type="commercial",
            applicant_name="某某科技有限公司",
            id_type="credit_code",
            id_number="91350100m000100y43",
            contact_person="李四",
        ),
        department=county.dept["BGS"],
    )
    assert request.id_number == "91350100M000100Y43"
    assert request.is_organisation


def test_the_query_code_finds_only_its_own_request(county):
    first, code = actions.submit_application(data=application(), department=county.dept["BGS"])
    second, other = actions.submit_application(data=application(), department=county.dept["BGS"])
    assert actions.find_request(first.number, code) == first
    assert actions.find_request(first.number, code.lower().replace("-", " ")) == first
    assert actions.find_request(first.number, other) is None
    assert actions.find_request(second.number, code) is None
    assert actions.find_request("2025-99999", code) is None
    assert "-" not in first.query_code_hash and code not in first.query_code_hash


def test_fees_follow_guobanhan_2020_109():
    from gongkai.disclosure import fees

    assert [fees.per_application_fee(n) for n in (1, 10, 11, 30, 31, 40, 41, 50, 51)] == [
        0,
        0,
        100,
        100,
        200,
        200,
        300,
        300,
        400,
    ]
    # Per page, progressive (超额累进, 109号 Art. 3, 5): each band's price for its own pages.
    assert [fees.per_page_fee(p) for p in (0, 30, 31, 50, 100, 101, 200, 201, 5000)] == [
        0,
        0,
        10,
        200,
        700,
        720,
        2700,
        2740,
        2700 + 4800 * 40,
    ]
    assert fees.fee("none", nth_this_month=50, pages=500) == 0
    assert fees.fee("per_page", nth_this_month=50, pages=31) == 10
    assert fees.fee("per_application", nth_this_month=11, pages=500) == 100
