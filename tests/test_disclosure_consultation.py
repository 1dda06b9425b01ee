"""Consulting a third party (条例 Art. 32) or another agency (Art. 34), as the disclosure
officer, the head of the disclosure office and the applicant see it.

The 2025 National Day holiday (国办发明电〔2024〕12号): 1-8 October off; Sunday 28 September
and Saturday 11 October are working days. Every expected date was counted by hand on that
calendar, the start day not counted, and is written as a literal.

The request: received online on Friday 19 September 2025, reply due 23 October.
"""

from __future__ import annotations

import io
from datetime import date

import pytest
from django.test import Client
from huey.contrib.djhuey import HUEY
from pypdf import PdfReader

from gongkai.core.clock import Warning, warning_level
from gongkai.core.errors import InvalidInput
from gongkai.core.models import AuditEvent, Clock
from gongkai.disclosure import actions, letters, tasks
from gongkai.disclosure.models import (
    Consultation,
    DisclosureRequest,
    NoticeTemplate,
    RequestDocument,
    RequestEvent,
)
from tests.pages import assert_forbidden, at, field_errors, page, textarea

pytestmark = pytest.mark.django_db

PARTY = "某建设工程有限公司"
AGENCY = "县财政局"


def application() -> actions.ApplicationData:
    return actions.ApplicationData(
        applicant_type="natural",
        applicant_name="王小明",
        id_type="resident_id",
        id_number="11010519491231002X",
        phone="13800138000",
        info_title="2025年城区道路改造工程招标文件",
        info_description="县住房和城乡建设局2025年城区道路改造工程的招标文件及中标公告。",
        requested_form="electronic",
        delivery="email",
        email="wang@example.cn",
    )


def submit(county) -> tuple[DisclosureRequest, str]:
    with at("2025-09-19 09:30"):
        return actions.submit_application(data=application(), department=county.dept["BGS"])


def url(request, suffix: str = "") -> str:
    return f"/workbench/disclosure/{request.pk}/{suffix}"


def fresh(request) -> DisclosureRequest:
    return DisclosureRequest.objects.select_related("reply_clock").get(pk=request.pk)


def consult(county, request, party=Consultation.Party.THIRD_PARTY, name=PARTY, on="2025-09-24"):
    """The letter goes out on Wednesday 24 September (the reply clock has 17 days left:
    25-26 Sep, 28 Sep, 29-30 Sep, 9-11 Oct, 13-17 Oct, 20-23 Oct)."""
    with at(f"{on} 10:00"):
        return actions.start_consultation(
            actor=county.user["disclosure"],
            request=request,
            party=party,
            party_name=name,
            on=date.fromisoformat(on),
        )


def deliver(county, consultation, on="2025-09-26"):
    with at(f"{on} 16:00"):
        return actions.record_consultation_delivery(
            actor=county.user["disclosure"], consultation=consultation, on=date.fromisoformat(on)
        )


def pdf_text(response) -> str:
    content = b"".join(response.streaming_content)
    assert content.startswith(b"%PDF")
    reader = PdfReader(io.BytesIO(content))
    return "".join("".join(p.extract_text().split()) for p in reader.pages)


# ---------------------------------------------------------------- the letter and its period


