"""What 依申请公开 puts in a staff member's inbox: the requests waiting for them.

- a request nobody handles yet (one submitted online arrives with no handler): work from
  the moment it arrives, for every officer and head who may take it, with its reply date;
- the reply (Art. 33) due within CLOCK_DUE_SOON_DAYS working days, or overdue;
- the correction notice (Art. 30, 7 working days) while it is due soon and one may still be
  sent (its clock stops when a notice goes out or the request is answered). Once its 7 days
  have passed it is not listed: most requests need no correction, and listing every one as
  overdue until the reply would bury the warnings that matter.
- a step of a request still open that was taken after its legal time (Art. 30: a late
  correction notice, a late corrected application), flagged 逾期 with the recorded reason.
- a reply draft that releases information, waiting for the 保密审查 (Art. 17) of a user who
  may review it and did not draft it.

A request is listed once per reason, not twice for the same one: an unassigned request
whose reply is due soon shows as due soon and says it has no handler. Two queries (the
urgent clocks, then the requests), whatever their number.
"""

from __future__ import annotations

from django.conf import settings
from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gongkai.core.clock import Warning, due_soon, overdue, today
from gongkai.core.inbox import InboxEntry, register
from gongkai.core.permissions import has_role
from gongkai.disclosure import permissions
from gongkai.disclosure.actions._shared import OPEN_STATES
from gongkai.disclosure.models import DisclosureRequest, RequestEvent
from gongkai.disclosure.rules import DISCLOSING_OUTCOMES

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
def late_steps(user) -> list[InboxEntry]:
    """Steps taken after their legal time on requests still open, one query."""
    if not permissions.is_disclosure_staff(user):
        return []
    open_requests = permissions.requests_for(user).filter(finished_on__isnull=True)
    late = (
        RequestEvent.objects.filter(request__in=open_requests)
        .exclude(late_reason="")
        .select_related("request")
        .order_by("request_id", "on", "pk")
    )
    return [
        InboxEntry(
            module=str(MODULE),
            title=_("逾期：%(step)s %(number)s %(title)s（逾期原因：%(reason)s）")
            % {
                "step": step.get_kind_display(),
                "number": step.request.number,
                "title": step.request.info_title,
                "reason": step.late_reason,
            },
            url=step.request.get_absolute_url(),
            due=step.on,
            warning=Warning.OVERDUE.value,
        )
        for step in late
    ]


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
    unassigned = Q(handler__isnull=True, status__in=OPEN_STATES)
    requests = (
        mine.filter(Q(reply_clock__in=urgent) | Q(correction_notice_clock__in=urgent) | unassigned)
        .select_related("reply_clock", "correction_notice_clock")
        .order_by("pk")
    )
    entries = []
    for request in requests:
        new = request.handler_id is None and request.status in OPEN_STATES
        if request.reply_clock_id in urgent:
            what = _("答复期限（待分配经办人）") if new else _("答复期限")
            entries.append(_entry(request, request.reply_clock, on, what))
        elif new:
            entries.append(_unassigned(request))
        # A correction notice can only go out while the request is being processed.
        if (
            request.correction_notice_clock_id in urgent
            and request.status == DisclosureRequest.Status.PROCESSING
            and request.correction_notice_clock.due_date >= on
        ):
            entries.append(_entry(request, request.correction_notice_clock, on, _("补正告知期限")))
    return entries


def _unassigned(request: DisclosureRequest) -> InboxEntry:
    """A request that has arrived and that nobody handles yet (not yet urgent)."""
    return InboxEntry(
        module=str(MODULE),
        title=_("新申请，待分配经办人：%(number)s %(title)s")
        % {"number": request.number, "title": request.info_title},
        url=request.get_absolute_url(),
        due=request.reply_clock.due_date if request.reply_clock_id else None,
    )


@register
def secrecy_reviews(user) -> list[InboxEntry]:
    """条例 Art. 17: reply drafts that release information, waiting for this user's 保密审查
    (never one they drafted), with their reply date."""
    if not has_role(user, settings.DISCLOSURE_SECRECY_REVIEW_ROLE):
        return []
    waiting = (
        DisclosureRequest.objects.filter(
            status=DisclosureRequest.Status.PROCESSING,
            drafted_by__isnull=False,
            secrecy_reviewed_by__isnull=True,
            outcome__in=DISCLOSING_OUTCOMES,
        )
        .exclude(drafted_by=user)
        .select_related("department", "reply_clock")
        .order_by("reply_clock__due_date", "pk")
    )
    return [
        InboxEntry(
            module=str(MODULE),
            title=_("待保密审查：%(number)s %(title)s")
            % {"number": request.number, "title": request.info_title},
            url=request.get_absolute_url(),
            due=request.reply_clock.due_date if request.reply_clock_id else None,
        )
        for request in waiting
        if permissions.can_review_secrecy(user, request)
    ]
