"""What 依申请公开 gives the supervision board (core.supervision): requests whose reply
(条例 Art. 33) is overdue or due soon. A reply clock paused for a correction, a consultation
or a fee is not counted: its time is not running. One query for the page, and for the total when the page is full.
"""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gongkai.core import supervision
from gongkai.core.models import Clock
from gongkai.disclosure import roles
from gongkai.disclosure.models import DisclosureRequest


def _requests_due(on, until, scope, limit):
    window = (
        {"reply_clock__due_date__lt": on}
        if until is None
        else {"reply_clock__due_date__gte": on, "reply_clock__due_date__lte": until}
    )
    requests = supervision.in_scope(DisclosureRequest.objects.all(), scope).filter(
        reply_clock__state=Clock.State.RUNNING, **window
    )
    page, total = supervision.first_page(
        requests.select_related("department", "reply_clock").order_by(
            "reply_clock__due_date", "pk"
        ),
        limit,
    )
    cards = [
        supervision.Card(
            title=_("%(number)s %(title)s") % {"number": r.number, "title": r.info_title},
            department=r.department.name,
            due_date=r.reply_clock.due_date,
            url=r.get_absolute_url(),
        )
        for r in page
    ]
    return cards, total


def register() -> None:
    supervision.register_source(
        "disclosure.requests",
        gettext_lazy("依申请公开答复"),
        overdue=lambda on, scope, limit: _requests_due(on, None, scope, limit),
        due_soon=_requests_due,
        head_roles=(roles.DISCLOSURE_HEAD,),
    )
