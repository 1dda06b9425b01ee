"""The workbench's letter queues: what waits for triage, what a department handles, the drafts
waiting for a reviewer, what is finished. Each tab is a filter over `visible_letters(user)`
(the routing scope), one query whatever the number of letters, with the reply clock's warning
written as SQL (core.clock.warning_expression) so the queue, the inbox and the letter page
agree.
"""

from __future__ import annotations

from django.db.models import Exists, F, OuterRef, Q, QuerySet
from django.db.models.lookups import StartsWith
from django.utils.translation import gettext_lazy as _

from gongkai.core.clock import warning_expression
from gongkai.core.models import Department, RoleAssignment
from gongkai.core.supervision import sees_everything
from gongkai.letters import roles
from gongkai.letters.models import Letter, ReplyDraft, ReplyReview
from gongkai.letters.queries import visible_letters
from gongkai.letters.rules import FINISHED_STATUSES, OPEN_STATUSES, Status

# The tabs in the order the page shows them: (key, label).
TABS = (
    ("triage", _("待分办")),
    ("handling", _("本部门办理")),
    ("review", _("待审核")),
    ("open", _("全部在办")),
    ("finished", _("已办结")),
)


def departments_where(user, role: str) -> QuerySet[Department]:
    """Departments at or under one where `user` holds `role`, as a subquery (a role held in a
    department covers those under it)."""
    if not (user and user.is_authenticated and user.is_active):
        return Department.objects.none()
    held = RoleAssignment.objects.filter(
        StartsWith(OuterRef("path"), F("department__path")), user=user, role=role
    )
    return Department.objects.filter(Exists(held))


def tabs_for(user) -> list[str]:
    """The tabs this user has: one per letters role held, every open letter in scope for
    triage (its mailboxes') and for those who see everything, and the finished ones for anyone
    who sees letters at all."""
    held = set(
        RoleAssignment.objects.filter(
            user=user, role__in=(roles.TRIAGE, roles.HANDLER, roles.REVIEWER)
        ).values_list("role", flat=True)
    )
    supervisor = sees_everything(user)
    keys = []
    if roles.TRIAGE in held:
        keys.append("triage")
    if held & {roles.HANDLER, roles.REVIEWER}:
        keys.append("handling")
    if roles.REVIEWER in held:
        keys.append("review")
    if supervisor or roles.TRIAGE in held:  # triage follows its mailboxes' letters to the end
        keys.append("open")
    if held or supervisor:
        keys.append("finished")
    return keys


def awaiting_triage(user) -> Q:
    """Letters of the mailboxes whose department the user triages, not yet triaged."""
    return Q(status=Status.SUBMITTED, mailbox__department__in=departments_where(user, roles.TRIAGE))


def handled_by_department(user) -> Q:
    """Open letters the user's department leads or assists (handlers and reviewers)."""
    departments = departments_where(user, roles.HANDLER) | departments_where(user, roles.REVIEWER)
    assisted = Letter.assisting.through.objects.filter(
        letter=OuterRef("pk"), department__in=departments
    )
    return Q(status__in=(Status.HANDLING, Status.REVIEW)) & (
        Q(department__in=departments) | Q(Exists(assisted))
    )


def lead_handled(user) -> Q:
    """Letters in HANDLING that the user's department leads: a reply to draft."""
    return Q(status=Status.HANDLING, department__in=departments_where(user, roles.HANDLER))


def awaiting_review(user) -> Q:
    """Letters whose draft waits for this reviewer: level 1 in the answering department (the
    draft's), level 2 in the mailbox's department, each once the level before approved."""
    reviewed = departments_where(user, roles.REVIEWER)
    level = {
        n: ReplyReview.objects.filter(draft=OuterRef("pk"), level=n, approved=True) for n in (1, 2)
    }
    in_review = ReplyDraft.objects.filter(letter=OuterRef("pk"), state=ReplyDraft.State.REVIEW)
    first = in_review.filter(~Exists(level[1]), department__in=reviewed)
    second = in_review.filter(
        Exists(level[1]),
        ~Exists(level[2]),
        levels__gte=2,
        letter__mailbox__department__in=reviewed,
    )
    return Q(status=Status.REVIEW) & (Q(Exists(first)) | Q(Exists(second)))


FILTERS = {
    "triage": awaiting_triage,
    "handling": handled_by_department,
    "review": awaiting_review,
    "open": lambda user: Q(status__in=OPEN_STATUSES),
    "finished": lambda user: Q(status__in=FINISHED_STATUSES),
}
ORDER = {
    "triage": ("received_at", "pk"),
    "finished": ("-received_at", "-pk"),
}
DUE_FIRST = (F("reply_clock__due_date").asc(nulls_last=True), "received_at", "pk")


def queue(user, tab: str, on=None) -> QuerySet[Letter]:
    """The letters of `tab`, with `warning` (the reply clock's) on each row."""
    letters = (
        visible_letters(user)
        .filter(FILTERS[tab](user))
        .select_related("mailbox", "reply_clock", "department")
        .annotate(warning=warning_expression("reply_clock", on))
    )
    return letters.order_by(*ORDER.get(tab, DUE_FIRST))


def tab_counts(user, keys: list[str]) -> dict[str, int]:
    return {key: visible_letters(user).filter(FILTERS[key](user)).count() for key in keys}
