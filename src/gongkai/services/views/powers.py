"""The public 职权目录 (/zwfw/powers/): the published powers by the ten categories, and each
power's page with its basis, responsibilities and process chart.

Both pages are the same for every anonymous visitor (the filter is a GET form): the page cache
keeps them under the services version, which every change of a public power moves.
"""

from __future__ import annotations

from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.db.models import Count
from django.shortcuts import get_object_or_404, render
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from gongkai.core import pagecache
from gongkai.core.models import Department
from gongkai.services.chart import process_svg
from gongkai.services.forms_powers import PowerFilterForm
from gongkai.services.models import Power
from gongkai.services.rules import POWER_TYPES

PAGE_SIZE = 50  # powers per page of the list (a county keeps a few thousand)


@require_safe
@pagecache.shared
def powers(request):
    """行政职权目录: the ten categories with their counts, and the powers, filtered."""
    public = Power.objects.filter(published=True)
    departments = list(
        Department.objects.filter(pk__in=public.values("department")).order_by("path")
    )
    form = PowerFilterForm(request.GET or None, departments=departments)
    department = category = None
    if form.is_bound:
        # A filter that is not valid is shown with its error and left out; the other applies.
        form.is_valid()
        department = form.cleaned_data.get("department")
        category = form.cleaned_data.get("category") or None
    if department is not None:
        public = public.filter(department_id=department)
    counts = dict(
        public.order_by()
        .values_list("category")
        .annotate(n=Count("id"))
        .values_list("category", "n")
    )
    categories = [
        {
            "value": kind.value,
            "label": kind.label,
            "count": counts.get(kind.value, 0),
            "query": _query(department=department, category=kind.value),
            "current": kind.value == category,
        }
        for kind in POWER_TYPES
    ]
    if category is not None:
        public = public.filter(category=category)
    paginator = Paginator(
        public.select_related("department")
        .only("code", "name", "category", "department__name")
        .order_by("category", "code"),
        PAGE_SIZE,
    )
    # The total is known from the counts: the paginator need not count again.
    paginator.count = counts.get(category, 0) if category else sum(counts.values())
    page = paginator.get_page(request.GET.get("page"))
    labels = dict((t.value, t.label) for t in POWER_TYPES)
    groups: list[dict] = []
    for power in page.object_list:
        if not groups or groups[-1]["value"] != power.category:
            groups.append({"value": power.category, "label": labels[power.category], "powers": []})
        groups[-1]["powers"].append(power)
    context = {
        "form": form,
        "categories": categories,
        "total": sum(counts.values()),
        "all_query": _query(department=department, category=None),
        "groups": groups,
        "page": page,
        "page_range": list(paginator.get_elided_page_range(page.number)),
        "query": _query(department=department, category=category),
        "filtered": department is not None or category is not None,
    }
    return render(request, "services/powers.html", context)


def _query(*, department, category) -> str:
    params = [(k, v) for k, v in (("department", department), ("category", category)) if v]
    return urlencode(params)


@require_safe
@pagecache.shared
def power(request, code: str):
    """One power: what it is, on what basis, who answers for it, and its process chart."""
    power = get_object_or_404(
        Power.objects.select_related("department", "service_item__current"),
        code=code,
        published=True,
    )
    steps = power.step_list()
    item = power.service_item
    context = {
        "power": power,
        "steps": steps,
        # The chart's text is escaped by process_svg: the markup is safe to embed.
        "chart": mark_safe(process_svg(steps, _("%(name)s运行流程图") % {"name": power.name})),  # noqa: S308
        "item": item if item is not None and item.current_id else None,
    }
    return render(request, "services/power.html", context)
