"""A case of 政务服务 from the application to delivery: online with a one-time notice, at the
window after a 首问 hand-over, refused, closed; every wrong step refused with the case as it
was; the case found again only by its number and query code."""

from __future__ import annotations

import re

import pytest
from django.core.exceptions import PermissionDenied

from gongkai.core.errors import InvalidInput, InvalidTransition
from gongkai.core.models import AuditEvent, Clock
from gongkai.services import actions
from gongkai.services.models import Case, CaseDocument, CaseMaterial, CaseStep
from gongkai.services.rules import Channel, Delivery, Result
from tests.pages import at
from tests.services_cases import (
    CERTIFICATE_PREFIX,
    Window,
    materials_of,
    organisation,
    pdf,
    person,
    published_item,
    submissions,
)

pytestmark = pytest.mark.django_db
A = CaseStep.Action


@pytest.fixture
def window(county):
    return Window(county)


@pytest.fixture
def item(window):
    return published_item(window.department)


def fresh(case: Case) -> Case:
    return Case.objects.get(pk=case.pk)


def steps(case: Case) -> list[str]:
    return list(case.steps.values_list("action", flat=True))


def audited(case: Case) -> list[str]:
    events = AuditEvent.objects.filter(object_type="services.case", object_id=str(case.pk))
    return list(events.order_by("seq").values_list("action", flat=True))


def documents(case: Case) -> list[str]:
    return list(case.documents.values_list("kind", flat=True))


def test_an_online_case_goes_from_a_missing_material_to_delivery(window, item):
    with at("2025-09-19 09:30"):
        case, code = actions.submit_online(
            item=item, data=organisation(), materials=submissions(item, skip=1)
        )
    assert re.fullmatch(r"ZW2025\d{6}", case.number)
    assert re.fullmatch(r"[0-9A-Z]{4}(-[0-9A-Z]{4}){3}", code)
    assert code.replace("-", "") not in case.query_code_hash
    assert case.status == Case.Status.SUBMITTED and case.channel == Channel.ONLINE
    assert case.version == item.current and case.department == window.department
    form, plan = case.materials.order_by("id")
    assert (form.state, plan.state) == (CaseMaterial.State.PROVIDED, CaseMaterial.State.MISSING)
    assert form.upload is not None and plan.upload is None
    assert case.materials.count() == 2  # the conditional 授权委托书 was not asked for

    with at("2025-09-22 10:00"), pytest.raises(InvalidTransition, match="一次性告知"):
        actions.accept_case(actor=window.clerk, case=case)
    with at("2025-09-22 10:00"):
        notice = actions.send_one_time_notice(
            actor=window.clerk, case=case, problems={form.pk: "申请表未加盖公章。"}
        )
    case = fresh(case)
    assert case.status == Case.Status.AWAITING_APPLICANT
    assert "申请表未加盖公章" in notice.content and plan.name in notice.content
    form.refresh_from_db()
    assert form.state == CaseMaterial.State.DEFECTIVE

    # Everything the notice listed must come in together; half of it changes nothing.
    with at("2025-09-24 10:00"), pytest.raises(InvalidInput) as refused:
        actions.supply_materials(case=case, files={plan.pk: pdf()})
    assert refused.value.field == f"material_{form.pk}"
    assert fresh(case).status == Case.Status.AWAITING_APPLICANT
    with at("2025-09-24 10:00"):
        actions.supply_materials(case=case, files={plan.pk: pdf(), form.pk: pdf("b.pdf", "b")})
    case = fresh(case)
    assert case.status == Case.Status.SUBMITTED
    assert set(case.materials.values_list("state", flat=True)) == {CaseMaterial.State.PROVIDED}
    notice.refresh_from_db()
    assert str(notice.answered_on) == "2025-09-24"

    with at("2025-09-25 10:00"):
        actions.accept_case(actor=window.clerk, case=case, opinion="材料齐全，予以受理。")
        actions.review_case(actor=window.clerk, case=case, opinion="经现场核查，符合条件。")
    with at("2025-09-26 10:00"):
        actions.decide_case(actor=window.approver, case=case, grant=True, opinion="同意发证。")
    case = fresh(case)
    assert case.status == Case.Status.COMPLETED and case.result == Result.GRANTED
    assert case.certificate_number == f"{CERTIFICATE_PREFIX}{case.number}"
    assert str(case.accepted_on) == "2025-09-25" and str(case.completed_on) == "2025-09-26"
    assert {c.state for c in (case.legal_clock, case.promised_clock)} == {Clock.State.STOPPED}
    assert set(case.materials.values_list("state", flat=True)) == {CaseMaterial.State.ACCEPTED}

    with at("2025-09-29 10:00"):
        actions.deliver_case(
            actor=window.clerk, case=case, method=Delivery.POST, on=case.completed_on, note="EMS"
        )
    case = fresh(case)
    assert case.status == Case.Status.DELIVERED and str(case.delivered_on) == "2025-09-26"
    assert steps(case) == [
        A.SUBMIT,
        A.ONE_TIME_NOTICE,
        A.SUPPLIED,
        A.ACCEPT,
        A.REVIEW,
        A.DECIDE,
        A.COMPLETE,
        A.DELIVER,
    ]
    assert documents(case) == [
        CaseDocument.Kind.ONE_TIME_NOTICE,
        CaseDocument.Kind.RECEIPT,
        CaseDocument.Kind.RESULT,
    ]
    decided = case.steps.get(action=A.DECIDE)
    assert decided.actor == window.approver and decided.opinion == "同意发证。"
    assert decided.document.kind == CaseDocument.Kind.RESULT
    assert audited(case) == [
        "services.submit",
        "services.one_time_notice",
        "services.supply",
        "services.accept",
        "services.review",
        "services.decide",
        "services.deliver",
    ]


