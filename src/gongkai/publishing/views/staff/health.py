"""站点健康: which list columns are empty or not updated within their interval, and when the
site last published anything (the 国办秘函〔2019〕19号 indicators, queries.column_health);
which 政府信息公开年报 columns still lack last year's report (条例 Art. 49,
queries.annual_report_gaps); which villages have not published their finances within a
quarter (《村民委员会组织法》第三十条, villages.finance_health)."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from gongkai.core.clock import today
from gongkai.core.decorators import staff_required
from gongkai.core.permissions import can_manage_organisation
from gongkai.publishing import permissions, queries, villages
from gongkai.publishing.views.staff._access import is_reviewer


@staff_required
@require_http_methods(["GET", "HEAD"])
def site_health(request):
    user = request.user
    editable = set(permissions.editable_columns(user).values_list("pk", flat=True))
    sees_all = is_reviewer(user) or can_manage_organisation(user)
    if not (sees_all or editable):
        raise PermissionDenied(_("站点健康仅限栏目编辑、审核人员和系统管理员查看。"))
    now = timezone.now()
    rows = [row for row in queries.column_health(now) if sees_all or row["column"].pk in editable]
    for row in rows:
        row["can_create"] = row["column"].pk in editable
    reports = [
        row
        for row in queries.annual_report_gaps(today())
        if sees_all or row["column"].pk in editable
    ]
    # A township's staff see their villages (their roles cover the departments below them).
    covered = None if can_manage_organisation(user) else permissions.visible_department_ids(user)
    village_finance = villages.finance_health(today(), covered)
    for row in village_finance:
        row["can_create"] = row["column"].pk in editable
    home_last = queries.home_last_update()
    home_stale = home_last is None or home_last < now - timedelta(days=settings.HOME_STALE_DAYS)
    return render(
        request,
        "publishing/staff/health.html",
        {
            "rows": rows,
            "home_last": home_last,
            "home_stale": home_stale,
            "home_limit": settings.HOME_STALE_DAYS,
            "problems": sum(1 for row in rows if row["empty"] or row["stale"]),
            "annual_reports": reports,
            "village_finance": village_finance,
        },
    )
