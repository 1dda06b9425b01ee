"""The window's queues: what waits at intake, my cases, what waits for my decision, what is
due soon or overdue, and what waits for the applicant. Tabs are links (no script), each a
filter over the cases of the departments where the user handles cases."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils.http import urlencode
from django.views.decorators.http import require_http_methods

from gongkai.core.clock import Warning, today
from gongkai.core.decorators import staff_required
from gongkai.services import queries
from gongkai.services.queries import CLOCKS, TABS, decided_departments
from gongkai.services.views.staff._access import applicant_shown, require_services_staff

PAGE_SIZE = 30


def _clock_cell(case, clock_field: str) -> dict | None:
    clock = getattr(case, clock_field)
    if clock is None:
        return None
    level = Warning(getattr(case, f"{clock_field}_warning"))
    return {"due": clock.due_date, "warning": level.value, "label": level.label}


@staff_required
@require_http_methods(["GET", "HEAD"])
def queue(request):
    user = request.user
    require_services_staff(user)
    on = today()
    decides = decided_departments(user).exists()
    keys = [key for key, _label in TABS if decides or key != "decision"]
    tab = request.GET.get("tab")
    if tab not in keys:
        tab = keys[0]
    counts = queries.tab_counts(user, on, decides=decides)
    paginator = Paginator(queries.queue(user, tab, on, decides=decides), PAGE_SIZE)
    page = paginator.get_page(request.GET.get("page"))
    rows = list(page.object_list)
    for row in rows:
        row.applicant_shown = applicant_shown(row)
        row.clocks = {field: _clock_cell(row, field) for field in CLOCKS}
    tabs = [
        {"key": key, "label": label, "count": counts[key], "current": key == tab}
        for key, label in TABS
        if key in keys
    ]
    return render(
        request,
        "services/staff/queue.html",
        {
            "tabs": tabs,
            "tab": tab,
            "tab_label": dict(TABS)[tab],
            "rows": rows,
            "page": page,
            "page_range": paginator.get_elided_page_range(page.number),
            "query": urlencode({"tab": tab}),
            "can_register": queries.registrable_items(user).exists(),
        },
    )
