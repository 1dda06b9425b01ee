"""Reads that views, the inbox and templates need, each with its joins done up front."""

from __future__ import annotations

from datetime import date, timedelta

from django.conf import settings
from django.db.models import Count, F, Max, Q
from django.utils import timezone

from gongkai.core.models import Department
from gongkai.core.permissions import departments_for, has_role
from gongkai.publishing import roles
from gongkai.publishing.catalogue import Category
from gongkai.publishing.models import Column, Item, Step, Workflow


def steps_waiting_for(user):
    """Pending review steps this user may decide, oldest first."""
    condition = Q(pk__in=[])
    for level, role in (
        (Step.Level.CHIEF_EDITOR, roles.CHIEF_EDITOR),
        (Step.Level.EDITOR_IN_CHIEF, roles.EDITOR_IN_CHIEF),
    ):
        departments = departments_for(user, role)
        condition |= Q(level=level, workflow__item__column__department__in=departments)
    if has_role(user, roles.OFFICE_REVIEWER):
        condition |= Q(level=Step.Level.OFFICE)
    return (
        Step.objects.filter(
            condition, state=Step.State.PENDING, workflow__state=Workflow.State.IN_PROGRESS
        )
        .select_related("revision", "workflow__item__column", "workflow__started_by")
        .order_by("pending_since")
    )


def _editor_items(user):
    return Item.objects.filter(column__department__in=departments_for(user, roles.EDITOR))


def rejected_for(user):
    """Items of my columns whose last review was sent back and not yet resubmitted."""
    last_state = {}
    for item_id, state in (
        Workflow.objects.filter(item__in=_editor_items(user))
        .order_by("item_id", "started_at", "id")
        .values_list("item_id", "state")
    ):
        last_state[item_id] = state  # ordered by time: the last one wins
    ids = [pk for pk, state in last_state.items() if state == Workflow.State.REJECTED]
    return (
        Item.objects.filter(pk__in=ids)
        .exclude(status=Item.Status.WITHDRAWN)
        .select_related("latest_revision", "column")
    )


def after_review_for(user):
    """Emergency publications waiting for review after the fact."""
    departments = departments_for(user, roles.CHIEF_EDITOR) | departments_for(
        user, roles.EDITOR_IN_CHIEF
    )
    return Item.objects.filter(
        needs_after_review=True, column__department__in=departments
    ).select_related("live_revision", "column")


def drafts_for(user):
    """My columns' items whose latest revision is not live and not in review."""
    in_review = Workflow.objects.filter(state=Workflow.State.IN_PROGRESS).values("item_id")
    return (
        _editor_items(user)
        .exclude(status=Item.Status.WITHDRAWN)
        .exclude(latest_revision=F("live_revision"))
        .exclude(pk__in=in_review)
        .select_related("latest_revision", "column")
        .order_by("-updated_at")
    )


def in_review_for(user):
    return (
        _editor_items(user)
        .filter(workflows__state=Workflow.State.IN_PROGRESS)
        .select_related("latest_revision", "column")
        .order_by("-updated_at")
    )


def public_items():
    """What the public may see: published, with the live revision and column joined."""
    return Item.objects.filter(status=Item.Status.PUBLISHED).select_related(
        "live_revision", "column__department"
    )


def latest_by_column(columns, per_column: int = 6) -> dict[int, list[Item]]:
    result = {}
    for column in columns:
        result[column.pk] = list(
            public_items().filter(column=column).order_by("-published_at")[:per_column]
        )
    return result


def column_health(now=None):
    """Each list column's last update against its interval (国办秘函〔2019〕19号 indicators)."""
    now = now or timezone.now()
    columns = (
        Column.objects.filter(kind=Column.Kind.LIST)
        .select_related("department")
        .annotate(
            last_update=Max(
                "items__last_published_at", filter=Q(items__status=Item.Status.PUBLISHED)
            ),
            published=Count("items", filter=Q(items__status=Item.Status.PUBLISHED)),
        )
        .order_by("path")
    )
    rows = []
    for column in columns:
        if column.update_interval_days:
            limit = column.update_interval_days
        elif column.is_news:
            limit = settings.NEWS_STALE_DAYS
        else:
            limit = settings.POLICY_STALE_DAYS
        stale = column.last_update is None or column.last_update < now - timedelta(days=limit)
        rows.append(
            {"column": column, "limit_days": limit, "empty": column.published == 0, "stale": stale}
        )
    return rows


# 条例 Art. 49: an agency publishes its report on the year before by 31 January; the
# government's (本级政府) by 31 March.
AGENCY_REPORT_DUE = (1, 31)
GOVERNMENT_REPORT_DUE = (3, 31)


def annual_report_gaps(on: date) -> list[dict]:
    """The 政府信息公开年报 columns without a published report on the year before `on`
    (from 1 January): an item whose title names that year ("2025年"). Each with the day it
    is due (a government's column: 31 March; an agency's: 31 January) and whether it is late."""
    year = on.year - 1
    columns = (
        Column.objects.filter(category=Category.ANNUAL_REPORT, kind=Column.Kind.LIST)
        .select_related("department")
        .annotate(
            has_report=Count(
                "items",
                filter=Q(
                    items__status=Item.Status.PUBLISHED,
                    items__live_revision__title__contains=f"{year}年",
                ),
            )
        )
        .order_by("path")
    )
    rows = []
    for column in columns:
        if column.has_report:
            continue
        government = column.department.kind == Department.Kind.GOVERNMENT or (
            column.department.parent_id is None
        )
        month, day = GOVERNMENT_REPORT_DUE if government else AGENCY_REPORT_DUE
        due = date(on.year, month, day)
        rows.append({"column": column, "year": year, "due": due, "late": on > due})
    return rows


def home_last_update():
    return Item.objects.filter(status=Item.Status.PUBLISHED).aggregate(
        last=Max("last_published_at")
    )["last"]
