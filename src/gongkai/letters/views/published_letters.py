"""The published letters (/hudong/letters/) and the statistics (/hudong/stats/).

A published letter shows only its masked texts (subject_public, body_public, reply_public),
with 来信日期, 受理日期, 答复日期 and 答复部门, as the inspection indicators ask; never the
writer. The pages are the same for every anonymous visitor (the filters and the period are
GET forms): the page cache keeps them under the letters' version, which publishing, a reply
and a new letter move.
"""

from __future__ import annotations

from datetime import date

from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from gongkai.core import pagecache
from gongkai.core.clock import today
from gongkai.letters import stats
from gongkai.letters.forms_public import PublishedFilterForm, StatsPeriodForm
from gongkai.letters.models import Letter
from gongkai.letters.queries import published_letters

PER_PAGE = 20


@require_safe
@pagecache.shared
def published(request):
    """来信选登: the published letters, newest first, by mailbox and kind."""
    form = PublishedFilterForm(request.GET or None)
    chosen = form.filters()
    paginator = Paginator(published_letters().filter(**chosen), PER_PAGE)
    page = paginator.get_page(request.GET.get("page"))
    query = {"mailbox": chosen["mailbox"].code} if "mailbox" in chosen else {}
    if "kind" in chosen:
        query["kind"] = chosen["kind"]
    return render(
        request,
        "letters/published.html",
        {
            "form": form,
            "filtered": bool(chosen),
            "page": page,
            "page_range": list(paginator.get_elided_page_range(page.number)),
            "query": urlencode(query),
        },
    )


@require_safe
@pagecache.shared
def published_letter(request, number: str):
    """One published letter and its reply."""
    letter = published_letters().filter(number=number).first()
    if letter is None:
        raise Http404(_("没有这封来信，或它没有公开。"))
    return render(request, "letters/published_letter.html", {"letter": letter})


@require_safe
@pagecache.shared
def statistics(request):
    """办理情况统计: a year month by month, and per mailbox and per department for the year
    or one month of it."""
    on = today()
    form = StatsPeriodForm(request.GET or None, today=on, first_year=_first_year(on))
    year, month = form.period()
    start, end = date(year, 1, 1), min(date(year, 12, 31), on)
    chosen = date(year, month, 1) if month else None
    by_mailbox = stats.monthly(start, end, "mailbox")
    by_department = stats.monthly(start, end, "department")
    months, year_total = stats.per_month(by_mailbox, start, end)
    mailboxes, mailbox_total = stats.per_group(by_mailbox, chosen)
    departments, department_total = stats.per_group(by_department, chosen)
    period = (
        _("%(year)d年%(month)d月") % {"year": year, "month": month}
        if month
        else _("%(year)d年") % {"year": year}
    )
    return render(
        request,
        "letters/stats.html",
        {
            "form": form,
            "year": year,
            "period": period,
            "in_progress": end == on,
            "months": months,
            "year_total": year_total,
            "mailboxes": mailboxes,
            "mailbox_total": mailbox_total,
            "departments": departments,
            "department_total": department_total,
        },
    )


def _first_year(on: date) -> int:
    """The year of the first letter (this year when there is none): the years offered."""
    first = Letter.objects.order_by("received_at").values_list("received_at", flat=True).first()
    return timezone.localtime(first).year if first else on.year
