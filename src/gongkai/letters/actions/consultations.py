"""意见征集 (重大行政决策 预公开, 《重大行政决策程序暂行条例》第十四条): a department's
consultation editor opens a draft for public comment over a period of at least
consultation_min_days(); visitors comment while it is open; each comment is moderated before
the public sees it (shown with personal information masked, or kept: counted and answered in
the report, never shown); after the period the department answers every comment (adopted, or
not and why), publishes the feedback report (采纳情况), and links the policy finally published
by its 索引号.

"Closed" is a date, not an action: a published consultation whose closes_on has passed is
closed (`phase`); the stored state moves only when a person acts (published, reported).

Each action: lock the row, check the state and the actor, change, audit, move the public
pages' version when they show something new, in one transaction.
"""

from __future__ import annotations

from datetime import date

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import dateformat, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gongkai.core import actions as core_actions
from gongkai.core import audit, pagecache, pii, references
from gongkai.core.clock import today
from gongkai.core.errors import InvalidInput, InvalidTransition
from gongkai.core.files import CheckedFile
from gongkai.core.models import Department, User
from gongkai.letters import permissions
from gongkai.letters.actions._shared import optional, required
from gongkai.letters.apps import PAGE_VERSION
from gongkai.letters.models import Comment, Consultation
from gongkai.letters.rules import CommentStatus, consultation_min_days

State = Consultation.State
TITLE_LIMIT = 200
EXPLANATION_LIMIT = 10000
DRAFT_LIMIT = 100000  # a draft regulation in full
NAME_LIMIT = 50  # Comment.author_name
COMMENT_LIMIT = 3000
RESPONSE_LIMIT = 2000
FEEDBACK_LIMIT = 10000
INDEX_LIMIT = 60  # Consultation.final_index_number


class Phase:
    """Where a consultation stands on a given day, as the pages show it."""

    DRAFT = "draft"
    UPCOMING = "upcoming"  # published, the period not begun
    OPEN = "open"
    CLOSED = "closed"  # the period is over, the report not yet published
    REPORTED = "reported"

    LABELS = {
        DRAFT: gettext_lazy("未发布"),
        UPCOMING: gettext_lazy("即将开始"),
        OPEN: gettext_lazy("征集中"),
        CLOSED: gettext_lazy("已结束"),
        REPORTED: gettext_lazy("已反馈"),
    }


def phase(consultation: Consultation, on: date | None = None) -> str:
    """The consultation's phase on `on` (today by the Clock): closed once closes_on passed."""
    if consultation.state != State.OPEN:
        return Phase.REPORTED if consultation.state == State.REPORTED else Phase.DRAFT
    on = on or today()
    if on < consultation.opens_on:
        return Phase.UPCOMING
    if on > consultation.closes_on:
        return Phase.CLOSED
    return Phase.OPEN


def phase_label(consultation: Consultation, on: date | None = None) -> str:
    return str(Phase.LABELS[phase(consultation, on)])


def running(on: date | None = None) -> QuerySet:
    """Published consultations whose period has not ended (open now or about to open)."""
    return Consultation.objects.filter(state=State.OPEN, closes_on__gte=on or today())


def finished(on: date | None = None) -> QuerySet:
    """Published consultations whose period has ended, reported or not."""
    ended = Q(state=State.OPEN, closes_on__lt=on or today())
    return Consultation.objects.filter(ended | Q(state=State.REPORTED))


def may_manage(user, consultation: Consultation) -> bool:
    """The consultation editors of its department (or of a department above it)."""
    return permissions.can_run_consultations(user, consultation.department)


def may_moderate(user, consultation: Consultation) -> bool:
    """The moderators (county-wide) and the consultation's own editors."""
    return permissions.can_moderate(user) or may_manage(user, consultation)


def day(value: date) -> str:
    return dateformat.format(value, "Y年n月j日")


# ---------------------------------------------------------------- checks


def _lock(consultation: Consultation) -> Consultation:
    """The row, locked until the transaction ends (no joins: PostgreSQL refuses FOR UPDATE on
    the nullable side of one)."""
    return Consultation.objects.select_for_update().get(pk=consultation.pk)


