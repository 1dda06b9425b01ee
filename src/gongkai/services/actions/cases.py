"""A case on the clock, from intake to delivery (行政许可法 Art. 32, 38, 42, 45).

受理 starts two clocks from the acceptance day: the statutory limit (version.legal_days,
Art. 42) and the promised one (承诺时限). A special procedure (Art. 45) pauses both; a
one-time notice (Art. 32 (四)) stops intake review, the case waiting uncounted for the
applicant, and the supplied materials start intake review again. Each action: lock the case,
check its state and the actor, change, record the step, keep the document, audit.

Intake (submit_online, register_at_window, find_case) lives in `intake`, the extension and the
special procedures in `periods`; both are re-exported here.
"""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.utils.translation import gettext as _

from gongkai.core import actions as core_actions
from gongkai.core import audit
from gongkai.core.clock import today
from gongkai.core.errors import InvalidInput, InvalidTransition
from gongkai.core.files import CheckedFile
from gongkai.core.models import User
from gongkai.services import documents, permissions, summary
from gongkai.services.actions._shared import (
    OPEN_STATUSES,
    choice,
    lock,
    not_future,
    require_approver,
    require_handler,
    require_status,
    required,
    start_clock,
    start_intake_clock,
    step,
    stop_clock,
    store_document,
)
from gongkai.services.actions.intake import (  # noqa: F401  (the agreed home of the case actions)
    ApplicantData,
    MaterialSubmission,
    check_applicant,
    find_case,
    new_query_code,
    register_at_window,
    submit_online,
)
from gongkai.services.actions.periods import (  # noqa: F401
    end_special_procedure,
    extend_case,
    start_special_procedure,
)
from gongkai.services.models import (
    Case,
    CaseDocument,
    CaseMaterial,
    CaseStep,
    OneTimeNotice,
    ResultTemplate,
)
from gongkai.services.rules import Delivery, Result

# What close_case may end a case with (the others come from refuse_case and decide_case).
CLOSING_RESULTS = (Result.WITHDRAWN, Result.VOIDED, Result.FORWARDED)
# Results that leave a document for the applicant, so there is something to deliver.
DELIVERABLE_RESULTS = (Result.GRANTED, Result.DENIED, Result.REFUSED)
OUTSTANDING = (CaseMaterial.State.MISSING, CaseMaterial.State.DEFECTIVE)


@transaction.atomic
def assign_case(*, actor: User, case: Case, handler: User) -> Case:
    """转交经办人: another clerk or approver of the department takes the case over."""
    case = lock(case)
    require_handler(actor, case)
    require_status(case, *OPEN_STATUSES)
    if not permissions.can_handle_cases(handler, case.department):
        raise InvalidInput(_("所选人员不是本部门的窗口受理人员或审批负责人。"), "handler")
    previous = case.handler_id
    case.handler = handler
    case.save(update_fields=["handler"])
    name = handler.display_name or handler.username
    step(case, CaseStep.Action.ASSIGN, actor=actor, on=today(), opinion=name, public=False)
    audit.record(
        "services.assign", actor=actor, obj=case, data={"from": previous, "to": handler.pk}
    )
    return case


@transaction.atomic
def accept_case(*, actor: User, case: Case, opinion: str = "") -> Case:
    """受理: the materials are complete; both clocks start and the receipt is issued."""
    case = lock(case)
    require_handler(actor, case)
    require_status(case, Case.Status.SUBMITTED)
    if case.materials.filter(state__in=OUTSTANDING).exists():
        raise InvalidTransition(_("尚有缺少或不符合要求的材料，请先一次性告知申请人补正。"))
    on = today()
    stop_clock(actor, case.intake_clock, on)
    case.materials.filter(state=CaseMaterial.State.PROVIDED).update(
        state=CaseMaterial.State.ACCEPTED
    )
    version = case.version
    case.accepted_on = on
    case.legal_clock = start_clock(
        actor, case, _("法定办结时限（%(number)s）"), on, version.legal_days
    )
    case.promised_clock = start_clock(
        actor, case, _("承诺办结时限（%(number)s）"), on, version.promised_days
    )
    case.status = Case.Status.REVIEW
    case.handler = case.handler or actor
    case.save(update_fields=["accepted_on", "legal_clock", "promised_clock", "status", "handler"])
    document = store_document(actor, case, CaseDocument.Kind.RECEIPT, documents.receipt_pdf(case))
    step(
        case,
        CaseStep.Action.ACCEPT,
        actor=actor,
        on=on,
        opinion=(opinion or "").strip(),
        document=document,
    )
    audit.record(
        "services.accept",
        actor=actor,
        obj=case,
        data={
            "on": on,
            "legal_due": case.legal_clock.due_date if case.legal_clock else None,
            "promised_due": case.promised_clock.due_date if case.promised_clock else None,
        },
    )
    return case