def test_the_period_waits_for_delivery_then_runs_15_working_days_across_national_day(
    staff_client, county
):
    request, _code = submit(county)
    with at("2025-09-24 10:00"):
        client = staff_client("disclosure")
        response = client.post(
            url(request, "consult/"),
            {
                "party": "third_party",
                "party_name": PARTY,
                "on": "2025-09-24",
                "matter": "拟公开的招标文件中含贵公司的投标报价。",
            },
        )
        assert response.status_code == 302
        consultation = Consultation.objects.get(request=request)
        # The letter is made; the party's period has not started: the delivery is unknown.
        assert consultation.opinion_clock is None
        html = page(client.get(url(request)))
        assert "尚未起算" in html and "请登记送达日期" in html
        letter = client.get(url(request, f"documents/{consultation.letter_id}/"))
        assert letter.status_code == 200
        text = pdf_text(letter)
        assert PARTY in text and "政府信息公开征求第三方意见函" in text
        assert "自收到本函之日起15个工作日内" in text and "第三十二条" in text
        assert "投标报价" in text
        assert "王小明" not in text  # the applicant is nobody's business but the agency's
    assert fresh(request).reply_clock.remaining_at_pause == 17

    # Friday 26 September: the third party signs for the letter. 15 working days from the
    # next day: 28 Sep (1), 29-30 Sep (3), 9-10 Oct (5), 11 Oct (6), 13-17 (11), 20-23 (15).
    with at("2025-09-26 16:00"):
        client = staff_client("disclosure")
        delivered = url(request, f"consult/{consultation.pk}/delivered/")
        early = client.post(delivered, {"on": "2025-09-23"})
        assert "送达日期不能早于征求意见函的发出日期" in field_errors(early, "consult_delivered_on")
        assert client.post(delivered, {"on": "2025-09-26"}).status_code == 302
        html = page(client.get(url(request)))
    consultation.refresh_from_db()
    assert consultation.delivered_on == date(2025, 9, 26)
    assert consultation.opinion_clock.due_date == date(2025, 10, 23)
    assert "至 2025年10月23日" in html
    assert warning_level(consultation.opinion_clock, date(2025, 10, 24)) == Warning.OVERDUE


def test_silence_is_recorded_only_after_the_period_and_ends_it_on_its_last_day(
    staff_client, county
):
    request, _code = submit(county)
    consultation = consult(county, request)
    end = url(request, f"consult/{consultation.pk}/end/")
    with at("2025-09-25 10:00"):
        client = staff_client("disclosure")
        # Not delivered yet: there is no period whose end could be silent.
        response = client.post(end, {"answer": "silent", "on": "2025-09-25"})
        assert "意见期限尚未起算" in field_errors(response, "consult_end_answer")
    deliver(county, consultation)  # due 23 October
    with at("2025-10-23 17:00"):
        client = staff_client("disclosure")
        response = client.post(end, {"answer": "silent", "on": "2025-10-23"})
        assert "意见期限至2025年10月23日届满" in field_errors(response, "consult_end_on")
    assert fresh(request).status == DisclosureRequest.Status.CONSULTING
    with at("2025-10-27 09:00"):
        assert (
            staff_client("disclosure")
            .post(end, {"answer": "silent", "on": "2025-10-27"})
            .status_code
            == 302
        )
    consultation.refresh_from_db()
    assert (consultation.answer, consultation.ended_on) == ("silent", date(2025, 10, 23))
    # Consulting time ends with the period: 17 days from 24 October: 24 Oct (1), 27-31 (6),
    # 3-7 Nov (11), 10-14 (16), 17 Nov (17); the days the officer took to record it count.
    request = fresh(request)
    assert request.status == DisclosureRequest.Status.PROCESSING
    assert request.reply_clock.due_date == date(2025, 11, 17)
    ended = request.events.get(kind=RequestEvent.Kind.CONSULTATION_ENDED)
    assert ended.on == date(2025, 10, 23)
    assert "由本机关依法决定是否公开" in ended.note


def test_a_late_opinion_does_not_hold_the_reply_clock_beyond_the_period(county):
    request, _code = submit(county)
    consultation = deliver(county, consult(county, request))
    with at("2025-10-29 10:00"):
        actions.end_consultation(
            actor=county.user["disclosure"],
            consultation=consultation,
            on=date(2025, 10, 29),
            answer=Consultation.Answer.AGREED,
            opinion="同意公开。",
        )
    assert fresh(request).reply_clock.due_date == date(2025, 11, 17)  # as if ended on 23 Oct
    note = request.events.get(kind=RequestEvent.Kind.CONSULTATION_ENDED).note
    assert "意见期限已于2025年10月23日届满" in note