def _require_editor(actor: User | None, department: Department) -> None:
    if actor is None or not permissions.can_run_consultations(actor, department):
        raise PermissionDenied(_("只有本部门的意见征集管理人员可以办理此项。"))


def _require_state(consultation: Consultation, *states: str) -> None:
    if consultation.state not in states:
        raise InvalidTransition(
            _("意见征集当前状态为“%(state)s”，不能办理此项。")
            % {"state": phase_label(consultation)}
        )


def _require_ended(consultation: Consultation) -> None:
    if phase(consultation) != Phase.CLOSED:
        raise InvalidTransition(
            _("征集期限至 %(date)s 结束，结束后才能办理此项。")
            % {"date": day(consultation.closes_on)}
        )


def check_period(opens_on: date | None, closes_on: date | None) -> None:
    """The comment period: both dates given, at least consultation_min_days() long."""
    if not isinstance(opens_on, date):
        raise InvalidInput(_("请填写开始日期。"), "opens_on")
    if not isinstance(closes_on, date):
        raise InvalidInput(_("请填写截止日期。"), "closes_on")
    days = consultation_min_days()
    if (closes_on - opens_on).days < days:
        earliest = date.fromordinal(opens_on.toordinal() + days)
        raise InvalidInput(
            _(
                "征集期限不能少于 %(days)d 日：开始日期为 %(opens)s 时，截止日期不能早于 %(earliest)s。"
            )
            % {"days": days, "opens": day(opens_on), "earliest": day(earliest)},
            "closes_on",
        )


def _no_personal_data(text: str, field: str) -> str:
    """What the department writes for the public carries no personal data: refused rather than
    masked, so that the writer chooses the words the public reads."""
    found = pii.scan(text)
    if found:
        raise InvalidInput(
            _("内容含有个人信息（%(kind)s），请删除后再提交。") % {"kind": found[0].label}, field
        )
    return text


def _texts(title: str, explanation: str, draft_text: str) -> dict:
    return {
        "title": required(title, "title", _("请填写标题。"), TITLE_LIMIT),
        "explanation": required(
            explanation, "explanation", _("请填写起草说明。"), EXPLANATION_LIMIT
        ),
        "draft_text": required(draft_text, "draft_text", _("请填写草案全文。"), DRAFT_LIMIT),
    }


# ---------------------------------------------------------------- the draft


@transaction.atomic
def create_consultation(
    *,
    actor: User,
    department: Department,
    title: str,
    explanation: str,
    draft_text: str,
    opens_on: date,
    closes_on: date,
    draft_file: CheckedFile | None = None,
) -> Consultation:
    """A new consultation, not yet public, by a consultation editor of `department`."""
    if not isinstance(department, Department):
        raise InvalidInput(_("请选择征集部门。"), "department")
    _require_editor(actor, department)
    texts = _texts(title, explanation, draft_text)
    check_period(opens_on, closes_on)
    upload = core_actions.store_upload(actor=actor, checked=draft_file) if draft_file else None
    consultation = Consultation.objects.create(
        department=department,
        opens_on=opens_on,
        closes_on=closes_on,
        draft_file=upload,
        created_by=actor,
        **texts,
    )
    audit.record(
        "letters.consultation.create",
        actor=actor,
        obj=consultation,
        data={"department": department.pk, "opens_on": opens_on, "closes_on": closes_on},
    )
    return consultation


@transaction.atomic
def update_consultation(
    *,
    actor: User,
    consultation: Consultation,
    title: str,
    explanation: str,
    draft_text: str,
    opens_on: date,
    closes_on: date,
    draft_file: CheckedFile | None = None,
) -> Consultation:
    """Edit a consultation while it is not yet public; a file given replaces the draft's."""
    consultation = _lock(consultation)
    _require_editor(actor, consultation.department)
    _require_state(consultation, State.DRAFT)
    texts = _texts(title, explanation, draft_text)
    check_period(opens_on, closes_on)
    for name, value in texts.items():
        setattr(consultation, name, value)
    consultation.opens_on, consultation.closes_on = opens_on, closes_on
    fields = [*texts, "opens_on", "closes_on"]
    if draft_file is not None:
        consultation.draft_file = core_actions.store_upload(actor=actor, checked=draft_file)
        fields.append("draft_file")
    consultation.save(update_fields=fields)
    audit.record(
        "letters.consultation.update",
        actor=actor,
        obj=consultation,
        data={"opens_on": opens_on, "closes_on": closes_on, "file": draft_file is not None},
    )
    return consultation


