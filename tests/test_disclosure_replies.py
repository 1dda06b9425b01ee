"""Replies that say what the 条例 says, written as the officer who drafts and sends them, the
head who edits the notice templates, and the applicant who reads the notice:

- 4.1 (Art. 36 (四), the information does not exist here) and Art. 36 (五) (another agency is
  responsible, named with its contact details) are two decisions, both counted under 四.1;
- 3.8 (Art. 36 (七)): the notice tells the procedure to follow and does not read as a refusal;
- 6.3: the officer names the legal basis, printed as entered, never a bare "有关规定";
- Art. 35: the applicant is asked for reasons, then either 五.4 or a later reply date.
"""

from __future__ import annotations

from datetime import date

import pytest

from gongkai.core.errors import InvalidInput
from gongkai.core.models import Clock
from gongkai.disclosure import actions
from gongkai.disclosure.models import DisclosureRequest, RequestDocument, RequestEvent
from tests.pages import assert_forbidden, at, field_errors, page, textarea
from tests.replies import applicant_view
from tests.test_disclosure_staff_views import application, url

pytestmark = pytest.mark.django_db

NOW = "2025-11-03 10:00"  # a Monday; requests below were received Friday 31 October
DUE = date(2025, 11, 28)  # 20 working days after 31 October
AGENCY = "示范县自然资源局"
CONTACT = "电话 0830-1234567，地址 示范县人民路 8 号"
PROCEDURE = "依照《不动产登记资料查询暂行办法》，持身份证明向示范县不动产登记中心申请查询"
BASIS = "《中华人民共和国档案法》第二十八条"


def received(county):
    """An online application to 县人民政府办公室, received 31 October: (request, query code)."""
    with at("2025-10-31 09:00"):
        return actions.submit_application(data=application(), department=county.dept["BGS"])


def fresh(request) -> DisclosureRequest:
    return DisclosureRequest.objects.select_related("reply_clock").get(pk=request.pk)


def draft(**overrides) -> dict:
    data = {"reply_text": "经检索，本机关未制作、获取该信息。", "fee_method": "none"}
    data.update(overrides)
    return data


def drafted_and_sent(staff_client, request, data: dict, on: str = "2025-11-03"):
    """The officer drafts and sends a reply that releases nothing (no 保密审查 needed)."""
    client = staff_client("disclosure")
    drafted = client.post(url(request, "reply/"), data)
    assert drafted.status_code == 302, field_errors(drafted, "reply_outcome")
    sent = client.post(url(request, "reply/send/"), {"on": on})
    assert sent.status_code == 302
    assert fresh(request).status == DisclosureRequest.Status.REPLIED
    return client


def notice_text(request, code: str) -> str:
    _html, texts = applicant_view(request, code)
    return texts[f"答复告知书-{request.number}.pdf"]


# ---------------------------------------------------------------- 4.1 and Art. 36 (五)


def test_the_officer_chooses_between_not_held_and_another_agency_responsible(staff_client, county):
    request, _code = received(county)
    with at(NOW):
        html = page(staff_client("disclosure").get(url(request)))
    assert '<option value="4.1">1.本机关不掌握相关政府信息</option>' in html
    assert (
        '<option value="4.1/36.5">1.本机关不掌握相关政府信息：不属于本机关负责公开'
        "（第三十六条第（五）项）</option>"
    ) in html


def test_another_agency_responsible_needs_its_name_and_contact_details(staff_client, county):
    request, _code = received(county)
    reasons = "该地块的规划许可由自然资源部门作出并保存。"
    with at(NOW):
        client = staff_client("disclosure")
        no_agency = client.post(
            url(request, "reply/"), draft(outcome="4.1/36.5", reply_text=reasons)
        )
        assert no_agency.status_code == 200
        assert "请填写负责公开该信息的行政机关" in field_errors(
            no_agency, "reply_responsible_agency"
        )
        assert reasons in textarea(no_agency, "reply_text")
        assert '<option value="4.1/36.5" selected>' in page(no_agency)
        no_contact = client.post(
            url(request, "reply/"),
            draft(outcome="4.1/36.5", reply_text=reasons, responsible_agency=AGENCY),
        )
        assert "请填写该行政机关的联系方式" in field_errors(
            no_contact, "reply_responsible_agency_contact"
        )
        assert f'value="{AGENCY}"' in page(no_contact)
    request = fresh(request)
    assert request.outcome == "" and request.drafted_by is None
    assert not request.events.filter(kind=RequestEvent.Kind.REPLY_DRAFTED).exists()


