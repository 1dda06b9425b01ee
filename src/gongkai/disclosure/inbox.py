"""What 依申请公开 puts in a staff member's inbox: deadlines of the requests they handle.

- the reply (Art. 33) due within CLOCK_DUE_SOON_DAYS working days, or overdue;
- the correction notice (Art. 30, 7 working days) while it is due soon and one may still be
  sent (its clock stops when a notice goes out or the request is answered). Once its 7 days
  have passed it is not listed: most requests need no correction, and listing every one as
  overdue until the reply would bury the warnings that matter.

Both come from the indexed `core.clock.due_soon()` / `overdue()` querysets: one query for
the requests, whatever their number.
"""

from __future__ import annotations

from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gongkai.core.clock import Warning, due_soon, overdue, today
from gongkai.core.inbox import InboxEntry, register
from gongkai.disclosure import permissions
from gongkai.disclosure.models import DisclosureRequest

MODULE = gettext_lazy("依申请公开")


def _entry(request: DisclosureRequest, clock, on, what: str) -> InboxEntry:
    warning = Warning.OVERDUE if clock.due_date < on else Warning.DUE_SOON
    return InboxEntry(
        module=str(MODULE),
        title=_("%(warning)s：%(what)s %(number)s %(title)s")
        % {
            "warning": warning.label,
            "what": what,
            "number": request.number,
            "title": request.info_title,
        },
        url=request.get_absolute_url(),
        due=clock.due_date,
        warning=warning.value,
    )


@register
def disclosure_deadlines(user) -> list[InboxEntry]:
    if not permissions.is_disclosure_staff(user):
        return []
    on = today()
    mine = permissions.requests_for(user)
    urgent = set(
        (due_soon(on) | overdue(on))
        .filter(
            Q(pk__in=mine.values("reply_clock")) | Q(pk__in=mine.values("correction_notice_clock"))
        )
        .values_list("pk", flat=True)
    )
    if not urgent:
        return []
    requests = (
        mine.filter(Q(reply_clock__in=urgent) | Q(correction_notice_clock__in=urgent))
        .select_related("reply_clock", "correction_notice_clock")
        .order_by("pk")
    )
    entries = []
    for request in requests:
        if request.reply_clock_id in urgent:
            entries.append(_entry(request, request.reply_clock, on, _("答复期限")))
        # A correction notice can only go out while the request is being processed.
        if (
            request.correction_notice_clock_id in urgent
            and request.status == DisclosureRequest.Status.PROCESSING
            and request.correction_notice_clock.due_date >= on
        ):
            entries.append(_entry(request, request.correction_notice_clock, on, _("补正告知期限")))
    return entries
