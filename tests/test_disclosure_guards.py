"""The clock's guards (条例 Art. 30, 33), as the head of the disclosure office, the officer and
the applicant see them: an extension only inside the reply period, with a decision date
between the request and today; a correction notice after its 7 working days and a corrected
application after its deadline accepted only with a recorded reason, and flagged 逾期 on the
timeline, in the request list (and its overdue filter) and in the inbox.

The 2025 National Day holiday (国办发明电〔2024〕12号): 1-8 October off; Sunday 28 September
and Saturday 11 October are working days. Every expected date was counted by hand on that
calendar, the start day not counted.

The request: received online on Friday 19 September 2025; reply due 23 October; correction
notice due 29 September (22-26 Sep, 28 Sep, 29 Sep).
"""

from __future__ import annotations

from datetime import date

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from gongkai.core.errors import InvalidTransition
from gongkai.core.inbox import entries_for
from gongkai.core.models import Clock
from gongkai.disclosure import actions
from gongkai.disclosure.models import Consultation, DisclosureRequest, RequestEvent
from tests.pages import assert_forbidden, at, field_errors, page, textarea

pytestmark = pytest.mark.django_db

LIST = "/workbench/disclosure/"
LATE_NOTICE = "经办人因公出差，未能在七个工作日内告知"


def application(title: str) -> actions.ApplicationData:
    return actions.ApplicationData(
        applicant_type="natural",
        applicant_name="王小明",
        id_type="resident_id",
        id_number="11010519491231002X",
        phone="13800138000",
        info_title=title,
        info_description="县住房和城乡建设局2025年城区道路改造工程的招标文件及中标公告。",
        requested_form="electronic",
        delivery="email",
        email="wang@example.cn",
    )


def submit(county, title="2025年城区道路改造工程招标文件", when="2025-09-19 09:30"):
    with at(when):
        return actions.submit_application(data=application(title), department=county.dept["BGS"])


def url(request, suffix: str = "") -> str:
    return f"/workbench/disclosure/{request.pk}/{suffix}"


def fresh(request) -> DisclosureRequest:
    return DisclosureRequest.objects.select_related("reply_clock").get(pk=request.pk)


def steps_of(html: str) -> str:
    """The request page's next-step forms."""
    return html.split("下一步办理")[1].split("办理过程")[0]


# ---------------------------------------------------------------- extension (Art. 33)

EXTENSION = {"days": "10", "reason": "需从档案馆调取二〇一五年的招标档案。"}


def test_the_head_extends_on_the_due_date_but_not_the_day_after(staff_client, county):
    request, _code = submit(county)
    late, _code = submit(county, "另一件申请")
    with at("2025-10-23 17:00"):
        head = staff_client("disclosure_head")
        response = head.post(url(request, "extend/"), {**EXTENSION, "on": "2025-10-23"})
        assert response.status_code == 302
    # 10 more after 23 Oct: 24 Oct (1), 27-31 (6), 3-6 Nov (10).
    assert fresh(request).reply_clock.due_date == date(2025, 11, 6)
    with at("2025-10-24 09:00"):
        head = staff_client("disclosure_head")
        assert "同意延期并生成告知书" not in steps_of(page(head.get(url(late))))
        response = head.post(url(late, "extend/"), {**EXTENSION, "on": "2025-10-24"}, follow=True)
        assert "答复期限已于2025年10月23日届满，不能再延期" in page(response)
        with pytest.raises(InvalidTransition):
            actions.extend(
                actor=county.user["disclosure_head"],
                request=late,
                days=10,
                reason="补办延期",
                on=date(2025, 10, 22),  # dated back inside the period: still refused
            )
    late = fresh(late)
    assert not late.extended and late.reply_clock.due_date == date(2025, 10, 23)
    assert not late.documents.exists() and not late.events.filter(kind="extended").exists()


def test_an_extension_dated_before_the_request_or_after_today_is_refused_next_to_the_date(
    staff_client, county
):
    request, _code = submit(county)
    with at("2025-10-20 10:00"):
        head = staff_client("disclosure_head")
        before = head.post(url(request, "extend/"), {**EXTENSION, "on": "2025-09-18"})
        assert before.status_code == 200
        assert "日期不能早于收到申请的日期" in field_errors(before, "extend_on")
        assert EXTENSION["reason"] in textarea(before, "reason")
        after = head.post(url(request, "extend/"), {**EXTENSION, "on": "2025-10-21"})
        assert "日期不能晚于今天" in field_errors(after, "extend_on")
        officer = staff_client("disclosure")
        refused = officer.post(url(request, "extend/"), {**EXTENSION, "on": "2025-10-20"})
        assert_forbidden(refused, "政府信息公开工作机构负责人")
    assert not fresh(request).extended