def test_the_notice_names_the_responsible_agency_and_how_to_reach_it(staff_client, county):
    request, code = received(county)
    with at(NOW):
        client = drafted_and_sent(
            staff_client,
            request,
            draft(
                outcome="4.1/36.5",
                reply_text="该地块的规划许可由自然资源部门作出并保存。",
                responsible_agency=AGENCY,
                responsible_agency_contact=CONTACT,
            ),
        )
        staff_page = page(client.get(url(request)))
        text = notice_text(request, code)
    request = fresh(request)
    # Counted under 四.1 in the annual report, decided and worded under Art. 36 (五).
    assert (request.outcome, request.not_responsible) == ("4.1", True)
    assert "不属于本机关负责公开" in text
    assert AGENCY in text and "".join(CONTACT.split()) in text
    assert "第三十六条第（五）项" in text and "第三十六条第（四）项" not in text
    assert AGENCY in staff_page and "不属于本机关负责公开（第三十六条第（五）项）" in staff_page


def test_information_not_held_cites_36_4_and_names_no_other_agency(staff_client, county):
    request, code = received(county)
    with at(NOW):
        drafted_and_sent(
            staff_client,
            request,
            # An agency typed in by mistake is not kept for a 36 (四) reply.
            draft(outcome="4.1", responsible_agency=AGENCY, responsible_agency_contact=CONTACT),
        )
        text = notice_text(request, code)
    request = fresh(request)
    assert (request.outcome, request.not_responsible, request.responsible_agency) == (
        "4.1",
        False,
        "",
    )
    assert "本机关不掌握相关政府信息" in text
    assert "第三十六条第（四）项" in text and "第三十六条第（五）项" not in text
    assert AGENCY not in text


def test_an_agency_that_cannot_be_determined_is_said_so_and_not_named(staff_client, county):
    request, code = received(county)
    with at(NOW):
        client = staff_client("disclosure")
        both = client.post(
            url(request, "reply/"),
            draft(outcome="4.1/36.5", agency_unknown="on", responsible_agency=AGENCY),
        )
        assert "请不要再填写机关名称和联系方式" in field_errors(both, "reply_responsible_agency")
        assert fresh(request).drafted_by is None
        drafted_and_sent(staff_client, request, draft(outcome="4.1/36.5", agency_unknown="on"))
        text = notice_text(request, code)
    assert "本机关无法确定负责公开该政府信息的行政机关" in text
    assert "第三十六条第（五）项" in text


def test_another_agency_responsible_is_only_a_not_held_outcome(county):
    request, _code = received(county)
    data = actions.ReplyData(
        outcome="3.1",
        reply_text="属于国家秘密。",
        not_responsible=True,
        responsible_agency=AGENCY,
        responsible_agency_contact=CONTACT,
    )
    with at(NOW), pytest.raises(InvalidInput) as refused:
        actions.draft_reply(actor=county.user["disclosure"], request=request, data=data)
    assert refused.value.field == "outcome"
    assert fresh(request).outcome == ""


def test_an_officer_of_another_agency_cannot_draft_the_reply(staff_client, county, other_officer):
    request, _code = received(county)
    with at(NOW):
        response = staff_client("nyj_disclosure").post(
            url(request, "reply/"),
            draft(
                outcome="4.1/36.5", responsible_agency=AGENCY, responsible_agency_contact=CONTACT
            ),
        )
    assert_forbidden(response, "不属于您负责的机关")
    assert fresh(request).drafted_by is None


# ---------------------------------------------------------------- 3.8, Art. 36 (七)


def test_a_special_procedure_reply_must_say_which_procedure(staff_client, county):
    request, _code = received(county)
    with at(NOW):
        response = staff_client("disclosure").post(
            url(request, "reply/"),
            draft(outcome="3.8", reply_text="请按不动产登记资料查询的规定办理。"),
        )
    assert response.status_code == 200
    assert "请写明申请人应依照的法律、行政法规规定及办理途径" in field_errors(
        response, "reply_special_procedure"
    )
    assert "请按不动产登记资料查询的规定办理。" in textarea(response, "reply_text")
    assert fresh(request).outcome == ""


def test_the_special_procedure_notice_tells_the_way_and_is_not_a_refusal(staff_client, county):
    request, code = received(county)
    with at(NOW):
        drafted_and_sent(
            staff_client,
            request,
            draft(
                outcome="3.8",
                reply_text="不动产登记资料的查询另有规定。",
                special_procedure=PROCEDURE,
            ),
        )
        text = notice_text(request, code)
    assert "".join(PROCEDURE.split()) in text
    assert "第三十六条第（七）项" in text
    assert "有关法律、行政法规对该信息的获取有特别规定" in text
    assert "不予公开" not in text and "决定" not in text