@transaction.atomic
def publish_consultation(*, actor: User, consultation: Consultation) -> Consultation:
    """发布: the draft goes public; comments are taken from opens_on to closes_on. The whole
    period must still lie ahead, so the public gets every day of it."""
    consultation = _lock(consultation)
    _require_editor(actor, consultation.department)
    _require_state(consultation, State.DRAFT)
    check_period(consultation.opens_on, consultation.closes_on)
    if consultation.opens_on < today():
        raise InvalidInput(
            _("开始日期 %(date)s 已过，请修改征集期限后再发布。")
            % {"date": day(consultation.opens_on)},
            "opens_on",
        )
    consultation.state, consultation.published_at = State.OPEN, timezone.now()
    consultation.save(update_fields=["state", "published_at"])
    audit.record("letters.consultation.publish", actor=actor, obj=consultation)
    pagecache.change_version(PAGE_VERSION)
    return consultation


# ---------------------------------------------------------------- comments


@transaction.atomic
def submit_comment(*, consultation: Consultation, author_name: str, body: str) -> Comment:
    """A visitor's comment, taken from opens_on to closes_on (both included, by the Clock's
    day) and held for moderation."""
    consultation = Consultation.objects.select_for_update().get(pk=consultation.pk)
    current = phase(consultation)
    if current == Phase.UPCOMING:
        raise InvalidTransition(
            _("意见征集将于 %(date)s 开始，届时才能提交意见。")
            % {"date": day(consultation.opens_on)}
        )
    if current != Phase.OPEN:
        raise InvalidTransition(_("意见征集已经结束，不再接收意见。"))
    author_name = required(author_name, "author_name", _("请填写姓名。"), NAME_LIMIT)
    body = required(body, "body", _("请填写您的意见。"), COMMENT_LIMIT)
    comment = Comment.objects.create(
        consultation=consultation,
        author_name=author_name,
        body=body,
        submitted_at=timezone.now(),
        status=CommentStatus.PENDING,
    )
    # The text stays out of the audit trail: it may hold what its writer should not have typed.
    audit.record(
        "letters.consultation.comment",
        obj=comment,
        actor_label="visitor",
        data={"length": len(body)},
    )
    return comment


def _lock_comment(comment: Comment) -> tuple[Comment, Consultation]:
    comment = Comment.objects.select_for_update().get(pk=comment.pk)
    consultation = Consultation.objects.select_related("department").get(pk=comment.consultation_id)
    return comment, consultation


@transaction.atomic
def moderate_comment(*, actor: User, comment: Comment, show: bool) -> Comment:
    """审核: shown to the public with personal information masked (checked again after
    masking), or kept (counted and answered in the report, not shown). A decision may be
    changed until the report is published."""
    comment, consultation = _lock_comment(comment)
    if not may_moderate(actor, consultation):
        raise PermissionDenied(_("只有留言审核人员或本部门的意见征集管理人员可以审核意见。"))
    _require_state(consultation, State.OPEN)
    if not isinstance(show, bool):
        raise InvalidInput(_("请选择是否公开此意见。"), "show")
    before = comment.status
    if show:
        masked = pii.mask(comment.body)
        if pii.scan(masked):  # never trust the masking without checking its result
            raise InvalidTransition(_("意见中的个人信息未能全部遮盖，不能公开，请选择不公开。"))
        comment.status, comment.body_public = CommentStatus.SHOWN, masked
    else:
        comment.status, comment.body_public = CommentStatus.KEPT, ""
    comment.save(update_fields=["status", "body_public"])
    audit.record(
        "letters.consultation.moderate",
        actor=actor,
        obj=comment,
        data={"from": before, "to": comment.status},
    )
    if CommentStatus.SHOWN in (before, comment.status):
        pagecache.change_version(PAGE_VERSION)
    return comment


