"""好差评 (/zwfw/ratings/): the public results of the ratings, as 国办发〔2019〕51号 asks: per
department, the month's ratings by grade, the bad ones and how many were rectified and
answered, the same for the year to date, and the answers (masked) given in the month; and each
department's page (/zwfw/ratings/departments/<pk>/): its months of a year and its answers.

The pages are the same for every anonymous visitor (the period is a GET form): the page cache
keeps them under the services version, which a rating, an answer and an appeal decision move.
The default period follows the date, so at the turn of a month a default page may be the
old one for as long as the cache keeps a page (an hour).
"""

from __future__ import annotations

import calendar
from datetime import date
from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from gongkai.core import clock, pagecache
from gongkai.core.models import Department
from gongkai.services.forms_ratings_public import RatingPeriodForm, RatingYearForm
from gongkai.services.models import Grade
from gongkai.services.rules import RatingReason
from gongkai.services.stats_public import monthly_rows, published_answers, rating_rows

ANSWERS_PER_PAGE = 20
GRADE_LABELS = [grade.label for grade in Grade]  # 非常满意 .. 非常不满意


@require_safe
@pagecache.shared
def ratings(request):
    """The month chosen (the last complete one by default) and the year up to it."""
    today = clock.today()
    form = RatingPeriodForm(request.GET or None, today=today)
    year, month = form.period()
    first = date(year, month, 1)
    last = date(year, month, calendar.monthrange(year, month)[1])
    month_rows, month_total = rating_rows(first, last, _("合计"))
    year_rows, year_total = rating_rows(date(year, 1, 1), last, _("合计"))
    context = {
        "form": form,
        "year": year,
        "grades": GRADE_LABELS,
        "month_title": _("%(year)d年%(month)d月") % {"year": year, "month": month},
        "year_title": _("%(year)d年1月至%(month)d月") % {"year": year, "month": month}
        if month > 1
        else _("%(year)d年1月") % {"year": year},
        "in_progress": (year, month) == (today.year, today.month),
        "month_rows": month_rows,
        "month_total": month_total,
        "year_rows": year_rows,
        "year_total": year_total,
        "crumbs": _crumbs(),
        **_answers(request, published_answers(first, last), year=year, month=month),
    }
    return render(request, "services/ratings.html", context)


@require_safe
@pagecache.shared
def department(request, pk: int):
    """One department's ratings month by month through a year, and its answers of the year."""
    department = get_object_or_404(Department, pk=pk)
    today = clock.today()
    form = RatingYearForm(request.GET or None, today=today)
    year = form.chosen_year()
    first, last = date(year, 1, 1), date(year, 12, 31)
    if year == today.year:
        last = date(year, today.month, calendar.monthrange(year, today.month)[1])
    months, total = monthly_rows(department.pk, first, last, _("全年合计"))
    answers = published_answers(first, last).filter(evaluation__department=department)
    context = {
        "form": form,
        "department": department,
        "year": year,
        "grades": GRADE_LABELS,
        "months": months,
        "total": total,
        "crumbs": _crumbs(
            {
                "name": department.name,
                "url": reverse("services:ratings_department", args=[department.pk]),
            }
        ),
        **_answers(request, answers, year=year),
    }
    return render(request, "services/ratings_department.html", context)


def _answers(request, rectifications, **period) -> dict:
    """A page of the published answers, each with its reasons' labels, and the pager's parts."""
    paginator = Paginator(rectifications, ANSWERS_PER_PAGE)
    page = paginator.get_page(request.GET.get("page"))
    labels = dict(RatingReason.choices)
    return {
        "answers": [
            {
                "rectification": r,
                "reasons": [labels.get(code, code) for code in r.evaluation.reason_list()],
            }
            for r in page.object_list
        ],
        "page": page,
        "page_range": list(paginator.get_elided_page_range(page.number)),
        "query": urlencode(period),
    }


def _crumbs(*trail) -> list[dict]:
    crumbs = [
        {"name": _("政务服务"), "url": reverse("services:index")},
        {"name": _("好差评"), "url": reverse("services:ratings")},
        *trail,
    ]
    crumbs[-1] = {**crumbs[-1], "current": True}
    return crumbs