def test_a_walk_in_is_recorded_by_the_first_contact_handed_over_and_registered(window, item):
    with at("2025-10-09 09:00"):
        inquiry = actions.record_inquiry(
            actor=window.clerk2,
            via="walk_in",
            name="李四",
            question="办理动物防疫条件合格证需要什么材料？",
            phone="13900139000",
            item=item,
        )
    assert inquiry.first_contact == inquiry.owner == window.clerk2
    with at("2025-10-09 09:10"):
        actions.hand_over_inquiry(
            actor=window.clerk2, inquiry=inquiry, to=window.clerk, note="转农业窗口"
        )
    inquiry.refresh_from_db()
    assert inquiry.owner == window.clerk and inquiry.first_contact == window.clerk2
    assert inquiry.handed_at is not None
    hand_over = AuditEvent.objects.get(action="services.inquiry_hand_over")
    assert hand_over.data["from"] == window.clerk2.pk and hand_over.data["to"] == window.clerk.pk

    with at("2025-10-09 09:30"):
        case, code = actions.register_at_window(
            actor=window.clerk,
            item=item,
            data=person(),
            materials=submissions(item, paper=True),
            inquiry=inquiry,
        )
    assert case.inquiry == inquiry and case.handler == window.clerk
    assert case.registered_by == window.clerk and case.channel == Channel.WINDOW
    assert all(row.paper for row in case.materials.all())
    inquiry.refresh_from_db()
    assert inquiry.closed_at is None  # registering closes nothing: the owner answers it
    assert steps(case) == [A.REGISTER] and audited(case) == ["services.register"]
    assert actions.find_case(case.number, code) == case

    with at("2025-10-10 09:00"):
        actions.accept_case(actor=window.clerk, case=case)
        actions.review_case(actor=window.clerk, case=case, opinion="场所不符合布局要求。")
        with pytest.raises(InvalidInput) as missing:
            actions.decide_case(actor=window.approver, case=case, grant=False, opinion="不同意。")
        assert missing.value.field == "reason"
        actions.decide_case(
            actor=window.approver,
            case=case,
            grant=False,
            opinion="不同意。",
            reason="生产区与生活区未分开，不符合《动物防疫条件审查办法》第五条。",
        )
    case = fresh(case)
    assert case.result == Result.DENIED and "第五条" in case.result_reason
    assert case.certificate_number == ""
    assert documents(case) == [CaseDocument.Kind.RECEIPT, CaseDocument.Kind.DENIAL]


def test_a_refused_application_is_finished_with_its_notice_and_can_be_delivered(window, item):
    with at("2025-09-19 09:30"):
        case, _code = actions.submit_online(
            item=item, data=organisation(), materials=submissions(item)
        )
        with pytest.raises(InvalidInput):
            actions.refuse_case(actor=window.clerk, case=case, reason="  ")
        actions.refuse_case(actor=window.clerk, case=case, reason="不属于本部门职权范围。")
    case = fresh(case)
    assert case.status == Case.Status.COMPLETED and case.result == Result.REFUSED
    assert case.intake_clock.state == Clock.State.STOPPED
    assert case.legal_clock is None and case.accepted_on is None
    assert documents(case) == [CaseDocument.Kind.REFUSAL]
    with at("2025-09-22 09:30"):
        actions.deliver_case(
            actor=window.clerk, case=case, method=Delivery.ELECTRONIC, on=case.completed_on
        )
    assert fresh(case).status == Case.Status.DELIVERED