@transaction.atomic
def respond_to_comment(*, actor: User, comment: Comment, adopted: bool, response: str) -> Comment:
    """采纳情况 of one comment, after the period and before the report: adopted (and how), or
    not adopted and why; it may be changed until the report is published."""
    comment, consultation = _lock_comment(comment)
    _require_editor(actor, consultation.department)
    _require_state(consultation, State.OPEN)
    _require_ended(consultation)
    if not isinstance(adopted, bool):
        raise InvalidInput(_("请选择是否采纳。"), "adopted")
    missing = _("请写明采纳情况。") if adopted else _("请写明不予采纳的理由。")
    response = _no_personal_data(
        required(response, "response", missing, RESPONSE_LIMIT), "response"
    )
    comment.adopted, comment.response = adopted, response
    comment.save(update_fields=["adopted", "response"])
    audit.record(
        "letters.consultation.respond", actor=actor, obj=comment, data={"adopted": adopted}
    )
    return comment


# ---------------------------------------------------------------- the report


def report_counts(comments) -> dict:
    """What the report says in numbers: comments received, adopted, not adopted, shown."""
    rows = list(comments)
    return {
        "received": len(rows),
        "adopted": sum(1 for c in rows if c.adopted is True),
        "not_adopted": sum(1 for c in rows if c.adopted is False),
        "shown": sum(1 for c in rows if c.status == CommentStatus.SHOWN),
    }


@transaction.atomic
def publish_feedback(*, actor: User, consultation: Consultation, feedback: str) -> Consultation:
    """反馈: after the period, with every comment moderated and answered, the report goes
    public: the summary here, each comment's adoption and reason on the comment."""
    consultation = _lock(consultation)
    _require_editor(actor, consultation.department)
    _require_state(consultation, State.OPEN)
    _require_ended(consultation)
    feedback = _no_personal_data(
        required(feedback, "feedback", _("请填写意见采纳情况说明。"), FEEDBACK_LIMIT), "feedback"
    )
    comments = Comment.objects.filter(consultation=consultation)
    pending = comments.filter(status=CommentStatus.PENDING).count()
    if pending:
        raise InvalidInput(
            _("还有 %(n)d 条意见未审核，请先审核全部意见。") % {"n": pending}, "feedback"
        )
    unanswered = comments.filter(adopted__isnull=True).count()
    if unanswered:
        raise InvalidInput(
            _("还有 %(n)d 条意见未填写采纳情况，每条意见都要说明是否采纳及理由。")
            % {"n": unanswered},
            "feedback",
        )
    consultation.state, consultation.feedback = State.REPORTED, feedback
    consultation.reported_at = timezone.now()
    consultation.save(update_fields=["state", "feedback", "reported_at"])
    audit.record(
        "letters.consultation.report",
        actor=actor,
        obj=consultation,
        data=report_counts(comments),
    )
    pagecache.change_version(PAGE_VERSION)
    return consultation


@transaction.atomic
def link_final_policy(
    *, actor: User, consultation: Consultation, index_number: str
) -> Consultation:
    """The policy finally published, by its 索引号 (found among the live published items),
    named on the draft's page and in its report."""
    consultation = _lock(consultation)
    _require_editor(actor, consultation.department)
    _require_state(consultation, State.REPORTED)
    number = required(index_number, "index_number", _("请填写正式文件的索引号。"), INDEX_LIMIT)
    found = references.resolve(number)
    if found is None:
        raise InvalidInput(
            _("找不到索引号为“%(n)s”的已发布信息，请核对后再填写。") % {"n": number},
            "index_number",
        )
    before = consultation.final_index_number
    consultation.final_index_number = optional(found.index_number, "index_number", INDEX_LIMIT)
    consultation.save(update_fields=["final_index_number"])
    audit.record(
        "letters.consultation.final_policy",
        actor=actor,
        obj=consultation,
        data={"from": before, "to": consultation.final_index_number},
    )
    pagecache.change_version(PAGE_VERSION)
    return consultation