def test_a_clock_paused_for_consultation_with_days_left_can_still_be_extended(county):
    """Time spent consulting does not count (Art. 33): the nominal due date passes while the
    clock waits, and the period is not over."""
    request, _code = submit(county)
    with at("2025-10-20 10:00"):
        actions.start_consultation(
            actor=county.user["disclosure"],
            request=request,
            party=Consultation.Party.THIRD_PARTY,
            party_name="某建设工程有限公司",
            on=date(2025, 10, 20),
        )
    assert fresh(request).reply_clock.remaining_at_pause == 3  # 21, 22, 23 October
    with at("2025-10-27 10:00"):
        actions.extend(
            actor=county.user["disclosure_head"],
            request=request,
            days=5,
            reason="第三方意见尚未收到。",
            on=date(2025, 10, 27),
        )
    clock = fresh(request).reply_clock
    assert (clock.state, clock.remaining_at_pause) == (Clock.State.PAUSED, 8)


# ---------------------------------------------------------------- a late correction notice (Art. 30)


def test_a_late_correction_notice_needs_a_reason_and_is_flagged_everywhere(staff_client, county):
    request, code = submit(county)
    on_time, _code = submit(county, "按时告知补正的申请")
    data = {"items": "请写明招标项目的名称。", "deadline": "2025-10-24", "on": "2025-09-30"}
    with at("2025-09-30 10:00"):
        officer = staff_client("disclosure")
        refused = officer.post(url(request, "correction/"), data)
        assert refused.status_code == 200
        message = field_errors(refused, "correction_late_reason")
        assert "收到申请之日起 7 个工作日内（2025年9月29日前）" in message
        assert "请填写逾期原因" in message
        assert "请写明招标项目的名称。" in textarea(refused, "items")
        assert fresh(request).status == DisclosureRequest.Status.PROCESSING
        assert not request.documents.exists()

        response = officer.post(url(request, "correction/"), {**data, "late_reason": LATE_NOTICE})
        assert response.status_code == 302
        # On the last day no reason is asked and nothing is flagged.
        in_time = {**data, "on": "2025-09-29", "late_reason": ""}
        assert officer.post(url(on_time, "correction/"), in_time).status_code == 302

        html = page(officer.get(url(request)))
        timeline = html.split("办理过程")[-1]
        assert "逾期" in timeline and f"逾期原因：{LATE_NOTICE}" in timeline
        assert "逾期原因" not in page(officer.get(url(on_time))).split("办理过程")[-1]

        listed = page(officer.get(LIST))
        assert "告知补正：" in listed and f"逾期原因：{LATE_NOTICE}" in listed
        overdue = page(officer.get(LIST, {"deadline": "overdue"}))
        assert request.number in overdue and on_time.number not in overdue

        inbox = [e.title for e in entries_for(county.user["disclosure"])]
        assert (
            f"逾期：告知补正 {request.number} 2025年城区道路改造工程招标文件（逾期原因：{LATE_NOTICE}）"
            in inbox
        )
        assert not any(on_time.number in t and t.startswith("逾期：") for t in inbox)

        applicant = Client()
        applicant.post("/ysqgk/track/", {"number": request.number, "code": code})
        status = page(applicant.get(f"/ysqgk/track/{request.number}/"))
        assert f"逾期原因：{LATE_NOTICE}" in status
    event = request.events.get(kind=RequestEvent.Kind.CORRECTION_REQUESTED)
    assert (event.on, event.late_reason) == (date(2025, 9, 30), LATE_NOTICE)


def test_the_overdue_filter_also_finds_requests_past_their_reply_date(staff_client, county):
    overdue, _code = submit(county, "超期未答复的申请", when="2025-09-01 10:00")
    soon, _code = submit(county, "快到期的申请", when="2025-10-09 10:00")
    fresh_one, _code = submit(county, "刚收到的申请", when="2025-11-01 10:00")
    with at("2025-11-03 10:00"):
        officer = staff_client("disclosure")
        listed = page(officer.get(LIST, {"deadline": "overdue"}))
        assert overdue.number in listed and soon.number not in listed
        due_soon = page(officer.get(LIST, {"deadline": "due_soon"}))
        assert soon.number in due_soon and overdue.number not in due_soon
        assert fresh_one.number not in listed + due_soon
        bad = officer.get(LIST, {"deadline": "someday"})
        assert bad.status_code == 200 and "请从列表中选择" in field_errors(bad, "deadline")