def test_a_closed_case_stops_its_clocks_and_has_nothing_to_deliver(window, item):
    with at("2025-09-19 09:30"):
        case, _code = actions.submit_online(
            item=item, data=organisation(), materials=submissions(item)
        )
        actions.accept_case(actor=window.clerk, case=case)
        with pytest.raises(InvalidInput) as wrong:
            actions.close_case(actor=window.clerk, case=case, result=Result.GRANTED, reason="x")
        assert wrong.value.field == "result"
        actions.close_case(
            actor=window.clerk, case=case, result=Result.WITHDRAWN, reason="申请人撤回申请。"
        )
        case = fresh(case)
        assert case.result == Result.WITHDRAWN and case.status == Case.Status.COMPLETED
        assert {c.state for c in (case.intake_clock, case.legal_clock, case.promised_clock)} == {
            Clock.State.STOPPED
        }
        with pytest.raises(InvalidTransition):
            actions.deliver_case(
                actor=window.clerk, case=case, method=Delivery.POST, on=case.completed_on
            )


def _case_in(status: str, window, item) -> Case:
    """A case brought to `status` through the actions."""
    case, _code = actions.submit_online(item=item, data=organisation(), materials=submissions(item))
    if status == Case.Status.AWAITING_APPLICANT:
        row = case.materials.first()
        actions.send_one_time_notice(actor=window.clerk, case=case, problems={row.pk: "不清晰"})
    if status in (Case.Status.REVIEW, Case.Status.DECISION, Case.Status.COMPLETED):
        actions.accept_case(actor=window.clerk, case=case)
    if status in (Case.Status.DECISION, Case.Status.COMPLETED):
        actions.review_case(actor=window.clerk, case=case, opinion="符合条件。")
    if status == Case.Status.COMPLETED:
        actions.decide_case(actor=window.approver, case=case, grant=True, opinion="同意。")
    return fresh(case)


WRONG_STEPS = [
    (Case.Status.SUBMITTED, "review", lambda w, c: actions.review_case(actor=w.clerk, case=c, opinion="x")),
    (Case.Status.SUBMITTED, "decide", lambda w, c: actions.decide_case(actor=w.approver, case=c, grant=True, opinion="x")),
    (Case.Status.SUBMITTED, "supply", lambda w, c: actions.supply_materials(case=c, files={})),
    (Case.Status.SUBMITTED, "extend", lambda w, c: actions.extend_case(actor=w.approver, case=c, reason="x")),
    (Case.Status.SUBMITTED, "deliver", lambda w, c: actions.deliver_case(actor=w.clerk, case=c, method=Delivery.POST, on=c.submitted_at.date())),
    (Case.Status.AWAITING_APPLICANT, "accept", lambda w, c: actions.accept_case(actor=w.clerk, case=c)),
    (Case.Status.AWAITING_APPLICANT, "notice", lambda w, c: actions.send_one_time_notice(actor=w.clerk, case=c, problems={})),
    (Case.Status.REVIEW, "accept", lambda w, c: actions.accept_case(actor=w.clerk, case=c)),
    (Case.Status.REVIEW, "refuse", lambda w, c: actions.refuse_case(actor=w.clerk, case=c, reason="x")),
    (Case.Status.REVIEW, "decide", lambda w, c: actions.decide_case(actor=w.approver, case=c, grant=True, opinion="x")),
    (Case.Status.DECISION, "review", lambda w, c: actions.review_case(actor=w.clerk, case=c, opinion="x")),
    (Case.Status.COMPLETED, "close", lambda w, c: actions.close_case(actor=w.clerk, case=c, result=Result.VOIDED, reason="x")),
    (Case.Status.COMPLETED, "special", lambda w, c: actions.start_special_procedure(actor=w.clerk, case=c, kind="hearing", on=c.completed_on)),
    (Case.Status.COMPLETED, "assign", lambda w, c: actions.assign_case(actor=w.clerk, case=c, handler=w.clerk2)),
]  # fmt: skip


@pytest.mark.parametrize(("status", "name", "attempt"), WRONG_STEPS)
def test_a_step_not_allowed_in_the_state_is_refused_and_changes_nothing(
    window, item, status, name, attempt
):
    with at("2025-09-19 09:30"):
        case = _case_in(status, window, item)
        before = (steps(case), audited(case))
        with pytest.raises(InvalidTransition):
            attempt(window, case)
    assert fresh(case).status == status
    assert (steps(case), audited(case)) == before


def test_the_wrong_person_is_refused(window, item):
    with at("2025-09-19 09:30"):
        case = _case_in(Case.Status.SUBMITTED, window, item)
        with pytest.raises(PermissionDenied):
            actions.accept_case(actor=window.stranger, case=case)
        with pytest.raises(PermissionDenied):
            actions.register_at_window(
                actor=window.stranger, item=item, data=person(), materials=[]
            )
        actions.accept_case(actor=window.clerk, case=case)
        actions.review_case(actor=window.clerk, case=case, opinion="符合。")
        with pytest.raises(PermissionDenied):
            actions.decide_case(actor=window.clerk, case=case, grant=True, opinion="同意。")
    assert fresh(case).status == Case.Status.DECISION