def test_an_edited_template_still_tells_the_procedure(staff_client, county):
    request, code = received(county)
    with at(NOW):
        head = staff_client("disclosure_head")
        assert "告知依照有关法律、行政法规的规定办理" in page(
            head.get("/workbench/disclosure/templates/")
        )
        saved = head.post(
            "/workbench/disclosure/templates/36.7/",
            {
                "body": "{applicant_name}：您的申请{number}请按特别规定办理。",
                "remedy": "可申请复议。",
            },
        )
        assert saved.status_code == 302
        drafted_and_sent(
            staff_client,
            request,
            draft(outcome="3.8", reply_text="查询另有规定。", special_procedure=PROCEDURE),
        )
        text = notice_text(request, code)
    assert "请按特别规定办理" in text  # the head's wording
    assert "".join(PROCEDURE.split()) in text  # and what Art. 36 (七) requires, added


# ---------------------------------------------------------------- 6.3 其他


@pytest.mark.parametrize(
    ("basis", "message"),
    [
        ("", "“其他处理”须写明法律依据"),
        ("有关规定", "不能只写“有关规定”"),
        ("依据《有关规定》", "不能只写“有关规定”"),
    ],
)
def test_other_handling_needs_a_named_legal_basis(staff_client, county, basis, message):
    request, _code = received(county)
    with at(NOW):
        response = staff_client("disclosure").post(
            url(request, "reply/"),
            draft(outcome="6.3", reply_text="申请人已撤回申请。", legal_basis=basis),
        )
    assert message in field_errors(response, "reply_legal_basis")
    assert "申请人已撤回申请。" in textarea(response, "reply_text")
    assert fresh(request).outcome == ""


def test_other_handling_prints_the_basis_entered_and_never_a_bare_relevant_rules(
    staff_client, county
):
    request, code = received(county)
    with at(NOW):
        drafted_and_sent(
            staff_client,
            request,
            draft(outcome="6.3", reply_text="该档案已移交县档案馆。", legal_basis=BASIS),
        )
        text = notice_text(request, code)
    assert f"根据{BASIS}之规定" in text
    assert "有关规定" not in text
    assert fresh(request).legal_basis == BASIS


# ---------------------------------------------------------------- Art. 35


def test_the_officer_asks_for_reasons_and_the_period_keeps_running(staff_client, county):
    request, code = received(county)
    with at(NOW):
        client = staff_client("disclosure")
        response = client.post(
            url(request, "reasons/"),
            {"grounds": "您本月已向本机关提出政府信息公开申请 45 件", "on": "2025-11-03"},
        )
        assert response.status_code == 302
        again = client.post(
            url(request, "reasons/"), {"grounds": "再次要求", "on": "2025-11-03"}, follow=True
        )
        assert "已要求申请人说明理由，不能重复要求" in page(again)
        html, texts = applicant_view(request, code)
    request = fresh(request)
    assert request.reasons_requested_on == date(2025, 11, 3)
    assert request.reply_clock.state == Clock.State.RUNNING
    assert request.reply_clock.due_date == DUE
    notice = texts[f"说明理由告知书-{request.number}.pdf"]
    assert "第三十五条" in notice and "请您向本机关说明申请理由" in notice
    assert "45件" in notice
    assert "要求说明理由" in html


def test_asking_for_reasons_refuses_bad_input_and_other_staff(staff_client, county, other_officer):
    request, _code = received(county)
    with at(NOW):
        bad = staff_client("disclosure").post(url(request, "reasons/"), {"grounds": " ", "on": ""})
        assert "请写明申请数量、频次明显超过合理范围的情况" in field_errors(bad, "reasons_grounds")
        assert "请填写日期" in field_errors(bad, "reasons_on")
        assert staff_client("disclosure").get(url(request, "reasons/"))["Location"] == url(request)
        assert staff_client("disclosure").put(url(request, "reasons/")).status_code == 405
        assert_forbidden(
            staff_client("nyj_disclosure").post(
                url(request, "reasons/"), {"grounds": "45 件", "on": "2025-11-03"}
            ),
            "不属于您负责的机关",
        )
        assert staff_client("editor").post(url(request, "reasons/"), {}).status_code == 403
    assert fresh(request).reasons_requested_on is None


