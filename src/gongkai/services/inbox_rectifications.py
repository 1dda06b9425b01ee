"""What 差评整改 puts in a staff member's inbox (the workbench's 待办):

- a rectification they own, not yet answered: the contact (回访) is due while the applicant has
  not been reached, then the answer; each with its clock's warning;
- for a supervisor, each appeal waiting for review.

One query per source whatever the number of rows (and one to know a supervisor); the
warnings are core.clock's rule written as SQL, as on the list.
"""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gongkai.core.clock import Warning, today, warning_expression
from gongkai.core.inbox import InboxEntry, register
from gongkai.services.actions.rectifications import is_supervisor
from gongkai.services.models import Appeal, Rectification

MODULE = gettext_lazy("政务服务")
State = Rectification.State


def _url(rectification_id: int) -> str:
    return reverse("services:staff:rectification", args=[rectification_id])


@register
def open_rectifications(user) -> list[InboxEntry]:
    if not getattr(user, "is_authenticated", False):
        return []
    on = today()
    rows = (
        Rectification.objects.filter(owner=user, state__in=(State.OPEN, State.CONTACTED))
        .select_related("evaluation__case__version", "contact_clock", "answer_clock")
        .annotate(
            contact_warning=warning_expression("contact_clock", on),
            answer_warning=warning_expression("answer_clock", on),
        )
        .order_by("pk")
    )
    entries = []
    for row in rows:
        waiting_contact = row.state == State.OPEN
        clock = row.contact_clock if waiting_contact else row.answer_clock
        level = Warning(row.contact_warning if waiting_contact else row.answer_warning)
        label = f"{level.label}：" if level in (Warning.DUE_SOON, Warning.OVERDUE) else ""
        case = row.evaluation.case
        entries.append(
            InboxEntry(
                module=str(MODULE),
                title=_("%(warning)s差评整改%(what)s %(number)s %(item)s")
                % {
                    "warning": label,
                    "what": _("待回访") if waiting_contact else _("待答复"),
                    "number": case.number,
                    "item": case.version.name,
                },
                url=_url(row.pk),
                due=clock.due_date if clock is not None else None,
                warning=level.value,
            )
        )
    return entries


@register
def appeals_to_review(user) -> list[InboxEntry]:
    if not getattr(user, "is_authenticated", False) or not is_supervisor(user):
        return []
    appeals = (
        Appeal.objects.filter(decided_at__isnull=True, evaluation__rectification__isnull=False)
        .select_related("evaluation__case", "evaluation__rectification")
        .order_by("raised_at")
    )
    return [
        InboxEntry(
            module=str(MODULE),
            title=_("差评申诉待复核：%(number)s（%(ground)s）")
            % {"number": appeal.evaluation.case.number, "ground": appeal.get_ground_display()},
            url=_url(appeal.evaluation.rectification.pk),
        )
        for appeal in appeals
    ]