@transaction.atomic
def refuse_case(*, actor: User, case: Case, reason: str) -> Case:
    """不予受理 (Art. 32): in writing, with the reason and the remedy; the case is finished."""
    case = lock(case)
    require_handler(actor, case)
    require_status(case, Case.Status.SUBMITTED)
    reason = required(reason, "reason", _("请填写不予受理的理由。"), 2000)
    on = today()
    stop_clock(actor, case.intake_clock, on)
    case.result, case.result_reason = Result.REFUSED, reason
    case.status, case.completed_on = Case.Status.COMPLETED, on
    case.save(update_fields=["result", "result_reason", "status", "completed_on"])
    summary.refresh(summary.case_days(case))
    document = store_document(actor, case, CaseDocument.Kind.REFUSAL, documents.refusal_pdf(case))
    step(case, CaseStep.Action.REFUSE, actor=actor, on=on, opinion=reason, document=document)
    audit.record("services.refuse", actor=actor, obj=case, data={"on": on, "reason": reason})
    return case


@transaction.atomic
def send_one_time_notice(
    *, actor: User, case: Case, problems: dict[int, str], note: str = ""
) -> OneTimeNotice:
    """一次性告知 (Art. 32 (四)): every missing or defective material in one notice. Intake
    review stops; the case waits for the applicant, uncounted. A material still missing from
    the application is always in the notice, even if the clerk did not write it down."""
    case = lock(case)
    require_handler(actor, case)
    require_status(case, Case.Status.SUBMITTED)
    rows = {row.pk: row for row in case.materials.all()}
    for pk, problem in problems.items():
        if pk not in rows:
            raise InvalidInput(_("所列材料不属于此办件。"), "problems")
        required(problem, f"problem_{pk}", _("请写明该材料需要补正的内容。"), 300)
    listed = [row for row in rows.values() if row.pk in problems or row.state in OUTSTANDING]
    if not listed:
        raise InvalidInput(_("请至少列出一项需要补正的材料。"), "problems")
    note = (note or "").strip()
    lines = []
    for number, row in enumerate(listed, start=1):
        row.problem = (problems.get(row.pk) or "").strip() or _("未提交该材料，请补充提交。")
        if row.state != CaseMaterial.State.MISSING:
            row.state = CaseMaterial.State.DEFECTIVE
        row.save(update_fields=["problem", "state"])
        lines.append(f"{number}. {row.name}：{row.problem}")
    on = today()
    stop_clock(actor, case.intake_clock, on)
    notice = OneTimeNotice.objects.create(
        case=case,
        issued_on=on,
        issued_by=actor,
        content="\n".join(lines + ([note] if note else [])),
    )
    case.status = Case.Status.AWAITING_APPLICANT
    case.save(update_fields=["status"])
    pdf = documents.one_time_notice_pdf(case, notice)
    document = store_document(actor, case, CaseDocument.Kind.ONE_TIME_NOTICE, pdf)
    step(
        case,
        CaseStep.Action.ONE_TIME_NOTICE,
        actor=actor,
        on=on,
        opinion=notice.content,
        document=document,
    )
    audit.record(
        "services.one_time_notice",
        actor=actor,
        obj=case,
        data={"on": on, "materials": [row.pk for row in listed]},
    )
    return notice


@transaction.atomic
def supply_materials(
    *, case: Case, files: dict[int, CheckedFile], actor: User | None = None
) -> Case:
    """补齐材料: the applicant online (no actor) or a clerk at the window hands in everything
    the notice asked for; the notice is answered and intake review starts again that day."""
    case = lock(case)
    if actor is not None:
        require_handler(actor, case)
    require_status(case, Case.Status.AWAITING_APPLICANT)
    outstanding = list(case.materials.filter(state__in=OUTSTANDING))
    wanted = {row.pk for row in outstanding}
    if not files.keys() <= wanted:
        raise InvalidInput(_("所交材料不在一次性告知书所列范围内。"), "files")
    for row in outstanding:
        if row.pk not in files:
            raise InvalidInput(
                _("请补交“%(name)s”：%(problem)s") % {"name": row.name, "problem": row.problem},
                f"material_{row.pk}",
            )
    for row in outstanding:
        row.upload = core_actions.store_upload(actor=actor, checked=files[row.pk])
        row.state = CaseMaterial.State.PROVIDED
        row.save(update_fields=["upload", "state"])
    on = today()
    case.notices.filter(answered_on__isnull=True).update(answered_on=on)
    # The old intake clock stays stopped (it is the record of the first review); a new one counts.
    case.intake_clock = start_intake_clock(actor, case, on)
    case.status = Case.Status.SUBMITTED
    case.save(update_fields=["intake_clock", "status"])
    names = "、".join(row.name for row in outstanding)
    step(case, CaseStep.Action.SUPPLIED, actor=actor, on=on, opinion=names)
    audit.record(
        "services.supply",
        actor=actor,
        obj=case,
        actor_label="" if actor else "applicant",
        data={"on": on, "materials": sorted(wanted), "intake_due": case.intake_clock.due_date},
    )
    return case


