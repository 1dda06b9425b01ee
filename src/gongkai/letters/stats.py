"""政民互动's public statistics: per mailbox or per lead department, month by month.

What each figure counts (《政府网站与政务新媒体检查指标》 asks for letters received and answered
to be published; the average time tells a reader what to expect):

- received: letters received in the month (来信时间, the local day), whatever became of them;
- answered: letters whose reply was sent in the month (答复日期);
- on time: of those, the ones sent on or before the reply clock's due date (an approved
  extension moved it; a letter handled again after 不满意 counts its second clock);
- average working days: from acceptance (受理日期) to the reply (答复日期), counted on the
  core calendar, over the answered letters.

Grouped by department, a letter counts with its lead department (主办); letters not yet
assigned are grouped under no department. Every figure is a grouped aggregate: four queries
whatever the number of letters (and two for the calendar).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from django.db.models import Count, F, Q
from django.utils.translation import gettext as _

from gongkai.core.models import Department
from gongkai.core.periods import bounds, first_days, month_key, working_day_ordinals
from gongkai.letters.models import Letter, Mailbox

BY = ("mailbox", "department")
COUNTS = ("received", "answered", "on_time", "days_used", "timed")


@dataclass
class Figures:
    """One row: a group's (or a month's, or the total's) figures."""

    key: object  # the mailbox's or department's id (None: not assigned yet), a month, "total"
    label: str = ""
    month: date | None = None
    received: int = 0
    answered: int = 0
    on_time: int = 0
    days_used: int = 0  # working days from acceptance to reply, summed
    timed: int = 0  # the answered letters with an acceptance date: the average's count

    @property
    def on_time_rate(self) -> float | None:
        """A percentage with one decimal, None when nothing was answered (shown as a dash)."""
        return round(100 * self.on_time / self.answered, 1) if self.answered else None

    @property
    def average_days(self) -> float | None:
        return round(self.days_used / self.timed, 1) if self.timed else None

    def add(self, other: Figures) -> None:
        for name in COUNTS:
            setattr(self, name, getattr(self, name) + getattr(other, name))


def monthly(start: date, end: date, by: str = "mailbox") -> list[Figures]:
    """One row per group and month of start..end (inclusive) that has anything to count,
    labelled with the group's name; ordered as the groups are, then by month."""
    assert by in BY, by
    field = by  # the letter's mailbox, or its lead department
    rows: dict[tuple, Figures] = {}

    def row(entry) -> Figures:
        first = entry["m"].date() if isinstance(entry["m"], datetime) else entry["m"]
        return rows.setdefault((entry["k"], first), Figures(entry["k"], month=first))

    begin, stop = bounds(start, end)
    received = Letter.objects.filter(received_at__gte=begin, received_at__lt=stop)
    for entry in (
        received.values(k=F(field), m=month_key("received_at", start, end, instant=True))
        .annotate(n=Count("pk"))
        .order_by()
    ):
        row(entry).received = entry["n"]

    answered = Letter.objects.filter(replied_on__gte=start, replied_on__lte=end)
    month = month_key("replied_on", start, end)
    for entry in (
        answered.values(k=F(field), m=month)
        .annotate(
            n=Count("pk"),
            on_time=Count("pk", filter=Q(replied_on__lte=F("reply_clock__due_date"))),
        )
        .order_by()
    ):
        figures = row(entry)
        figures.answered, figures.on_time = entry["n"], entry["on_time"]

    _add_days_used(answered.filter(accepted_on__isnull=False), field, month, row)
    return _labelled(list(rows.values()), by)


def _add_days_used(letters, field: str, month, row) -> None:
    """Working days from acceptance to reply, summed per group and month: the database groups
    the letters by their pair of dates, and one calendar for the whole span counts each pair."""
    pairs = list(
        letters.values("accepted_on", "replied_on", k=F(field), m=month)
        .annotate(n=Count("pk"))
        .order_by()
    )
    if not pairs:
        return
    days = [entry["accepted_on"] for entry in pairs] + [entry["replied_on"] for entry in pairs]
    ordinal = working_day_ordinals(min(days), max(days))
    for entry in pairs:
        figures = row(entry)
        used = ordinal[entry["replied_on"]] - ordinal[entry["accepted_on"]]
        figures.days_used += max(used, 0) * entry["n"]
        figures.timed += entry["n"]


def _labelled(rows: list[Figures], by: str) -> list[Figures]:
    """The rows with their group's name, in the groups' order (the 县长信箱 first; departments
    as the organisation lists them; letters not yet assigned last)."""
    keys = {row.key for row in rows} - {None}
    if by == "mailbox":
        groups = Mailbox.objects.filter(pk__in=keys).order_by("-is_county_head", "order", "pk")
    else:
        groups = Department.objects.filter(pk__in=keys).order_by("path")
    names = dict(groups.values_list("pk", "name"))
    order = {pk: index for index, pk in enumerate(names)}
    for row in rows:
        row.label = names.get(row.key) or _("尚未分办")
    return sorted(rows, key=lambda row: (order.get(row.key, len(order)), row.month))


def per_group(rows: list[Figures], month: date | None = None) -> tuple[list[Figures], Figures]:
    """The rows of `monthly` summed per group (only `month`'s when given), and the total."""
    groups: dict[object, Figures] = {}
    for row in rows:
        if month is not None and row.month != month:
            continue
        groups.setdefault(row.key, Figures(row.key, label=row.label)).add(row)
    return list(groups.values()), _total(groups.values())


def per_month(rows: list[Figures], start: date, end: date) -> tuple[list[Figures], Figures]:
    """The rows of `monthly` summed per month, every month of start..end (empty ones too),
    and the total."""
    months = {
        first: Figures(first, label=_("%(year)d年%(month)d月") % _period(first), month=first)
        for first in first_days(start, end)
    }
    for row in rows:
        months[row.month].add(row)
    return list(months.values()), _total(months.values())


def _period(first: date) -> dict:
    return {"year": first.year, "month": first.month}


def _total(rows) -> Figures:
    total = Figures("total", label=_("合计"))
    for row in rows:
        total.add(row)
    return total
