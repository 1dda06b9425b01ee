"""差评整改 and 申诉 (国办发〔2019〕51号 (十一), (十三); GB/T 39734-2020 8): a bad rating opens a
rectification on two clocks, its owner verifies, contacts the applicant, rectifies or explains
and answers; the applicant says whether satisfied. A staff member may appeal a rating as
mistaken or malicious; a supervisor decides, and an upheld appeal leaves the rating out of
the statistics and ends its rectification.

Each action: lock the row, check the state and the actor, change, audit, in one transaction.
"""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gongkai.core import actions as core_actions
from gongkai.core import audit, pagecache, pii
from gongkai.core.clock import today
from gongkai.core.errors import InvalidInput, InvalidTransition
from gongkai.core.models import Clock, RoleAssignment, User
from gongkai.core.permissions import has_role
from gongkai.core.roles import SUPERVISOR
from gongkai.services import permissions, roles, summary
from gongkai.services.actions._shared import choice, not_future, required, stop_clock
from gongkai.services.apps import PAGE_VERSION
from gongkai.services.models import Appeal, Case, Evaluation, Rectification

State = Rectification.State
TEXT_LIMIT = 2000
# How the owner reached the applicant (the form's choices; the action takes any short text).
CONTACT_METHODS = ("电话", "短信", "上门", "当面", "其他")
# Before the answer the owner may still add to what was found.
BEFORE_ANSWER = (State.OPEN, State.CONTACTED)


def is_supervisor(user) -> bool:
    """督查人员: county-wide, whichever office holds the role."""
    return has_role(user, SUPERVISOR)


def rating_day(evaluation: Evaluation) -> date:
    return timezone.localdate(evaluation.rated_at)


def _lock(rectification: Rectification) -> Rectification:
    """The row, locked until the transaction ends (no joins: PostgreSQL refuses FOR UPDATE on
    the nullable side of one)."""
    return Rectification.objects.select_for_update().get(pk=rectification.pk)


def _require_owner(actor: User | None, rectification: Rectification) -> None:
    if actor is None or not actor.is_active or actor.pk != rectification.owner_id:
        raise PermissionDenied(_("只有此差评的整改责任人可以办理此项。"))


def _require_state(rectification: Rectification, *states: str) -> None:
    if rectification.state not in states:
        raise InvalidTransition(
            _("整改当前状态为“%(state)s”，不能办理此项。")
            % {"state": rectification.get_state_display()}
        )


def _owner_for(case: Case) -> User:
    """Whoever handled the case, while still able to handle its department's cases; else the
    department's first window clerk (then an approver, then someone above the department)."""
    handler = case.handler
    if handler is not None and permissions.can_handle_cases(handler, case.department):
        return handler
    assignments = RoleAssignment.objects.filter(
        role__in=(roles.WINDOW_CLERK, roles.APPROVER),
        department_id__in=case.department.ancestor_ids(),
        user__is_active=True,
    ).select_related("user", "department")
    ranked = sorted(
        assignments,
        key=lambda a: (a.role != roles.WINDOW_CLERK, -a.department.depth, a.pk),
    )
    if not ranked:
        raise InvalidTransition(_("此办件所属部门没有窗口受理人员，无法指定整改责任人。"))
    return ranked[0].user


def _start(rectification: Rectification, purpose: str, day: date, days: int) -> Clock | None:
    """A clock on the rectification (none for a limit of 0: nothing to count)."""
    if days <= 0:
        return None
    return core_actions.start_clock(
        actor=None, purpose=purpose, start=day, days=days, subject=rectification
    )


@transaction.atomic
def open_rectification(evaluation: Evaluation) -> Rectification:
    """A bad rating opens its rectification: owned by the case's handler, the contact and
    answer clocks counted in working days from the rating day."""
    if not evaluation.is_bad:
        raise InvalidTransition(_("只有差评需要整改。"))
    if Rectification.objects.filter(evaluation=evaluation).exists():
        raise InvalidTransition(_("此差评已有整改记录。"))
    case = Case.objects.select_related("handler", "department").get(pk=evaluation.case_id)
    owner = _owner_for(case)
    rectification = Rectification.objects.create(evaluation=evaluation, owner=owner)
    day = rating_day(evaluation)
    rectification.contact_clock = _start(
        rectification,
        _("差评回访期限（%(number)s）") % {"number": case.number},
        day,
        settings.SERVICES_RECTIFY_CONTACT_DAYS,
    )
    rectification.answer_clock = _start(
        rectification,
        _("差评整改答复期限（%(number)s）") % {"number": case.number},
        day,
        settings.SERVICES_RECTIFY_ANSWER_DAYS,
    )
    rectification.save(update_fields=["contact_clock", "answer_clock"])
    audit.record(
        "services.rectification_open",
        obj=rectification,
        data={
            "case": case.number,
            "grade": evaluation.grade,
            "owner": owner.pk,
            "contact_due": getattr(rectification.contact_clock, "due_date", None),
            "answer_due": getattr(rectification.answer_clock, "due_date", None),
        },
    )
    return rectification


