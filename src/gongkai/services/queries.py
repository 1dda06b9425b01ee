"""What the window's pages read: the queues with their deadline warnings, who may take a case
or an inquiry, each as one query whatever the number of cases.

A queue is a filter over the cases of the departments where the user handles cases (a role
held in a department covers those under it: a subquery, so that a list stays one query); the
warnings are core.clock's rule written as SQL (warning_expression), so the list, the inbox and
the case page always agree.
"""

from __future__ import annotations

from datetime import date

from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet
from django.db.models.lookups import StartsWith
from django.utils.translation import gettext_lazy as _

from gongkai.core.clock import Warning, warning_expression
from gongkai.core.models import Department, RoleAssignment, User
from gongkai.services import roles
from gongkai.services.models import Case, Inquiry, ServiceItem
from gongkai.services.rules import Result

# Results after which nothing is left to do but filing (no delivery of a decision).
NOTHING_TO_DELIVER = (Result.WITHDRAWN, Result.VOIDED, Result.FORWARDED)
OPEN_STATES = (
    Case.Status.SUBMITTED,
    Case.Status.AWAITING_APPLICANT,
    Case.Status.REVIEW,
    Case.Status.DECISION,
    Case.Status.SPECIAL,
)
# The clocks a case may be late on: the one-time notice (intake), the promise, the law.
CLOCKS = ("intake_clock", "promised_clock", "legal_clock")
HANDLER_ROLES = (roles.WINDOW_CLERK, roles.APPROVER)

# The queue's tabs in the order the page shows them: (key, label).
TABS = (
    ("intake", _("窗口待受理")),
    ("mine", _("我的办件")),
    ("decision", _("待我决定")),
    ("due_soon", _("即将到期")),
    ("overdue", _("已超期")),
    ("awaiting", _("待申请人补正")),
)


def _departments_where(user, *held: str) -> QuerySet[Department]:
    """Departments at or under one where `user` holds one of `held`, as a subquery (nothing
    read until the list that filters on it is)."""
    if not (user and user.is_authenticated and user.is_active):
        return Department.objects.none()
    assignments = RoleAssignment.objects.filter(
        StartsWith(OuterRef("path"), F("department__path")), user=user, role__in=held
    )
    return Department.objects.filter(Exists(assignments))


def handled_departments(user) -> QuerySet[Department]:
    """Departments whose cases `user` handles: window clerk or approver there or above."""
    return _departments_where(user, *HANDLER_ROLES)


def decided_departments(user) -> QuerySet[Department]:
    """Departments whose cases `user` decides (一核): approver there or above."""
    return _departments_where(user, roles.APPROVER)


def with_warnings(queryset: QuerySet, on: date) -> QuerySet:
    """Each case's warning on each of its clocks, in the query (a missing clock: stopped)."""
    return queryset.annotate(
        **{f"{clock}_warning": warning_expression(clock, on) for clock in CLOCKS}
    )


def _any_clock(level: Warning) -> Q:
    found = Q()
    for clock in CLOCKS:
        found |= Q(**{f"{clock}_warning": level.value})
    return found


def tab_filters(user, *, decides: bool) -> dict[str, Q]:
    """The condition of each tab over the user's cases annotated by `with_warnings`."""
    open_case = Q(status__in=OPEN_STATES)
    return {
        "intake": Q(status=Case.Status.SUBMITTED),
        "mine": Q(handler=user)
        & ~Q(status=Case.Status.DELIVERED)
        & ~Q(result__in=NOTHING_TO_DELIVER),
        "decision": Q(status=Case.Status.DECISION) if decides else Q(pk__in=[]),
        "due_soon": open_case & _any_clock(Warning.DUE_SOON) & ~_any_clock(Warning.OVERDUE),
        "overdue": open_case & _any_clock(Warning.OVERDUE),
        "awaiting": Q(status=Case.Status.AWAITING_APPLICANT),
    }


def cases_of(user) -> QuerySet[Case]:
    """Every case of the departments where `user` handles cases."""
    return Case.objects.filter(department__in=handled_departments(user))


def queue(user, tab: str, on: date, *, decides: bool) -> QuerySet:
    """The cases of one tab, most urgent first, with what a row shows."""
    filters = tab_filters(user, decides=decides)
    queryset = with_warnings(cases_of(user), on).filter(filters[tab])
    if tab == "decision":
        queryset = queryset.filter(department__in=decided_departments(user))
    return queryset.select_related("version", "handler", "department", *CLOCKS).order_by(
        F("promised_clock__due_date").asc(nulls_last=True),
        F("intake_clock__due_date").asc(nulls_last=True),
        "submitted_at",
        "pk",
    )


def tab_counts(user, on: date, *, decides: bool) -> dict[str, int]:
    """How many cases each tab holds, in one query."""
    filters = tab_filters(user, decides=decides)
    if decides:
        filters["decision"] &= Q(department__in=decided_departments(user))
    return with_warnings(cases_of(user), on).aggregate(
        **{key: Count("pk", filter=condition) for key, condition in filters.items()}
    )


def handlers_for(department: Department) -> QuerySet:
    """Who may be given a case of (or an inquiry about) `department`: its window clerks and
    approvers, and those of a department above it."""
    users = RoleAssignment.objects.filter(
        role__in=HANDLER_ROLES, department_id__in=department.ancestor_ids()
    ).values("user_id")
    return User.objects.filter(pk__in=users, is_active=True).order_by("display_name", "username")


def all_window_staff() -> QuerySet:
    """Everyone at a window: the hand-over of a question about no particular item."""
    users = RoleAssignment.objects.filter(role__in=HANDLER_ROLES).values("user_id")
    return User.objects.filter(pk__in=users, is_active=True).order_by("display_name", "username")


def registrable_items(user) -> QuerySet:
    """Published items of the departments where `user` handles cases, by department."""
    return (
        ServiceItem.objects.filter(department__in=handled_departments(user), current__isnull=False)
        .select_related("department", "current")
        .order_by("department__path", "current__name", "code")
    )


def open_inquiries(user) -> QuerySet:
    return (
        Inquiry.objects.filter(owner=user, closed_at__isnull=True)
        .select_related("item__current", "first_contact")
        .order_by("created_at", "pk")
    )