@transaction.atomic
def review_case(*, actor: User, case: Case, opinion: str) -> Case:
    """审查（一审）: the handler's opinion; the case goes to the approver."""
    case = lock(case)
    require_handler(actor, case)
    require_status(case, Case.Status.REVIEW)
    opinion = required(opinion, "opinion", _("请填写审查意见。"), 2000)
    case.status = Case.Status.DECISION
    case.save(update_fields=["status"])
    step(case, CaseStep.Action.REVIEW, actor=actor, on=today(), opinion=opinion)
    audit.record("services.review", actor=actor, obj=case, data={"opinion": opinion})
    return case


def _stop_all(actor, case: Case, on: date) -> None:
    for clock in (case.intake_clock, case.legal_clock, case.promised_clock):
        stop_clock(actor, clock, on)


@transaction.atomic
def decide_case(*, actor: User, case: Case, grant: bool, opinion: str, reason: str = "") -> Case:
    """决定（一核）: grant (出证, a certificate number and the result document) or deny
    (不予许可 with its reasons and the remedy, Art. 38); the case is 办结."""
    case = lock(case)
    require_approver(actor, case)
    require_status(case, Case.Status.DECISION)
    opinion = required(opinion, "opinion", _("请填写审批意见。"), 2000)
    on = today()
    if grant:
        template = ResultTemplate.objects.filter(item_id=case.item_id).first()
        prefix = template.certificate_prefix if template else ""
        case.result, case.certificate_number = Result.GRANTED, f"{prefix}{case.number}"
    else:
        reason = required(reason, "reason", _("不予许可的，请写明理由。"), 2000)
        case.result, case.result_reason = Result.DENIED, reason
    _stop_all(actor, case, on)
    case.status, case.completed_on = Case.Status.COMPLETED, on
    case.save(
        update_fields=["result", "result_reason", "certificate_number", "status", "completed_on"]
    )
    summary.refresh(summary.case_days(case))
    if grant:
        kind, pdf = CaseDocument.Kind.RESULT, documents.result_pdf(case)
    else:
        kind, pdf = CaseDocument.Kind.DENIAL, documents.denial_pdf(case)
    document = store_document(actor, case, kind, pdf)
    step(case, CaseStep.Action.DECIDE, actor=actor, on=on, opinion=opinion, document=document)
    step(case, CaseStep.Action.COMPLETE, actor=actor, on=on, opinion=str(case.get_result_display()))
    audit.record(
        "services.decide",
        actor=actor,
        obj=case,
        data={
            "result": case.result,
            "certificate": case.certificate_number,
            "reason": case.result_reason,
            "on": on,
        },
    )
    return case


@transaction.atomic
def close_case(*, actor: User, case: Case, result: str, reason: str) -> Case:
    """办结 without a decision: 退件 (withdrawn, or materials never completed), 作废, 转报."""
    case = lock(case)
    require_handler(actor, case)
    require_status(case, *OPEN_STATUSES)
    if result not in CLOSING_RESULTS:
        raise InvalidInput(_("请选择退件、作废或转报。"), "result")
    reason = required(reason, "reason", _("请填写办结的理由。"), 2000)
    on = today()
    _stop_all(actor, case, on)
    case.special_procedures.filter(ended_on__isnull=True).update(ended_on=on)
    case.result, case.result_reason = result, reason
    case.status, case.completed_on = Case.Status.COMPLETED, on
    case.save(update_fields=["result", "result_reason", "status", "completed_on"])
    summary.refresh(summary.case_days(case))
    step(case, CaseStep.Action.COMPLETE, actor=actor, on=on, opinion=reason)
    audit.record("services.close", actor=actor, obj=case, data={"result": result, "reason": reason})
    return case


@transaction.atomic
def deliver_case(*, actor: User, case: Case, method: str, on: date, note: str = "") -> Case:
    """送达: the result (or the refusal) reaches the applicant, in person, by post or online."""
    case = lock(case)
    require_handler(actor, case)
    require_status(case, Case.Status.COMPLETED)
    if case.result not in DELIVERABLE_RESULTS:
        raise InvalidTransition(_("此办件没有需要送达的文书。"))
    choice(method, Delivery, "method", _("请选择送达方式。"))
    not_future(on)
    if on < case.completed_on:
        raise InvalidInput(_("送达日期不能早于办结日期。"), "on")
    note = (note or "").strip()
    if len(note) > 200:
        raise InvalidInput(_("内容过长：不能超过 %(n)d 个字。") % {"n": 200}, "note")
    case.status, case.delivered_on, case.delivery_note = Case.Status.DELIVERED, on, note
    case.delivery = method
    case.save(update_fields=["status", "delivered_on", "delivery_note", "delivery"])
    label = Delivery(method).label
    step(
        case,
        CaseStep.Action.DELIVER,
        actor=actor,
        on=on,
        opinion=f"{label}：{note}" if note else str(label),
    )
    audit.record(
        "services.deliver",
        actor=actor,
        obj=case,
        data={"method": method, "on": on, "note": note},
    )
    return case
