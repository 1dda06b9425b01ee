"""What the staff shell itself puts in the inbox: the calendar's keepers' yearly reminder."""

from __future__ import annotations

from datetime import date

from django.urls import reverse
from django.utils.translation import gettext as _

from gongkai.core import permissions
from gongkai.core.clock import today
from gongkai.core.inbox import InboxEntry, register
from gongkai.core.models import CalendarYear


@register
def calendar_next_year(user) -> list[InboxEntry]:
    """From November, remind the calendar's keepers to enter next year's holiday notice."""
    on = today()
    if on.month < 11 or not permissions.can_manage_calendar(user):
        return []
    next_year = on.year + 1
    if CalendarYear.objects.filter(year=next_year).exists():
        return []
    return [
        InboxEntry(
            module=_("工作日历"),
            title=_("%(year)s 年节假日安排尚未录入，期限计算暂按法定节假日并标为“暂定”")
            % {"year": next_year},
            url=reverse("workbench:calendar_year", args=[next_year]),
            due=date(next_year, 1, 1),
            warning="due_soon",
        )
    ]
