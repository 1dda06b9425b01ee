"""村务公开 in the workbench (system administrators): which villages have their three columns,
and opening them for a village (actions.set_up_village)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from gongkai.core.decorators import action_view, staff_required
from gongkai.core.errors import InvalidInput, InvalidTransition
from gongkai.core.models import Department
from gongkai.publishing import actions, permissions
from gongkai.publishing.models import Column, VillagePart


def _require_column_admin(user) -> None:
    if not permissions.can_manage_columns(user):
        raise PermissionDenied(_("开设村务公开栏目仅限系统管理员。"))


def _page(request, *, error: str = "", status: int = 200):
    villages = Department.objects.filter(kind=Department.Kind.VILLAGE).select_related("parent")
    opened = dict(
        Column.objects.filter(village_part=VillagePart.VILLAGE).values_list("department_id", "slug")
    )
    rows = [{"village": v, "slug": opened.get(v.pk)} for v in villages.order_by("path")]
    return render(
        request, "publishing/staff/villages.html", {"rows": rows, "error": error}, status=status
    )


@staff_required
@require_http_methods(["GET", "HEAD"])
def village_list(request):
    _require_column_admin(request.user)
    return _page(request)


def _village_list_url(**_kwargs) -> str:
    return reverse("publishing:staff:villages")


@staff_required
@action_view(_village_list_url)
def village_set_up(request, pk: int):
    _require_column_admin(request.user)
    village = get_object_or_404(Department, pk=pk)
    try:
        actions.set_up_village(actor=request.user, village=village)
    except (InvalidInput, InvalidTransition) as refused:
        message = refused.message if isinstance(refused, InvalidInput) else str(refused)
        return _page(request, error=message, status=400)
    messages.success(
        request,
        _("已为“%(name)s”开设党务公开、村务公开和财务公开栏目，由所属乡镇审核。")
        % {"name": village.name},
    )
    return redirect("publishing:staff:villages")
