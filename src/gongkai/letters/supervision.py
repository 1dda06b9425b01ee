"""What 政民互动 gives the supervision board (core.supervision): letters whose reply is overdue
or due soon, on the lead department's card. A letter's reply clock runs from acceptance to
the reply sent (a 纠错 report on 3 working days, the rest on 10: rules.reply_days); a letter
still waiting for triage has no clock yet, and one transferred, merged or closed is no longer
the department's to answer. One query for the page, and for the total when the page is full.
"""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gongkai.core import supervision
from gongkai.core.models import Clock
from gongkai.letters import roles
from gongkai.letters.models import Letter
from gongkai.letters.rules import Status

# The states in which the lead department owes a reply (待分办 has no department and no clock).
ANSWERING = (Status.HANDLING, Status.REVIEW)


def _letters_due(on, until, scope, limit):
    window = (
        {"reply_clock__due_date__lt": on}
        if until is None
        else {"reply_clock__due_date__gte": on, "reply_clock__due_date__lte": until}
    )
    letters = supervision.in_scope(Letter.objects.all(), scope).filter(
        status__in=ANSWERING, reply_clock__state=Clock.State.RUNNING, **window
    )
    page, total = supervision.first_page(
        letters.select_related("department", "reply_clock").order_by("reply_clock__due_date", "pk"),
        limit,
        counted=letters,
    )
    cards = [
        supervision.Card(
            title=_("%(number)s %(subject)s（%(kind)s）")
            % {"number": x.number, "subject": x.subject, "kind": x.get_kind_display()},
            department=x.department.name,
            due_date=x.reply_clock.due_date,
            url=x.get_absolute_url(),
        )
        for x in page
    ]
    return cards, total


def register() -> None:
    supervision.register_source(
        "letters.replies",
        gettext_lazy("来信答复"),
        overdue=lambda on, scope, limit: _letters_due(on, None, scope, limit),
        due_soon=_letters_due,
        head_roles=(roles.TRIAGE,),
    )
