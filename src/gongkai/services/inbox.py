"""What 政务服务 puts in a staff member's inbox (the workbench's 待办): the cases waiting for
their action, each with the deadline it is held to.

- a case at intake (待受理) of a department where they handle cases, not given to someone
  else: the one-time notice or acceptance is due (行政许可法 Art. 32, the intake clock);
- a case they handle that is under review, with its promised due date (the shorter one);
- a case waiting for a decision, for an approver of its department;
- a first question (首问) they own and have not answered or handed over.

Cases waiting for the applicant (一次性告知) are not listed: nothing is asked of the agency.
Two queries whatever the number of cases.
"""

from __future__ import annotations

from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gongkai.core import pii
from gongkai.core.clock import Warning, today, warning_level
from gongkai.core.inbox import InboxEntry, register
from gongkai.services.models import Case, Inquiry
from gongkai.services.queries import decided_departments, handled_departments

MODULE = gettext_lazy("政务服务")


def _clock_for(case: Case):
    """The deadline the case's next action is held to."""
    if case.status == Case.Status.SUBMITTED:
        return case.intake_clock
    return case.promised_clock or case.legal_clock


def _what(case: Case) -> str:
    if case.status == Case.Status.SUBMITTED:
        return _("待受理")
    if case.status == Case.Status.DECISION:
        return _("待决定")
    return _("审查中")


@register
def waiting_cases(user) -> list[InboxEntry]:
    if not getattr(user, "is_authenticated", False):
        return []
    handled = handled_departments(user)
    mine = Q(handler=user) | Q(handler__isnull=True)
    wanted = (
        Q(status=Case.Status.SUBMITTED) & mine
        | Q(status=Case.Status.REVIEW, handler=user)
        | Q(status=Case.Status.DECISION, department__in=decided_departments(user))
    )
    cases = (
        Case.objects.filter(wanted, department__in=handled)
        .select_related("version", "intake_clock", "promised_clock", "legal_clock")
        .order_by("pk")
    )
    on = today()
    entries = []
    for case in cases:
        clock = _clock_for(case)
        level = warning_level(clock, on) if clock is not None else Warning.NORMAL
        label = f"{level.label}：" if level in (Warning.DUE_SOON, Warning.OVERDUE) else ""
        entries.append(
            InboxEntry(
                module=str(MODULE),
                title=_("%(warning)s%(what)s %(number)s %(item)s")
                % {
                    "warning": label,
                    "what": _what(case),
                    "number": case.number,
                    "item": case.version.name,
                },
                url=case.get_absolute_url(),
                due=clock.due_date if clock is not None else None,
                warning=level.value,
            )
        )
    return entries


@register
def open_first_questions(user) -> list[InboxEntry]:
    if not getattr(user, "is_authenticated", False):
        return []
    inquiries = Inquiry.objects.filter(owner=user, closed_at__isnull=True).order_by("pk")
    return [
        InboxEntry(
            module=str(MODULE),
            title=_("首问待办：%(name)s %(question)s")
            % {"name": pii.mask_name(inquiry.name), "question": inquiry.question[:30]},
            url=reverse("services:staff:inquiry", args=[inquiry.pk]),
        )
        for inquiry in inquiries
    ]