def test_the_applicant_sees_the_consultation_by_kind_without_the_letter_or_the_name(county):
    request, code = submit(county)
    deliver(county, consult(county, request))
    applicant = Client()
    with at("2025-09-29 10:00"):
        applicant.post("/ysqgk/track/", {"number": request.number, "code": code})
        html = page(applicant.get(f"/ysqgk/track/{request.number}/"))
    assert "征求意见函送达" in html and "第三方收到征求意见函" in html
    assert "2025年10月23日" in html
    assert PARTY not in html
    assert "征求第三方意见函" not in html
    letter = request.documents.get(kind=RequestDocument.Kind.CONSULTATION_LETTER)
    with at("2025-09-29 10:00"):
        response = applicant.get(f"/ysqgk/track/{request.number}/documents/{letter.pk}/")
    assert response.status_code == 404


def test_another_departments_officer_gets_neither_the_letter_nor_the_steps(
    staff_client, county, other_officer
):
    request, _code = submit(county)
    consultation = consult(county, request)
    client = staff_client("nyj_disclosure")
    with at("2025-09-26 10:00"):
        assert_forbidden(
            client.get(url(request, f"documents/{consultation.letter_id}/")), "不属于您负责的机关"
        )
        response = client.post(
            url(request, f"consult/{consultation.pk}/delivered/"), {"on": "2025-09-26"}
        )
        assert_forbidden(response, "不属于您负责的机关")
        delivered = url(request, f"consult/{consultation.pk}/delivered/")
        # A GET of a step has nothing to show: it goes to the request page (which refuses).
        assert client.get(delivered)["Location"] == url(request)
        assert client.put(delivered).status_code == 405
    consultation.refresh_from_db()
    assert consultation.delivered_on is None


# ---------------------------------------------------------------- disclosing over an objection


def test_an_objection_needs_its_reasons(staff_client, county):
    request, _code = submit(county)
    consultation = deliver(county, consult(county, request))
    with at("2025-10-09 10:00"):
        response = staff_client("disclosure").post(
            url(request, f"consult/{consultation.pk}/end/"),
            {"answer": "objected", "on": "2025-10-09", "opinion": " "},
        )
    assert "请填写对方不同意公开的意见和理由" in field_errors(response, "consult_end_opinion")
    assert Consultation.objects.get(pk=consultation.pk).ended_on is None


def objected(county):
    """A request whose third party objected on Thursday 9 October."""
    request, _code = submit(county)
    consultation = deliver(county, consult(county, request))
    with at("2025-10-09 10:00"):
        actions.end_consultation(
            actor=county.user["disclosure"],
            consultation=consultation,
            on=date(2025, 10, 9),
            answer=Consultation.Answer.OBJECTED,
            opinion="投标报价属于本公司商业秘密，不同意公开。",
        )
    return request, Consultation.objects.get(pk=consultation.pk)


def draft(county, request, outcome: str):
    actions.draft_reply(
        actor=county.user["disclosure"],
        request=request,
        data=actions.ReplyData(
            outcome=outcome,
            reply_text="经审查，公开招标文件对公共利益有重大影响，予以公开。",
            withheld="投标报价明细。" if outcome == "2" else "",
        ),
    )