def test_not_handling_a_large_volume_needs_reasons_asked_first(staff_client, county):
    request, code = received(county)
    data = draft(outcome="5.4", reply_text="申请理由不合理。")
    with at(NOW):
        client = staff_client("disclosure")
        early = client.post(url(request, "reply/"), data)
        assert "须先要求申请人说明理由（第三十五条）" in field_errors(early, "reply_outcome")
        assert fresh(request).outcome == ""
        client.post(url(request, "reasons/"), {"grounds": "本月已申请 45 件", "on": "2025-11-03"})
    # The applicant's reasons are found unreasonable: 五.4, with Art. 35 on the notice.
    with at("2025-11-10 10:00"):
        drafted_and_sent(staff_client, request, data, on="2025-11-10")
        text = notice_text(request, code)
    assert fresh(request).outcome == "5.4"
    assert "无正当理由大量反复申请" in text and "第三十五条" in text
    assert "不予处理" in text


def test_reasonable_reasons_set_a_later_reply_date_told_to_the_applicant(staff_client, county):
    request, code = received(county)
    with at(NOW):
        staff_client("disclosure").post(
            url(request, "reasons/"), {"grounds": "本月已申请 45 件", "on": "2025-11-03"}
        )
    with at("2025-11-10 10:00"):
        client = staff_client("disclosure")
        response = client.post(
            url(request, "reasons/delay/"),
            {"reasons": "为撰写村级财务公开研究报告", "due": "2025-12-12", "on": "2025-11-10"},
        )
        assert response.status_code == 302
        # Reasonable reasons: 五.4 is no longer open to the officer.
        refused = client.post(url(request, "reply/"), draft(outcome="5.4", reply_text="不予处理"))
        assert "不能再以“无正当理由大量反复申请”不予处理" in field_errors(refused, "reply_outcome")
        html, texts = applicant_view(request, code)
    request = fresh(request)
    assert request.reply_delayed_to == date(2025, 12, 12)
    assert request.reply_clock.due_date == date(2025, 12, 12)
    assert request.reply_clock.state == Clock.State.RUNNING
    notice = texts[f"延迟答复告知书-{request.number}.pdf"]
    assert "2025年12月12日之前" in notice and "第三十五条" in notice
    assert "为撰写村级财务公开研究报告" in notice
    assert "2025年12月12日" in html  # the reply deadline the applicant sees
    assert request.documents.filter(kind=RequestDocument.Kind.DELAY_NOTICE).exists()


@pytest.mark.parametrize(
    ("due", "on", "field", "message"),
    [
        ("2025-11-28", "2025-11-10", "delay_due", "须晚于现在的答复期限（2025年11月28日）"),
        ("2025-12-13", "2025-11-10", "delay_due", "须为工作日"),
        ("2025-12-12", "2025-11-01", "delay_on", "不能早于要求说明理由的日期"),
        ("", "2025-11-10", "delay_due", "请填写日期"),
    ],
)
def test_a_later_reply_date_refuses_bad_input(staff_client, county, due, on, field, message):
    request, _code = received(county)
    with at("2025-11-03 10:00"):
        staff_client("disclosure").post(
            url(request, "reasons/"), {"grounds": "本月已申请 45 件", "on": "2025-11-03"}
        )
    with at("2025-11-10 10:00"):
        response = staff_client("disclosure").post(
            url(request, "reasons/delay/"), {"reasons": "研究需要", "due": due, "on": on}
        )
    assert response.status_code == 200
    assert message in field_errors(response, field)
    assert "研究需要" in textarea(response, "reasons")
    request = fresh(request)
    assert request.reply_delayed_to is None and request.reply_clock.due_date == DUE


def test_a_later_reply_date_comes_after_asking_and_within_the_period(
    staff_client, county, other_officer
):
    request, _code = received(county)
    data = {"reasons": "研究需要", "due": "2025-12-12", "on": "2025-11-03"}
    with at(NOW):
        early = staff_client("disclosure").post(url(request, "reasons/delay/"), data, follow=True)
        assert "须先要求申请人说明理由" in page(early)
        staff_client("disclosure").post(
            url(request, "reasons/"), {"grounds": "本月已申请 45 件", "on": "2025-11-03"}
        )
        assert_forbidden(
            staff_client("nyj_disclosure").post(url(request, "reasons/delay/"), data),
            "不属于您负责的机关",
        )
    # Told after the period ran out (28 November), it is no delay: the reply is late.
    with at("2025-12-01 10:00"):
        late = staff_client("disclosure").post(
            url(request, "reasons/delay/"), {**data, "on": "2025-12-01"}
        )
        assert "延迟答复期限应在答复期限内确定并告知申请人" in field_errors(late, "delay_on")
    assert fresh(request).reply_delayed_to is None
