"""Reads that views, the inbox and templates need, each with its joins done up front."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from django.conf import settings
from django.db import connection
from django.db.models import Count, F, Max, Q
from django.urls import get_script_prefix
from django.utils import timezone

from gongkai.core import pagecache
from gongkai.core.models import Department
from gongkai.core.permissions import departments_for, has_role
from gongkai.publishing import roles
from gongkai.publishing.catalogue import Category
from gongkai.publishing.models import Column, Item, SiteChange, Step, Workflow

# Before the first publish there is no SiteChange row: pages still get a stable version.
EPOCH = datetime(2000, 1, 1, tzinfo=UTC)


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


def site_changed_at(request) -> datetime:
    """When anything public last changed (SiteChange); read once per request, however many
    ask (the page cache's key, the ETag, Last-Modified)."""
    if not hasattr(request, "_gongkai_site_changed"):
        request._gongkai_site_changed = _read_site_change() or EPOCH
    return request._gongkai_site_changed


def _read_site_change() -> datetime | None:
    # Asked by every request the page cache may answer: one statement, without compiling a
    # queryset (which cost more than answering from the cache).
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT changed_at FROM {SiteChange._meta.db_table} WHERE id = 1")  # noqa: S608
        row = cursor.fetchone()
    if row is None:
        return None
    # SQLite returns text, PostgreSQL an aware datetime: the backend's own converter, where it
    # has one, gives what the ORM would.
    convert = getattr(connection.ops, "convert_datetimefield_value", None)
    return convert(row[0], None, connection) if convert else row[0]


def site_version(request) -> int:
    """The version of 政务公开's public content: its last change, in µs (the ETag's too)."""
    return version_of(site_changed_at(request))


def version_of(changed_at: datetime) -> int:
    return int(changed_at.timestamp() * 1_000_000)


PAGE_VERSION = "publishing"  # its name among the page cache's versions (core.pagecache)


def page_version(request) -> object:
    """The version the page cache keys 政务公开's pages by: SiteChange's, kept in the page cache
    so that a kept page is answered without the database; touch_site moves it on."""
    return pagecache.stored_version(PAGE_VERSION, read=lambda: site_version(request))


# (site version, script prefix, {id: column}): see public_columns.
_columns: tuple[int, str, dict[int, Column]] | None = None


def public_columns(request) -> dict[int, Column]:
    """Every column with its department and its address (`url`), by id: read once per process
    and version of the site. Columns change only through the actions that move SiteChange, so
    this map follows the same version as the page cache's key; the public pages read it for
    breadcrumbs and an item's column instead of joining or querying the columns each time.
    The map is shared by the process's threads and only read."""
    global _columns
    version, prefix = site_version(request), get_script_prefix()
    known = _columns
    if known is None or known[:2] != (version, prefix):
        columns = {c.pk: c for c in Column.objects.select_related("department")}
        for column in columns.values():
            column.url = column.get_absolute_url()
        known = _columns = (version, prefix, columns)
    return known[2]


def forget_public_columns() -> None:
    """Read the columns again on the next request (tests that roll the database back)."""
    global _columns
    _columns = None


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