def test_disclosure_over_an_objection_is_sent_only_after_the_third_party_is_told(
    staff_client, county
):
    request, consultation = objected(county)
    officer = staff_client("disclosure")
    with at("2025-10-13 10:00"):
        html = page(officer.get(url(request)))
        assert "决定公开的，须先书面告知" in html
        assert 'action="' + url(request, f"consult/{consultation.pk}/notify/") + '"' in html
        draft(county, request, "1")
        actions.review_secrecy(
            actor=county.user["disclosure_head"],
            request=request,
            agreed=True,
            opinion="不涉及国家秘密。",
            on=date(2025, 10, 13),
        )
        response = officer.post(url(request, "reply/send/"), {"on": "2025-10-13"})
        assert "第三方“某建设工程有限公司”不同意公开" in page(response)
        assert "第三十二条" in page(response)
        assert fresh(request).status == DisclosureRequest.Status.PROCESSING
        with pytest.raises(InvalidInput) as refused:
            actions.send_reply(
                actor=county.user["disclosure"], request=request, on=date(2025, 10, 13)
            )
        assert refused.value.field == "outcome"

        notify = url(request, f"consult/{consultation.pk}/notify/")
        bad = officer.post(notify, {"content": "招标文件全文", "reason": "", "on": "2025-10-13"})
        assert "请写明决定公开的理由" in field_errors(bad, "consult_notify_reason")
        assert "招标文件全文" in textarea(bad, "content")
        early = officer.post(
            notify, {"content": "招标文件全文", "reason": "公共利益。", "on": "2025-10-08"}
        )
        assert "告知日期不能早于第三方提出意见的日期" in field_errors(early, "consult_notify_on")
        assert not request.documents.filter(kind=RequestDocument.Kind.THIRD_PARTY_NOTICE).exists()
        response = officer.post(
            notify,
            {
                "content": "招标文件全文（含投标报价）",
                "reason": "道路改造工程使用财政资金，报价关系公共利益，不公开将对公共利益造成重大影响。",
                "on": "2025-10-13",
            },
        )
        assert response.status_code == 302
        consultation.refresh_from_db()
        assert consultation.disclosure_notice_on == date(2025, 10, 13)
        notice = officer.get(url(request, f"documents/{consultation.disclosure_notice_id}/"))
        text = pdf_text(notice)
        assert "政府信息公开决定告知书（告知第三方）" in text
        assert PARTY in text and "招标文件全文（含投标报价）" in text
        assert "不公开将对公共利益造成重大影响" in text and "申请行政复议" in text
        assert officer.post(url(request, "reply/send/"), {"on": "2025-10-13"}).status_code == 302
    assert fresh(request).status == DisclosureRequest.Status.REPLIED
    told = request.events.get(kind=RequestEvent.Kind.THIRD_PARTY_NOTIFIED)
    assert not told.public and told.document_id == consultation.disclosure_notice_id
    assert AuditEvent.objects.filter(action="disclosure.third_party_notified").exists()


def test_withholding_what_the_third_party_objected_to_needs_no_notice(county):
    request, _consultation = objected(county)
    with at("2025-10-13 10:00"):
        draft(county, request, "3.4")  # 不予公开：保护第三方合法权益
        actions.send_reply(actor=county.user["disclosure"], request=request, on=date(2025, 10, 13))
    assert fresh(request).outcome == "3.4"


def test_a_notice_is_refused_where_no_third_party_objected_and_to_another_department(
    staff_client, county, other_officer
):
    request, consultation = objected(county)
    notify = url(request, f"consult/{consultation.pk}/notify/")
    data = {"content": "招标文件全文", "reason": "公共利益。", "on": "2025-10-13"}
    with at("2025-10-13 10:00"):
        assert_forbidden(staff_client("nyj_disclosure").post(notify, data), "不属于您负责的机关")
        agreed, _code = submit(county)
        consultation = deliver(county, consult(county, agreed, on="2025-09-24"))
        actions.end_consultation(
            actor=county.user["disclosure"],
            consultation=consultation,
            on=date(2025, 10, 13),
            answer=Consultation.Answer.AGREED,
        )
        response = staff_client("disclosure").post(
            url(agreed, f"consult/{consultation.pk}/notify/"), data, follow=True
        )
    assert "只有第三方不同意公开时，才需告知其决定公开" in page(response)
    assert not RequestDocument.objects.filter(kind=RequestDocument.Kind.THIRD_PARTY_NOTICE).exists()


# ---------------------------------------------------------------- another agency (Art. 34)


