"""村务公开 reads: a township's villages with their latest, one village's three columns, and
which villages have not published their finances within a quarter (the health panel).

The columns are found by `Column.village_part`, set by actions.set_up_village.
"""

from __future__ import annotations

from datetime import date, timedelta

from django.db.models import F, Max, Q, Window
from django.db.models.functions import RowNumber
from django.utils import timezone

from gongkai.publishing.finance import QUARTER_DAYS
from gongkai.publishing.models import Column, Item, VillagePart
from gongkai.publishing.queries import public_items

LATEST_PER_VILLAGE = 3  # on the township's page: each village's newest items
LATEST_PER_COLUMN = 5  # on a village's page: each of its three columns' newest items


def _ranked(items, partition: str, per_group: int, key) -> dict[int, list[Item]]:
    """The newest `per_group` items of each group (`partition` names the group's id, `key`
    reads it from an item), in one query: a window over the groups."""
    ranked = (
        items.annotate(
            rank=Window(
                RowNumber(),
                partition_by=[F(partition)],
                order_by=[F("published_at").desc(), F("pk").desc()],
            )
        )
        .filter(rank__lte=per_group)
        .order_by("rank")
    )
    groups: dict[int, list[Item]] = {}
    for item in ranked:
        groups.setdefault(key(item), []).append(item)
    return groups


def township_page(section: Column, context: dict) -> tuple[str, dict]:
    """A township's 村务公开: each village, a link to its page and its newest items."""
    villages = [c for c in context["children"] if c.village_part == VillagePart.VILLAGE]
    latest = _ranked(
        public_items().filter(column__parent__in=villages),
        "column__parent_id",
        LATEST_PER_VILLAGE,
        key=lambda item: item.column.parent_id,
    )
    rows = [{"column": village, "items": latest.get(village.pk, [])} for village in villages]
    return "publishing/villages.html", {**context, "villages": rows}


def village_page(section: Column, context: dict) -> tuple[str, dict]:
    """One village: its 党务公开, 村务公开 and 财务公开, each with its newest items; the
    newest 财务公开 table's totals are read from the item already loaded (no extra query)."""
    columns = [c for c in context["children"] if c.kind != Column.Kind.LINK]
    latest = _ranked(
        public_items().filter(column__in=columns),
        "column_id",
        LATEST_PER_COLUMN,
        key=lambda item: item.column_id,
    )
    parts = []
    for column in columns:
        items = latest.get(column.pk, [])
        table = None
        if column.village_part == VillagePart.FINANCE and items:
            table = items[0].live_revision.finance_table
        parts.append({"column": column, "items": items, "table": table})
    return "publishing/village.html", {**context, "parts": parts}


def section_page(section: Column, context: dict) -> tuple[str, dict]:
    """The template and context of a 村务公开 section (township's or a village's); `context`
    is the column page's, with the section's `children` in order."""
    if section.village_part == VillagePart.VILLAGES:
        return township_page(section, context)
    return village_page(section, context)


def finance_health(on: date, departments: set[int] | None) -> list[dict]:
    """Each village's 财务公开 column (in `departments`, None: all) with the day its newest
    item was first published; stale when that is more than a quarter before `on`, or never
    (《村民委员会组织法》第三十条: 至少每季度公布一次)."""
    columns = (
        Column.objects.filter(village_part=VillagePart.FINANCE)
        .select_related("department")
        .annotate(last=Max("items__published_at", filter=Q(items__status=Item.Status.PUBLISHED)))
        .order_by("path")
    )
    if departments is not None:
        columns = columns.filter(department__in=departments)
    since = on - timedelta(days=QUARTER_DAYS)
    rows = []
    for column in columns:
        last = timezone.localdate(column.last) if column.last else None
        rows.append(
            {
                "column": column,
                "village": column.department,
                "last": last,
                "never": last is None,
                "stale": last is None or last < since,
            }
        )
    return rows