def test_a_handler_is_assigned_only_from_the_department(window, item):
    with at("2025-09-19 09:30"):
        case = _case_in(Case.Status.SUBMITTED, window, item)
        with pytest.raises(InvalidInput) as wrong:
            actions.assign_case(actor=window.clerk, case=case, handler=window.stranger)
        assert wrong.value.field == "handler"
        actions.assign_case(actor=window.clerk, case=case, handler=window.clerk2)
    assert fresh(case).handler == window.clerk2
    assert not case.steps.get(action=A.ASSIGN).public


def test_a_case_is_found_only_by_its_number_and_its_code(window, item):
    with at("2025-09-19 09:30"):
        case, code = actions.submit_online(
            item=item, data=organisation(), materials=submissions(item)
        )
        other, other_code = actions.submit_online(
            item=item, data=person(), materials=submissions(item)
        )
    assert int(other.number[-6:]) == int(case.number[-6:]) + 1
    assert actions.find_case(case.number, code) == case
    assert actions.find_case(f" {case.number.lower()} ", code.lower().replace("-", " ")) == case
    for number, guess in [
        (case.number, other_code),
        (other.number, code),
        (case.number, ""),
        ("", code),
        ("ZW2025999999", code),
        (case.number, code[:-1] + ("0" if code[-1] != "0" else "1")),
    ]:
        assert actions.find_case(number, guess) is None


def test_numbers_start_again_each_year(window, item):
    with at("2031-01-02 09:30"):
        case, _code = actions.submit_online(
            item=item, data=organisation(), materials=submissions(item)
        )
    assert case.number == "ZW2031000001"


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"applicant_type": "robot"}, "applicant_type"),
        ({"applicant_name": " "}, "applicant_name"),
        ({"id_number": "91520000MA6DXY123A"}, "id_number"),
        ({"id_type": "resident_id"}, "id_type"),
        ({"legal_representative": ""}, "legal_representative"),
        ({"phone": "12345"}, "phone"),
        ({"email": "no-at-sign"}, "email"),
        ({"delivery": Delivery.POST, "address": ""}, "address"),
    ],
)
def test_bad_applicant_data_is_refused_next_to_its_field(window, item, overrides, field):
    with pytest.raises(InvalidInput) as refused:
        actions.submit_online(item=item, data=organisation(**overrides), materials=[])
    assert refused.value.field == field
    assert not Case.objects.filter(item=item).exists()


def test_materials_must_be_the_items_own_and_the_item_must_take_online_applications(
    window, item, county
):
    other = published_item(window.department, code="T-OTHER-2")
    with pytest.raises(InvalidInput) as foreign:
        actions.submit_online(item=item, data=person(), materials=submissions(other))
    assert foreign.value.field == "materials"
    twice = submissions(item)
    with pytest.raises(InvalidInput, match="重复"):
        actions.submit_online(item=item, data=person(), materials=twice + twice[:1])
    paper = [actions.MaterialSubmission(material=materials_of(item)[0], paper=True)]
    with pytest.raises(InvalidInput):
        actions.submit_online(item=item, data=person(), materials=paper)
    window_only = published_item(window.department, code="T-WINDOW-3", online=False)
    with pytest.raises(InvalidTransition):
        actions.submit_online(item=window_only, data=person(), materials=[])
    window_only.current = None
    window_only.save(update_fields=["current"])
    with pytest.raises(InvalidTransition):
        actions.register_at_window(
            actor=window.clerk, item=window_only, data=person(), materials=[]
        )
    assert not Case.objects.filter(item__in=[item, window_only]).exists()


def test_the_window_supplies_materials_for_the_applicant_and_a_stranger_may_not(window, item):
    with at("2025-09-19 09:30"):
        case, _code = actions.submit_online(
            item=item, data=organisation(), materials=submissions(item, skip=0)
        )
        actions.send_one_time_notice(actor=window.clerk, case=case, problems={})
        missing = case.materials.get(state=CaseMaterial.State.MISSING)
        with pytest.raises(PermissionDenied):
            actions.supply_materials(case=case, files={missing.pk: pdf()}, actor=window.stranger)
        with pytest.raises(InvalidInput):
            actions.supply_materials(case=case, files={missing.pk + 10**6: pdf()})
        actions.supply_materials(case=case, files={missing.pk: pdf()}, actor=window.clerk2)
    supplied = fresh(case).steps.get(action=A.SUPPLIED)
    assert supplied.actor == window.clerk2 and missing.name in supplied.opinion
    assert fresh(case).status == Case.Status.SUBMITTED