def test_the_worker_records_another_agencys_silence_as_consent(staff_client, county):
    request, _code = submit(county)
    agency = deliver(county, consult(county, request, Consultation.Party.OTHER_AGENCY, AGENCY))
    third = submit(county)[0]
    third_party = deliver(county, consult(county, third))
    assert agency.opinion_clock.due_date == third_party.opinion_clock.due_date == date(2025, 10, 23)
    letter = agency.letter.upload
    assert letter.name.startswith("政府信息公开征求意见函")

    with at("2025-10-23 23:30"):  # the agency's last day is still its own
        assert tasks.record_silent_agencies_consent.call_local() == 0
    with at("2025-10-24 00:10"):
        assert tasks.record_silent_agencies_consent.call_local() == 1
        html = page(staff_client("disclosure").get(url(request)))
    agency.refresh_from_db()
    assert (agency.answer, agency.ended_on) == ("silent", date(2025, 10, 23))
    assert agency.opinion_clock.state == Clock.State.STOPPED
    ended = request.events.get(kind=RequestEvent.Kind.CONSULTATION_ENDED)
    assert ended.actor is None and ended.on == date(2025, 10, 23)
    assert "视为同意公开（条例第三十四条）" in ended.note
    assert "逾期未提出意见，视为同意公开" in html
    request = fresh(request)
    assert request.status == DisclosureRequest.Status.PROCESSING
    assert request.reply_clock.due_date == date(2025, 11, 17)
    # A third party's silence is the agency's to weigh (Art. 32): the worker leaves it.
    assert Consultation.objects.get(pk=third_party.pk).ended_on is None
    with at("2025-10-27 00:10"):
        assert tasks.record_silent_agencies_consent.call_local() == 0


def test_the_consent_job_runs_every_night_after_midnight_in_china():
    from datetime import datetime

    names = {
        task.name.rsplit(".", 1)[-1]
        for task in HUEY.read_periodic(datetime(2025, 10, 23, 16, 10))  # 00:10 in China
    }
    assert "record_silent_agencies_consent" in names


# ---------------------------------------------------------------- the letters' templates

LETTER = "/workbench/disclosure/templates/letters/consult_third_party/"


def test_the_head_edits_the_consultation_letter_and_the_next_letter_uses_it(staff_client, county):
    head = staff_client("disclosure_head")
    with at("2025-09-22 10:00"):
        assert "征求第三方意见函" in page(head.get("/workbench/disclosure/templates/"))
        bad = head.post(
            LETTER, {"body": "{party_name}：请回复{applicant_name}。", "remedy": "请回复。"}
        )
        assert "未知的占位符“{applicant_name}”" in field_errors(bad, "body")
        assert not NoticeTemplate.objects.filter(outcome_group=letters.CONSULT_THIRD_PARTY).exists()
        empty = head.post(LETTER, {"body": "{party_name}：", "remedy": ""})
        assert "请填写答复要求" in field_errors(empty, "remedy")
        response = head.post(
            LETTER,
            {
                "body": "{party_name}：\n本机关拟公开“{info_title}”，特征求贵方意见。",
                "remedy": "请于收到本函之日起{days}个工作日内回复，联系电话 0000-1234567。",
            },
        )
        assert response.status_code == 302
    request, _code = submit(county)
    consultation = consult(county, request)
    with at("2025-09-24 11:00"):
        text = pdf_text(
            staff_client("disclosure").get(url(request, f"documents/{consultation.letter_id}/"))
        )
    assert "本机关拟公开“2025年城区道路改造工程招标文件”，特征求贵方意见" in text
    assert "0000-1234567" in text


def test_officers_cannot_edit_the_letters_and_unknown_letters_are_not_found(staff_client, county):
    with at("2025-09-22 10:00"):
        officer = staff_client("disclosure")
        assert_forbidden(officer.get(LETTER), "只有政府信息公开工作机构负责人")
        response = officer.post(LETTER, {"body": "{party_name}：", "remedy": "请回复。"})
        assert_forbidden(response, "只有政府信息公开工作机构负责人")
        head = staff_client("disclosure_head")
        assert head.get("/workbench/disclosure/templates/letters/nothing/").status_code == 404
    assert not NoticeTemplate.objects.filter(outcome_group=letters.CONSULT_THIRD_PARTY).exists()