@transaction.atomic
def verify_rectification(
    *, actor: User, rectification: Rectification, verification: str
) -> Rectification:
    """核实: the owner records what the case's record and the staff involved show."""
    rectification = _lock(rectification)
    _require_owner(actor, rectification)
    _require_state(rectification, *BEFORE_ANSWER)
    verification = required(
        verification, "verification", _("请填写核实情况。"), max_length=TEXT_LIMIT
    )
    rectification.verification = verification
    rectification.save(update_fields=["verification"])
    audit.record("services.rectification_verify", actor=actor, obj=rectification)
    return rectification


@transaction.atomic
def record_contact(
    *, actor: User, rectification: Rectification, on: date, method: str, note: str
) -> Rectification:
    """回访: the owner reached the applicant (when, how, what was said); the contact clock stops."""
    rectification = _lock(rectification)
    _require_owner(actor, rectification)
    _require_state(rectification, State.OPEN)
    not_future(on)
    evaluation = Evaluation.objects.get(pk=rectification.evaluation_id)
    if on < rating_day(evaluation):
        raise InvalidInput(_("联系日期不能早于评价日期。"), "on")
    method = required(method, "method", _("请选择联系方式。"), max_length=50)
    note = required(note, "note", _("请填写联系情况。"), max_length=TEXT_LIMIT)
    rectification.state = State.CONTACTED
    rectification.contacted_on, rectification.contact_method = on, method
    rectification.contact_note = note
    rectification.save(update_fields=["state", "contacted_on", "contact_method", "contact_note"])
    stop_clock(actor, _clock(rectification.contact_clock_id), on)
    audit.record(
        "services.rectification_contact",
        actor=actor,
        obj=rectification,
        data={"on": on, "method": method},
    )
    return rectification


def _clock(pk: int | None) -> Clock | None:
    return Clock.objects.get(pk=pk) if pk is not None else None


def _public_answer(answer: str) -> str:
    """The answer with personal information masked, checked again: a masking that leaves
    something the scanner finds is refused rather than published."""
    masked = pii.mask(answer)
    if pii.scan(masked):
        raise InvalidInput(_("答复内容含有无法自动遮盖的个人信息，请删除后再提交。"), "answer")
    return masked


@transaction.atomic
def answer_rectification(
    *, actor: User, rectification: Rectification, outcome: str, answer: str
) -> Rectification:
    """整改答复: rectified or explained, in words the public page may show (masked); the
    answer clock stops."""
    rectification = _lock(rectification)
    _require_owner(actor, rectification)
    _require_state(rectification, State.CONTACTED)
    choice(outcome, Rectification.Outcome, "outcome", _("请选择处理结果。"))
    answer = required(answer, "answer", _("请填写答复内容。"), max_length=TEXT_LIMIT)
    on = today()
    rectification.state, rectification.outcome = State.ANSWERED, outcome
    rectification.answer, rectification.answer_public = answer, _public_answer(answer)
    rectification.answered_on = on
    rectification.save(update_fields=["state", "outcome", "answer", "answer_public", "answered_on"])
    summary.refresh(summary.rating_days(rectification.evaluation, rectification))
    stop_clock(actor, _clock(rectification.answer_clock_id), on)
    audit.record(
        "services.rectification_answer",
        actor=actor,
        obj=rectification,
        data={"outcome": outcome, "on": on},
    )
    pagecache.change_version(PAGE_VERSION)
    return rectification


@transaction.atomic
def applicant_reply(*, rectification: Rectification, satisfied: bool) -> Rectification:
    """The applicant, on the progress page, says whether the answer satisfies them; the
    rectification ends either way (a dissatisfied reply stays on the record)."""
    rectification = _lock(rectification)
    _require_state(rectification, State.ANSWERED)
    if not isinstance(satisfied, bool):
        raise InvalidInput(_("请选择是否满意。"), "satisfied")
    rectification.state, rectification.applicant_satisfied = State.CLOSED, satisfied
    rectification.applicant_replied_at = timezone.now()
    rectification.save(update_fields=["state", "applicant_satisfied", "applicant_replied_at"])
    audit.record(
        "services.rectification_reply",
        obj=rectification,
        actor_label="applicant",
        data={"satisfied": satisfied},
    )
    return rectification