def test_the_late_flags_cost_the_list_no_query_per_row(staff_client, county):
    def flagged(title):
        request, _code = submit(county, title)
        with at("2025-09-30 10:00"):
            actions.request_correction(
                actor=county.user["disclosure"],
                request=request,
                on=date(2025, 9, 30),
                items="请写明项目名称。",
                late_reason=LATE_NOTICE,
            )

    flagged("第一件")
    with at("2025-10-09 10:00"):
        client = staff_client("disclosure")
        client.get(LIST)
        with CaptureQueriesContext(connection) as one:
            client.get(LIST)
    flagged("第二件")
    flagged("第三件")
    with at("2025-10-09 10:00"):
        client = staff_client("disclosure")
        with CaptureQueriesContext(connection) as three:
            html = page(client.get(LIST))
    assert html.count(f"逾期原因：{LATE_NOTICE}") == 3
    assert len(three.captured_queries) == len(one.captured_queries)


# ---------------------------------------------------------------- a late corrected application (Art. 30)


def waiting_for_correction(county, title="2025年城区道路改造工程招标文件"):
    """A notice of Monday 22 September with the deadline Friday 10 October."""
    request, code = submit(county, title)
    with at("2025-09-22 10:00"):
        actions.request_correction(
            actor=county.user["disclosure"],
            request=request,
            on=date(2025, 9, 22),
            items="请补充身份证明。",
            deadline=date(2025, 10, 10),
        )
    return request, code


REASON = "申请人住院治疗，家属于出院次日代为提交，附住院证明。"


def test_a_corrected_application_after_the_deadline_needs_the_applicants_good_reason(
    staff_client, county
):
    request, _code = waiting_for_correction(county)
    with at("2025-10-13 10:00"):
        officer = staff_client("disclosure")
        refused = officer.post(url(request, "corrected/"), {"on": "2025-10-13", "note": "补正"})
        assert "补正期限已于2025年10月10日届满" in field_errors(refused, "corrected_late_reason")
        assert fresh(request).status == DisclosureRequest.Status.CORRECTION
        response = officer.post(
            url(request, "corrected/"), {"on": "2025-10-13", "note": "补正", "late_reason": REASON}
        )
        assert response.status_code == 302
    request = fresh(request)
    assert request.status == DisclosureRequest.Status.PROCESSING
    # 20 working days from Monday 13 October: 14-17 (4), 20-24 (9), 27-31 (14), 3-7 Nov (19),
    # 10 Nov (20).
    assert request.reply_clock.due_date == date(2025, 11, 10)
    assert request.events.get(kind=RequestEvent.Kind.CORRECTED).late_reason == REASON


def test_a_good_reason_reopens_a_request_closed_as_not_corrected(staff_client, county):
    request, code = waiting_for_correction(county)
    with at("2025-10-11 00:05"):
        assert actions.close_all_uncorrected() == 1
    assert fresh(request).outcome == "6.1"
    with at("2025-10-14 10:00"):
        officer = staff_client("disclosure")
        assert "收到补正材料" in steps_of(page(officer.get(url(request))))
        refused = officer.post(url(request, "corrected/"), {"on": "2025-10-14"})
        assert "请填写逾期原因" in field_errors(refused, "corrected_late_reason")
        assert fresh(request).status == DisclosureRequest.Status.CLOSED
        response = officer.post(
            url(request, "corrected/"), {"on": "2025-10-14", "late_reason": REASON}
        )
        assert response.status_code == 302
        applicant = Client()
        applicant.post("/ysqgk/track/", {"number": request.number, "code": code})
        status = page(applicant.get(f"/ysqgk/track/{request.number}/"))
    request = fresh(request)
    assert request.status == DisclosureRequest.Status.PROCESSING
    assert (request.outcome, request.finished_on) == ("", None)
    # A new period from Tuesday 14 October: 15-17 (3), 20-24 (8), 27-31 (13), 3-7 Nov (18),
    # 10-11 Nov (20).
    assert request.reply_clock.state == Clock.State.RUNNING
    assert request.reply_clock.due_date == date(2025, 11, 11)
    kinds = [e.kind for e in request.events.all()]
    assert kinds[-2:] == [RequestEvent.Kind.CLOSED, RequestEvent.Kind.CORRECTED]
    assert "撤销“逾期未补正、不再处理”" in request.events.last().note
    assert "办理中" in status and f"逾期原因：{REASON}" in status
