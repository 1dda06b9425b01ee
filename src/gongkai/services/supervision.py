"""What 政务服务 gives the supervision board (core.supervision): cases whose time runs out, and
rectifications of bad reviews whose contact or answer is late.

A case's deadline is the one running: the intake clock (the one-time notice within 5 working
days) before acceptance, the promised clock after (it falls due before the legal one). A
rectification's is its contact clock until the applicant is contacted, its answer clock
after. Each list is one query for the page and, when the page is full, one for the total
(for cases, each of the two clocks' branches).
"""

from __future__ import annotations

from django.db.models import Case as When_
from django.db.models import F, When
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gongkai.core import supervision
from gongkai.core.models import Clock
from gongkai.services import roles
from gongkai.services.models import Case, Rectification

RUNNING = Clock.State.RUNNING


def _window(field: str, on, until) -> dict:
    """Due before `on` (until None: overdue), or from `on` to `until` (due soon)."""
    return {f"{field}__lt": on} if until is None else {f"{field}__gte": on, f"{field}__lte": until}


def _first(queryset, limit, *columns) -> tuple[list[dict], int]:
    """The first `limit` rows, earliest due first, as the few values a card shows (not model
    rows: a case's item version alone holds the whole 实施清单), and how many there are."""
    page = queryset.values("pk", "due", *columns).order_by("due", "pk")
    return supervision.first_page(page, limit, counted=queryset)


def _cases_due(on, until, scope, limit):
    # Two branches, each read from its clock's side: the running clocks due in the window are a
    # few entries of the clocks' (state, due_date) index, each case one look-up by its clock.
    # One query over both clocks would have to ask every case whether one of them runs.
    intake = Case.objects.filter(
        intake_clock__state=RUNNING, **_window("intake_clock__due_date", on, until)
    ).annotate(due=F("intake_clock__due_date"))
    promised = (
        Case.objects.filter(
            promised_clock__state=RUNNING, **_window("promised_clock__due_date", on, until)
        )
        .exclude(intake_clock__state=RUNNING)  # the intake clock's deadline comes first
        .annotate(due=F("promised_clock__due_date"))
    )
    columns = ("number", "applicant_name", "department__name", "item__current__name")
    branches = [_first(supervision.in_scope(q, scope), limit, *columns) for q in (intake, promised)]
    page = sorted(branches[0][0] + branches[1][0], key=lambda case: (case["due"], case["pk"]))
    cards = [
        supervision.Card(
            title=_("%(number)s %(item)s（%(applicant)s）")
            % {
                "number": case["number"],
                "item": case["item__current__name"] or "",
                "applicant": case["applicant_name"],
            },
            department=case["department__name"],
            due_date=case["due"],
            url=reverse("services:staff:case", args=[case["number"]]),
        )
        for case in page[:limit]
    ]
    return cards, branches[0][1] + branches[1][1]


def _rectifications_due(on, until, scope, limit):
    due = When_(
        When(state=Rectification.State.OPEN, then=F("contact_clock__due_date")),
        default=F("answer_clock__due_date"),
    )
    open_states = [Rectification.State.OPEN, Rectification.State.CONTACTED]
    rectifications = (
        supervision.in_scope(Rectification.objects.all(), scope, "evaluation__department")
        .filter(state__in=open_states, evaluation__excluded=False)
        .annotate(due=due)
        .filter(**_window("due", on, until))
    )
    columns = ("state", "evaluation__department__name", "evaluation__case__number")
    owner = ("owner__display_name", "owner__username")
    page, total = _first(rectifications, limit, *columns, *owner)
    states = dict(Rectification.State.choices)
    cards = [
        supervision.Card(
            title=_("差评整改 %(number)s（%(state)s，责任人：%(owner)s）")
            % {
                "number": r["evaluation__case__number"],
                "state": states[r["state"]],
                "owner": r["owner__display_name"] or r["owner__username"],
            },
            department=r["evaluation__department__name"],
            due_date=r["due"],
            url=reverse("services:staff:case", args=[r["evaluation__case__number"]]),
        )
        for r in page
    ]
    return cards, total


def register() -> None:
    supervision.register_source(
        "services.cases",
        gettext_lazy("政务服务办件"),
        overdue=lambda on, scope, limit: _cases_due(on, None, scope, limit),
        due_soon=_cases_due,
        head_roles=(roles.APPROVER,),
    )
    supervision.register_source(
        "services.rectifications",
        gettext_lazy("差评整改"),
        overdue=lambda on, scope, limit: _rectifications_due(on, None, scope, limit),
        due_soon=_rectifications_due,
        head_roles=(roles.APPROVER,),
    )