# ---------------------------------------------------------------- 申诉


def may_appeal(user, evaluation: Evaluation, rectification: Rectification | None) -> bool:
    """The rectification's owner or the case's handler."""
    if not (user and user.is_authenticated and user.is_active):
        return False
    if rectification is not None and rectification.owner_id == user.pk:
        return True
    return evaluation.handler_id == user.pk


@transaction.atomic
def raise_appeal(*, actor: User, evaluation: Evaluation, ground: str, statement: str) -> Appeal:
    """申诉: the rating is said to be mistaken or malicious; one open appeal at a time."""
    evaluation = Evaluation.objects.select_for_update().get(pk=evaluation.pk)
    rectification = Rectification.objects.filter(evaluation=evaluation).first()
    if not may_appeal(actor, evaluation, rectification):
        raise PermissionDenied(_("只有整改责任人或办件经办人可以对此评价提出申诉。"))
    if not evaluation.is_bad:
        raise InvalidTransition(_("只能对差评提出申诉。"))
    if evaluation.excluded:
        raise InvalidTransition(_("此评价已经申诉成立，不计入统计。"))
    if Appeal.objects.filter(evaluation=evaluation, decided_at__isnull=True).exists():
        raise InvalidTransition(_("此评价已有待复核的申诉，请等待督查人员复核。"))
    choice(ground, Appeal.Ground, "ground", _("请选择申诉理由。"))
    statement = required(statement, "statement", _("请填写申诉说明。"), max_length=TEXT_LIMIT)
    appeal = Appeal.objects.create(
        evaluation=evaluation,
        ground=ground,
        statement=statement,
        raised_by=actor,
        raised_at=timezone.now(),
    )
    audit.record("services.appeal_raise", actor=actor, obj=appeal, data={"ground": ground})
    return appeal


@transaction.atomic
def decide_appeal(*, actor: User, appeal: Appeal, upheld: bool, decision: str) -> Appeal:
    """申诉复核 by a supervisor (not the one who appealed). Upheld: the rating stays but leaves
    the statistics, and its rectification ends with both clocks stopped. Rejected: nothing
    else changes."""
    appeal = Appeal.objects.select_for_update().get(pk=appeal.pk)
    if not is_supervisor(actor):
        raise PermissionDenied(_("申诉须由督查人员复核。"))
    if actor.pk == appeal.raised_by_id:
        raise PermissionDenied(_("不能复核自己提出的申诉。"))
    if appeal.decided_at is not None:
        raise InvalidTransition(_("此申诉已经复核。"))
    if not isinstance(upheld, bool):
        raise InvalidInput(_("请选择申诉是否成立。"), "upheld")
    decision = required(decision, "decision", _("请填写复核意见。"), max_length=TEXT_LIMIT)
    appeal.decided_by, appeal.decided_at = actor, timezone.now()
    appeal.upheld, appeal.decision = upheld, decision
    appeal.save(update_fields=["decided_by", "decided_at", "upheld", "decision"])
    if upheld:
        _exclude(actor, appeal.evaluation_id)
    audit.record(
        "services.appeal_decide",
        actor=actor,
        obj=appeal,
        data={"upheld": upheld, "evaluation": appeal.evaluation_id},
    )
    pagecache.change_version(PAGE_VERSION)
    return appeal


def _exclude(actor: User, evaluation_id: int) -> None:
    """The rating leaves the statistics; its rectification, if still going, ends."""
    evaluation = Evaluation.objects.select_for_update().get(pk=evaluation_id)
    evaluation.excluded = True
    evaluation.save(update_fields=["excluded"])
    rectification = Rectification.objects.select_for_update().filter(evaluation=evaluation)
    rectification = rectification.first()
    summary.refresh(summary.rating_days(evaluation, rectification))
    if rectification is None:
        return
    on = today()
    for pk in (rectification.contact_clock_id, rectification.answer_clock_id):
        stop_clock(actor, _clock(pk), on)
    if rectification.state != State.CLOSED:
        rectification.state = State.CLOSED
        rectification.save(update_fields=["state"])
